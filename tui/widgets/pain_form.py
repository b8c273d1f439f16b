"""Level, anchors, areas, note and (when editing) the time: the rating form of the journal and
of the rating dialog.

The note can be one line (the journal's quick entry: Enter saves) or a multi-line editor
(the dialog: every line of a note is shown and kept; Enter is a new line, Tab leaves it).
The time is typed as local time, ``YYYY-MM-DD HH:MM``, or with an offset
(``2024-11-03 01:30-05:00``); a time the clocks skipped is refused with the gap named, and
for a time that happened twice the form says which one it took.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Input, Label, Static, TextArea

from tui.core.journal.entry import LEVEL_ANCHORS, LEVEL_MAX, LEVEL_MIN, Entry
from tui.core.when import MomentError, from_local
from tui.widgets.area_picker import AreaPicker
from tui.widgets.level_picker import LevelPicker
from tui.widgets.safe_input import SafeInput, SafeTextArea

ANCHORS = f"{LEVEL_MIN} {LEVEL_ANCHORS[LEVEL_MIN]} … {LEVEL_MAX} {LEVEL_ANCHORS[LEVEL_MAX]}"
"""``0 no pain … 10 worst pain imaginable``"""
TIME_FORMAT = "%Y-%m-%d %H:%M"


@dataclass(frozen=True, slots=True)
class RateResult:
    level: int
    areas: tuple[str, ...]
    note: str | None
    """None when left empty."""
    at: datetime | None = None
    """The time typed (None: not asked, or unchanged)."""
    at_note: str | None = None
    """Said about the time (which of two moments a repeated local time was taken as)."""


class FormError(ValueError):
    """What is wrong with the form, and the field to fix it in."""

    def __init__(self, message: str, field: Widget) -> None:
        super().__init__(message)
        self.field = field


def parse_time(text: str) -> tuple[datetime, str | None]:
    """The moment typed as ``YYYY-MM-DD HH:MM`` local time (or with an offset), and what to
    say about it. Raises :class:`~tui.core.when.MomentError` with a sentence."""
    typed = text.strip()
    try:
        value = datetime.fromisoformat(typed)
    except ValueError:
        raise MomentError(
            f"'{typed}' is not a time: write it as YYYY-MM-DD HH:MM, like 2026-11-23 08:30"
        ) from None
    moment = from_local(value.replace(second=0, microsecond=0) if value.tzinfo is None else value)
    return moment.at, moment.note


class PainForm(Vertical):
    """Level, anchors, areas, note (and time). Enter in the one-line fields asks the screen
    to save."""

    def __init__(
        self,
        *,
        multiline: bool = False,
        with_time: bool = False,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.multiline = multiline
        self.with_time = with_time
        self._original_at: datetime | None = None
        self._original_note: tuple[str, str] | None = None
        """(the note as the journal holds it, as the editor shows it): the editor writes every
        line break as one kind, so an unchanged note is given back exactly as it was."""

    def compose(self) -> ComposeResult:
        with Horizontal(classes="rate-row"):
            yield Label("Pain", classes="rate-label")
            yield LevelPicker(classes="rate-level")
        with Horizontal(classes="rate-row"):
            yield Label("", classes="rate-label")
            yield Static(ANCHORS, classes="rate-anchors", markup=False)
        with Horizontal(classes="rate-row"):
            yield Label("Where", classes="rate-label")
            yield AreaPicker(classes="rate-areas")
        with Horizontal(classes="rate-row"):
            yield Label("Note", classes="rate-label")
            if self.multiline:
                note = SafeTextArea(
                    classes="rate-note -multiline", soft_wrap=True, tab_behavior="focus"
                )
                note.cursor_blink = False
                note.show_line_numbers = False
                yield note
            else:
                line = SafeInput(placeholder="optional", classes="rate-note")
                line.cursor_blink = False
                yield line
        if self.with_time:
            with Horizontal(classes="rate-row"):
                yield Label("When", classes="rate-label")
                when = SafeInput(placeholder="YYYY-MM-DD HH:MM", classes="rate-when")
                when.cursor_blink = False
                yield when

    @property
    def level_picker(self) -> LevelPicker:
        return self.query_one(LevelPicker)

    @property
    def area_picker(self) -> AreaPicker:
        return self.query_one(AreaPicker)

    @property
    def note_field(self) -> Input | TextArea:
        return (
            self.query_one(".rate-note", Input)
            if not self.multiline
            else self.query_one(".rate-note", TextArea)
        )

    @property
    def note_text(self) -> str:
        field = self.note_field
        return field.text if isinstance(field, TextArea) else field.value

    @property
    def time_input(self) -> Input | None:
        return self.query_one(".rate-when", Input) if self.with_time else None

    def read(self) -> RateResult:
        """What was entered; :class:`FormError` (naming the field) for what cannot be saved."""
        level = self.level_picker.level
        if level is None:
            raise FormError("Pick a level first: a digit 0-9, or ←/→.", self.level_picker)
        note = self.note_text
        if self._original_note is not None and note == self._original_note[1]:
            note = self._original_note[0]  # not changed: kept exactly (its \r\n, say)
        at, at_note = None, None
        when = self.time_input
        if when is not None:
            shown = self._original_at
            if shown is None or when.value.strip() != f"{shown:{TIME_FORMAT}}":
                try:
                    at, at_note = parse_time(when.value)
                except MomentError as error:
                    raise FormError(f"When: {error}", when) from None
        return RateResult(
            level, self.area_picker.areas, note if note.strip() else None, at, at_note
        )

    def result(self) -> RateResult | None:
        """What was entered, or None while something cannot be saved (see :meth:`read`)."""
        try:
            return self.read()
        except FormError:
            return None

    def fill(self, entry: Entry) -> None:
        """Show *entry*: its level, areas, every line of its note, its time."""
        self.level_picker.level = entry.level
        self.area_picker.chosen = frozenset(entry.areas)
        field = self.note_field
        if isinstance(field, TextArea):
            field.load_text(entry.note or "")
            field.move_cursor(field.document.end)  # ready to add to it
        else:
            field.value = entry.note or ""
        self._original_note = (entry.note or "", self.note_text)
        when = self.time_input
        if when is not None:
            self._original_at = entry.at
            when.value = f"{entry.at:{TIME_FORMAT}}"

    def reset(self) -> None:
        self._original_at = None
        self._original_note = None
        self.level_picker.level = None
        self.area_picker.chosen = frozenset()
        self.area_picker.cursor = 0
        field = self.note_field
        if isinstance(field, TextArea):
            field.load_text("")
        else:
            field.value = ""
        if (when := self.time_input) is not None:
            when.value = ""

    @on(Input.Submitted)
    async def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        await self.screen.run_action("save")

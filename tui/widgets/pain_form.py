"""Level, anchors, areas and note: the rating form of the journal and of the rating dialog."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Static

from tui.core.journal.entry import LEVEL_ANCHORS, LEVEL_MAX, LEVEL_MIN, Entry
from tui.core.text import first_line
from tui.widgets.area_picker import AreaPicker
from tui.widgets.level_picker import LevelPicker
from tui.widgets.safe_input import SafeInput

ANCHORS = f"{LEVEL_MIN} {LEVEL_ANCHORS[LEVEL_MIN]} … {LEVEL_MAX} {LEVEL_ANCHORS[LEVEL_MAX]}"
"""``0 no pain … 10 worst pain imaginable``"""


@dataclass(frozen=True, slots=True)
class RateResult:
    level: int
    areas: tuple[str, ...]
    note: str | None
    """None when left empty."""


class PainForm(Vertical):
    """Level, anchors, areas and note. Enter in any of them asks the screen to save."""

    _original_note: str | None = None

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
            yield SafeInput(placeholder="optional", classes="rate-note")

    @property
    def level_picker(self) -> LevelPicker:
        return self.query_one(LevelPicker)

    @property
    def area_picker(self) -> AreaPicker:
        return self.query_one(AreaPicker)

    @property
    def note_input(self) -> Input:
        return self.query_one(Input)

    def result(self) -> RateResult | None:
        """What was entered, or None while no level is picked."""
        level = self.level_picker.level
        if level is None:
            return None
        note: str | None = self.note_input.value
        original = self._original_note
        if original is not None and note == first_line(original):
            note = original
        return RateResult(level, self.area_picker.areas, note if note and note.strip() else None)

    def fill(self, entry: Entry) -> None:
        self.level_picker.level = entry.level
        self.area_picker.chosen = frozenset(entry.areas)
        # The one-line input shows a note's first line; a multi-line note is kept whole
        # unless that line is changed (see :meth:`result`).
        self._original_note = entry.note
        self.note_input.value = first_line(entry.note or "")

    def reset(self) -> None:
        self._original_note = None
        self.level_picker.level = None
        self.area_picker.chosen = frozenset()
        self.area_picker.cursor = 0
        self.note_input.value = ""

    @on(Input.Submitted)
    async def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        await self.screen.run_action("save")

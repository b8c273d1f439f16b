"""Rating pain: the level picker, the area toggles, the small form they make, and a modal.

:class:`RatePainScreen` is the one-key rating ("How is your pain now?") offered
after a routine and used to edit a journal entry; :class:`PainForm` is the same
form, embedded in the journal section for quick entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static

from tui.core.journal import AREAS, LEVEL_ANCHORS, LEVEL_MAX, LEVEL_MIN, Entry

ANCHORS = f"{LEVEL_MIN} {LEVEL_ANCHORS[LEVEL_MIN]} … {LEVEL_MAX} {LEVEL_ANCHORS[LEVEL_MAX]}"
"""``0 no pain … 10 worst pain imaginable``"""


@dataclass(frozen=True, slots=True)
class RateResult:
    level: int
    areas: tuple[str, ...]
    note: str | None
    """None when left empty."""


def first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""


class LevelPicker(Widget, can_focus=True):
    """Eleven cells, 0 to 10. Digits pick 0–9, ←/→ adjust (→ from 9 gives 10), a click picks."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Digits are handled in on_key (so they beat the app's section keys); this binding only
        # names them in the help.
        Binding(
            "0", "pick(0)", "Pick a pain level (0-9, ←/→ for 10)", show=False, key_display="0-9"
        ),
        Binding("left", "adjust(-1)", "Pain level down", show=False),
        Binding("right", "adjust(1)", "Pain level up", show=False),
        Binding("enter", "screen.save", "Save", show=False),
    ]

    level: reactive[int | None] = reactive(None)

    class Changed(Message):
        def __init__(self, picker: LevelPicker, level: int | None) -> None:
            super().__init__()
            self.picker = picker
            self.level = level

    def render(self) -> Content:
        cells: list[Content | str] = []
        for n in range(LEVEL_MIN, LEVEL_MAX + 1):
            text = f" {n:<2} "
            if n == self.level:
                # Brackets as well as reverse video: the choice shows without colour too.
                cells.append(Content.styled(f"[{n}]".ljust(4), "reverse bold"))
            else:
                cells.append(Content.from_markup(f"[@click=pick({n})]$text[/]", text=text))
        return Content.assemble(*cells)

    def watch_level(self, level: int | None) -> None:
        self.post_message(self.Changed(self, level))

    def on_key(self, event: events.Key) -> None:
        if event.character is not None and event.character.isdigit() and len(event.key) == 1:
            event.stop()
            event.prevent_default()
            self.level = int(event.character)

    def action_pick(self, level: int) -> None:
        self.focus()
        self.level = max(LEVEL_MIN, min(LEVEL_MAX, level))

    def action_adjust(self, step: int) -> None:
        if self.level is None:
            self.level = LEVEL_MIN if step > 0 else LEVEL_MAX
        else:
            self.level = max(LEVEL_MIN, min(LEVEL_MAX, self.level + step))


class AreaPicker(Widget, can_focus=True):
    """The five areas as toggles: ←/→ move, space (or a click) toggles."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "move(-1)", "Previous area", show=False),
        Binding("right", "move(1)", "Next area", show=False),
        Binding("space", "toggle_area", "Toggle the area", show=False),
        Binding("enter", "screen.save", "Save", show=False),
    ]

    chosen: reactive[frozenset[str]] = reactive(frozenset[str]())
    cursor: reactive[int] = reactive(0)

    def _lines(self, width: int) -> list[Content]:
        """The chips, wrapped between chips (never inside one) to *width*."""
        lines: list[Content] = []
        line = Content("")
        for n, area in enumerate(AREAS):
            chip = ("[x] " if area in self.chosen else "[ ] ") + area
            styles = ["bold"] if area in self.chosen else []
            if n == self.cursor and self.has_focus:
                styles.append("reverse")
            content = Content.from_markup(f"[@click=toggle_area({n})]$chip[/]", chip=chip)
            if styles:
                content = content.stylize(" ".join(styles))
            if line.cell_length and line.cell_length + 1 + content.cell_length > width:
                lines.append(line)
                line = Content("")
            line = Content.assemble(line, " ", content) if line.cell_length else content
        lines.append(line)
        return lines

    def render(self) -> Content:
        return Content("\n").join(self._lines(max(1, self.size.width)))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(max(1, width)))

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def action_move(self, step: int) -> None:
        self.cursor = (self.cursor + step) % len(AREAS)

    def action_toggle_area(self, index: int | None = None) -> None:
        if index is not None:
            self.cursor = index
            self.focus()
        area = AREAS[self.cursor]
        self.chosen = self.chosen ^ {area}

    @property
    def areas(self) -> tuple[str, ...]:
        return tuple(a for a in AREAS if a in self.chosen)


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
            yield Input(placeholder="optional", classes="rate-note")

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


class RatePainScreen(ModalScreen[RateResult | None]):
    """ "How is your pain now?": digits pick a level, Enter saves, Esc skips (returns None)."""

    HELP = (
        "Rate your pain from 0 (no pain) to 10 (worst pain imaginable): press a digit, or use "
        "←/→ (→ from 9 gives 10). Tab moves to the areas (space toggles) and the note. "
        "Enter saves."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save the rating"),
        Binding("escape", "skip", "Skip"),
    ]

    def __init__(
        self,
        title: str,
        *,
        entry: Entry | None = None,
        allow_skip: bool = True,
        skip_label: str = "Skip",
    ) -> None:
        super().__init__()
        self.title_text = title
        self.entry = entry
        self.allow_skip = allow_skip
        self.skip_label = skip_label

    def compose(self) -> ComposeResult:
        with Vertical(id="rate-box"):
            yield Static(self.title_text, id="rate-title", markup=False)
            yield PainForm(id="rate-form")
            with Horizontal(id="rate-buttons"):
                if self.allow_skip:
                    yield Button(f"{self.skip_label} (Esc)", id="rate-skip")
                yield Button("Save (Enter)", id="rate-save", variant="primary")

    def on_mount(self) -> None:
        form = self.query_one(PainForm)
        if self.entry is not None:
            form.fill(self.entry)
        form.level_picker.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.allow_skip or action != "skip"

    @on(Button.Pressed, "#rate-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#rate-skip")
    def _skip_pressed(self) -> None:
        self.action_skip()

    def action_save(self) -> None:
        result = self.query_one(PainForm).result()
        if result is None:
            self.notify("Pick a level first: a digit 0-9, or ←/→.", severity="warning")
            self.query_one(LevelPicker).focus()
            return
        self.dismiss(result)

    def action_skip(self) -> None:
        if self.allow_skip:
            self.dismiss(None)

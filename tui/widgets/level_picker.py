"""Eleven cells, 0 to 10: the pain level on the 0-10 numeric rating scale."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from tui.core.journal.entry import LEVEL_MAX, LEVEL_MIN


class LevelPicker(Widget, can_focus=True):
    """Eleven cells, 0 to 10. Digits pick 0–9, ←/→ adjust (→ from 9 gives 10), a click picks."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Digits are handled in on_key (so they beat the app's section keys); this binding only
        # names them in the help.
        Binding(
            "0", "pick(0)", "Pick a pain level (0-9, ←/→ for 10)", show=False, key_display="0-9"
        ),
        Binding("left", "adjust(-1)", "Pain level down, up", show=False),
        Binding("right", "adjust(1)", "Pain level down, up", show=False),
        Binding("enter", "screen.save", "Save"),
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

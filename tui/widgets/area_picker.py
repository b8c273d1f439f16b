"""The body areas as toggles, wrapped between chips."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Size
from textual.reactive import reactive
from textual.widget import Widget

from tui.core.areas import AREAS


class AreaPicker(Widget, can_focus=True):
    """The five areas as toggles: ←/→ move, space (or a click) toggles."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "move(-1)", "Move between the areas", show=False),
        Binding("right", "move(1)", "Move between the areas", show=False),
        Binding("space", "toggle_area", "Toggle the area", show=False),
        Binding("enter", "screen.save", "Save"),
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

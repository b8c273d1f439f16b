"""The one-line bar at the top of every section: the app name and clickable section names."""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

SECTIONS: dict[str, str] = {
    "points": "Points",
    "routines": "Routines",
    "journal": "Journal",
    "settings": "Settings",
}
"""The top-level sections, in order: their number is their key."""


class SectionBar(Widget):
    """``acupress  1 Points  2 Routines  3 Journal``, with the current section highlighted.

    *prefix* is the key before the digit on a screen where digits mean something else
    (the journal: ``g then 1 Points 2 Routines``). What does not fit the width gives way
    in this order: "not medical advice", the app's name, the spaces between the names.
    """

    def __init__(
        self,
        current: str,
        sections: dict[str, str],
        *,
        prefix: str = "",
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.current = current
        self.sections = sections
        self.prefix = prefix

    def _labels(self, padding: str) -> list[Content | str]:
        parts: list[Content | str] = []
        if self.prefix:
            parts.append(Content.styled(f" {self.prefix} then ", "bold"))
        for number, (mode, title) in enumerate(self.sections.items(), start=1):
            label = f"{padding}{number} {title}{padding}"
            if mode == self.current:
                parts.append(Content.styled(label, "reverse bold"))
            else:
                parts.append(
                    Content.from_markup(f"[@click=app.section('{mode}')]$label[/]", label=label)
                )
            parts.append(" ")
        return parts

    def build(self, width: int = 1000) -> Content:
        brand = Content.styled(" acupress ", "bold")
        note = Content.styled("  not medical advice", "dim italic")
        for padding in (" ", ""):
            labels = Content.assemble(*self._labels(padding))
            for line in (
                Content.assemble(brand, " ", labels, note),
                Content.assemble(brand, " ", labels),
                Content.assemble(" ", labels),
            ):
                if line.cell_length <= width:
                    return line
        return Content.assemble(*self._labels(""))

    def render(self) -> Content:
        return self.build(self.content_size.width)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 1

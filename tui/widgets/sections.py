"""The one-line bar at the top of every section: the app name and clickable section names."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

SECTIONS: dict[str, str] = {
    "points": "Points",
    "routines": "Routines",
    "journal": "Journal",
    "settings": "Settings",
}
"""The top-level sections, in order: their number is their key."""


class SectionBar(Static):
    """``acupress  1 Points  2 Routines  3 Journal``, with the current section highlighted.

    *prefix* is the key before the digit on a screen where digits mean something else
    (the journal: ``g1 Points``).
    """

    def __init__(
        self,
        current: str,
        sections: dict[str, str],
        *,
        prefix: str = "",
        id: str | None = None,
    ) -> None:
        super().__init__(id=id, markup=False)
        self.current = current
        self.sections = sections
        self.prefix = prefix

    def on_mount(self) -> None:
        self.update(self.build())

    def build(self) -> Content:
        parts: list[Content | str] = [Content.styled(" acupress ", "bold"), " "]
        for number, (mode, title) in enumerate(self.sections.items(), start=1):
            label = f" {self.prefix}{number} {title} "
            if mode == self.current:
                parts.append(Content.styled(label, "reverse bold"))
            else:
                parts.append(
                    Content.from_markup(f"[@click=app.section('{mode}')]$label[/]", label=label)
                )
            parts.append(" ")
        parts.append(Content.styled("  not medical advice", "dim italic"))
        return Content.assemble(*parts)

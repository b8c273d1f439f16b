"""Everything about one point: names, cautions first, body map, location, how to find it, technique."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from tui.core.points import Catalogue, Point
from tui.widgets.bodymap import BodyMap


def _section(title: str, text: str) -> Content:
    return Content.assemble(Content.styled(title, "bold $accent"), "\n", text)


class PointDetail(VerticalScroll):
    """Shows one point. Call :meth:`show`; nothing is rebuilt if the point is unchanged."""

    def __init__(
        self,
        catalogue: Catalogue,
        *,
        ascii_map: bool = False,
        pregnancy_mode: bool = False,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.catalogue = catalogue
        self.ascii_map = ascii_map
        self.pregnancy_mode = pregnancy_mode
        self.point: Point | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="point-title", markup=False)
        yield Static(id="point-meta", markup=False)
        yield Static(id="point-cautions", markup=False)
        with Horizontal(id="point-where"):
            yield BodyMap(ascii=self.ascii_map, id="point-map")
            with Vertical(id="point-where-text"):
                yield Static(id="point-location", markup=False)
        yield Static(id="point-find", classes="point-section", markup=False)
        yield Static(id="point-technique", classes="point-section", markup=False)
        yield Static(id="point-notes", classes="point-section", markup=False)
        yield Static(id="point-sources", classes="point-section", markup=False)
        yield Static(
            "Self-care information, not medical advice.", id="point-disclaimer", markup=False
        )

    def show(self, point: Point | None) -> None:
        if point is self.point and point is not None:
            return
        self.point = point
        self.scroll_home(animate=False)
        if point is None:
            self.query_one("#point-title", Static).update("No point matches.")
            for child in self.query(
                ".point-section, #point-meta, #point-cautions, #point-location"
            ):
                if isinstance(child, Static):
                    child.update("")
            self.query_one("#point-where").display = False
            return
        self.query_one("#point-where").display = True
        self.query_one("#point-title", Static).update(
            Content.assemble(
                Content.styled(point.code, "bold $accent"),
                "  ",
                Content.styled(point.pinyin, "bold"),
                f" {point.hanzi}  ",
                Content.styled(point.name, "italic"),
            )
        )
        meta = f"{point.meridian} · {point.region}"
        if point.aliases:
            meta += f" · also {', '.join(point.aliases)}"
        meta += f"\nUses: {', '.join(point.uses)}"
        self.query_one("#point-meta", Static).update(Content.styled(meta, "$text-muted"))
        cautions = self.query_one("#point-cautions", Static)
        cautions.display = bool(point.cautions)
        lines = []
        if self.pregnancy_mode and point.pregnancy_caution:
            lines.append(Content.styled("PREGNANCY MODE: avoid this point.", "bold"))
        lines += [Content.assemble(Content.styled("⚠ ", "bold"), c) for c in point.cautions]
        cautions.update(Content("\n").join(lines))
        self.query_one("#point-map", BodyMap).show(point.map.view, point.map.marks)
        self.query_one("#point-location", Static).update(_section("Location", point.location))
        self.query_one("#point-find", Static).update(_section("How to find it", point.how_to_find))
        self.query_one("#point-technique", Static).update(_section("Technique", point.technique))
        notes = self.query_one("#point-notes", Static)
        notes.display = bool(point.notes)
        notes.update(_section("Notes", point.notes))
        citations = "\n".join(f"• {c}" for c in self.catalogue.citations(point))
        self.query_one("#point-sources", Static).update(_section("Sources", citations))

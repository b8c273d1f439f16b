"""Everything about one point: names, cautions first, body map, location, how to find it, technique."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from tui.core.points import Catalogue, Point
from tui.core.text import visible
from tui.widgets.bodymap import BodyMap


def _section(title: str, text: str) -> Content:
    return Content.assemble(Content.styled(title, "bold $accent"), "\n", visible(text))


def _hold(seconds: int) -> str:
    """``60`` -> ``1 min``, ``90`` -> ``90 s``."""
    return f"{seconds // 60} min" if seconds % 60 == 0 else f"{seconds} s"


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
        # Few widgets, each holding several sections: every widget costs style and layout
        # work on the first paint (tests/bench_startup.py).
        yield Static(id="point-title", markup=False)
        yield Static(id="point-cautions", markup=False)
        with Horizontal(id="point-where"):
            yield BodyMap(ascii=self.ascii_map, id="point-map")
            yield Static(id="point-location", markup=False)
        yield Static(id="point-body", markup=False)

    def show(self, point: Point | None) -> None:
        if point is self.point and point is not None:
            return
        self.point = point
        self.scroll_home(animate=False)
        title = self.query_one("#point-title", Static)
        cautions = self.query_one("#point-cautions", Static)
        body = self.query_one("#point-body", Static)
        where = self.query_one("#point-where")
        if point is None:
            title.update("No point matches.")
            cautions.display = where.display = body.display = False
            return
        where.display = body.display = True
        meta = f"{point.meridian} · {point.region}"
        if point.aliases:
            meta += f" · also {', '.join(point.aliases)}"
        meta += f"\nUses: {', '.join(point.uses)} · one hold: up to {_hold(point.max_hold_seconds)}"
        title.update(
            Content.assemble(
                Content.styled(visible(point.code, one_line=True), "bold $accent"),
                "  ",
                Content.styled(visible(point.pinyin, one_line=True), "bold"),
                f" {visible(point.hanzi, one_line=True)}  ",
                Content.styled(visible(point.name, one_line=True), "italic"),
                "\n",
                Content.styled(visible(meta), "$text-muted"),
            )
        )
        cautions.display = bool(point.cautions)
        lines = []
        if self.pregnancy_mode and point.pregnancy is not None:
            advice = {"avoid": "leave this point out", "gentle": "gentle pressure only here"}
            lines.append(Content.styled(f"PREGNANCY MODE: {advice[point.pregnancy]}.", "bold"))
        lines += [
            Content.assemble(Content.styled("⚠ ", "bold"), visible(c)) for c in point.cautions
        ]
        cautions.update(Content("\n").join(lines))
        self.query_one("#point-map", BodyMap).show(point.map.view, point.map.marks)
        self.query_one("#point-location", Static).update(_section("Location", point.location))
        sections = [
            _section("How to find it", point.how_to_find),
            _section("Technique", point.technique),
        ]
        if point.notes:
            sections.append(_section("Notes", point.notes))
        citations = "\n".join(f"• {c}" for c in self.catalogue.citations(point))
        sections.append(_section("Sources", citations))
        sections.append(
            Content.styled("Self-care information, not medical advice.", "italic $text-muted")
        )
        body.update(Content("\n\n").join(sections))

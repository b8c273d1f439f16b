"""The point browser, the app's home: search and filter on the left, the chosen point on the right."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from tui.core.points import REGIONS, USES, Point
from tui.core.text import visible
from tui.screens.base import AppScreen
from tui.widgets.choice import Choice
from tui.widgets.key_bar import KeyBar
from tui.widgets.keyed_list import KeyedList
from tui.widgets.point_detail import PointDetail
from tui.widgets.safe_input import SafeInput
from tui.widgets.sections import SECTIONS, SectionBar

if TYPE_CHECKING:
    from tui.core.settings import Settings


class PointList(KeyedList):
    """The matching points."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "select", "Open")]


class SearchInput(SafeInput):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "Leave search"),
        Binding("down", "leave", "To list", show=False),
    ]

    def action_leave(self) -> None:
        self.screen.query_one(PointList).focus()


def filter_options() -> list[tuple[str, str]]:
    options = [(f"Region: {r.replace('-', ' ')}", f"region:{r}") for r in REGIONS]
    options += [(f"Use: {u.replace('-', ' ')}", f"use:{u}") for u in USES]
    return options


class PointsScreen(AppScreen[None]):
    """Browse and search the catalogue."""

    HELP = (
        "Type to search by code (LI4), alias (AP1), pinyin with or without tone marks "
        "(hegu, hégǔ), English name, region or use (sciatica, knee). Pick a region or use "
        "in the filter to narrow the list. Enter opens the point full-screen."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search", key_display="/"),
        Binding("f", "filter", "Filter"),
        Binding("enter", "open", "Open", show=False),
    ]
    AUTO_FOCUS = "#point-list"

    def __init__(self) -> None:
        super().__init__()
        self.points: list[Point] = []

    def compose(self) -> ComposeResult:
        app = self.services
        yield SectionBar("points", SECTIONS)
        with Horizontal(id="browser"):
            with Vertical(id="point-sidebar"):
                search = SearchInput(placeholder="/ search: code, name, use…", id="search")
                search.cursor_blink = self.app.animation_level != "none"
                yield search
                yield Choice(
                    filter_options(), prompt="All points", title="Filter", id="point-filter"
                )
                yield PointList(id="point-list")
            yield PointDetail(
                app.catalogue,
                ascii_map=app.ascii_map,
                pregnancy_mode=app.settings.pregnancy_mode,
                id="point-detail",
            )
        yield KeyBar()

    def on_mount(self) -> None:
        self.refresh_list()

    @on(Input.Changed, "#search")
    @on(Choice.Changed, "#point-filter")
    def _criteria_changed(self) -> None:
        self.refresh_list()

    def refresh_list(self) -> None:
        query = self.query_one("#search", Input).value
        selected = self.query_one("#point-filter", Choice).value
        region = use = None
        if isinstance(selected, str):
            kind, _, value = selected.partition(":")
            region = value if kind == "region" else None
            use = value if kind == "use" else None
        self.points = self.services.catalogue.search(query, region=region, use=use)
        listing = self.query_one(PointList)
        listing.set_options(Option(self._label(p), id=p.code) for p in self.points)
        if self.points:
            listing.highlighted = 0
        self.query_one(PointDetail).show(self.points[0] if self.points else None)

    def _label(self, point: Point) -> Content:
        code = Content.styled(f"{visible(point.code, one_line=True):<6}", "bold")
        pinyin = visible(point.pinyin, one_line=True)
        if self.services.settings.pregnancy_mode and point.pregnancy_caution:
            # A glyph as well as a colour, so it reads with NO_COLOR too.
            return Content.assemble(code, Content.styled("⚠", "bold $error"), pinyin)
        return Content.assemble(code, " ", pinyin)

    def settings_changed(self, settings: Settings) -> None:
        """Pregnancy mode marks points in the list and shows their caution first."""
        detail = self.query_one(PointDetail)
        pregnancy = settings.pregnancy_mode
        if detail.pregnancy_mode != pregnancy:
            detail.pregnancy_mode = pregnancy
            highlighted = self.query_one(PointList).highlighted
            self.refresh_list()
            if highlighted is not None and highlighted < len(self.points):
                self.query_one(PointList).highlighted = highlighted
            detail.point = None
            detail.show(self.points[highlighted or 0] if self.points else None)

    @on(OptionList.OptionHighlighted, "#point-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_index < len(self.points):
            self.query_one(PointDetail).show(self.points[event.option_index])

    @on(OptionList.OptionSelected, "#point-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.open_point(self.points[event.option_index])

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_filter(self) -> None:
        self.query_one("#point-filter", Choice).open()

    def action_open(self) -> None:
        listing = self.query_one(PointList)
        if listing.highlighted is not None and self.points:
            self.open_point(self.points[listing.highlighted])

    def open_point(self, point: Point) -> None:
        from tui.screens.point import PointScreen

        self.app.push_screen(PointScreen(point))

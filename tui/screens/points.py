"""The point browser, the app's home: search and filter on the left, the chosen point on the right."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from tui.core.points import REGIONS, USES, Point
from tui.core.settings import Settings
from tui.core.text import visible
from tui.screens.base import AppScreen
from tui.widgets.choice import Choice
from tui.widgets.key_bar import KeyBar
from tui.widgets.keyed_list import KeyedList
from tui.widgets.point_detail import PointDetail
from tui.widgets.safe_input import SafeInput
from tui.widgets.scroll_hint import ScrollHint
from tui.widgets.sections import SECTIONS, SectionBar


class PointList(KeyedList):
    """The matching points."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "select", "Open")]


class SearchInput(SafeInput):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "Leave the search"),
        Binding("down", "leave", "Leave the search", show=False),
    ]

    def action_leave(self) -> None:
        self.screen.query_one(PointList).focus()


def filter_options() -> list[tuple[str, str]]:
    options = [(f"Region: {r.replace('-', ' ')}", f"region:{r}") for r in REGIONS]
    options += [(f"Use: {u.replace('-', ' ')}", f"use:{u}") for u in USES]
    return options


class PointsScreen(AppScreen[None]):
    """Browse and search the catalogue."""

    SECTION = "points"
    HELP = (
        "Type to search by code (LI4), alias (AP1), pinyin with or without tone marks "
        "(hegu, hégǔ), English name, region or use (sciatica, knee). Pick a region or use "
        "in the filter to narrow the list. Enter opens the point full-screen. Esc leaves the "
        "search; Esc again clears it."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search", key_display="/"),
        Binding("f", "filter", "Filter"),
        Binding("escape", "clear_search", "Clear the search"),
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
                search = SearchInput(placeholder="/ code, name, use", id="search")
                search.cursor_blink = self.app.animation_level != "none"
                yield search
                yield Choice(
                    filter_options(), prompt="All points", title="Filter", id="point-filter"
                )
                yield PointList(id="point-list")
            with Vertical(id="point-side"):
                yield PointDetail(
                    app.catalogue,
                    ascii_map=app.ascii_map,
                    pregnancy_mode=app.settings.pregnancy_mode,
                    id="point-detail",
                )
                yield ScrollHint(
                    "#point-detail", how="Enter shows the point in full", id="point-more"
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
        catalogue = self.services.catalogue
        self.points = catalogue.search(query, region=region, use=use)
        listing = self.query_one(PointList)
        listing.set_options(Option(self._label(p), id=p.code) for p in self.points)
        if self.points:
            listing.highlighted = 0
        detail = self.query_one(PointDetail)
        if self.points:
            detail.show(self.points[0])
            return
        filtered = region is not None or use is not None
        unfiltered = len(catalogue.search(query)) if filtered else 0
        label = self.query_one("#point-filter", Choice).label()
        if unfiltered:
            count = f"{unfiltered} point{'s' if unfiltered != 1 else ''}"
            detail.show_nothing(
                f"No point matches '{query}' in the filter {label}.\n"
                f"{count} match without it: press f and choose All points to clear the filter."
            )
        elif query and filtered:
            detail.show_nothing(
                f"No point matches '{query}', with or without the filter {label}.\n"
                "Esc leaves the search, and Esc again clears it."
            )
        elif query:
            detail.show_nothing(
                f"No point matches '{query}'.\nEsc leaves the search, and Esc again clears it."
            )
        else:
            detail.show_nothing(
                f"No point in the filter {label}: press f and choose All points to clear it."
            )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_search":
            found = self.query("#search").results(Input)
            return any(search.value for search in found)
        return True

    def action_clear_search(self) -> None:
        self.query_one("#search", Input).value = ""
        self.query_one(PointList).focus()

    def select_point(self, code: str) -> None:
        """Show *code* in the list (the palette's points): the search and filter cleared."""
        search = self.query_one("#search", Input)
        choice = self.query_one("#point-filter", Choice)
        if search.value or choice.value is not None:
            search.value = ""
            choice.value = None
            self.refresh_list()
        codes = [p.code for p in self.points]
        if code in codes:
            self.query_one(PointList).highlighted = codes.index(code)

    def _label(self, point: Point) -> Content:
        code = Content.styled(f"{visible(point.code, one_line=True):<6}", "bold")
        pinyin = visible(point.pinyin, one_line=True)
        if self.services.settings.pregnancy_mode and point.pregnancy_caution:
            # A glyph as well as a colour, so it reads with NO_COLOR too.
            return Content.assemble(code, Content.styled("⚠", "bold $error"), pinyin)
        return Content.assemble(code, " ", pinyin)

    def settings_changed(self, settings: Settings) -> None:
        """Pregnancy mode marks points in the list and the detail: follow it at once."""
        detail = self.query_one(PointDetail)
        if detail.pregnancy_mode == settings.pregnancy_mode:
            return
        detail.pregnancy_mode = settings.pregnancy_mode
        listing = self.query_one(PointList)
        highlighted = listing.highlighted
        self.refresh_list()
        if highlighted is not None and highlighted < len(self.points):
            listing.highlighted = highlighted
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
        # At once, not after this key: what is typed next (quickly, pasted, or arriving
        # together over SSH) goes into the search, never to the keys of the list.
        self.set_focus(self.query_one("#search", Input))

    def action_filter(self) -> None:
        self.query_one("#point-filter", Choice).open()

    def action_open(self) -> None:
        listing = self.query_one(PointList)
        if listing.highlighted is not None and self.points:
            self.open_point(self.points[listing.highlighted])

    def open_point(self, point: Point) -> None:
        from tui.screens.point import PointScreen

        self.app.push_screen(PointScreen(point))

"""One point, full-screen: opened with Enter from the browser (most useful on small terminals)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType

from tui.core.points import Point
from tui.screens.base import AppScreen
from tui.widgets.key_bar import KeyBar
from tui.widgets.point_detail import PointDetail
from tui.widgets.scroll_hint import ScrollHint


class PointScreen(AppScreen[None]):
    HELP = "Everything about one point. Arrows or j/k scroll; Esc goes back to the list."
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,backspace", "app.pop_screen", "Back"),
        Binding("j,down", "scroll('down')", "Scroll", show=False),
        Binding("k,up", "scroll('up')", "Scroll", show=False),
    ]

    def __init__(self, point: Point) -> None:
        super().__init__()
        self.point = point

    def compose(self) -> ComposeResult:
        app = self.services
        yield PointDetail(
            app.catalogue,
            ascii_map=app.ascii_map,
            pregnancy_mode=app.settings.pregnancy_mode,
            id="point-detail",
        )
        yield ScrollHint("#point-detail", id="point-more")
        yield KeyBar()

    def on_mount(self) -> None:
        detail = self.query_one(PointDetail)
        detail.show(self.point)
        detail.focus()

    def action_scroll(self, direction: str) -> None:
        detail = self.query_one(PointDetail)
        if direction == "down":
            detail.scroll_down()
        else:
            detail.scroll_up()

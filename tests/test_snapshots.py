"""Snapshots of every screen at 80x24, and the main ones at 60x20 too.

Each new or changed SVG is looked at as a picture before it is accepted
(``pytest --snapshot-update``, then ``rsvg-convert -w 1000 X.svg -o X.png``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Select

from tui.app import AcupressApp

SnapCompare = Callable[..., bool]
SMALL = (60, 20)


def app() -> AcupressApp:
    acupress = AcupressApp(ascii_map=False, show_notice=False)
    acupress.animation_level = "none"
    return acupress


def press(*keys: str) -> Callable[[Pilot[Any]], Any]:
    async def run(pilot: Pilot[Any]) -> None:
        await pilot.press(*keys)
        await pilot.pause()

    return run


class TestPointBrowser:
    def test_home(self, snap_compare: SnapCompare) -> None:
        assert snap_compare(app())

    def test_home_small(self, snap_compare: SnapCompare) -> None:
        assert snap_compare(app(), terminal_size=SMALL)

    def test_search_hegu(self, snap_compare: SnapCompare) -> None:
        assert snap_compare(app(), run_before=press("slash", *"hegu"))

    def test_search_hegu_small(self, snap_compare: SnapCompare) -> None:
        assert snap_compare(app(), terminal_size=SMALL, run_before=press("slash", *"hegu"))

    def test_no_match(self, snap_compare: SnapCompare) -> None:
        assert snap_compare(app(), run_before=press("slash", *"zzqq"))

    def test_filter_hand(self, snap_compare: SnapCompare) -> None:
        async def run(pilot: Pilot[Any]) -> None:
            pilot.app.screen.query_one("#point-filter", Select).value = "region:hand"
            await pilot.pause()

        assert snap_compare(app(), run_before=run)

    def test_ascii_map(self, snap_compare: SnapCompare) -> None:
        ascii_app = AcupressApp(ascii_map=True, show_notice=False)
        ascii_app.animation_level = "none"
        assert snap_compare(ascii_app, run_before=press("slash", *"bl23"))


class TestPointScreen:
    def test_bl40(self, snap_compare: SnapCompare) -> None:
        assert snap_compare(app(), run_before=press("slash", *"bl40", "escape", "enter"))

    def test_bl40_small(self, snap_compare: SnapCompare) -> None:
        assert snap_compare(
            app(), terminal_size=SMALL, run_before=press("slash", *"bl40", "escape", "enter")
        )


class TestHelp:
    def test_browser_help(self, snap_compare: SnapCompare) -> None:
        assert snap_compare(app(), run_before=press("question_mark"))

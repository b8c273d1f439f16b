"""Snapshots of every screen at 80x24, and the main ones at 60x20 too.

Each new or changed SVG is looked at as a picture before it is accepted
(``pytest --snapshot-update``, then ``rsvg-convert -w 1000 X.svg -o X.png``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from fakeclock import FakeClock
from textual.pilot import Pilot

from tui.app import AcupressApp
from tui.widgets.choice import Choice

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
            await pilot.pause()  # the browser composes after the app is ready
            pilot.app.screen.query_one("#point-filter", Choice).value = "region:hand"
            await pilot.pause()

        assert snap_compare(app(), run_before=run)

    def test_filter_picker(self, snap_compare: SnapCompare) -> None:
        assert snap_compare(app(), run_before=press("f", "down", "down"))

    def test_filter_picker_small(self, snap_compare: SnapCompare) -> None:
        assert snap_compare(app(), run_before=press("f"), terminal_size=SMALL)

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

    def test_bl31_sacrum(self, snap_compare: SnapCompare) -> None:
        assert snap_compare(app(), run_before=press("slash", *"bl31", "escape", "enter"))

    def test_bl31_sacrum_small(self, snap_compare: SnapCompare) -> None:
        assert snap_compare(
            app(), terminal_size=SMALL, run_before=press("slash", *"bl31", "escape", "enter")
        )


class TestHelp:
    def test_browser_help(self, snap_compare: SnapCompare) -> None:
        assert snap_compare(app(), run_before=press("question_mark"))


def playing(
    at: float, *, size_keys: tuple[str, ...] = (), slug: str = "lower-back"
) -> tuple[AcupressApp, Callable[[Pilot[Any]], Any]]:
    """A routine, *at* seconds after it started (get-ready included), then *size_keys* pressed."""
    from tui.core.points import load_catalogue
    from tui.core.routines import find_routine
    from tui.screens.playback import PlaybackScreen

    clock = FakeClock(5000.0)
    entry = find_routine(slug, load_catalogue())
    acupress = AcupressApp(play=entry, clock=clock, show_notice=False, ascii_map=False)
    acupress.animation_level = "basic"  # the pacer's shape is shown; Textual's own effects are off

    async def run(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        clock.now += at
        await pilot.press(*size_keys)
        (screen,) = [s for s in pilot.app.screen_stack if isinstance(s, PlaybackScreen)]
        screen.update_view()
        await pilot.pause()

    return acupress, run


def box_routine(home: Path) -> None:
    """A one-step user routine with box breathing (4-4-4-4), which has holds."""
    folder = home / "config" / "acupress" / "routines"
    folder.mkdir(parents=True)
    (folder / "box.toml").write_text(
        'title = "Box breathing"\narea = "neck"\nbreathing = "box"\n\n'
        '[[steps]]\npoint = "GB21"\nseconds = 60\ncue = "Rest your hand on the shoulder."\n'
    )


class TestPlayback:
    def test_get_ready(self, snap_compare: SnapCompare) -> None:
        acupress, run = playing(0.5)
        assert snap_compare(acupress, run_before=run)

    def test_get_ready_small(self, snap_compare: SnapCompare) -> None:
        acupress, run = playing(0.5)
        assert snap_compare(acupress, terminal_size=SMALL, run_before=run)

    def test_breathing_in(self, snap_compare: SnapCompare) -> None:
        acupress, run = playing(22)  # 19 s into BL23; 2 s into an in-breath of calm 4-0-6
        assert snap_compare(acupress, run_before=run)

    def test_breathing_in_small(self, snap_compare: SnapCompare) -> None:
        acupress, run = playing(22)
        assert snap_compare(acupress, terminal_size=SMALL, run_before=run)

    def test_hold(self, snap_compare: SnapCompare, isolated_dirs: Any) -> None:
        box_routine(isolated_dirs)
        # Box is 4-4-4-4 and the pacer breathes from the start (get-ready included):
        # 5.5 s in, the breath is held in.
        acupress, run = playing(5.5, slug="box")
        assert snap_compare(acupress, run_before=run)

    def test_hold_small(self, snap_compare: SnapCompare, isolated_dirs: Any) -> None:
        box_routine(isolated_dirs)
        acupress, run = playing(5.5, slug="box")
        assert snap_compare(acupress, terminal_size=SMALL, run_before=run)

    def test_paused(self, snap_compare: SnapCompare) -> None:
        acupress, run = playing(3 + 40, size_keys=("space",))
        assert snap_compare(acupress, run_before=run)

    def test_paused_small(self, snap_compare: SnapCompare) -> None:
        acupress, run = playing(3 + 40, size_keys=("space",))
        assert snap_compare(acupress, terminal_size=SMALL, run_before=run)

    def test_summary(self, snap_compare: SnapCompare) -> None:
        acupress, run = playing(3 + 350 + 1)
        assert snap_compare(acupress, run_before=run)

    def test_summary_small(self, snap_compare: SnapCompare) -> None:
        acupress, run = playing(3 + 350 + 1)
        assert snap_compare(acupress, terminal_size=SMALL, run_before=run)

    def test_stop_question(self, snap_compare: SnapCompare) -> None:
        acupress, run = playing(3 + 40, size_keys=("q",))
        assert snap_compare(acupress, run_before=run)

    def test_ashi_step(self, snap_compare: SnapCompare, isolated_dirs: Any) -> None:
        ashi_routine(isolated_dirs)
        acupress, run = playing(3 + 10, slug="tender")
        assert snap_compare(acupress, run_before=run)

    def test_ashi_step_small(self, snap_compare: SnapCompare, isolated_dirs: Any) -> None:
        ashi_routine(isolated_dirs)
        acupress, run = playing(3 + 10, slug="tender")
        assert snap_compare(acupress, terminal_size=SMALL, run_before=run)


def ashi_routine(home: Path) -> None:
    """A user routine whose first step is a tender spot the person finds themself."""
    folder = home / "config" / "acupress" / "routines"
    folder.mkdir(parents=True)
    (folder / "tender.toml").write_text(
        'title = "Tender spot"\narea = "lower-back"\n\n[[steps]]\npoint = "ashi"\n'
        'region = "lower-back"\nfind = "Feel along the muscles beside your lower spine for the '
        'spot that is most tender."\nseconds = 60\ncue = "Press into it and breathe out slowly."\n'
        '\n[[steps]]\npoint = "BL23"\nseconds = 60\n'
    )


class TestRoutines:
    def test_picker(self, snap_compare: SnapCompare) -> None:
        assert snap_compare(app(), run_before=press("2"))

    def test_picker_small(self, snap_compare: SnapCompare) -> None:
        assert snap_compare(app(), terminal_size=SMALL, run_before=press("2"))

    def test_picker_upper_back_cautions(self, snap_compare: SnapCompare) -> None:
        assert snap_compare(app(), run_before=press("2", "down", "down", "down", "down", "down"))

    def test_broken_user_routine(self, snap_compare: SnapCompare, isolated_dirs: Any) -> None:
        folder = isolated_dirs / "config" / "acupress" / "routines"
        folder.mkdir(parents=True)
        (folder / "zz-mine.toml").write_text(
            'title = "Mine"\narea = "neck"\n\n[[steps]]\npoint = "XX99"\nsecnds = 30\n'
        )
        assert snap_compare(app(), run_before=press("2", "end"))


class TestSafety:
    def test_first_start_notice(self, snap_compare: SnapCompare) -> None:
        acupress = AcupressApp(ascii_map=False)
        acupress.animation_level = "none"
        assert snap_compare(acupress)

    def test_first_start_notice_small(self, snap_compare: SnapCompare) -> None:
        acupress = AcupressApp(ascii_map=False)
        acupress.animation_level = "none"
        assert snap_compare(acupress, terminal_size=SMALL)

    def test_notice_scrolled_to_the_end(self, snap_compare: SnapCompare) -> None:
        acupress = AcupressApp(ascii_map=False)
        acupress.animation_level = "none"
        assert snap_compare(acupress, run_before=press("end"))

    def test_notice_scrolled_to_the_end_small(self, snap_compare: SnapCompare) -> None:
        acupress = AcupressApp(ascii_map=False)
        acupress.animation_level = "none"
        assert snap_compare(acupress, terminal_size=SMALL, run_before=press("end"))

    def test_pregnancy_warning(self, snap_compare: SnapCompare) -> None:
        from tui.core.points import load_catalogue
        from tui.core.routines import find_routine
        from tui.core.settings import Settings

        entry = find_routine("upper-back", load_catalogue())
        acupress = AcupressApp(
            play=entry, show_notice=False, ascii_map=False, settings=Settings(pregnancy_mode=True)
        )
        acupress.animation_level = "none"
        assert snap_compare(acupress)

    def test_browser_in_pregnancy_mode(self, snap_compare: SnapCompare) -> None:
        from tui.core.settings import Settings

        acupress = AcupressApp(
            show_notice=False, ascii_map=False, settings=Settings(pregnancy_mode=True)
        )
        acupress.animation_level = "none"
        assert snap_compare(acupress, run_before=press("slash", *"li4"))


class TestSettingsAndAbout:
    def test_settings(self, snap_compare: SnapCompare) -> None:
        assert snap_compare(app(), run_before=press("4"))

    def test_settings_small(self, snap_compare: SnapCompare) -> None:
        assert snap_compare(app(), terminal_size=SMALL, run_before=press("4"))

    def test_about(self, snap_compare: SnapCompare) -> None:
        async def run(pilot: Pilot[Any]) -> None:
            pilot.app.action_about()  # type: ignore[attr-defined]
            await pilot.pause()

        assert snap_compare(app(), run_before=run)

    def test_playback_help(self, snap_compare: SnapCompare) -> None:
        acupress, run = playing(3 + 10, size_keys=("space", "question_mark"))
        assert snap_compare(acupress, run_before=run)

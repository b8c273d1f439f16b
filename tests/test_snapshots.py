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

    def test_search_hidden_by_the_filter(self, snap_compare: SnapCompare) -> None:
        async def run(pilot: Pilot[Any]) -> None:
            await pilot.pause()
            pilot.app.screen.query_one("#point-filter", Choice).value = "region:hand"
            await pilot.press("slash", *"bl40")
            await pilot.pause()

        assert snap_compare(app(), run_before=run)

    def test_search_hidden_by_the_filter_small(self, snap_compare: SnapCompare) -> None:
        async def run(pilot: Pilot[Any]) -> None:
            await pilot.pause()
            pilot.app.screen.query_one("#point-filter", Choice).value = "region:hand"
            await pilot.press("slash", *"bl40")
            await pilot.pause()

        assert snap_compare(app(), terminal_size=SMALL, run_before=run)

    def test_ascii_everywhere(self, snap_compare: SnapCompare) -> None:
        ascii_app = AcupressApp(ascii_map=True, show_notice=False)
        ascii_app.animation_level = "none"
        assert snap_compare(ascii_app, run_before=press("slash", *"hegu"))

    def test_light_theme(self, snap_compare: SnapCompare) -> None:
        from tui.core.settings import Settings

        light = AcupressApp(
            ascii_map=False, show_notice=False, settings=Settings(theme="textual-light")
        )
        light.animation_level = "none"
        assert snap_compare(light, run_before=press("slash", *"bl40", "escape"))

    def test_bl31_sacrum(self, snap_compare: SnapCompare) -> None:
        assert snap_compare(app(), run_before=press("slash", *"bl31", "escape", "enter"))

    def test_bl31_sacrum_small(self, snap_compare: SnapCompare) -> None:
        assert snap_compare(
            app(), terminal_size=SMALL, run_before=press("slash", *"bl31", "escape", "enter")
        )


class TestHelp:
    def test_browser_help(self, snap_compare: SnapCompare) -> None:
        assert snap_compare(app(), run_before=press("question_mark"))

    def test_browser_help_small(self, snap_compare: SnapCompare) -> None:
        assert snap_compare(app(), terminal_size=SMALL, run_before=press("question_mark"))

    def test_go_to_a_section(self, snap_compare: SnapCompare) -> None:
        assert snap_compare(app(), run_before=press("g"))

    def test_go_to_a_section_small(self, snap_compare: SnapCompare) -> None:
        assert snap_compare(app(), terminal_size=SMALL, run_before=press("g"))


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


def rated(tmp_path: Path) -> tuple[AcupressApp, Callable[[Pilot[Any]], Any]]:
    """lower-back rated 6 before, played to the end, then rated 3 after."""
    from tui.core.points import load_catalogue
    from tui.core.routines import find_routine
    from tui.screens.playback import PlaybackScreen

    clock = FakeClock(5000.0)
    entry = find_routine("lower-back", load_catalogue())
    acupress = AcupressApp(
        play=entry,
        clock=clock,
        show_notice=False,
        ascii_map=False,
        journal_path=tmp_path / "j.toml",
    )
    acupress.animation_level = "basic"

    async def saved(pilot: Pilot[Any]) -> None:
        # (Never wait_for_complete([]): that waits for every worker, playback's included.)
        if writes := [w for w in pilot.app.workers if w.group == "journal-write"]:
            await pilot.app.workers.wait_for_complete(writes)
        await pilot.pause()

    async def run(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        (screen,) = [s for s in pilot.app.screen_stack if isinstance(s, PlaybackScreen)]
        await pilot.press("6")
        await saved(pilot)
        clock.now += 3 + 380 + 1
        screen.update_view()
        await pilot.press("3")
        await saved(pilot)
        screen._clear_message()  # the message line times out on the wall clock
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

    def test_bl40_cautions(self, snap_compare: SnapCompare) -> None:
        # 3 s get-ready + 90 s BL23 + 5 s move: 10 s into BL40, with its three cautions.
        acupress, run = playing(3 + 90 + 5 + 10)
        assert snap_compare(acupress, run_before=run)

    def test_bl40_cautions_small(self, snap_compare: SnapCompare) -> None:
        acupress, run = playing(3 + 90 + 5 + 10)
        assert snap_compare(acupress, terminal_size=SMALL, run_before=run)

    def test_gb21_cautions(self, snap_compare: SnapCompare) -> None:
        acupress, run = playing(3 + 10, slug="desk-break")
        assert snap_compare(acupress, run_before=run)

    def test_gb21_cautions_small(self, snap_compare: SnapCompare) -> None:
        acupress, run = playing(3 + 10, slug="desk-break")
        assert snap_compare(acupress, terminal_size=SMALL, run_before=run)

    def test_gb21_cautions_tiny(self, snap_compare: SnapCompare) -> None:
        acupress, run = playing(3 + 10, slug="desk-break")
        assert snap_compare(acupress, terminal_size=(40, 12), run_before=run)

    def test_step_in_full(self, snap_compare: SnapCompare) -> None:
        acupress, run = playing(3 + 10, size_keys=("c",), slug="desk-break")
        assert snap_compare(acupress, run_before=run)

    def test_step_in_full_small(self, snap_compare: SnapCompare) -> None:
        acupress, run = playing(3 + 10, size_keys=("c",), slug="desk-break")
        assert snap_compare(acupress, terminal_size=SMALL, run_before=run)

    def test_rated_before_and_after(self, snap_compare: SnapCompare, tmp_path: Path) -> None:
        acupress, run = rated(tmp_path)
        assert snap_compare(acupress, run_before=run)

    def test_rated_before_and_after_small(self, snap_compare: SnapCompare, tmp_path: Path) -> None:
        acupress, run = rated(tmp_path)
        assert snap_compare(acupress, terminal_size=SMALL, run_before=run)

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

    def test_picker_small_longest_name(self, snap_compare: SnapCompare) -> None:
        assert snap_compare(app(), terminal_size=SMALL, run_before=press("2", "end", "up"))

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

    def test_pregnancy_warning_small(self, snap_compare: SnapCompare) -> None:
        from tui.core.points import load_catalogue
        from tui.core.routines import find_routine
        from tui.core.settings import Settings

        entry = find_routine("upper-back", load_catalogue())
        acupress = AcupressApp(
            play=entry, show_notice=False, ascii_map=False, settings=Settings(pregnancy_mode=True)
        )
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

    def test_settings_no_color(self, snap_compare: SnapCompare, monkeypatch: Any) -> None:
        monkeypatch.setenv("NO_COLOR", "1")
        assert snap_compare(app(), run_before=press("4"))

    def test_settings_no_color_small(self, snap_compare: SnapCompare, monkeypatch: Any) -> None:
        monkeypatch.setenv("NO_COLOR", "1")
        assert snap_compare(app(), terminal_size=SMALL, run_before=press("4"))

    def test_playback_help_small(self, snap_compare: SnapCompare) -> None:
        acupress, run = playing(3 + 10, size_keys=("question_mark",))
        assert snap_compare(acupress, terminal_size=SMALL, run_before=run)

    def test_about(self, snap_compare: SnapCompare) -> None:
        async def run(pilot: Pilot[Any]) -> None:
            pilot.app.action_about()  # type: ignore[attr-defined]
            await pilot.pause()

        assert snap_compare(app(), run_before=run)

    def test_playback_help(self, snap_compare: SnapCompare) -> None:
        acupress, run = playing(3 + 10, size_keys=("space", "question_mark"))
        assert snap_compare(acupress, run_before=run)

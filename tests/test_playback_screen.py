"""The playback screen with a fake clock: every key, the bell, pause, the end."""

from __future__ import annotations

from pathlib import Path

import pytest
from fakeclock import FakeClock
from textual.widgets import Static

from tui.app import AcupressApp
from tui.core import state
from tui.core.playback import State
from tui.core.points import load_catalogue
from tui.core.routines import find_routine
from tui.screens.confirm import ConfirmScreen
from tui.screens.playback import PlaybackScreen
from tui.widgets.meter import Meter
from tui.widgets.pacer import PacerLabel


def make_app(clock: FakeClock, slug: str = "lower-back", **kwargs: object) -> AcupressApp:
    entry = find_routine(slug, load_catalogue())
    app = AcupressApp(play=entry, clock=clock, show_notice=False, ascii_map=False, **kwargs)  # type: ignore[arg-type]
    app.animation_level = "none"
    return app


def text(app: AcupressApp, selector: str) -> str:
    widget = app.screen.query_one(selector)
    if isinstance(widget, Meter):
        return widget.text
    assert isinstance(widget, Static)
    return str(widget.render())


async def saved(app: AcupressApp) -> None:
    """Wait for journal writes only (the app's own playback worker runs until the end)."""
    # (wait_for_complete([]) would wait for every worker, so pass only a non-empty list.)
    if pending := [w for w in app.workers if w.group == "journal"]:
        await app.workers.wait_for_complete(pending)


async def settle(pilot: object, app: AcupressApp) -> PlaybackScreen:
    await pilot.pause()  # type: ignore[attr-defined]
    screen = app.screen
    assert isinstance(screen, PlaybackScreen)
    screen.update_view()
    await pilot.pause()  # type: ignore[attr-defined]
    return screen


async def test_get_ready_shows_the_first_point_then_counts_down_into_it() -> None:
    clock = FakeClock()
    app = make_app(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await settle(pilot, app)
        assert "BL23" in text(app, "#play-point")
        assert text(app, "PacerLabel") == "Get ready 3"
        assert text(app, "#play-step-meter") == "1:30 left"
        assert text(app, "#play-routine-meter") == "5:50 left"
        assert "Next: BL40 Wěizhōng, both sides" in text(app, "#play-next")
        clock.advance(3.5)
        screen = await settle(pilot, app)
        assert screen.playback.status().state is State.STEP
        assert text(app, "PacerLabel").startswith("Breathe in")
        assert text(app, "#play-step-meter") == "1:30 left"
        clock.advance(1.0)
        await settle(pilot, app)
        assert text(app, "#play-step-meter") == "1:29 left"
        assert text(app, "#play-routine-meter") == "5:49 left"


async def test_space_pauses_every_clock_and_no_timer_runs() -> None:
    clock = FakeClock()
    app = make_app(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        clock.advance(10)
        screen = await settle(pilot, app)
        before = (text(app, "#play-step-meter"), text(app, "#play-routine-meter"))
        await pilot.press("space")
        assert "PAUSED" in text(app, "#play-title")
        assert text(app, "PacerLabel") == "Paused"
        assert screen._timer is None
        clock.advance(120)
        await settle(pilot, app)
        assert (text(app, "#play-step-meter"), text(app, "#play-routine-meter")) == before
        assert screen._timer is None
        await pilot.press("space")
        assert "PAUSED" not in text(app, "#play-title")
        assert screen._timer is not None


async def test_n_skips_to_the_next_step_and_takes_the_rest_off_the_routine() -> None:
    clock = FakeClock()
    app = make_app(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        clock.advance(13)  # 10 s into BL23
        screen = await settle(pilot, app)
        assert text(app, "#play-routine-meter") == "5:40 left"
        bells = screen.bells
        await pilot.press("n")
        # The 80 s left of BL23 are gone; the 5 s move to BL40 has begun.
        assert text(app, "#play-routine-meter") == "4:20 left"
        assert "BL40" in text(app, "#play-point")
        assert screen.bells == bells + 1
        await pilot.press("right")
        assert screen.playback.status().state is State.STEP
        assert screen.playback.status().step_index == 1


async def test_p_restarts_the_step_and_twice_goes_back_one() -> None:
    clock = FakeClock()
    app = make_app(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("n", "n", "n")  # ready -> BL23 -> move -> BL40
        clock.advance(30)
        screen = await settle(pilot, app)
        assert text(app, "#play-step-meter") == "0:30 left"  # BL40: one minute
        await pilot.press("p")
        assert text(app, "#play-step-meter") == "1:00 left"
        assert screen.playback.status().step_index == 1
        await pilot.press("left")
        assert screen.playback.status().step_index == 0
        assert "BL23" in text(app, "#play-point")


async def test_m_mutes_the_bell_and_the_choice_is_kept() -> None:
    clock = FakeClock()
    app = make_app(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await settle(pilot, app)
        await pilot.press("m")
        assert state.is_muted()
        bells = screen.bells
        await pilot.press("n")
        assert screen.bells == bells
        assert "muted" in text(app, "#play-title")
    clock2 = FakeClock()
    again = make_app(clock2)
    async with again.run_test(size=(80, 24)) as pilot:
        screen = await settle(pilot, again)
        assert screen.muted


async def test_q_asks_and_keeps_going_on_no() -> None:
    clock = FakeClock()
    app = make_app(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        clock.advance(20)
        screen = await settle(pilot, app)
        await pilot.press("q")
        assert isinstance(app.screen, ConfirmScreen)
        assert screen.playback.status().paused
        await pilot.press("n")
        assert app.screen is screen
        assert not screen.playback.status().paused


async def test_escape_then_yes_stops_and_shows_the_summary() -> None:
    clock = FakeClock()
    app = make_app(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        clock.advance(20)
        screen = await settle(pilot, app)
        await pilot.press("escape", "y")
        await pilot.pause()
        assert screen.playback.status().stopped_early
        summary = text(app, "#play-summary")
        assert "Stopped early" in summary and "Time taken   0:20" in summary


async def test_the_routine_ends_on_time_with_a_summary_and_a_bell() -> None:
    clock = FakeClock()
    app = make_app(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await settle(pilot, app)
        clock.advance(3 + 350 - 0.01)
        await settle(pilot, app)
        assert screen.playback.status().state is not State.DONE
        bells = screen.bells
        clock.advance(0.02)
        await settle(pilot, app)
        assert screen.playback.status().state is State.DONE
        assert screen.bells == bells + 1
        summary = text(app, "#play-summary")
        assert "Routine complete" in summary
        assert "Steps done   5 of 5" in summary and "Skipped      0" in summary


async def test_each_plays_left_then_right() -> None:
    clock = FakeClock()
    app = make_app(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("n", "n", "n", "n")  # ready->BL23, BL23->move, move->BL40, BL40->move
        await pilot.press("n")
        assert "Left side" in text(app, "#play-how") and "GB30" in text(app, "#play-point")
        await pilot.press("n", "n")
        assert "Right side" in text(app, "#play-how") and "GB30" in text(app, "#play-point")


async def test_help_lists_the_playback_keys() -> None:
    clock = FakeClock()
    app = make_app(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("question_mark")
        keys = str(app.screen.query_one("#help-keys").render())
        for word in ("Pause", "Next", "Back", "Mute", "Stop"):
            assert word in keys


async def test_resize_mid_routine_keeps_playing() -> None:
    clock = FakeClock()
    app = make_app(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        clock.advance(10)
        screen = await settle(pilot, app)
        await pilot.resize_terminal(60, 20)
        clock.advance(1)
        await settle(pilot, app)
        assert text(app, "#play-step-meter") == "1:22 left"
        assert screen.query_one("#play-point").region.height >= 1
        assert screen.query_one("PacerLabel").region.height == 1


@pytest.mark.parametrize("reduce", [True])
async def test_reduced_motion_shows_only_phase_and_count(reduce: bool, tmp_path: Path) -> None:
    from tui.core.settings import Settings

    clock = FakeClock()
    app = make_app(clock, settings=Settings(reduce_motion=reduce))
    async with app.run_test(size=(80, 24)) as pilot:
        clock.advance(4)
        await settle(pilot, app)
        assert not app.screen.query_one("PacerShape").display
        assert app.screen.query_one(PacerLabel).display


async def test_before_and_after_ratings_are_saved_as_a_pair(tmp_path: Path) -> None:
    from tui.core.journal.store import JournalStore

    journal = tmp_path / "journal.toml"
    clock = FakeClock()
    app = make_app(clock, journal_path=journal)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await settle(pilot, app)
        await pilot.press("6")  # during get-ready: pain before
        await saved(app)
        await pilot.pause()
        assert "pain before: 6" in text(app, "#play-title")
        assert screen.playback.status().state is State.READY, "rating must not hold playback up"
        clock.advance(3 + 350 + 1)
        await settle(pilot, app)
        await pilot.press("3")  # at the end: pain after
        await saved(app)
        await pilot.pause()
        assert "Pain now: 3/10" in text(app, "#play-summary")
    entries = JournalStore(journal).load()
    by_phase = {e.phase: e for e in entries}
    assert by_phase["before"].level == 6 and by_phase["after"].level == 3
    assert by_phase["before"].session == by_phase["after"].session
    assert {e.routine for e in entries} == {"lower-back"}


async def test_r_at_the_end_opens_the_full_rating_form(tmp_path: Path) -> None:
    from tui.core.journal.store import JournalStore
    from tui.screens.rate import RatePainScreen

    journal = tmp_path / "journal.toml"
    clock = FakeClock()
    app = make_app(clock, journal_path=journal)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("escape", "y")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, RatePainScreen)
        await pilot.press("4", "enter")
        await saved(app)
        await pilot.pause()
    (entry,) = JournalStore(journal).load()
    assert (entry.level, entry.phase, entry.routine) == (4, "after", "lower-back")


async def test_a_broken_journal_is_reported_and_left_alone(tmp_path: Path) -> None:
    journal = tmp_path / "journal.toml"
    journal.write_text("version = 1\n[[entries]]\nlevel = 12\n")
    before = journal.read_bytes()
    clock = FakeClock()
    app = make_app(clock, journal_path=journal)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await settle(pilot, app)
        await pilot.press("5")
        await saved(app)
        await pilot.pause()
        assert any("journal.toml:" in n.message for n in app._notifications)
        assert "before" not in screen.ratings
    assert journal.read_bytes() == before


ASHI_ROUTINE = """\
title = "Tender spot first"
area = "lower-back"

[[steps]]
point = "ashi"
region = "buttock"
find = "Feel round the middle of the buttock for the sorest spot."
seconds = 30
cue = "Lean into it slowly."

[[steps]]
point = "BL23"
seconds = 30
"""


async def test_an_ashi_step_plays_with_its_region_and_no_mark(isolated_dirs: Path) -> None:
    from tui.core.routines import ASHI_CAUTION
    from tui.widgets.bodymap import BodyMap

    folder = isolated_dirs / "config" / "acupress" / "routines"
    folder.mkdir(parents=True)
    (folder / "tender.toml").write_text(ASHI_ROUTINE, encoding="utf-8")
    clock = FakeClock()
    app = make_app(clock, "tender")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert "Tender spot" in text(app, "#play-point") and "buttock" in text(app, "#play-point")
        cue = text(app, "#play-cue")
        assert cue.startswith("Feel round the middle of the buttock") and "Lean into it" in cue
        assert " ".join(ASHI_CAUTION.split()) in " ".join(text(app, "#play-caution").split())
        body = app.screen.query_one(BodyMap)
        assert (body._view, body._marks) == ("sacrum", ())  # the region, no mark
        assert "Next: BL23" in text(app, "#play-next")
        await pilot.press("n", "n", "n")  # ready -> tender spot -> move -> BL23
        await settle(pilot, app)
        assert "BL23" in text(app, "#play-point")
        assert body._view == "back" and body._marks


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
@pytest.mark.parametrize(
    "slug",
    [
        "lower-back",
        "upper-back",
        "spine-massage",
        "desk-break",
        "sciatica",
        "three-minutes-a-point",
    ],
)
async def test_every_caution_and_cue_of_a_builtin_is_shown_in_full(
    slug: str, size: tuple[int, int]
) -> None:
    clock = FakeClock()
    app = make_app(clock, slug)
    async with app.run_test(size=size) as pilot:
        screen = await settle(pilot, app)
        box = screen.query_one("#play-step")
        for index, step in enumerate(screen.plan):
            while not (
                screen.playback.status().state is State.STEP
                and screen.playback.status().step_index == index
            ):
                screen.playback.next()
            await settle(pilot, app)
            await pilot.pause()  # the map may make room after the first layout
            caution = screen.query_one("#play-caution", Static)
            if caution.display:
                needed = caution.get_content_height(
                    caution.size, caution.size, caution.content_region.width
                )
                assert needed <= caution.content_region.height, (step.point, size)
                assert caution.region.bottom <= box.region.bottom, (step.point, size)
            assert not screen.cue_cut_off, (step.point, size)

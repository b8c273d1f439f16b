"""The playback screen with a fake clock: every key, the bell, pause, the end, the ratings."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from fakeclock import FakeClock
from textual.widgets import Static

from tui.app import AcupressApp
from tui.core import paths, state
from tui.core.journal.store import JournalStore
from tui.core.playback import PlaybackState
from tui.core.points import load_catalogue
from tui.core.routines import find_routine, general_cautions
from tui.screens.confirm import ConfirmScreen
from tui.screens.playback import PlaybackScreen
from tui.widgets.key_bar import KeyBar
from tui.widgets.meter import Meter
from tui.widgets.pacer import PacerLabel
from tui.widgets.step_panel import StepPanel
from tui.widgets.title_line import TitleLine


def make_app(clock: FakeClock, slug: str = "lower-back", **kwargs: object) -> AcupressApp:
    entry = find_routine(slug, load_catalogue())
    app = AcupressApp(play=entry, clock=clock, show_notice=False, ascii_map=False, **kwargs)  # type: ignore[arg-type]
    app.animation_level = "none"
    return app


def text(app: AcupressApp, selector: str) -> str:
    widget = app.screen.query_one(selector)
    if isinstance(widget, Meter):
        return widget.text
    if isinstance(widget, StepPanel):
        assert widget.fitted is not None
        return "\n".join(line.plain for line in widget.fitted.lines)
    if isinstance(widget, TitleLine):
        return widget.render().plain
    assert isinstance(widget, Static)
    return str(widget.render())


def key_line(app: AcupressApp) -> str:
    bar = app.screen.query_one(KeyBar)
    return bar.render().plain


async def saved(app: AcupressApp, pilot: object) -> None:
    """Wait until every journal write asked for so far is done (they run one after another)."""
    for _ in range(20):
        pending = [w for w in app.workers if w.group == "journal-write" and not w.is_finished]
        if not pending and not app._writing:
            break
        if pending:
            await app.workers.wait_for_complete(pending)
        await pilot.pause()  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]


async def settle(pilot: object, app: AcupressApp) -> PlaybackScreen:
    await pilot.pause()  # type: ignore[attr-defined]
    screen = next(s for s in app.screen_stack if isinstance(s, PlaybackScreen))
    screen.update_view()
    await pilot.pause()  # type: ignore[attr-defined]
    return screen


async def test_get_ready_shows_the_first_point_then_counts_down_into_it() -> None:
    clock = FakeClock()
    app = make_app(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await settle(pilot, app)
        assert "BL23" in text(app, "#play-step")
        assert text(app, "PacerLabel") == "Get ready 3"
        assert text(app, "#play-step-meter") == "1:30 left"
        assert text(app, "#play-routine-meter") == "5:50 left"
        assert "Next: BL40 Wěizhōng, both sides" in text(app, "#play-next")
        clock.advance(3.5)
        screen = await settle(pilot, app)
        assert screen.playback.status().state is PlaybackState.STEP
        assert text(app, "PacerLabel").startswith("Breathe in")
        assert text(app, "#play-step-meter") == "1:30 left"
        clock.advance(1.0)
        await settle(pilot, app)
        assert text(app, "#play-step-meter") == "1:29 left"
        assert text(app, "#play-routine-meter") == "5:49 left"


async def test_space_pauses_every_clock_and_the_key_line_says_resume() -> None:
    clock = FakeClock()
    app = make_app(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        clock.advance(10)
        screen = await settle(pilot, app)
        before = (text(app, "#play-step-meter"), text(app, "#play-routine-meter"))
        assert "space Pause" in key_line(app)
        await pilot.press("space")
        await pilot.pause()
        assert "PAUSED" in text(app, "#play-title")
        assert text(app, "PacerLabel") == "Paused"
        assert "space Resume" in key_line(app) and "Pause" not in key_line(app)
        assert screen._timer is None
        clock.advance(120)
        await settle(pilot, app)
        assert (text(app, "#play-step-meter"), text(app, "#play-routine-meter")) == before
        assert screen._timer is None
        await pilot.press("space")
        await pilot.pause()
        assert "PAUSED" not in text(app, "#play-title")
        assert "space Pause" in key_line(app)
        assert screen._timer is not None


@pytest.mark.parametrize("opener", ["question_mark", "colon", "ctrl+p", "c"])
@pytest.mark.parametrize("ready", [True, False])
async def test_whatever_opens_over_playback_pauses_it_until_it_closes(
    opener: str, ready: bool
) -> None:
    clock = FakeClock()
    app = make_app(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        clock.advance(1 if ready else 20)
        screen = await settle(pilot, app)
        assert (screen.playback.status().state is PlaybackState.READY) is ready
        left = text(app, "#play-routine-meter")
        await pilot.press(opener)
        await pilot.pause()
        assert app.screen is not screen
        assert screen.playback.status().paused
        clock.advance(300)  # reading the help for five minutes
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert not screen.playback.status().paused
        assert "PAUSED" not in text(app, "#play-title")
        await settle(pilot, app)
        assert text(app, "#play-routine-meter") == left  # it goes on where it was


async def test_a_pause_of_ones_own_stays_after_help_closes() -> None:
    clock = FakeClock()
    app = make_app(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        clock.advance(20)
        screen = await settle(pilot, app)
        await pilot.press("space", "question_mark")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert screen.playback.status().paused
        assert "space Resume" in key_line(app)


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
        await pilot.pause()
        assert "BL40" in text(app, "#play-step")
        assert screen.bells == bells + 1
        await pilot.press("right")
        assert screen.playback.status().state is PlaybackState.STEP
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
        await pilot.pause()
        assert screen.playback.status().step_index == 0
        assert "BL23" in text(app, "#play-step")


async def test_m_is_the_bell_setting_saved_in_the_config() -> None:
    clock = FakeClock()
    app = make_app(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await settle(pilot, app)
        assert "m Mute" in key_line(app)
        await pilot.press("m")
        await pilot.pause()
        assert app.settings.bell is False
        assert tomllib.loads(paths.config_file().read_text())["bell"] is False
        assert "m Bell on" in key_line(app)
        bells = screen.bells
        await pilot.press("n")
        assert screen.bells == bells
        assert "muted" in text(app, "#play-title")
    again = make_app(FakeClock())
    assert again.settings.bell is False


async def test_the_old_mute_of_the_state_file_is_read_as_the_bell_off() -> None:
    assert state.set_muted(True) is None
    app = make_app(FakeClock())
    assert app.settings.bell is False
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("m")  # the bell on again: now in the config, the old flag gone
        await pilot.pause()
    assert tomllib.loads(paths.config_file().read_text())["bell"] is True
    assert not state.is_muted()
    assert make_app(FakeClock()).settings.bell is True


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
        await pilot.pause()
        assert app.screen is screen
        assert not screen.playback.status().paused


async def test_escape_then_yes_stops_and_shows_the_summary_without_stop() -> None:
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
        keys = key_line(app)
        assert "Stop" not in keys and "Pause" not in keys and "Next" not in keys
        assert "Close" in keys


async def test_the_routine_ends_on_time_with_a_summary_and_a_bell() -> None:
    clock = FakeClock()
    app = make_app(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await settle(pilot, app)
        clock.advance(3 + 350 - 0.01)
        await settle(pilot, app)
        assert screen.playback.status().state is not PlaybackState.DONE
        bells = screen.bells
        clock.advance(0.02)
        await settle(pilot, app)
        assert screen.playback.status().state is PlaybackState.DONE
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
        await pilot.pause()
        assert "Left side" in text(app, "#play-step") and "GB30" in text(app, "#play-step")
        await pilot.press("n", "n")
        await pilot.pause()
        assert "Right side" in text(app, "#play-step") and "GB30" in text(app, "#play-step")


async def test_help_lists_each_playback_key_once() -> None:
    clock = FakeClock()
    app = make_app(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("question_mark")
        await pilot.pause()
        keys = str(app.screen.query_one("#help-keys").render())
        lines = keys.splitlines()[1:]
        for word in ("Pause", "Next step", "Back", "Mute", "Stop", "Step in full", "0-9"):
            assert word in keys
        assert len(lines) == len({line.split(maxsplit=1)[-1] for line in lines})
        for never in ("Rate 1", "^q", "Scroll", "Page", "Go to a section", "Quit"):
            assert never not in keys  # Textual's keys, one line per digit, the sections' keys
        assert any(line.startswith("n →") for line in lines)


async def test_section_keys_do_nothing_in_playback() -> None:
    clock = FakeClock()
    app = make_app(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        clock.advance(3 + 91)  # the first step is over: a digit rates nothing now
        screen = await settle(pilot, app)
        mode = app.current_mode
        await pilot.press("3", "g", "4")
        await pilot.pause()
        assert app.screen is screen and app.current_mode == mode
        assert screen.saved == {}


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
        assert screen.query_one(StepPanel).region.height >= 1
        assert screen.query_one("PacerLabel").region.height == 1


async def test_reduced_motion_shows_only_phase_and_count(tmp_path: Path) -> None:
    from tui.core.settings import Settings

    clock = FakeClock()
    app = make_app(clock, settings=Settings(reduce_motion=True))
    async with app.run_test(size=(80, 24)) as pilot:
        clock.advance(4)
        await settle(pilot, app)
        assert not app.screen.query_one("PacerShape").display
        assert app.screen.query_one(PacerLabel).display


async def test_reduce_motion_set_from_the_palette_reaches_the_open_pacer() -> None:
    clock = FakeClock()
    app = make_app(clock)
    app.animation_level = "basic"  # the pacer's shape is shown
    async with app.run_test(size=(80, 24)) as pilot:
        clock.advance(4)
        await settle(pilot, app)
        assert app.screen.query_one("PacerShape").display
        app.toggle_setting("reduce_motion")
        await pilot.pause()
        assert not app.screen.query_one("PacerShape").display


# ---- one rating per moment ---------------------------------------------------------------


async def test_one_before_and_one_after_rating_per_run(tmp_path: Path) -> None:
    journal = tmp_path / "journal.toml"
    clock = FakeClock()
    app = make_app(clock, journal_path=journal)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await settle(pilot, app)
        await pilot.press("7", "5")  # during get-ready: the second replaces the first
        await saved(app, pilot)
        assert "pain before: 5" in text(app, "#play-title")
        assert screen.playback.status().state is PlaybackState.READY, (
            "rating must not hold playback up"
        )
        clock.advance(30)  # well into the first step: the before rating can still change
        await settle(pilot, app)
        await pilot.press("6")
        await saved(app, pilot)
        assert "pain before: 6" in text(app, "#play-title")
        clock.advance(3 + 380)
        await settle(pilot, app)
        await pilot.press("4")
        await saved(app, pilot)
        assert "Pain after: 4/10" in text(app, "#play-summary")
        await pilot.press("r")
        await pilot.pause()
        form = app.screen.query_one("PainForm")
        assert form.level_picker.level == 4  # type: ignore[attr-defined]  # starts from it
        await pilot.press("3", "tab", "space", "enter")
        await saved(app, pilot)
        assert app.screen is screen
        assert "Pain after: 3/10" in text(app, "#play-summary")
        await pilot.press("2")  # the areas given in the dialog are kept
        await saved(app, pilot)
        assert "Pain after: 2/10" in text(app, "#play-summary")
        assert "Pain before: 6/10" in text(app, "#play-summary")
    entries = JournalStore(journal).load()
    assert sorted((e.phase, e.level) for e in entries) == [("after", 2), ("before", 6)]
    by_phase = {e.phase: e for e in entries}
    assert by_phase["after"].areas == ("lower-back",)
    assert by_phase["before"].session == by_phase["after"].session
    assert {e.routine for e in entries} == {"lower-back"}


async def test_the_before_rating_closes_when_the_first_step_ends(tmp_path: Path) -> None:
    journal = tmp_path / "journal.toml"
    clock = FakeClock()
    app = make_app(clock, journal_path=journal)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await settle(pilot, app)
        assert "0-9: your pain now" in text(app, "#play-title")
        clock.advance(3 + 91)  # the first step (90 s) is over
        await settle(pilot, app)
        assert "0-9" not in text(app, "#play-title")
        await pilot.press("5")
        await saved(app, pilot)
        assert screen.saved == {}
    assert not journal.exists()


async def test_r_at_the_end_opens_the_full_rating_form(tmp_path: Path) -> None:
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
        # The routine's own areas are chosen to begin with, there to see and change.
        assert app.screen.query_one("PainForm").area_picker.chosen == {"lower-back"}  # type: ignore[attr-defined]
        await pilot.press("4", "enter")
        await saved(app, pilot)
    (entry,) = JournalStore(journal).load()
    assert (entry.level, entry.phase, entry.routine) == (4, "after", "lower-back")
    assert entry.areas == ("lower-back",)


async def test_a_broken_journal_is_reported_and_left_alone(tmp_path: Path) -> None:
    journal = tmp_path / "journal.toml"
    journal.write_text("version = 1\n[[entries]]\nlevel = 12\n")
    before = journal.read_bytes()
    clock = FakeClock()
    app = make_app(clock, journal_path=journal)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await settle(pilot, app)
        await pilot.press("5")
        await saved(app, pilot)
        message = text(app, "#play-next")
        assert "Not saved" in message and "journal.toml:" in message
        assert "before" not in screen.saved
        assert "pain before" not in text(app, "#play-title")  # it shows what is saved: nothing
    assert journal.read_bytes() == before


async def test_a_failed_save_in_the_rating_dialog_keeps_the_form(tmp_path: Path) -> None:
    from tui.screens.rate import RatePainScreen

    journal = tmp_path / "journal.toml"
    journal.write_text("not a journal = [\n")
    clock = FakeClock()
    app = make_app(clock, journal_path=journal)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("escape", "y")
        await pilot.pause()
        await pilot.press("r", "6", "tab", "space", "tab", *"stiff", "enter", "ctrl+s")
        await saved(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, RatePainScreen)
        assert "Not saved" in str(dialog.query_one("#rate-error").render())
        form = dialog.query_one("PainForm")
        assert form.level_picker.level == 6  # type: ignore[attr-defined]
        assert form.note_text == "stiff\n"  # type: ignore[attr-defined]


async def test_messages_never_cover_the_progress_bars(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(clock, journal_path=tmp_path / "journal.toml")
    async with app.run_test(size=(60, 20)) as pilot:
        screen = await settle(pilot, app)
        await pilot.press("7")
        await saved(app, pilot)
        app.notify("A long message from elsewhere in the app, to see where it goes.")
        await pilot.pause()
        assert not app.screen.query("Toast")
        message = screen.query_one("#play-next")
        assert message.display
        for meter in screen.query(Meter):
            assert not meter.region.overlaps(message.region)


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
        shown = " ".join(text(app, "#play-step").replace("▌", " ").replace("⚠", " ").split())
        assert "Tender spot" in shown and "buttock" in shown
        assert "Feel round the middle of the buttock" in shown and "Lean into it" in shown
        assert " ".join(ASHI_CAUTION.split()) in shown
        for caution in general_cautions(load_catalogue()):  # pressed like a point
            assert " ".join(caution.split()) in shown
        body = app.screen.query_one(BodyMap)
        assert (body._view, body._marks) == ("sacrum", ())  # the region, no mark
        assert "Next: BL23" in text(app, "#play-next")
        await pilot.press("n", "n", "n")  # ready -> tender spot -> move -> BL23
        await settle(pilot, app)
        assert "BL23" in text(app, "#play-step")
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
        panel = screen.query_one(StepPanel)
        for index, step in enumerate(screen.plan):
            while not (
                screen.playback.status().state is PlaybackState.STEP
                and screen.playback.status().step_index == index
            ):
                screen.playback.next()
            await settle(pilot, app)
            await pilot.pause()  # the map may make room after the first layout
            assert panel.fitted is not None
            assert panel.fitted.cautions_shown, (step.point, size)
            assert panel.fitted.cue_shown, (step.point, size)
            assert panel.region.bottom <= screen.query_one("#play-main").region.bottom

"""Issue 6 in the app: the first-start notice, pregnancy mode, settings problems, help and about."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList, Switch

from tui.app import AcupressApp
from tui.core import state
from tui.core.points import load_catalogue
from tui.core.routines import find_routine
from tui.core.settings import Settings, load_settings
from tui.screens.about import AboutScreen
from tui.screens.help import HelpScreen
from tui.screens.notice import NoticeScreen
from tui.screens.playback import PlaybackScreen
from tui.screens.pregnancy import PregnancyWarningScreen


def screen_text(app: AcupressApp) -> str:
    return " ".join(str(w.render()) for w in app.screen.query("Static"))


async def test_first_start_shows_the_notice_with_red_flags_until_enter() -> None:
    app = AcupressApp()
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, NoticeScreen)
        text = screen_text(app)
        for flag in ("bladder", "saddle", "weakness", "fever", "weight loss", "cancer", "fall"):
            assert flag in text
        assert "pregnan" in text and "blood thinners" in text
        await pilot.press("escape")  # must be acknowledged on the first start
        assert isinstance(app.screen, NoticeScreen)
        await pilot.press("enter")
        assert not isinstance(app.screen, NoticeScreen)
    assert state.notice_acknowledged()


async def test_second_start_does_not_show_the_notice() -> None:
    state.acknowledge_notice()
    app = AcupressApp()
    async with app.run_test(size=(80, 24)):
        assert not isinstance(app.screen, NoticeScreen)
        assert isinstance(app.focused, OptionList)


async def test_notice_is_available_from_help_and_the_palette() -> None:
    state.acknowledge_notice()
    app = AcupressApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark", "s")
        await pilot.pause()
        assert isinstance(app.screen, NoticeScreen)
        await pilot.press("escape")
        assert {"Safety notice", "About"} <= {c.title for c in app.get_system_commands(app.screen)}
        await pilot.press("question_mark", "a")
        await pilot.pause()
        assert isinstance(app.screen, AboutScreen)
        text = screen_text(app)
        assert "WHO Standard Acupuncture Point Locations" in text
        assert "NBK52120" in text


async def test_a_failed_acknowledgement_is_reported_not_raised(isolated_dirs: Path) -> None:
    (isolated_dirs / "state").write_text("a file where a directory should be")
    app = AcupressApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        assert not isinstance(app.screen, NoticeScreen)
        assert any("cannot save" in n.message for n in app._notifications)


async def test_pregnancy_mode_marks_points_in_the_browser() -> None:
    app = AcupressApp(show_notice=False, settings=Settings(pregnancy_mode=True))
    async with app.run_test(size=(80, 24)):
        listing = app.screen.query_one("#point-list", OptionList)
        labels = {
            str(listing.get_option_at_index(i).id): str(listing.get_option_at_index(i).prompt)
            for i in range(listing.option_count)
        }
        assert "⚠" in labels["LI4"] and "⚠" in labels["SP6"]
        assert "⚠" not in labels["GV20"]


async def test_pregnancy_mode_off_marks_nothing() -> None:
    app = AcupressApp(show_notice=False, settings=Settings(pregnancy_mode=False))
    async with app.run_test(size=(80, 24)):
        listing = app.screen.query_one("#point-list", OptionList)
        assert not any(
            "⚠" in str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)
        )


def upper_back(**settings: bool) -> AcupressApp:
    entry = find_routine("upper-back", load_catalogue())
    app = AcupressApp(play=entry, show_notice=False, settings=Settings(**settings))
    app.animation_level = "none"
    return app


async def test_pregnancy_mode_warns_about_li4_before_playback_and_can_skip_it() -> None:
    app = upper_back(pregnancy_mode=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PregnancyWarningScreen)
        assert "LI4" in screen_text(app)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, PlaybackScreen)
        assert all(step.point != "LI4" for step in app.screen.plan)
        assert app.screen.plan[0].transition_before == 0


async def test_pregnancy_warning_play_all_keeps_every_step() -> None:
    app = upper_back(pregnancy_mode=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, PlaybackScreen)
        assert any(step.point == "LI4" for step in app.screen.plan)


async def test_without_pregnancy_mode_playback_starts_at_once() -> None:
    app = upper_back(pregnancy_mode=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PlaybackScreen)


async def test_config_problems_are_shown_in_the_app(isolated_dirs: Path) -> None:
    config = isolated_dirs / "config" / "acupress"
    config.mkdir(parents=True)
    (config / "config.toml").write_text('pregnancy_mod = true\ntheme = "nord"\n')
    settings, problems = load_settings()
    app = AcupressApp(show_notice=False, settings=settings, settings_problems=problems)
    async with app.run_test(size=(80, 24)):
        messages = [n.message for n in app._notifications]
        assert any("config.toml:1" in m and "pregnancy_mode" in m for m in messages)
        assert app.theme == "nord"


async def test_a_syntax_error_in_config_still_opens_the_app(isolated_dirs: Path) -> None:
    config = isolated_dirs / "config" / "acupress"
    config.mkdir(parents=True)
    (config / "config.toml").write_text("bell = \n")
    app = AcupressApp(show_notice=False)
    async with app.run_test(size=(80, 24)):
        assert any("config.toml:1" in n.message for n in app._notifications)
        assert app.settings == Settings()


async def test_settings_screen_saves_pregnancy_mode_and_the_browser_follows(
    isolated_dirs: Path,
) -> None:
    app = AcupressApp(show_notice=False)
    app.animation_level = "none"
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        switch = app.screen.query_one("#set-pregnancy_mode", Switch)
        switch.value = True
        await pilot.pause()
        assert app.settings.pregnancy_mode
        assert load_settings()[0].pregnancy_mode
        await pilot.press("1")
        await pilot.pause()
        listing = app.screen.query_one("#point-list", OptionList)
        index = [str(listing.get_option_at_index(i).id) for i in range(listing.option_count)].index(
            "LI4"
        )
        assert "⚠" in str(listing.get_option_at_index(index).prompt)


async def test_help_lists_keys_on_every_section() -> None:
    app = AcupressApp(show_notice=False)
    app.animation_level = "none"
    async with app.run_test(size=(80, 24)) as pilot:
        for section, word in (("1", "Search"), ("2", "Play"), ("4", "Help")):
            await pilot.press(section, "question_mark")
            assert isinstance(app.screen, HelpScreen)
            assert word in str(app.screen.query_one("#help-keys").render())
            await pilot.press("escape")

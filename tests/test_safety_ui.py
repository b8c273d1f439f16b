"""Issue 6 in the app: the first-start notice, pregnancy mode, settings problems, help and about."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList, Static, Switch

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
        for flag in ("peeing", "saddle", "weakness", "fever", "weight loss", "cancer", "fall"):
            assert flag in text
        assert "A&E" in text and "See a GP soon" in text and "AHCPR 1994" in text
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


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_the_notice_says_there_is_more_below_until_the_end(size: tuple[int, int]) -> None:
    app = AcupressApp()
    app.animation_level = "none"
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, NoticeScreen)
        hint = screen.query_one("#notice-hint", Static)
        assert screen.more_below
        assert "more below" in str(hint.render()) and "Enter" in str(hint.render())
        await pilot.press("end")
        await pilot.pause()
        assert not screen.more_below
        assert "more below" not in str(hint.render())
        await pilot.press("home", "j")
        await pilot.pause()
        assert "more below" in str(hint.render())
        await pilot.press("enter")
        assert not isinstance(app.screen, NoticeScreen)


def playing(slug: str, **settings: bool) -> AcupressApp:
    entry = find_routine(slug, load_catalogue())
    app = AcupressApp(play=entry, show_notice=False, settings=Settings(**settings))
    app.animation_level = "none"
    return app


async def test_a_routine_with_only_gentle_points_warns_but_offers_no_skip() -> None:
    app = playing("lower-back", pregnancy_mode=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PregnancyWarningScreen)
        text = screen_text(app)
        assert "BL23" in text and "gentle pressure only" in text
        assert "traditionally avoided" not in text
        assert not app.screen.query("#skip")
        await pilot.press("s")  # nothing to skip: the dialog stays
        await pilot.pause()
        assert isinstance(app.screen, PregnancyWarningScreen)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, PlaybackScreen)
        assert any(step.point == "BL23" for step in app.screen.plan)


async def test_skip_leaves_out_avoided_points_and_keeps_gentle_ones(isolated_dirs: Path) -> None:
    folder = isolated_dirs / "config" / "acupress" / "routines"
    folder.mkdir(parents=True)
    (folder / "mixed.toml").write_text(
        'title = "Mixed"\narea = "lower-back"\n\n[[steps]]\npoint = "BL23"\nseconds = 30\n\n'
        '[[steps]]\npoint = "BL31"\nseconds = 30\n\n[[steps]]\npoint = "GV20"\nseconds = 30\n',
        encoding="utf-8",
    )
    app = playing("mixed", pregnancy_mode=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "traditionally avoided in pregnancy" in text and "BL31" in text
        assert "gentle pressure only" in text and "BL23" in text
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, PlaybackScreen)
        assert [step.point for step in app.screen.plan] == ["BL23", "GV20"]


async def test_pregnancy_mode_marks_new_and_gentle_points_and_says_which() -> None:
    app = AcupressApp(show_notice=False, settings=Settings(pregnancy_mode=True))
    async with app.run_test(size=(80, 24)) as pilot:
        listing = app.screen.query_one("#point-list", OptionList)
        labels = {
            str(listing.get_option_at_index(i).id): str(listing.get_option_at_index(i).prompt)
            for i in range(listing.option_count)
        }
        assert "⚠" in labels["BL31"] and "⚠" in labels["BL23"]
        assert "⚠" not in labels["BL36"] and "⚠" not in labels["BL62"]
        listing.highlighted = list(labels).index("BL23")
        await pilot.pause()
        assert "PREGNANCY MODE: gentle pressure only here" in screen_text(app)
        listing.highlighted = list(labels).index("BL31")
        await pilot.pause()
        assert "PREGNANCY MODE: leave this point out" in screen_text(app)


async def test_a_setting_reaches_open_screens_when_it_is_saved(isolated_dirs: Path) -> None:
    """Not when a screen is shown again: the browser and the routine preview, open in their
    sections behind the settings, follow pregnancy mode the moment it is switched."""
    from tui.widgets.point_detail import PointDetail

    app = AcupressApp(show_notice=False)
    app.animation_level = "none"
    async with app.run_test(size=(80, 24)) as pilot:
        browser = app.screen
        await pilot.press("2")
        await pilot.pause()
        routines = app.screen
        cautions = routines.query_one("#routine-cautions", Static)
        before = str(cautions.render())
        await pilot.press("4")
        app.screen.query_one("#set-pregnancy_mode", Switch).value = True
        await pilot.pause()
        assert app.settings.pregnancy_mode
        # Still on the settings screen: the others have followed already.
        assert browser.query_one(PointDetail).pregnancy_mode
        listing = browser.query_one("#point-list", OptionList)
        prompts = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        assert any("⚠" in prompt for prompt in prompts)
        assert str(cautions.render()) != before

"""The settings section: visible focus, every Tab stop a control, On/Off in words, one bell."""

from __future__ import annotations

import tomllib

from textual.widgets import Input, Select, Switch

from tui.app import AcupressApp
from tui.core import paths
from tui.screens.settings import SettingsScreen


def make_app() -> AcupressApp:
    app = AcupressApp(show_notice=False, ascii_map=False)
    app.animation_level = "none"
    return app


async def open_settings(app: AcupressApp, pilot: object) -> SettingsScreen:
    await pilot.press("4")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    screen = app.screen
    assert isinstance(screen, SettingsScreen)
    return screen


async def test_a_control_has_focus_on_entering() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_settings(app, pilot)
        assert isinstance(app.focused, Switch)
        assert app.focused.id == "set-pregnancy_mode"
        await pilot.press("1", "4")  # and again on coming back
        await pilot.pause()
        assert screen.focused is not None


async def test_every_tab_stop_is_a_control_that_space_or_enter_acts_on() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(app, pilot)
        stops = []
        for _ in range(12):
            stops.append(app.focused)
            await pilot.press("tab")
        first_round = stops[: stops.index(stops[0], 1)] if stops[0] in stops[1:] else stops
        assert first_round, stops
        for widget in first_round:
            assert isinstance(widget, Switch | Select | Input), widget
        kinds = [type(w).__name__ for w in first_round]
        assert kinds == ["Switch", "Switch", "Switch", "Select", "Select", "SafeInput"]


async def test_switches_say_on_or_off_in_words_and_space_switches() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_settings(app, pilot)
        state = screen.query_one("#state-pregnancy_mode")
        assert str(state.render()).strip() == "Off"
        assert str(screen.query_one("#state-bell").render()).strip() == "On"
        await pilot.press("space")
        await pilot.pause()
        assert app.settings.pregnancy_mode
        assert str(state.render()).strip() == "On"


async def test_the_bell_switch_follows_m_and_the_palette_while_it_is_open() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_settings(app, pilot)
        app.toggle_setting("bell")  # what m in playback and the palette do
        await pilot.pause()
        assert screen.query_one("#set-bell", Switch).value is False
        assert str(screen.query_one("#state-bell").render()).strip() == "Off"
        assert tomllib.loads(paths.config_file().read_text())["bell"] is False
        screen.query_one("#set-bell", Switch).focus()
        await pilot.press("space")
        await pilot.pause()
        assert app.settings.bell is True


async def test_a_setting_that_cannot_be_saved_is_shown_as_it_is_in_force() -> None:
    config = paths.config_file()
    config.parent.mkdir(parents=True)
    config.write_text("pregnancy_mode = [\n")  # a hand edit in progress: never overwritten
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_settings(app, pilot)
        await pilot.press("space")
        await pilot.pause()
        assert app.settings.pregnancy_mode is False
        assert screen.query_one("#set-pregnancy_mode", Switch).value is False
        assert any(n.title == "Settings not saved" for n in app._notifications)
    assert config.read_text() == "pregnancy_mode = [\n"

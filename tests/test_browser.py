"""The point browser driven as a person would: typing, arrows, j/k, Enter, Esc, the mouse."""

from __future__ import annotations

import pytest
from textual.widgets import Input, OptionList

from tui.app import AcupressApp
from tui.screens.point import PointScreen
from tui.widgets.choice import Choice
from tui.widgets.point_detail import PointDetail


def make_app() -> AcupressApp:
    app = AcupressApp(ascii_map=False, show_notice=False)
    app.animation_level = "none"
    return app


def listed(app: AcupressApp) -> list[str]:
    listing = app.screen.query_one("#point-list", OptionList)
    return [str(listing.get_option_at_index(i).id) for i in range(listing.option_count)]


def shown(app: AcupressApp) -> str | None:
    point = app.screen.query_one(PointDetail).point
    return point.code if point else None


async def test_starts_on_the_browser_with_every_point_and_the_first_shown() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)):
        assert app.current_mode == "points"
        assert len(listed(app)) == len(app.catalogue)
        assert shown(app) == listed(app)[0]
        assert isinstance(app.focused, OptionList)


@pytest.mark.parametrize(
    ("typed", "first"),
    [("hegu", "LI4"), ("ap1", "LI4"), ("li4", "LI4"), ("sciatica", None), ("knee", None)],
)
async def test_search_as_you_type(typed: str, first: str | None) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press(*typed)
        codes = listed(app)
        if first:
            assert codes[0] == first
        else:
            expected = {p.code for p in app.catalogue.search(typed)}
            assert set(codes) == expected and codes
        assert shown(app) == codes[0]


async def test_search_with_no_match_says_so() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *"qqqzz")
        assert listed(app) == []
        assert shown(app) is None


async def test_escape_leaves_search_and_arrows_and_jk_move() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        codes = listed(app)
        await pilot.press("slash", "escape")
        assert isinstance(app.focused, OptionList)
        await pilot.press("down")
        assert shown(app) == codes[1]
        await pilot.press("j", "j")
        assert shown(app) == codes[3]
        await pilot.press("k")
        assert shown(app) == codes[2]
        await pilot.press("up")
        assert shown(app) == codes[1]


async def test_enter_opens_the_point_and_escape_returns() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *"hegu", "escape", "enter")
        assert isinstance(app.screen, PointScreen)
        assert app.screen.point.code == "LI4"
        await pilot.press("escape")
        assert app.current_mode == "points" and not isinstance(app.screen, PointScreen)
        assert shown(app) == "LI4"


async def test_filter_by_region_narrows_the_list() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.screen.query_one("#point-filter", Choice).value = "region:hand"
        await pilot.pause()
        codes = listed(app)
        assert "LI4" in codes
        assert all(app.catalogue.require(c).region == "hand" for c in codes)
        app.screen.query_one("#point-filter", Choice).value = "use:sciatica"
        await pilot.pause()
        assert all("sciatica" in app.catalogue.require(c).uses for c in listed(app))


async def test_filter_key_opens_a_picker_and_the_pick_filters_the_list() -> None:
    from tui.core.points import REGIONS
    from tui.widgets.choice_picker import PickerScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f")
        assert isinstance(app.screen, PickerScreen)
        # The list is "All points", then the regions in order: pick "Region: hand".
        await pilot.press(*["down"] * (REGIONS.index("hand") + 1), "enter")
        assert not isinstance(app.screen, PickerScreen)
        choice = app.screen.query_one("#point-filter", Choice)
        assert choice.value == "region:hand"
        assert "hand" in str(choice.render())
        assert listed(app) and all(app.catalogue.require(c).region == "hand" for c in listed(app))
        # Escape leaves the filter as it was; picking "All points" clears it.
        await pilot.press("f", "escape")
        assert choice.value == "region:hand"
        await pilot.press("f", "home", "enter")
        assert choice.value is None
        assert len(listed(app)) == len(app.catalogue)


async def test_clicking_the_filter_opens_the_picker() -> None:
    from tui.widgets.choice_picker import PickerScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.click("#point-filter")
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("escape")
        assert app.screen.query_one("#point-filter", Choice).value is None


async def test_key_bar_follows_focus_and_a_click_presses_the_key() -> None:
    from tui.widgets.key_bar import KeyBar

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        text = str(bar.render())
        assert "Open" in text and "Filter" in text and "Quit" in text and ": commands" in text
        await pilot.press("slash")
        await pilot.pause()
        text = str(bar.render())
        assert "Leave the search" in text and "Filter" not in text
        await pilot.press("escape")
        await pilot.pause()
        # Click on "Help" in the bar: the help screen opens as if ? were pressed.
        line = str(bar.render())
        await pilot.click(KeyBar, offset=(line.index("Help"), 0))
        from tui.screens.help import HelpScreen

        assert isinstance(app.screen, HelpScreen)


async def test_key_bar_leaves_out_the_palette_hint_where_it_does_not_fit() -> None:
    from tui.widgets.key_bar import KeyBar

    app = make_app()
    async with app.run_test(size=(40, 20)) as pilot:
        await pilot.pause()
        text = str(app.screen.query_one(KeyBar).render())
        assert "commands" not in text and "^p" not in text
        assert text.startswith(" ⏎ Open")


async def test_mouse_click_on_a_point_shows_it() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        codes = listed(app)
        listing = app.screen.query_one("#point-list", OptionList)
        await pilot.click(listing, offset=(2, 2))
        assert shown(app) == codes[2]


async def test_detail_shows_cautions_location_and_sources() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *"li4")
        detail = app.screen.query_one(PointDetail)
        text = " ".join(str(s.render()) for s in detail.query("Static"))
        assert "pregnancy" in text
        assert "WHO" in text
        assert "not medical advice" in text


async def test_question_mark_shows_the_screens_keys() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        from tui.screens.help import HelpScreen

        assert isinstance(app.screen, HelpScreen)
        keys = str(app.screen.query_one("#help-keys").render())
        assert "Search" in keys and "Quit" in keys
        lines = keys.splitlines()[1:]
        assert any(line.startswith("1-4 ") for line in lines)  # the sections
        assert any(line.startswith("j k ") and "Move in the list" in line for line in lines)
        assert any(line.startswith("q ") for line in lines) and "^q" not in keys
        assert "Scroll" not in keys and "Page" not in keys  # Textual's own keys are not ours
        assert len(lines) == len({line.split(maxsplit=1)[1] for line in lines})  # once each
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_q_quits() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("q")
    assert app.return_code == 0


async def test_command_palette_has_sections_by_name() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)):
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Points", "Help"} <= titles


async def test_small_terminal_still_lists_and_shows() -> None:
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("slash", *"hegu")
        assert listed(app)[0] == "LI4"
        assert app.screen.query_one(PointDetail).region.width >= 30


async def test_a_search_the_filter_hides_says_so_and_how_to_clear_it() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.query_one("#point-filter", Choice).value = "region:hand"
        await pilot.press("slash", *"bl40")
        await pilot.pause()
        assert listed(app) == []
        message = str(app.screen.query_one("#point-title").render())
        assert "in the filter Region: hand" in message
        assert "1 point match" in message and "press f and choose All points" in message


async def test_escape_leaves_the_search_and_a_second_escape_clears_it() -> None:
    from textual.widgets import Input

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *"hegu")
        await pilot.press("escape")
        search = app.screen.query_one("#search", Input)
        assert search.value == "hegu" and not search.has_focus
        assert listed(app)[0] == "LI4"
        await pilot.press("escape")
        await pilot.pause()
        assert search.value == ""
        assert len(listed(app)) == len(app.catalogue)


async def test_at_60x20_point_names_never_wrap_and_the_placeholder_fits() -> None:
    from textual.widgets import Input

    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        listing = app.screen.query_one("#point-list", OptionList)
        assert listing.virtual_size.height == listing.option_count  # one line each
        search = app.screen.query_one("#search", Input)
        assert len(search.placeholder) <= search.content_size.width


async def test_a_section_key_in_the_search_is_typed_not_obeyed() -> None:
    from textual.widgets import Input

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", "3", "q", "g")
        assert app.current_mode == "points"
        assert app.screen.query_one("#search", Input).value == "3qg"

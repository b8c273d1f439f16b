"""The routines section: names as `acupress play NAME` takes them; r reloads, keeping the
choice; the preview's hold warnings and pregnancy, read from the catalogue's fields."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList, Static

from tui.app import AcupressApp
from tui.core import paths
from tui.core.settings import Settings
from tui.screens.routines import RoutinesScreen


def make_app() -> AcupressApp:
    app = AcupressApp(show_notice=False, ascii_map=False)
    app.animation_level = "none"
    return app


async def open_routines(app: AcupressApp, pilot: object) -> RoutinesScreen:
    await pilot.press("2")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    screen = app.screen
    assert isinstance(screen, RoutinesScreen)
    return screen


def labels(screen: RoutinesScreen) -> list[str]:
    listing = screen.query_one("#routine-list", OptionList)
    return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]


async def test_each_routine_is_listed_by_the_name_play_takes() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_routines(app, pilot)
        first_lines = [label.splitlines()[0] for label in labels(screen)]
        assert first_lines == [entry.slug for entry in screen.entries]
        assert "lower-back" in first_lines
        head = str(screen.query_one("#routine-head").render())
        assert f"acupress play {screen.entries[0].slug}" in head


def broken_routine() -> Path:
    folder = paths.user_routines_dir()
    folder.mkdir(parents=True)
    path = folder / "zz-mine.toml"
    path.write_text('title = "Mine"\narea = "neck"\n\n[[steps]]\npoint = "XX99"\nseconds = 30\n')
    return path


async def test_reload_keeps_the_choice_and_withdraws_what_is_fixed() -> None:
    path = broken_routine()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_routines(app, pilot)
        await pilot.press("end")
        listing = screen.query_one("#routine-list", OptionList)
        assert screen.entries[listing.highlighted or 0].slug == "zz-mine"
        await pilot.press("enter")  # cannot be played: says why
        await pilot.pause()
        assert any("zz-mine cannot be played" in n.message for n in app._notifications)
        path.write_text(path.read_text().replace("XX99", "GB21"))
        await pilot.press("r")
        await pilot.pause()
        assert screen.entries[listing.highlighted or 0].slug == "zz-mine"  # still chosen
        assert not any("zz-mine cannot be played" in n.message for n in app._notifications)
        assert screen.entries[-1].routine is not None


async def test_the_preview_shows_a_hold_warning_with_its_line(isolated_dirs: Path) -> None:
    folder = isolated_dirs / "config" / "acupress" / "routines"
    folder.mkdir(parents=True)
    (folder / "zz-long.toml").write_text(
        'title = "Long"\narea = "sciatica"\n\n[[steps]]\npoint = "BL40"\nseconds = 90\n',
        encoding="utf-8",
    )
    app = AcupressApp(show_notice=False, settings=Settings(pregnancy_mode=True))
    app.animation_level = "none"
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        listing = app.screen.query_one(OptionList)
        cautions = app.screen.query_one("#routine-cautions", Static)
        assert "warning" not in str(cautions.render())  # the first built-in is within bounds
        listing.highlighted = listing.option_count - 1
        await pilot.pause()
        text = " ".join(str(cautions.render()).split())
        assert "zz-long.toml:6: warning: step 1 holds BL40 for 90 s" in text
        assert "Pregnancy mode" not in text  # BL40 carries no pregnancy caution
        listing.highlighted = 0  # desk-break: GB21 and LI4 are traditionally avoided
        await pilot.pause()
        assert "Pregnancy mode: you will be asked" in str(cautions.render())


async def test_a_preview_longer_than_the_screen_says_there_is_more_below() -> None:
    from tui.widgets.scroll_hint import ScrollHint

    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        screen = await open_routines(app, pilot)
        listing = screen.query_one("#routine-list", OptionList)
        listing.highlighted = [e.slug for e in screen.entries].index("upper-back")
        await pilot.pause()
        await pilot.pause()
        hint = screen.query_one("#routine-more", ScrollHint)
        assert hint.shown == "more" and "more below" in str(hint.render())
        screen.query_one("#routine-preview").scroll_end(animate=False)
        await pilot.pause()
        await pilot.pause()
        assert hint.shown == "end"

"""The routine picker's preview: hold warnings and pregnancy, read from the catalogue's fields."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList, Static

from tui.app import AcupressApp
from tui.core.settings import Settings


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

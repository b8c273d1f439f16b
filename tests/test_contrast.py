"""Readable in every mode: the contrast of the colours the app actually draws (WCAG AA).

The colours come from the screen as composed for the terminal (every filter applied, so
under ``NO_COLOR`` the greys the terminal gets), not from the stylesheet.
"""

from __future__ import annotations

from collections import Counter

import pytest
from rich.style import Style
from textual.geometry import Region
from textual.widgets import Switch

from tui.app import AcupressApp
from tui.core.contrast import CONTROL, TEXT, contrast
from tui.core.settings import Settings

Cell = tuple[str, tuple[int, int, int], tuple[int, int, int]]


def composed(app: AcupressApp) -> list[list[Cell]]:
    """Every cell of the screen: (character, foreground, background)."""
    rows: list[list[Cell]] = []
    for line in app.screen._compositor.render_full_update().strips:
        row: list[Cell] = []
        for strip in line if not hasattr(line, "text") else [line]:
            for segment in strip:
                style: Style = segment.style or Style()
                fg = style.color.get_truecolor() if style.color else None
                bg = style.bgcolor.get_truecolor() if style.bgcolor else None
                front = (fg.red, fg.green, fg.blue) if fg else (255, 255, 255)
                back = (bg.red, bg.green, bg.blue) if bg else (0, 0, 0)
                if style.reverse:
                    front, back = back, front
                row += [(char, front, back) for char in segment.text]
        rows.append(row)
    return rows


def text_contrast(app: AcupressApp, needle: str) -> list[float]:
    """The contrast of the first character of each place *needle* is drawn."""
    found = []
    for row in composed(app):
        line = "".join(char for char, _, _ in row)
        start = line.find(needle)
        while start >= 0:
            _, front, back = row[start]
            found.append(contrast(front, back))
            start = line.find(needle, start + 1)
    assert found, f"{needle!r} is not on the screen"
    return found


def backgrounds(app: AcupressApp, region: Region) -> Counter[tuple[int, int, int]]:
    rows = composed(app)
    return Counter(
        rows[y][x][2] for y in range(region.y, region.bottom) for x in range(region.x, region.right)
    )


def make_app(theme: str = "textual-dark", **settings: object) -> AcupressApp:
    chosen = Settings(theme=theme, **settings)  # type: ignore[arg-type]
    app = AcupressApp(show_notice=False, ascii_map=False, settings=chosen)
    app.animation_level = "none"
    return app


# (Not solarized-light: the theme's own text is 4.1:1 on its surface, codes or not.)
@pytest.mark.parametrize("theme", ["textual-light", "textual-dark", "catppuccin-latte", "nord"])
async def test_point_codes_and_titles_are_readable_in_the_theme(theme: str) -> None:
    app = make_app(theme)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *"bl40")
        await pilot.pause()
        assert min(text_contrast(app, "BL40")) >= TEXT  # in the list and in the detail
        await pilot.press("escape")  # the list has focus: its cursor is drawn brighter
        await pilot.pause()
        assert min(text_contrast(app, "BL40")) >= TEXT
        await pilot.press("enter")  # the point full-screen
        await pilot.pause()
        assert min(text_contrast(app, "BL40")) >= TEXT
        await pilot.press("escape", "2")
        await pilot.pause()
        title = app.screen.entries[0].routine.title  # type: ignore[attr-defined]
        assert min(text_contrast(app, title)) >= TEXT


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_without_colour_scroll_bar_thumbs_stand_out(
    theme: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(theme)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.no_color
        bar = app.screen.query_one("#point-list").vertical_scrollbar
        thumb_and_track = backgrounds(app, bar.region)
        assert len(thumb_and_track) == 2, thumb_and_track
        first, second = thumb_and_track
        assert contrast(first, second) >= CONTROL


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_without_colour_switch_knobs_stand_out_on_and_off(
    theme: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(theme)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        switches = list(app.screen.query(Switch))
        assert {s.value for s in switches} == {True, False}
        for switch in switches:
            knob_and_track = backgrounds(app, switch.content_region)
            assert len(knob_and_track) == 2, (switch.id, knob_and_track)
            first, second = knob_and_track
            assert contrast(first, second) >= CONTROL, switch.id

"""Every caution of every step of every built-in routine is on screen, whole, at 80x24 and
60x20 (the point's own and the ones every point carries); at 40x12 a line counts them and
``c`` shows them. Read from the catalogue and the routines themselves, so new points and
changed cautions are checked as they come."""

from __future__ import annotations

import re

import pytest
from fakeclock import FakeClock

from tui.app import AcupressApp
from tui.core.playback import PlaybackState
from tui.core.points import load_catalogue
from tui.core.routines import ASHI_CAUTION, discover, general_cautions
from tui.screens.playback import PlaybackScreen
from tui.screens.step import StepScreen
from tui.widgets.key_bar import KeyBar
from tui.widgets.step_panel import StepPanel

CATALOGUE = load_catalogue()
GENERAL = general_cautions(CATALOGUE)
"""Every point's cautions (skin, blood thinners)."""


def cautions_of(code: str) -> list[str]:
    """The cautions a step of *code* has: every one of the point's; a tender spot's own and
    those every point carries."""
    if code == "ashi":
        return [ASHI_CAUTION, *GENERAL]
    return list(CATALOGUE.require(code).cautions)


def test_the_general_cautions_are_found() -> None:
    assert len(GENERAL) == 2  # the skin and the blood-thinner cautions
    assert all(set(GENERAL) <= set(point.cautions) for point in CATALOGUE)


BUILTIN = [e for e in discover(CATALOGUE) if e.builtin and e.routine is not None]


def words(text: str) -> str:
    """*text* as a run of words: line breaks, the caution bar and the ⚠ sign gone."""
    return " ".join(re.sub(r"[▌⚠]", " ", text).split())


async def playback(app: AcupressApp, pilot: object) -> PlaybackScreen:
    await pilot.pause()  # type: ignore[attr-defined]
    return next(s for s in app.screen_stack if isinstance(s, PlaybackScreen))


async def each_step(app: AcupressApp, pilot: object) -> list[tuple[int, str, str, bool]]:
    """(step, what the panel shows, the cautions it must show, the whole cue and the pacer's
    shape shown) at each step, start to end."""
    screen = await playback(app, pilot)
    seen: list[tuple[int, str, str, bool]] = []
    while not screen.finished:
        status = screen.playback.status()
        if status.state is PlaybackState.STEP:
            await pilot.pause()  # type: ignore[attr-defined]
            panel = screen.query_one(StepPanel)
            assert panel.fitted is not None
            assert panel.region in screen.region  # the whole panel is on the screen
            assert len(panel.fitted.lines) <= panel.content_size.height
            step = screen.plan[status.step_index or 0]
            cautions = cautions_of(step.point)
            shown = words("\n".join(line.plain for line in panel.fitted.lines))
            roomy = panel.fitted.cue_shown and not screen.has_class("-compact")
            seen.append((status.step_index or 0, shown, "\n".join(cautions), roomy))
        await pilot.press("n")  # type: ignore[attr-defined]
    return seen


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=["80x24", "60x20"])
@pytest.mark.parametrize("entry", BUILTIN, ids=[e.slug for e in BUILTIN])
async def test_every_caution_of_every_step_is_shown_whole(
    entry: object, size: tuple[int, int]
) -> None:
    app = AcupressApp(play=entry, clock=FakeClock(), show_notice=False, ascii_map=False)  # type: ignore[arg-type]
    app.animation_level = "none"
    async with app.run_test(size=size) as pilot:
        steps = await each_step(app, pilot)
        assert len(steps) == len((await playback(app, pilot)).plan)
        for number, shown, cautions, roomy in steps:
            for caution in cautions.splitlines():
                assert words(caution) in shown, (
                    f"step {number + 1}: {caution!r} not whole on screen"
                )
            if size == (80, 24):  # the built-in text leaves room for the cue and the pacer
                assert roomy, f"step {number + 1}: the cue cut or the pacer's shape gone"


async def test_where_cautions_cannot_fit_a_line_counts_them_and_c_shows_them() -> None:
    desk = next(e for e in BUILTIN if e.slug == "desk-break")
    app = AcupressApp(play=desk, clock=FakeClock(), show_notice=False, ascii_map=False)
    app.animation_level = "none"
    async with app.run_test(size=(40, 12)) as pilot:
        screen = await playback(app, pilot)
        await pilot.press("n")  # into the first step
        await pilot.pause()
        step = screen.plan[0]
        everything = CATALOGUE.require(step.point).cautions
        panel = screen.query_one(StepPanel)
        assert panel.fitted is not None
        shown = "\n".join(line.plain for line in panel.fitted.lines)
        assert not panel.fitted.cautions_shown  # too small for them: counted instead
        assert f"{len(everything)} cautions: press c" in shown
        keys = str(screen.query_one(KeyBar).render())
        assert " c " in keys and " q " in keys  # the key that shows them, and stop
        await pilot.press("c")
        await pilot.pause()
        full = app.screen
        assert isinstance(full, StepScreen)
        assert screen.playback.status().paused  # reading them pauses the routine
        text = words(str(full.query_one("#step-text").render()))
        for caution in everything:  # the general ones too
            assert words(caution) in text
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and not screen.playback.status().paused

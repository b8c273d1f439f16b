"""The command palette runs the app's actions by name: routines, points, settings, the journal."""

from __future__ import annotations

import json
import stat
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from textual.command import CommandList, CommandPalette

from tui.app import AcupressApp
from tui.core.journal.entry import Entry
from tui.core.journal.store import JournalStore
from tui.core.journal.writer import render_journal

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=timezone(timedelta(hours=1)))


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(AcupressApp, "now", lambda self: NOW)


def make_app(journal: Path | None = None) -> AcupressApp:
    app = AcupressApp(show_notice=False, ascii_map=False, journal_path=journal)
    app.animation_level = "none"
    return app


async def search(app: AcupressApp, pilot: object, query: str) -> list[str]:
    """Open the palette with its plain key, type *query*; the prompts offered, best first."""
    await pilot.press("colon")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    assert isinstance(app.screen, CommandPalette)
    palette = app.screen
    await pilot.press(*query)  # type: ignore[attr-defined]
    for _ in range(50):
        await pilot.pause(0.05)  # type: ignore[attr-defined]
        hits = palette.query_one(CommandList)
        searching = [w for w in app.workers if w.node is palette and not w.is_finished]
        if hits.option_count and not searching:
            break
    return [str(hits.get_option_at_index(i).prompt) for i in range(hits.option_count)]


async def settle(app: AcupressApp, pilot: object) -> None:
    for _ in range(20):
        await pilot.pause()  # type: ignore[attr-defined]
        busy = [w for w in app.workers if not w.is_finished and w.group != "play"]
        if not busy:
            break
        await app.workers.wait_for_complete(busy)
    await pilot.pause()  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("play", "Play lower-back"),
        ("bl40", "Point BL40"),
        ("preg", "Pregnancy mode: turn on"),
        ("bell", "Bell: mute"),
        ("trend", "Journal trends"),
        ("weizhong", "Point BL40"),  # pinyin without its tone marks
        ("ap1", "Point LI4"),  # an alias
        ("log", "Log pain"),
        ("export", "Export the journal"),
        ("safety", "Safety notice"),
    ],
)
async def test_every_action_is_found_by_name(query: str, expected: str) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        prompts = await search(app, pilot, query)
        assert any(expected in prompt for prompt in prompts), prompts


async def test_a_point_opens_full_screen() -> None:
    from tui.screens.point import PointScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.run_action("section('routines')")
        await pilot.pause()
        prompts = await search(app, pilot, "bl40")
        assert prompts[0].startswith("Point BL40")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, PointScreen) and app.screen.point.code == "BL40"
        assert app.current_mode == "points"


async def test_play_by_name_starts_the_routine() -> None:
    from tui.screens.playback import PlaybackScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await search(app, pilot, "play desk-break")
        await pilot.press("enter")
        for _ in range(20):
            await pilot.pause()
            if isinstance(app.screen, PlaybackScreen):
                break
        assert isinstance(app.screen, PlaybackScreen) and app.screen.slug == "desk-break"


async def test_pregnancy_mode_from_the_palette_reaches_the_open_browser() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await search(app, pilot, "pregnancy mode")
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.settings.pregnancy_mode
        listing = app.screen.query_one("#point-list")
        labels = [str(o.prompt) for o in listing.options]  # type: ignore[attr-defined]
        assert any("⚠" in label and "LI4" in label for label in labels)


async def test_log_pain_opens_the_journal_ready_for_a_level(tmp_path: Path) -> None:
    from tui.screens.journal import JournalScreen
    from tui.widgets.level_picker import LevelPicker

    app = make_app(tmp_path / "journal.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await search(app, pilot, "log pain")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, JournalScreen)
        assert isinstance(app.focused, LevelPicker)


async def test_export_writes_a_new_private_file_and_never_over_the_journal(
    tmp_path: Path, isolated_dirs: Path
) -> None:
    journal = tmp_path / "journal.toml"
    entries = [
        Entry.from_table({"id": f"e{n}", "at": NOW - timedelta(days=n), "level": n})
        for n in range(3)
    ]
    journal.write_text(render_journal(entries))
    documents = isolated_dirs / "Documents"
    documents.mkdir()
    taken = documents / "acupress-journal-2026-11-23.json"
    taken.write_text("mine\n")
    app = make_app(journal)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await search(app, pilot, "export the journal")
        await pilot.press("enter")
        await settle(app, pilot)
        assert any(n.title == "Journal exported" for n in app._notifications)
    assert taken.read_text() == "mine\n"  # an existing file is never replaced
    written = documents / "acupress-journal-2026-11-23-2.json"
    data = json.loads(written.read_text())
    assert [e["id"] for e in data] == ["e2", "e1", "e0"]  # oldest first
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert len(JournalStore(journal).load()) == 3


async def test_in_playback_the_palette_offers_playback_s_own_keys_only() -> None:
    from fakeclock import FakeClock

    from tui.core.points import load_catalogue
    from tui.core.routines import find_routine

    entry = find_routine("lower-back", load_catalogue())
    app = AcupressApp(play=entry, clock=FakeClock(), show_notice=False, ascii_map=False)
    app.animation_level = "none"
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        prompts = await search(app, pilot, "next")
        assert any("Next step" in p for p in prompts)
        await pilot.press("escape")
        await pilot.pause()
        prompts = await search(app, pilot, "play")
        assert not any(p.startswith("Play ") for p in prompts)  # would leave the routine

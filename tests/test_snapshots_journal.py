"""Snapshots of the journal section with fixed data and a fixed "now", at 80x24 and 60x20.

Each new or changed SVG is looked at as a picture before it is accepted
(``pytest --snapshot-update``, then ``rsvg-convert -w 1000 X.svg -o X.png``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tui.app import AcupressApp
from tui.core.journal.entry import Entry
from tui.core.journal.writer import render_journal
from tui.screens.rate import RatePainScreen

SnapCompare = Callable[..., bool]
SMALL = (60, 20)
TZ = timezone(timedelta(hours=1))
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=TZ)


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(AcupressApp, "now", lambda self: NOW)


def sample_entries() -> list[Entry]:
    """Six weeks of ratings, easing off, with a routine rated before and after each week."""
    entries: list[Entry] = []
    for days_ago in range(40, -1, -1):
        if days_ago % 3 == 1:
            continue  # some days without a rating
        level = max(0, min(10, round(7 - (40 - days_ago) * 0.1 + (days_ago % 4) - 1.5)))
        at = NOW - timedelta(days=days_ago, hours=1 + days_ago % 5)
        routine: dict[str, object] = {}
        if days_ago % 7 == 0:
            session = {"routine": "lower-back", "session": f"s{days_ago}"}
            entries.append(
                Entry.from_table(
                    {
                        "id": f"b{days_ago}",
                        "at": at - timedelta(minutes=20),
                        "level": min(10, level + 2),
                        "areas": ["lower-back"],
                        "phase": "before",
                        **session,
                    }
                )
            )
            routine = {"phase": "after", **session}
        entries.append(
            Entry.from_table(
                {
                    "id": f"e{days_ago}",
                    "at": at,
                    "level": level,
                    "areas": ["lower-back", "buttock-hip"] if days_ago % 2 else ["neck"],
                    "note": "Stiff after the drive.\nBetter later." if days_ago % 5 == 0 else None,
                    **routine,
                }
            )
        )
    return entries


def journal_app(path: Path, *, ascii_map: bool = False) -> AcupressApp:
    app = AcupressApp(journal_path=path, show_notice=False, ascii_map=ascii_map)
    app.animation_level = "none"
    return app


def sample_app(tmp_path: Path, *, ascii_map: bool = False) -> AcupressApp:
    path = tmp_path / "journal.toml"
    path.write_text(render_journal(sample_entries()), encoding="utf-8")
    return journal_app(path, ascii_map=ascii_map)


def journal(*keys: str) -> Callable[[Pilot[Any]], Any]:
    """Open the journal, wait for it to load, then press *keys*."""

    async def run(pilot: Pilot[Any]) -> None:
        await pilot.press("3")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()

    return run


class TestJournalLog:
    def test_log(self, snap_compare: SnapCompare, tmp_path: Path) -> None:
        assert snap_compare(sample_app(tmp_path), run_before=journal())

    def test_log_small(self, snap_compare: SnapCompare, tmp_path: Path) -> None:
        assert snap_compare(sample_app(tmp_path), terminal_size=SMALL, run_before=journal())

    def test_form_filled_in(self, snap_compare: SnapCompare, tmp_path: Path) -> None:
        keys = ("6", "tab", "space", "right", "right", "space", "tab", *"after the drive")
        assert snap_compare(sample_app(tmp_path), run_before=journal(*keys))

    def test_empty(self, snap_compare: SnapCompare, tmp_path: Path) -> None:
        assert snap_compare(journal_app(tmp_path / "none.toml"), run_before=journal())


class TestJournalTrends:
    def test_trends_30_days(self, snap_compare: SnapCompare, tmp_path: Path) -> None:
        assert snap_compare(sample_app(tmp_path), run_before=journal("t"))

    def test_trends_30_days_small(self, snap_compare: SnapCompare, tmp_path: Path) -> None:
        assert snap_compare(sample_app(tmp_path), terminal_size=SMALL, run_before=journal("t"))

    def test_trends_90_days(self, snap_compare: SnapCompare, tmp_path: Path) -> None:
        assert snap_compare(sample_app(tmp_path), run_before=journal("r"))

    def test_trends_365_days_ascii(self, snap_compare: SnapCompare, tmp_path: Path) -> None:
        app = sample_app(tmp_path, ascii_map=True)
        assert snap_compare(app, run_before=journal("r", "r"))


class TestJournalUnavailable:
    # A relative path (from tmp_path) keeps the message the same on every run.
    def test_invalid_file(
        self, snap_compare: SnapCompare, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.chdir(tmp_path)
        path = Path("journal.toml")
        path.write_text(
            'version = 1\n\n[[entries]]\nid = "x1"\nat = 2026-11-22T08:00:00+01:00\n'
            "level = 12\nareas = []\n",
            encoding="utf-8",
        )
        assert snap_compare(journal_app(path), run_before=journal())

    def test_invalid_file_small(
        self, snap_compare: SnapCompare, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.chdir(tmp_path)
        path = Path("journal.toml")
        path.write_text('version = 1\n\n[[entries]\nid = "x1"\n', encoding="utf-8")
        assert snap_compare(journal_app(path), terminal_size=SMALL, run_before=journal())


class TestJournalEditing:
    def test_edit(self, snap_compare: SnapCompare, tmp_path: Path) -> None:
        async def run(pilot: Pilot[Any]) -> None:
            await journal()(pilot)
            pilot.app.screen.query_one("#journal-table").focus()
            await pilot.press("down", "e")
            await pilot.pause()

        assert snap_compare(sample_app(tmp_path), run_before=run)

    def test_delete_question(self, snap_compare: SnapCompare, tmp_path: Path) -> None:
        async def run(pilot: Pilot[Any]) -> None:
            await journal()(pilot)
            pilot.app.screen.query_one("#journal-table").focus()
            await pilot.press("d")
            await pilot.pause()

        assert snap_compare(sample_app(tmp_path), run_before=run)


class TestRatePain:
    def test_after_routine(self, snap_compare: SnapCompare, tmp_path: Path) -> None:
        app = journal_app(tmp_path / "none.toml")  # over the journal: not another section

        async def run(pilot: Pilot[Any]) -> None:
            await journal()(pilot)
            pilot.app.push_screen(RatePainScreen("How is your pain now?"))
            await pilot.pause()
            await pilot.press("4")
            await pilot.pause()

        assert snap_compare(app, run_before=run)

    def test_after_routine_small(self, snap_compare: SnapCompare, tmp_path: Path) -> None:
        app = journal_app(tmp_path / "none.toml")  # over the journal: not another section

        async def run(pilot: Pilot[Any]) -> None:
            await journal()(pilot)
            pilot.app.push_screen(RatePainScreen("How is your pain now?"))
            await pilot.pause()
            await pilot.press("9", "right")
            await pilot.pause()

        assert snap_compare(app, terminal_size=SMALL, run_before=run)

    def test_edit_small(self, snap_compare: SnapCompare, tmp_path: Path) -> None:
        async def run(pilot: Pilot[Any]) -> None:
            await journal()(pilot)
            pilot.app.screen.query_one("#journal-table").focus()
            await pilot.press("e")  # the newest: a two-line note, every line shown
            await pilot.pause()

        assert snap_compare(sample_app(tmp_path), terminal_size=SMALL, run_before=run)


class TestEntryInFull:
    @pytest.mark.parametrize("size", [(80, 24), SMALL], ids=["80x24", "60x20"])
    def test_entry(self, snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]) -> None:
        from tui.screens.entry import EntryScreen

        async def run(pilot: Pilot[Any]) -> None:
            await journal()(pilot)
            newest = max(sample_entries(), key=lambda e: e.at)
            pilot.app.push_screen(EntryScreen(newest))
            await pilot.pause()

        assert snap_compare(sample_app(tmp_path), terminal_size=size, run_before=run)

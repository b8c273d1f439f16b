"""The journal section driven with Pilot: quick entry, edit, delete, an invalid file, the chart range,
and the rating modal used after routines."""

from __future__ import annotations

import asyncio
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from textual.coordinate import Coordinate
from textual.widgets import Static

from tui.app import AcupressApp
from tui.core.journal.entry import Entry
from tui.core.journal.store import JournalStore
from tui.core.journal.writer import render_journal
from tui.screens.confirm import ConfirmScreen
from tui.screens.journal import EntryTable, JournalScreen
from tui.screens.rate import RatePainScreen
from tui.widgets.area_picker import AreaPicker
from tui.widgets.level_picker import LevelPicker
from tui.widgets.pain_chart import PainChart
from tui.widgets.pain_form import PainForm, RateResult

TZ = timezone(timedelta(hours=1))
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=TZ)


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(AcupressApp, "now", lambda self: NOW)


def entry(id: str, days_ago: int, level: int, **extra: object) -> Entry:
    return Entry.from_table(
        {"id": id, "at": NOW - timedelta(days=days_ago, hours=1), "level": level, **extra}
    )


def write(path: Path, *entries: Entry) -> bytes:
    raw = render_journal(entries).encode()
    path.write_bytes(raw)
    return raw


def make_app(path: Path) -> AcupressApp:
    app = AcupressApp(journal_path=path, show_notice=False, ascii_map=False)
    app.animation_level = "none"
    return app


async def open_journal(app: AcupressApp, pilot: object) -> JournalScreen:
    await app.run_action("section('journal')")
    await app.workers.wait_for_complete()
    await pilot.pause()  # type: ignore[attr-defined]
    screen = app.screen
    assert isinstance(screen, JournalScreen)
    return screen


async def settle(app: AcupressApp, pilot: object) -> None:
    """Wait until every worker is done: a write, then the reading it asks for."""
    for _ in range(20):
        await pilot.pause()  # type: ignore[attr-defined]
        busy = [w for w in app.workers if not w.is_finished]
        if not busy and not app._writing:
            break
        if busy:
            await app.workers.wait_for_complete(busy)
    await pilot.pause()  # type: ignore[attr-defined]


def table_ids(screen: JournalScreen) -> list[str]:
    table = screen.query_one(EntryTable)
    return [str(row.key.value) for row in table.ordered_rows]


async def test_key_3_opens_the_journal_with_the_level_picker_focused(tmp_path: Path) -> None:
    app = make_app(tmp_path / "journal.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await settle(app, pilot)
        assert isinstance(app.screen, JournalScreen)
        assert isinstance(app.focused, LevelPicker)
        assert "No ratings yet" in str(app.screen.query_one("#journal-status", Static).render())


@pytest.mark.parametrize(
    ("width", "shown", "left_out"),
    [(80, "⏎ Save  t Log / Trends  r Chart range", ""), (40, "⏎ Save  t Log  r Chart", "Trends")],
)
async def test_key_line_shortens_descriptions_to_keep_every_key_in_sight(
    tmp_path: Path, width: int, shown: str, left_out: str
) -> None:
    from tui.widgets.key_bar import KeyBar

    app = make_app(tmp_path / "journal.toml")
    async with app.run_test(size=(width, 20)) as pilot:
        screen = await open_journal(app, pilot)
        line = str(screen.query_one(KeyBar).render())
        assert len(line) <= width
        assert shown in line and "? Help  q Quit" in line
        assert not left_out or left_out not in line


async def test_quick_entry_saves_level_areas_and_note(tmp_path: Path) -> None:
    path = tmp_path / "journal.toml"
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_journal(app, pilot)
        await pilot.press("7", "tab")
        assert isinstance(app.focused, AreaPicker)
        await pilot.press("space", "right", "right", "space", "tab", *"after the drive", "enter")
        await settle(app, pilot)
        (saved,) = JournalStore(path).load()
        assert saved.level == 7
        assert saved.areas == ("lower-back", "neck")
        assert saved.note == "after the drive"
        assert saved.at == NOW
        assert saved.routine is None
        assert table_ids(screen) == [saved.id]
        form = screen.query_one(PainForm)
        assert form.result() is None  # the form is cleared for the next rating
        assert isinstance(app.focused, LevelPicker)


async def test_ten_with_right_arrow_and_ctrl_s_saves_from_anywhere(tmp_path: Path) -> None:
    path = tmp_path / "journal.toml"
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_journal(app, pilot)
        await pilot.press("9", "right", "right", "tab", "tab", *"x", "ctrl+s")
        await settle(app, pilot)
        (saved,) = JournalStore(path).load()
        assert (saved.level, saved.areas, saved.note) == (10, (), "x")


async def test_digits_pick_a_level_instead_of_switching_section(tmp_path: Path) -> None:
    app = make_app(tmp_path / "journal.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_journal(app, pilot)
        await pilot.press("1")
        assert app.screen is screen
        assert screen.query_one(LevelPicker).level == 1


async def test_saving_without_a_level_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "journal.toml"
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_journal(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert not path.exists()


async def test_table_is_newest_first_and_edit_updates_the_entry(tmp_path: Path) -> None:
    path = tmp_path / "journal.toml"
    write(
        path,
        entry("old", 3, 6, areas=["neck"], note="first line\nsecond line"),
        entry("new", 1, 4),
    )
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_journal(app, pilot)
        assert table_ids(screen) == ["new", "old"]
        table = screen.query_one(EntryTable)
        table.focus()
        await pilot.press("down", "e")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, RatePainScreen)
        assert modal.query_one(LevelPicker).level == 6
        await pilot.press("3", "tab", "space")  # level 3, and lower-back added
        await pilot.press("enter")
        await settle(app, pilot)
        by_id = {e.id: e for e in JournalStore(path).load()}
        assert by_id["old"].level == 3
        assert by_id["old"].areas == ("lower-back", "neck")
        assert by_id["old"].note == "first line\nsecond line"  # untouched multi-line note kept
        assert by_id["old"].at == NOW - timedelta(days=3, hours=1)
        assert by_id["new"].level == 4


async def test_edit_cancelled_with_escape_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "journal.toml"
    raw = write(path, entry("only", 1, 5))
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_journal(app, pilot)
        screen.query_one(EntryTable).focus()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, RatePainScreen)
        await pilot.press("8", "escape")
        await settle(app, pilot)
        assert app.screen is screen
        assert path.read_bytes() == raw


async def test_delete_asks_first_and_no_keeps_the_entry(tmp_path: Path) -> None:
    path = tmp_path / "journal.toml"
    raw = write(path, entry("a", 2, 5), entry("b", 1, 4))
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_journal(app, pilot)
        screen.query_one(EntryTable).focus()
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(app, pilot)
        assert path.read_bytes() == raw
        assert table_ids(screen) == ["b", "a"]
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
        assert [e.id for e in JournalStore(path).load()] == ["a"]
        assert table_ids(screen) == ["a"]


async def test_invalid_journal_is_unavailable_and_never_written(tmp_path: Path) -> None:
    path = tmp_path / "journal.toml"
    raw = (
        b"version = 1\n\n[[entries]]\n"
        b'id = "x1"\nat = 2026-11-22T08:00:00+01:00\nlevel = 12\nareas = []\n'
    )
    path.write_bytes(raw)
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_journal(app, pilot)
        status = str(screen.query_one("#journal-status", Static).render())
        assert "unavailable" in status
        assert f"{path}:6:" in status
        assert "not 12" in status
        assert screen.query_one(PainForm).disabled
        assert screen.check_action("save", ()) is False  # left out of the key line
        await pilot.press("5", "enter", "ctrl+s")
        await settle(app, pilot)
        assert path.read_bytes() == raw
        assert not (tmp_path / "journal.toml.bak").exists()
        assert table_ids(screen) == []


async def test_first_paint_shows_loading_and_does_not_wait_for_the_journal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "journal.toml"
    write(path, entry("a", 1, 5))
    release = threading.Event()
    original = JournalStore.load

    def slow_load(self: JournalStore) -> list[Entry]:
        release.wait(10)
        return original(self)

    monkeypatch.setattr(JournalStore, "load", slow_load)
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.run_action("section('journal')")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, JournalScreen)
        assert "Loading" in str(screen.query_one("#journal-status", Static).render())
        assert table_ids(screen) == []
        release.set()
        await settle(app, pilot)
        assert table_ids(screen) == ["a"]


async def test_r_cycles_the_chart_range(tmp_path: Path) -> None:
    path = tmp_path / "journal.toml"
    write(path, entry("a", 1, 5), entry("b", 60, 8), entry("c", 200, 2))
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_journal(app, pilot)
        chart = screen.query_one(PainChart)
        title = screen.query_one("#journal-chart-title", Static)
        stats = screen.query_one("#journal-stats", Static)
        assert len(chart.days) == 30
        assert "1 rating in the last 30 days" in str(stats.render())
        await pilot.press("r")
        await pilot.pause()
        assert len(chart.days) == 90
        assert "last 90 days" in str(title.render())
        assert "2 ratings in the last 90 days" in str(stats.render())
        assert [d.mean for d in chart.days if d.mean is not None] == [8, 5]
        await pilot.press("r")
        await pilot.pause()
        assert len(chart.days) == 365
        assert chart.days[-1].day == NOW.date()
        await pilot.press("r")
        await pilot.pause()
        assert len(chart.days) == 30


async def test_stats_show_each_routines_before_and_after(tmp_path: Path) -> None:
    path = tmp_path / "journal.toml"
    pair = {"routine": "lower-back", "session": "s1"}
    write(
        path,
        entry("b", 1, 7, phase="before", **pair),
        entry("a", 0, 4, phase="after", **pair),
    )
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_journal(app, pilot)
        text = str(screen.query_one("#journal-stats", Static).render())
        assert "lower-back  7.0 → 4.0  (−3.0, 1 session)" in text


async def test_rate_pain_screen_returns_the_rating_or_none() -> None:
    app = AcupressApp(show_notice=False, ascii_map=False)
    app.animation_level = "none"
    results: list[RateResult | None] = []
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(RatePainScreen("How is your pain now?"), results.append)
        await pilot.pause()
        await pilot.press("enter")  # no level yet: stays open
        await pilot.pause()
        assert isinstance(app.screen, RatePainScreen)
        await pilot.press("9", "right", "tab", "right", "space", "enter")
        await pilot.pause()
        app.push_screen(RatePainScreen("How is your pain now?"), results.append)
        await pilot.pause()
        await pilot.press("4", "escape")
        await pilot.pause()
        app.push_screen(RatePainScreen("Rate", allow_skip=False), results.append)
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RatePainScreen)  # no skipping here
        await pilot.press("2", "enter")
        await pilot.pause()
    assert results == [
        RateResult(10, ("upper-back",), None),
        None,
        RateResult(2, (), None),
    ]


# ---- keys that never do two things ---------------------------------------------------------


async def test_digits_are_the_level_wherever_the_focus_is_and_g_goes_to_a_section(
    tmp_path: Path,
) -> None:
    from textual.widgets import TabbedContent

    from tui.screens.go import GoScreen
    from tui.widgets.sections import SectionBar

    path = tmp_path / "journal.toml"
    write(path, entry("a", 1, 5))
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_journal(app, pilot)
        assert "g then  1 Points" in screen.query_one(SectionBar).render().plain
        screen.query_one(EntryTable).focus()
        await pilot.press("4")
        assert app.screen is screen
        assert screen.query_one(LevelPicker).level == 4
        assert isinstance(app.focused, LevelPicker)  # the level picked is in sight
        await pilot.press("t")
        assert screen.query_one(TabbedContent).active == "journal-trends"
        await pilot.press("2")
        assert screen.query_one(TabbedContent).active == "journal-log"
        assert screen.query_one(LevelPicker).level == 2
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, GoScreen)
        await pilot.press("1")
        await pilot.pause()
        assert app.current_mode == "points"


async def test_help_on_the_journal_names_g_and_the_level_keys_once(tmp_path: Path) -> None:
    app = make_app(tmp_path / "journal.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_journal(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        keys = str(app.screen.query_one("#help-keys").render())
        assert "0-9" in keys and "g " in keys
        assert not any(line.startswith("1-4") for line in keys.splitlines())  # pain levels here
        assert keys.count("Save") == 1  # Enter and ^s on one line


# ---- following the file ----------------------------------------------------------------------


async def test_entries_saved_elsewhere_appear_and_nothing_is_read_while_nothing_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.screens.journal import POLL_SECONDS

    path = tmp_path / "journal.toml"
    write(path, entry("a", 1, 5))
    app = make_app(path)
    reads: list[Path] = []
    original = JournalStore.load

    def counted_load(self: JournalStore) -> list[Entry]:
        reads.append(self.path)
        return original(self)

    monkeypatch.setattr(JournalStore, "load", counted_load)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_journal(app, pilot)
        assert screen._poll is not None and POLL_SECONDS <= 2
        await pilot.press("6", "tab", "tab", *"typing")  # a rating being typed meanwhile
        reads.clear()
        for _ in range(5):  # five ticks of the poll with the file as it was: nothing read
            screen._check_file()
        await settle(app, pilot)
        assert reads == []
        JournalStore(path).append(entry("b", 0, 3))  # `acupress log 3`, another window
        screen._check_file()
        await settle(app, pilot)
        assert len(reads) == 1
        assert table_ids(screen) == ["b", "a"]
        form = screen.query_one(PainForm)
        assert form.level_picker.level == 6 and form.note_text == "typing"


async def test_the_poll_stops_while_the_section_is_not_shown(tmp_path: Path) -> None:
    app = make_app(tmp_path / "journal.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_journal(app, pilot)
        assert screen._poll is not None and screen._poll._active.is_set()
        await app.run_action("section('points')")
        await pilot.pause()
        assert not screen._poll._active.is_set()


# ---- the table and the full entry --------------------------------------------------------------


@pytest.mark.parametrize("width", [80, 60])
async def test_the_table_fits_without_sideways_scrolling(tmp_path: Path, width: int) -> None:
    path = tmp_path / "journal.toml"
    long_note = "A long note about the morning: stiff after the drive, better once warmed up."
    pair = {"routine": "lower-back", "session": "s1"}
    write(
        path,
        entry("b", 1, 7, phase="before", areas=["lower-back", "buttock-hip"], **pair),
        entry("n", 0, 4, phase="after", note=long_note + "\nSecond line.", **pair),
    )
    app = make_app(path)
    async with app.run_test(size=(width, 20)) as pilot:
        screen = await open_journal(app, pilot)
        table = screen.query_one(EntryTable)
        await pilot.pause()
        assert table.virtual_size.width <= table.scrollable_content_region.width
        cells = [str(table.get_cell_at(Coordinate(0, c))) for c in range(4)]
        assert cells[2].endswith("after")
        assert cells[3].endswith("…") and cells[3].startswith("A long note")
        table.focus()
        await pilot.press("enter")
        await pilot.pause()
        from tui.screens.entry import EntryScreen

        assert isinstance(app.screen, EntryScreen)
        text = str(app.screen.query_one("#entry-text").render())
        assert long_note in text and "Second line." in text
        await pilot.press("escape")


async def test_a_superseded_rating_is_listed_and_said_to_be_not_counted(tmp_path: Path) -> None:
    from tui.screens.entry import EntryScreen

    path = tmp_path / "journal.toml"
    pair = {"routine": "lower-back", "session": "s1", "phase": "before"}
    write(path, entry("first", 1, 7, **pair), entry("second", 0, 5, **pair))
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_journal(app, pilot)
        assert table_ids(screen) == ["second", "first"]  # read as they are
        assert "1 rating in the last 30 days" in str(screen.query_one("#journal-stats").render())
        screen.query_one(EntryTable).focus()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, EntryScreen)
        assert "Not counted" in str(app.screen.query_one("#entry-text").render())


# ---- nothing typed is lost ----------------------------------------------------------------------


async def test_the_editor_shows_and_keeps_every_line_and_corrects_the_time(tmp_path: Path) -> None:
    from textual.widgets import TextArea

    path = tmp_path / "journal.toml"
    note = "first line\nsecond line\nthird line"
    write(path, entry("only", 1, 6, note=note))
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_journal(app, pilot)
        screen.query_one(EntryTable).focus()
        await pilot.press("e")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, RatePainScreen)
        area = modal.query_one(TextArea)
        assert area.text == note
        assert area.cursor_location == area.document.end  # ready to add a line
        area.focus()
        await pilot.press("enter", *"fourth")
        when = modal.query_one(".rate-when")
        when.focus()  # type: ignore[attr-defined]
        when.value = "2026-11-20 07:15"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
    (saved,) = JournalStore(path).load()
    assert saved.note == note + "\nfourth"
    assert saved.at.replace(tzinfo=None) == datetime(2026, 11, 20, 7, 15)


@pytest.fixture
def new_york(monkeypatch: pytest.MonkeyPatch) -> object:
    import time

    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("new_york")
async def test_the_editor_refuses_a_time_the_clocks_skipped_and_notes_a_repeated_one(
    tmp_path: Path,
) -> None:
    path = tmp_path / "journal.toml"
    raw = write(path, entry("only", 1, 6))
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_journal(app, pilot)
        screen.query_one(EntryTable).focus()
        await pilot.press("e")
        await pilot.pause()
        modal = app.screen
        when = modal.query_one(".rate-when")
        when.value = "2024-03-10 02:30"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is modal  # refused: the dialog stays, with why
        error = str(modal.query_one("#rate-error").render())
        assert "did not happen" in error and "went forward" in error
        assert path.read_bytes() == raw
        when.value = "2024-11-03 01:30"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        assert any("happened twice" in n.message for n in app._notifications)
    (saved,) = JournalStore(path).load()
    assert saved.at.isoformat() == "2024-11-03T01:30:00-04:00"


async def test_a_failed_quick_save_keeps_the_form_and_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    path = tmp_path / "journal.toml"
    raw = write(path, entry("a", 1, 5))

    def disk_full(self: JournalStore, new: Entry) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(JournalStore, "append", disk_full)
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_journal(app, pilot)
        await pilot.press("7", "tab", "space", "tab", *"after the drive", "enter")
        await settle(app, pilot)
        assert any(
            n.title == "Not saved" and "No space left on device" in n.message
            for n in app._notifications
        )
        form = screen.query_one(PainForm)
        assert (form.level_picker.level, form.area_picker.areas) == (7, ("lower-back",))
        assert form.note_text == "after the drive"
    assert path.read_bytes() == raw


async def test_a_failed_edit_keeps_the_dialog_as_it_was(tmp_path: Path) -> None:
    from textual.widgets import TextArea

    path = tmp_path / "journal.toml"
    write(path, entry("only", 1, 6, note="one\ntwo"))
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_journal(app, pilot)
        screen.query_one(EntryTable).focus()
        await pilot.press("e")
        await pilot.pause()
        modal = app.screen
        broken = b"version = 1\n[[entries]]\nlevel = 12\n"
        path.write_bytes(broken)  # broken meanwhile, by hand
        modal.query_one(TextArea).load_text("one\ntwo\nthree")
        await pilot.press("3", "ctrl+s")
        await settle(app, pilot)
        assert app.screen is modal
        assert "Not saved" in str(modal.query_one("#rate-error").render())
        assert modal.query_one(TextArea).text == "one\ntwo\nthree"
        assert modal.query_one(LevelPicker).level == 3
    assert path.read_bytes() == broken


async def test_a_long_journal_fills_the_table_a_page_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.screens import journal as journal_screen

    monkeypatch.setattr(journal_screen, "PAGE_ROWS", 6)
    monkeypatch.setattr(journal_screen, "PAGE_MARGIN", 2)
    path = tmp_path / "journal.toml"
    write(path, *(entry(f"e{n:02d}", 40 - n, n % 11) for n in range(40)))
    newest_first = [f"e{n:02d}" for n in reversed(range(40))]
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_journal(app, pilot)
        assert table_ids(screen) == newest_first[:6]  # the newest only
        # The stats and chart are of every entry, not only those in the table.
        stats = str(screen.query_one("#journal-stats", Static).render())
        assert stats.startswith("29 ratings in the last 30 days")
        table = screen.query_one(EntryTable)
        table.focus()
        await pilot.press("down", "down", "down")  # within 2 rows of the end: 6 more
        await pilot.pause()
        assert table_ids(screen) == newest_first[:12]
        for _ in range(40):
            await pilot.press("down")
        await pilot.pause()
        assert table_ids(screen) == newest_first  # all of them, in order
        assert screen.query_one(EntryTable).selected_id() == "e00"
        # An edit of the oldest keeps it selected, its page and those before it shown.
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("7", "enter")
        await settle(app, pilot)
        assert table_ids(screen)[-1] == "e00" and table.selected_id() == "e00"
        assert {e.id: e.level for e in JournalStore(path).load()}["e00"] == 7


async def test_opening_the_section_reads_the_journal_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Textual resumes a screen twice as it is first shown: one read, not two at once."""
    path = tmp_path / "journal.toml"
    write(path, entry("a1", 1, 4))
    reads: list[str] = []
    load = JournalStore.load

    def counted(self: JournalStore) -> list[Entry]:
        reads.append(threading.current_thread().name)
        return load(self)

    monkeypatch.setattr(JournalStore, "load", counted)
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_journal(app, pilot)
        await settle(app, pilot)
        assert screen.loaded and table_ids(screen) == ["a1"]
        assert len(reads) == 1 and reads[0] != threading.main_thread().name
        await app.run_action("section('points')")
        await pilot.pause()
        await app.run_action("section('journal')")  # back, the file unchanged: no read
        await settle(app, pilot)
        assert len(reads) == 1
        write(path, entry("a1", 1, 4), entry("b2", 0, 6))  # changed elsewhere
        await app.run_action("section('points')")
        await pilot.pause()
        await app.run_action("section('journal')")
        await settle(app, pilot)
        assert len(reads) == 2 and table_ids(screen) == ["b2", "a1"]


async def test_a_read_overtaken_by_a_newer_one_is_not_shown(tmp_path: Path) -> None:
    path = tmp_path / "journal.toml"
    write(path, entry("a1", 1, 4))
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_journal(app, pilot)
        await settle(app, pilot)
        write(path, entry("zz", 0, 9))
        shown: list[object] = []
        screen.show_journal = lambda *args: shown.append(args)  # type: ignore[method-assign]
        # Read in a thread, as the worker does; cancelled: a newer read is on its way.
        await asyncio.to_thread(screen._read_and_show, lambda: True)
        assert shown == [] and table_ids(screen) == ["a1"]
        await asyncio.to_thread(screen._read_and_show, lambda: False)
        assert len(shown) == 1


async def test_a_big_journal_is_frozen_out_of_the_collector(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    from tui.screens import journal

    path = tmp_path / "journal.toml"
    write(path, entry("a1", 1, 4), entry("b2", 0, 6))
    monkeypatch.setattr(journal, "FREEZE_AT", 2)
    gc.unfreeze()
    app = make_app(path)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await open_journal(app, pilot)
            await settle(app, pilot)
            assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
    monkeypatch.setattr(journal, "FREEZE_AT", 3)
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_journal(app, pilot)
        await settle(app, pilot)
        assert gc.get_freeze_count() == 0  # a small journal: the collector as it was

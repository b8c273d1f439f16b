"""Hostile text in the app, driven with Pilot: the journal table, the entry editor, the delete
question, notifications, the journal shown unavailable, point detail, the routine list and
preview, playback, settings. Nothing crashes, the text is shown literally (markup as typed,
controls as escapes), and no control character from the data is drawn on the terminal (every
segment of the rendered screen is checked), and one end-to-end run in a real pty.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import os
import sys
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from fakeclock import FakeClock
from hostile import SAMPLES, SEQUENCES, assert_safe_segments, hostile_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.segment import Segment
from textual.widgets import OptionList, Static

from tui.app import AcupressApp
from tui.core import routines as routines_module
from tui.core.journal.entry import Entry
from tui.core.journal.writer import render_journal
from tui.core.points import Catalogue, load_catalogue
from tui.core.problems import Problem
from tui.core.routines import Routine, RoutineEntry, Step
from tui.core.safety import NOTICE_VERSION
from tui.core.settings import Settings
from tui.core.text import first_line, visible
from tui.screens.confirm import ConfirmScreen
from tui.screens.journal import NOTE_WIDTH, EntryTable, JournalScreen
from tui.screens.rate import RatePainScreen
from tui.widgets.pain_form import PainForm

TZ = timezone(timedelta(hours=1))
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=TZ)
SIZE = (120, 40)
SOME = settings(
    max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(AcupressApp, "now", lambda self: NOW)


def rendered(app: AcupressApp) -> tuple[list[Segment], str]:
    """Every segment the screen (with its notifications) would send, and its text."""
    strips = app.screen._compositor.render_strips()
    segments = [segment for strip in strips for segment in strip]
    return segments, "\n".join(strip.text for strip in strips)


def widget_texts(app: AcupressApp) -> str:
    """The plain text of every Static and list option on the screen, unwrapped."""
    parts: list[str] = []
    for widget in app.screen.query("*"):
        if isinstance(widget, Static):
            parts.append(str(widget.render()))
        elif isinstance(widget, OptionList):
            parts += [str(option.prompt) for option in widget.options]
    return "\n".join(parts)


def assert_shown_safely(app: AcupressApp, *expected: str) -> str:
    """No control character from the data drawn; each of *expected* shown (on one line of
    the screen, or in a widget's text where the screen wraps it)."""
    segments, text = rendered(app)
    assert_safe_segments(segments)
    texts = widget_texts(app)
    for piece in expected:
        assert piece in text or piece in texts, f"{piece!r} not on screen:\n{text}"
    return text


def make_app(journal: Path | str | None = None, **kwargs: object) -> AcupressApp:
    kwargs.setdefault("settings", Settings())
    app = AcupressApp(journal_path=journal, show_notice=False, ascii_map=False, **kwargs)  # type: ignore[arg-type]
    app.animation_level = "none"
    return app


async def settle(app: AcupressApp, pilot: object) -> None:
    """Until the journal is read or written (other workers wait on dialogs or run on)."""
    await pilot.pause()  # type: ignore[attr-defined]
    groups = ("journal-read", "journal-write", "journal")
    if pending := [w for w in app.workers if w.group in groups]:
        await app.workers.wait_for_complete(pending)
    await pilot.pause()  # type: ignore[attr-defined]


def entries_with(notes: list[str]) -> list[Entry]:
    return [
        Entry.from_table(
            {"id": f"e{n}", "at": NOW - timedelta(hours=n + 1), "level": n % 11, "note": note}
        )
        for n, note in enumerate(notes)
    ]


def shown_note(note: str) -> str:
    """What the table's note column starts with (the cut-off part left out)."""
    return visible(first_line(note), one_line=True)[: NOTE_WIDTH - 1]


# --- the journal ------------------------------------------------------------------------------


async def check_journal_notes(path: Path, notes: list[str]) -> None:
    entries = entries_with(notes)
    path.write_text(render_journal(entries))
    app = make_app(path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await app.run_action("section('journal')")
        await settle(app, pilot)
        assert isinstance(app.screen, JournalScreen)
        table = app.screen.query_one(EntryTable)
        assert table.row_count == len(entries)
        visible_rows = [n for n in notes if first_line(n)][:8]  # the rows that fit
        assert_shown_safely(app, *(shown_note(n)[:12] for n in visible_rows))
        table.focus()
        await pilot.press("home")
        await pilot.press("e")
        await settle(app, pilot)
        assert isinstance(app.screen, RatePainScreen)
        form = app.screen.query_one(PainForm)
        assert form.note_input.value == first_line(notes[0])  # the data kept exactly
        assert_shown_safely(app)
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("d")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert_shown_safely(app, shown_note(notes[0])[:12])
        await pilot.press("escape")


async def test_sample_notes_in_the_journal(tmp_path: Path) -> None:
    await check_journal_notes(tmp_path / "journal.toml", SAMPLES)


async def test_markup_notes_show_as_typed(tmp_path: Path) -> None:
    await check_journal_notes(
        tmp_path / "journal.toml", ["knee [/] hip", "pain [left side] after", "[@click=app.quit]x"]
    )


@SOME
@given(notes=st.lists(hostile_text(max_size=15), min_size=1, max_size=6))
def test_hostile_notes_in_the_journal(notes: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(check_journal_notes(Path(folder) / "journal.toml", notes))


async def test_a_note_typed_with_markup_and_escapes_is_saved_exactly_and_echoed_safely(
    tmp_path: Path,
) -> None:
    path = tmp_path / "journal.toml"
    note = "knee [/] hip " + "".join(SEQUENCES)
    app = make_app(path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await app.run_action("section('journal')")
        await settle(app, pilot)
        form = app.screen.query_one(PainForm)
        await pilot.press("4")
        form.note_input.value = note
        form.note_input.focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert_shown_safely(app, "Saved:", "knee [/] hip")
    from tui.core.journal.store import JournalStore

    assert [e.note for e in JournalStore(path).load()] == [note]


UNREADABLE = [
    'version = 1\n[[entries]]\nid = "a"\nat = 2024-01-01T00:00:00Z\nlevel = 3\nareas = ["\\u001b]0;pwned\\u0007 [/]"]\n',
    'version = 1\n"\\u001b[2J[b]" = 1\n',
    "version = 0\n[[entries]]\ndate = 0001-01-01T00:30:00\npain = 3\n",
    "version = 0\n[[entries]]\ndate = 1850-06-01\npain = 3\n",
    "version = 1\nx = " + "[" * 3000 + "]" * 3000 + "\n",
]


@pytest.mark.parametrize("body", UNREADABLE)
async def test_a_journal_that_cannot_be_read_is_shown_unavailable(
    tmp_path: Path, body: str
) -> None:
    path = tmp_path / "journal [b]\x1b]0;x\x07.toml"
    path.write_text(body)
    app = make_app(path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await app.run_action("section('journal')")
        await settle(app, pilot)
        text = assert_shown_safely(app, "The journal is unavailable.")
        assert visible(path.name) in text.replace("\n", "")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert_shown_safely(app)
    assert path.read_text() == body


async def test_a_broken_journal_setting_leaves_the_app_running(tmp_path: Path) -> None:
    config = tmp_path / "config [x].toml"
    problem = Problem(config, 1, "journal: unknown user 'nosuchuser\x1b[2J'", field="journal")
    app = make_app(None, settings_problems=[problem])
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        assert_shown_safely(app, "'nosuchuser\\x1b[2J'")  # in a notification
        await app.run_action("section('journal')")
        await settle(app, pilot)
        assert_shown_safely(app, "The journal is unavailable.", "fix the 'journal' setting")


async def test_an_unusable_journal_path_shows_the_journal_unavailable() -> None:
    app = make_app("~nosuchuser/journal.toml")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await app.run_action("section('journal')")
        await settle(app, pilot)
        assert_shown_safely(app, "The journal is unavailable.", "unknown user 'nosuchuser'")
        await pilot.press("ctrl+s")  # a save tried anyway: Save is disabled
        await settle(app, pilot)
        assert_shown_safely(app, "Quick entry is disabled.")
        assert isinstance(app.screen, JournalScreen)


# --- points, routines, playback, settings -----------------------------------------------------


def hostile_catalogue(text: str) -> Catalogue:
    real = load_catalogue()
    first = dataclasses.replace(
        real.points[0],
        pinyin=f"pin {text}",
        name=f"name {text}",
        location=f"location {text}",
        how_to_find=f"find {text}",
        technique=f"technique {text}",
        notes=f"notes {text}",
        cautions=(f"caution {text}",),
    )
    return Catalogue([first, *real.points[1:]], real.sources, path=real.path)


@pytest.mark.parametrize("text", SAMPLES[:6])
async def test_point_detail_shows_hostile_text_literally(text: str) -> None:
    app = make_app(None, catalogue=hostile_catalogue(text))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        shown = visible(text)[:15]
        assert_shown_safely(app, f"name {shown}", f"location {shown}", f"caution {shown}")


def constructed(text: str, slug: str = "mine") -> RoutineEntry:
    """A routine with hostile text that validation would refuse, as if it had got through."""
    # The dataclasses check only the safety bounds: the text checks are the file schema's.
    step = Step(point="LI4", side=None, seconds=30.0, cue=f"cue {text}")
    routine = Routine(
        title=f"title {text}",
        summary=f"summary {text}",
        area="neck",
        evidence=f"evidence {text}",
        sources=(f"source {text}",),
        steps=(step,),
    )
    return RoutineEntry(slug, Path(f"/tmp/{slug}.toml"), Path(f"/tmp/{slug}.toml"), routine)


@pytest.mark.parametrize("text", SAMPLES[:6])
async def test_routine_list_and_preview_show_hostile_text_literally(
    monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    broken = RoutineEntry(
        f"broken {text}",
        Path(f"/tmp/{text[:20]}.toml"),
        Path(f"/tmp/{text[:20]}.toml"),
        None,
        [Problem(f"/tmp/{text[:20]}.toml", 3, f"unknown field '{text}'")],
    )
    entries = [constructed(text), broken]
    monkeypatch.setattr("tui.screens.routines.discover", lambda catalogue: entries)
    app = make_app(None)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await app.run_action("section('routines')")
        await settle(app, pilot)
        shown = visible(text, one_line=True)[:12]
        assert_shown_safely(app, f"title {shown}", f"summary {visible(text)[:12]}")
        await pilot.press("down")
        await settle(app, pilot)
        assert_shown_safely(app, "cannot be played")
        await pilot.press("enter")
        await settle(app, pilot)
        assert_shown_safely(app, "is broken")


@pytest.mark.parametrize("text", SAMPLES[:6])
async def test_playback_shows_hostile_text_literally(text: str) -> None:
    app = make_app(None, play=constructed(text, slug="my routine [x]"), clock=FakeClock())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        assert_shown_safely(
            app, f"title {visible(text, one_line=True)[:12]}", f"cue {visible(text)[:12]}"
        )
        await pilot.press("3")  # rate the pain before: the slug cannot go in a journal
        await settle(app, pilot)
        assert_shown_safely(app, "Not saved")


async def test_settings_show_a_hostile_journal_path_safely() -> None:
    path = Path("/j\x1b]0;pwned\x07 [b].toml")
    app = make_app(None, settings=Settings(journal=path))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await app.run_action("section('settings')")
        await settle(app, pilot)
        assert_shown_safely(app, "j␛]0;pwned [b].toml")


def test_routine_module_is_the_one_patched() -> None:
    # The routine list reads routines through this name (the test above replaces it).
    assert routines_module.discover is not None


# --- a real terminal --------------------------------------------------------------------------

PAYLOADS = (b"\x1b]0;pwned", b"\x1b]52;c;", b"\x1b[6n", b"\xc2\x9b2J", "\u202e".encode())


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs a Linux pty")
def test_nothing_from_a_note_reaches_a_real_terminal(tmp_path: Path) -> None:
    from ptyrun import PtyProcess

    journal = tmp_path / "journal.toml"
    notes = ["".join(SEQUENCES) + " knee [/] hip", "\u202egnp.exe \x1b]52;c;cm0K\x07"]
    journal.write_text(render_journal(entries_with(notes)))
    state = tmp_path / "state" / "acupress"
    state.mkdir(parents=True)
    (state / "state.toml").write_text(
        f"notice_acknowledged = true\nnotice_version = {NOTICE_VERSION}\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TEXTUAL_ANIMATIONS")}
    env.update(
        TERM="xterm-256color",
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_STATE_HOME=str(tmp_path / "state"),
        ACUPRESS_JOURNAL=str(journal),
        TEXTUAL_ANIMATIONS="none",
    )
    process = PtyProcess.spawn([sys.executable, "-m", "tui"], size=(120, 30), env=env)
    shown = b"\\x1b]0;pwned title"  # the note, as an escape
    try:
        process.wait_for(b"Quit", timeout=60)
        process.write(b"3")
        with contextlib.suppress(TimeoutError):  # a failure is told by the payloads below
            process.wait_for(shown, timeout=30)
        process.write(b"\t\t\te")  # past the areas and the note to the table: edit
        with contextlib.suppress(TimeoutError):
            process.wait_for(b"Edit the rating", timeout=30)
        process.write(b"\x1b")
        process.write(b"q")
        process.wait(timeout=20)
    finally:
        process.kill()
    output = bytes(process.output)
    for payload in PAYLOADS:
        assert payload not in output, f"{payload!r} reached the terminal"
    assert b"Edit the rating" in output
    assert b"\\x1b]0;pwned title" in output  # the note, shown as an escape

"""The journal store: format, round trip, validation, refusing bad files, migration, rewrites."""

from __future__ import annotations

import re
import stat
import tomllib
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.core.areas import AREAS
from tui.core.journal.entry import Entry, new_entry
from tui.core.journal.parse import EntryNotFound, JournalError, parse_journal
from tui.core.journal.store import JournalStore
from tui.core.journal.writer import render_entry, render_journal, toml_multiline, toml_string

CET = timezone(timedelta(hours=1))
AT = datetime(2026, 11, 23, 8, 30, tzinfo=CET)

TRICKY_NOTES = [
    'she said "stop"',
    'triple """ quotes """ inside',
    'ends with a quote"',
    'ends with two quotes""',
    'ends with three quotes"""',
    '"""',
    '"',
    "back\\slash and \\n not a newline\\",
    "line one\nline two\n",
    "\nstarts with a newline",
    "multi\nline with \"quotes\" and '''single''' and \\ and \t tab",
    "carriage\r\nreturn",
    "non-ASCII: Schmerz, douleur, 腰痛, боль 😀🧘",
    "control \x00 \x07 \x1b \x7f chars",
    "   ",
    "trailing backslash at line end \\\nnext",
]


def entry(**fields: object) -> Entry:
    data: dict[str, object] = {"id": "e1", "at": AT, "level": 5, "areas": ("lower-back",)}
    data.update(fields)
    return Entry.from_table(data)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "acupress" / "journal.toml"


def write(path: Path, text: str) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path.read_bytes()


VALID_ENTRY = """
[[entries]]
id = "a1"
at = 2026-11-20T09:00:00+01:00
level = 4
areas = ["neck"]
"""


# --- round trip -----------------------------------------------------------------------------


@pytest.mark.parametrize("note", TRICKY_NOTES)
def test_notes_round_trip_through_the_file(path: Path, note: str) -> None:
    store = JournalStore(path)
    saved = entry(note=note)
    store.append(saved)
    store.append(entry(id="e2", note=note + "x"))
    loaded = store.load()
    assert loaded[0] == saved
    assert loaded[0].note == note
    # The file is plain TOML: tomllib reads it, and tomli-w writes the same data back.
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["entries"][0]["note"] == note
    assert tomllib.loads(tomli_w.dumps(data)) == data


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(st.characters(exclude_categories=["Cs"]), max_size=60))
def test_any_text_survives_both_string_forms(text: str) -> None:
    assert tomllib.loads(f"a = {toml_string(text)}")["a"] == text
    assert tomllib.loads(f"a = {toml_multiline(text)}")["a"] == text


@settings(max_examples=100)
@given(
    level=st.integers(0, 10),
    areas=st.sets(st.sampled_from(AREAS)),
    note=st.none() | st.text(st.characters(exclude_categories=["Cs"]), max_size=40),
    minutes=st.integers(-14 * 60, 14 * 60),
)
def test_render_entry_parses_back_to_the_same_entry(
    level: int, areas: set[str], note: str | None, minutes: int
) -> None:
    saved = Entry(
        id="x",
        at=datetime(2025, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(minutes=minutes))),
        level=level,
        areas=tuple(areas),
        note=note,
        routine="desk-reset",
        phase="after",
        session="s-1",
    )
    assert parse_journal(render_journal([saved]).encode(), "j").entries == [saved]


def test_file_is_readable_and_laid_out_for_people(path: Path) -> None:
    store = JournalStore(path)
    store.append(entry(level=6, areas=("neck", "lower-back"), note="stiff\nafter the drive"))
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# acupress pain journal")
    assert "\nversion = 1\n" in text
    assert (
        '[[entries]]\nid = "e1"\nat = 2026-11-23T08:30:00+01:00\nlevel = 6\n'
        'areas = ["lower-back", "neck"]\nnote = """\nstiff\nafter the drive"""\n'
    ) in text


def test_new_entry_defaults_and_normalises() -> None:
    made = new_entry(3, ["neck", "lower-back", "neck"], note="  ")
    assert made.areas == ("lower-back", "neck")
    assert made.note is None
    assert made.at.tzinfo is not None and made.at.microsecond == 0
    assert abs(made.at - datetime.now(UTC)) < timedelta(minutes=1)
    assert len(made.id) == 12 and made.id != new_entry(3).id
    naive = new_entry(3, at=datetime(2026, 1, 5, 7, 15))
    assert naive.at.utcoffset() is not None and naive.at.hour == 7


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"level": 11}, "from 0 (no pain) to 10"),
        ({"level": -1}, "from 0 (no pain) to 10"),
        ({"level": True}, "whole number"),
        ({"level": 5.0}, "whole number"),
        ({"areas": ("lower back",)}, "did you mean 'lower-back'"),
        ({"phase": "before"}, "'phase' needs 'routine'"),
        ({"session": "s", "routine": None}, "'session' needs 'routine'"),
        ({"routine": "Desk Reset"}, "slug"),
        ({"phase": "during", "routine": "r"}, "phase"),
        ({"at": datetime(2026, 1, 1, 8)}, "UTC offset"),
        ({"note": "bad \udcff byte"}, "UTF-8"),
        ({"id": "has space"}, "letters, digits"),
        ({"mood": "ok"}, "mood"),
    ],
)
def test_bad_entries_are_rejected(fields: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        entry(**fields)


# --- creating files -------------------------------------------------------------------------


def test_nothing_is_created_until_the_first_write(path: Path) -> None:
    store = JournalStore(path)
    assert store.load() == []
    assert not path.parent.exists()
    store.append(entry())
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(store.lock_path.stat().st_mode) == 0o600
    assert sorted(p.name for p in path.parent.iterdir()) == ["journal.toml", "journal.toml.lock"]


def test_rewrites_keep_mode_0600_and_bak(path: Path) -> None:
    store = JournalStore(path)
    store.append(entry())
    store.append(entry(id="e2"))
    store.delete("e1")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.backup_path.stat().st_mode) == 0o600


def test_a_mode_the_user_chose_is_kept(path: Path) -> None:
    store = JournalStore(path)
    store.append(entry())
    path.chmod(0o640)
    store.append(entry(id="e2"))
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_a_symlinked_journal_is_written_through_the_link(tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "journal.toml"
    store = JournalStore(real)
    store.append(entry())
    link = tmp_path / "link.toml"
    link.symlink_to(real)
    linked = JournalStore(link)
    linked.append(entry(id="e2"))
    linked.delete("e1")
    assert link.is_symlink()
    assert [e.id for e in JournalStore(real).load()] == ["e2"]


# --- appends --------------------------------------------------------------------------------


def test_append_keeps_hand_written_bytes_and_comments(path: Path) -> None:
    before = write(path, "# my own comment\nversion = 1\n" + VALID_ENTRY + "# trailing comment")
    store = JournalStore(path)
    store.append(entry())
    after = path.read_bytes()
    assert after.startswith(before + b"\n")  # the missing final newline was supplied
    assert [e.id for e in store.load()] == ["a1", "e1"]


def test_append_after_a_hand_edit_validates_again(path: Path) -> None:
    store = JournalStore(path)
    store.append(entry())
    store.append(entry(id="e2"))  # fast path: the digest is known
    # A hand edit changes the bytes: the cached digest no longer matches, so the file is
    # parsed and validated before anything is written.
    text = path.read_text(encoding="utf-8").replace("level = 5", "level = 12", 1)
    broken = write(path, text)
    with pytest.raises(JournalError) as caught:
        store.append(entry(id="e3"))
    assert path.read_bytes() == broken
    assert "entries[1].level" in str(caught.value)


def test_a_damaged_cache_only_costs_a_full_check(path: Path) -> None:
    store = JournalStore(path)
    store.append(entry())
    store.lock_path.write_bytes(b"garbage")
    store.append(entry(id="e2"))
    assert [e.id for e in store.load()] == ["e1", "e2"]
    assert store.lock_path.read_bytes().startswith(b"acupress-journal-v1 sha256=")


def test_append_refuses_a_duplicate_id(path: Path) -> None:
    store = JournalStore(path)
    store.append(entry())
    before = path.read_bytes()
    with pytest.raises(JournalError, match="already used"):
        store.append(entry())
    store.lock_path.write_bytes(b"")  # and on the slow path
    with pytest.raises(JournalError, match="already used"):
        store.append(entry())
    assert path.read_bytes() == before


def test_a_layout_tables_cannot_extend_is_rewritten_with_a_backup(path: Path) -> None:
    inline = "version = 1\nentries = [{id = 'a1', at = 2026-11-20T09:00:00+01:00, level = 4, areas = []}]\n"
    before = write(path, inline)
    store = JournalStore(path)
    store.append(entry())
    assert store.backup_path.read_bytes() == before
    assert [e.id for e in store.load()] == ["a1", "e1"]
    assert "[[entries]]" in path.read_text(encoding="utf-8")


def test_an_empty_file_is_an_empty_journal(path: Path) -> None:
    write(path, "# nothing yet\n")
    store = JournalStore(path)
    assert store.load() == []
    store.append(entry())
    assert [e.id for e in store.load()] == ["e1"]


def test_stale_temporary_files_are_cleaned_under_the_lock(path: Path) -> None:
    store = JournalStore(path)
    store.append(entry())
    stale = path.parent / ".journal.toml.abc123.tmp"
    stale.write_bytes(b"half")
    store.append(entry(id="e2"))
    assert not stale.exists()


# --- edits and deletes ----------------------------------------------------------------------


def test_update_and_delete_rewrite_and_keep_the_previous_file(path: Path) -> None:
    store = JournalStore(path)
    store.append(entry())
    store.append(entry(id="e2", level=7))
    previous = path.read_bytes()
    old = store.update(entry(id="e2", level=3, note="better"))
    assert old.level == 7
    assert store.backup_path.read_bytes() == previous
    assert [(e.id, e.level, e.note) for e in store.load()] == [("e1", 5, None), ("e2", 3, "better")]
    gone = store.delete("e1")
    assert gone.id == "e1"
    assert [e.id for e in store.load()] == ["e2"]
    assert [e.id for e in parse_journal(store.backup_path.read_bytes(), "bak").entries] == [
        "e1",
        "e2",
    ]


def test_unknown_ids_raise_and_change_nothing(path: Path) -> None:
    store = JournalStore(path)
    store.append(entry())
    before = path.read_bytes()
    with pytest.raises(EntryNotFound, match="no entry with id 'nope'"):
        store.delete("nope")
    with pytest.raises(EntryNotFound):
        store.update(entry(id="nope"))
    assert path.read_bytes() == before
    assert not store.backup_path.exists()


# --- bad files are refused, located and left alone --------------------------------------------

BAD_FILES = [
    ("version = 1\n[[entries]\nid = 'x'\n", 2, "TOML syntax error"),
    ("version = 1\n" + VALID_ENTRY.replace("level = 4", "level = 12"), 6, "entries[1].level"),
    ("version = 1\n" + VALID_ENTRY.replace("level = 4", 'level = "4"'), 6, "whole number"),
    ("version = 1\n" + VALID_ENTRY + "lvl = 3\n", 8, "unknown field 'entries[1].lvl'"),
    ("version = 1\n" + VALID_ENTRY.replace('areas = ["neck"]', 'areas = ["nek"]'), 7, "'neck'"),
    ("version = 1\n" + VALID_ENTRY.replace("+01:00", ""), 5, "UTC offset"),
    ("version = 1\n" + VALID_ENTRY.replace('id = "a1"\n', ""), 3, "missing field 'entries[1].id'"),
    ("version = 1\n" + VALID_ENTRY + VALID_ENTRY, 10, "'a1' is already used on line 4"),
    ("version = 3\n" + VALID_ENTRY, 1, "newer acupress"),
    (VALID_ENTRY, 1, "missing 'version'"),
    ("version = 1\nowner = 'me'\n", 2, "unknown field 'owner'"),
    ("version = 1\n" + VALID_ENTRY + 'phase = "after"\n', 3, "'phase' needs 'routine'"),
]


@pytest.mark.parametrize(("text", "line", "message"), BAD_FILES)
def test_bad_files_are_refused_with_their_line_and_left_alone(
    path: Path, text: str, line: int, message: str
) -> None:
    before = write(path, text)
    store = JournalStore(path)
    with pytest.raises(JournalError) as caught:
        store.load()
    first = caught.value.problems[0]
    assert (first.line, first.path) == (line, path), str(caught.value)
    assert message in first.message
    assert str(first).startswith(f"{path}:{line}: ")
    for action in (
        lambda: store.append(entry(id="new")),
        lambda: store.update(entry(id="a1")),
        lambda: store.delete("a1"),
    ):
        with pytest.raises(JournalError):
            action()
        assert path.read_bytes() == before
    assert not store.backup_path.exists()


def test_non_utf8_and_directories_are_reported(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_bytes(b"version = 1\n# caf\xe9\n")
    with pytest.raises(JournalError, match=r":2: not valid UTF-8"):
        JournalStore(path).load()
    path.unlink()
    path.mkdir()
    with pytest.raises(JournalError, match="is a directory"):
        JournalStore(path).append(entry())


# --- migration ------------------------------------------------------------------------------

V0_FILE = """\
version = 0

[[entries]]
date = 2024-03-01T08:30:00
pain = 6
where = ["low-back", "hip"]
comment = "after gardening"

[[entries]]
date = 2024-03-02
pain = 3
"""


def test_version_0_is_migrated_in_memory_and_written_only_on_the_next_write(path: Path) -> None:
    before = write(path, V0_FILE)
    store = JournalStore(path)
    first, second = store.load()
    assert path.read_bytes() == before  # loading never writes
    assert (first.level, first.areas, first.note) == (
        6,
        ("lower-back", "buttock-hip"),
        "after gardening",
    )
    assert first.at.replace(tzinfo=None) == datetime(2024, 3, 1, 8, 30)
    assert first.at.utcoffset() is not None
    assert (second.level, second.at.hour, second.areas) == (3, 12, ())
    assert [e.id for e in store.load()] == [first.id, second.id]  # stable ids before rewrite
    assert store.read().version == 0

    store.append(entry(id="new"))
    assert store.backup_path.read_bytes() == before
    assert tomllib.loads(path.read_text(encoding="utf-8"))["version"] == 1
    assert [e.id for e in store.load()] == [first.id, second.id, "new"]
    assert store.load()[0] == first


def test_version_0_errors_use_version_0_names(path: Path) -> None:
    write(path, V0_FILE.replace("pain = 3", "pain = 30"))
    with pytest.raises(JournalError, match=r":11: entries\[2\]\.pain: must be a whole number"):
        JournalStore(path).load()


def test_render_journal_is_what_rewrites_produce(path: Path) -> None:
    edited = AT + timedelta(days=1)
    store = JournalStore(path, clock=lambda: edited)
    for n in range(3):
        store.append(entry(id=f"e{n}", note=f"n{n}"))
    store.update(entry(id="e1", note="changed"))
    expected = [
        entry(id="e0", note="n0"),
        entry(id="e1", note="changed", updated=edited),
        entry(id="e2", note="n2"),
    ]
    assert path.read_text(encoding="utf-8") == render_journal(expected)
    assert render_entry(expected[0]) in render_journal(expected)


def test_edits_apply_to_the_file_as_it_is_now_not_to_a_stale_copy(path: Path) -> None:
    window_a, window_b = JournalStore(path), JournalStore(path)
    window_a.append(entry())
    seen = window_a.read()
    window_b.append(entry(id="from-b"))
    assert window_a.digest() != seen.digest  # a view can tell it is out of date
    window_a.update(entry(level=2))
    assert [(e.id, e.level) for e in window_b.load()] == [("e1", 2), ("from-b", 5)]
    assert window_a.read().digest == window_a.digest()
    assert JournalStore(path.with_name("none.toml")).digest() is None


def test_deleting_from_a_journal_that_does_not_exist_creates_nothing(path: Path) -> None:
    with pytest.raises(EntryNotFound):
        JournalStore(path).delete("e1")
    with pytest.raises(EntryNotFound):
        JournalStore(path).update(entry())
    assert not path.parent.exists()


@settings(max_examples=300)
@given(text=st.text(st.sampled_from(['"', "\\", "\n", "\t", "\r", "\x00", "\x7f", "a", " "])))
def test_a_multiline_note_without_escapes_is_written_as_the_full_loop_writes_it(
    text: str,
) -> None:
    from tui.core.journal import writer

    assert toml_multiline(text) == writer._multiline(text)  # the shortcut changes nothing
    assert tomllib.loads(f"a = {toml_multiline(text)}")["a"] == text

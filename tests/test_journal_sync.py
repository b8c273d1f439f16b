"""A journal in a synced folder: sync conflict copies noticed (each service's naming),
``acupress journal merge`` through the CLI (report, --dry-run, broken inputs, the lock), and
the app's notification."""

from __future__ import annotations

import fcntl
import os
import shlex
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.app import AcupressApp
from tui.cli import main
from tui.core.journal.copies import (
    conflict_copies,
    conflict_notice,
    is_conflict_copy,
    shell_word,
)
from tui.core.journal.entry import Entry
from tui.core.journal.store import JournalStore

Capture = pytest.CaptureFixture[str]
TZ = timezone(timedelta(hours=1))
AT = datetime(2026, 11, 23, 8, 30, tzinfo=TZ)

# --- conflict copies --------------------------------------------------------------------------

COPIES = [
    # Syncthing: NAME.sync-conflict-YYYYMMDD-HHMMSS-DEVICE.EXT, and a copy of a copy.
    "journal.sync-conflict-20261201-101500-ABCDEFG.toml",
    "journal.sync-conflict-20261201-101500-ABCDEFG.sync-conflict-20261202-080000-HIJKLMN.toml",
    # Nextcloud / ownCloud: NAME (conflicted copy [USER ]YYYY-MM-DD HHMMSS).EXT; old ownCloud.
    "journal (conflicted copy 2026-12-01 101500).toml",
    "journal (conflicted copy Anna Smith 2026-12-01 101500).toml",
    "journal_conflict-20261201-101500.toml",
    # Dropbox: NAME (USER's conflicted copy YYYY-MM-DD).EXT, without a name, numbered.
    "journal (conflicted copy 2026-12-01).toml",
    "journal (Anna's conflicted copy 2026-12-01).toml",
    "journal (Anna’s Conflicted Copy 2026-12-01 (1)).toml",
]
NOT_COPIES = [
    "journal.toml",
    "journal.toml.bak",
    "journal.toml.lock",
    ".journal.toml.a1b2c3.tmp",
    "other.sync-conflict-20261201-101500-ABCDEFG.toml",  # another file's copy
    "journal.sync-conflict-20261201-101500-ABCDEFG.txt",
    "journal.sync-conflict-2026-ABCDEFG.toml",
    "journal (conflicted copy).toml",
    "my journal (conflicted copy 2026-12-01).toml",
    "journal (\x1b]0;owned\x07's conflicted copy 2026-12-01).toml",  # would reach the terminal
    "journal (Anna\u202e's conflicted copy 2026-12-01).toml",
]


@pytest.mark.parametrize("name", COPIES)
def test_each_services_conflict_copies_are_recognised(name: str) -> None:
    assert is_conflict_copy(name, "journal.toml")


@pytest.mark.parametrize("name", NOT_COPIES)
def test_other_files_are_not_taken_for_conflict_copies(name: str) -> None:
    assert not is_conflict_copy(name, "journal.toml")


def test_conflict_copies_lists_regular_files_beside_the_file_the_journal_links_to(
    tmp_path: Path,
) -> None:
    synced = tmp_path / "Sync"
    synced.mkdir()
    (synced / "back.toml").write_text("version = 1\n")
    for name in [*(n.replace("journal", "back") for n in COPIES), *NOT_COPIES]:
        (synced / name).write_text("version = 1\n")
    (synced / "back.sync-conflict-20261203-090000-DIRDIRD.toml").mkdir()  # not a file
    (synced / "back.sync-conflict-20261203-090000-LINKLNK.toml").symlink_to(synced / "back.toml")
    link = tmp_path / "data" / "journal.toml"
    link.parent.mkdir()
    link.symlink_to(synced / "back.toml")
    found = conflict_copies(link)
    assert [p.name for p in found] == sorted(n.replace("journal", "back") for n in COPIES)
    assert all(p.parent == synced for p in found)
    assert conflict_copies(synced / "back.toml") == found
    assert conflict_copies(tmp_path / "nowhere" / "journal.toml") == []
    assert conflict_copies(synced) == []  # not a journal: no copies either


def test_the_notice_names_the_command_that_merges_them(tmp_path: Path) -> None:
    journal = tmp_path / "My Sync" / "journal.toml"
    journal.parent.mkdir()
    journal.write_text("version = 1\n")
    assert conflict_notice(journal) is None
    copy = journal.parent / "journal (Anna's conflicted copy 2026-12-01).toml"
    copy.write_text("version = 1\n")
    notice = conflict_notice(journal)
    assert notice is not None and "a sync conflict copy of the journal is beside it" in notice
    command = notice.split(" with: ", 1)[1]
    assert shlex.split(command) == [
        "acupress",
        "journal",
        "merge",
        str(copy),
        "--journal",
        str(journal),
    ]


@settings(deadline=None)
@given(st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), min_size=1))
def test_the_command_is_quoted_so_a_shell_reads_each_path_back(text: str) -> None:
    assert shlex.split(shell_word(text)) == [text]


def test_a_dropbox_copy_is_quoted_for_people_to_read() -> None:
    assert shell_word("/home/anna/journal (Anna's conflicted copy 2026-12-01).toml") == (
        '"/home/anna/journal (Anna\'s conflicted copy 2026-12-01).toml"'
    )


# --- the CLI ----------------------------------------------------------------------------------


def run(capsys: Capture, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exit:
        code = int(exit.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


class Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


def entry(entry_id: str, level: int, **fields: object) -> Entry:
    return Entry.from_table({"id": entry_id, "at": AT, "level": level, **fields})


@pytest.fixture
def forked(tmp_path: Path) -> tuple[Path, Path]:
    """A journal and its Syncthing conflict copy, each changed since they forked."""
    ours = JournalStore(tmp_path / "Sync" / "journal.toml", clock=Clock(AT))
    ours.add([entry("keep", 1), entry("edit", 2, note="old"), entry("gone", 3)])
    copy = ours.path.with_name("journal.sync-conflict-20261201-101500-ABCDEFG.toml")
    copy.write_bytes(ours.path.read_bytes())
    theirs = JournalStore(copy, clock=Clock(AT + timedelta(days=1)))
    theirs.update(entry("edit", 4, note="new"))
    theirs.delete("gone")
    theirs.append(entry("new", 5, areas=["neck"]))
    ours.append(entry("mine", 6))
    return ours.path, copy


def test_merge_reports_what_it_adds_updates_and_removes(
    capsys: Capture, forked: tuple[Path, Path]
) -> None:
    journal, copy = forked
    code, out, err = run(capsys, "journal", "merge", str(copy), "--journal", str(journal))
    assert code == 0, err
    assert out.splitlines() == [
        "updated    edit  2026-11-23 08:30   4/10  -  (changed: level, note)",
        "removed    gone  2026-11-23 08:30   3/10  -  (deleted on another copy, 2026-11-24 08:32)",
        "added      new  2026-11-23 08:30   5/10  neck",
        f"merged 1 file into {journal}: 1 added, 1 updated, 1 removed (previous version kept "
        "as journal.toml.bak)",
    ]
    assert err == (
        "acupress: note: everything in that conflict copy is in the journal now; delete it "
        "when you like\n"
    )
    entries = {e.id: e for e in JournalStore(journal).load()}
    assert sorted(entries) == ["edit", "keep", "mine", "new"]
    assert (entries["edit"].level, entries["edit"].note) == (4, "new")
    assert [t.id for t in JournalStore(journal).read().deleted] == ["gone"]
    # Again: nothing changes, not a byte.
    before = journal.read_bytes()
    code, out, _ = run(capsys, "journal", "merge", str(copy), "--journal", str(journal))
    assert code == 0
    assert out == f"nothing to merge: {journal} already holds everything in 1 file\n"
    assert journal.read_bytes() == before


def test_merging_either_way_round_holds_the_same_journal(
    capsys: Capture, forked: tuple[Path, Path], tmp_path: Path
) -> None:
    journal, copy = forked
    a, b = tmp_path / "a.toml", tmp_path / "b.toml"
    a.write_bytes(journal.read_bytes())
    b.write_bytes(copy.read_bytes())
    assert run(capsys, "journal", "merge", str(copy), "--journal", str(a))[0] == 0
    assert run(capsys, "journal", "merge", str(journal), "--journal", str(b))[0] == 0
    one, other = JournalStore(a).read(), JournalStore(b).read()
    assert sorted(map(repr, one.entries)) == sorted(map(repr, other.entries))
    assert one.deleted == other.deleted


def test_dry_run_shows_the_changes_and_writes_nothing(
    capsys: Capture, forked: tuple[Path, Path]
) -> None:
    journal, copy = forked
    (journal.parent / "journal.toml.lock").unlink()
    listing = sorted(p.name for p in journal.parent.iterdir())
    before = journal.read_bytes()
    code, out, err = run(
        capsys, "journal", "merge", "--dry-run", str(copy), "--journal", str(journal)
    )
    assert code == 0
    lines = out.splitlines()
    assert [line.split()[:2] for line in lines[:3]] == [
        ["to", "update"],
        ["to", "remove"],
        ["to", "add"],
    ]
    assert lines[3] == (
        f"dry run: merging 1 file into {journal} would add 1, update 1, remove 1; "
        "nothing was written"
    )
    assert err == ""
    assert journal.read_bytes() == before
    assert sorted(p.name for p in journal.parent.iterdir()) == listing  # no lock, no .bak


def test_a_broken_or_missing_input_is_reported_and_nothing_is_written(
    capsys: Capture, forked: tuple[Path, Path], tmp_path: Path
) -> None:
    journal, copy = forked
    broken = tmp_path / "broken.toml"
    broken.write_text(
        'version = 2\n\n[[entries]]\nid = "x"\nat = 2026-11-20T09:00:00+01:00\nlevel = 12\n',
        encoding="utf-8",
    )
    (journal.parent / "journal.toml.lock").unlink()
    listing = sorted(p.name for p in journal.parent.iterdir())
    before = journal.read_bytes()
    missing = tmp_path / "missing.toml"
    code, out, err = run(
        capsys,
        "journal",
        "merge",
        str(copy),
        str(broken),
        str(missing),
        str(tmp_path),
        "--journal",
        str(journal),
    )
    assert (code, out) == (1, "")
    assert f"{broken}:6: entries[1].level: must be a whole number" in err
    assert f"{missing}: no such file" in err
    assert f"{tmp_path}: is a directory, not a file" in err
    assert err.endswith("acupress: nothing was merged; the journal was left as it was\n")
    assert journal.read_bytes() == before
    assert sorted(p.name for p in journal.parent.iterdir()) == listing


def test_a_broken_journal_is_not_merged_into(capsys: Capture, forked: tuple[Path, Path]) -> None:
    journal, copy = forked
    journal.write_text(journal.read_text(encoding="utf-8").replace("level = 1", "level = 11"))
    before = journal.read_bytes()
    code, _, err = run(capsys, "journal", "merge", str(copy), "--journal", str(journal))
    assert code == 1
    assert f"{journal}:" in err and "level" in err
    assert journal.read_bytes() == before
    assert not (journal.parent / "journal.toml.bak").exists()


def test_merge_waits_for_the_journals_lock(capsys: Capture, forked: tuple[Path, Path]) -> None:
    journal, copy = forked
    before = journal.read_bytes()
    lock = os.open(journal.parent / "journal.toml.lock", os.O_RDWR)
    fcntl.flock(lock, fcntl.LOCK_EX)
    results: list[int] = []
    merging = threading.Thread(
        target=lambda: results.append(
            main(["journal", "merge", str(copy), "--journal", str(journal)])
        )
    )
    try:
        merging.start()
        merging.join(timeout=1.0)
        assert merging.is_alive(), "the merge did not wait for the lock"
        assert journal.read_bytes() == before
    finally:
        os.close(lock)  # releases the lock
    merging.join(timeout=30)
    assert results == [0]
    assert "new" in {e.id for e in JournalStore(journal).load()}


def test_a_merge_that_only_adds_keeps_the_journals_bytes(capsys: Capture, tmp_path: Path) -> None:
    journal = tmp_path / "journal.toml"
    journal.write_text(
        '# my own notes\nversion = 1\n\n[[entries]]\nid = "a"\nat = 2026-11-20T09:00:00+01:00\n'
        "level = 4\n",
        encoding="utf-8",
    )
    before = journal.read_bytes()
    other = JournalStore(tmp_path / "laptop.toml")
    other.add([entry("a", 4), entry("b", 2)])
    other.path.write_text(
        other.path.read_text(encoding="utf-8").replace(
            "2026-11-23T08:30:00+01:00", "2026-11-20T09:00:00+01:00", 1
        ),
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "journal", "merge", str(other.path), "--journal", str(journal))
    assert code == 0
    assert out.splitlines()[-1] == f"merged 1 file into {journal}: 1 added, 0 updated, 0 removed"
    assert journal.read_bytes().startswith(before)
    assert not (tmp_path / "journal.toml.bak").exists()


def test_merging_into_a_journal_that_does_not_exist_yet_creates_it(
    capsys: Capture, forked: tuple[Path, Path], tmp_path: Path
) -> None:
    _, copy = forked
    fresh = tmp_path / "new machine" / "journal.toml"
    assert run(capsys, "journal", "merge", str(copy), "--journal", str(fresh))[0] == 0
    assert sorted(e.id for e in JournalStore(fresh).load()) == ["edit", "keep", "new"]
    assert [t.id for t in JournalStore(fresh).read().deleted] == ["gone"]


@pytest.mark.parametrize(
    "argv",
    [["journal"], ["journal", "stats"], ["journal", "--json"], ["log", "3"]],
)
def test_journal_commands_name_conflict_copies_on_one_line_of_stderr(
    capsys: Capture, forked: tuple[Path, Path], argv: list[str]
) -> None:
    journal, copy = forked
    code, _, err = run(capsys, *argv, "--journal", str(journal))
    assert code == 0
    (line,) = err.splitlines()
    assert line.startswith("acupress: note: a sync conflict copy of the journal is beside it")
    command = shlex.split(line.split(" with: ", 1)[1])
    assert command == ["acupress", "journal", "merge", str(copy), "--journal", str(journal)]
    # The command named works as it is.
    assert run(capsys, *command[1:])[0] == 0
    assert "new" in {e.id for e in JournalStore(journal).load()}


def test_no_note_without_conflict_copies(capsys: Capture, tmp_path: Path) -> None:
    journal = tmp_path / "journal.toml"
    assert run(capsys, "log", "3", "--journal", str(journal))[2] == ""
    assert run(capsys, "journal", "--journal", str(journal))[2] == ""


# --- the app ----------------------------------------------------------------------------------


async def journal_read(app: AcupressApp, pilot: Any) -> None:
    """Until the journal section has read the journal (its worker may not have started yet
    when the section is switched to)."""
    for _ in range(500):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if getattr(app.screen, "loaded", False) and not app.workers:
            return
    raise AssertionError("the journal section never finished reading")


async def test_the_app_notifies_conflict_copies_when_the_journal_section_loads(
    forked: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    journal, copy = forked
    monkeypatch.setattr(AcupressApp, "now", lambda self: AT + timedelta(days=2))
    app = AcupressApp(journal_path=journal, show_notice=False, ascii_map=False)
    app.animation_level = "none"
    async with app.run_test(size=(80, 24)) as pilot:
        await app.run_action("section('journal')")
        await journal_read(app, pilot)
        notes = [n for n in app._notifications if n.title == "Sync conflict copies"]
        assert len(notes) == 1
        assert notes[0].markup is False  # a file name is shown as it is
        command = shlex.split(notes[0].message.split(" with: ", 1)[1])
        assert command == ["acupress", "journal", "merge", str(copy), "--journal", str(journal)]
        # Coming back to the section does not say it again.
        await app.run_action("section('points')")
        await app.run_action("section('journal')")
        await journal_read(app, pilot)
        assert len([n for n in app._notifications if n.title == "Sync conflict copies"]) == 1
        # An edit in the app records the app's time.
        app.journal_store().update(entry("keep", 9))
    assert {e.id: e.updated for e in JournalStore(journal).load()}["keep"] == AT + timedelta(days=2)


def test_a_merge_applies_to_the_journal_as_it_is_under_the_lock(
    capsys: Capture, forked: tuple[Path, Path]
) -> None:
    journal, copy = forked

    class Raced(JournalStore):
        """Another window saves a rating after the merge first read the journal."""

        def _locked(self):  # type: ignore[no-untyped-def]
            JournalStore(self.path).append(entry("raced", 7))
            return super()._locked()

    Raced(journal).merge([JournalStore(copy).read()])
    assert sorted(e.id for e in JournalStore(journal).load()) == [
        "edit",
        "keep",
        "mine",
        "new",
        "raced",
    ]


def test_importing_an_old_export_does_not_bring_a_deleted_entry_back(
    capsys: Capture, tmp_path: Path
) -> None:
    journal = tmp_path / "journal.toml"
    JournalStore(journal).add([entry("keep", 1), entry("gone", 2)])
    export = tmp_path / "export.json"
    assert (
        run(
            capsys,
            "journal",
            "export",
            "--format",
            "json",
            "-o",
            str(export),
            "--journal",
            str(journal),
        )[0]
        == 0
    )
    assert run(capsys, "journal", "delete", "gone", "--journal", str(journal))[0] == 0
    code, out, err = run(capsys, "journal", "import", str(export), "--journal", str(journal))
    assert code == 0
    assert "1 entry was deleted from the journal; not imported again" in err
    assert out == (
        f"imported 0 new entries from {export} into {journal}; 1 already there, "
        "1 deleted (not imported)\n"
    )
    assert [e.id for e in JournalStore(journal).load()] == ["keep"]

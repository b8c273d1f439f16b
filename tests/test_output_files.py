"""The one policy for files written on request (export, report, remind ``-o``) and for the file
``journal import`` reads: regular files only, mode 0600, never the journal or its own files,
never a blocking open, nothing created or changed when refused."""

from __future__ import annotations

import hashlib
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from tui.cli import main
from tui.core.journal.entry import new_entry
from tui.core.journal.store import JournalStore

Capture = pytest.CaptureFixture[str]

COMMANDS = {
    "export": ["journal", "export", "--format", "csv"],
    "report": ["journal", "report"],
    "remind": ["remind", "--at", "09:00"],
}


def run(capsys: Capture, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exit:
        code = int(exit.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def listing(root: Path) -> dict[str, str]:
    """Every name under *root* with its kind and, for files, a checksum."""
    out = {}
    for path in sorted(root.rglob("*")):
        if path.is_symlink():
            out[str(path)] = "link:" + str(path.readlink())
        elif path.is_file():
            out[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            out[str(path)] = "other"
    return out


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "journal.toml"
    store = JournalStore(path)
    store.append(new_entry(4, ["neck"], "x", at=datetime(2026, 3, 1, 8).astimezone()))
    store.delete(store.load()[0].id)  # leaves journal.toml.bak and .lock beside it
    store.append(new_entry(5, ["neck"], "y", at=datetime(2026, 3, 2, 8).astimezone()))
    assert store.backup_path.exists() and store.lock_path.exists()
    return path


@pytest.mark.parametrize("command", COMMANDS)
def test_a_new_file_is_private(
    capsys: Capture, tmp_path: Path, journal: Path, command: str
) -> None:
    out = tmp_path / "out" / "file"
    out.parent.mkdir()
    os.umask(0o022)
    code, stdout, err = run(capsys, *COMMANDS[command], "-o", str(out), "--journal", str(journal))
    assert code == 0, err
    assert stdout == ""
    assert out.stat().st_mode & 0o777 == 0o600 and out.stat().st_size > 0


@pytest.mark.parametrize("command", COMMANDS)
def test_an_existing_file_is_replaced_in_one_step_keeping_its_mode(
    capsys: Capture, tmp_path: Path, journal: Path, command: str
) -> None:
    out = tmp_path / "old.txt"
    out.write_text("x" * 100_000, encoding="utf-8")
    out.chmod(0o644)
    link = tmp_path / "link.txt"
    link.symlink_to(out)
    code, _, err = run(capsys, *COMMANDS[command], "-o", str(link), "--journal", str(journal))
    assert code == 0, err
    assert link.is_symlink()  # written through the link, which stays
    assert out.stat().st_mode & 0o777 == 0o644  # a mode the user chose is kept (tui.core.files)
    assert "x" * 100 not in out.read_text(encoding="utf-8")  # replaced, not overlaid


def hostile_targets(tmp_path: Path, journal: Path) -> Iterator[tuple[str, Path | str, str, int]]:
    """(case, path, message, exit code) for outputs that must be refused."""
    data = journal.parent
    yield "journal", journal, "will not write over the journal or its own files", 2
    yield "backup", data / "journal.toml.bak", "will not write over the journal", 2
    yield "lock", data / "journal.toml.lock", "will not write over the journal", 2
    link = tmp_path / "sneaky.csv"
    link.symlink_to(journal)
    yield "symlink to the journal", link, "will not write over the journal", 2
    hard = tmp_path / "hard.csv"
    os.link(journal, hard)
    yield "hard link to the journal", hard, "will not write over the journal", 2
    relative = Path(os.path.relpath(journal.parent / ".." / "data" / "journal.toml"))
    yield "the journal by another name", relative, "will not write over the journal", 2
    folder = tmp_path / "folder"
    folder.mkdir()
    yield "directory", folder, "is a directory, not a file", 1
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    yield "FIFO", fifo, "is a named pipe (FIFO), not a file", 1
    yield "device", Path("/dev/null"), "is a device, not a file", 1
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    yield "symlink loop", loop, "loops", 1
    yield "empty name", "", "the file name is empty", 2


@pytest.mark.parametrize("command", COMMANDS)
def test_hostile_outputs_are_refused_and_nothing_changes(
    capsys: Capture, tmp_path: Path, journal: Path, command: str
) -> None:
    sock_dir = Path("/tmp") / f"acupress-test-{os.getpid()}"
    sock_dir.mkdir(exist_ok=True)
    sock_path = sock_dir / "s"
    sock_path.unlink(missing_ok=True)
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(sock_path))
    try:
        cases = [
            *hostile_targets(tmp_path, journal),
            ("socket", sock_path, "is a socket, not a file", 1),
        ]
        before = listing(tmp_path)
        null_before = Path("/dev/null").stat()
        for case, target, message, exit_code in cases:
            code, stdout, err = run(
                capsys, *COMMANDS[command], "-o", str(target), "--journal", str(journal)
            )
            assert (code, stdout) == (exit_code, ""), (case, err)
            assert message in err, (case, err)
            assert "was written" in err or case == "empty name", case
            assert listing(tmp_path) == before, case
        after = Path("/dev/null").stat()
        assert (after.st_ino, after.st_mode) == (null_before.st_ino, null_before.st_mode)
    finally:
        server.close()
        sock_path.unlink(missing_ok=True)
        sock_dir.rmdir()


def test_a_fifo_with_a_reader_is_refused_without_writing(tmp_path: Path, journal: Path) -> None:
    """Even when the open succeeds (someone reads the FIFO), nothing is written to it."""
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "tui",
                "journal",
                "export",
                "--format",
                "json",
                "-o",
                str(fifo),
                "--journal",
                str(journal),
            ],
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert done.returncode == 1 and "FIFO" in done.stderr
        assert os.read(reader, 10) == b""  # nothing was written, and no writer holds it open
    finally:
        os.close(reader)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        ("fifo", "is a named pipe (FIFO), not a file"),
        ("directory", "is a directory, not a file"),
        ("device", "is a device, not a file"),
        ("missing", "no such file"),
    ],
)
def test_import_reads_only_regular_files_and_never_hangs(
    tmp_path: Path, journal: Path, make: str, message: str
) -> None:
    target = {"device": Path("/dev/zero"), "missing": tmp_path / "nope.csv"}.get(
        make, tmp_path / make
    )
    if make == "fifo":
        os.mkfifo(target)
    elif make == "directory":
        target.mkdir()
    before = journal.read_bytes()
    done = subprocess.run(
        [sys.executable, "-m", "tui", "journal", "import", str(target), "--journal", str(journal)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 1 and message in done.stderr and "nothing was imported" in done.stderr
    assert journal.read_bytes() == before


def test_an_export_to_a_terminal_shows_control_characters_and_a_pipe_gets_them_exact(
    tmp_path: Path,
) -> None:
    journal = tmp_path / "j.toml"
    JournalStore(journal).append(
        new_entry(
            3, [], "\x1b]0;owned\x07 \x9b2J \u202eevil", at=datetime(2026, 3, 1, 8).astimezone()
        )
    )
    argv = [
        sys.executable,
        "-m",
        "tui",
        "journal",
        "export",
        "--format",
        "csv",
        "--journal",
        str(journal),
    ]
    main_fd, terminal = os.openpty()
    try:
        done = subprocess.run(argv, stdout=terminal, stderr=subprocess.PIPE, timeout=30)
        assert done.returncode == 0, done.stderr
        shown = os.read(main_fd, 65536)
    finally:
        os.close(main_fd)
        os.close(terminal)
    assert b"\x1b" not in shown and "\x9b".encode() not in shown and "\u202e".encode() not in shown
    assert b"\\x1b]0;owned\\x07 \\x9b2J \\u202eevil" in shown
    piped = subprocess.run(argv, capture_output=True, timeout=30)
    assert "\x1b]0;owned\x07 \x9b2J \u202eevil".encode() in piped.stdout  # exact data

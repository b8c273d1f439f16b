"""One file policy: regular files only, never a blocking read, atomic writes, refusals create nothing."""

from __future__ import annotations

import os
import socket
import stat
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tui.core.files import read_regular, write_atomic, write_target
from tui.core.journal.entry import Entry
from tui.core.journal.parse import JournalError
from tui.core.journal.store import JournalStore
from tui.core.problems import ProblemError


def listing(folder: Path) -> dict[str, tuple[int, bytes | None]]:
    """Every name in *folder* with its type and, for regular files, its bytes."""
    out: dict[str, tuple[int, bytes | None]] = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        data = path.read_bytes() if stat.S_ISREG(info.st_mode) else None
        out[str(path.relative_to(folder))] = (stat.S_IFMT(info.st_mode), data)
    return out


@pytest.fixture
def sock(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    yield path
    server.close()


def entry() -> Entry:
    return Entry(id="e1", at=datetime(2026, 1, 2, 8, 0, tzinfo=UTC), level=3)


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "journal.toml"
    os.mkfifo(fifo)
    with pytest.raises(ProblemError, match="named pipe"):
        read_regular(fifo)  # would hang forever if it were opened for a blocking read
    with pytest.raises(ProblemError, match="named pipe"):
        write_target(fifo)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.mkdir(), "is a directory"),
        (lambda p: p.symlink_to("/dev/null"), "is a device"),
        (lambda p: p.symlink_to(p), "loops"),
        (lambda p: p.symlink_to(p.with_name("nothing-here")), "does not exist"),
    ],
)
def test_what_is_not_a_regular_file_is_named(tmp_path: Path, make: object, message: str) -> None:
    path = tmp_path / "thing.toml"
    make(path)  # type: ignore[operator]
    with pytest.raises(ProblemError, match=message):
        read_regular(path)
    with pytest.raises(ProblemError, match=message):
        write_atomic(path, b"x")


def test_a_socket_is_refused(sock: Path) -> None:
    with pytest.raises(ProblemError, match="socket"):
        read_regular(sock)
    with pytest.raises(ProblemError, match="socket"):
        write_atomic(sock, b"x")


def test_nothing_there_is_none(tmp_path: Path) -> None:
    assert read_regular(tmp_path / "none.toml") is None
    assert write_target(tmp_path / "none.toml") == tmp_path / "none.toml"


def test_new_files_are_0600_in_0700_folders_and_a_chosen_mode_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "file.toml"
    assert write_atomic(path, b"one") == path
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    path.chmod(0o644)
    write_atomic(path, b"two")
    assert (path.read_bytes(), stat.S_IMODE(path.stat().st_mode)) == (b"two", 0o644)
    assert [p.name for p in path.parent.iterdir()] == ["file.toml"]  # no temporary left


def test_a_symlink_is_written_through_or_itself_replaced(tmp_path: Path) -> None:
    real = tmp_path / "real.toml"
    real.write_bytes(b"old")
    link = tmp_path / "link.toml"
    link.symlink_to(real)
    assert write_atomic(link, b"new") == real
    assert link.is_symlink() and real.read_bytes() == b"new"
    write_atomic(link, b"own", follow_links=False)
    assert not link.is_symlink() and link.read_bytes() == b"own"
    assert real.read_bytes() == b"new"


@pytest.mark.parametrize("kind", ["fifo", "dir", "device", "socket", "dangling", "loop", "other"])
def test_a_refused_journal_write_creates_and_changes_nothing(
    tmp_path: Path, kind: str, sock: Path
) -> None:
    folder = tmp_path / "home"
    folder.mkdir()
    target = folder / "journal.toml"
    other = folder / "passwd"
    other.write_text("root:x:0:0:root:/root:/bin/bash\n")
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "dir":
        target.mkdir()
    elif kind == "device":
        target.symlink_to("/dev/null")
    elif kind == "socket":
        target.symlink_to(sock)
    elif kind == "dangling":
        target.symlink_to(folder / "gone.toml")
    elif kind == "loop":
        target.symlink_to(target)
    else:  # a symlink to a file that is not a journal
        target.symlink_to(other)
    before = listing(folder)
    store = JournalStore(target)
    with pytest.raises(JournalError):
        store.append(entry())
    with pytest.raises(JournalError):
        store.load()
    assert listing(folder) == before


def test_a_lock_file_that_is_a_symlink_is_never_written_through(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_text("precious\n")
    path = tmp_path / "journal.toml"
    JournalStore(path).append(entry())
    store = JournalStore(path)
    store.lock_path.unlink()
    store.lock_path.symlink_to(victim)
    with pytest.raises(JournalError, match="lock"):
        store.append(Entry(id="e2", at=entry().at, level=4))
    assert victim.read_text() == "precious\n"
    assert [e.id for e in store.load()] == ["e1"]


def test_a_backup_that_is_a_symlink_is_replaced_not_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_text("precious\n")
    path = tmp_path / "journal.toml"
    store = JournalStore(path)
    store.append(entry())
    store.append(Entry(id="e2", at=entry().at, level=4))
    store.backup_path.symlink_to(victim)
    store.delete("e1")
    assert victim.read_text() == "precious\n"
    assert not store.backup_path.is_symlink()
    assert [e.id for e in store.load()] == ["e2"]

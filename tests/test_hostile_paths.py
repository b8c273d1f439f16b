"""Hostile paths for the journal, the config, routines and exports: a message naming the path
and what is wrong with it, the exit code the README promises, no hang, and no file anywhere
created or changed.

Every command runs as an unprivileged user (``tests/unprivileged.py``), so that an unreadable
file or a read-only folder means the same as it does for the people who use acupress, even
when the tests run as root.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from hostile import assert_safe_output
from unprivileged import Result, give, run_unprivileged, warm_up, workspace

KINDS = (
    "device",
    "fifo",
    "directory",
    "socket",
    "dangling",
    "loop",
    "other-file",
    "unreadable",
    "read-only-folder",
    "read-only-file",
)
"""What a path can be instead of a file acupress may use."""

SAYS = {
    "device": "is a device, not a file",
    "fifo": "is a named pipe (FIFO), not a file",
    "directory": "is a directory, not a file",
    "socket": "is a socket, not a file",
    "dangling": "which does not exist",
    "loop": "is a symbolic link that loops",
    "other-file": "TOML syntax error",
    "unreadable": "cannot read: Permission denied",
    "read-only-folder": "Permission denied",
    "read-only-file": "cannot write: Permission denied (you may not change this file)",
}
"""The words each kind's message holds."""
SAYS_ON_WRITE = SAYS | {"unreadable": "Permission denied"}

GOOD_JOURNAL = 'version = 1\n\n[[entries]]\nid = "a1"\nat = 2024-01-02T03:04:05+01:00\nlevel = 3\n'


class Place:
    """A folder the unprivileged user owns, with a home for XDG dirs and a good journal."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.home = base / "home"
        self.good = base / "good" / "journal.toml"
        self.cache = self.home / "cache"
        """XDG_CACHE_HOME: a journal read in full leaves its index here (acupress's own)."""
        for folder in (self.home, self.good.parent):
            folder.mkdir()
            give(folder)
        self.good.write_text(GOOD_JOURNAL)
        give(self.good)

    @property
    def env(self) -> dict[str, str]:
        return {
            "HOME": str(self.home),
            "XDG_CONFIG_HOME": str(self.home / "config"),
            "XDG_DATA_HOME": str(self.home / "data"),
            "XDG_STATE_HOME": str(self.home / "state"),
            "XDG_CACHE_HOME": str(self.cache),
            "TZ": "UTC",
            "LANG": "C.UTF-8",
        }

    def make(self, kind: str, path: Path, content: str = GOOD_JOURNAL) -> Path:
        """Make *path* (its folder made too) into *kind*; return it."""
        folder = path.parent
        folder.mkdir(parents=True, exist_ok=True)
        give(folder)
        if kind == "device":
            path.symlink_to("/dev/null")
        elif kind == "fifo":
            os.mkfifo(path)
        elif kind == "directory":
            path.mkdir()
        elif kind == "socket":
            with socket.socket(socket.AF_UNIX) as server:
                server.bind(str(path))
        elif kind == "dangling":
            path.symlink_to(folder / "gone.toml")
        elif kind == "loop":
            path.symlink_to(path)
        elif kind == "other-file":
            other = folder / "passwd"
            other.write_text("root:x:0:0:root:/root:/bin/bash\n")
            give(other)
            path.symlink_to(other)
        elif kind == "unreadable":
            path.write_text(content)
            path.chmod(0)
        elif kind == "read-only-folder":
            path.write_text(content)
            folder.chmod(0o555)
        elif kind == "read-only-file":
            path.write_text(content)
            path.chmod(0o444)
        if path.exists() or path.is_symlink():
            give(path)
        return path

    def run(self, *argv: str) -> Result:
        result = run_unprivileged(argv, self.env, cwd=self.base, timeout=30)
        assert result.code is not None, f"acupress {' '.join(argv)} hung"
        assert "Traceback" not in result.err, result.err
        assert_safe_output(result.out)
        assert_safe_output(result.err)
        return result


def listing(base: Path, *, skip: tuple[Path, ...] = ()) -> dict[str, tuple[object, ...]]:
    """Every entry under *base* (links not followed) with its type, mode, size and checksum."""
    found: dict[str, tuple[object, ...]] = {}
    for root, dirs, files in os.walk(base):
        for name in [*dirs, *files]:
            path = Path(root) / name
            if any(path == s or s in path.parents for s in skip):
                continue
            info = path.lstat()
            digest: object = None
            if path.is_symlink():
                digest = str(path.readlink())
            elif path.is_file():
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
            found[str(path.relative_to(base))] = (info.st_mode, info.st_size, digest)
    return found


def dev_null_neighbours() -> set[str]:
    return {p.name for p in Path("/dev").iterdir() if p.name.startswith(("null", ".null"))}


@pytest.fixture
def place(tmp_path: Path) -> Iterator[Place]:
    warm_up(tmp_path)
    base = workspace()
    try:
        yield Place(base)
    finally:
        for root, dirs, _ in os.walk(base):
            for name in dirs:
                (Path(root) / name).chmod(0o755)
        shutil.rmtree(base)


def without_cache(
    place: Place, found: dict[str, tuple[object, ...]]
) -> dict[str, tuple[object, ...]]:
    cache = str(place.cache.relative_to(place.base))
    return {k: v for k, v in found.items() if k != cache and not k.startswith(cache + "/")}


def unchanged(place: Place, before: dict[str, tuple[object, ...]], dev: set[str]) -> None:
    """Nothing created or changed, but for the journal index a full read may leave in the
    cache folder: regular files only, nothing through a link."""
    now = listing(place.base, skip=(place.good.parent,))
    assert without_cache(place, now) == without_cache(place, before)
    for path in place.cache.rglob("*"):
        assert not path.is_symlink()
        assert path.is_dir() or (path.is_file() and path.suffix == ".index"), path
    assert dev_null_neighbours() == dev


# --- the journal ------------------------------------------------------------------------------

READS = (
    ["journal"],
    ["journal", "--json"],
    ["journal", "stats"],
    ["journal", "export", "--format", "json"],  # CSV to a pipe is exact: its lines end in CRLF
)
WRITES = (["log", "3", "--note", "x"], ["journal", "delete", "a1"])
READABLE = ("read-only-folder", "read-only-file")


@pytest.mark.parametrize("kind", KINDS)
def test_a_journal_path_that_is_no_journal_file(place: Place, kind: str) -> None:
    journal = place.make(
        kind, place.base / ("ro" if kind == "read-only-folder" else "j") / "j.toml"
    )
    before, dev = listing(place.base, skip=(place.good.parent,)), dev_null_neighbours()
    for argv in READS:
        result = place.run(*argv, "--journal", str(journal))
        if kind in READABLE:
            assert result.code == 0, result.err
            continue
        assert result.code == 1, (argv, result)
        assert f"{journal.name}" in result.err and SAYS[kind] in result.err, result.err
    for argv in WRITES:
        result = place.run(*argv, "--journal", str(journal))
        assert result.code == 1, (argv, result)
        assert str(journal) in result.err or journal.name in result.err, result.err
        assert SAYS_ON_WRITE[kind] in result.err, result.err
        assert "was left as it was" in result.err
    unchanged(place, before, dev)


def test_the_journal_as_a_device_itself(place: Place) -> None:
    before, dev = listing(place.base, skip=(place.good.parent,)), dev_null_neighbours()
    for argv in (*READS, *WRITES):
        result = place.run(*argv, "--journal", "/dev/null")
        assert result.code == 1 and "/dev/null: is a device, not a file" in result.err
    unchanged(place, before, dev)


def test_a_symlinked_journal_that_leads_to_a_journal_works_beside_its_target(place: Place) -> None:
    synced = place.base / "synced"
    synced.mkdir()
    give(synced)
    target = synced / "journal.toml"
    target.write_text(GOOD_JOURNAL)
    give(target)
    link = place.base / "journal.toml"
    link.symlink_to(target)
    assert place.run("log", "4", "--journal", str(link)).code == 0
    assert place.run("journal", "delete", "a1", "--journal", str(link)).code == 0
    assert link.is_symlink()
    names = sorted(p.name for p in synced.iterdir())
    assert names == ["journal.toml", "journal.toml.bak", "journal.toml.lock"]
    assert sorted(p.name for p in place.base.iterdir() if p.name != "journal.toml") == [
        "good",
        "home",
        "synced",
    ]


# --- the config -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [k for k in KINDS if k not in READABLE])
def test_a_config_path_that_is_no_config_file_never_stops_a_command(
    place: Place, kind: str
) -> None:
    config = place.make(kind, place.home / "config" / "acupress" / "config.toml", "bell = false\n")
    before, dev = listing(place.base, skip=(place.good.parent,)), dev_null_neighbours()
    for argv in (["points", "LI4"], ["routines"], ["journal", "--journal", str(place.good)]):
        result = place.run(*argv)
        assert result.code == 0, result
        assert f"acupress: warning: {config}" in result.err and SAYS[kind] in result.err
    result = place.run("log", "3", "--journal", str(place.good))
    assert result.code == 0 and "warning" in result.err
    unchanged(place, before, dev)


def test_a_config_journal_setting_naming_an_unknown_user(place: Place) -> None:
    config = place.home / "config" / "acupress" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('journal = "~nosuchuser/journal.toml"\n')
    before, dev = listing(place.base, skip=(place.good.parent,)), dev_null_neighbours()
    assert place.run("points", "LI4").code == 0
    result = place.run("log", "3")
    assert result.code == 1 and "unknown user 'nosuchuser'" in result.err
    assert "fix the 'journal' setting, or give --journal PATH" in result.err
    assert place.run("log", "3", "--journal", str(place.good)).code == 0
    unchanged(place, before, dev)


def test_a_config_nested_too_deeply(place: Place) -> None:
    config = place.home / "config" / "acupress" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("x = " + "[" * 3000 + "]" * 3000 + "\n")
    result = place.run("points", "LI4")
    assert result.code == 0 and "nested too deeply" in result.err


# --- routines ---------------------------------------------------------------------------------

ROUTINE = 'title = "T"\narea = "neck"\n[[steps]]\npoint = "LI4"\nseconds = 10\n'


@pytest.mark.parametrize("kind", [k for k in KINDS if k not in READABLE])
def test_a_routine_path_that_is_no_routine_file(place: Place, kind: str) -> None:
    routine = place.make(kind, place.base / "r" / "mine.toml", ROUTINE)
    before, dev = listing(place.base, skip=(place.good.parent,)), dev_null_neighbours()
    for argv in (["routines", "check"], ["routines", "show"], ["play"]):
        result = place.run(*argv, str(routine))
        assert result.code == 1, (argv, result)
        assert "mine.toml" in result.out + result.err
        assert SAYS[kind] in result.out + result.err, result
    unchanged(place, before, dev)


@pytest.mark.parametrize("kind", [k for k in KINDS if k not in READABLE])
def test_a_user_routine_that_is_no_file_is_listed_as_broken(place: Place, kind: str) -> None:
    folder = place.home / "config" / "acupress" / "routines"
    place.make(kind, folder / "mine.toml", ROUTINE)
    before, dev = listing(place.base, skip=(place.good.parent,)), dev_null_neighbours()
    result = place.run("routines")
    assert result.code == 0
    assert "mine" in result.out and "BROKEN" in result.out and SAYS[kind] in result.out
    result = place.run("routines", "show", "mine")
    assert result.code == 1 and SAYS[kind] in result.out
    assert place.run("routines", "show", "lower-back").code == 0
    unchanged(place, before, dev)


# --- exports ----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [k for k in KINDS if k != "other-file"])
def test_an_export_path_that_is_no_file_to_write(place: Place, kind: str) -> None:
    output = place.make(kind, place.base / ("ro" if kind == "read-only-folder" else "e") / "x.csv")
    if kind == "read-only-folder":
        output.parent.chmod(0o755)
        output.unlink()  # a new file in a folder one cannot write to
        output.parent.chmod(0o555)
    before, dev = listing(place.base, skip=(place.good.parent,)), dev_null_neighbours()
    result = place.run(
        "journal", "export", "--format", "csv", "-o", str(output), "--journal", str(place.good)
    )
    assert result.code == 1, result
    assert "x.csv" in result.err and SAYS_ON_WRITE[kind] in result.err, result.err
    unchanged(place, before, dev)


def test_an_export_through_a_symlink_writes_the_file_it_leads_to(place: Place) -> None:
    output = place.make("other-file", place.base / "e" / "x.csv")
    before = listing(place.base, skip=(place.good.parent,))
    result = place.run(
        "journal", "export", "--format", "csv", "-o", str(output), "--journal", str(place.good)
    )
    assert result.code == 0, result
    after = listing(place.base, skip=(place.good.parent,))
    # No temporary, lock or backup file left (the journal read leaves its index).
    assert set(without_cache(place, after)) == set(without_cache(place, before))
    written = (place.base / "e" / "passwd").read_text()
    assert output.is_symlink() and written.startswith('"id","at"') and '"a1"' in written


# --- the journal's files, as the README promises ----------------------------------------------


def test_the_permission_tests_really_run_unprivileged(place: Place) -> None:
    """Guards the rest: an unreadable file must be unreadable to the commands."""
    secret = place.make("unreadable", place.base / "s" / "secret.toml")
    result = place.run("routines", "check", str(secret))
    assert result.code == 1 and "cannot read: Permission denied" in result.out

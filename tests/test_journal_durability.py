"""The journal under kill -9 and concurrent writers, in real subprocesses."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest

from tui.core.journal.entry import new_entry
from tui.core.journal.parse import parse_journal
from tui.core.journal.store import JournalStore

ROOT = Path(__file__).resolve().parent.parent

# Appends entries (notes up to a few KB, so writes span pages) and, every fourth step,
# rewrites the file by editing an entry; prints each appended id once it is saved.
WRITER = """
import random, sys
from dataclasses import replace
from pathlib import Path
from tui.core.journal.entry import new_entry
from tui.core.journal.store import JournalStore

store = JournalStore(Path(sys.argv[1]))
rng = random.Random(int(sys.argv[2]))
count = int(sys.argv[3]) if len(sys.argv) > 3 else 10**9
for step in range(1, count + 1):
    if step % 4 == 0:
        entries = store.load()
        target = rng.choice(entries)
        store.update(replace(target, note=f"edited {step}\\n" * rng.randint(1, 3)))
        continue
    entry = new_entry(rng.randint(0, 10), ["neck"], note="x" * rng.randint(0, 6000) + '"\\n')
    store.append(entry)
    print(entry.id, flush=True)
"""


def writer(path: Path, seed: int, count: int | None = None) -> subprocess.Popen[str]:
    argv = [sys.executable, "-c", WRITER, str(path), str(seed)]
    if count is not None:
        argv.append(str(count))
    return subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.PIPE, text=True)


@pytest.mark.slow
def test_kill_9_at_random_moments_never_tears_the_file_or_loses_an_entry(tmp_path: Path) -> None:
    path = tmp_path / "journal.toml"
    store = JournalStore(path)
    rng = random.Random(20261123)
    acknowledged: set[str] = set()
    for iteration in range(30):
        child = writer(path, iteration)
        assert child.stdout is not None
        for _ in range(rng.randint(1, 8)):
            line = child.stdout.readline()
            assert line, "the writer died on its own"
            acknowledged.add(line.strip())
        # Not a wait for anything: a random pause puts the kill at a random point of the
        # next write (about one kill in ten lands while a temporary file exists).
        time.sleep(rng.uniform(0, 0.02))
        os.kill(child.pid, signal.SIGKILL)
        acknowledged.update(line.strip() for line in child.stdout)  # printed before the kill
        child.stdout.close()
        assert child.wait() == -signal.SIGKILL
        ids = {e.id for e in store.load()}  # parses and validates, or raises
        assert acknowledged <= ids, f"iteration {iteration}: lost {acknowledged - ids}"
        tomllib.loads(path.read_text(encoding="utf-8"))
        if store.backup_path.exists():
            parse_journal(store.backup_path.read_bytes(), store.backup_path)
    # Temporary files a killed writer left behind are cleared by the next write.
    store.append(replace(store.load()[0], id="final"))
    assert not list(tmp_path.glob(".*.tmp"))


@pytest.mark.slow
def test_30_concurrent_log_commands_leave_30_entries(tmp_path: Path) -> None:
    path = tmp_path / "journal.toml"
    children = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tui",
                "log",
                str(n % 11),
                "--note",
                f"writer {n}",
                "--journal",
                str(path),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(30)
    ]
    for child in children:
        _, err = child.communicate()
        assert child.returncode == 0, err
    entries = JournalStore(path).load()
    assert len(entries) == 30
    assert len({e.id for e in entries}) == 30
    assert sorted(e.note or "" for e in entries) == sorted(f"writer {n}" for n in range(30))


@pytest.mark.slow
def test_concurrent_appends_and_rewrites_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "journal.toml"
    store = JournalStore(path)
    store.append(new_entry(5, note="seed"))
    children = [writer(path, seed, count=24) for seed in range(5)]
    printed: set[str] = set()
    for child in children:
        out, _ = child.communicate()
        assert child.returncode == 0
        printed.update(out.split())
    entries = store.load()
    assert len(printed) == 5 * 18
    assert printed <= {e.id for e in entries}
    assert len(entries) == 5 * 18 + 1


# Kills the writer itself at an exact step of a save: before or after the n-th call of
# os.write (or halfway through it), os.fsync, os.replace or os.pwrite (the digest cache).
KILL_AT = """
import os, signal, sys
from pathlib import Path
from tui.core.journal.entry import new_entry
from tui.core.journal.store import JournalStore

path, operation, name, nth, when = sys.argv[1:6]
nth = int(nth)
real = getattr(os, name)
calls = 0

def die():
    os.kill(os.getpid(), signal.SIGKILL)

def wrapped(*args):
    global calls
    calls += 1
    if calls == nth and when == "before":
        die()
    if calls == nth and when == "half":
        fd, data = args
        real(fd, bytes(data)[: len(data) // 2])
        die()
    result = real(*args)
    if calls == nth and when == "after":
        die()
    return result

setattr(os, name, wrapped)
store = JournalStore(Path(path))
if operation == "append":
    store.append(new_entry(7, note="the new one"))
else:
    store.delete(store.load()[0].id)
print("finished")
"""

KILL_POINTS = [
    ("write", 1, "half"),
    ("write", 1, "after"),
    ("fsync", 1, "before"),
    ("fsync", 1, "after"),
    ("replace", 1, "before"),
    ("replace", 1, "after"),
    ("fsync", 2, "before"),
    ("fsync", 2, "after"),
    ("replace", 2, "after"),
    ("fsync", 3, "after"),
    ("pwrite", 1, "before"),
    ("pwrite", 1, "after"),
]
START = {
    "new file": None,
    "known file": "known",
    "hand-edited file": "# my comment\n",
    "version 0 file": "version = 0\n[[entries]]\ndate = 2024-03-01\npain = 4\n",
}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("operation", "start"),
    [("append", start) for start in START] + [("delete", s) for s in START if s != "new file"],
)
def test_a_kill_at_each_step_of_a_save_leaves_the_old_file_or_the_new(
    tmp_path: Path, start: str, operation: str
) -> None:
    for name, nth, when in KILL_POINTS:
        folder = tmp_path / f"{name}-{nth}-{when}"
        path = folder / "journal.toml"
        store = JournalStore(path)
        if START[start] is not None:
            store.append(new_entry(1, note="old one"))
            store.append(new_entry(2, note="old two"))
            if start == "hand-edited file":  # the digest no longer matches: full check
                path.write_text(START[start] + path.read_text(encoding="utf-8"), encoding="utf-8")
            elif start == "version 0 file":  # migrated and rewritten, with a .bak
                path.write_text(START[start], encoding="utf-8")
        before = {e.id: e for e in store.load()}
        done = subprocess.run(
            [sys.executable, "-c", KILL_AT, str(path), operation, name, str(nth), when],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        after = {e.id: e for e in store.load()}  # always a valid file (or none yet)
        if operation == "append":
            added = [e for key, e in after.items() if key not in before]
            assert set(before) <= set(after)
            assert [e.note for e in added] in ([], ["the new one"]), (name, nth, when)
        else:
            assert set(after) in (set(before), set(before) - {next(iter(before))})
        if done.returncode == 0:
            assert "finished" in done.stdout  # the kill point was never reached
        else:
            assert done.returncode == -signal.SIGKILL, done.stderr
        # No stale lock: the next save goes through, and clears any temporary file.
        store.append(new_entry(3))
        assert not list(folder.glob(".*.tmp"))

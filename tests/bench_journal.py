"""Benchmark: the pain journal with 2 entries against 10,000.

Not a test (pytest collects test_*.py only). Run from the repository root:

    python tests/bench_journal.py [--runs 9] [--entries 10000]

Times, as medians over the runs:

- ``append`` through the API (the digest of the file is known: no parse),
- ``append`` after a hand edit (the digest does not match: full parse and check),
- ``acupress log`` as a subprocess (``python -m tui log``: interpreter start-up included),
- ``load()`` (parse and validate everything), and a full rewrite (``delete`` of an
  entry: 2 runs, as the small journal has only 2 entries),
- ``merge`` of a sync conflict copy that has one entry more (both files read and
  validated, the entry appended), and of one where an entry was edited (full rewrite).

The journals live in a temporary directory on the same file system as $TMPDIR.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui.core.areas import AREAS  # noqa: E402
from tui.core.journal.entry import Entry, new_entry  # noqa: E402
from tui.core.journal.parse import parse_journal  # noqa: E402
from tui.core.journal.store import JournalStore  # noqa: E402
from tui.core.journal.writer import render_journal  # noqa: E402
from tui.core.when import now_local  # noqa: E402


def make_entries(count: int) -> list[Entry]:
    start = datetime(2020, 1, 1, 8, 0).astimezone()
    entries = []
    for n in range(count):
        note = None
        if n % 3 == 0:
            note = f"entry {n}: stiff after sitting"
        if n % 10 == 0:
            note = f'entry {n}: "better" after the walk\nstill sore bending down\nslept well'
        entries.append(
            new_entry(
                n % 11,
                AREAS[: 1 + n % 3],
                note,
                at=start + timedelta(hours=5 * n),
                routine="desk-reset" if n % 7 == 0 else None,
                phase=("before", "after")[n % 2] if n % 7 == 0 else None,
                session=f"s{n // 2}" if n % 7 == 0 else None,
            )
        )
    return entries


def journal_with(folder: Path, count: int) -> JournalStore:
    """A fresh journal of *count* entries whose digest is known (as after any write)."""
    entries = make_entries(count)
    store = JournalStore(folder / f"journal-{count}-{time.monotonic_ns()}.toml")
    store.path.write_text(render_journal(entries[:-1]), encoding="utf-8")
    store.append(entries[-1])  # validates once and records the digest
    return store


def pair(folder: Path, count: int) -> tuple[JournalStore, JournalStore]:
    return journal_with(folder, 2), journal_with(folder, count)


def compare(
    folder: Path,
    count: int,
    action: Callable[[JournalStore], object],
    runs: int,
    before: Callable[[JournalStore], object] | None = None,
) -> tuple[float, float]:
    """Median milliseconds of *action* on fresh 2- and *count*-entry journals, alternating
    between them run by run so that background load affects both alike."""
    stores = pair(folder, count)
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for store, found in zip(stores, times, strict=True):
            if before is not None:
                before(store)
            start = time.perf_counter()
            action(store)
            found.append((time.perf_counter() - start) * 1000)
    return statistics.median(times[0]), statistics.median(times[1])


def append_one(store: JournalStore) -> None:
    store.append(new_entry(4))


def hand_edit(store: JournalStore) -> None:
    with store.path.open("a", encoding="utf-8") as handle:
        handle.write("# a comment added by hand\n")


def log_command(store: JournalStore) -> None:
    argv = ["-m", "tui", "log", "5", "--area", "neck", "--journal", str(store.path)]
    subprocess.run([sys.executable, *argv], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


_chosen: dict[Path, str] = {}


def choose_first(store: JournalStore) -> None:
    _chosen[store.path] = store.load()[0].id


def delete_chosen(store: JournalStore) -> None:
    store.delete(_chosen[store.path])


def conflict_copy(store: JournalStore, edit: bool = False) -> None:
    """A copy of the journal beside it with one entry more (and, with *edit*, one edited)."""
    entries = store.load()
    if edit:
        entries[0] = replace(entries[0], level=(entries[0].level + 1) % 11, updated=now_local())
    copy = store.path.with_name(store.path.stem + ".sync-conflict-20261201-101500-BENCHMK.toml")
    copy.write_text(render_journal([*entries, new_entry(3)]), encoding="utf-8")
    _copies[store.path] = copy


_copies: dict[Path, Path] = {}


def merge_copy(store: JournalStore) -> None:
    copy = _copies[store.path]
    store.merge([parse_journal(copy.read_bytes(), copy)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--entries", type=int, default=10_000)
    args = parser.parse_args()
    runs: int = args.runs
    count: int = args.entries

    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        os.environ["XDG_CONFIG_HOME"] = str(folder / "config")  # no user config for `log`
        size = journal_with(folder, count).path.stat().st_size
        print(f"python {sys.version.split()[0]}, {count} entries = {size / 1e6:.2f} MB")
        print(f"median of {runs} alternating runs, milliseconds, fresh journals for each row")
        print("(the 2-entry journal grows by one entry per append run)\n")
        rows = [
            ("append, API (digest known, no parse)", *compare(folder, count, append_one, runs)),
            (
                "append, API, after a hand edit (full check)",
                *compare(folder, count, append_one, runs, hand_edit),
            ),
            ("acupress log (subprocess)", *compare(folder, count, log_command, runs)),
            ("load() (parse + validate)", *compare(folder, count, JournalStore.load, runs)),
            (
                "delete (parse + full rewrite + .bak)",
                *compare(folder, count, delete_chosen, 2, choose_first),
            ),
            (
                "merge a conflict copy with 1 entry more",
                *compare(folder, count, merge_copy, runs, conflict_copy),
            ),
            (
                "merge a copy with 1 more and 1 edited (rewrite)",
                *compare(folder, count, merge_copy, 2, lambda s: conflict_copy(s, edit=True)),
            ),
        ]
        print(f"{'':50} {'2 entries':>10} {count:>7} entries {'difference':>11}")
        for name, few, many in rows:
            print(f"{name:50} {few:10.1f} {many:15.1f} {many - few:+11.1f}")


if __name__ == "__main__":
    main()

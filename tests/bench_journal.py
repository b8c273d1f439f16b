"""Benchmark: the pain journal at 2 entries against 10,000 and 100,000.

Not a test (pytest collects test_*.py only). Run from the repository root:

    python tests/bench_journal.py [--entries 10000,100000] [--runs 5]

For each size, medians over the runs, in milliseconds of wall-clock time, for a journal of
2 entries and one of the size, alternating between them run by run so that background load
affects both alike (fresh journals for each row):

- the baseline, measured in the same run: ``tomllib.loads`` of the file's text, and
  ``parse_journal`` (tomllib plus checking every entry: what every command paid before the
  index);
- reading (``load()``): cold (no cache at all: every entry parsed and checked, the cache
  written), warm (the file as last read), and right after another program changed the file
  (appended an entry as another acupress would, or edited an entry in the middle by hand),
  from the cache of the file as it was;
- ``append`` through the API, the digest known (no parse), and right after another program
  appended (the check before an append: the file valid, the new id unused), an edit
  (``update``: full rewrite + .bak) and a delete (full rewrite + tombstone + .bak);
- ``merge`` of a sync conflict copy with one entry more (read as ``journal merge`` reads it,
  through the journal's index);
- the commands, as subprocesses (``python -m tui ...``: interpreter start-up included),
  right after another program appended an entry: ``log``, ``journal`` (every entry listed,
  to /dev/null) and ``journal stats``; and ``log`` after such a change with no cache at
  all (deleted, or the first run of this acupress: the worst case);
- the app's journal section, headless at 80x24 in this process, right after another program
  appended an entry: from opening the section to the table and the stats shown, and the
  longest the event loop went without running a 5 ms timer meanwhile (the app's
  responsiveness while the journal loads).

The journals and the cache live in a temporary directory (``XDG_CACHE_HOME`` points there).
The goals (issue 15): at 10,000 entries every command within 0.2 s of its time at 2 entries;
at 100,000 entries ``log`` under 0.5 s, ``journal`` and ``journal stats`` under 1.5 s, the
journal section ready within 1.5 s, right after another program changed the file.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui.core import tomlfast  # noqa: E402
from tui.core.areas import AREAS  # noqa: E402
from tui.core.journal.entry import Entry, new_entry  # noqa: E402
from tui.core.journal.parse import parse_journal  # noqa: E402
from tui.core.journal.store import JournalStore  # noqa: E402
from tui.core.journal.writer import render_entry, render_journal  # noqa: E402

Action = Callable[[JournalStore], object]


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


_ENTRIES: dict[int, list[Entry]] = {}


def journal_with(folder: Path, count: int) -> JournalStore:
    """A fresh journal of *count* entries, read once by this code (its cache and the lock's
    digest made, as after any use)."""
    if count not in _ENTRIES:
        _ENTRIES[count] = make_entries(count)
    entries = _ENTRIES[count]
    store = JournalStore(folder / f"journal-{count}-{time.monotonic_ns()}.toml")
    store.path.write_text(render_journal(entries[:-1]), encoding="utf-8")
    store.append(entries[-1])  # validates once and records the digest
    store.load()
    return store


def timed(
    stores: Sequence[JournalStore], action: Action, runs: int, before: Action | None
) -> list[float]:
    times: list[list[float]] = [[] for _ in stores]
    for _ in range(runs):
        for store, found in zip(stores, times, strict=True):
            if before is not None:
                before(store)
            start = time.perf_counter()
            action(store)
            found.append((time.perf_counter() - start) * 1000)
    return [statistics.median(t) for t in times]


def compare(
    folder: Path, count: int, action: Action, runs: int, before: Action | None = None
) -> list[float]:
    """Median milliseconds of *action* on fresh 2- and *count*-entry journals."""
    return timed([journal_with(folder, 2), journal_with(folder, count)], action, runs, before)


# --- what other programs do ------------------------------------------------------------------


def another_program_appends(store: JournalStore) -> None:
    """Another acupress (a synced copy, say) appended an entry: the file is not the one this
    code last read or wrote."""
    raw = store.path.read_bytes()
    store.path.write_bytes(raw + b"\n" + render_entry(new_entry(6, ("neck",))).encode())


def hand_edit_in_the_middle(store: JournalStore) -> None:
    """An entry in the middle edited by hand: a comment after its id."""
    raw = store.path.read_bytes()
    middle = raw.index(b"[[entries]]", len(raw) // 2)
    end = raw.index(b"\n", middle + 20)
    store.path.write_bytes(raw[:end] + b"  # edited by hand" + raw[end:])


def no_cache(store: JournalStore) -> None:
    shutil.rmtree(Path(os.environ["XDG_CACHE_HOME"]) / "acupress", ignore_errors=True)


def changed_without_cache(store: JournalStore) -> None:
    """The worst case: another program changed the file and there is no cache (deleted, or
    the first run of this acupress): every entry is parsed and checked."""
    no_cache(store)
    another_program_appends(store)


def baseline(store: JournalStore) -> None:
    tomllib.loads(store.path.read_text(encoding="utf-8"))


def full_parse(store: JournalStore) -> None:
    parse_journal(store.path.read_bytes(), store.path)


def append_one(store: JournalStore) -> None:
    store.append(new_entry(4))


_chosen: dict[Path, Entry] = {}


def choose_middle(store: JournalStore) -> None:
    entries = store.load()
    if len(entries) < 2:  # the small journal, after deletes
        store.append(new_entry(2))
        entries = store.load()
    _chosen[store.path] = entries[len(entries) // 2]


def edit_chosen(store: JournalStore) -> None:
    old = _chosen[store.path]
    store.update(replace(old, level=(old.level + 1) % 11))


def delete_chosen(store: JournalStore) -> None:
    store.delete(_chosen[store.path].id)


_copies: dict[Path, Path] = {}


def conflict_copy(store: JournalStore) -> None:
    """A copy of the journal beside it with one entry more."""
    entries = store.load()
    copy = store.path.with_name(store.path.stem + ".sync-conflict-20261201-101500-BENCHMK.toml")
    copy.write_text(render_journal([*entries, new_entry(3)]), encoding="utf-8")
    _copies[store.path] = copy


def merge_copy(store: JournalStore) -> None:
    copy = _copies[store.path]
    store.merge([store.read_copy(copy.read_bytes(), copy)])  # as `journal merge` reads it


def command(*argv: str) -> Action:
    def run(store: JournalStore) -> None:
        subprocess.run(
            [sys.executable, "-m", "tui", *argv, "--journal", str(store.path)],
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )

    return run


# --- the app -----------------------------------------------------------------------------------


async def _open_section(path: Path) -> tuple[float, float]:
    from tui.app import AcupressApp
    from tui.screens.journal import JournalScreen

    ready: list[float] = []
    shown = JournalScreen.show_journal

    def show(self: JournalScreen, *args: object) -> None:
        shown(self, *args)  # type: ignore[arg-type]
        ready.append(time.perf_counter())

    JournalScreen.show_journal = show  # type: ignore[method-assign]
    try:
        app = AcupressApp(journal_path=path, show_notice=False, ascii_map=False)
        app.animation_level = "none"
        async with app.run_test(size=(80, 24)) as pilot:
            ticks = [time.perf_counter()]
            timer = app.set_interval(0.005, lambda: ticks.append(time.perf_counter()))
            await pilot.pause()
            # Opened once the app has settled: its check of the catalogue, a second after
            # start-up, would otherwise share the processor with the read.
            await pilot.pause(app.CATALOGUE_CHECK_DELAY + 0.1)
            await app.workers.wait_for_complete()
            start = time.perf_counter()
            await app.run_action("section('journal')")
            while not ready and time.perf_counter() - start < 60:
                await pilot.pause(0.01)  # the read starts once the section is shown
            await pilot.pause()
            timer.stop()
            assert isinstance(app.screen, JournalScreen) and app.screen.loaded
            stall = max(b - a for a, b in itertools.pairwise(ticks) if b >= start)
    finally:
        JournalScreen.show_journal = shown  # type: ignore[method-assign]
    return (ready[0] - start) * 1000, stall * 1000


def app_rows(folder: Path, count: int, runs: int) -> tuple[list[float], list[float]]:
    stores = [journal_with(folder, 2), journal_with(folder, count)]
    ready: list[list[float]] = [[], []]
    stalls: list[list[float]] = [[], []]
    for _ in range(runs):
        for n, store in enumerate(stores):
            another_program_appends(store)
            took, stall = asyncio.run(_open_section(store.path))
            ready[n].append(took)
            stalls[n].append(stall)
    return [statistics.median(t) for t in ready], [max(s) for s in stalls]


# --- the table ---------------------------------------------------------------------------------


def bench(folder: Path, count: int, runs: int) -> None:
    size = journal_with(folder, count).path.stat().st_size
    print(f"\n{count} entries = {size / 1e6:.2f} MB; median of {runs} alternating runs, ms")
    rows: list[tuple[str, list[float]]] = [
        ("baseline: tomllib.loads of the file", compare(folder, count, baseline, runs)),
        ("baseline: parse_journal (tomllib + checks)", compare(folder, count, full_parse, runs)),
        ("read, cold (no cache)", compare(folder, count, JournalStore.load, runs, no_cache)),
        ("read, warm (unchanged)", compare(folder, count, JournalStore.load, runs)),
        (
            "read, another program appended",
            compare(folder, count, JournalStore.load, runs, another_program_appends),
        ),
        (
            "read, an entry in the middle edited by hand",
            compare(folder, count, JournalStore.load, runs, hand_edit_in_the_middle),
        ),
        ("append, API (digest known, no parse)", compare(folder, count, append_one, runs)),
        (
            "append, another program appended (check)",
            compare(folder, count, append_one, runs, another_program_appends),
        ),
        (
            "edit an entry in the middle (rewrite)",
            compare(folder, count, edit_chosen, runs, choose_middle),
        ),
        (
            "delete an entry in the middle (rewrite)",
            compare(folder, count, delete_chosen, runs, choose_middle),
        ),
        (
            "merge a conflict copy with 1 entry more",
            compare(folder, count, merge_copy, runs, conflict_copy),
        ),
        (
            "acupress log, another program appended",
            compare(
                folder, count, command("log", "5", "--area", "neck"), runs, another_program_appends
            ),
        ),
        (
            "acupress journal, another program appended",
            compare(folder, count, command("journal"), runs, another_program_appends),
        ),
        (
            "acupress journal stats, another prog. appended",
            compare(folder, count, command("journal", "stats"), runs, another_program_appends),
        ),
        (
            "acupress log, changed, no index cache at all",
            compare(folder, count, command("log", "5"), runs, changed_without_cache),
        ),
    ]
    ready, stall = app_rows(folder, count, runs)
    rows.append(("app: journal section ready, another prog. app.", ready))
    rows.append(("app: longest event-loop stall meanwhile (max)", stall))
    parse = rows[0][1][1]
    print(f"{'':48} {'2 entries':>10} {count:>8} {'difference':>11} {'/ tomllib':>9}")
    for name, (few, many) in rows:
        print(f"{name:48} {few:10.1f} {many:8.1f} {many - few:+11.1f} {many / parse:9.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--entries", default="10000,100000")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        for name in ("CONFIG", "CACHE", "STATE", "DATA"):  # no user config, cache or state
            os.environ[f"XDG_{name}_HOME"] = str(folder / name.lower())
        print(
            f"python {sys.version.split()[0]}; {os.cpu_count()} CPUs; "
            f"fast parser: {tomlfast.fast_parser() or 'none (tomllib only)'}"
        )
        for count in (int(n) for n in args.entries.split(",")):
            bench(folder, count, args.runs)


if __name__ == "__main__":
    main()

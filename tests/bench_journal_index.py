"""Benchmark: reading a journal through the chunk index against today's full parse.

Not a test (pytest collects test_*.py only). Run from the repository root:

    python tests/bench_journal_index.py [--sizes 10000,100000] [--runs 5]

For each size, times (median over the runs, milliseconds) to get the validated entries of
a journal from its bytes, as :func:`tui.core.journal.parse.parse_journal` does today
(tomllib and ``Entry.from_table`` on the whole file) and as :func:`tui.core.journal_index.read_indexed` does:

- cold: no cache (every chunk parsed and validated, the cache written);
- warm, unchanged; warm, another program appended one entry; warm, one entry in the middle
  edited by hand; warm, the file rewritten by another program in another layout (tomli-w);
  each time from the cache of the journal as it was before the change;
- the check an append needs (validity and ids, entries not rebuilt: ``check_indexed``);
- and the parts of a warm read: split + SHA-256 of every chunk, loading the cache file,
  rebuilding tables and entries from it.

Times are the process's CPU time (``time.process_time``), which other load on the machine
disturbs far less than the wall clock; on an idle machine the two agree for this work. The
cache lives in a temporary directory. Reading the file from disk is not included
(a few ms for 11 MB).
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import tomli_w  # noqa: E402
from bench_journal import make_entries  # noqa: E402

from tui.core import journal_index, tomlfast  # noqa: E402
from tui.core.journal.entry import Entry, new_entry  # noqa: E402
from tui.core.journal.parse import parse_journal  # noqa: E402
from tui.core.journal.writer import render_entry, render_journal  # noqa: E402
from tui.core.journal_index import ChunkCache, check_indexed, read_indexed  # noqa: E402


def median_ms(action: Callable[[], object], runs: int, before: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        before()
        start = time.process_time()
        action()
        times.append((time.process_time() - start) * 1000)
    return statistics.median(times)


def tomli_w_layout(entries: list[Entry]) -> bytes:
    plain = []
    for entry in entries:
        data = {f.name: getattr(entry, f.name) for f in dataclasses.fields(entry)}
        data["areas"] = list(entry.areas)
        plain.append({key: value for key, value in data.items() if value is not None})
    return tomli_w.dumps({"version": 1, "entries": plain}).encode()


def bench(size: int, runs: int, folder: Path) -> None:
    entries = make_entries(size)
    raw = render_journal(entries).encode()
    middle = entries[size // 2]
    changes = {
        "unchanged": raw,
        "another program appended one entry": raw + b"\n" + render_entry(new_entry(3)).encode(),
        "one entry in the middle edited": raw.replace(
            f'id = "{middle.id}"\n'.encode(), f'id = "{middle.id}"\n# edited\n'.encode()
        ),
        "rewritten in another layout (tomli-w)": tomli_w_layout(entries),
    }
    warm = folder / f"warm-{size}.json"
    cache = ChunkCache(folder / f"cache-{size}.json")
    read_indexed(raw, "journal.toml", cache)  # the cache of the journal as it was
    shutil.copyfile(cache.path, warm)

    def restore() -> None:
        shutil.copyfile(warm, cache.path)

    def nothing() -> None:
        pass

    def cold() -> None:
        cache.delete()

    print(f"\n{size} entries, {len(raw) / 1e6:.1f} MB, median of {runs}, CPU ms")
    full = median_ms(lambda: parse_journal(raw, "journal.toml"), runs, nothing)
    print(f"  {'today: parse_journal (tomllib + Entry.from_table), any change':52} {full:9.0f}")
    with journal_index._no_collection():
        no_gc = median_ms(lambda: parse_journal(raw, "journal.toml"), runs, nothing)
    print(f"  {'  the same with the garbage collector paused':52} {no_gc:9.0f}")
    for name, data in [("cold: no cache", raw), *changes.items()]:
        result = read_indexed(data, "journal.toml", None)
        assert result.parsed.entries == parse_journal(data, "journal.toml").entries
        ms = median_ms(
            lambda data=data: read_indexed(data, "journal.toml", ChunkCache(cache.path)),  # type: ignore[misc]
            runs,
            cold if name.startswith("cold") else restore,
        )
        (cold if name.startswith("cold") else restore)()
        got = read_indexed(data, "journal.toml", ChunkCache(cache.path))
        label = name if name.startswith("cold") else f"warm, {name}"
        print(f"  {label:52} {ms:9.0f}   parsed {got.parsed_chunks} of {got.chunks} chunks")
    for name in ("another program appended one entry", "one entry in the middle edited"):
        data = changes[name]
        ms = median_ms(
            lambda data=data: check_indexed(data, "journal.toml", ChunkCache(cache.path)),  # type: ignore[misc]
            runs,
            restore,
        )
        print(f"  {'warm, ' + name[:22] + '…: check for an append':52} {ms:9.0f}   (ids only)")
    rewritten = changes["rewritten in another layout (tomli-w)"]
    fast = tomlfast._resolve()
    tomlfast._fast = None  # as without toml-rs installed
    try:
        ms = median_ms(
            lambda: read_indexed(rewritten, "journal.toml", ChunkCache(cache.path)), runs, restore
        )
    finally:
        tomlfast._fast = fast
    print(f"  {'warm, rewritten in another layout, tomllib only':52} {ms:9.0f}")
    restore()
    split_ms = median_ms(
        lambda: [hashlib.sha256(c).hexdigest() for c in journal_index.split(raw)[1]], runs, nothing
    )

    def load_cache() -> object:
        fresh = ChunkCache(cache.path)
        return fresh.meta(), fresh.columns()

    load_ms = median_ms(load_cache, runs, nothing)
    meta, columns = load_cache()  # type: ignore[misc]
    rebuild_ms = median_ms(lambda: journal_index._build(meta.ids, columns), runs, nothing)
    print(f"  {'  of which: split + SHA-256 of each chunk':52} {split_ms:9.0f}")
    print(
        f"  {'  of which: load the cache file':52} {load_ms:9.0f}   {cache.path.stat().st_size / 1e6:.1f} MB"
    )
    print(f"  {'  of which: rebuild the entries':52} {rebuild_ms:9.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}; tomlfast: {tomlfast.fast_parser() or 'tomllib only'}")
    with tempfile.TemporaryDirectory() as temp:
        for size in (int(s) for s in args.sizes.split(",")):
            bench(size, args.runs, Path(temp))


if __name__ == "__main__":
    main()

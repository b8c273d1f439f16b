"""Benchmark: TOML parsers, validation and hashing on journals of 2, 10,000 and 100,000 entries.

Not a test (pytest collects test_*.py only). Run from the repository root:

    python tests/bench_toml.py [--sizes 2,10000,100000] [--runs 5]

For each size and each layout of the same entries (acupress's canonical form, tomli-w's
output, another key order with comments and multi-line arrays, and canonical with CRLF line
ends), times as medians over the runs:

- every TOML parser that is installed: ``tomllib`` (the reference), ``toml_rs``
  (PyPI ``toml-rs``, asked for TOML 1.0.0), ``rtoml``, ``tomli`` (mypyc-compiled wheels)
  and ``pytomlpp``; a parser whose result differs from ``tomllib``'s is marked ``!=``;
- ``tui.core.tomlfast.loads`` (the wrapper: the fast parser where it provably agrees);
- checking every entry of the parsed data (``Entry.from_table``), SHA-256 of the
  file's bytes and UTF-8 decoding;
- times are CPU time (``time.process_time``), which other load on the machine disturbs far
  less than the wall clock;
- and once per parser, its import time in a fresh interpreter (``-X importtime``).

Candidates missing from the environment are skipped (``pip install toml-rs rtoml tomli
pytomlpp`` to compare them all).
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import hashlib
import importlib.util
import re
import statistics
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import tomli_w  # noqa: E402
from bench_journal import make_entries  # noqa: E402

from tui.core import tomlfast  # noqa: E402
from tui.core.journal.entry import Entry  # noqa: E402
from tui.core.journal.writer import render_journal  # noqa: E402


def _parsers() -> dict[str, Callable[[str], dict[str, Any]]]:
    found: dict[str, Callable[[str], dict[str, Any]]] = {"tomllib": tomllib.loads}
    if importlib.util.find_spec("toml_rs"):
        import toml_rs

        found["toml_rs"] = lambda text: toml_rs.loads(text, toml_version="1.0.0")
    if importlib.util.find_spec("rtoml"):
        import rtoml

        found["rtoml"] = rtoml.loads
    if importlib.util.find_spec("tomli"):
        import tomli

        found["tomli"] = tomli.loads
    if importlib.util.find_spec("pytomlpp"):
        import pytomlpp

        found["pytomlpp"] = pytomlpp.loads
    found["tomlfast.loads"] = tomlfast.loads
    return found


# --- layouts ---------------------------------------------------------------------------------


def canonical(entries: list[Entry]) -> str:
    return render_journal(entries)


def _plain(entry: Entry) -> dict[str, Any]:
    data = {f.name: getattr(entry, f.name) for f in dataclasses.fields(entry)}
    data["areas"] = list(entry.areas)
    return {key: value for key, value in data.items() if value is not None}


def by_tomli_w(entries: list[Entry]) -> str:
    """As another program using tomli-w would write it (notes with ``\\n`` escapes)."""
    return tomli_w.dumps({"version": 1, "entries": [_plain(e) for e in entries]})


def _literal(text: str) -> str:
    return f"'{text}'" if "'" not in text and "\n" not in text else tomli_w.dumps({"x": text})[4:-1]


def reordered(entries: list[Entry]) -> str:
    """Keys in another order, comments, literal strings, multi-line arrays and notes."""
    out = ["# written by another program\nversion = 1 # the format\n"]
    for n, entry in enumerate(entries):
        out.append(f"\n# entry {n}\n[[entries]]  # one rating\n")
        if entry.note is not None:
            if "'''" not in entry.note and "\n" in entry.note:
                out.append(f"note = '''\n{entry.note}'''\n")
            else:
                out.append(f"note = {_literal(entry.note)}\n")
        out.append(f"level = {entry.level}  # 0-10\n")
        out.append("areas = [\n" + "".join(f"  {_literal(a)},\n" for a in entry.areas) + "]\n")
        for key in ("session", "phase", "routine"):
            if (value := getattr(entry, key)) is not None:
                out.append(f"{key} = {_literal(value)}\n")
        out.append(f"at = {entry.at.isoformat()}\n")
        out.append(f"id = {_literal(entry.id)}\n")
    return "".join(out)


def crlf(entries: list[Entry]) -> str:
    return render_journal(entries).replace("\n", "\r\n")


LAYOUTS: dict[str, Callable[[list[Entry]], str]] = {
    "canonical": canonical,
    "tomli-w": by_tomli_w,
    "reordered+comments": reordered,
    "canonical CRLF": crlf,
}


# --- timing ----------------------------------------------------------------------------------


def median_ms(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.process_time()
        action()
        times.append((time.process_time() - start) * 1000)
    return statistics.median(times)


def import_ms(module: str, runs: int = 5) -> float:
    """Median cumulative import time of *module* in a fresh interpreter, from -X importtime."""
    found = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", f"import {module}"],
            capture_output=True,
            text=True,
            check=True,
        )
        pattern = rf"^import time:\s+\d+ \|\s+(\d+) \| {re.escape(module)}$"
        match = re.search(pattern, done.stderr, re.MULTILINE)
        assert match, done.stderr
        found.append(int(match.group(1)) / 1000)
    return statistics.median(found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2,10000,100000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--layouts", default=",".join(LAYOUTS))
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    layouts = args.layouts.split(",")
    parsers = _parsers()
    print(f"python {sys.version.split()[0]}; tomlfast uses: {tomlfast.fast_parser() or 'tomllib'}")
    print("import time, fresh interpreter, ms (cumulative, median of 5):")
    for name in ("tomllib", "toml_rs", "rtoml", "tomli", "pytomlpp"):
        if importlib.util.find_spec(name):
            print(f"  {name:10} {import_ms(name):7.1f}")
    all_entries = make_entries(max(sizes))
    for size in sizes:
        entries = all_entries[:size]
        runs = args.runs if size > 10_000 else args.runs * 3 if size > 2 else args.runs * 50
        for layout in layouts:
            time_layout(f"{size} entries, {layout}", LAYOUTS[layout](entries), runs, parsers)


def time_layout(
    title: str, text: str, runs: int, parsers: dict[str, Callable[[str], dict[str, Any]]]
) -> None:
    raw = text.encode("utf-8")
    reference = tomllib.loads(text)
    print(f"\n{title}: {len(raw) / 1e6:.2f} MB, median of {runs}, CPU ms")
    for name, parse in parsers.items():
        same = parse(text) == reference
        ms = median_ms(functools.partial(parse, text), runs)
        print(f"  {name:30} {ms:9.2f} {'' if same else '!= tomllib'}")

    def validate() -> None:
        for table in reference["entries"]:
            Entry.from_table(table)

    print(f"  {'Entry.from_table, every entry':30} {median_ms(validate, runs):9.2f}")
    print(f"  {'sha256':30} {median_ms(functools.partial(hashlib.sha256, raw), runs):9.2f}")
    print(f"  {'utf-8 decode':30} {median_ms(functools.partial(raw.decode, 'utf-8'), runs):9.2f}")


if __name__ == "__main__":
    main()

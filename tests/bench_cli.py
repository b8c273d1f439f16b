"""Benchmark: the everyday commands against ``python -c pass`` and jrnl, in one run.

Not a test (pytest collects test_*.py only). Run from the repository root:

    python tests/bench_cli.py [--runs 31] [--entries 100] [--jrnl PATH]

Times every command as a subprocess, from start to exit, round-robin (one run of each
command, then the next round), so that load on the machine falls on all of them alike.
Prints the median wall-clock time, the median CPU time (user + system, of the process),
and each command's wall time as a share of jrnl's time for adding an entry
(``jrnl "text"``, the goal being at most 0.5) and as a multiple of ``python -c pass``.

jrnl is taken from ``--jrnl``, else ``$JRNL``, else ``jrnl`` on the PATH, else
``/tmp/jrnl-venv/bin/jrnl`` (``python3 -m venv /tmp/jrnl-venv &&
/tmp/jrnl-venv/bin/pip install jrnl``); without it its rows are left out.

Everything runs from compiled bytecode, as after ``pip install`` (which compiles it):
PYTHONDONTWRITEBYTECODE is cleared and the cache goes to a temporary PYTHONPYCACHEPREFIX,
filled by warm-up runs. Both journals hold ``--entries`` entries to begin with; the
homes, configs and journals live in a temporary directory.

The shell-completion rows time whole TABs in bash (starting bash and sourcing the script
included): commands, options, point codes and routine names are in the script or listed by
the shell, so no TAB starts Python; ``acupress __complete routines`` (what the scripts of
earlier versions ran for a routine's name) is timed beside them.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

JRNL_CONFIG = """\
colors:
  body: none
  date: none
  tags: none
  title: none
default_hour: 9
default_minute: 0
editor: ''
encrypt: false
highlight: true
indent_character: '|'
journals:
  default:
    journal: '{journal}'
linewrap: 79
tagsymbols: '#@'
template: false
timeformat: '%F %r'
version: v4.6
"""


def find_jrnl(given: str | None) -> str | None:
    for candidate in (given, os.environ.get("JRNL"), shutil.which("jrnl")):
        if candidate:
            return candidate
    fallback = Path("/tmp/jrnl-venv/bin/jrnl")
    return str(fallback) if fallback.exists() else None


def acupress_command() -> list[str]:
    """The console script installed beside this Python, as people run it; else ``-m tui``."""
    script = Path(sys.executable).parent / "acupress"
    return [str(script)] if script.exists() else [sys.executable, "-m", "tui"]


def seed(home: Path, entries: int, jrnl: str | None) -> None:
    from tui.core.journal.entry import new_entry
    from tui.core.journal.store import JournalStore

    start = datetime(2024, 1, 1, 8, 0).astimezone()
    made = [
        new_entry(
            n % 11,
            ["lower-back"] if n % 2 else ["neck", "upper-back"],
            f"entry {n}: stiff after sitting" if n % 3 == 0 else None,
            at=start + timedelta(hours=7 * n),
        )
        for n in range(entries)
    ]
    JournalStore(home / "data" / "acupress" / "journal.toml").add(made)
    if jrnl is None:
        return
    journal = home / "jrnl.txt"
    (home / "config" / "jrnl").mkdir(parents=True)
    (home / "config" / "jrnl" / "jrnl.yaml").write_text(JRNL_CONFIG.format(journal=journal))
    with journal.open("w", encoding="utf-8") as out:
        for n in range(entries):
            at = start + timedelta(hours=7 * n)
            out.write(f"[{at:%Y-%m-%d %I:%M:%S %p}] entry {n}: stiff after sitting\n\n")


def bash_tab(line: str, script: Path) -> list[str]:
    """One TAB in bash at the end of *line*: the completion function with its helper."""
    words = shlex.split(line) + ([""] if line.endswith(" ") else [])
    setup = (
        f"source {shlex.quote(str(script))}; "
        f"COMP_WORDS=({' '.join(shlex.quote(w) for w in words)}); "
        f"COMP_CWORD={len(words) - 1}; COMP_LINE={shlex.quote(line)}; COMP_POINT={len(line)}; "
        '_acupress acupress "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"; '
        'printf "%s\\n" "${COMPREPLY[@]}"'
    )
    return ["bash", "--norc", "--noprofile", "-c", setup]


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    started = time.perf_counter()
    process = subprocess.Popen(
        argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert process.stderr is not None
    err = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        sys.exit(f"{shlex.join(argv)} failed ({process.returncode}):\n{err.decode()}")
    return wall, usage.ru_utime + usage.ru_stime, process.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=31, help="runs of each command")
    parser.add_argument("--entries", type=int, default=100, help="entries in each journal")
    parser.add_argument("--jrnl", help="the jrnl program to compare with")
    args = parser.parse_args()
    jrnl = find_jrnl(args.jrnl)
    acupress = acupress_command()
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        env = dict(os.environ)
        env.update(
            HOME=str(home),
            XDG_CONFIG_HOME=str(home / "config"),
            XDG_DATA_HOME=str(home / "data"),
            XDG_STATE_HOME=str(home / "state"),
            XDG_CACHE_HOME=str(home / "cache"),
            PYTHONPYCACHEPREFIX=str(home / "pycache"),
        )
        for name in ("PYTHONDONTWRITEBYTECODE", "ACUPRESS_JOURNAL", "JRNL_CONFIG"):
            env.pop(name, None)
        seed(home, args.entries, jrnl)
        mine = home / "config-mine"
        (mine / "acupress" / "routines").mkdir(parents=True)
        shutil.copy(
            ROOT / "routines" / "desk-break.toml", mine / "acupress" / "routines" / "m.toml"
        )
        script = home / "acupress.bash"
        completion = subprocess.run(
            [*acupress, "completion", "bash"], env=env, capture_output=True, text=True
        )
        commands: dict[str, list[str]] = {"python -c pass": [sys.executable, "-c", "pass"]}
        if jrnl:
            commands['jrnl "text" (adds an entry)'] = [jrnl, "bench entry"]
        commands |= {
            "acupress log 3": [*acupress, "log", "3", "--note", "bench"],
            "acupress points hegu": [*acupress, "points", "hegu"],
            "acupress journal": [*acupress, "journal"],
            "acupress routines": [*acupress, "routines"],
            # Your own routine files are checked in full: pydantic is imported for them.
            "acupress routines (+1 of yours)": [
                "/usr/bin/env", f"XDG_CONFIG_HOME={mine}", *acupress, "routines",
            ],
        }  # fmt: skip
        if completion.returncode == 0:
            script.write_text(completion.stdout)
            commands |= {
                "acupress __complete routines": [*acupress, "__complete", "routines", ""],
                "bash TAB: acupress points show <TAB>": bash_tab("acupress points show ", script),
                "bash TAB: acupress play <TAB>": bash_tab("acupress play ", script),
                "bash TAB: acupress log 3 --area <TAB>": bash_tab(
                    "acupress log 3 --area ", script
                ),
            }  # fmt: skip
            env["PATH"] = f"{Path(acupress[0]).parent}{os.pathsep}{env['PATH']}"
        walls: dict[str, list[float]] = {name: [] for name in commands}
        cpus: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(3):  # warm-up: bytecode written, files in the page cache
            for argv in commands.values():
                run_once(argv, env)
        for _ in range(args.runs):
            for name, argv in commands.items():
                wall, cpu, _ = run_once(argv, env)
                walls[name].append(wall)
                cpus[name].append(cpu)
    medians = {name: statistics.median(times) for name, times in walls.items()}
    base = medians["python -c pass"]
    reference = next((medians[n] for n in medians if n.startswith("jrnl")), None)
    print(
        f"{args.runs} runs each, round-robin; {args.entries} entries in each journal; "
        f"{os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.2f}"
    )
    print(f"acupress: {shlex.join(acupress)}; jrnl: {jrnl or 'not found'}")
    print()
    print(f"{'command':<42} {'wall ms':>8} {'cpu ms':>7} {'/ jrnl':>7} {'x pass':>7}")
    print(f"{'':<42} {'(median)':>8} {'(median)':>7} {'(wall)':>7} {'(wall)':>7}")
    for name in commands:
        share = f"{medians[name] / reference:.2f}" if reference else "-"
        print(
            f"{name:<42} {medians[name] * 1000:8.1f} {statistics.median(cpus[name]) * 1000:7.1f} "
            f"{share:>7} {medians[name] / base:7.1f}"
        )


if __name__ == "__main__":
    main()

"""The everyday commands stay quick: each imports only what it uses.

Times are measured by tests/bench_cli.py (a benchmark, not a test); these tests keep
the heavy imports it found off each command's path. Building the parser, which every
command does, imports no command's machinery; pydantic is imported only to validate a
file of the user's; a TAB's helper imports neither the parser nor the catalogue.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tui.core import paths

PROBE = """
import contextlib, io, sys
from tui.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    try:
        code = main(sys.argv[1:])
    except SystemExit as done:  # --help
        code = done.code
print(code, " ".join(sorted(sys.modules)))
"""

HEAVY = ("pydantic", "textual", "rich", "tui.core.routine_schema", "tui.core.point_schema")


def imported(tmp_path: Path, *argv: str) -> set[str]:
    env = dict(os.environ)
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *argv],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    code, _, modules = done.stdout.strip().rpartition("\n")[2].partition(" ")
    assert code in ("0", "1"), done.stdout
    return set(modules.split())


def loaded(modules: set[str], *prefixes: str) -> list[str]:
    return sorted(m for m in modules if any(m == p or m.startswith(p + ".") for p in prefixes))


def test_building_the_parser_imports_no_commands_machinery(tmp_path: Path) -> None:
    modules = imported(tmp_path, "points", "--help")
    assert (
        loaded(
            modules,
            *HEAVY,
            "tui.core.points",
            "tui.core.routines",
            "tui.core.journal.entry",
            "tui.core.journal.store",
            "tui.core.stats",
            "tui.core.when",
            "tui.cli.completion_scripts",
            "tui.cli.manpage",
            "tui.cli.diagnose",
            "json",
            "tomli_w",
            "difflib",
        )
        == []
    )


@pytest.mark.parametrize(
    ("argv", "absent"),
    [
        (["log", "3"], ("tui.core.points", "tui.core.routines", "tui.core.stats")),
        (["journal"], ("tui.core.points", "tui.core.routines", "tui.core.stats")),
        (["points", "hegu"], ("tui.core.journal.entry", "tui.core.routines", "tui.core.when")),
        (["points", "show", "li4"], ("tui.core.journal.entry", "tui.core.routines")),
        (["routines"], ("tui.core.journal.entry", "tui.core.when", "tui.core.stats")),
        (["routines", "show", "lower-back"], ("tui.core.journal.entry", "tui.core.stats")),
    ],
)
def test_each_everyday_command_imports_what_it_uses(
    argv: list[str], absent: tuple[str, ...], tmp_path: Path
) -> None:
    assert loaded(imported(tmp_path, *argv), *HEAVY, *absent) == []


def test_only_a_file_of_yours_is_validated_with_pydantic(tmp_path: Path) -> None:
    users = paths.user_routines_dir()
    users.mkdir(parents=True)
    (users / "mine.toml").write_text(
        'title = "Mine"\narea = "neck"\n\n[[steps]]\npoint = "LI4"\nseconds = 20\n'
    )
    modules = imported(tmp_path, "routines")
    assert "pydantic" in modules and "tui.core.routine_schema" in modules


def test_a_tab_imports_neither_the_parser_nor_the_catalogue(tmp_path: Path) -> None:
    modules = imported(tmp_path, "__complete", "routines", "lo")
    assert (
        loaded(modules, *HEAVY, "argparse", "tui.core.points", "tui.core.routines", "tomllib") == []
    )

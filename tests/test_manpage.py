"""The manual page acupress(1): made from the parser, committed up to date, rendered cleanly.

The page is committed (``man/acupress.1``) rather than made while the wheel is built:
building it needs the package and its dependencies, which a build environment does
not have. This test keeps the two from drifting: when the parser changes, it fails
until the page is made again (``python -m tui.cli.manpage > man/acupress.1``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tui.cli import build_parser
from tui.cli.manpage import render
from tui.cli.tree import tree

PAGE = Path(__file__).resolve().parent.parent / "man" / "acupress.1"
ROOT = tree(build_parser())


def plain(roff: str) -> str:
    """The roff source as words: font changes dropped, escaped hyphens as hyphens."""
    return re.sub(r"\\f[BIR]", "", roff).replace("\\-", "-").replace("\\&", "")


def test_the_committed_page_is_what_the_parser_gives() -> None:
    assert PAGE.read_text(encoding="ascii") == render(build_parser()), (
        "man/acupress.1 is out of date: python -m tui.cli.manpage > man/acupress.1"
    )


def test_the_page_names_every_command_and_option() -> None:
    text = plain(render(build_parser()))
    defaults = {f"{c.name} {c.default}": c.name for c in ROOT.walk() if c.default}
    for command in ROOT.walk():
        if command.path:
            assert f'.SS "{command.name}"' in text, command.name
        if command.runs:  # a synopsis line; "acupress points [search]" for a default
            parent = defaults.get(command.name)
            name = f"{parent} [{command.path[-1]}]" if parent else command.name
            assert f'.SY "{name}"\n' in text, name
        for option in command.option_strings():
            assert option in text, (command.name, option)
        for action in command.positionals:
            assert action.help and " ".join(action.help.split()) in text, action.dest


def test_the_page_is_plain_ascii() -> None:
    render(build_parser()).encode("ascii")  # other characters are groff escapes


@pytest.mark.skipif(shutil.which("man") is None, reason="man-db is not installed")
def test_man_renders_the_page_without_a_warning(tmp_path: Path) -> None:
    env = {**os.environ, "MANWIDTH": "80", "MAN_KEEP_FORMATTING": "", "LC_ALL": "C.UTF-8"}
    done = subprocess.run(
        ["man", "--warnings", "-l", str(PAGE)],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    out = re.sub(r".\x08", "", done.stdout)  # overstrike bold and underline, if any
    assert out.startswith("ACUPRESS(1)")
    for name in ("acupress journal stats", "acupress points show", "EXIT STATUS", "SAFETY"):
        assert name in out
    assert all(len(line) <= 80 for line in out.splitlines()), "wider than MANWIDTH"

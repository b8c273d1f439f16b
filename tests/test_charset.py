"""The one decision between Unicode and ASCII, and ASCII text that keeps its width."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tui.core.charset import ascii_cells, ascii_text, wants_ascii


@pytest.mark.parametrize(
    ("environ", "encoding", "ascii"),
    [
        ({"LANG": "en_GB.UTF-8"}, "utf-8", False),
        ({"LANG": "C.UTF-8"}, "utf-8", False),
        ({"LANG": "de_DE.utf8"}, "UTF-8", False),
        ({}, "utf-8", True),  # no locale at all is the C locale
        ({"LANG": "C"}, "utf-8", True),  # Python's UTF-8 mode says utf-8; the locale does not
        ({"LANG": "POSIX"}, "utf-8", True),
        ({"LANG": "en_US"}, "utf-8", True),  # ISO-8859-1 by default
        ({"LANG": "en_US.UTF-8", "LC_CTYPE": "C"}, "utf-8", True),  # LC_CTYPE before LANG
        ({"LANG": "C", "LC_CTYPE": "en_US.UTF-8"}, "utf-8", False),
        ({"LANG": "en_US.UTF-8", "LC_ALL": "C"}, "utf-8", True),  # LC_ALL before both
        ({"LANG": "C", "LC_CTYPE": "C.UTF-8"}, "utf-8", True),  # what Python sets: not trusted
        ({"LANG": "en_GB.UTF-8"}, "ascii", True),  # the stream cannot take it
        ({"LANG": "en_GB.UTF-8"}, None, True),
        ({"LANG": "en_GB.UTF-8", "ACUPRESS_ASCII": "1"}, "utf-8", True),
        ({"LANG": "en_GB.UTF-8", "ACUPRESS_ASCII": "0"}, "utf-8", False),
    ],
)
def test_the_locale_and_the_encoding_decide(
    environ: dict[str, str], encoding: str | None, ascii: bool
) -> None:
    assert wants_ascii(environ, encoding) is ascii


@pytest.mark.parametrize(
    ("started", "ascii"),
    [
        ({"LANG": "C"}, True),
        ({}, True),
        ({"LANG": "C.UTF-8"}, False),
        ({"LC_CTYPE": "C.UTF-8"}, False),  # set by the user: trusted
        ({"LANG": "en_US.UTF-8", "LC_CTYPE": "C"}, True),
    ],
)
def test_a_real_process_under_each_locale(started: dict[str, str], ascii: bool) -> None:
    """Python coerces the C locale and sets LC_CTYPE itself; the decision sees through it."""
    code = (
        "import os, sys\n"
        "from tui.core.charset import terminal_wants_ascii\n"
        "print(terminal_wants_ascii(os.environ, sys.stdout.encoding))\n"
    )
    env = {"PATH": os.environ.get("PATH", ""), **started}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == str(ascii)


def test_ascii_text_for_people() -> None:
    assert ascii_text("LI4 Hégǔ 合谷 · Joining Valley") == "LI4 Hegu  - Joining Valley"
    assert ascii_text("⚠ press → release…") == "! press -> release..."
    assert ascii_text("plain") == "plain"


def test_ascii_cells_keep_the_width_of_every_line() -> None:
    from rich.cells import cell_len

    for line in ("╭──────╮", "│ Hégǔ 合谷 │", "████░░░░ ▼ ⚠ → ⏎", "◖███◗ • ▁▂▃", "é\u0301x"):
        shown = ascii_cells(line)
        assert shown.isascii()
        assert len(shown) == cell_len(line), line
    assert ascii_cells("╭─┬─╮│") == "+-+-+|"

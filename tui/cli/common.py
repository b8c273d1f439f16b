"""Helpers shared by the subcommands: errors, JSON output, the --journal option."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tui.core.points import Catalogue


class CliError(Exception):
    """A clear message for the user; printed as ``acupress: message`` with the exit code."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def load_catalogue() -> Catalogue:
    """The built-in catalogue, read quickly (the app, ``routines check`` and ``--diagnose``
    check it in full); a damaged one is a clear message, not a traceback."""
    from tui.core.points import load_catalogue
    from tui.core.problems import ProblemError

    try:
        return load_catalogue(checked=False)
    except ProblemError as error:
        raise CliError(f"the point catalogue is damaged; reinstall acupress:\n{error}") from None


def print_json(data: Any) -> None:
    """*data* as JSON, lossless and safe on a terminal: JSON escapes C0 controls itself;
    DEL, C1 controls, bidirectional overrides and lone surrogates are escaped here too, and
    everything but ASCII where the output encoding could not write it (``\\u00e9``)."""
    import json

    from tui.core.text import UNSAFE

    text = json.dumps(data, ensure_ascii=False, indent=2)
    try:
        text.encode(getattr(sys.stdout, "encoding", None) or "utf-8", "surrogatepass")
    except (UnicodeEncodeError, LookupError):
        text = json.dumps(data, ensure_ascii=True, indent=2)
    sys.stdout.write(UNSAFE.sub(lambda m: f"\\u{ord(m[0]):04x}", text) + "\n")


def add_journal_option(parser: argparse.ArgumentParser) -> None:
    from tui.cli.tree import completes

    option = parser.add_argument(
        "--journal",
        metavar="PATH",
        default=argparse.SUPPRESS if parser.prog != "acupress" else None,
        help="journal file to use (default: $ACUPRESS_JOURNAL, then the config, "
        "then $XDG_DATA_HOME/acupress/journal.toml)",
    )
    completes(option, "files")


def output_path(text: str) -> Path:
    if not text:
        raise argparse.ArgumentTypeError("the file name is empty")
    return Path(text)


def add_output_option(parser: argparse.ArgumentParser) -> None:
    """``-o FILE``; see ``tui.cli.journal.write_output`` for how FILE is written."""
    from tui.cli.tree import completes

    option = parser.add_argument(
        "-o",
        "--output",
        type=output_path,
        metavar="FILE",
        help="write to FILE, readable only by you (default: standard output)",
    )
    completes(option, "files")

"""The ``acupress`` command: opens the app, or runs a subcommand for scripts.

Subcommands live one per module in this package, each with an
``add_parser(subparsers)`` that sets ``handler``. Only opening the app imports
Textual; every other command stays on the pure core. Opening the app imports
no subcommand module at all (they pull in pydantic, which the first paint avoids).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from tui import __version__
from tui.cli.common import CliError, add_journal_option
from tui.cli.terminal import guarded

# Each name is a module of this package with add_parser(subparsers).
COMMAND_MODULES: tuple[str, ...] = ("points", "routines", "play", "journal", "remind", "serve")


COMMANDS: dict[str, str] = {
    "points": "points",
    "routines": "routines",
    "play": "play",
    "log": "journal",
    "journal": "journal",
    "remind": "remind",
    "serve": "serve",
}
"""Each command's module (of :data:`COMMAND_MODULES`)."""


def _command_module(argv: Sequence[str]) -> str | None:
    """The module of the command *argv* names, or None (no command, or not one we know)."""
    words = iter(argv)
    for word in words:
        if word == "--journal":
            next(words, None)
        elif word == "--" or not word.startswith("-"):
            return COMMANDS.get(word)
    return None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The full parser; given *argv* that names a command, one that knows that command only,
    so that ``acupress log`` does not import the catalogue's and routines' modules (a third
    of a second). Help and errors without a known command get every command."""
    parser = _top_parser()
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    only = None if argv is None else _command_module(argv)
    for name in COMMAND_MODULES if only is None else (only,):
        module = importlib.import_module(f"tui.cli.{name}")
        module.add_parser(subparsers)
    return parser


def _top_parser(*, lenient: bool = False) -> argparse.ArgumentParser:
    """The options before any command; *lenient* leaves help and errors to the full parser."""
    parser = argparse.ArgumentParser(
        prog="acupress",
        description=(
            "Self-care acupressure for back pain: browse points, follow guided routines, "
            "keep a pain journal. Run with no command to open the app. "
            "Not medical advice."
        ),
        epilog="Run 'acupress COMMAND --help' for a command's options.",
        add_help=not lenient,
        exit_on_error=not lenient,
    )
    parser.add_argument("--version", action="version", version=f"acupress {__version__}")
    add_journal_option(parser)
    parser.set_defaults(handler=None)
    return parser


def _app_args(argv: Sequence[str]) -> argparse.Namespace | None:
    """The arguments if *argv* only opens the app (no command, no help); otherwise None.

    Lets ``acupress`` start without importing every subcommand. Anything else,
    errors included, goes to the full parser, which knows every command.
    """
    try:
        args, rest = _top_parser(lenient=True).parse_known_args(argv)
    except argparse.ArgumentError:
        return None
    return None if rest else args


def main(argv: Sequence[str] | None = None) -> int:
    # Every message and line of output passes the guard: nothing from a file or a user
    # reaches the terminal raw, and an encoding that lacks a character never crashes.
    with guarded():
        return _main(sys.argv[1:] if argv is None else list(argv))


def _main(argv: list[str]) -> int:
    args = _app_args(argv) or build_parser(argv).parse_args(argv)
    from tui.core.settings import load_settings

    # Settings are read once; a broken config never stops a command. The app shows the
    # problems itself; other commands print them as warnings on stderr.
    args.settings, args.settings_problems = load_settings()
    if args.handler is not None and not getattr(args, "opens_app", False):
        for problem in args.settings_problems:
            print(f"acupress: warning: {problem}", file=sys.stderr)
    try:
        if args.handler is None:
            return run_app(args)
        result: int = args.handler(args)
        return result
    except CliError as error:
        print(f"acupress: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # Output piped into `head` and the like: stop quietly.
        sys.stderr.close()
        return 0


def check_journal_option(args: argparse.Namespace) -> None:
    """A bad ``--journal`` (empty, an unknown ``~user``) is a usage error before the app opens."""
    explicit = getattr(args, "journal", None)
    if explicit is None:
        return
    from tui.core.paths import resolve_journal
    from tui.core.problems import ProblemError

    try:
        resolve_journal(explicit)
    except ProblemError as error:
        raise CliError("\n".join(str(p) for p in error.problems), exit_code=2) from None


def run_app(args: argparse.Namespace) -> int:
    from tui.core.points import load_catalogue
    from tui.core.problems import ProblemError

    check_journal_option(args)

    try:
        catalogue = load_catalogue(checked=False)  # the app checks it in full after first paint
    except ProblemError as error:
        print(
            f"acupress: the point catalogue is damaged; reinstall acupress:\n{error}",
            file=sys.stderr,
        )
        return 1
    import gc

    from tui.app import AcupressApp

    app = AcupressApp(
        journal_path=args.journal,
        settings=args.settings,
        settings_problems=args.settings_problems,
        catalogue=catalogue,
    )
    # What is imported by now lives as long as the program: keep the garbage collector's full
    # passes from walking it again while the first screen is built (about 25 ms).
    gc.freeze()
    app.run()
    return app.return_code or 0

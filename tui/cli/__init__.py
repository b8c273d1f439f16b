"""The ``acupress`` command: opens the app, or runs a subcommand for scripts.

Subcommands live one per module in this package, each with an
``add_parser(subparsers)`` that sets ``handler``. Only opening the app imports
Textual; every other command stays on the pure core.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from tui import __version__
from tui.cli.common import CliError, add_journal_option

# Each name is a module of this package with add_parser(subparsers).
COMMAND_MODULES: tuple[str, ...] = ("points", "routines", "play", "journal")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="acupress",
        description=(
            "Self-care acupressure for back pain: browse points, follow guided routines, "
            "keep a pain journal. Run with no command to open the app. "
            "Not medical advice."
        ),
        epilog="Run 'acupress COMMAND --help' for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"acupress {__version__}")
    add_journal_option(parser)
    parser.set_defaults(handler=None)
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"tui.cli.{name}")
        module.add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
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


def run_app(args: argparse.Namespace) -> int:
    from tui.app import AcupressApp

    app = AcupressApp(
        journal_path=args.journal,
        settings=args.settings,
        settings_problems=args.settings_problems,
    )
    app.run()
    return app.return_code or 0

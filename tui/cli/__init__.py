"""The ``acupress`` command: opens the app, or runs a subcommand for scripts.

Subcommands live one per module in this package, each with an
``add_parser(subparsers)`` that sets ``handler``; :func:`build_parser` imports them.
A subcommand module imports at the top only what its parser needs, so building the
whole parser stays cheap for every command. Only opening the app imports Textual;
every other command stays on the pure core. Opening the app builds no parser beyond
the top-level options and imports no subcommand module (``tests/test_startup.py``).
``acupress __complete`` answers the shell completion scripts without building a parser.
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported when used: a TAB's 'acupress __complete' needs none of them
    import argparse
    from collections.abc import Sequence


def build_parser() -> argparse.ArgumentParser:
    """The whole command line: every command, with its options and subcommands."""
    from tui.cli import completion, journal, play, points, remind, routines, serve

    parser = _top_parser()
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    for module in (points, routines, play, journal, remind, serve, completion):
        module.add_parser(subparsers)
    return parser


COMMANDS = ("points", "routines", "play", "log", "journal", "remind", "serve", "completion")
"""The commands, in :func:`build_parser`'s order (``tests/test_cli_help.py`` checks it)."""


def command_parser(name: str) -> argparse.ArgumentParser:
    """The top-level options and command *name* alone (one of :data:`COMMANDS`): what
    running that command needs, without importing and building every other command.

    Once *argv* starts with a command's name, argparse hands the rest of it to that
    command's parser, so it parses, helps and errs exactly as :func:`build_parser`'s."""
    parser = _top_parser()
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    if name == "points":
        from tui.cli import points

        points.add_parser(subparsers)
    elif name == "routines":
        from tui.cli import routines

        routines.add_parser(subparsers)
    elif name == "play":
        from tui.cli import play

        play.add_parser(subparsers)
    elif name == "log":
        from tui.cli import journal

        journal.add_log_parser(subparsers)
    elif name == "journal":
        from tui.cli import journal

        journal.add_journal_parser(subparsers)
    elif name == "remind":
        from tui.cli import remind

        remind.add_parser(subparsers)
    elif name == "serve":
        from tui.cli import serve

        serve.add_parser(subparsers)
    elif name == "completion":
        from tui.cli import completion

        completion.add_parser(subparsers)
    else:
        raise ValueError(f"unknown command {name!r}")
    return parser


def _top_parser(*, lenient: bool = False) -> argparse.ArgumentParser:
    """The options before any command; *lenient* leaves help and errors to the full parser."""
    import argparse

    from tui import __version__
    from tui.cli.common import add_journal_option
    from tui.cli.tree import Parser

    # acupress speaks English, and so does its parser. Otherwise argparse asks gettext for
    # a translation of each of its messages as the parser is built (some 70 look-ups, each
    # several file system checks under a locale such as en_US.UTF-8), on every run.
    setattr(argparse, "_", str)  # noqa: B010 - a module global argparse looks up at each call
    setattr(argparse, "ngettext", lambda one, many, n: one if n == 1 else many)  # noqa: B010
    parser = Parser(
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
    parser.add_argument(
        "--version", action="version", version=f"acupress {__version__}", help="print the version"
    )
    parser.add_argument(
        "--diagnose",
        action="store_true",
        help="print what to paste into a bug report: versions, the files in use and what "
        "chose them, the terminal as acupress sees it (nothing from your journal)",
    )
    add_journal_option(parser)
    parser.set_defaults(handler=None)
    return parser


def _app_args(argv: Sequence[str]) -> argparse.Namespace | None:
    """The arguments if *argv* only opens the app (no command, no help); otherwise None.

    Lets ``acupress`` start without importing every subcommand. Anything else,
    errors included, goes to the full parser, which knows every command.
    """
    import argparse

    try:
        args, rest = _top_parser(lenient=True).parse_known_args(argv)
    except argparse.ArgumentError:
        return None
    return None if rest else args


def parse(argv: Sequence[str]) -> argparse.Namespace:
    """Parse *argv* with the full parser (usage errors exit 2, as argparse does)."""
    from tui.cli.tree import resolve

    # A command named first gets its parser alone; anything else (no command, options
    # first, a mistyped command) the whole parser, whose usage and errors know every command.
    parser = command_parser(argv[0]) if argv[:1] and argv[0] in COMMANDS else build_parser()
    argv, command = resolve(parser, argv)
    args, extra = parser.parse_known_args(argv)
    if extra:  # said by the command they were given to, with its usage (argparse: the top's)
        command.error(f"unrecognized arguments: {' '.join(extra)}")
    if args.diagnose and args.handler is not None:
        parser.error("--diagnose takes no command")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["__complete"]:
        from tui.cli.completion import answer

        return answer(argv[1:])
    from tui.cli.terminal import guarded

    # Every message and line of output passes the guard: nothing from a file or a user
    # reaches the terminal raw, and an encoding that lacks a character never crashes.
    with guarded():
        return _main(argv)


# Commands that never open the app: they may defer ``inspect`` (see _defer_inspect).
_DEFERS_INSPECT = ("points", "routines", "log", "journal", "remind", "completion")


def _defer_inspect() -> None:
    """Import ``inspect`` when it is first used, not when :mod:`dataclasses` imports it.

    ``dataclasses`` imports ``inspect`` (with ``ast``, ``dis`` and ``tokenize``, some 15 ms
    here, a tenth of a command's time) for one call: a signature, for a class without a
    docstring. Until then ``sys.modules`` holds a stand-in (:class:`_Deferred`); the first
    attribute asked of it imports the real module, which every later import gets. Only for
    a command that never opens the app.
    """
    if "inspect" not in sys.modules:
        sys.modules["inspect"] = _Deferred("inspect")


class _Deferred(ModuleType):
    """A module's stand-in that imports the module at the first attribute asked of it."""

    def __getattr__(self, name: str) -> Any:
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        module = __import__(self.__name__)
        self.__dict__.update(vars(module))
        return getattr(module, name)


def _main(argv: list[str]) -> int:
    if argv[:1] and argv[0] in _DEFERS_INSPECT:
        _defer_inspect()
    from tui.cli.common import CliError
    from tui.core.settings import load_settings

    args = (None if argv[:1] and argv[0] in COMMANDS else _app_args(argv)) or parse(argv)

    # Settings are read once; a broken config never stops a command. The app shows the
    # problems itself; other commands print them as warnings on stderr.
    args.settings, args.settings_problems = load_settings()
    if args.handler is not None and not getattr(args, "opens_app", False):
        for problem in args.settings_problems:
            print(f"acupress: warning: {problem}", file=sys.stderr)
    try:
        if args.diagnose:
            from tui.cli.diagnose import run_diagnose

            return run_diagnose(args)
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
    from tui.cli.common import CliError
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

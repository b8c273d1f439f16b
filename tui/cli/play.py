"""``acupress play NAME|FILE``: open the app straight into playback of one routine."""

from __future__ import annotations

import argparse
from typing import Any

from tui.cli.common import CliError, add_journal_option, load_catalogue
from tui.cli.tree import completes


def add_parser(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "play",
        help="play a routine full-screen",
        description=(
            "Play a routine full-screen: a built-in or user routine by name (see "
            "'acupress routines'), or a routine file by path. Space pauses, n skips, p goes "
            "back, m mutes the bell, q stops."
        ),
    )
    completes(
        parser.add_argument(
            "routine", metavar="NAME|FILE", help="a routine's name, or the path of a .toml file"
        ),
        "routines",
    )
    add_journal_option(parser)
    parser.set_defaults(handler=run, opens_app=True)


def run(args: argparse.Namespace) -> int:
    from tui.cli import check_journal_option

    check_journal_option(args)
    from tui.core.routines import find_routine

    catalogue = load_catalogue()  # checked in full by the app once playback is up
    try:
        entry = find_routine(args.routine, catalogue, check_builtin=False)
    except LookupError as error:
        raise CliError(str(error.args[0] if error.args else error)) from None
    if entry.routine is None:
        raise CliError("\n".join(str(p) for p in entry.error))

    from tui.app import AcupressApp

    app = AcupressApp(
        journal_path=getattr(args, "journal", None),
        settings=args.settings,
        settings_problems=args.settings_problems,
        play=entry,
        catalogue=catalogue,
    )
    app.run()
    return app.return_code or 0

"""The manual page acupress(1), generated from the parser.

``python -m tui.cli.manpage > man/acupress.1`` writes it; the wheel installs
``man/acupress.1`` as ``share/man/man1/acupress.1``, where ``man`` finds it after
``pipx install``. ``tests/test_manpage.py`` fails when the committed page is not
what the parser gives, so it cannot drift from the commands.

Every command and option comes from :func:`tui.cli.build_parser`; only the sections
a parser does not hold (files, environment, exit status, safety) are written here.
The page is plain ASCII: other characters become groff's ``\\[uXXXX]`` escapes.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable

from tui.cli.tree import Command, takes_value, tree


def _escape(text: str) -> str:
    """*text* for a roff line: backslashes, leading dots and quotes, non-ASCII as escapes."""
    out = text.replace("\\", "\\e")
    out = "".join(c if ord(c) < 128 else f"\\[u{ord(c):04X}]" for c in out)
    return out


def _line(text: str) -> str:
    out = _escape(text)
    return "\\&" + out if out[:1] in (".", "'") else out


def _para(text: str) -> list[str]:
    """A filled paragraph: one roff line per sentence-ish chunk, as the text gives it."""
    return [_line(" ".join(text.split()))] if text.strip() else []


def _raw(text: str) -> list[str]:
    """Text laid out by hand (a RawDescriptionHelpFormatter's): kept line for line."""
    return [".nf", *(_line(line) if line else "" for line in text.rstrip().split("\n")), ".fi"]


def _text(parser: argparse.ArgumentParser, text: str | None) -> list[str]:
    if not text:
        return []
    raw = parser.formatter_class
    if isinstance(raw, type) and issubclass(raw, argparse.RawDescriptionHelpFormatter):
        return _raw(text)
    return _para(text)


def _option_b(name: str) -> str:
    return "\\fB" + _escape(name).replace("-", "\\-") + "\\fR"


def _metavar(parser: argparse.ArgumentParser, action: argparse.Action) -> str:
    """``N``, ``{csv,json}``, ``[QUERY ...]``: as the usage line writes it, escaped for roff."""
    formatter = parser._get_formatter()
    default = action.dest.upper() if action.option_strings else action.dest
    # \& after a closing dot: "mon,tue,..." ends no sentence (no wider space after it).
    return _escape(formatter._format_args(action, default)).replace(".", ".\\&")


def _synopsis(command: Command, default: bool = False) -> list[str]:
    """``acupress journal stats`` and its options and arguments, as in a usage line.

    *default*: the command is its parent's default subcommand, written in brackets.
    """
    parts = []
    for action in command.options:
        if isinstance(action, argparse._HelpAction):
            continue
        long = [name for name in action.option_strings if name.startswith("--")]
        name = _option_b((long or action.option_strings)[0])
        if takes_value(action):
            name += " \\fI" + _metavar(command.parser, action) + "\\fR"
        parts.append(name if action.required else f"[{name}]")
    for action in command.positionals:
        parts.append("\\fI" + _metavar(command.parser, action) + "\\fR")
    if command.subcommands:
        names = "\\fI" + "|".join(command.subcommands) + "\\fR"
        parts.append(names if command.subcommand_required else f"[{names}]")
    name = command.name
    if default:
        *parent, last = command.path
        name = " ".join(("acupress", *parent, f"[{last}]"))
    return [f'.SY "{name}"', *parts, ".YS"]


def _is_default(root: Command, command: Command) -> bool:
    parent = root
    for name in command.path[:-1]:
        parent = parent.subcommands[name]
    return bool(command.path) and parent.default == command.path[-1]


def _items(command: Command) -> list[str]:
    lines = []
    for action in [*command.positionals, *command.options]:
        if action.help == argparse.SUPPRESS or (
            command.path and isinstance(action, argparse._HelpAction)
        ):
            continue  # -h is described once, with acupress's own options
        if action.option_strings:
            names = ", ".join(_option_b(name) for name in action.option_strings)
            if takes_value(action):
                names += " \\fI" + _metavar(command.parser, action) + "\\fR"
        else:
            names = "\\fI" + _metavar(command.parser, action) + "\\fR"
        lines += [".TP", names, *_para(action.help or "")]
    return lines


def render(parser: argparse.ArgumentParser) -> str:
    """The page, in roff with the man(7) macros."""
    from tui import __version__
    from tui.core.paths import JOURNAL_ENV

    root = tree(parser)
    commands = [c for c in root.walk() if c.path]
    out = [
        f'.TH ACUPRESS 1 "" "acupress {__version__}" "User Commands"',
        ".SH NAME",
        "acupress \\- self\\-care acupressure for back pain, in the terminal",
        ".SH SYNOPSIS",
        *(line for c in root.walk() if c.runs for line in _synopsis(c, _is_default(root, c))),
        ".SH DESCRIPTION",
        *_text(parser, parser.description),
        ".PP",
        "Self\\-care information, not medical advice. Point locations follow the WHO Standard",
        "Acupuncture Point Locations (2008); the app's About screen lists every source.",
        ".SH OPTIONS",
        *_items(root),
        ".SH COMMANDS",
    ]
    for command in commands:
        out += [f'.SS "{_escape(command.name)}"', *_text(command.parser, command.summary)]
        description = command.parser.description
        if description and description != command.summary:
            out += [".PP", *_text(command.parser, description)]
        if command.subcommands:
            listed = ", ".join(f"\\fB{_escape(name)}\\fR" for name in command.subcommands)
            out += [".PP", f"Subcommands: {listed}."]
            if command.default:
                out.append(f"With none of them named, \\fB{_escape(command.default)}\\fR is meant.")
        out += _items(command)
        if command.parser.epilog:
            out += [".PP", *_text(command.parser, command.parser.epilog)]
    out += [
        ".SH FILES",
        *_files(),
        ".SH ENVIRONMENT",
        *_definitions(
            [
                (
                    JOURNAL_ENV,
                    "The journal file, unless \\fB\\-\\-journal\\fR names one; it "
                    "overrides \\fBjournal\\fR in the config.",
                ),
                ("ACUPRESS_ASCII", "Set to 1: draw in plain ASCII."),
                ("NO_COLOR", "Set: no colour."),
                ("TEXTUAL_ANIMATIONS", "Set to none: no animation, as with reduce_motion."),
                (
                    "XDG_CONFIG_HOME, XDG_DATA_HOME, XDG_STATE_HOME",
                    "Where the config and your routines, the journal, and the state live.",
                ),
            ]
        ),
        ".SH EXIT STATUS",
        *_definitions(
            [
                ("0", "Done."),
                ("1", "A problem with data or files; the message names the file and line."),
                ("2", "A mistake on the command line."),
                ("130", "Interrupted (Ctrl\\-C)."),
            ]
        ),
        ".SH SAFETY",
        "See a doctor at once if back pain comes with loss of bladder or bowel control,",
        "numbness around the groin or buttocks, new or worsening leg weakness, fever,",
        "unexplained weight loss, a history of cancer, pain after a fall or accident, or pain",
        "that is worse lying down or at night. Press firmly but never to sharp pain, and never",
        "on broken, bruised, swollen or inflamed skin or on varicose veins.",
        ".SH SEE ALSO",
        "The README, with the file formats and every key of the app"
        + (f": {_escape(home)}" if (home := _home_page()) else "."),
    ]
    return "\n".join(out) + "\n"


def _home_page() -> str | None:
    """The project's home page: from pyproject.toml in the source tree, else from the
    installed package's metadata (the same ``[project.urls]``), so the page is the same
    made from a clone or from an installed wheel."""
    import tomllib
    from importlib import metadata

    from tui.core.paths import package_dir

    try:
        with (package_dir().parent / "pyproject.toml").open("rb") as file:
            home = tomllib.load(file).get("project", {}).get("urls", {}).get("Homepage")
        return home if isinstance(home, str) else None
    except OSError:
        pass
    try:
        urls: list[str] = metadata.metadata("acupress").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        return None
    for url in urls:
        label, _, address = str(url).partition(",")
        if label.strip() == "Homepage":
            return address.strip()
    return None


def _files() -> list[str]:
    return _definitions(
        [
            (
                "$XDG_CONFIG_HOME/acupress/config.toml",
                "Settings (~/.config/acupress/config.toml by default).",
            ),
            (
                "$XDG_CONFIG_HOME/acupress/routines/*.toml",
                "Your routines; the file name is the routine's name.",
            ),
            (
                "$XDG_DATA_HOME/acupress/journal.toml",
                "The pain journal (~/.local/share/acupress/journal.toml by default), with "
                "journal.toml.bak and journal.toml.lock beside it.",
            ),
            (
                "$XDG_STATE_HOME/acupress/state.toml",
                "The safety notice acknowledged, the bell muted.",
            ),
        ]
    )


def _definitions(rows: Iterable[tuple[str, str]]) -> list[str]:
    lines = []
    for term, text in rows:
        lines += [".TP", "\\fB" + _escape(term).replace("-", "\\-") + "\\fR", text]
    return lines


def main() -> None:
    from tui.cli import build_parser

    sys.stdout.write(render(build_parser()))


if __name__ == "__main__":
    main()

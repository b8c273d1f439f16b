"""The command line as a tree, read from the argparse parser.

The shell completion scripts, the manual page and the default subcommands all
read the one parser built by :func:`tui.cli.build_parser`, so none of them can
drift from it. A subcommand module marks what argparse cannot say by itself:
:func:`completes` tells the completion scripts what a value is (a point code, a
routine, a file, or a fixed list of words), and :func:`set_default_subcommand`
lets ``acupress points hegu`` mean ``acupress points search hegu`` (:func:`resolve`).
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator, Sequence
from pathlib import Path

# What a value is, for the completion scripts: a point code or alias, a routine's name
# (or a routine file), any file. Anything else is a fixed list of words, or nothing.
KINDS: tuple[str, ...] = ("points", "routines", "files")
_KIND = "acupress_completes"
_WORDS = "acupress_words"
_DEFAULT = "acupress_default_subcommand"
_LISTS_USAGE = "acupress_lists_usage"
HELP_FLAGS = ("-h", "--help")


class Parser(argparse.ArgumentParser):
    """The parser of acupress and of each of its commands (argparse makes subcommands'
    parsers of their parent's class): a usage line that lists the subcommands' usage
    lines (:func:`list_usage`) is made only when it is shown."""

    def format_usage(self) -> str:
        self._list_usage()
        return super().format_usage()

    def format_help(self) -> str:
        self._list_usage()
        return super().format_help()

    def _list_usage(self) -> None:
        if getattr(self, _LISTS_USAGE, False):
            setattr(self, _LISTS_USAGE, False)
            self.usage = _listed_usage(self)


def completes(
    action: argparse.Action, kind: str | None = None, words: Sequence[str] = ()
) -> argparse.Action:
    """Mark what *action*'s values are: a *kind* (see :data:`KINDS`) or fixed *words*."""
    if kind is not None and kind not in KINDS:
        raise ValueError(f"unknown completion kind {kind!r}")
    setattr(action, _KIND, kind)
    setattr(action, _WORDS, tuple(words))
    return action


def set_default_subcommand(parser: argparse.ArgumentParser, name: str) -> None:
    """Where no subcommand of *parser* is named, *name* is meant (see :func:`resolve`)."""
    setattr(parser, _DEFAULT, name)


def list_usage(parser: argparse.ArgumentParser) -> None:
    """Make *parser*'s usage line list each of its subcommands' own usage lines.

    Call it once the subcommands are added (their usage is their own: argparse gave
    them their names when they were made). Without a default subcommand, the
    parser's own usage comes first: ``acupress journal [--since DATE] ...``.
    """
    if isinstance(parser, Parser):
        setattr(parser, _LISTS_USAGE, True)  # made when shown: formatting takes a while
    else:
        parser.usage = _listed_usage(parser)


def _listed_usage(parser: argparse.ArgumentParser) -> str:
    default = getattr(parser, _DEFAULT, None)
    lines = [] if default is not None else [parser.format_usage()]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            listed = {a.dest for a in action._choices_actions}
            for name, sub in action.choices.items():
                if name in listed:
                    text = sub.format_usage()
                    if name == default:  # "acupress points [search] ..."
                        text = text.replace(f"{sub.prog} ", f"{parser.prog} [{name}] ", 1)
                    lines.append(text)
    shown = [text.removeprefix("usage: ").rstrip("\n") for text in lines]
    return "\n       ".join(shown).replace("%", "%%")


class Value:
    """What a value of an option or positional is: a kind, fixed words, or free text."""

    def __init__(self, kind: str | None = None, words: tuple[str, ...] = ()) -> None:
        self.kind = kind
        self.words = words

    @property
    def free(self) -> bool:
        return self.kind is None and not self.words


def value_of(action: argparse.Action) -> Value:
    kind = getattr(action, _KIND, None)
    words: tuple[str, ...] = getattr(action, _WORDS, ())
    if kind is None and not words and action.choices is not None:
        words = tuple(str(choice) for choice in action.choices)
    if kind is None and not words and action.type is Path:
        kind = "files"
    return Value(kind, words)


def takes_value(action: argparse.Action) -> bool:
    return action.nargs != 0 and not isinstance(
        action, argparse._HelpAction | argparse._VersionAction
    )


class Command:
    """One command of the tree: ``acupress``, ``acupress journal``, ``acupress journal stats``."""

    def __init__(
        self,
        path: tuple[str, ...],
        parser: argparse.ArgumentParser,
        summary: str,
        default: str | None = None,
    ) -> None:
        self.path = path
        self.parser = parser
        self.summary = summary  # the one line shown in the parent's list of commands
        self.options: list[argparse.Action] = []
        self.positionals: list[argparse.Action] = []
        self.subcommands: dict[str, Command] = {}
        self.subcommand_required = False
        self.default = default

    @property
    def name(self) -> str:
        return " ".join(("acupress", *self.path))

    @property
    def runs(self) -> bool:
        """Whether the command does something itself (else it only leads to its subcommands)."""
        return (
            not self.subcommands or self.parser.get_default("handler") is not None or not self.path
        )

    def walk(self) -> Iterator[Command]:
        """This command, then every command under it, depth first, in the parser's order."""
        yield self
        for sub in self.subcommands.values():
            yield from sub.walk()

    def option_strings(self) -> list[str]:
        return [s for action in self.options for s in action.option_strings]


def tree(parser: argparse.ArgumentParser) -> Command:
    """The command tree of *parser* (see :func:`tui.cli.build_parser`)."""
    return _command(parser, (), parser.description or "")


def _command(parser: argparse.ArgumentParser, path: tuple[str, ...], summary: str) -> Command:
    command = Command(path, parser, summary, default=getattr(parser, _DEFAULT, None))
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            command.subcommand_required = bool(action.required)
            helps = {a.dest: a.help or "" for a in action._choices_actions}
            for name, sub in action.choices.items():
                if name in helps:  # a command without help is hidden, as in argparse's list
                    command.subcommands[name] = _command(sub, (*path, name), helps[name])
        elif action.option_strings:
            command.options.append(action)
        else:
            command.positionals.append(action)
    return command


def resolve(
    parser: argparse.ArgumentParser, argv: Sequence[str]
) -> tuple[list[str], argparse.ArgumentParser]:
    """*argv* with each default subcommand written out, and the parser of its command.

    At a command with a default subcommand, the word after the command is its
    subcommand unless it names one (or asks for help): ``points hegu`` becomes
    ``points search hegu``, ``points --region hand`` becomes ``points search --region hand``.
    The parser is the deepest command *argv* names (``acupress journal stats``), the
    one whose usage a mistake should be shown with.
    """
    argv = list(argv)
    current = parser
    i = 0
    while subs := _subparsers(current):
        default = getattr(current, _DEFAULT, None)
        if default is not None:
            word = argv[i] if i < len(argv) else None
            if word in HELP_FLAGS:
                break
            if word not in subs:
                argv.insert(i, default)
        else:
            while i < len(argv) and argv[i].startswith("-") and argv[i] != "-":
                if argv[i] == "--":
                    return argv, current
                action = _option(current, argv[i].split("=", 1)[0])
                wants = action is not None and takes_value(action) and "=" not in argv[i]
                i += 2 if wants else 1
            if i >= len(argv) or argv[i] not in subs:
                break
        current = subs[argv[i]]
        i += 1
    return argv, current


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _option(parser: argparse.ArgumentParser, text: str) -> argparse.Action | None:
    """The option *text* names: exactly, or as a unique prefix of a long option."""
    known = parser._option_string_actions
    if text in known:
        return known[text]
    if text.startswith("--") and parser.allow_abbrev:
        found = {action for name, action in known.items() if name.startswith(text)}
        if len(found) == 1:
            return found.pop()
    return None

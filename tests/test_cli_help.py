"""Every command's help and usage are its own, and every option says what it does.

Read from the parser itself (:func:`tui.cli.tree.tree`), so a command added later is
checked too.
"""

from __future__ import annotations

import argparse

import pytest

from tui.cli import COMMANDS as COMMANDS_RUN
from tui.cli import build_parser, command_parser, main
from tui.cli.tree import Command, resolve, tree

ROOT = tree(build_parser())
COMMANDS = list(ROOT.walk())
NAMES = [c.name for c in COMMANDS]


def usage_of(command: Command) -> str:
    """What a usage line of *command* starts with (a default subcommand in brackets)."""
    return f"usage: {command.name}"


def test_the_tree_has_the_commands_the_readme_lists() -> None:
    for name in (
        "acupress points search",
        "acupress points show",
        "acupress routines show",
        "acupress routines check",
        "acupress play",
        "acupress log",
        "acupress journal stats",
        "acupress journal export",
        "acupress journal delete",
        "acupress completion",
    ):
        assert name in NAMES


@pytest.mark.parametrize("command", COMMANDS, ids=NAMES)
def test_help_is_the_commands_own(command: Command, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main([*command.path, "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    first = out.splitlines()[0]
    if command.default is not None:  # acupress points [search] ...
        assert first.startswith(f"usage: {command.name} [{command.default}] "), first
    else:
        assert first == usage_of(command) or first.startswith(usage_of(command) + " "), first
    # Other commands' names never leak into this one's usage line (issue 12: "acupress
    # journal delete ID export ...").
    for other in command.subcommands:
        assert f" {other} " not in first, first


@pytest.mark.parametrize("command", COMMANDS, ids=NAMES)
def test_every_option_and_argument_has_a_description(command: Command) -> None:
    for action in [*command.options, *command.positionals]:
        assert action.help and action.help.strip(), (command.name, action.option_strings)
    for name, sub in command.subcommands.items():
        assert sub.summary.strip(), f"{command.name} {name}"


@pytest.mark.parametrize(
    "command", [c for c in COMMANDS if c.path], ids=[n for n in NAMES if n != "acupress"]
)
def test_a_mistake_is_shown_with_the_commands_usage(
    command: Command, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as done:
        main([*command.path, "--no-such-option"])
    assert done.value.code == 2
    err = capsys.readouterr().err
    # A default subcommand answers for its parent: "acupress points --x" is a search.
    shown = command.subcommands[command.default] if command.default else command
    assert err.startswith(usage_of(shown)), err
    assert f"\n{shown.name}: error: " in err, err


def test_journal_subcommands_have_their_own_usage(capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("stats", "export", "delete"):
        with pytest.raises(SystemExit):
            main(["journal", name, "--help"])
        assert capsys.readouterr().out.startswith(f"usage: acupress journal {name} [-h]")
    with pytest.raises(SystemExit) as done:
        main(["journal", "delete"])
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: acupress journal delete [-h] [--journal PATH] ID\n")
    assert "acupress journal delete: error: the following arguments are required: ID" in err


def test_journal_help_lists_each_subcommands_usage(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["journal", "--help"])
    out = capsys.readouterr().out
    for name in ROOT.subcommands["journal"].subcommands:
        assert f"\n       acupress journal {name} [-h]" in out


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["points", "hegu"], ["points", "search", "hegu"]),
        (["points"], ["points", "search"]),
        (["points", "--region", "hand"], ["points", "search", "--region", "hand"]),
        (["points", "show", "li4"], ["points", "show", "li4"]),
        (["points", "--help"], ["points", "--help"]),
        (["--journal", "j.toml", "points", "li4"], ["--journal", "j.toml", "points", "search", "li4"]),
        (["--journal=j.toml", "points", "li4"], ["--journal=j.toml", "points", "search", "li4"]),
        (["--jour", "points", "points", "x"], ["--jour", "points", "points", "search", "x"]),
        (["journal", "--since", "2026-01-01", "stats"], ["journal", "--since", "2026-01-01", "stats"]),
        (["log", "3"], ["log", "3"]),
        ([], []),
    ],
)  # fmt: skip
def test_a_default_subcommand_is_written_out_where_it_is_meant(
    argv: list[str], expected: list[str]
) -> None:
    assert resolve(build_parser(), argv)[0] == expected


def test_the_command_a_mistake_belongs_to() -> None:
    parser = build_parser()
    assert resolve(parser, ["journal", "stats", "--x"])[1].prog == "acupress journal stats"
    assert resolve(parser, ["points", "x"])[1].prog == "acupress points search"
    assert resolve(parser, ["--bogus"])[1].prog == "acupress"


def described(action: argparse.Action) -> dict[str, object]:
    """What an action is, without the objects that hold it."""
    return {
        key: getattr(value, "__qualname__", value)
        for key, value in vars(action).items()
        if key != "container"
    }


def test_a_command_named_first_is_parsed_by_its_parser_alone() -> None:
    # Running `acupress log 3` builds only the log command's parser (tui.cli.command_parser);
    # it must be the same command as in the whole parser: the same options, help and usage.
    assert list(COMMANDS_RUN) == list(ROOT.subcommands)
    for name in COMMANDS_RUN:
        alone = tree(command_parser(name))
        assert list(alone.subcommands) == [name]
        for whole, single in zip(
            ROOT.subcommands[name].walk(), alone.subcommands[name].walk(), strict=True
        ):
            assert single.name == whole.name
            assert single.summary == whole.summary
            assert single.parser.format_help() == whole.parser.format_help()
            assert single.parser.format_usage() == whole.parser.format_usage()
            assert single.default == whole.default
            assert [described(a) for a in single.options] == [described(a) for a in whole.options]
            assert [described(a) for a in single.positionals] == [
                described(a) for a in whole.positionals
            ]
    with pytest.raises(ValueError, match="unknown command"):
        command_parser("nope")


@pytest.mark.parametrize(
    "argv",
    [
        ["log", "3", "--area", "neck", "--note", "x"],
        ["points", "hegu"],
        ["points", "show", "li4", "--json"],
        ["journal", "--since", "2026-01-01", "stats", "--days", "7"],
        ["journal", "--json"],
        ["routines", "show", "desk-break"],
        ["play", "desk-break"],
        ["remind", "--help"],
    ],
)
def test_a_command_parses_alike_alone_and_in_the_whole_parser(argv: list[str]) -> None:
    def parsed(parser: argparse.ArgumentParser) -> object:
        try:
            args = vars(parser.parse_args(resolve(parser, argv)[0]))
        except SystemExit as done:
            return done.code
        return {key: getattr(value, "__qualname__", value) for key, value in args.items()}

    assert parsed(command_parser(argv[0])) == parsed(build_parser())

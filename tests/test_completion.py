"""Shell completion: each script covers every command and option, and completes in a real shell.

bash runs the generated function with COMP_WORDS and COMP_CWORD set, as bash does for a
TAB; fish answers ``complete -C``; zsh runs the function under its completion system,
in an interactive zsh on a pseudo-terminal (zsh/zpty), and lists what a TAB offers.
The scripts run the ``acupress`` found on the PATH: a wrapper that runs this checkout.
Every TAB's time is measured by tests/bench_cli.py.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tui.cli import build_parser, main
from tui.cli.completion_scripts import point_codes
from tui.cli.tree import Command, takes_value, tree
from tui.core import paths
from tui.core.areas import AREAS

ROOT = tree(build_parser())
COMMANDS = list(ROOT.walk())
NAMES = [c.name for c in COMMANDS]
ROUTINE = 'title = "Mine"\narea = "neck"\n\n[[steps]]\npoint = "LI4"\nseconds = 20\n'
KEYS = [code for code, _ in point_codes()]  # every code and alias, in the catalogue's case


def keys(prefix: str) -> list[str]:
    """What a TAB offers after *prefix*: in lower case if it is typed so (codes take any case)."""
    lower = bool(prefix) and prefix == prefix.lower()
    found = [k for k in KEYS if k.lower().startswith(prefix.lower())]
    return [k.lower() for k in found] if lower else found


def script(shell: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["completion", shell]) == 0
    return capsys.readouterr().out


@pytest.fixture
def env(tmp_path: Path, isolated_dirs: Path) -> dict[str, str]:
    """The environment the shells run in: a wrapper 'acupress' first on the PATH."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    wrapper = bin_dir / "acupress"
    wrapper.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m tui "$@"\n')
    wrapper.chmod(0o755)
    environ = dict(os.environ)
    environ["PATH"] = f"{bin_dir}{os.pathsep}{environ['PATH']}"
    environ["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent)
    return environ


def own_routine() -> None:
    directory = paths.user_routines_dir()
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "my-back.toml").write_text(ROUTINE, encoding="utf-8")


# --- every script covers the whole parser -------------------------------------------------


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_each_script_names_every_command_and_option(
    shell: str, capsys: pytest.CaptureFixture[str]
) -> None:
    text = script(shell, capsys)
    for command in COMMANDS:
        for name in command.subcommands:
            assert name in text, (shell, command.name, name)
        for option in command.option_strings():
            word = option if shell != "fish" else option.lstrip("-")
            assert word in text, (shell, command.name, option)
    for code, _ in point_codes():
        assert code in text
    for area in AREAS:
        assert area in text


def test_the_bash_tables_hold_each_commands_own_options(
    capsys: pytest.CaptureFixture[str],
) -> None:
    text = script("bash", capsys)
    for command in COMMANDS:
        path = " ".join(command.path)
        match = re.search(rf"^        '{re.escape(path)}'\) REPLY='([^']*)' ;;$", text, re.M)
        assert match, path
        # The options table comes after the subcommands table: find this command's row there.
        options_table = text[text.index("_acupress_options()") :]
        row = re.search(rf"^        '{re.escape(path)}'\) REPLY='([^']*)' ;;$", options_table, re.M)
        assert row, path
        assert set(command.option_strings()) <= set(row.group(1).split()), path


# --- bash ---------------------------------------------------------------------------------


def bash(line: str, text: str, env: dict[str, str], tmp_path: Path) -> list[str]:
    """What one TAB at the end of *line* offers in bash."""
    path = tmp_path / "acupress.bash"
    path.write_text(text)
    words = shlex.split(line) + ([""] if line.endswith(" ") else [])
    code = (
        f"source {shlex.quote(str(path))}\n"
        f"COMP_WORDS=({' '.join(shlex.quote(w) for w in words)})\n"
        f"COMP_CWORD={len(words) - 1}\nCOMP_LINE={shlex.quote(line)}\nCOMP_POINT={len(line)}\n"
        '_acupress acupress "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"\n'
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    done = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", code],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=30,
    )  # fmt: skip
    assert done.returncode == 0 and done.stderr == "", done.stderr
    return [word for word in done.stdout.split("\n") if word]


@pytest.fixture
def bash_script(capsys: pytest.CaptureFixture[str]) -> str:
    if shutil.which("bash") is None:  # pragma: no cover - .ci/run runs on Debian
        pytest.skip("bash is not installed")
    return script("bash", capsys)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("acupress ", list(ROOT.subcommands)),
        ("acupress jo", ["journal"]),
        ("acupress journal ", list(ROOT.subcommands["journal"].subcommands)),
        ("acupress journal export --format ", ["csv", "json", "fhir"]),
        ("acupress log 3 --area ", list(AREAS)),
        ("acupress log 3 --area l", ["lower-back", "leg-sciatica"]),
        ("acupress log 3 --area=l", ["lower-back", "leg-sciatica"]),
        ("acupress log ", [str(n) for n in range(11)]),
        ("acupress log --phase ", ["before", "after"]),
        ("acupress points show li", keys("li")),
        ("acupress points show AP", keys("AP")),
        ("acupress points show Ub2", keys("Ub2")),
        ("acupress points ub4", keys("ub4")),
        ("acupress points --region hand gv", keys("gv")),
        ("acupress points --region ", None),
        ("acupress points s", ["search", "show", *keys("s")]),
        ("acupress completion ", ["bash", "zsh", "fish"]),
        ("acupress --journal j.toml play d", ["desk-break"]),
        ("acupress play my", ["my-back"]),
        ("acupress routines show ", None),
        ("acupress routines check lower", ["lower-back"]),
        ("acupress log 3 --routine thr", ["three-minutes-a-point"]),
        ("acupress log 3 --note ", []),
    ],
)
def test_bash_completes(
    line: str,
    expected: list[str] | None,
    bash_script: str,
    env: dict[str, str],
    tmp_path: Path,
) -> None:
    own_routine()
    found = bash(line, bash_script, env, tmp_path)
    if expected is None:
        if line.endswith("--region "):
            from tui.core.points import REGIONS

            assert found == list(REGIONS)
        else:  # every routine, built-in and yours
            assert set(found) == {p.stem for p in paths.builtin_routines_dir().glob("*.toml")} | {
                "my-back"
            }
    else:  # in any order: the shell sorts what it lists
        assert sorted(found) == sorted(expected)


@pytest.mark.parametrize("command", COMMANDS, ids=NAMES)
def test_bash_completes_every_option_and_subcommand_of_every_command(
    command: Command, bash_script: str, env: dict[str, str], tmp_path: Path
) -> None:
    line = " ".join(("acupress", *command.path))
    options = bash(f"{line} -", bash_script, env, tmp_path)
    assert set(command.option_strings()) <= set(options)
    if command.default:  # "acupress points -" is a search: its options too
        assert set(command.subcommands[command.default].option_strings()) <= set(options)
    if command.subcommands:
        assert set(command.subcommands) <= set(bash(f"{line} ", bash_script, env, tmp_path))


def test_routine_names_that_are_no_single_word_are_not_offered(
    capsys: pytest.CaptureFixture[str],
) -> None:
    own_routine()
    directory = paths.user_routines_dir()
    for name in ("two words", "esc\x1b]0;x\x07", "tab\there", "line\nbreak"):
        (directory / f"{name}.toml").write_text(ROUTINE, encoding="utf-8")
    assert main(["__complete", "routines", ""]) == 0
    names = [line.split("\t")[0] for line in capsys.readouterr().out.splitlines()]
    assert "my-back" in names and "lower-back" in names
    assert all(name.isprintable() and " " not in name for name in names), names


def test_bash_completes_files_for_a_file_option(
    bash_script: str, env: dict[str, str], tmp_path: Path
) -> None:
    (tmp_path / "report-notes.html").write_text("")
    assert bash("acupress journal report -o rep", bash_script, env, tmp_path) == [
        "report-notes.html"
    ]
    assert bash("acupress play ./rep", bash_script, env, tmp_path) == ["./report-notes.html"]


def test_bash_skips_option_values_when_finding_the_command(
    bash_script: str, env: dict[str, str], tmp_path: Path
) -> None:
    # "stats" after --since is a value, not the subcommand.
    assert bash("acupress journal --area stats -", bash_script, env, tmp_path) == [
        "-h",
        "--help",
        "--since",
        "--until",
        "--area",
        "--json",
        "--journal",
    ]


# --- fish ---------------------------------------------------------------------------------


@pytest.fixture
def fish_script(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Path:
    if shutil.which("fish") is None:  # pragma: no cover - .ci/run installs it
        pytest.skip("fish is not installed")
    path = tmp_path / "acupress.fish"
    path.write_text(script("fish", capsys))
    return path


def fish(line: str, path: Path, env: dict[str, str], tmp_path: Path) -> dict[str, str]:
    done = subprocess.run(
        ["fish", "--no-config", "-c", f"source {shlex.quote(str(path))}; complete -C {shlex.quote(line)}"],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=30,
    )  # fmt: skip
    assert done.returncode == 0 and done.stderr == "", done.stderr
    found = {}
    for row in done.stdout.splitlines():
        word, _, about = row.partition("\t")
        found[word] = about
    return found


def test_fish_completes(fish_script: Path, env: dict[str, str], tmp_path: Path) -> None:
    own_routine()
    assert set(fish("acupress ", fish_script, env, tmp_path)) == set(ROOT.subcommands)
    journal = fish("acupress journal ", fish_script, env, tmp_path)
    assert set(journal) == set(ROOT.subcommands["journal"].subcommands)
    assert journal["stats"].startswith("count, mean")
    assert fish("acupress points show ap", fish_script, env, tmp_path) == {
        "AP1": "= LI4 Hégǔ Joining Valley (hand)"
    }
    assert set(fish("acupress log 3 --area ", fish_script, env, tmp_path)) == set(AREAS)
    assert fish("acupress play my", fish_script, env, tmp_path) == {"my-back": "yours"}
    options = fish("acupress journal stats --", fish_script, env, tmp_path)
    assert options["--days"] == "only the last N days"
    assert set(options) == {"--help", "--days", "--json", "--journal"}


@pytest.mark.parametrize("command", COMMANDS, ids=NAMES)
def test_fish_completes_every_long_option_of_every_command(
    command: Command, fish_script: Path, env: dict[str, str], tmp_path: Path
) -> None:
    line = " ".join(("acupress", *command.path))
    found = fish(f"{line} --", fish_script, env, tmp_path)
    assert {o for o in command.option_strings() if o.startswith("--")} <= set(found)


# --- zsh ----------------------------------------------------------------------------------

# An interactive zsh on a pseudo-terminal, the script installed as the README says (a file
# _acupress in a folder on fpath, found by compinit): the line is typed, TAB pressed, then ^T
# writes the line as it now is (what the TAB completed) to a file; the listing is read back.
# The line is typed once zle reads the terminal: READY's output (not its echo, RE""ADY)
# and the prompt after it. Typed earlier, the terminal's own line editing would take the
# ^U that ends the line as "erase it", and the TAB's result would never be kept.
ZPTY = r"""
zmodload zsh/zpty
zpty -b z 'zsh -f -i'
zpty -w z 'PS1="> "; LISTMAX=1000; fpath=(%s $fpath); autoload -U compinit; compinit -u -D'
zpty -w z 'keep() { print -r -- "$BUFFER" > %s }; zle -N keep; bindkey "^T" keep'
zpty -w z 'print -- RE""ADY'
zpty -r z out '*READY*> *'
zpty -w -n z %s$'\t\C-t'
zpty -w z $'\C-u print -- DONE'
zpty -r z out '*DONE*'
print -r -- $out
zpty -d z
"""


def zsh(line: str, text: str, env: dict[str, str], tmp_path: Path) -> tuple[str, str]:
    """What one TAB at the end of *line* does in an interactive zsh: the line it leaves,
    and what it lists (without terminal escapes)."""
    functions = tmp_path / "zfunc"
    functions.mkdir(exist_ok=True)
    (functions / "_acupress").write_text(text)
    typed = tmp_path / "line.txt"
    typed.unlink(missing_ok=True)
    code = ZPTY % (shlex.quote(str(functions)), shlex.quote(str(typed)), shlex.quote(line))
    done = subprocess.run(
        ["zsh", "-f", "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path,
        timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    listed = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|[\r\x07\x08]", "", done.stdout)
    return typed.read_text().rstrip("\n"), listed


@pytest.fixture
def zsh_script(capsys: pytest.CaptureFixture[str]) -> str:
    if shutil.which("zsh") is None:  # pragma: no cover - .ci/run installs it
        pytest.skip("zsh is not installed")
    return script("zsh", capsys)


def test_zsh_completes(zsh_script: str, env: dict[str, str], tmp_path: Path) -> None:
    assert zsh_script.startswith("#compdef acupress\n")  # how compinit finds it
    own_routine()
    _, listed = zsh("acupress journal ", zsh_script, env, tmp_path)
    for name in ROOT.subcommands["journal"].subcommands:
        assert re.search(rf"\b{name}\s+-- ", listed), listed
    assert zsh("acupress points show li", zsh_script, env, tmp_path)[0] == (
        "acupress points show LI4 "
    )
    assert zsh("acupress play my", zsh_script, env, tmp_path)[0] == "acupress play my-back "
    assert zsh("acupress journal st", zsh_script, env, tmp_path)[0] == "acupress journal stats "
    _, areas = zsh("acupress log 3 --area ", zsh_script, env, tmp_path)
    assert all(area in areas for area in AREAS)
    _, options = zsh("acupress journal stats --", zsh_script, env, tmp_path)
    assert "--days" in options and "only the last N days" in options


def test_zsh_knows_which_options_take_a_value(
    zsh_script: str, env: dict[str, str], tmp_path: Path
) -> None:
    # After an option with a value, the next word is its value: "export" here is no command.
    _, listed = zsh("acupress journal --area export ", zsh_script, env, tmp_path)
    assert "stats" in listed and "delete" in listed
    assert any(takes_value(a) for a in ROOT.subcommands["journal"].options)


# --- routine names: listed by the shell itself, hostile names left out -----------------------

HOSTILE_NAMES = ("two words", "esc\x1b]0;x\x07", "tab\there", "line\nbreak", "rtl\u202eevil")


def hostile_routines() -> None:
    own_routine()
    directory = paths.user_routines_dir()
    (directory / "rücken_2.toml").write_text(ROUTINE, encoding="utf-8")  # letters of any script
    for name in HOSTILE_NAMES:
        (directory / f"{name}.toml").write_text(ROUTINE, encoding="utf-8")


def no_acupress(env: dict[str, str], tmp_path: Path) -> dict[str, str]:
    """*env* with an 'acupress' that fails loudly: a TAB on a routine name must not run it."""
    bin_dir = tmp_path / "failing-bin"
    bin_dir.mkdir(exist_ok=True)
    wrapper = bin_dir / "acupress"
    wrapper.write_text("#!/bin/sh\necho ran >&2\nexit 1\n")
    wrapper.chmod(0o755)
    return {**env, "PATH": f"{bin_dir}{os.pathsep}{env['PATH']}"}


BUILTIN = {p.stem for p in paths.builtin_routines_dir().glob("*.toml")}


def test_bash_lists_routines_itself_and_leaves_out_hostile_names(
    bash_script: str, env: dict[str, str], tmp_path: Path
) -> None:
    hostile_routines()
    found = bash("acupress play ", bash_script, no_acupress(env, tmp_path), tmp_path)
    assert sorted(found) == sorted(BUILTIN | {"my-back", "rücken_2"})


def test_fish_lists_routines_itself_and_leaves_out_hostile_names(
    fish_script: Path, env: dict[str, str], tmp_path: Path
) -> None:
    hostile_routines()
    found = fish("acupress play ", fish_script, no_acupress(env, tmp_path), tmp_path)
    assert found == {**dict.fromkeys(BUILTIN, "built-in"), "my-back": "yours", "rücken_2": "yours"}


def test_zsh_lists_routines_itself_and_leaves_out_hostile_names(
    zsh_script: str, env: dict[str, str], tmp_path: Path
) -> None:
    hostile_routines()
    _, listed = zsh("acupress play ", zsh_script, no_acupress(env, tmp_path), tmp_path)
    for name in (*BUILTIN, "my-back", "rücken_2"):
        assert name in listed, listed
    assert "ran" not in listed
    for word in ("two", "esc", "tab", "line", "rtl"):  # how each hostile name begins
        assert word not in listed, listed


def test_a_routine_of_yours_shadowing_a_built_in_is_offered_once_as_yours(
    fish_script: Path, bash_script: str, env: dict[str, str], tmp_path: Path
) -> None:
    directory = paths.user_routines_dir()
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "lower-back.toml").write_text(ROUTINE, encoding="utf-8")
    assert fish("acupress play lower", fish_script, env, tmp_path) == {"lower-back": "yours"}
    assert bash("acupress play lower", bash_script, env, tmp_path) == ["lower-back"]

"""``acupress --diagnose``: versions, the files in use and what chose them, the terminal;
never anything from the journal."""

from __future__ import annotations

import os
import platform
import sys
from datetime import datetime
from importlib import metadata
from pathlib import Path

import pytest

from tui import __version__
from tui.cli import main
from tui.core import paths
from tui.core.journal.entry import new_entry
from tui.core.journal.store import JournalStore

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ptyrun import PtyProcess

SECRET = "private-note-about-my-back"


def diagnose(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main([*argv, "--diagnose"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return out


def row(out: str, name: str) -> str:
    [line] = [line for line in out.splitlines() if line.startswith(f"  {name} ")]
    return line[len(name) + 2 :].strip()


def test_versions_and_platform(capsys: pytest.CaptureFixture[str]) -> None:
    out = diagnose(capsys)
    assert f"acupress {__version__} (" in out
    assert f"Python {platform.python_version()} (" in out
    assert f"textual {metadata.version('textual')}" in out
    assert f"pydantic {metadata.version('pydantic')}" in out
    assert f"platform {platform.platform()}" in out


def test_nothing_from_the_journal_only_where_it_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    journal = tmp_path / "mine.toml"
    entry = new_entry(7, ["neck"], SECRET, at=datetime(2026, 3, 1, 9, 0).astimezone())
    JournalStore(journal).append(entry)
    out = diagnose(capsys, "--journal", str(journal))
    assert SECRET not in out and entry.id not in out and "neck" not in row(out, "journal")
    assert row(out, "journal") == f"{journal}: a file, mode 0600 (chosen by --journal)"


@pytest.mark.parametrize(
    ("how", "said"),
    [("env", "$ACUPRESS_JOURNAL"), ("config", "'journal' in"), ("default", "the default")],
)
def test_the_journal_and_what_chose_it(
    how: str,
    said: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    chosen = tmp_path / "chosen.toml"
    if how == "env":
        monkeypatch.setenv("ACUPRESS_JOURNAL", str(chosen))
    elif how == "config":
        paths.config_dir().mkdir(parents=True)
        paths.config_file().write_text(f'journal = "{chosen}"\n', encoding="utf-8")
    else:
        chosen = paths.default_journal_file()
    shown = row(diagnose(capsys), "journal")
    assert shown.startswith(f"{paths.display_path(chosen)}: not there (chosen by {said}")


def test_files_routines_and_the_shipped_data(capsys: pytest.CaptureFixture[str]) -> None:
    users = paths.user_routines_dir()
    users.mkdir(parents=True)
    (users / "fine.toml").write_text(
        'title = "Mine"\narea = "neck"\n\n[[steps]]\npoint = "LI4"\nseconds = 20\n'
    )
    (users / "broken.toml").write_text('title = "Broken"\n')
    out = diagnose(capsys)
    assert row(out, "config").endswith(": not there (from $XDG_CONFIG_HOME)")
    assert row(out, "your routines").endswith(
        "2 routine files, checked in full: 1 broken (broken; see 'acupress routines')"
    )
    count = len(list(paths.builtin_routines_dir().glob("*.toml")))
    assert row(out, "built-in routines").endswith(f": {count}, checked in full: all valid")
    assert row(out, "catalogue").endswith("points, checked in full: valid")


def test_settings_and_their_problems(capsys: pytest.CaptureFixture[str]) -> None:
    paths.config_dir().mkdir(parents=True)
    paths.config_file().write_text('theme = "nrod"\nbell = false\n', encoding="utf-8")
    out = diagnose(capsys)
    assert "bell=False theme=textual-dark" in row(out, "in use")
    assert row(out, "problems") == "1"
    assert "config.toml:1: theme: unknown theme 'nrod' (did you mean 'nord'?)" in out


def test_the_terminal_as_acupress_sees_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TERM", "xterm\x1b]0;owned\x07")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("ACUPRESS_ASCII", "1")
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    out = diagnose(capsys)
    assert "\x1b" not in out and "\x07" not in out  # shown, never obeyed
    environment = row(out, "environment")
    assert "TERM='xterm\\x1b]0;owned\\x07'" in environment
    assert "NO_COLOR='1'" in environment and "LANG='de_DE.UTF-8'" in environment
    assert "COLORTERM unset" in environment
    assert row(out, "plain ASCII") == "yes"
    assert "(NO_COLOR: shown in monochrome)" in row(out, "colours")
    assert row(out, "standard output").startswith("not a terminal")
    assert "standard output" in row(out, "encoding")


def test_in_a_terminal_its_size(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env.update(TERM="xterm-256color", COLORTERM="truecolor")
    env.pop("NO_COLOR", None)
    process = PtyProcess.spawn(
        [sys.executable, "-m", "tui", "--diagnose"], size=(100, 30), env=env, cwd=str(tmp_path)
    )
    try:
        assert process.wait(timeout=60) == 0
    finally:
        process.kill()
    out = process.output.decode()
    assert "standard output    a terminal, 100x30 (columns x lines)" in out
    assert "colours            truecolor" in out


def test_diagnose_takes_no_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--diagnose", "points"])
    assert done.value.code == 2
    assert "--diagnose takes no command" in capsys.readouterr().err

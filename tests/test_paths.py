"""The one journal path resolver: every source, every precedence, and what it refuses."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tui.core.paths import resolve_journal
from tui.core.problems import Problem, ProblemError
from tui.core.settings import load_settings

CONFIG = Path("/cfg/config.toml")


def default() -> Path:
    return Path(os.environ["XDG_DATA_HOME"]) / "acupress" / "journal.toml"


def test_nothing_chosen_is_the_default() -> None:
    location = resolve_journal(environ={})
    assert (location.path, location.source) == (default(), "default")
    assert location.describe() == "the default"


def test_the_config_beats_the_default(tmp_path: Path) -> None:
    location = resolve_journal(environ={}, configured=tmp_path / "conf.toml")
    assert (location.path, location.source) == (tmp_path / "conf.toml", "config")
    assert "'journal' in " in location.describe()


def test_the_environment_beats_the_config(tmp_path: Path) -> None:
    env = {"ACUPRESS_JOURNAL": str(tmp_path / "env.toml")}
    location = resolve_journal(environ=env, configured=tmp_path / "conf.toml")
    assert (location.path, location.source) == (tmp_path / "env.toml", "ACUPRESS_JOURNAL")
    assert location.describe() == "$ACUPRESS_JOURNAL"


def test_an_empty_environment_variable_counts_as_unset(tmp_path: Path) -> None:
    location = resolve_journal(environ={"ACUPRESS_JOURNAL": ""}, configured=tmp_path / "c.toml")
    assert location.source == "config"


def test_the_option_beats_everything(tmp_path: Path) -> None:
    env = {"ACUPRESS_JOURNAL": str(tmp_path / "env.toml")}
    location = resolve_journal(tmp_path / "cli.toml", environ=env, configured=tmp_path / "c.toml")
    assert (location.path, location.source) == (tmp_path / "cli.toml", "--journal")


def test_the_real_environment_is_read_when_none_is_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ACUPRESS_JOURNAL", str(tmp_path / "env.toml"))
    assert resolve_journal().path == tmp_path / "env.toml"


def test_tilde_is_expanded_in_the_option_and_the_environment() -> None:
    home = Path(os.environ["HOME"])
    assert resolve_journal("~/j.toml", environ={}).path == home / "j.toml"
    assert resolve_journal(environ={"ACUPRESS_JOURNAL": "~/e.toml"}).path == home / "e.toml"


@pytest.mark.parametrize("explicit", ["", "   "])
def test_an_empty_option_is_refused(explicit: str) -> None:
    with pytest.raises(ProblemError) as caught:
        resolve_journal(explicit, environ={})
    (problem,) = caught.value.problems
    assert problem.field == "journal"
    assert str(problem) == "--journal: an empty path names no file"


def test_an_unknown_user_is_refused_not_a_traceback() -> None:
    with pytest.raises(ProblemError) as caught:
        resolve_journal("~nosuchuser9/j.toml", environ={})
    assert "unknown user 'nosuchuser9'" in str(caught.value)
    with pytest.raises(ProblemError, match="ACUPRESS_JOURNAL: unknown user"):
        resolve_journal(environ={"ACUPRESS_JOURNAL": "~nosuchuser9/j.toml"})


def test_a_broken_journal_setting_is_never_swapped_for_another_journal() -> None:
    bad = Problem(CONFIG, 6, "journal: must be a path in quotes", field="journal")
    other = Problem(CONFIG, 2, "theme: unknown theme 'nrod'", field="theme")
    with pytest.raises(ProblemError) as caught:
        resolve_journal(environ={}, settings_problems=[other, bad])
    assert caught.value.problems[0] is bad
    assert "give --journal PATH" in str(caught.value)
    # ...unless the person chose a journal another way.
    assert resolve_journal("/x/j.toml", environ={}, settings_problems=[bad]).source == "--journal"
    env = {"ACUPRESS_JOURNAL": "/e/j.toml"}
    assert resolve_journal(environ=env, settings_problems=[bad]).source == "ACUPRESS_JOURNAL"
    # A problem with another setting does not matter to the journal.
    assert resolve_journal(environ={}, settings_problems=[other]).source == "default"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('journal = "~nosuchuser9/j.toml"\n', "unknown user 'nosuchuser9'"),
        ("journal = 3\n", "must be a path in quotes"),
        ('journal = ""\n', "must not be empty"),
        ('jurnal = "/x/j.toml"\n', "did you mean 'journal'"),
    ],
)
def test_config_problems_with_the_journal_carry_the_field(
    tmp_path: Path, line: str, message: str
) -> None:
    config = tmp_path / "config.toml"
    config.write_text("bell = false\n" + line, encoding="utf-8")
    settings, problems = load_settings(config)
    assert settings.bell is False  # the good key still applies
    (problem,) = problems
    assert (problem.line, problem.field) == (2, "journal")
    assert message in problem.message
    with pytest.raises(ProblemError):
        resolve_journal(environ={}, configured=settings.journal, settings_problems=problems)


def test_a_relative_config_journal_is_relative_to_the_config(tmp_path: Path) -> None:
    config = tmp_path / "conf" / "config.toml"
    config.parent.mkdir()
    config.write_text('journal = "notes/j.toml"\n', encoding="utf-8")
    settings, problems = load_settings(config)
    assert problems == []
    location = resolve_journal(environ={}, configured=settings.journal)
    assert location.path == tmp_path / "conf" / "notes" / "j.toml"

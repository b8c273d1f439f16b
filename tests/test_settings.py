"""config.toml: every kind of error is a located warning, good keys are kept, saving keeps the rest."""

from __future__ import annotations

import argparse
import shutil
import tomllib
from pathlib import Path

import pytest
from unprivileged import call_unprivileged, give, workspace

from tui.cli import main
from tui.cli import points as cli_points
from tui.core import paths
from tui.core.problems import ProblemError
from tui.core.settings import (
    FIELDS,
    THEMES,
    Settings,
    breathing_presets,
    load_settings,
    save_settings,
    updated,
)


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


@pytest.fixture
def config(tmp_path: Path) -> Path:
    return tmp_path / "acupress" / "config.toml"


def test_theme_list_matches_textual() -> None:
    from textual.theme import BUILTIN_THEMES

    assert tuple(BUILTIN_THEMES) == THEMES


def test_defaults() -> None:
    s = Settings()
    assert (s.pregnancy_mode, s.reduce_motion, s.bell) == (False, False, True)
    assert (s.theme, s.breathing, s.journal) == ("textual-dark", "calm", None)
    assert s.breathing in breathing_presets()


def test_missing_file_gives_defaults_silently_and_creates_nothing(config: Path) -> None:
    settings, problems = load_settings(config)
    assert settings == Settings()
    assert problems == []
    assert not config.parent.exists()


def test_default_path_is_under_xdg_config_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    write(tmp_path / "cfg" / "acupress" / "config.toml", "bell = false\n")
    settings, problems = load_settings()
    assert problems == []
    assert settings.bell is False
    assert paths.config_file() == tmp_path / "cfg" / "acupress" / "config.toml"


def test_valid_file_is_read(config: Path) -> None:
    write(
        config,
        "# my settings\n"
        "pregnancy_mode = true\nreduce_motion = true\nbell = false\n"
        'theme = "nord"\nbreathing = "box"\njournal = "/tmp/j.toml"\n',
    )
    settings, problems = load_settings(config)
    assert problems == []
    assert settings == Settings(
        pregnancy_mode=True,
        reduce_motion=True,
        bell=False,
        theme="nord",
        breathing="box",
        journal=Path("/tmp/j.toml"),
    )


def test_syntax_error_names_file_and_line_and_gives_defaults(config: Path) -> None:
    write(config, 'bell = false\ntheme = "nord\n')
    settings, problems = load_settings(config)
    assert settings == Settings()
    assert len(problems) == 1
    assert str(problems[0]).startswith(f"{config}:2: TOML syntax error")


def test_wrong_type_is_located_and_other_keys_kept(config: Path) -> None:
    write(config, 'theme = "nord"\nbell = "yes"\npregnancy_mode = true\n')
    settings, problems = load_settings(config)
    assert [str(p) for p in problems] == [f"{config}:2: bell: must be true or false"]
    assert settings.bell is True  # the default, not "yes"
    assert settings.theme == "nord"
    assert settings.pregnancy_mode is True


def test_integer_is_not_a_boolean(config: Path) -> None:
    write(config, "reduce_motion = 1\n")
    settings, problems = load_settings(config)
    assert settings.reduce_motion is False
    assert problems and problems[0].line == 1


def test_misspelt_key_suggests_the_right_one(config: Path) -> None:
    write(config, "bell = false\n\npregnancy_mod = true\n")
    settings, problems = load_settings(config)
    assert [str(p) for p in problems] == [
        f"{config}:3: unknown field 'pregnancy_mod' (did you mean 'pregnancy_mode'?)"
    ]
    assert settings.bell is False
    assert settings.pregnancy_mode is False


def test_unknown_key_without_a_close_match(config: Path) -> None:
    write(config, "colour_scheme_of_doom = 3\n")
    _, problems = load_settings(config)
    assert [str(p) for p in problems] == [f"{config}:1: unknown field 'colour_scheme_of_doom'"]


def test_unknown_table_is_located(config: Path) -> None:
    write(config, "bell = false\n[display]\ntheme = 'nord'\n")
    settings, problems = load_settings(config)
    assert len(problems) == 1
    assert problems[0].line == 2 and "unknown field 'display'" in problems[0].message
    assert settings.bell is False


def test_bad_theme_suggests_and_lists_choices(config: Path) -> None:
    write(config, 'bell = false\ntheme = "nrod"\n')
    settings, problems = load_settings(config)
    assert len(problems) == 1
    text = str(problems[0])
    assert text.startswith(f"{config}:2: theme: unknown theme 'nrod' (did you mean 'nord'?)")
    assert "textual-light" in text
    assert settings.theme == "textual-dark"
    assert settings.bell is False


def test_bad_breathing_preset(config: Path) -> None:
    write(config, 'breathing = "clam"\nreduce_motion = true\n')
    settings, problems = load_settings(config)
    assert len(problems) == 1
    assert str(problems[0]).startswith(
        f"{config}:1: breathing: unknown breathing preset 'clam' (did you mean 'calm'?)"
    )
    assert settings.breathing == "calm"
    assert settings.reduce_motion is True


def test_journal_must_be_a_string(config: Path) -> None:
    write(config, "journal = 42\n")
    settings, problems = load_settings(config)
    assert settings.journal is None
    assert str(problems[0]).startswith(f"{config}:1: journal: must be a path in quotes")


def test_empty_journal_is_an_error(config: Path) -> None:
    write(config, 'journal = ""\n')
    settings, problems = load_settings(config)
    assert settings.journal is None
    assert "must not be empty" in str(problems[0])


def test_journal_expands_home_and_resolves_relative_to_config(
    config: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    write(config, 'journal = "~/pain.toml"\n')
    assert load_settings(config)[0].journal == tmp_path / "home" / "pain.toml"
    write(config, 'journal = "notes/pain.toml"\n')
    assert load_settings(config)[0].journal == config.parent / "notes" / "pain.toml"


def test_several_errors_each_reported_in_file_order(config: Path) -> None:
    write(config, 'theme = "nope"\nbell = 3\ntheme_name = "nord"\nreduce_motion = true\n')
    settings, problems = load_settings(config)
    assert [p.line for p in problems] == [1, 2, 3]
    assert settings.reduce_motion is True


def test_not_utf8_is_a_located_problem(config: Path) -> None:
    write(config, b'bell = false\ntheme = "caf\xe9"\n')
    settings, problems = load_settings(config)
    assert settings == Settings()
    assert len(problems) == 1
    assert str(problems[0]).startswith(f"{config}:2: not valid UTF-8")


def test_directory_instead_of_file(config: Path) -> None:
    config.mkdir(parents=True)
    settings, problems = load_settings(config)
    assert settings == Settings()
    assert [str(p) for p in problems] == [f"{config}: is a directory, not a file"]


def test_dangling_symlink_is_reported(config: Path, tmp_path: Path) -> None:
    config.parent.mkdir(parents=True)
    config.symlink_to(tmp_path / "gone.toml")
    settings, problems = load_settings(config)
    assert settings == Settings()
    assert problems and "no such file" in str(problems[0])


def test_save_then_load_round_trip(config: Path) -> None:
    wanted = Settings(
        pregnancy_mode=True, bell=False, theme="dracula", breathing="box", journal=Path("/x/j.toml")
    )
    save_settings(wanted, config)
    assert load_settings(config) == (wanted, [])
    save_settings(Settings(), config)
    assert load_settings(config) == (Settings(), [])
    assert "journal" not in tomllib.loads(config.read_text(encoding="utf-8"))


def test_save_to_default_path_creates_the_directory_only_then(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    load_settings()
    assert not (tmp_path / "cfg").exists()
    written = save_settings(Settings(bell=False))
    assert written == tmp_path / "cfg" / "acupress" / "config.toml"
    assert load_settings()[0].bell is False
    assert [p.name for p in written.parent.iterdir()] == ["config.toml"]  # no temp file left


def test_save_keeps_comments_unknown_keys_and_tables(config: Path) -> None:
    write(
        config,
        "# acupress settings\n"
        "bell = true  # ring at each step\n"
        'theme = "nord"\n'
        "pregnancy_mod = true  # typo, kept so it is not lost\n"
        "\n"
        "[future]\n"
        "feature = 1\n",
    )
    save_settings(Settings(bell=True, theme="monokai", pregnancy_mode=True), config)
    text = config.read_text(encoding="utf-8")
    assert text.startswith("# acupress settings\nbell = true  # ring at each step\n")
    assert 'theme = "monokai"\n' in text
    assert "pregnancy_mod = true  # typo, kept so it is not lost\n" in text
    data = tomllib.loads(text)
    assert data["future"] == {"feature": 1}
    assert data["pregnancy_mode"] is True
    assert text.index("pregnancy_mode") < text.index("[future]")
    settings, problems = load_settings(config)
    assert settings.theme == "monokai"
    assert [p.message for p in problems] == [
        "unknown field 'pregnancy_mod' (did you mean 'pregnancy_mode'?)",
        "unknown field 'future'",
    ]


def test_save_replaces_a_bad_value(config: Path) -> None:
    write(config, 'theme = "nrod"\n')
    save_settings(Settings(theme="nord"), config)
    assert load_settings(config) == (Settings(theme="nord"), [])


def test_save_falls_back_to_rewrite_for_odd_layouts(config: Path) -> None:
    # A multi-line string before the settings: the line edit cannot place keys safely.
    write(config, 'note = """\n[not a table]\n"""\nbell = true\n')
    save_settings(Settings(bell=False, reduce_motion=True), config)
    data = tomllib.loads(config.read_text(encoding="utf-8"))
    assert data["note"] == "[not a table]\n"
    assert data["bell"] is False and data["reduce_motion"] is True


def test_save_refuses_to_overwrite_a_broken_file(config: Path) -> None:
    write(config, 'bell = false\ntheme = "nord\n')
    before = config.read_bytes()
    with pytest.raises(ProblemError) as caught:
        save_settings(Settings(), config)
    assert caught.value.problems[0].line == 2
    assert "settings not saved" in str(caught.value)
    assert config.read_bytes() == before


def test_save_through_a_symlink_updates_the_target(config: Path, tmp_path: Path) -> None:
    real = write(tmp_path / "dotfiles" / "acupress.toml", "bell = true\n")
    config.parent.mkdir(parents=True)
    config.symlink_to(real)
    save_settings(Settings(bell=False), config)
    assert config.is_symlink()
    assert tomllib.loads(real.read_text(encoding="utf-8"))["bell"] is False


def test_save_keeps_file_permissions(config: Path) -> None:
    write(config, "bell = true\n")
    config.chmod(0o640)
    save_settings(Settings(bell=False), config)
    assert config.stat().st_mode & 0o777 == 0o640


def test_every_field_is_saved(config: Path) -> None:
    save_settings(Settings(journal=Path("/j.toml")), config)
    assert set(tomllib.loads(config.read_text(encoding="utf-8"))) == set(FIELDS)


def fake_points(args: argparse.Namespace) -> int:
    print("points ran")
    return 0


def test_cli_warns_about_broken_config_and_still_runs_the_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The real handler is replaced so this does not depend on the point catalogue's data.
    monkeypatch.setattr(cli_points, "run_search", fake_points)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    config_file = write(
        tmp_path / "cfg" / "acupress" / "config.toml", "bell = false\ntheme = 'nrod'\nbell2 = \n"
    )
    code = main(["points"])
    out, err = capsys.readouterr()
    assert code == 0
    assert out == "points ran\n"
    # One line: the syntax error hides the bad theme (nothing after it can be read).
    assert err.startswith(f"acupress: warning: {config_file}:3: TOML syntax error")
    assert err.count("\n") == 1


def test_cli_prints_one_warning_per_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cli_points, "run_search", fake_points)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    config_file = write(
        tmp_path / "cfg" / "acupress" / "config.toml", 'theme = "nrod"\npregnancy_mod = true\n'
    )
    assert main(["points"]) == 0
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"acupress: warning: {config_file}:1: theme: unknown theme 'nrod'")
    assert lines[1] == (
        f"acupress: warning: {config_file}:2: unknown field 'pregnancy_mod' "
        "(did you mean 'pregnancy_mode'?)"
    )


def test_cli_is_quiet_with_a_good_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cli_points, "run_search", fake_points)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    write(tmp_path / "cfg" / "acupress" / "config.toml", "bell = false\n")
    assert main(["points"]) == 0
    assert capsys.readouterr().err == ""


@pytest.mark.skipif(
    not paths.catalogue_file().exists(), reason="point catalogue data not written yet"
)
def test_points_command_works_with_a_syntax_error_in_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The issue's done-when: `acupress points` warns naming the file and still lists points."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    config_file = write(tmp_path / "cfg" / "acupress" / "config.toml", "bell = \n")
    code = main(["points", "hegu"])
    out, err = capsys.readouterr()
    assert code == 0
    assert f"acupress: warning: {config_file}:1: TOML syntax error" in err
    assert "LI4" in out


def test_unreadable_file_is_a_problem(tmp_path: Path) -> None:
    # As an unprivileged user, so that it means something even when the tests run as root.
    folder = workspace()
    try:
        config = folder / "config.toml"
        write(config, "bell = false\n")
        give(config)
        config.chmod(0)

        def load() -> list[object]:
            settings, problems = load_settings(config)
            return [settings == Settings(), [str(p) for p in problems]]

        defaults, problems = call_unprivileged(load)
    finally:
        shutil.rmtree(folder)
    assert defaults
    assert problems == [f"{config}: cannot read: Permission denied"]


def test_saving_unchanged_settings_leaves_the_file_byte_for_byte(
    config: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    original = (
        "# mine\n"
        "pregnancy_mode = true   # I am pregnant\n"
        "reduce_motion = false\nbell = true\n"
        "theme = 'nord'\nbreathing = \"box\"\n"
        "journal = 'notes/pain.toml'\n"
    )
    write(config, original)
    settings, problems = load_settings(config)
    assert problems == []
    assert settings.journal == config.parent / "notes" / "pain.toml"
    save_settings(settings, config)
    assert config.read_text(encoding="utf-8") == original
    write(config, original.replace("notes/pain.toml", "~/pain.toml"))
    save_settings(load_settings(config)[0], config)
    assert "journal = '~/pain.toml'\n" in config.read_text(encoding="utf-8")


def test_unsetting_journal_removes_its_line(config: Path) -> None:
    write(config, "bell = false\njournal = '/j.toml'\n")
    save_settings(Settings(bell=False), config)
    text = config.read_text(encoding="utf-8")
    assert text.startswith("bell = false\n")
    assert "journal" not in text
    assert load_settings(config) == (Settings(bell=False), [])


def test_updated_validates() -> None:
    s = updated(Settings(), theme="nord", bell=False)
    assert (s.theme, s.bell) == ("nord", False)
    with pytest.raises(ValueError, match=r"theme: unknown theme 'nrod' \(did you mean 'nord'"):
        updated(s, theme="nrod")
    with pytest.raises(ValueError, match="unknown setting 'colour'"):
        updated(s, colour="red")
    with pytest.raises(ValueError, match="bell: must be true or false"):
        Settings(bell=1)  # type: ignore[arg-type]


def test_dotted_keys_and_nested_tables_are_located(config: Path) -> None:
    write(config, 'bell = false\ndisplay.theme = "nord"\n\n[a.b]\nc = 1\n')
    settings, problems = load_settings(config)
    assert [str(p) for p in problems] == [
        f"{config}:2: unknown field 'display'",
        f"{config}:4: unknown field 'a'",
    ]
    assert settings.bell is False

"""The first paint stays light: no pydantic and no subcommand module before the browser is up.

Start-up time itself is measured by tests/bench_startup.py (a benchmark, not a test);
these tests keep the heavy imports it found off the first-paint path.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tui.core.safety import NOTICE_VERSION

# Runs `acupress` headless. The app checks the catalogue in full once the first screen is up;
# the probe replaces that check with a look at what had been imported by then.
PROBE = """
import sys
import textual.css.stylesheet
from tui.app import AcupressApp

parses = []
_parse = textual.css.stylesheet.parse

def counting_parse(scope, css, read_from, *args, **kwargs):
    if read_from[0].endswith("styles.tcss"):
        parses.append(read_from)
    return _parse(scope, css, read_from, *args, **kwargs)

textual.css.stylesheet.parse = counting_parse

def probe(self):
    loaded = sorted(
        m for m in sys.modules
        if m.split(".")[0] == "pydantic"
        or (m.startswith("tui.cli.")
            and m not in ("tui.cli.common", "tui.cli.tree", "tui.cli.terminal"))
    )
    print("first paint:", type(self.screen).__name__, loaded)
    print("theme:", self.theme, "stylesheet parsed:", len(parses))
    self.exit()

AcupressApp._check_catalogue = probe
AcupressApp.CATALOGUE_CHECK_DELAY = 0
_run = AcupressApp.run
AcupressApp.run = lambda self, **kw: _run(self, headless=True, size=(80, 24))
from tui.cli import main
sys.exit(main(sys.argv[1:]))
"""


def run_probe(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.update(
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_STATE_HOME=str(tmp_path / "state"),
        TEXTUAL_ANIMATIONS="none",
    )
    state = tmp_path / "state" / "acupress"
    state.mkdir(parents=True)
    (state / "state.toml").write_text(
        f"notice_acknowledged = true\nnotice_version = {NOTICE_VERSION}\n"
    )
    return subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


@pytest.mark.parametrize("config", ["", 'theme = "nord"\npregnancy_mode = true\n'])
def test_browser_paints_before_pydantic_or_any_subcommand_is_imported(
    tmp_path: Path, config: str
) -> None:
    if config:
        (tmp_path / "config" / "acupress").mkdir(parents=True)
        (tmp_path / "config" / "acupress" / "config.toml").write_text(config)
    result = run_probe(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "first paint: PointsScreen []" in result.stdout, result.stdout


def test_the_stylesheet_is_parsed_once_at_start_up(tmp_path: Path) -> None:
    # Parsing styles.tcss is the largest single cost of the first paint. Textual parses it
    # again when the first screen comes from MODES, or when the theme changes after start.
    result = run_probe(tmp_path)
    assert "theme: textual-dark stylesheet parsed: 1" in result.stdout, result.stdout


def test_a_configured_theme_is_set_before_the_first_paint(tmp_path: Path) -> None:
    (tmp_path / "config" / "acupress").mkdir(parents=True)
    (tmp_path / "config" / "acupress" / "config.toml").write_text('theme = "nord"\n')
    result = run_probe(tmp_path)
    # Set in the app's constructor, the theme costs one more parse (Textual refreshes the CSS
    # of a theme change); set on mount, as before, it cost two.
    assert "theme: nord stylesheet parsed: 2" in result.stdout, result.stdout


def test_a_damaged_catalogue_stops_the_app_with_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tui.cli import main
    from tui.core import paths

    broken = tmp_path / "points.toml"
    broken.write_text("version = 1\n[[points]]\ncode = 4\n", encoding="utf-8")
    monkeypatch.setattr(paths, "catalogue_file", lambda: broken)
    assert main([]) == 1
    err = capsys.readouterr().err
    assert err.startswith("acupress: the point catalogue is damaged; reinstall acupress:")
    assert f"{broken}:" in err


async def test_the_background_check_reports_a_damaged_catalogue(tmp_path: Path) -> None:
    from tui.app import AcupressApp
    from tui.core import paths
    from tui.core.points import load_catalogue

    source = paths.catalogue_file().read_text(encoding="utf-8")
    broken = tmp_path / "points.toml"
    broken.write_text(source.replace('region = "hand"', 'region = "elbow"', 1), encoding="utf-8")
    app = AcupressApp(show_notice=False, catalogue=load_catalogue(broken, checked=False))
    app.CATALOGUE_CHECK_DELAY = 0
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        [notice] = [n for n in app._notifications if n.severity == "error"]
        assert notice.title == "The point catalogue is damaged"
        assert f"{broken}:" in notice.message and "region 'elbow'" in notice.message


async def test_the_background_check_reports_a_damaged_builtin_routine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The command line reads the built-in routines quickly; the app checks them in full.
    from tui.app import AcupressApp
    from tui.core import paths
    from tui.core.points import load_catalogue

    shipped = tmp_path / "routines"
    shipped.mkdir()
    source = (paths.builtin_routines_dir() / "sciatica.toml").read_text(encoding="utf-8")
    (shipped / "sciatica.toml").write_text(source.replace("seconds =", "secnds =", 1))
    monkeypatch.setattr(paths, "builtin_routines_dir", lambda: shipped)
    app = AcupressApp(show_notice=False, catalogue=load_catalogue(checked=False))
    app.CATALOGUE_CHECK_DELAY = 0
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        [notice] = [n for n in app._notifications if n.severity == "error"]
        assert notice.title == "A built-in routine is damaged"
        assert f"{shipped / 'sciatica.toml'}:" in notice.message and "secnds" in notice.message


async def test_a_sound_catalogue_is_checked_without_a_word() -> None:
    from tui.app import AcupressApp
    from tui.core.points import load_catalogue

    app = AcupressApp(show_notice=False, catalogue=load_catalogue(checked=False))
    app.CATALOGUE_CHECK_DELAY = 0
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert list(app._notifications) == []


def test_help_and_mistakes_still_go_to_the_full_parser(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from tui.cli import main

    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert all(command in out for command in ("points", "routines", "play", "log", "journal"))
    with pytest.raises(SystemExit) as done:
        main(["--journal"])
    assert done.value.code == 2
    assert "--journal: expected one argument" in capsys.readouterr().err
    with pytest.raises(SystemExit) as done:
        main(["--jurnal"])
    assert done.value.code == 2
    assert "unrecognized arguments: --jurnal" in capsys.readouterr().err


# What the everyday commands must not import: inspect (with ast, dis and tokenize) comes with
# dataclasses unless the command line defers it, and a dataclass without a docstring asks it
# for a signature.
EVERYDAY_PROBE = """
import os, sys
from tui.cli import main
sys.stdout = open(os.devnull, "w")
code = main(sys.argv[1:])
sys.stdout = sys.__stdout__
print(code, sorted(m for m in ("ast", "dis", "tokenize") if m in sys.modules))
"""


@pytest.mark.parametrize(
    "argv", [["points", "hegu"], ["routines"], ["journal"], ["log", "3"], ["journal", "stats"]]
)
def test_the_everyday_commands_never_import_inspect(tmp_path: Path, argv: list[str]) -> None:
    env = dict(os.environ)
    env.update(
        HOME=str(tmp_path),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_STATE_HOME=str(tmp_path / "state"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
    )
    env.pop("ACUPRESS_JOURNAL", None)
    for _ in range(2):  # the second time with a journal, and the journal's index written
        result = subprocess.run(
            [sys.executable, "-c", EVERYDAY_PROBE, *argv],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=60,
        )
        assert result.stdout == "0 []\n", result.stderr

"""The ``acupress points`` command: text, JSON, errors, and staying off Textual."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tui import __version__
from tui.cli import main


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_hegu_json_returns_li4_with_pregnancy_caution(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "points", "hegu", "--json")
    assert code == 0
    points = json.loads(out)
    assert points[0]["code"] == "LI4"
    assert any("pregnancy" in c.lower() for c in points[0]["cautions"])
    assert points[0]["pregnancy_caution"] is True
    assert points[0]["pregnancy"] == "avoid"


def test_json_point_has_every_documented_field(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run_cli(capsys, "points", "--json")
    points = json.loads(out)
    assert len(points) >= 37
    fields = {
        "code", "aliases", "pinyin", "hanzi", "name", "meridian", "region", "location",
        "how_to_find", "technique", "max_hold_seconds", "uses", "cautions", "pregnancy",
        "notes", "sources", "map", "pregnancy_caution",
    }  # fmt: skip
    for point in points:
        assert fields <= point.keys()
        assert point["sources"] and all(
            isinstance(s, str) and len(s) > 20 for s in point["sources"]
        )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("hegu", "LI4"),
        ("ap1", "LI4"),
        ("li4", "LI4"),
        ("LI 4", "LI4"),
        ("hégǔ", "LI4"),
        ("shenshu", "BL23"),
    ],
)
def test_best_match_comes_first(
    capsys: pytest.CaptureFixture[str], query: str, expected: str
) -> None:
    _, out, _ = run_cli(capsys, "points", *query.split(), "--json")
    assert json.loads(out)[0]["code"] == expected


def test_plain_text_lists_one_point_per_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "points", "sciatica")
    assert code == 0
    lines = out.strip().splitlines()
    assert any(line.startswith("GB30") for line in lines)
    assert all(line.split()[0].replace("-", "").isalnum() for line in lines)


def test_filters_by_region_and_use(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run_cli(capsys, "points", "--region", "hand", "--json")
    codes = {p["code"] for p in json.loads(out)}
    assert "LI4" in codes and "BL23" not in codes
    _, out, _ = run_cli(capsys, "points", "--use", "sciatica", "--json")
    assert all("sciatica" in p["uses"] for p in json.loads(out))


def test_no_match_exits_1_with_message(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "points", "zzzzqqq")
    assert code == 1
    assert "no points match" in out


@pytest.mark.parametrize("code", ["ap1", "AP1", "li4", "Li4", "LI4"])
def test_show_by_code_or_alias_any_case(capsys: pytest.CaptureFixture[str], code: str) -> None:
    status, out, _ = run_cli(capsys, "points", "show", code, "--json")
    assert status == 0
    assert json.loads(out)["code"] == "LI4"


def test_show_plain_text_puts_cautions_before_location(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run_cli(capsys, "points", "show", "LI4")
    assert status == 0
    assert out.index("CAUTIONS") < out.index("Location")
    assert "not medical advice" in out


def test_unknown_code_names_it_and_suggests(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run_cli(capsys, "points", "show", "XX99")
    assert status == 1
    assert out == ""
    assert "no point 'XX99'" in err
    status, _, err = run_cli(capsys, "points", "show", "BL24X")
    assert status == 1 and "closest" in err and "BL2" in err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"acupress {__version__}"


def test_help_for_command_and_points(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "points" in out and "Not medical advice" in out
    with pytest.raises(SystemExit):
        main(["points", "--help"])
    out = capsys.readouterr().out
    assert out.startswith("usage: acupress points [search] [-h] [--region REGION]")
    assert "\n       acupress points show [-h] [--json] CODE\n" in out


def test_points_show_has_help_of_its_own(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["points", "show", "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: acupress points show [-h] [--json] CODE\n")
    assert "a code or an alias, in any case" in out and "--region" not in out


@pytest.mark.parametrize(
    "argv",
    [
        ["points", "hegu"],
        ["points", "search", "hegu"],
        ["points", "--region", "hand", "hegu"],
        ["points", "hegu", "--region", "hand"],
        ["points", "--json", "hegu"],
    ],
)
def test_points_query_is_the_search_command(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert ('"code": "LI4"' if "--json" in argv else "LI4     Hégǔ") in out


def test_points_searches_for_words_that_name_commands(capsys: pytest.CaptureFixture[str]) -> None:
    # 'show' alone is no code: 'points show' wants one; 'points search show' searches for it.
    with pytest.raises(SystemExit) as done:
        main(["points", "show"])
    assert done.value.code == 2
    assert "usage: acupress points show" in capsys.readouterr().err
    assert main(["points", "search", "show"]) == 1
    assert capsys.readouterr().out == "no points match 'show'\n"


def test_commands_that_do_not_open_the_app_do_not_import_textual() -> None:
    probe = (
        "import sys, io, contextlib\n"
        "from tui.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['points', 'hegu', '--json'])\n"
        "    main(['points', 'show', 'LI4'])\n"
        "import tui.core.points, tui.core.tomlfile, tui.core.paths\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(bad)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_python_dash_m_tui_runs_the_cli() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tui", "points", "show", "AP1"], capture_output=True, text=True
    )
    assert result.returncode == 0
    assert result.stdout.startswith("LI4")


def test_the_list_says_which_pregnancy_caution(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run_cli(capsys, "points")
    lines = {line.split()[0]: line for line in out.strip().splitlines()}
    assert lines["LI4"].endswith("⚠ avoid in pregnancy")
    assert lines["BL31"].endswith("⚠ avoid in pregnancy")
    assert lines["BL23"].endswith("⚠ gentle in pregnancy")
    assert "⚠" not in lines["GV20"] and "⚠" not in lines["BL62"]
    _, out, _ = run_cli(capsys, "points", "show", "bl40")
    assert "One hold: up to 60 s at a time" in out

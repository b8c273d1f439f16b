"""``acupress routines``: list, show and check, their JSON shapes and exit codes."""

from __future__ import annotations

import itertools
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tui.cli import main
from tui.core import paths

BUILTIN_SECONDS = {
    # steps + transitions between them (5 s unless the routine says otherwise)
    "lower-back": 90 + 60 + 60 + 60 + 60 + 4 * 5,
    "upper-back": 60 + 60 + 60 + 60 + 60 + 4 * 5,
    "spine-massage": 11 * 30 + 10 * 3,
    "desk-break": 45 + 30 + 6 * 30 + 7 * 5,
    "sciatica": 60 + 60 + 60 + 60 + 60 + 45 + 5 * 5,
    # BL23, BL25; BL40 three times (10 s rests); KI3 three times on each side
    "three-minutes-a-point": 2 * 180 + 3 * 60 + 6 * 60 + 8 * 5 + 2 * 10,
}

VALID = """\
title = "Mine"
area = "neck"

[[steps]]
point = "LI4"
side = "each"
seconds = 20
cue = "Squeeze the web of the hand."
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["routines", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    code, out, _ = run(capsys, *argv, "--json")
    assert code == 0
    return json.loads(out)


def user_file(name: str, text: str) -> Path:
    directory = paths.user_routines_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def test_list_json_has_the_six_builtins_with_durations(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys)
    assert {row["slug"]: row["total_seconds"] for row in data} == BUILTIN_SECONDS
    for row in data:
        assert set(row) >= {
            "slug",
            "title",
            "area",
            "total_seconds",
            "step_count",
            "cautions",
            "source",
            "error",
        }
        assert row["source"] == "built-in"
        assert row["error"] is None
        assert isinstance(row["step_count"], int) and row["step_count"] > 0
        for caution in row["cautions"]:
            assert set(caution) == {"points", "caution"}
            assert set(caution["points"]) <= set(row["points"])
    by_slug = {row["slug"]: row for row in data}
    assert by_slug["lower-back"]["step_count"] == 5  # GB30 on each side counts twice
    assert any(
        c["points"] == ["LI4"] and "pregnan" in c["caution"]
        for c in by_slug["upper-back"]["cautions"]
    )


def test_list_shows_a_broken_user_routine_with_its_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    broken = user_file("broken.toml", VALID.replace("seconds = 20", "secnds = 20"))
    user_file("mine.toml", VALID)
    data = run_json(capsys)
    rows = {row["slug"]: row for row in data}
    assert rows["broken"]["source"] == str(broken)
    assert rows["broken"]["title"] is None and rows["broken"]["total_seconds"] is None
    assert f"{broken}:7: unknown field 'steps[1].secnds'" in rows["broken"]["error"]
    assert rows["mine"]["error"] is None
    assert rows["mine"]["total_seconds"] == 20 + 5 + 20
    code, out, _ = run(capsys)
    assert code == 0
    assert "broken" in out and "BROKEN" in out and f"{broken}:7:" in out
    assert "lower-back" in out and "5:50" in out


def test_show_json_has_expanded_steps_and_a_timeline(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, "show", "lower-back")
    assert data["slug"] == "lower-back"
    assert data["total_seconds"] == BUILTIN_SECONDS["lower-back"]
    steps = data["steps"]
    assert [(s["point"], s["side"]) for s in steps] == [
        ("BL23", "both"),
        ("BL40", "both"),
        ("GB30", "left"),
        ("GB30", "right"),
        ("GV20", "center"),
    ]
    for step in steps:
        assert set(step) >= {"point", "point_name", "side", "technique", "seconds", "cue"}
        assert step["point_name"] and step["cue"]
        assert step["end"] - step["start"] == step["seconds"]
    timeline = data["timeline"]
    assert timeline[0]["start"] == 0
    assert timeline[-1]["end"] == data["total_seconds"]
    for before, after in itertools.pairwise(timeline):
        assert before["end"] == after["start"]
    assert [t["kind"] for t in timeline].count("transition") == 4


def test_show_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "upper-back")
    assert code == 0
    assert "Upper back and shoulders" in out
    assert "LI4" in out and "left side" in out and "right side" in out
    assert "CAUTIONS" in out
    assert "0:00" in out and "5:20" in out


def test_show_unknown_routine_suggests_names(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "show", "lower-bak")
    assert code == 1
    assert out == ""
    assert err.startswith("acupress: no routine 'lower-bak' (did you mean lower-back")


def test_show_broken_routine_exits_1_with_its_problems(capsys: pytest.CaptureFixture[str]) -> None:
    broken = user_file("broken.toml", VALID.replace('"LI4"', '"LI44"'))
    code, out, _ = run(capsys, "show", "broken")
    assert code == 1
    assert f"{broken}:5: unknown point 'LI44'" in out
    code, out, _ = run(capsys, "show", "broken", "--json")
    assert code == 1
    assert json.loads(out)["problems"][0]["line"] == 5


def test_check_valid_files_exit_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "ok.toml"
    path.write_text(VALID, encoding="utf-8")
    builtin = paths.builtin_routines_dir() / "sciatica.toml"
    code, out, err = run(capsys, "check", str(path), str(builtin))
    assert code == 0
    assert out.splitlines() == [f"{path}: ok", f"{builtin}: ok"]
    assert err == ""
    code, out, _ = run(capsys, "check", "--quiet", str(path))
    assert (code, out) == (0, "")


def test_check_reports_file_line_message_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.toml"
    good.write_text(VALID, encoding="utf-8")
    misspelt = tmp_path / "misspelt.toml"
    misspelt.write_text(VALID.replace("seconds = 20", "seconds = 20\nsecnds = 3"), encoding="utf-8")
    unknown = tmp_path / "unknown.toml"
    unknown.write_text(VALID.replace('"LI4"', '"XX99"'), encoding="utf-8")
    syntax = tmp_path / "syntax.toml"
    syntax.write_text(VALID.replace('area = "neck"', "area = neck"), encoding="utf-8")
    code, out, err = run(capsys, "check", str(good), str(misspelt), str(unknown), str(syntax))
    assert code == 1
    assert err == ""
    lines = out.splitlines()
    assert lines[0] == f"{good}: ok"
    assert lines[1] == f"{misspelt}:8: unknown field 'steps[1].secnds' (did you mean 'seconds'?)"
    assert lines[2].startswith(f"{unknown}:5: unknown point 'XX99'")
    assert re.match(rf"{re.escape(str(syntax))}:2: TOML syntax error at column \d+", lines[3])
    assert len(lines) == 4


def test_check_needs_a_file(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["routines", "check"])
    assert caught.value.code == 2


def test_help_describes_list_show_and_check(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["routines", "--help"])
    assert caught.value.code == 0
    out = capsys.readouterr().out
    for text in (
        "usage: acupress routines [-h] [--json]",
        "acupress routines show [-h] [--json] NAME",
        "acupress routines check [-h] [-q] NAME|FILE",
        "routines [--json]     every routine",
        "routines show NAME    one routine",
        "routines check NAME|FILE...",
    ):
        assert text in out


def test_check_takes_the_name_of_a_routine_yours_or_built_in(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = user_file("my-back.toml", VALID)
    broken = user_file("broken.toml", VALID.replace("seconds = 20", "secnds = 20"))
    builtin = paths.builtin_routines_dir() / "sciatica.toml"
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "check", "my-back", "Sciatica")
    assert (code, out.splitlines()) == (0, [f"{mine}: ok", f"{builtin}: ok"])
    code, out, _ = run(capsys, "check", "broken", "my-bak")
    assert code == 1
    assert out.splitlines() == [
        f"{broken}:4: missing field 'steps[1].seconds'",
        f"{broken}:7: unknown field 'steps[1].secnds' (did you mean 'seconds'?)",
        "my-bak: no routine 'my-bak' (did you mean my-back?)",
    ]
    # A file of that name in the current folder is checked when no routine has the name.
    (tmp_path / "draft").write_text(VALID, encoding="utf-8")
    code, out, _ = run(capsys, "check", "draft")
    assert (code, out) == (0, "draft: ok\n")


def test_a_builtin_checked_by_name_gets_the_full_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # What the quick read would let pass (a value of the wrong type in an optional text
    # field), the check still finds.
    source = (paths.builtin_routines_dir() / "sciatica.toml").read_text(encoding="utf-8")
    shipped = tmp_path / "builtin"
    shipped.mkdir()
    damaged = re.sub(r"(?m)^cue = .*$", "cue = 3", source, count=1)
    assert damaged != source
    (shipped / "sciatica.toml").write_text(damaged, encoding="utf-8")
    monkeypatch.setattr(paths, "builtin_routines_dir", lambda: shipped)
    code, out, _ = run(capsys, "check", "sciatica")
    assert code == 1 and "steps[1].cue: input should be a valid string" in out.lower()
    code, out, _ = run(capsys)
    assert code == 0 and "sciatica" in out  # listed from the quick read


def test_list_marks_only_routines_with_cautions_of_their_own(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # GV20 and SI3 carry only the caution every point has (never on broken skin).
    user_file("plain.toml", VALID.replace('"LI4"', '"SI3"'))
    user_file("cautioned.toml", VALID)  # LI4: traditionally avoided in pregnancy
    code, out, _ = run(capsys)
    assert code == 0
    lines = {line.split()[0]: line for line in out.splitlines() if line.strip()}
    assert not lines["plain"].endswith("⚠")
    assert lines["cautioned"].endswith("⚠")
    assert all(lines[slug].endswith("⚠") for slug in BUILTIN_SECONDS)
    assert "⚠ = a point in it carries a caution of its own" in out


def test_routines_command_does_not_import_textual() -> None:
    code = (
        "import sys, io, contextlib\n"
        "from tui.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert main(['routines', '--json']) == 0\n"
        "assert 'textual' not in sys.modules, 'textual imported'\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_check_prints_hold_warnings_but_the_file_is_ok(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "long.toml"
    path.write_text(VALID.replace('"LI4"', '"BL40"').replace("seconds = 20", "seconds = 90"))
    code, out, _ = run(capsys, "check", str(path))
    assert code == 0
    warning, ok = out.splitlines()
    assert warning.startswith(f"{path}:7: warning: step 1 holds BL40 for 90 s")
    assert ok == f"{path}: ok (1 warning)"
    code, out, _ = run(capsys, "check", "-q", str(path))
    assert (code, out.splitlines()) == (0, [warning])  # -q hides "ok", never a warning
    user_file("long.toml", path.read_text())
    rows = {row["slug"]: row for row in run_json(capsys)}
    assert rows["long"]["warnings"] == [
        {
            "path": str(paths.user_routines_dir() / "long.toml"),
            "line": 7,
            "message": warning.split(":7: ", 1)[1],
        }
    ]
    assert all(rows[slug]["warnings"] == [] for slug in BUILTIN_SECONDS)
    code, out, _ = run(capsys, "show", "long")
    assert "WARNINGS:" in out and "holds BL40 for 90 s" in out


def test_list_json_gives_the_pregnancy_points_from_the_field(
    capsys: pytest.CaptureFixture[str],
) -> None:
    rows = {row["slug"]: row for row in run_json(capsys)}
    [li4] = rows["upper-back"]["pregnancy"]
    assert (li4["point"], li4["level"]) == ("LI4", "avoid") and "pregnancy" in li4["caution"]
    assert [(p["point"], p["level"]) for p in rows["lower-back"]["pregnancy"]] == [
        ("BL23", "gentle")
    ]
    assert rows["desk-break"]["pregnancy"][0]["point"] == "GB21"


def test_an_ashi_step_in_show_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    user_file(
        "tender.toml",
        'title = "Tender"\narea = "lower-back"\n\n[[steps]]\npoint = "ashi"\n'
        'region = "buttock"\nfind = "The sorest spot in the middle of the buttock."\n'
        "seconds = 60\n",
    )
    data = run_json(capsys, "show", "tender")
    [step] = data["steps"]
    assert step["point"] == "ashi" and step["side"] == "both"
    assert step["ashi"] == {
        "region": "buttock",
        "find": "The sorest spot in the middle of the buttock.",
    }
    assert data["points"] == [] and data["cautions"][0]["points"] == ["ashi"]
    assert run_json(capsys, "show", "lower-back")["steps"][0]["ashi"] is None
    code, out, _ = run(capsys, "show", "tender")
    assert code == 0
    assert "ashi tender spot (found by touch) in the buttock" in out
    assert "Find it: The sorest spot in the middle of the buttock." in out


def test_a_routine_is_as_long_in_the_list_as_in_the_app(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # 20.1 + 5 + 20.1 = 45.2 s: rounded up to 0:46, as the app's routine list and preview
    # show it (the same format_clock); rounded to the nearest second it would read 0:45.
    user_file("mine.toml", VALID.replace("seconds = 20", "seconds = 20.1"))
    code, out, _ = run(capsys)
    assert code == 0
    line = next(line for line in out.splitlines() if line.startswith("mine "))
    assert " 0:46 " in line, line
    code, out, _ = run(capsys, "show", "mine")
    assert "Duration: 46 s" in out, out

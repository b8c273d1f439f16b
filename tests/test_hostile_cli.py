"""Hostile text through every command: plain output and messages never carry a control
character, escape sequence or bidi override to the terminal; JSON keeps the text exactly."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import tomli_w
from hostile import SAMPLES, SEQUENCES, assert_safe_output, hostile_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.cli import main
from tui.core import paths
from tui.core.text import first_line, visible

Capture = pytest.CaptureFixture[str]
FEW = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(autouse=True)
def elsewhere(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run in an empty folder: a hostile --journal value is a relative path, saved to."""
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))


def run(capsys: Capture, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exit:  # argparse's own usage errors
        code = int(exit.code or 0)
    out, err = capsys.readouterr()
    assert_safe_output(out)
    assert_safe_output(err)
    assert "Traceback" not in err
    return code, out, err


def fresh(tmp_path: Path, suffix: str = ".toml") -> Path:
    return tmp_path / f"{uuid.uuid4().hex}{suffix}"


@FEW
@given(note=hostile_text())
def test_a_note_is_shown_visibly_in_plain_output_and_exactly_in_json(
    capsys: Capture, tmp_path: Path, note: str
) -> None:
    journal = str(fresh(tmp_path))
    code, out, _ = run(capsys, "log", "3", "--note", note, "--journal", journal)
    assert code == 0
    code, out, _ = run(capsys, "journal", "--journal", journal)
    assert code == 0
    if note.strip():
        for line in note.replace("\r\n", "\n").split("\n"):
            assert visible(line) in out
        code, out, _ = run(capsys, "journal", "--json", "--journal", journal)
        assert json.loads(out)[0]["note"] == note  # lossless
    for argv in (["journal", "stats"], ["journal", "stats", "--json"]):
        assert run(capsys, *argv, "--journal", journal)[0] == 0


ECHOING = [
    ["log", "{}"],
    ["log", "3", "--area", "{}"],
    ["log", "3", "--at", "{}"],
    ["log", "3", "--phase", "{}"],
    ["log", "3", "--routine", "{}", "--phase", "after"],
    ["log", "3", "--session", "{}"],
    ["points", "{}"],
    ["points", "show", "{}"],
    ["points", "--region", "{}"],
    ["routines", "show", "{}"],
    ["routines", "check", "{}"],
    ["play", "{}"],
    ["journal", "--since", "{}"],
    ["journal", "--area", "{}"],
    ["journal", "delete", "{}"],
    ["journal", "stats", "--days", "{}"],
    ["journal", "export", "--format", "{}"],
    ["{}"],
    ["--journal", "{}", "journal"],
    ["--journal", "{}", "log", "3"],
    ["points", "hegu", "--{}"],
]


@FEW
@given(value=hostile_text(max_size=10), template=st.sampled_from(ECHOING))
def test_values_echoed_back_in_messages_are_visible(
    capsys: Capture, tmp_path: Path, value: str, template: list[str]
) -> None:
    value = value.replace("\x00", "")  # no argument holds a NUL (the OS cannot pass one)
    argv = [part.replace("{}", value) for part in template]
    if "--journal" not in argv:
        argv += ["--journal", str(fresh(tmp_path))] if argv[0] in ("log", "journal") else []
    code, _, _ = run(capsys, *argv)
    assert code in (0, 1, 2)


def test_sample_values_in_every_template(capsys: Capture, tmp_path: Path) -> None:
    for value in [*SAMPLES, *SEQUENCES]:
        for template in ECHOING:
            argv = [part.replace("{}", value.replace("\x00", "")) for part in template]
            if argv[0] in ("log", "journal") and "--journal" not in argv:
                argv += ["--journal", str(fresh(tmp_path))]
            assert run(capsys, *argv)[0] in (0, 1, 2)


@FEW
@given(value=hostile_text(max_size=8))
def test_config_values_are_visible_in_warnings(capsys: Capture, value: str) -> None:
    config = paths.config_file()
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(
        tomli_w.dumps({"theme": value, "breathing": value, value or "x": 1, "journal": value})
    )
    code, _, err = run(capsys, "points", "LI4")
    assert code == 0 and "warning" in err


def journal_with(path: Path, table: dict[str, object], version: int = 1) -> Path:
    path.write_text(tomli_w.dumps({"version": version, "entries": [table]}))
    return path


@FEW
@given(value=hostile_text(max_size=10))
def test_journal_files_with_hostile_values_give_visible_messages(
    capsys: Capture, tmp_path: Path, value: str
) -> None:
    good = {"id": "a1", "at": "2024-01-02T03:04:05+01:00", "level": 3}
    cases = [
        ({**good, "areas": [value]}, 1),
        ({**good, value or "x": 1}, 1),
        ({**good, "id": value}, 1),
        ({**good, "routine": value}, 1),
        ({"date": "2024-01-02", "pain": 3, "where": [value]}, 0),
        ({"date": "2024-01-02", "pain": 3, "comment": value}, 0),
    ]
    for table, version in cases:
        path = journal_with(fresh(tmp_path), table, version)
        before = path.read_bytes()
        for argv in (["journal"], ["log", "3"], ["journal", "delete", "a1"]):
            code, _, _ = run(capsys, *argv, "--journal", str(path))
            assert code in (0, 1)
        assert path.read_bytes() == before or version == 0


ROUTINE = {
    "title": "T",
    "area": "neck",
    "steps": [{"point": "LI4", "seconds": 10}],
}


@FEW
@given(value=hostile_text(max_size=10))
def test_routine_files_with_hostile_values_give_visible_messages(
    capsys: Capture, tmp_path: Path, value: str
) -> None:
    step = ROUTINE["steps"][0]  # type: ignore[index]
    variants = [
        {**ROUTINE, "area": value},
        {**ROUTINE, "breathing": value},
        {**ROUTINE, value or "x": 1},
        {**ROUTINE, "steps": [{**step, "point": value}]},
        {**ROUTINE, "steps": [{**step, "side": value}]},
        {**ROUTINE, "steps": [{**step, value or "x": 1}]},
        {**ROUTINE, "title": value},
        {**ROUTINE, "summary": value, "evidence": value, "sources": [value]},
        {**ROUTINE, "steps": [{**step, "cue": value}]},
    ]
    for data in variants:
        path = fresh(tmp_path)
        path.write_text(tomli_w.dumps(data))
        assert run(capsys, "routines", "check", str(path))[0] in (0, 1)
        run(capsys, "routines", "show", str(path))
        run(capsys, "routines", "show", "--json", str(path))


@pytest.mark.parametrize("field", ["title", "summary", "evidence", "sources", "cue", "point"])
@pytest.mark.parametrize("sequence", SEQUENCES)
def test_a_routine_with_a_control_character_is_never_ok(
    capsys: Capture, tmp_path: Path, field: str, sequence: str
) -> None:
    step: dict[str, object] = {"point": "LI4", "seconds": 10}
    data: dict[str, object] = {**ROUTINE, "steps": [step]}
    text = f"before {sequence} after"
    if field in ("cue", "point"):
        step[field] = text
    else:
        data[field] = [text] if field == "sources" else text
    path = tmp_path / "shared.toml"
    path.write_text(tomli_w.dumps(data))
    code, out, _ = run(capsys, "routines", "check", str(path))
    assert code == 1
    assert "ok" not in out
    line, *_ = out.splitlines()
    location = f"steps[1].{field}" if field in ("cue", "point") else field
    assert line.startswith(f"{path}:") and f": {location}" in line
    if field != "point":
        assert "must not contain" in line


def test_hostile_routine_file_names_are_visible_in_the_list(capsys: Capture) -> None:
    folder = paths.user_routines_dir()
    folder.mkdir(parents=True)
    for n, sequence in enumerate(SEQUENCES):
        name = f"r{n}{sequence}".replace("/", "_")
        (folder / f"{name}.toml").write_text(tomli_w.dumps({**ROUTINE, "title": f"x{n}"}))
    code, out, _ = run(capsys, "routines")
    assert code == 0
    assert visible("r4\x1b[2J\x1b[H") in out
    code, out, _ = run(capsys, "routines", "--json")
    sources = {item["source"] for item in json.loads(out)}
    assert str(folder / "r4\x1b[2J\x1b[H.toml") in sources  # lossless


def test_markup_in_a_note_is_printed_as_typed(capsys: Capture, tmp_path: Path) -> None:
    journal = str(tmp_path / "j.toml")
    for note in ("knee [/] hip", "pain [left side] after", "[bold red]x[/]"):
        run(capsys, "log", "3", "--note", note, "--journal", journal)
        assert note in run(capsys, "journal", "--journal", journal)[1]


# --- real processes: the bytes that reach the terminal ---------------------------------------


def acupress(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *argv],
        capture_output=True,
        timeout=60,
        env={**os.environ, **(env or {})},
        check=False,
    )


def assert_safe_bytes(raw: bytes) -> None:
    assert all(b >= 0x20 or b in (0x09, 0x0A) for b in raw), raw[:300]
    assert_safe_output(raw.decode("utf-8", "replace"))


def test_the_bytes_written_by_a_process_are_safe(tmp_path: Path) -> None:
    journal = str(tmp_path / "j.toml")
    note = "".join(SEQUENCES) + " [bold]x[/]"
    done = acupress("log", "3", "--note", note, "--journal", journal)
    assert done.returncode == 0
    for argv in (
        ["journal"],
        ["log", "3", "--area", "\x1b]0;pwned\x07"],
        ["log", "\x1b[2J"],
        ["journal", "--since", "\x9b2J"],
        ["nosuchcommand\x1b]52;c;eA==\x07"],
    ):
        result = acupress("--journal", journal, *argv)
        assert_safe_bytes(result.stdout)
        assert_safe_bytes(result.stderr)
        assert b"Traceback" not in result.stderr


@pytest.mark.parametrize(
    "argv",
    [
        ["points", "hegu"],
        ["points", "show", "LI4"],
        ["points"],
        ["routines"],
        ["routines", "show", "lower-back"],
        ["journal", "stats"],
    ],
)
def test_an_ascii_only_output_encoding_never_crashes(argv: list[str], tmp_path: Path) -> None:
    journal = str(tmp_path / "j.toml")
    acupress("log", "3", "--note", "Hégǔ ⚠ → 合谷", "--journal", journal)
    result = acupress("--journal", journal, *argv, env={"PYTHONIOENCODING": "ascii"})
    assert result.returncode == 0, result.stderr
    result.stdout.decode("ascii")
    if argv == ["points", "hegu"]:
        assert b"LI4     Hegu" in result.stdout  # the tone marks dropped, not the word


def test_ascii_json_stays_lossless(tmp_path: Path) -> None:
    journal = str(tmp_path / "j.toml")
    note = "Hégǔ ⚠ 合谷 \x1b \u202e \x85"
    acupress("log", "3", "--note", note, "--journal", journal)
    for encoding in ("ascii", "utf-8"):
        result = acupress(
            "journal", "--json", "--journal", journal, env={"PYTHONIOENCODING": encoding}
        )
        assert result.returncode == 0
        assert_safe_bytes(result.stdout)
        assert json.loads(result.stdout)[0]["note"] == note


def test_export_is_exact_to_a_pipe_and_visible_on_a_terminal(tmp_path: Path) -> None:
    from ptyrun import PtyProcess

    journal = str(tmp_path / "j.toml")
    note = "a\x1b]0;pwned\x07b\u202ec"
    acupress("log", "3", "--note", note, "--journal", journal)
    piped = acupress("journal", "export", "--format", "csv", "--journal", journal)
    assert note.encode() in piped.stdout  # data for another program: exact
    process = PtyProcess.spawn(
        [sys.executable, "-m", "tui", "journal", "export", "--format", "csv", "--journal", journal],
        env=os.environ,
    )
    assert process.wait(timeout=60) == 0
    shown = bytes(process.output)
    assert b"\x1b]0;" not in shown and "\u202e".encode() not in shown
    assert b"a\\x1b]0;pwned\\x07b\\u202ec" in shown


def test_first_lines_of_notes_with_other_line_breaks(capsys: Capture, tmp_path: Path) -> None:
    journal = str(tmp_path / "j.toml")
    note = "one\x1ctwo\u2028three\x85four"
    run(capsys, "log", "3", "--note", note, "--journal", journal)
    out = run(capsys, "journal", "--journal", journal)[1]
    assert visible(first_line(note)) in out

"""Bad values through the command line: each is a message with the exit code the README
promises (0 ok, 1 data or files, 2 usage), never a traceback, and nothing is saved.

Local times are checked in real time zones (the system's tz database; ``.ci/run`` installs
it where it is missing): daylight-saving gaps and overlaps in two zones, local mean time
before standard time zones, and the ends of the calendar.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hostile import assert_safe_output

from tui.cli import main
from tui.core.journal.entry import level_from_text
from tui.core.journal.store import JournalStore
from tui.core.when import MomentError, parse_typed

Capture = pytest.CaptureFixture[str]


def run(capsys: Capture, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exit:
        code = int(exit.code or 0)
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    assert_safe_output(out)
    assert_safe_output(err)
    return code, out, err


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    return tmp_path / "journal.toml"


@pytest.fixture
def zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """Set the machine's time zone for a test: ``zone("America/New_York")``."""

    def set_zone(name: str) -> None:
        if not Path("/usr/share/zoneinfo", name).exists():
            pytest.fail(f"no tz database entry for {name}: install tzdata (.ci/run does)")
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield set_zone
    monkeypatch.undo()
    time.tzset()


def log_at(capsys: Capture, journal: Path, at: str) -> tuple[int, str, str]:
    return run(capsys, "log", "3", "--at", at, "--journal", str(journal))


GAPS = [
    ("America/New_York", "2024-03-10 02:30", "UTC-05:00 to UTC-04:00"),
    ("Europe/Berlin", "2024-03-31 02:30", "UTC+01:00 to UTC+02:00"),
    ("Australia/Lord_Howe", "2024-10-06 02:15", "UTC+10:30 to UTC+11:00"),
]


@pytest.mark.parametrize(("name", "at", "change"), GAPS)
def test_a_time_in_a_daylight_saving_gap_is_refused_and_the_gap_named(
    capsys: Capture, journal: Path, zone: object, name: str, at: str, change: str
) -> None:
    zone(name)  # type: ignore[operator]
    code, _, err = log_at(capsys, journal, at)
    assert code == 2
    assert f"{at} did not happen here: the clocks went forward from {change}" in err
    assert not journal.exists()


OVERLAPS = [
    ("America/New_York", "2024-11-03 01:30", "-04:00", "-05:00"),
    ("Europe/Berlin", "2024-10-27 02:30", "+02:00", "+01:00"),
]


@pytest.mark.parametrize(("name", "at", "first", "second"), OVERLAPS)
def test_a_time_in_an_overlap_takes_the_first_and_says_so(
    capsys: Capture, journal: Path, zone: object, name: str, at: str, first: str, second: str
) -> None:
    zone(name)  # type: ignore[operator]
    code, _, err = log_at(capsys, journal, at)
    assert code == 0
    assert f"acupress: note: {at} happened twice here (the clocks went back)" in err
    assert f"took the first, at UTC{first}. For the second, give '{at}{second}'" in err
    code, _, err = log_at(capsys, journal, at + second)
    assert (code, err) == (0, "")
    stored = sorted(e.at.isoformat() for e in JournalStore(journal).load())
    assert stored == sorted(f"{at.replace(' ', 'T')}:00{offset}" for offset in (first, second))


def test_local_mean_time_is_refused_with_an_offset_to_give(
    capsys: Capture, journal: Path, zone: object
) -> None:
    zone("Europe/Amsterdam")  # type: ignore[operator]
    code, _, err = log_at(capsys, journal, "1930-01-01 00:00")
    assert code == 2
    assert "here was UTC+00:19:32 (local mean time, before standard time zones)" in err
    assert "give an offset such as '1930-01-01 00:00+00:20'" in err
    assert log_at(capsys, journal, "1930-01-01 00:00+00:20")[0] == 0


@pytest.mark.parametrize(
    ("name", "at", "says"),
    [
        ("UTC", "0001-01-01 00:00", "is in the year 1; a rating's time must be from 1900 to 9999"),
        ("UTC", "1899-12-31 23:59", "is in the year 1899"),
        ("America/Los_Angeles", "9999-12-31 23:00", "cannot be stored"),
        ("UTC", "9999-12-31 23:59-05:00", "cannot be stored: in UTC it falls after the year 9999"),
        ("UTC", "10000-01-01 00:00", "is not a date and time as 'YYYY-MM-DD HH:MM'"),
        ("UTC", "2024-01-01 00:00+24:00", "is not a date and time that exists"),
        ("UTC", "2024-01-01 00:00+05:30:15", "is not a date and time as"),
        ("UTC", "2024-02-30 10:00", "is not a date and time that exists"),
        ("UTC", "2999-01-01 10:00", "is in the future"),
        ("UTC", "", "is empty"),
        ("UTC", "   ", "is empty"),
        ("UTC", "٢٠٢٤-٠١-٠١ ١٠:٠٠", "in the digits 0-9"),
        ("UTC", "２０２４-01-01 10:00", "in the digits 0-9"),
        ("UTC", "20240101T1000", "is not a date and time as"),
    ],
)
def test_times_that_cannot_be_stored_are_usage_errors(
    capsys: Capture, journal: Path, zone: object, name: str, at: str, says: str
) -> None:
    zone(name)  # type: ignore[operator]
    code, out, err = log_at(capsys, journal, at)
    assert (code, out) == (2, "")
    assert err.startswith(f"acupress: --at '{at.strip()}': ") and says in err, err
    assert not journal.exists()


@pytest.mark.parametrize(
    "level", ["1_0", "１０", "٣", "३", "+3", "-0", " 3 ", "3 ", "", "3.0", "0x3", "1e1", "١٠", "11"]
)
def test_levels_are_the_ascii_digits_of_0_to_10_only(
    capsys: Capture, journal: Path, level: str
) -> None:
    code, out, err = run(capsys, "log", level, "--journal", str(journal))
    assert (code, out) == (2, "")
    assert "level must be a whole number from 0 (no pain) to 10 (worst pain imaginable)" in err
    assert not journal.exists()


@pytest.mark.parametrize(("text", "level"), [("0", 0), ("7", 7), ("07", 7), ("10", 10)])
def test_levels_that_are_taken(capsys: Capture, journal: Path, text: str, level: int) -> None:
    assert run(capsys, "log", text, "--journal", str(journal))[0] == 0
    assert [e.level for e in JournalStore(journal).load()] == [level]
    assert level_from_text(text) == level


@pytest.mark.parametrize("days", ["3650000", "36501", "99999999999999999999999", "١٠", "1_0", "0"])
def test_stats_days_out_of_range_is_a_usage_error(
    capsys: Capture, journal: Path, days: str
) -> None:
    code, out, err = run(capsys, "journal", "stats", "--days", days, "--journal", str(journal))
    assert (code, out) == (2, "")
    assert "argument --days" in err


def test_stats_for_a_hundred_years(capsys: Capture, journal: Path) -> None:
    run(capsys, "log", "3", "--journal", str(journal))
    code, out, _ = run(
        capsys, "journal", "stats", "--days", "36500", "--json", "--journal", str(journal)
    )
    assert code == 0 and json.loads(out)["count"] == 1


@pytest.mark.parametrize(
    ("argv", "code", "says"),
    [
        (["--journal", "", "log", "3"], 2, "acupress: --journal: an empty path names no file"),
        (["log", "3", "--journal", " "], 2, "an empty path names no file"),
        (["--journal", "~nosuchuser/j.toml", "journal"], 2, "unknown user 'nosuchuser'"),
    ],
)
def test_bad_journal_options(capsys: Capture, argv: list[str], code: int, says: str) -> None:
    result = run(capsys, *argv)
    assert result[0] == code and says in result[2]


def test_a_bad_journal_environment_variable_is_a_files_problem(
    capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ACUPRESS_JOURNAL", "~nosuchuser/j.toml")
    code, _, err = run(capsys, "journal")
    assert code == 1 and "$ACUPRESS_JOURNAL: unknown user 'nosuchuser'" in err


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ("x = " + "[" * 3000 + "]" * 3000, "nested too deeply"),
        ("version = 1\nx = " + "{a = " * 3000 + "1" + "}" * 3000, "nested too deeply"),
        (
            "version = 0\n[[entries]]\ndate = 0001-01-01T00:30:00\npain = 3\n",
            "entries[1].date: is in the year 1",
        ),
        (
            'version = 1\n[[entries]]\nid = "a"\nat = 9999-12-31T23:59:00-05:00\nlevel = 3\n',
            "entries[1].at: cannot be stored: in UTC it falls after the year 9999",
        ),
    ],
)
def test_journals_that_cannot_be_read_are_messages(
    capsys: Capture, journal: Path, body: str, says: str
) -> None:
    journal.write_text(body)
    before = journal.read_bytes()
    for argv in (["journal"], ["log", "3"], ["journal", "stats"]):
        code, _, err = run(capsys, *argv, "--journal", str(journal))
        assert code == 1 and says in err
    assert journal.read_bytes() == before


def test_a_byte_order_mark_is_accepted_in_journals_configs_and_routines(
    capsys: Capture, journal: Path, tmp_path: Path
) -> None:
    from tui.core import paths

    journal.write_bytes(b"\xef\xbb\xbfversion = 1\n")
    for level in ("3", "4"):
        assert run(capsys, "log", level, "--journal", str(journal))[0] == 0
    assert journal.read_bytes().startswith(b"\xef\xbb\xbfversion = 1\n")  # kept as it was
    assert [e.level for e in JournalStore(journal).load()] == [3, 4]
    assert (
        run(
            capsys,
            "journal",
            "delete",
            JournalStore(journal).load()[0].id,
            "--journal",
            str(journal),
        )[0]
        == 0
    )
    config = paths.config_file()
    config.parent.mkdir(parents=True)
    config.write_bytes(b'\xef\xbb\xbfbell = false\nbreathing = "box"\n')
    code, _, err = run(capsys, "points", "LI4")
    assert (code, err) == (0, "")
    routine = tmp_path / "bom.toml"
    routine.write_bytes(
        b'\xef\xbb\xbftitle = "T"\narea = "neck"\n[[steps]]\npoint = "LI4"\nseconds = 10\n'
    )
    assert run(capsys, "routines", "check", str(routine))[1] == f"{routine}: ok\n"


def test_parse_typed_is_the_one_reader_of_typed_times() -> None:
    with pytest.raises(MomentError, match="is empty"):
        parse_typed("")
    assert parse_typed(" 2024-01-02 03:04+01:00 ").at.isoformat() == "2024-01-02T03:04:00+01:00"


@pytest.mark.parametrize(
    "argv",
    [
        ["--journal", ""],
        ["--journal", "~nosuchuser/j.toml"],
        ["play", "lower-back", "--journal", ""],
    ],
)
def test_a_bad_journal_option_is_refused_before_the_app_opens(argv: list[str]) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "tui", *argv], capture_output=True, timeout=60, check=False
    )
    assert done.returncode == 2
    assert done.stderr.startswith(b"acupress: --journal: ")

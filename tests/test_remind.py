"""``acupress remind``: an RFC 5545 file, read back by an independent parser (``icalendar``)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import icalendar
import pytest

from tui.cli import main
from tui.core.ical import fold, reminder

Capture = pytest.CaptureFixture[str]
NOW = datetime(2026, 12, 2, 22, 15, 30, tzinfo=UTC)  # a Wednesday


def run(capsys: Capture, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exit:
        code = int(exit.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def parse(data: bytes) -> icalendar.Event:
    calendar = icalendar.Calendar.from_ical(data)
    (event,) = calendar.walk("VEVENT")
    assert calendar["VERSION"] == "2.0" and "acupress" in calendar["PRODID"]
    return event


def test_every_day_with_an_alarm_at_floating_local_time() -> None:
    event = parse(reminder(time(9), (), date(2026, 12, 2), NOW, "1.0").encode())
    start = event.decoded("DTSTART")
    assert start == datetime(2026, 12, 2, 9, 0) and start.tzinfo is None  # floating
    assert event["RRULE"]["FREQ"] == ["DAILY"] and "BYDAY" not in event["RRULE"]
    assert event.decoded("DURATION") == timedelta(minutes=10)
    assert event.decoded("DTSTAMP") == NOW.replace(microsecond=0)
    assert str(event["UID"]).endswith("@acupress")
    (alarm,) = event.walk("VALARM")
    assert alarm["ACTION"] == "DISPLAY" and alarm.decoded("TRIGGER") == timedelta(0)
    assert "not medical advice" in str(event["DESCRIPTION"])


def test_some_days_start_on_the_first_of_them() -> None:
    event = parse(reminder(time(18, 30), (0, 4), date(2026, 12, 2), NOW, "1.0").encode())
    assert event["RRULE"]["FREQ"] == ["WEEKLY"] and event["RRULE"]["BYDAY"] == ["MO", "FR"]
    assert event.decoded("DTSTART") == datetime(2026, 12, 4, 18, 30)  # Friday, not Wednesday


def test_the_file_is_crlf_and_folded_at_75_octets() -> None:
    data = reminder(time(9), (), date(2026, 12, 2), NOW, "1.0").encode()
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    lines = data.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)  # the description is folded
    assert b"DESCRIPTION:Time for your acupressure routine (acupress play NAME\\, or" in data


def test_folding_never_splits_a_character() -> None:
    line = "SUMMARY:" + "é" * 100 + "😀" * 30
    folded = fold(line).encode()
    pieces = folded.split(b"\r\n")
    assert all(len(piece) <= 75 for piece in pieces)
    for piece in pieces:
        piece.decode("utf-8")  # each piece is whole characters
    assert folded.replace(b"\r\n ", b"").decode() == line


def test_the_command_writes_a_private_file(capsys: Capture, tmp_path: Path) -> None:
    out = tmp_path / "acupress.ics"
    code, stdout, err = run(
        capsys, "remind", "--at", "7:05", "--days", "Sat,sun,sat", "-o", str(out)
    )
    assert code == 0 and stdout == "" and "07:05" in err
    assert out.stat().st_mode & 0o777 == 0o600
    event = parse(out.read_bytes())
    assert event["RRULE"]["BYDAY"] == ["SA", "SU"]
    assert event.decoded("DTSTART").time() == time(7, 5)
    code, stdout, _ = run(capsys, "remind", "--at", "07:05", "--days", "sat,sun")
    assert code == 0 and stdout.startswith("BEGIN:VCALENDAR")  # standard output without -o


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--at", "9am"], "bad time '9am': use HH:MM on the 24-hour clock"),
        (["--at", "24:00"], "bad time '24:00'"),
        (["--at", "09:60"], "bad time '09:60'"),
        (["--at", ""], "bad time ''"),
        (["--at", "09:00", "--days", "mon,tues"], "unknown day 'tues' (did you mean 'tue'?)"),
        (["--at", "09:00", "--days", ""], "unknown day ''"),
    ],
)
def test_bad_values_are_usage_errors(
    capsys: Capture, tmp_path: Path, argv: list[str], message: str
) -> None:
    out = tmp_path / "x.ics"
    code, stdout, err = run(capsys, "remind", *argv, "-o", str(out))
    assert code == 2 and message in err and stdout == ""
    assert not out.exists()


def test_at_is_required(capsys: Capture) -> None:
    code, _, err = run(capsys, "remind")
    assert code == 2 and "--at" in err

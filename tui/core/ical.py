"""A reminder as an iCalendar file (RFC 5545): a repeating event with an alarm.

Pure: the time, days and clocks in, the file's text out. The event is at a *floating*
local time (``DTSTART:20261202T090000``, no ``TZID``, no ``Z``): 09:00 means nine in the
morning wherever the phone or desktop calendar is, through daylight-saving changes and
travel. That is what a daily self-care reminder means, and it keeps the time zone of the
machine acupress runs on (a server over SSH, perhaps far away) out of it; a ``TZID``
would also oblige the file to carry that zone's rules as a ``VTIMEZONE``.

Lines end in CRLF and are folded at 75 octets (never inside a UTF-8 character); text
values are escaped (``\\\\``, ``\\;``, ``\\,``, ``\\n``).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta

from tui.core.tomlfile import unknown_choice

DAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
"""Day names for ``--days``, Monday first (``date.weekday()`` order)."""
_BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_TIME_RE = re.compile(r"^([0-9]{1,2}):([0-9]{2})$")
EVENT_MINUTES = 10
SUMMARY = "Acupressure and pain rating"
DESCRIPTION = (
    "Time for your acupressure routine (acupress play NAME, or open acupress). "
    "Afterwards, rate your pain from 0 (no pain) to 10 (worst pain imaginable): "
    "acupress log LEVEL. Self-care information, not medical advice."
)


def parse_time(text: str) -> time:
    """``HH:MM`` (24-hour) as a time; ``ValueError`` with a message otherwise."""
    match = _TIME_RE.match(text.strip())
    if match:
        hour, minute = int(match[1]), int(match[2])
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise ValueError(f"bad time '{text}': use HH:MM on the 24-hour clock, like 09:00 or 18:30")


def parse_days(text: str) -> tuple[int, ...]:
    """``mon,wed,fri`` as weekday numbers (Monday 0), in week order, without repeats."""
    chosen: set[int] = set()
    for part in text.split(","):
        name = part.strip().lower()
        if name not in DAYS:
            raise ValueError(unknown_choice("day", part.strip(), DAYS))
        chosen.add(DAYS.index(name))
    return tuple(sorted(chosen))


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 section 3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """*line* folded into pieces of at most 75 octets, each continuation starting with a
    space (RFC 5545 section 3.1), joined with CRLF; no UTF-8 character is split."""
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > 75:
            pieces.append("".join(current))
            current, size = [" "], 1
        current.append(char)
        size += width
    pieces.append("".join(current))
    return "\r\n".join(pieces)


def first_day(today: date, days: Sequence[int]) -> date:
    """The first day from *today* on that is one of *days* (all days when empty)."""
    day = today
    while days and day.weekday() not in days:
        day += timedelta(days=1)
    return day


def reminder(at: time, days: Sequence[int], today: date, now: datetime, version: str) -> str:
    """The calendar file: one event at *at* on *days* (every day when empty or all seven),
    from the first such day from *today*, with a display alarm at its start.

    *now* (aware) is the file's ``DTSTAMP``. The ``UID`` depends on the time and days
    only, so importing the same reminder twice updates it instead of doubling it.
    """
    weekly = bool(days) and len(days) < len(DAYS)
    rule = "FREQ=WEEKLY;BYDAY=" + ",".join(_BYDAY[d] for d in days) if weekly else "FREQ=DAILY"
    start = datetime.combine(first_day(today, days if weekly else ()), at)
    stamp = now.astimezone(UTC)
    uid = uuid.uuid5(uuid.NAMESPACE_URL, f"urn:acupress:reminder:{at:%H%M}:{rule}")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//acupress//acupress {version}//EN",
        "CALSCALE:GREGORIAN",
        "BEGIN:VEVENT",
        f"UID:{uid}@acupress",
        f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
        f"DTSTART:{start:%Y%m%dT%H%M%S}",
        f"DURATION:PT{EVENT_MINUTES}M",
        f"RRULE:{rule}",
        f"SUMMARY:{escape_text(SUMMARY)}",
        f"DESCRIPTION:{escape_text(DESCRIPTION)}",
        "TRANSP:TRANSPARENT",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        f"DESCRIPTION:{escape_text(SUMMARY)}",
        "TRIGGER:PT0S",
        "END:VALARM",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(fold(line) + "\r\n" for line in lines)

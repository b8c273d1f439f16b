"""Moments in a pain journal: local times with their UTC offset, checked so they can be stored.

A journal stores each rating as the local time it was given with its UTC offset
(``2026-11-23T08:30:00+01:00``). TOML (RFC 3339) offsets are whole minutes, and a
moment must be convertible to UTC, so that ratings from different time zones sort
correctly. A local time typed by a person is turned into such a moment by
:func:`from_local`, which refuses a time that never happened on the clock (inside a
daylight-saving gap) and says which of two possible moments it took for a time that
happened twice (in the hour the clocks go back).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

FIRST_YEAR = 1900
LAST_YEAR = 9999
EXAMPLE = "2026-11-23T08:30:00+01:00"
TYPED_FORMAT = "YYYY-MM-DD HH:MM"
_TYPED_RE = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?"
    r"(?:Z|[+-][0-9]{2}:[0-9]{2})?\Z",
    re.ASCII,
)


class MomentError(ValueError):
    """A time that cannot be stored, with a sentence saying why and what to do."""


def now_local() -> datetime:
    """The current local time with its UTC offset, to the second."""
    return datetime.now().astimezone().replace(microsecond=0)


def offset_text(offset: timedelta) -> str:
    """``+01:00``; ``+00:19:32`` for an offset with seconds."""
    sign = "-" if offset < timedelta(0) else "+"
    total = abs(int(offset.total_seconds()))
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{sign}{hours:02d}:{minutes:02d}" + (f":{seconds:02d}" if seconds else "")


def check_moment(value: datetime) -> datetime:
    """*value* if a journal can store it; otherwise :class:`MomentError`."""
    offset = value.utcoffset()
    if offset is None:
        raise MomentError(f"needs its UTC offset, like {EXAMPLE}")
    if offset % timedelta(minutes=1):
        raise MomentError(
            f"has the UTC offset {offset_text(offset)}, which is not whole minutes; "
            f"a journal stores offsets in whole minutes, like {EXAMPLE}"
        )
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise MomentError(
            f"is in the year {value.year}; a rating's time must be from {FIRST_YEAR} to {LAST_YEAR}"
        )
    try:
        value.astimezone(UTC)
    except OverflowError:
        raise MomentError(f"cannot be stored: in UTC it falls after the year {LAST_YEAR}") from None
    return value


@dataclass(frozen=True, slots=True)
class LocalMoment:
    """A typed local time made into a moment, and what a person should be told about it."""

    at: datetime
    note: str | None = None
    """Set when the local time happened twice (clocks going back): which one was taken."""


def from_local(naive: datetime) -> LocalMoment:
    """The moment the local wall-clock time *naive* names, in the machine's time zone.

    Raises :class:`MomentError` for a time in a daylight-saving gap (it never showed on
    the clock), for a zone whose offset then was not whole minutes (local mean time
    before standard time zones), and for times that cannot be stored. For a time that
    happened twice, takes the first (still summer time) and says so in ``note``;
    giving an explicit offset (``2024-11-03 01:30-05:00``) picks the other.
    """
    if naive.tzinfo is not None:
        return LocalMoment(check_moment(naive))
    if not FIRST_YEAR <= naive.year <= LAST_YEAR:
        raise MomentError(
            f"is in the year {naive.year}; a rating's time must be from {FIRST_YEAR} to {LAST_YEAR}"
        )
    try:
        first = naive.replace(fold=0).astimezone()
        second = naive.replace(fold=1).astimezone()
    except (OverflowError, ValueError, OSError):
        raise MomentError(
            f"cannot be stored: it is too near the end of the calendar (the years {FIRST_YEAR} "
            f"to {LAST_YEAR})"
        ) from None
    shown = f"{naive:%Y-%m-%d %H:%M}"
    if first.replace(tzinfo=None) != naive:
        before, after = sorted(
            (first.utcoffset() or timedelta(), second.utcoffset() or timedelta())
        )
        raise MomentError(
            f"{shown} did not happen here: the clocks went forward from UTC"
            f"{offset_text(before)} to UTC{offset_text(after)} and skipped that time; "
            f"give the time the clock showed, or add an offset such as "
            f"'{shown}{offset_text(before)}'"
        )
    offset = first.utcoffset() or timedelta()
    if offset % timedelta(minutes=1):
        rounded = timedelta(minutes=round(offset / timedelta(minutes=1)))
        raise MomentError(
            f"{shown} here was UTC{offset_text(offset)} (local mean time, before standard "
            f"time zones), which a journal cannot store: offsets are whole minutes; give "
            f"an offset such as '{shown}{offset_text(rounded)}'"
        )
    if first.utcoffset() != second.utcoffset():
        note = (
            f"{shown} happened twice here (the clocks went back); took the first, at UTC"
            f"{offset_text(first.utcoffset() or timedelta())}. For the second, give "
            f"'{shown}{offset_text(second.utcoffset() or timedelta())}'"
        )
        return LocalMoment(check_moment(first.replace(fold=0)), note)
    return LocalMoment(check_moment(first))


def parse_typed(text: str) -> LocalMoment:
    """A date and time typed by a person, as a moment a journal can store.

    The form is ``YYYY-MM-DD HH:MM`` in local time (``T`` for the space, seconds, and
    an offset such as ``-05:00`` or ``Z`` may follow), written with the ASCII digits;
    spaces around it are ignored. Raises :class:`MomentError` for anything else (an
    empty text included), and as :func:`from_local` does for a time in a daylight-saving
    gap, outside the years 1900 to 9999, or with an offset that is not whole minutes.
    """
    stripped = text.strip(" \t")
    if not stripped:
        raise MomentError(f"is empty: give a date and time as '{TYPED_FORMAT}'")
    if _TYPED_RE.match(stripped) is None:
        raise MomentError(
            f"is not a date and time as '{TYPED_FORMAT}' (in the digits 0-9; seconds and an "
            f"offset such as '+01:00' may follow)"
        )
    try:
        typed = datetime.fromisoformat(stripped)
    except ValueError:
        raise MomentError(
            f"is not a date and time that exists: as '{TYPED_FORMAT}', the month 01-12, "
            f"the day within the month, the hour 00-23 and the minutes 00-59"
        ) from None
    return from_local(typed)

"""Journal statistics and trends. Pure: entries and "today" in, numbers out.

Days are the entries' own local calendar days (``entry.at.date()``), so a rating
at 23:30 counts for the day the person lived it, whatever the offset.

The trend is the least-squares slope of the daily means over the window, in
points per week. It is called "improving" at -0.5 points/week or steeper,
"worse" at +0.5 or steeper, otherwise "steady"; with ratings on fewer than 3
different days, or spanning less than a week (or the whole window, if shorter),
there is "not enough data". A
half point a week is about 2 points a month, the size of change on the 0–10
scale often taken as meaningful to the person (Farrar et al., Pain 2001;94:149–158).

One rating per moment: a routine session has at most one "before" and one "after"
rating. A journal written by an older version (or by hand) can hold several for the
same session and phase; they are kept in the file as they are, and every figure here
counts only the last of them (:func:`counted`), so the count, the means, the chart and
the before/after changes always agree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import fmean

from tui.core.journal.entry import Entry

TREND_THRESHOLD = 0.5
"""Points per week beyond which the trend is called improving or worse."""
TREND_DAYS = 30
"""The trend's window when no number of days is asked for."""
MIN_TREND_DAYS = 3


@dataclass(frozen=True, slots=True)
class DailyMean:
    """The mean rating of one day."""

    day: date
    mean: float | None
    """None on a day without ratings."""
    count: int


@dataclass(frozen=True, slots=True)
class Trend:
    """The direction of the daily means, in points per week."""

    points_per_week: float | None
    label: str
    """"improving", "worse", "steady" or "not enough data"."""
    days: int
    """The window the trend was computed over."""


@dataclass(frozen=True, slots=True)
class RoutineChange:
    """How a routine's before and after ratings differ."""

    routine: str
    pairs: int
    """Sessions with both a before and an after rating."""
    mean_before: float
    mean_after: float
    mean_change: float
    """Mean of (after - before): negative means less pain after the routine."""


@dataclass(frozen=True, slots=True)
class JournalSummary:
    """The figures of ``journal stats``."""

    count: int
    mean: float | None
    min: int | None
    max: int | None
    mean_7_days: float | None
    mean_30_days: float | None
    trend: Trend
    routines: tuple[RoutineChange, ...]
    days: int | None
    """The window asked for (None: every entry)."""


def counted(entries: Iterable[Entry]) -> list[Entry]:
    """The entries every figure counts, in their own order: all of them, except that of
    several ratings with the same routine, session and phase only the last counts.

    "Last" is the latest ``at``; of two at the same moment, the later one in *entries*
    (file order). Ratings outside a session (no ``session`` or no ``phase``) all count.
    """
    every = list(entries)
    last: dict[tuple[str | None, str, str], int] = {}
    for position, entry in enumerate(every):
        if entry.session is None or entry.phase is None:
            continue
        key = (entry.routine, entry.session, entry.phase)
        kept = last.get(key)
        if kept is None or every[kept].at <= entry.at:
            last[key] = position
    if len(last) == sum(1 for e in every if e.session is not None and e.phase is not None):
        return every  # nothing superseded: the common case, no copy needed
    keep = set(last.values())
    return [
        entry
        for position, entry in enumerate(every)
        if entry.session is None or entry.phase is None or position in keep
    ]


def superseded(entries: Iterable[Entry]) -> set[str]:
    """The ids of the entries :func:`counted` leaves out (for marking them in a list)."""
    every = list(entries)
    kept = {e.id for e in counted(every)}
    return {e.id for e in every if e.id not in kept}


def in_last_days(entries: Iterable[Entry], today: date, days: int) -> list[Entry]:
    """The entries from the *days* days ending with *today* (both ends included)."""
    first = today - timedelta(days=days - 1)
    return [e for e in entries if first <= e.at.date() <= today]  # e.day, without the call


def _mean(entries: Sequence[Entry]) -> float | None:
    return fmean(e.level for e in entries) if entries else None


def daily_means(entries: Iterable[Entry], days: int, today: date) -> list[DailyMean]:
    """One value per day for the *days* days ending with *today*, oldest first (for charts)."""
    levels: dict[date, list[int]] = defaultdict(list)
    for entry in in_last_days(counted(entries), today, days):
        levels[entry.day].append(entry.level)
    out = []
    for offset in range(days - 1, -1, -1):
        day = today - timedelta(days=offset)
        values = levels.get(day, [])
        out.append(DailyMean(day, fmean(values) if values else None, len(values)))
    return out


def slope_per_week(points: Sequence[tuple[float, float]]) -> float | None:
    """Least-squares slope of (day number, value) points, times 7; None if undefined."""
    if len(points) < 2:
        return None
    mean_x = fmean(x for x, _ in points)
    mean_y = fmean(y for _, y in points)
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    if spread == 0:
        return None
    return 7 * sum((x - mean_x) * (y - mean_y) for x, y in points) / spread


def trend(entries: Iterable[Entry], today: date, days: int = TREND_DAYS) -> Trend:
    """The direction of the daily means over the *days* days ending with *today*."""
    means = [d for d in daily_means(entries, days, today) if d.mean is not None]
    points = [(float((d.day - today).days), d.mean) for d in means if d.mean is not None]
    span = (means[-1].day - means[0].day).days if means else 0
    slope = slope_per_week(points)
    if slope is None or len(points) < MIN_TREND_DAYS or span < min(6, days - 1):
        return Trend(None, "not enough data", days)
    if slope <= -TREND_THRESHOLD:
        label = "improving"
    elif slope >= TREND_THRESHOLD:
        label = "worse"
    else:
        label = "steady"
    return Trend(slope, label, days)


def routine_changes(entries: Iterable[Entry]) -> list[RoutineChange]:
    """Per routine, the mean change from before to after over paired sessions.

    A pair is a session with a ``before`` and an ``after`` rating of the same
    routine; if a session has several of either, the last of each counts
    (:func:`counted`). Routines are listed by name.
    """
    sessions: dict[tuple[str, str], dict[str, Entry]] = defaultdict(dict)
    for entry in counted(entries):
        if entry.routine and entry.session and entry.phase:
            sessions[(entry.routine, entry.session)][entry.phase] = entry
    pairs: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for (routine, _), phases in sessions.items():
        if "before" in phases and "after" in phases:
            pairs[routine].append((phases["before"].level, phases["after"].level))
    return [
        RoutineChange(
            routine=routine,
            pairs=len(found),
            mean_before=fmean(b for b, _ in found),
            mean_after=fmean(a for _, a in found),
            mean_change=fmean(a - b for b, a in found),
        )
        for routine, found in sorted(pairs.items())
    ]


def summary(entries: Iterable[Entry], today: date, days: int | None = None) -> JournalSummary:
    """Count, mean, min, max, 7- and 30-day means, trend and routine changes.

    With *days*, only the entries of the *days* days ending with *today* count,
    and the trend covers those days; otherwise every entry counts and the trend
    covers the last 30 days. The 7- and 30-day means always end with *today*. Of several
    ratings of one session and phase only the last counts (:func:`counted`).
    """
    every = counted(entries)
    chosen = every if days is None else in_last_days(every, today, days)
    window = TREND_DAYS if days is None else days
    # The windows below lie within this one, which holds few of the entries of years.
    recent = in_last_days(every, today, max(window, 30))
    levels = [e.level for e in chosen]
    return JournalSummary(
        count=len(chosen),
        mean=fmean(levels) if levels else None,
        min=min(levels) if levels else None,
        max=max(levels) if levels else None,
        mean_7_days=_mean(in_last_days(recent, today, 7)),
        mean_30_days=_mean(in_last_days(recent, today, 30)),
        trend=trend(recent, today, window),
        routines=tuple(routine_changes(chosen)),
        days=days,
    )

"""Journal statistics: windows, daily means, trend labels, routine before/after changes."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from itertools import count

import pytest

from tui.core.journal.entry import Entry
from tui.core.stats import daily_means, routine_changes, slope_per_week, summary, trend

TODAY = date(2026, 11, 23)
ids = count()


def rating(days_ago: int, level: int, hour: int = 9, offset: int = 1, **fields: object) -> Entry:
    day = TODAY - timedelta(days=days_ago)
    at = datetime(day.year, day.month, day.day, hour, tzinfo=timezone(timedelta(hours=offset)))
    return Entry.from_table({"id": f"e{next(ids)}", "at": at, "level": level, **fields})


def test_daily_means_cover_every_day_oldest_first_with_gaps() -> None:
    entries = [rating(0, 4), rating(0, 6), rating(2, 3), rating(5, 9)]
    means = daily_means(entries, 3, TODAY)
    assert [(d.day, d.mean, d.count) for d in means] == [
        (TODAY - timedelta(days=2), 3.0, 1),
        (TODAY - timedelta(days=1), None, 0),
        (TODAY, 5.0, 2),
    ]


def test_days_are_the_entries_own_local_days() -> None:
    # 23:30 at UTC-8 is already the next day in UTC; it still counts for the day lived.
    late = rating(1, 7, hour=23, offset=-8)
    assert [d.count for d in daily_means([late], 2, TODAY)] == [1, 0]


def test_slope_is_in_points_per_week() -> None:
    assert slope_per_week([(0, 5), (1, 6), (2, 7)]) == pytest.approx(7.0)
    assert slope_per_week([(0, 5)]) is None
    assert slope_per_week([(3, 5), (3, 6)]) is None


@pytest.mark.parametrize(
    ("levels", "label"),
    [
        ([8, 7, 7, 6, 5, 5, 4, 4, 3, 3], "improving"),
        ([2, 3, 3, 4, 5, 5, 6, 6, 7, 8], "worse"),
        ([5, 4, 5, 5, 4, 5, 5, 4, 5, 5], "steady"),
    ],
)
def test_trend_labels(levels: list[int], label: str) -> None:
    # One rating every third day, oldest first, ending today.
    entries = [rating(3 * (len(levels) - 1 - n), level) for n, level in enumerate(levels)]
    found = trend(entries, TODAY)
    assert found.label == label
    slope = found.points_per_week
    assert slope is not None
    expected = {"improving": slope <= -0.5, "worse": slope >= 0.5, "steady": abs(slope) < 0.5}
    assert expected[label]


def test_trend_needs_enough_days() -> None:
    assert trend([rating(0, 5), rating(1, 6)], TODAY).label == "not enough data"
    # Three days, but all within two days of each other: not a week's span.
    few = [rating(0, 5), rating(1, 6), rating(2, 9)]
    result = trend(few, TODAY)
    assert (result.label, result.points_per_week) == ("not enough data", None)
    assert trend(few, TODAY, days=3).label == "improving"  # 9, 6, 5 over three days


def test_routine_changes_pair_sessions_and_ignore_singles() -> None:
    entries = [
        rating(3, 6, routine="desk-reset", phase="before", session="a"),
        rating(3, 4, hour=10, routine="desk-reset", phase="after", session="a"),
        rating(1, 5, routine="desk-reset", phase="before", session="b"),
        rating(1, 4, hour=10, routine="desk-reset", phase="after", session="b"),
        rating(1, 3, hour=11, routine="desk-reset", phase="after", session="b"),  # latest counts
        rating(0, 7, routine="sleep-ease", phase="after", session="c"),  # no before
        rating(0, 2, routine="neck-release", phase="before", session="d"),
        rating(0, 2, hour=10, routine="neck-release", phase="after", session="d"),
    ]
    changes = {c.routine: c for c in routine_changes(entries)}
    assert set(changes) == {"desk-reset", "neck-release"}
    desk = changes["desk-reset"]
    assert (desk.pairs, desk.mean_before, desk.mean_after, desk.mean_change) == (2, 5.5, 3.5, -2.0)
    assert changes["neck-release"].mean_change == 0


def test_summary_counts_windows_and_means() -> None:
    entries = [rating(0, 2), rating(6, 4), rating(7, 6), rating(29, 8), rating(30, 10)]
    every = summary(entries, TODAY)
    assert (every.count, every.mean, every.min, every.max) == (5, 6.0, 2, 10)
    assert every.mean_7_days == 3.0
    assert every.mean_30_days == 5.0
    assert every.trend.days == 30
    recent = summary(entries, TODAY, days=7)
    assert (recent.count, recent.mean, recent.days, recent.trend.days) == (2, 3.0, 7, 7)


def test_summary_of_nothing() -> None:
    empty = summary([], TODAY)
    assert (empty.count, empty.mean, empty.min, empty.mean_7_days) == (0, None, None, None)
    assert empty.trend.label == "not enough data"
    assert empty.routines == ()


def session_ratings() -> list[Entry]:
    """One session rated before twice (7 then 5) and after three times (4, 3, 2), an older
    journal's way; and a rating outside any session."""
    s = {"routine": "lower-back", "session": "s1"}
    return [
        rating(0, 7, hour=8, phase="before", **s),
        rating(0, 5, hour=8, phase="before", **s),  # same moment: the later in the file counts
        rating(0, 4, hour=9, phase="after", **s),
        rating(0, 2, hour=11, phase="after", **s),
        rating(0, 3, hour=10, phase="after", **s),  # earlier than the 2, though later in the file
        rating(0, 6, hour=12),
    ]


def test_counted_keeps_the_last_rating_per_session_and_phase() -> None:
    from tui.core.stats import counted, superseded

    entries = session_ratings()
    kept = counted(entries)
    assert [e.level for e in kept] == [5, 2, 6]
    assert superseded(entries) == {entries[0].id, entries[2].id, entries[4].id}
    assert counted(kept) == kept
    plain = [rating(0, 1), rating(0, 2)]
    assert counted(plain) == plain


def test_every_figure_counts_one_rating_per_session_and_phase() -> None:
    entries = session_ratings()
    result = summary(entries, TODAY)
    assert (result.count, result.mean, result.min, result.max) == (3, 13 / 3, 2, 6)
    assert result.mean_7_days == 13 / 3
    (today,) = daily_means(entries, 1, TODAY)
    assert (today.count, today.mean) == (3, 13 / 3)
    (change,) = result.routines
    assert (change.pairs, change.mean_before, change.mean_after) == (1, 5, 2)

"""The one set of rules for writing a length of time (tui.core.durations)."""

from __future__ import annotations

import pytest

from tui.core.durations import (
    ceil_seconds,
    format_clock,
    format_duration,
    format_left,
    format_spoken,
    format_words,
)


@pytest.mark.parametrize(
    ("seconds", "clock", "words"),
    [
        (0.0, "0:00", "0 s"),
        (5.0, "0:05", "5 s"),
        (5.000_000_1, "0:05", "5 s"),  # float noise is no extra second
        (5.1, "0:06", "6 s"),
        (60.0, "1:00", "1 min"),
        (90.0, "1:30", "1 min 30 s"),
        (379.2, "6:20", "6 min 20 s"),
        (3725.0, "1:02:05", "62 min 5 s"),
        (-3.0, "0:00", "0 s"),
        (float("nan"), "0:00", "0 s"),
    ],
)
def test_a_time_to_come_is_rounded_up_in_clock_and_words(
    seconds: float, clock: str, words: str
) -> None:
    assert format_clock(seconds) == clock
    assert format_words(seconds) == words
    assert format_left(seconds) == f"{clock} left"
    assert ceil_seconds(seconds) == sum(
        int(part) * 60**i for i, part in enumerate(reversed(clock.split(":")))
    )


def test_a_time_taken_is_rounded_to_the_nearest_second() -> None:
    assert format_duration(59.4) == "0:59"
    assert format_duration(59.5) == "1:00"
    assert format_clock(59.4) == "1:00"


@pytest.mark.parametrize(
    ("seconds", "spoken"),
    [
        (1800, "30 minutes"),
        (10800, "3 hours"),
        (60, "1 minute"),
        (45, "45 seconds"),
        (0.2, "1 second"),
    ],
)
def test_a_limit_in_words(seconds: float, spoken: str) -> None:
    assert format_spoken(seconds) == spoken

"""How acupress writes a length of time: one set of rules for the app, the CLI and serve.

A time still to come (a countdown, a step's or a routine's length) is rounded *up* to
whole seconds, so a routine listed as 6:20 by ``acupress routines`` is 6:20 in the app
and a countdown reads 3, 2, 1 and changes exactly at whole seconds. A time already
taken (the finished screen's "Time taken") is rounded to the nearest second. Imports
nothing but :mod:`math`: every command may use it.
"""

from __future__ import annotations

import math

EPS = 1e-6
"""Slack for float comparisons of times (seconds): a boundary counts as reached a microsecond
early, so a timer set for a change always sees it despite float rounding of large monotonic
clock values. Far below anything a person could see."""


def ceil_seconds(seconds: float) -> int:
    """Whole seconds left, rounded up (2.1 -> 3, 3.0 -> 3, 0 -> 0); negatives are 0.

    A countdown shown with this reads 3, 2, 1 and changes exactly at whole seconds; float noise
    below a microsecond is ignored so 3.0000000001 still reads 3.
    """
    if not math.isfinite(seconds) or seconds <= EPS:
        return 0
    return math.ceil(seconds - EPS)


def _clock_text(total: int) -> str:
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def format_clock(seconds: float) -> str:
    """``M:SS`` (``H:MM:SS`` from one hour), rounded up to whole seconds like a countdown."""
    return _clock_text(ceil_seconds(seconds))


def format_left(seconds: float) -> str:
    """``"M:SS left"`` (``"H:MM:SS left"`` from one hour), rounded up: 2.1 s -> ``0:03 left``."""
    return f"{format_clock(seconds)} left"


def format_duration(seconds: float) -> str:
    """A time taken, rounded to the nearest second: ``M:SS`` or ``H:MM:SS``."""
    if not math.isfinite(seconds) or seconds < 0:
        seconds = 0.0
    return _clock_text(math.floor(seconds + 0.5))


def format_words(seconds: float) -> str:
    """A time to come in words, rounded up like :func:`format_clock`: ``380`` ->
    ``6 min 20 s``, ``90`` -> ``1 min 30 s``, ``60`` -> ``1 min``, ``5`` -> ``5 s``."""
    minutes, rest = divmod(ceil_seconds(seconds), 60)
    if not minutes:
        return f"{rest} s"
    return f"{minutes} min {rest} s" if rest else f"{minutes} min"


def format_spoken(seconds: float) -> str:
    """A limit in plain words: ``30 minutes``, ``3 hours``, ``1 minute``, ``45 seconds``."""
    if seconds >= 3600 and seconds % 3600 == 0:
        count, unit = int(seconds // 3600), "hour"
    elif seconds >= 60:
        count, unit = round(seconds / 60), "minute"
    else:
        count, unit = max(1, round(seconds)), "second"
    return f"{count} {unit}" + ("" if count == 1 else "s")

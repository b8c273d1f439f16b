"""Breathing patterns for guided routines: the pattern type and the named presets.

A pattern is four phases in seconds: breathe in, hold, breathe out, hold. The
bounds keep a pattern comfortable for most people (no forced long holds, no
hurried breathing): each breath in or out lasts 2 to 12 seconds and each hold
0 to 8 seconds. A :class:`BreathingPattern` cannot be made outside them; a routine
file's breathing is checked, with located messages, by :mod:`tui.core.routine_schema`
through the same :func:`check_seconds`. The phase arithmetic (where in the cycle a
moment falls) lives in :mod:`tui.core.pacing`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from tui.core.pacing import PRESET_TIMINGS
from tui.core.tomlfile import unknown_choice

BREATH_MIN, BREATH_MAX = 2.0, 12.0
HOLD_MIN, HOLD_MAX = 0.0, 8.0


def _fmt(value: float) -> str:
    """``4.0`` -> ``4``, ``5.5`` -> ``5.5``."""
    return f"{value:g}"


def check_seconds(value: float, low: float, high: float, what: str) -> float:
    """*value* if it is a number of seconds within ``[low, high]``; else ``ValueError``."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{what} must be a number of seconds from {_fmt(low)} to {_fmt(high)}")
    if not low <= value <= high:
        raise ValueError(
            f"{_fmt(value)} s is outside the safe range for {what}: "
            f"{_fmt(low)} to {_fmt(high)} seconds"
        )
    return value


def check_breath(value: float) -> float:
    return check_seconds(value, BREATH_MIN, BREATH_MAX, "a breath")


def check_hold(value: float) -> float:
    return check_seconds(value, HOLD_MIN, HOLD_MAX, "a hold")


@dataclass(frozen=True, slots=True, kw_only=True)
class BreathingPattern:
    """Seconds to breathe in, hold, breathe out and hold, within the safety bounds."""

    inhale: float
    hold_in: float = 0.0
    exhale: float
    hold_out: float = 0.0

    def __post_init__(self) -> None:
        for name, check in (
            ("inhale", check_breath),
            ("hold_in", check_hold),
            ("exhale", check_breath),
            ("hold_out", check_hold),
        ):
            # Stored as floats, whatever number the file gave.
            object.__setattr__(self, name, float(check(getattr(self, name))))

    @classmethod
    def from_toml(cls, value: str | dict[str, Any]) -> BreathingPattern:
        """A preset name or a table (trusted: ``ValueError``/``TypeError`` if it is wrong)."""
        if isinstance(value, str):
            return preset(value)
        return cls(**value)

    def as_tuple(self) -> tuple[float, float, float, float]:
        return (self.inhale, self.hold_in, self.exhale, self.hold_out)

    @property
    def cycle_seconds(self) -> float:
        return self.inhale + self.hold_in + self.exhale + self.hold_out

    @property
    def breaths_per_minute(self) -> float:
        return 60.0 / self.cycle_seconds

    @property
    def preset_name(self) -> str | None:
        """The name of the preset with exactly these timings, if any."""
        for name, preset in PRESETS.items():
            if preset.as_tuple() == self.as_tuple():
                return name
        return None

    def label(self) -> str:
        """``4-7-8-0``: in, hold, out, hold (seconds)."""
        return "-".join(_fmt(v) for v in self.as_tuple())

    def describe(self) -> str:
        """``calm: in 4 s, out 6 s (6 breaths/min)`` for lists and previews."""
        parts = [f"in {_fmt(self.inhale)} s"]
        if self.hold_in:
            parts.append(f"hold {_fmt(self.hold_in)} s")
        parts.append(f"out {_fmt(self.exhale)} s")
        if self.hold_out:
            parts.append(f"hold {_fmt(self.hold_out)} s")
        text = f"{', '.join(parts)} ({self.breaths_per_minute:.3g} breaths/min)"
        name = self.preset_name
        return f"{name}: {text}" if name else text

    def to_json(self) -> dict[str, Any]:
        def number(value: float) -> int | float:
            return int(value) if value.is_integer() else value

        return {
            "preset": self.preset_name,
            "inhale": number(self.inhale),
            "hold_in": number(self.hold_in),
            "exhale": number(self.exhale),
            "hold_out": number(self.hold_out),
            "breaths_per_minute": round(self.breaths_per_minute, 2),
        }


PRESETS: dict[str, BreathingPattern] = {
    name: BreathingPattern(inhale=i, hold_in=hi, exhale=e, hold_out=ho)
    for name, (i, hi, e, ho) in PRESET_TIMINGS.items()
}

BREATHING_HELP = (
    f"a preset name ({', '.join(PRESETS)}) or a table with inhale, hold_in, exhale and hold_out "
    "in seconds"
)


def preset(name: str) -> BreathingPattern:
    """The preset called *name* (any case); ``ValueError`` naming the presets if none is."""
    found = PRESETS.get(name.strip().casefold())
    if found is None:
        raise ValueError(unknown_choice("breathing preset", name, PRESETS))
    return found

"""Breathing pacer maths: which phase, what count, what size, and when the picture next changes.

A pattern is ``(inhale, hold_in, exhale, hold_out)`` in seconds, given as a plain tuple or as any
object with ``as_tuple()`` (such as the routine model's ``BreathingPattern``). Phases of length 0
are skipped. The pattern repeats forever; ``t`` is seconds since the pacer began (for playback,
``Status.step_elapsed``).

The *displayed state* at a time is ``(phase, count, level)`` where ``level`` is the size
quantised to ``levels`` steps (``Breath.level(levels)``). :func:`next_change` gives the next time
that state can change, so a UI redraws only then.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal, Protocol, TypeAlias

from tui.core.presets import DEFAULT_PRESET, PRESET_TIMINGS

__all__ = [
    "BREATH_PHASES",
    "DEFAULT_PRESET",
    "LABELS",
    "NUDGE",
    "PRESET_TIMINGS",
    "Breath",
    "Pattern",
    "PatternLike",
    "breath_at",
    "breaths_per_minute",
    "cycle_seconds",
    "ease",
    "ease_inverse",
    "next_change",
    "pattern_tuple",
    "quantise",
]

Phase: TypeAlias = Literal["in", "hold-in", "out", "hold-out"]
Pattern: TypeAlias = tuple[float, float, float, float]

BREATH_PHASES: tuple[Phase, Phase, Phase, Phase] = ("in", "hold-in", "out", "hold-out")

LABELS: dict[Phase, str] = {
    "in": "Breathe in",
    "hold-in": "Hold",
    "out": "Breathe out",
    "hold-out": "Hold",
}

_EPS = 1e-9
NUDGE = 1e-6
""":func:`next_change` answers this much after the exact moment, so that a redraw at that time
is sure to see the new picture despite float rounding (a microsecond: invisible)."""


class _HasAsTuple(Protocol):
    def as_tuple(self) -> tuple[float, float, float, float]: ...


PatternLike: TypeAlias = Pattern | _HasAsTuple


def pattern_tuple(pattern: PatternLike) -> Pattern:
    """The pattern as a validated 4-tuple of floats; ValueError if it cannot breathe."""
    raw = pattern if isinstance(pattern, tuple) else pattern.as_tuple()
    if len(raw) != 4:
        raise ValueError(f"a breathing pattern has 4 parts (in, hold, out, hold), got {len(raw)}")
    values = (float(raw[0]), float(raw[1]), float(raw[2]), float(raw[3]))
    for name, v in zip(("inhale", "hold_in", "exhale", "hold_out"), values, strict=True):
        if not math.isfinite(v) or v < 0:
            raise ValueError(f"breathing pattern {name} must be a finite number >= 0, got {v!r}")
    if sum(values) <= 0:
        raise ValueError("breathing pattern has no length: every part is 0")
    return values


def cycle_seconds(pattern: PatternLike) -> float:
    """Length of one full breath."""
    return math.fsum(pattern_tuple(pattern))


def breaths_per_minute(pattern: PatternLike) -> float:
    return 60.0 / cycle_seconds(pattern)


def ease(x: float) -> float:
    """Sine ease-in-out from 0 to 1 on [0, 1] (slow at both ends, like a real breath)."""
    x = min(1.0, max(0.0, x))
    return (1.0 - math.cos(math.pi * x)) / 2.0


def ease_inverse(y: float) -> float:
    """The ``x`` in [0, 1] with ``ease(x) == y``."""
    y = min(1.0, max(0.0, y))
    return math.acos(1.0 - 2.0 * y) / math.pi


def quantise(size: float, levels: int) -> int:
    """``size`` (0..1) as a whole level 0..levels, rounding halves up."""
    return min(levels, max(0, math.floor(size * levels + 0.5)))


@dataclass(frozen=True, slots=True)
class Breath:
    """Where the pacer is at one moment: the phase, its label and count, the circle's size."""

    phase: Phase
    label: str
    """"Breathe in", "Hold", "Breathe out", "Hold"."""
    count: int
    """Whole seconds left in the phase, rounded up: 3, 2, 1, never 0."""
    fraction: float
    """0..1 through the phase."""
    size: float
    """0..1: grows (eased) while breathing in, 1 while holding in, shrinks while breathing out,
    0 while holding out."""
    phase_seconds: float
    phase_elapsed: float
    cycle: int
    """Which breath this is, from 0."""

    @property
    def text(self) -> str:
        """E.g. ``"Breathe in 3"``."""
        return f"{self.label} {self.count}"

    def level(self, levels: int) -> int:
        """The size quantised to 0..levels (what a pacer of that many cells draws).

        ``round(size * levels)`` with the rounding worked on the eased progress of the phase, so
        a level changes exactly at the moment :func:`next_change` reports, breathing in or out.
        """
        return _level(self.phase, self.fraction, levels)

    def display(self, levels: int) -> tuple[Phase, int, int]:
        """What is on screen: phase, count and quantised size."""
        return (self.phase, self.count, self.level(levels))


def _size(phase: Phase, fraction: float) -> float:
    if phase == "in":
        return ease(fraction)
    if phase == "out":
        return 1.0 - ease(fraction)
    return 1.0 if phase == "hold-in" else 0.0


def _level(phase: Phase, fraction: float, levels: int) -> int:
    if phase == "in":
        return quantise(ease(fraction), levels)
    if phase == "out":
        return levels - quantise(ease(fraction), levels)
    return levels if phase == "hold-in" else 0


def _count(length: float, elapsed: float) -> int:
    return max(1, math.ceil(length - elapsed - _EPS))


def _locate(p: Pattern, t: float) -> tuple[int, float, int, float]:
    """(cycle number, cycle start, phase index, phase start within the cycle) at ``t``."""
    cycle = math.fsum(p)
    n = math.floor(t / cycle)
    cycle_start = n * cycle
    tc = t - cycle_start
    if tc < 0:  # float noise around a cycle boundary
        n -= 1
        cycle_start = n * cycle
        tc = t - cycle_start
    start = 0.0
    last = 0
    for i, length in enumerate(p):
        if length <= 0:
            continue
        last = i
        if tc < start + length:
            return n, cycle_start, i, start
        start += length
    # tc rounded up to the cycle length: the very end of the last phase
    return n, cycle_start, last, start - p[last]


def breath_at(pattern: PatternLike, t: float) -> Breath:
    """The breath at ``t`` seconds (the pattern repeats; any real ``t`` works)."""
    p = pattern_tuple(pattern)
    n, cycle_start, i, start = _locate(p, t)
    length = p[i]
    elapsed = min(length, max(0.0, t - cycle_start - start))
    fraction = elapsed / length
    phase = BREATH_PHASES[i]
    return Breath(
        phase=phase,
        label=LABELS[phase],
        count=_count(length, elapsed),
        fraction=fraction,
        size=_size(phase, fraction),
        phase_seconds=length,
        phase_elapsed=elapsed,
        cycle=n,
    )


def next_change(pattern: PatternLike, t: float, levels: int) -> float:
    """When the displayed state (phase, count, quantised size) next changes after ``t``.

    The answer is the exact moment plus :data:`NUDGE` (1 µs), so it is always ``> t``, the state
    is constant from ``t`` until a microsecond before it, and it has changed at the answer: a
    UI can sleep until then and redraw once. A phase boundary always counts as a change,
    even in the one case where the picture looks the same on both sides (a pattern whose only
    non-zero part is a hold of at most 1 s).
    """
    if levels < 1:
        raise ValueError(f"levels must be at least 1, got {levels}")
    p = pattern_tuple(pattern)
    _n, cycle_start, i, start = _locate(p, t)
    length = p[i]
    phase_start = cycle_start + start
    elapsed = min(length, max(0.0, t - phase_start))
    phase = BREATH_PHASES[i]

    # Phase end.
    candidate = length
    # Count: ceil(length - elapsed) drops from c to c-1 at elapsed == length - (c-1).
    c = _count(length, elapsed)
    if c > 1:
        candidate = min(candidate, length - (c - 1))
    # Quantised size, only while it moves.
    if phase in ("in", "out"):
        # The level moves (up breathing in, down breathing out) each time ease(fraction)
        # reaches the next half-level: ease(f) >= (q + 0.5) / levels.
        q = quantise(ease(elapsed / length), levels)
        if q < levels:
            at = ease_inverse((q + 0.5) / levels) * length
            # at <= elapsed only from float noise right on the threshold: it changes now.
            candidate = min(candidate, max(at, elapsed))

    return max(phase_start + candidate, t) + NUDGE

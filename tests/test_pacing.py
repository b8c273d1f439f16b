"""Breathing pacer maths: phases, counts, sizes and when the picture next changes."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tui.core.pacing import (
    NUDGE,
    Breath,
    breath_at,
    breaths_per_minute,
    cycle_seconds,
    ease,
    ease_inverse,
    next_change,
)

FOUR_SEVEN_EIGHT = (4.0, 7.0, 8.0, 0.0)
BOX = (4.0, 4.0, 4.0, 4.0)


def texts(pattern: tuple[float, float, float, float], times: list[float]) -> list[str]:
    return [breath_at(pattern, t).text for t in times]


def test_four_seven_eight_sequence() -> None:
    times = [0.0, 1.0, 3.5, 4.0, 10.99, 11.0, 18.5, 19.0]
    assert texts(FOUR_SEVEN_EIGHT, times) == [
        "Breathe in 4",
        "Breathe in 3",
        "Breathe in 1",
        "Hold 7",
        "Hold 1",
        "Breathe out 8",
        "Breathe out 1",
        "Breathe in 4",  # hold-out of 0 s is skipped: next cycle begins
    ]
    assert cycle_seconds(FOUR_SEVEN_EIGHT) == 19.0
    assert breaths_per_minute(FOUR_SEVEN_EIGHT) == pytest.approx(60.0 / 19.0)
    assert breath_at(FOUR_SEVEN_EIGHT, 19.0).cycle == 1


def test_box_breathing_visits_all_four_phases() -> None:
    phases = [breath_at(BOX, t).phase for t in (0.5, 4.5, 8.5, 12.5, 16.5)]
    assert phases == ["in", "hold-in", "out", "hold-out", "in"]
    assert breath_at(BOX, 5.0).size == 1.0
    assert breath_at(BOX, 13.0).size == 0.0
    assert breath_at(BOX, 13.0).label == "Hold"
    assert breaths_per_minute(BOX) == pytest.approx(3.75)


def test_zero_length_phases_are_skipped() -> None:
    p = (5.0, 0.0, 5.0, 0.0)
    assert [breath_at(p, t).phase for t in (0.0, 4.999, 5.0, 9.999, 10.0)] == [
        "in",
        "in",
        "out",
        "out",
        "in",
    ]
    only_out = (0.0, 0.0, 3.0, 0.0)
    assert {breath_at(only_out, t / 10).phase for t in range(100)} == {"out"}


def test_counts_count_down_and_never_show_zero() -> None:
    counts = [breath_at(FOUR_SEVEN_EIGHT, t / 100).count for t in range(0, 1900)]
    assert min(counts) == 1
    inhale = [breath_at(FOUR_SEVEN_EIGHT, t / 100).count for t in range(0, 400)]
    assert sorted(set(inhale), reverse=True) == [4, 3, 2, 1]
    assert inhale == sorted(inhale, reverse=True)


def test_fractional_phase_counts_round_up() -> None:
    p = (4.5, 0.0, 4.5, 0.0)
    assert [breath_at(p, t).count for t in (0.0, 0.49, 0.5, 3.49, 3.5, 4.49)] == [5, 5, 4, 2, 1, 1]


def test_size_grows_in_holds_and_shrinks_out() -> None:
    ins = [breath_at(BOX, t / 100).size for t in range(0, 400)]
    outs = [breath_at(BOX, 8 + t / 100).size for t in range(0, 400)]
    assert ins == sorted(ins) and ins[0] == 0.0 and ins[-1] > 0.99
    assert outs == sorted(outs, reverse=True) and outs[0] == 1.0 and outs[-1] < 0.01
    assert breath_at(BOX, 2.0).size == pytest.approx(0.5)  # eased, symmetric
    assert breath_at(BOX, 1.0).size < 0.25  # slow start (sine easing)
    assert breath_at(BOX, 9.0).size > 0.75  # and a slow start breathing out
    assert breath_at(BOX, 2.0).fraction == pytest.approx(0.5)


def test_ease_inverse_inverts_ease() -> None:
    for k in range(11):
        y = k / 10
        assert ease(ease_inverse(y)) == pytest.approx(y)


def test_next_change_examples() -> None:
    levels = 8
    first = next_change(FOUR_SEVEN_EIGHT, 0.0, levels)
    # the size reaches level 1 (0.5/8 of the way) before the count changes at 1 s
    assert first == pytest.approx(ease_inverse(0.5 / levels) * 4.0 + NUDGE)
    assert breath_at(FOUR_SEVEN_EIGHT, first).level(levels) == 1
    # in a hold, only the count changes: once a second
    assert next_change(FOUR_SEVEN_EIGHT, 5.5, levels) == pytest.approx(6.0 + NUDGE)
    assert next_change(FOUR_SEVEN_EIGHT, 10.2, levels) == pytest.approx(11.0 + NUDGE)
    # the last change of the cycle is its end
    assert next_change(FOUR_SEVEN_EIGHT, 18.9, levels) == pytest.approx(19.0 + NUDGE)


def test_walk_of_next_change_visits_each_count_and_level_once() -> None:
    levels = 10
    t, seen = 0.0, []
    while t < 19.0:
        b = breath_at(FOUR_SEVEN_EIGHT, t)
        seen.append(b.display(levels))
        t = next_change(FOUR_SEVEN_EIGHT, t, levels)
    assert len(seen) == len(set(seen))  # every wake-up shows something new
    inhale_levels = [lvl for phase, _, lvl in seen if phase == "in"]
    assert inhale_levels == sorted(inhale_levels) and set(inhale_levels) == set(range(0, 11))
    exhale_levels = [lvl for phase, _, lvl in seen if phase == "out"]
    assert exhale_levels == sorted(exhale_levels, reverse=True)
    assert set(exhale_levels) == set(range(0, 11))
    assert [c for phase, c, _ in seen if phase == "hold-in"] == [7, 6, 5, 4, 3, 2, 1]


@dataclass(frozen=True)
class FakePattern:
    inhale: float
    hold_in: float
    exhale: float
    hold_out: float

    def as_tuple(self) -> tuple[float, float, float, float]:
        return (self.inhale, self.hold_in, self.exhale, self.hold_out)


def test_accepts_objects_with_as_tuple() -> None:
    b = breath_at(FakePattern(4, 7, 8, 0), 5.0)
    assert isinstance(b, Breath) and b.text == "Hold 6"
    assert cycle_seconds(FakePattern(4, 4, 4, 4)) == 16.0


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ((0.0, 0.0, 0.0, 0.0), "no length"),
        ((4.0, -1.0, 4.0, 0.0), "hold_in"),
        ((math.nan, 0.0, 4.0, 0.0), "inhale"),
    ],
)
def test_bad_patterns_are_rejected(
    pattern: tuple[float, float, float, float], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        breath_at(pattern, 0.0)


def test_levels_must_be_positive() -> None:
    with pytest.raises(ValueError, match="levels"):
        next_change(BOX, 0.0, 0)


# --------------------------------------------------------------------------- properties

part = st.one_of(st.just(0.0), st.floats(0.1, 20.0), st.integers(1, 10).map(float))
patterns = st.tuples(part, part, part, part)


def degenerate(p: tuple[float, float, float, float]) -> bool:
    """A single hold of at most 1 s looks the same on both sides of its cycle boundary."""
    nonzero = [x for x in p if x > 0]
    return len(nonzero) == 1 and (p[1] > 0 or p[3] > 0) and nonzero[0] <= 1.0


@settings(max_examples=500, deadline=None)
@given(
    p=patterns,
    t=st.floats(0.0, 10_000.0),
    levels=st.integers(1, 60),
    samples=st.lists(st.floats(0.0, 1.0), min_size=1, max_size=5),
)
def test_display_is_constant_until_next_change_and_differs_at_it(
    p: tuple[float, float, float, float], t: float, levels: int, samples: list[float]
) -> None:
    assume(sum(p) > 0)
    nc = next_change(p, t, levels)
    assert nc > t
    # the count changes at least once a second, so a pacer redraws at least that often
    assert nc - t <= 1.0 + 2 * NUDGE
    shown = breath_at(p, t).display(levels)
    last_same = nc - 3 * NUDGE
    for s in samples:
        u = t + s * (last_same - t)
        if t <= u <= last_same:
            assert breath_at(p, u).display(levels) == shown
    if not degenerate(p):
        assert breath_at(p, nc).display(levels) != shown


@settings(max_examples=200, deadline=None)
@given(p=patterns, t=st.floats(0.0, 1000.0))
def test_size_matches_phase(p: tuple[float, float, float, float], t: float) -> None:
    assume(sum(p) > 0)
    b = breath_at(p, t)
    assert 0.0 <= b.size <= 1.0 and 0.0 <= b.fraction <= 1.0
    assert 1 <= b.count <= math.ceil(b.phase_seconds)
    if b.phase == "hold-in":
        assert b.size == 1.0
    elif b.phase == "hold-out":
        assert b.size == 0.0
    later = breath_at(p, t + 0.05)
    if later.phase == b.phase and later.cycle == b.cycle:
        if b.phase == "in":
            assert later.size >= b.size
        elif b.phase == "out":
            assert later.size <= b.size

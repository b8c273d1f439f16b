"""The playback state machine, driven by a fake clock: no sleeping, no ticks."""

from __future__ import annotations

import math

import pytest
from fakeclock import FakeClock
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.durations import ceil_seconds, format_duration, format_left
from tui.core.playback import Playback, PlaybackState, until_display_change

START = 1000.0


def make(
    steps: list[float] | None = None,
    transitions: list[float] | None = None,
    ready: float = 3.0,
    start: bool = True,
) -> tuple[Playback, FakeClock]:
    clock = FakeClock(START)
    steps = [30.0, 20.0, 10.0] if steps is None else steps
    pb = Playback(steps, transitions, ready_seconds=ready, clock=clock)
    if start:
        pb.start()
    return pb, clock


# --------------------------------------------------------------------------- start, READY


def test_nothing_moves_before_start() -> None:
    pb, clock = make(start=False)
    clock.advance(100)
    st_ = pb.status()
    assert st_.state is PlaybackState.READY
    assert not st_.started
    assert st_.segment_remaining == 3.0
    assert st_.active_seconds == 0.0
    assert st_.routine_remaining == 60.0
    assert pb.next_change_at() is None


def test_ready_countdown_then_first_step() -> None:
    pb, clock = make()
    s0 = pb.status()
    assert (s0.state, s0.step_index, s0.next_step_index) == (PlaybackState.READY, 0, 1)
    assert s0.segment_remaining == 3.0
    assert s0.routine_remaining == 60.0  # READY is not part of the routine's time
    assert s0.routine_progress == 0.0
    assert pb.next_change_at() == START + 3.0
    shown = []
    for _ in range(3):
        shown.append(format_left(pb.status().segment_remaining))
        clock.advance(1.0)
    assert shown == ["0:03 left", "0:02 left", "0:01 left"]
    s1 = pb.status()
    assert (s1.state, s1.step_index) == (PlaybackState.STEP, 0)
    assert s1.segment_remaining == 30.0
    assert s1.step_elapsed == 0.0
    assert s1.generation == s0.generation + 1


def test_start_twice_does_not_restart() -> None:
    pb, clock = make()
    clock.advance(2.0)
    pb.start()
    assert pb.status().segment_remaining == pytest.approx(1.0)


def test_ready_zero_starts_with_the_first_step() -> None:
    pb, _ = make(ready=0.0)
    assert pb.status().state is PlaybackState.STEP
    assert [seg.kind for seg in pb.plan] == [PlaybackState.STEP] * 3


# --------------------------------------------------------------------------- transitions


def test_transition_between_steps() -> None:
    pb, clock = make(transitions=[0.0, 5.0, 5.0])
    assert pb.total_planned == 70.0
    clock.advance(3.0 + 30.0 + 1.0)
    s = pb.status()
    assert (s.state, s.step_index) == (PlaybackState.TRANSITION, 1)
    assert s.segment_remaining == pytest.approx(4.0)
    assert s.step_remaining == 20.0  # not begun yet
    assert s.step_elapsed == 0.0 and s.step_progress == 0.0
    assert s.routine_remaining == pytest.approx(4.0 + 20.0 + 5.0 + 10.0)
    clock.advance(4.0)
    s = pb.status()
    assert (s.state, s.step_index, s.segment_remaining) == (PlaybackState.STEP, 1, 20.0)


def test_first_transition_is_played_when_given() -> None:
    pb, clock = make(transitions=[2.0, 0.0, 0.0])
    clock.advance(3.5)
    assert pb.status().state is PlaybackState.TRANSITION
    assert pb.status().step_index == 0


def test_step_progress_and_routine_progress() -> None:
    pb, clock = make()
    clock.advance(3.0 + 15.0)
    s = pb.status()
    assert s.step_progress == pytest.approx(0.5)
    assert s.routine_progress == pytest.approx(15.0 / 60.0)
    assert s.routine_remaining == pytest.approx(45.0)
    assert s.step_elapsed == pytest.approx(15.0)


# --------------------------------------------------------------------------- pause


def test_pause_stops_every_clock() -> None:
    pb, clock = make(transitions=[0.0, 5.0, 5.0])
    clock.advance(3.0 + 10.0)
    before = pb.status()
    pb.pause()
    clock.advance(500.0)
    during = pb.status()
    assert during.paused
    for field in (
        "segment_remaining",
        "segment_elapsed",
        "step_elapsed",
        "step_progress",
        "routine_remaining",
        "routine_progress",
        "active_seconds",
        "state",
        "step_index",
        "generation",
    ):
        assert getattr(during, field) == getattr(before, field), field
    assert during.paused_seconds == 500.0
    assert pb.next_change_at() is None
    assert pb.seconds_until_next_change() is None
    pb.resume()
    assert pb.next_change_at() == pytest.approx(clock.now + 20.0)
    clock.advance(5.0)
    after = pb.status()
    assert not after.paused
    assert after.segment_remaining == pytest.approx(15.0)
    assert after.paused_seconds == 500.0


def test_pause_in_ready_and_transition_stops_them_too() -> None:
    pb, clock = make(transitions=[0.0, 5.0, 5.0])
    clock.advance(1.0)
    pb.pause()
    clock.advance(60.0)
    assert pb.status().state is PlaybackState.READY
    assert pb.status().segment_remaining == pytest.approx(2.0)
    pb.resume()
    clock.advance(2.0 + 30.0 + 1.0)
    pb.pause()
    clock.advance(60.0)
    s = pb.status()
    assert s.state is PlaybackState.TRANSITION and s.segment_remaining == pytest.approx(4.0)


def test_toggle_pause_and_repeated_calls() -> None:
    pb, clock = make()
    pb.toggle_pause()
    assert pb.status().paused
    pb.pause()  # already paused: nothing changes
    clock.advance(10.0)
    pb.toggle_pause()
    assert not pb.status().paused
    pb.resume()  # not paused: nothing changes
    assert pb.status().paused_seconds == 10.0


def test_pause_before_start_does_nothing() -> None:
    pb, clock = make(start=False)
    pb.pause()
    pb.start()
    assert not pb.status().paused
    clock.advance(1.0)
    assert pb.status().segment_remaining == pytest.approx(2.0)


# --------------------------------------------------------------------------- the end


def test_ends_exactly_at_ready_plus_total_plus_pauses() -> None:
    pb, clock = make(transitions=[0.0, 5.0, 5.0])
    clock.advance(17.0)
    pb.pause()
    clock.advance(42.5)
    pb.resume()
    end = START + 3.0 + 70.0 + 42.5
    clock.now = end - 0.001
    s = pb.status()
    assert s.state is PlaybackState.STEP and s.step_index == 2
    assert pb.next_change_at() == pytest.approx(end, abs=1e-9)
    clock.now = end
    s = pb.status()
    assert s.state is PlaybackState.DONE and s.finished and s.completed and not s.stopped_early
    assert s.active_seconds == pytest.approx(73.0, abs=1e-9)
    assert s.paused_seconds == 42.5
    assert s.steps_done == 3 and s.steps_skipped == 0
    assert s.routine_remaining == 0.0 and s.routine_progress == 1.0
    assert pb.next_change_at() is None
    # The end is final: later readings change nothing.
    clock.advance(1000.0)
    later = pb.status()
    assert later.active_seconds == s.active_seconds
    assert later.paused_seconds == s.paused_seconds
    summary = pb.summary()
    assert summary.active_seconds == pytest.approx(73.0, abs=1e-9)
    assert summary.completed and summary.finished and not summary.stopped_early
    assert (summary.steps_done, summary.steps_skipped, summary.steps_total) == (3, 0, 3)


def test_twenty_minute_routine_polled_rarely_ends_on_time() -> None:
    steps = [60.0, 45.5, 90.25, 120.0, 30.0] * 4  # 1383 s of steps
    transitions = [0.0] + [3.3] * (len(steps) - 1)
    pb, clock = make(steps, transitions)
    planned = math.fsum(steps) + math.fsum(transitions)
    assert pb.total_planned == pytest.approx(planned)
    clock.advance(100.0)
    pb.pause()
    clock.advance(33.3)
    pb.resume()
    expected_end = START + 3.0 + planned + 33.3
    # Poll every 7.77 s (as a slow UI might) until done; record when DONE is first seen.
    seen_done_at = None
    while clock.now < expected_end + 30:
        clock.advance(7.77)
        if pb.status().state is PlaybackState.DONE:
            seen_done_at = clock.now
            break
    assert seen_done_at is not None
    assert expected_end <= seen_done_at < expected_end + 7.77
    # And the exact end, however late it is observed:
    assert pb.summary().active_seconds == pytest.approx(3.0 + planned, abs=1e-6)
    # A twin never polled at all agrees at every boundary time.
    twin, tclock = make(steps, transitions)
    tclock.advance(100.0)
    twin.pause()
    tclock.advance(33.3)
    twin.resume()
    tclock.now = expected_end - 0.15
    assert twin.status().state is PlaybackState.STEP
    tclock.now = expected_end + 1e-9
    assert twin.status().state is PlaybackState.DONE


def test_large_jump_crosses_many_segments() -> None:
    pb, clock = make([10.0, 10.0, 10.0, 10.0], [0.0, 2.0, 2.0, 2.0])
    g0 = pb.status().generation
    clock.advance(3.0 + 10.0 + 2.0 + 10.0 + 2.0 + 4.0)  # 4 s into step 2
    s = pb.status()
    assert (s.state, s.step_index) == (PlaybackState.STEP, 2)
    assert s.step_elapsed == pytest.approx(4.0)
    assert s.generation == g0 + 5  # READY, STEP0, TR1, STEP1, TR2 crossed
    assert s.steps_done == 2
    clock.advance(10_000.0)  # a suspended laptop
    s = pb.status()
    assert s.state is PlaybackState.DONE and s.completed
    assert s.steps_done == 4
    assert s.active_seconds == pytest.approx(3.0 + 46.0)
    assert s.generation == g0 + len(pb.plan)


def test_large_jump_from_before_first_poll() -> None:
    pb, clock = make()
    clock.advance(1e6)
    assert pb.status().state is PlaybackState.DONE
    pb.pause()  # settles to DONE; nothing else
    assert pb.summary().completed


def test_status_is_read_only_and_poll_rate_does_not_matter() -> None:
    a, ca = make([7.0, 11.0, 5.0], [0.0, 1.5, 1.5])
    b, cb = make([7.0, 11.0, 5.0], [0.0, 1.5, 1.5])
    for _ in range(300):
        ca.advance(0.1)
        a.status()
    cb.advance(30.0)
    sa, sb = a.status(), b.status()
    assert sa.state == sb.state
    for field in ("segment_index", "generation", "steps_done", "step_index"):
        assert getattr(sa, field) == getattr(sb, field)
    assert sa.segment_remaining == pytest.approx(sb.segment_remaining)
    assert a.status() == a.status()


# --------------------------------------------------------------------------- next (skip)


def test_skip_takes_rest_of_step_off_time_left() -> None:
    pb, clock = make(transitions=[0.0, 5.0, 5.0])
    clock.advance(3.0 + 10.0)
    before = pb.status()
    assert before.routine_remaining == pytest.approx(60.0)
    pb.next()
    after = pb.status()
    assert (after.state, after.step_index) == (PlaybackState.TRANSITION, 1)
    assert after.routine_remaining == pytest.approx(before.routine_remaining - 20.0)
    assert after.steps_skipped == 1 and after.steps_done == 0
    assert after.skipped_seconds == pytest.approx(20.0)
    assert after.generation == before.generation + 1
    # skipping the transition starts the step at once
    pb.next()
    s = pb.status()
    assert (s.state, s.step_index, s.segment_remaining) == (PlaybackState.STEP, 1, 20.0)
    assert s.routine_remaining == pytest.approx(20.0 + 5.0 + 10.0)
    assert s.skipped_seconds == pytest.approx(25.0)
    assert s.steps_skipped == 1  # a transition is not a step


def test_skip_in_ready_starts_first_step_even_with_a_transition() -> None:
    pb, clock = make(transitions=[2.0, 0.0, 0.0])
    clock.advance(1.0)
    pb.next()
    s = pb.status()
    assert (s.state, s.step_index, s.segment_remaining) == (PlaybackState.STEP, 0, 30.0)
    assert s.steps_skipped == 0


def test_skip_nearly_complete_counts_as_done() -> None:
    pb, clock = make()
    clock.advance(3.0 + 27.0)  # 90 % of 30 s
    pb.next()
    s = pb.status()
    assert (s.steps_done, s.steps_skipped) == (1, 0)
    clock.advance(17.9)  # 89.5 % of 20 s
    pb.next()
    s = pb.status()
    assert (s.steps_done, s.steps_skipped) == (1, 1)


def test_skip_last_step_finishes_completed() -> None:
    pb, clock = make()
    clock.advance(3.0 + 30.0 + 20.0 + 1.0)
    pb.next()
    s = pb.status()
    assert s.state is PlaybackState.DONE and s.completed and not s.stopped_early
    assert (s.steps_done, s.steps_skipped) == (2, 1)
    assert s.active_seconds == pytest.approx(54.0)
    pb.next()  # after the end: nothing
    assert pb.status().generation == s.generation


def test_skip_while_paused_stays_paused_at_new_step_start() -> None:
    pb, clock = make()
    clock.advance(5.0)
    pb.pause()
    pb.next()
    clock.advance(50.0)
    s = pb.status()
    assert s.paused and (s.state, s.step_index, s.segment_remaining) == (
        PlaybackState.STEP,
        1,
        20.0,
    )
    assert s.routine_remaining == pytest.approx(30.0)


def test_next_before_start_does_nothing() -> None:
    pb, _ = make(start=False)
    pb.next()
    pb.back()
    s = pb.status()
    assert (s.state, s.started, s.generation) == (PlaybackState.READY, False, 0)


# --------------------------------------------------------------------------- back


def test_back_restarts_then_goes_to_previous() -> None:
    pb, clock = make(transitions=[0.0, 5.0, 5.0])
    clock.advance(3.0 + 30.0 + 5.0 + 12.0)  # 12 s into step 1
    s = pb.status()
    assert s.step_index == 1
    assert s.step_elapsed == pytest.approx(12.0)
    pb.back()
    s = pb.status()
    assert (s.state, s.step_index, s.step_elapsed) == (PlaybackState.STEP, 1, 0.0)
    assert s.routine_remaining == pytest.approx(20.0 + 5.0 + 10.0)
    clock.advance(1.5)  # pressed again within 2 s of the restart
    pb.back()
    s = pb.status()
    assert (s.state, s.step_index, s.step_elapsed) == (PlaybackState.STEP, 0, 0.0)
    assert s.routine_remaining == pytest.approx(30.0 + 5.0 + 20.0 + 5.0 + 10.0)
    assert s.steps_skipped == 0


def test_back_after_the_window_restarts_again() -> None:
    pb, clock = make()
    clock.advance(3.0 + 30.0 + 10.0)
    pb.back()
    clock.advance(2.0)  # exactly the window: restart, not previous
    pb.back()
    s = pb.status()
    assert (s.step_index, s.step_elapsed) == (1, 0.0)


def test_back_at_natural_step_start_goes_to_previous() -> None:
    pb, clock = make()
    clock.advance(3.0 + 30.0 + 0.5)  # step 1 began 0.5 s ago
    pb.back()
    s = pb.status()
    assert (s.step_index, s.step_elapsed) == (0, 0.0)


def test_back_twice_while_paused_goes_to_previous() -> None:
    pb, clock = make()
    clock.advance(3.0 + 30.0 + 15.0)
    pb.pause()
    pb.back()
    pb.back()
    clock.advance(100.0)
    s = pb.status()
    assert s.paused and (s.step_index, s.step_elapsed) == (0, 0.0)


def test_back_on_first_step_restarts_it() -> None:
    pb, clock = make()
    clock.advance(3.0 + 1.0)
    pb.back()
    s = pb.status()
    assert (s.state, s.step_index, s.step_elapsed) == (PlaybackState.STEP, 0, 0.0)


def test_back_in_transition_goes_to_step_just_left() -> None:
    pb, clock = make(transitions=[0.0, 5.0, 5.0])
    clock.advance(3.0 + 30.0 + 4.0)
    assert pb.status().state is PlaybackState.TRANSITION
    pb.back()
    s = pb.status()
    assert (s.state, s.step_index, s.step_elapsed) == (PlaybackState.STEP, 0, 0.0)


def test_back_in_ready_restarts_countdown() -> None:
    pb, clock = make()
    clock.advance(2.0)
    pb.back()
    s = pb.status()
    assert s.state is PlaybackState.READY and s.segment_remaining == 3.0


def test_back_after_skip_and_completing_counts_step_done() -> None:
    pb, clock = make()
    clock.advance(3.0 + 5.0)
    pb.next()  # step 0 skipped
    assert pb.status().steps_skipped == 1
    pb.back()  # at the very start of step 1: back to step 0
    clock.advance(30.0)  # step 0 runs to the end this time
    s = pb.status()
    assert s.step_index == 1
    assert (s.steps_done, s.steps_skipped) == (1, 0)


# --------------------------------------------------------------------------- stop


def test_stop_early_keeps_summary() -> None:
    pb, clock = make()
    clock.advance(3.0 + 30.0 + 5.0)
    pb.pause()
    clock.advance(7.0)
    pb.stop()
    s = pb.status()
    assert s.state is PlaybackState.DONE and s.finished and s.stopped_early and not s.completed
    assert s.routine_remaining == 0.0
    assert s.routine_progress == pytest.approx(35.0 / 60.0)
    assert s.paused_seconds == 7.0 and not s.paused
    summary = pb.summary()
    assert summary.active_seconds == pytest.approx(38.0)
    assert (summary.steps_done, summary.steps_skipped) == (1, 0)  # step 1 unfinished
    assert summary.stopped_early and not summary.completed
    clock.advance(100.0)
    assert pb.summary() == summary
    pb.resume()
    pb.next()
    pb.stop()
    assert pb.summary() == summary


def test_stop_nearly_complete_step_counts_done() -> None:
    pb, clock = make()
    clock.advance(3.0 + 29.0)
    pb.stop()
    assert pb.summary().steps_done == 1


def test_stop_before_start() -> None:
    pb, _ = make(start=False)
    pb.stop()
    summary = pb.summary()
    assert summary.stopped_early and summary.finished and summary.active_seconds == 0.0
    pb.start()
    assert pb.status().state is PlaybackState.DONE


def test_stop_after_natural_end_keeps_completed() -> None:
    pb, clock = make()
    clock.advance(100.0)
    pb.stop()
    assert pb.summary().completed and not pb.summary().stopped_early


# --------------------------------------------------------------------------- each, totals


def test_both_sides_of_each_are_two_steps() -> None:
    # An "each" step is expanded by the routine model into left and right: two steps.
    pb, clock = make([45.0, 45.0, 30.0], [0.0, 2.0, 5.0])
    assert pb.status().steps_total == 3
    assert pb.total_planned == 127.0
    clock.advance(3.0 + 45.0 + 1.0)
    s = pb.status()
    assert (s.state, s.step_index) == (PlaybackState.TRANSITION, 1)
    clock.advance(1.0 + 10.0)
    pb.next()  # skip the second side
    s = pb.status()
    assert (s.steps_done, s.steps_skipped) == (1, 1)
    assert s.routine_remaining == pytest.approx(35.0)


def test_empty_routine_is_done_at_start() -> None:
    pb, _ = make([], [])
    s = pb.status()
    assert s.state is PlaybackState.DONE and s.completed and s.steps_total == 0


def test_bad_inputs_are_rejected_clearly() -> None:
    with pytest.raises(ValueError, match="one per step"):
        Playback([1.0, 2.0], [0.0])
    with pytest.raises(ValueError, match=r"step_seconds\[1\]"):
        Playback([1.0, -2.0])
    with pytest.raises(ValueError, match="ready_seconds"):
        Playback([1.0], ready_seconds=math.nan)


# --------------------------------------------------------------------------- timers


def test_next_change_at_is_the_boundary_even_with_large_clock_values() -> None:
    clock = FakeClock(12_345_678.9)
    pb = Playback([30.0, 20.0], [0.0, 4.0], clock=clock)
    pb.start()
    generation = pb.status().generation
    for expected_state in (
        PlaybackState.STEP,
        PlaybackState.TRANSITION,
        PlaybackState.STEP,
        PlaybackState.DONE,
    ):
        at = pb.next_change_at()
        assert at is not None
        clock.now = at  # a timer firing exactly on time sees the change
        s = pb.status()
        assert s.state is expected_state
        assert s.generation == generation + 1
        generation = s.generation
    assert pb.next_change_at() is None
    assert pb.summary().active_seconds == pytest.approx(57.0, abs=1e-6)


def test_seconds_until_next_change() -> None:
    pb, clock = make()
    clock.advance(1.25)
    assert pb.seconds_until_next_change() == pytest.approx(1.75)
    clock.advance(10.0)
    assert pb.seconds_until_next_change() == pytest.approx(21.75)


# --------------------------------------------------------------------------- properties


ops = st.sampled_from(["pause", "resume", "toggle_pause", "next", "back", "status"])


@settings(max_examples=200, deadline=None)
@given(
    steps=st.lists(st.floats(0.5, 120.0), min_size=1, max_size=8),
    trans=st.lists(st.floats(0.0, 10.0), min_size=8, max_size=8),
    actions=st.lists(st.tuples(ops, st.floats(0.0, 60.0)), max_size=30),
)
def test_invariants_under_any_sequence_of_operations(
    steps: list[float], trans: list[float], actions: list[tuple[str, float]]
) -> None:
    trans = [0.0, *trans[1 : len(steps)]]
    pb, clock = make(steps, trans)
    last_generation = 0
    for name, gap in actions:
        clock.advance(gap)
        getattr(pb, name)()
        s = pb.status()
        assert s == pb.status()  # status changes nothing
        assert s.generation >= last_generation
        last_generation = s.generation
        assert 0.0 <= s.step_progress <= 1.0
        assert 0.0 <= s.routine_progress <= 1.0
        assert -1e-9 <= s.routine_remaining <= s.total_planned + 1e-9
        assert s.steps_done + s.steps_skipped <= s.steps_total
        if not s.finished:
            # every clock reading is either active or paused time
            assert s.active_seconds + s.paused_seconds == pytest.approx(clock.now - START)
            assert 0.0 <= s.segment_remaining <= s.segment_seconds
        else:
            assert s.active_seconds + s.paused_seconds <= clock.now - START + 1e-6
    # Left alone, it ends exactly when what remains has run.
    pb.resume()
    s = pb.status()
    if not s.finished:
        left = s.routine_remaining + (
            s.segment_remaining if s.state is PlaybackState.READY else 0.0
        )
        clock.advance(max(0.0, left - 0.01))
        assert not pb.status().finished
        clock.advance(0.02)
        assert pb.status().finished


# --------------------------------------------------------------------------- formatting


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0.0, "0:00 left"),
        (-5.0, "0:00 left"),
        (0.2, "0:01 left"),
        (2.1, "0:03 left"),
        (3.0, "0:03 left"),
        (3.0000000001, "0:03 left"),
        (59.5, "1:00 left"),
        (61.0, "1:01 left"),
        (20 * 60.0, "20:00 left"),
        (3599.2, "1:00:00 left"),
        (3661.0, "1:01:01 left"),
        (math.inf, "0:00 left"),
    ],
)
def test_format_left(seconds: float, text: str) -> None:
    assert format_left(seconds) == text


def test_format_duration_rounds_to_nearest() -> None:
    assert format_duration(59.4) == "0:59"
    assert format_duration(59.5) == "1:00"
    assert format_duration(3725.0) == "1:02:05"
    assert format_duration(-1.0) == "0:00"


def test_until_display_change() -> None:
    assert ceil_seconds(2.5) == 3
    assert until_display_change(2.5) == pytest.approx(0.5)
    assert until_display_change(3.0) == pytest.approx(1.0)
    assert until_display_change(0.0) == math.inf
    # after waiting that long the text has changed
    assert ceil_seconds(2.5 - until_display_change(2.5)) == 2

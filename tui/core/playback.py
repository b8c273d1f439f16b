"""Routine playback as a pure state machine driven by an injectable monotonic clock.

Nothing here counts ticks. The machine keeps an *anchor* (the segment it was last known to be
in and the active time at which that segment began) and every query works out the present from
a single clock reading, so a routine ends on time however rarely it is polled, and a large jump
of the clock (a suspended laptop) crosses any number of segments at once, straight to DONE if
need be.

Plan of a routine with ``n`` steps::

    READY (ready_seconds) , [TRANSITION i] , STEP i   for i in 0..n-1 , DONE

A transition is present only when ``transitions[i] > 0``; READY only when ``ready_seconds > 0``.

Times:

* *active time* is time since :meth:`Playback.start` with pauses taken out. Every segment clock
  runs on active time, so a pause stops all of them.
* ``total_planned`` is the routine's own length: steps plus transitions, without READY.
* ``routine_remaining`` is the rest of the plan from the present position: the rest of the current
  segment plus every later segment (READY excluded). Skipping takes the rest of the skipped
  segment off; going back adds the replayed part on again.

Inputs are plain numbers so this module does not depend on the routine model.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from tui.core.durations import EPS, ceil_seconds

__all__ = [
    "BACK_WINDOW",
    "DONE_FRACTION",
    "Outcome",
    "PlanSegment",
    "Playback",
    "PlaybackState",
    "SessionSummary",
    "Status",
    "until_display_change",
]

BACK_WINDOW = 2.0
"""``back()`` within this many seconds of a step's start goes to the previous step."""

DONE_FRACTION = 0.9
"""A step left by ``next()`` or ``stop()`` counts as done once this fraction of it has run."""


class PlaybackState(StrEnum):
    READY = "ready"
    TRANSITION = "transition"
    STEP = "step"
    DONE = "done"


class Outcome(StrEnum):
    DONE = "done"
    SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class PlanSegment:
    """One timed part of the plan. ``step`` is the step it belongs to (READY: step 0)."""

    kind: PlaybackState
    step: int
    seconds: float


@dataclass(frozen=True, slots=True)
class Status:
    """Everything the playback screen needs, computed from one clock reading."""

    now: float
    """The clock reading this status was computed for."""
    state: PlaybackState
    paused: bool
    started: bool
    finished: bool
    completed: bool
    """Reached the end of the plan (by time or by skipping); False when stopped early."""
    stopped_early: bool

    step_index: int | None
    """Current step (in READY and TRANSITION: the step about to start); None when DONE."""
    next_step_index: int | None
    """The step after ``step_index``, for "Next: ..."; None if there is none."""
    steps_total: int

    segment_index: int
    """Position in :attr:`Playback.plan`; ``len(plan)`` when DONE."""
    generation: int
    """Goes up by one at every segment change (natural, skip, back, restart, stop)."""

    segment_seconds: float
    segment_elapsed: float
    segment_remaining: float

    step_seconds: float
    """Planned length of the current step (0 when DONE)."""
    step_elapsed: float
    """Active time into the current STEP segment; 0 in READY and TRANSITION. Feed the pacer."""
    step_remaining: float
    """Rest of the current step; the whole step while it has not begun yet."""
    step_progress: float
    """0..1 through the current step (0 in READY and TRANSITION)."""

    total_planned: float
    """Steps plus transitions; READY not included."""
    routine_remaining: float
    routine_progress: float
    """``1 - routine_remaining / total_planned`` (frozen where it was on an early stop)."""

    active_seconds: float
    """Time since start without pauses (READY included); frozen at the end."""
    paused_seconds: float
    skipped_seconds: float
    """Planned time removed by ``next()`` (rests of steps and transitions)."""
    steps_done: int
    steps_skipped: int


@dataclass(frozen=True, slots=True)
class SessionSummary:
    """How a routine's playback went: time taken and paused, steps done and skipped."""

    active_seconds: float
    """Time taken: from start to the end, pauses not counted."""
    paused_seconds: float
    steps_done: int
    steps_skipped: int
    steps_total: int
    completed: bool
    stopped_early: bool
    finished: bool


@dataclass(frozen=True, slots=True)
class _Position:
    """Where playback is on the timeline: the segment, its start, active time, steps crossed."""

    seg: int
    seg_start: float
    active: float
    crossed: int


class Playback:
    """Playback of a routine given as step lengths and the transitions before them (seconds).

    ``transitions[i]`` is the time to move the hands before step ``i`` (``transitions[0]`` is
    normally 0). Operations act at the clock's present reading; none of them ever blocks.
    Operations that make no sense in the present state (e.g. ``next()`` before ``start()`` or
    after the end) do nothing.
    """

    def __init__(
        self,
        step_seconds: Sequence[float],
        transitions: Sequence[float] | None = None,
        ready_seconds: float = 3.0,
        clock: Callable[[], float] = time.monotonic,
        *,
        back_window: float = BACK_WINDOW,
        done_fraction: float = DONE_FRACTION,
    ) -> None:
        steps = [float(s) for s in step_seconds]
        trans = [0.0] * len(steps) if transitions is None else [float(t) for t in transitions]
        if len(trans) != len(steps):
            raise ValueError(
                f"transitions has {len(trans)} entries, expected one per step ({len(steps)})"
            )
        for name, values in (("step_seconds", steps), ("transitions", trans)):
            for i, v in enumerate(values):
                if not math.isfinite(v) or v < 0:
                    raise ValueError(f"{name}[{i}] must be a finite number >= 0, got {v!r}")
        ready = float(ready_seconds)
        if not math.isfinite(ready) or ready < 0:
            raise ValueError(f"ready_seconds must be a finite number >= 0, got {ready!r}")

        plan: list[PlanSegment] = []
        step_segment: list[int] = []
        if ready > 0 and steps:
            plan.append(PlanSegment(PlaybackState.READY, 0, ready))
        for i, (s, t) in enumerate(zip(steps, trans, strict=True)):
            if t > 0:
                plan.append(PlanSegment(PlaybackState.TRANSITION, i, t))
            step_segment.append(len(plan))
            plan.append(PlanSegment(PlaybackState.STEP, i, s))

        self.plan: tuple[PlanSegment, ...] = tuple(plan)
        self.step_seconds: tuple[float, ...] = tuple(steps)
        self.transitions: tuple[float, ...] = tuple(trans)
        self.ready_seconds = ready if steps else 0.0
        self.total_planned = math.fsum(steps) + math.fsum(trans)
        self.back_window = back_window
        self.done_fraction = done_fraction
        self._clock = clock
        self._step_segment = tuple(step_segment)
        # _after[k]: planned routine time of the segments after k (READY counts 0).
        after = [0.0] * (len(plan) + 1)
        for k in range(len(plan) - 1, -1, -1):
            own = 0.0 if plan[k].kind is PlaybackState.READY else plan[k].seconds
            after[k] = after[k + 1] + own
        self._after = (*after[1:], 0.0)

        self._started = False
        self._finished = False
        self._stopped = False
        self._paused = False
        self._active_acc = 0.0  # active time up to _resumed_at (or the pause / the end)
        self._resumed_at = 0.0
        self._pause_started = 0.0
        self._paused_acc = 0.0
        self._seg = 0
        self._seg_start = 0.0
        self._generation = 0
        self._outcomes: dict[int, Outcome] = {}
        self._skipped_seconds = 0.0
        self._final_progress = 0.0

    # ----------------------------------------------------------------- time bookkeeping

    @property
    def _running(self) -> bool:
        return self._started and not self._paused and not self._finished

    def _active(self, now: float) -> float:
        if self._running:
            return self._active_acc + (now - self._resumed_at)
        return self._active_acc

    def _locate(self, now: float) -> _Position:
        """Where the plan is at ``now``, from the anchor, without changing anything."""
        seg, start = self._seg, self._seg_start
        active = self._active(now)
        crossed = 0
        if self._running:
            plan = self.plan
            while seg < len(plan) and active - start >= plan[seg].seconds - EPS:
                start += plan[seg].seconds
                seg += 1
                crossed += 1
            if seg == len(plan):
                active = start  # the end is exactly at the last boundary
        return _Position(seg, start, active, crossed)

    def _crossed_steps(self, pos: _Position) -> list[int]:
        return [
            self.plan[k].step
            for k in range(self._seg, self._seg + pos.crossed)
            if self.plan[k].kind is PlaybackState.STEP
        ]

    def _settle(self, now: float) -> _Position:
        """Commit natural progress up to ``now`` into the anchor."""
        pos = self._locate(now)
        if pos.crossed:
            for step in self._crossed_steps(pos):
                self._outcomes[step] = Outcome.DONE
            self._seg, self._seg_start = pos.seg, pos.seg_start
            self._generation += pos.crossed
            if pos.seg == len(self.plan):
                self._finish(pos.active, now, stopped=False)
        return pos

    def _finish(self, active: float, now: float, *, stopped: bool) -> None:
        if self._paused:
            self._paused_acc += now - self._pause_started
            self._paused = False
        self._active_acc = active
        self._final_progress = self._progress(
            self._routine_remaining(self._seg, self._seg_start, active)
        )
        self._seg = len(self.plan)
        self._finished = True
        self._stopped = stopped

    def _jump(self, seg: int, now: float) -> None:
        """Begin segment ``seg`` (or DONE for ``len(plan)``) at ``now``."""
        active = self._active(now)
        self._generation += 1
        self._seg, self._seg_start = seg, active
        if seg >= len(self.plan):
            self._finish(active, now, stopped=False)

    def _routine_remaining(self, seg: int, seg_start: float, active: float) -> float:
        if seg >= len(self.plan):
            return 0.0
        current = self.plan[seg]
        if current.kind is PlaybackState.READY:
            return self._after[seg]
        elapsed = min(current.seconds, max(0.0, active - seg_start))
        return self._after[seg] + (current.seconds - elapsed)

    def _progress(self, remaining: float) -> float:
        if self.total_planned <= 0:
            return 1.0 if self._seg >= len(self.plan) else 0.0
        return min(1.0, max(0.0, 1.0 - remaining / self.total_planned))

    # ----------------------------------------------------------------- operations

    def start(self) -> None:
        """Start the clocks (READY countdown first). A second call does nothing."""
        if self._started:
            return
        now = self._clock()
        self._started = True
        self._resumed_at = now
        if not self.plan:
            self._generation += 1
            self._finish(0.0, now, stopped=False)

    def pause(self) -> None:
        if not self._started or self._finished or self._paused:
            return
        now = self._clock()
        pos = self._settle(now)
        if pos.seg >= len(self.plan):
            return
        self._active_acc = pos.active
        self._paused = True
        self._pause_started = now

    def resume(self) -> None:
        if not self._paused:
            return
        now = self._clock()
        self._paused_acc += now - self._pause_started
        self._paused = False
        self._resumed_at = now

    def toggle_pause(self) -> None:
        if self._paused:
            self.resume()
        else:
            self.pause()

    def next(self) -> None:
        """Skip ahead.

        In a STEP: end the step now and go on to the next segment (its transition, if any, or
        the next step, or DONE). The step counts as done if at least ``done_fraction`` of it
        had run, otherwise as skipped. In READY or a TRANSITION: start the step right away.
        The rest of the segment left is taken off the routine's time left.
        Works while paused too (the new segment then waits, paused, at its start).
        """
        here = self._here()
        if here is None:
            return
        now, pos, current, elapsed = here
        if current.kind is PlaybackState.STEP:
            self._skipped_seconds += max(0.0, current.seconds - elapsed)
            self._outcomes[current.step] = self._judge(current.seconds, elapsed)
            self._jump(pos.seg + 1, now)
        else:
            if current.kind is PlaybackState.TRANSITION:
                self._skipped_seconds += max(0.0, current.seconds - elapsed)
            self._jump(self._step_segment[current.step], now)

    def _here(self) -> tuple[float, _Position, PlanSegment, float] | None:
        """Now, the position, its segment and the active time into it; None if not playing."""
        if not self._started or self._finished:
            return None
        now = self._clock()
        pos = self._settle(now)
        if pos.seg >= len(self.plan):
            return None
        return now, pos, self.plan[pos.seg], pos.active - pos.seg_start

    def back(self) -> None:
        """Go back.

        In STEP ``i``: if at least ``back_window`` seconds (active time) of the step have run,
        restart step ``i``; otherwise (at its very start, or pressed again within the window
        after a restart) go to the start of step ``i-1`` (its STEP segment, no transition).
        For step 0 it always restarts step 0.
        In the TRANSITION before step ``i > 0``: go to the start of step ``i-1`` (the step
        just left). In READY, or a transition before step 0: restart that segment.
        Nothing is recorded as skipped by going back.
        """
        here = self._here()
        if here is None:
            return
        now, pos, current, elapsed = here
        if current.kind is PlaybackState.STEP:
            if elapsed >= self.back_window - EPS or current.step == 0:
                self._jump(pos.seg, now)
            else:
                self._jump(self._step_segment[current.step - 1], now)
        elif current.kind is PlaybackState.TRANSITION and current.step > 0:
            self._jump(self._step_segment[current.step - 1], now)
        else:
            self._jump(pos.seg, now)

    def stop(self) -> None:
        """End early. The current step counts as done if nearly complete (see ``next()``),
        otherwise it is neither done nor skipped. The summary stays available."""
        if self._finished:
            return
        now = self._clock()
        if not self._started:
            self._started = True
            self._resumed_at = now
            self._generation += 1
            self._finish(0.0, now, stopped=True)
            return
        pos = self._settle(now)
        if pos.seg >= len(self.plan):
            return
        current = self.plan[pos.seg]
        elapsed = pos.active - pos.seg_start
        if (
            current.kind is PlaybackState.STEP
            and self._judge(current.seconds, elapsed) is Outcome.DONE
            and self._outcomes.get(current.step) is not Outcome.DONE
        ):
            self._outcomes[current.step] = Outcome.DONE
        self._generation += 1
        self._finish(pos.active, now, stopped=True)

    def _judge(self, seconds: float, elapsed: float) -> Outcome:
        if elapsed >= self.done_fraction * seconds - EPS:
            return Outcome.DONE
        return Outcome.SKIPPED

    # ----------------------------------------------------------------- queries

    def status(self) -> Status:
        """The present state, from one clock reading. Changes nothing."""
        now = self._clock()
        pos = self._locate(now)
        outcomes = dict(self._outcomes)
        for step in self._crossed_steps(pos):
            outcomes[step] = Outcome.DONE
        steps_done = sum(1 for o in outcomes.values() if o is Outcome.DONE)
        steps_skipped = sum(1 for o in outcomes.values() if o is Outcome.SKIPPED)
        paused_seconds = self._paused_acc + (now - self._pause_started if self._paused else 0.0)
        n = len(self.step_seconds)
        done = pos.seg >= len(self.plan)
        generation = self._generation + pos.crossed

        if done:
            completed = not self._stopped
            return Status(
                now=now,
                state=PlaybackState.DONE,
                paused=False,
                started=True,
                finished=True,
                completed=completed,
                stopped_early=self._stopped,
                step_index=None,
                next_step_index=None,
                steps_total=n,
                segment_index=len(self.plan),
                generation=generation,
                segment_seconds=0.0,
                segment_elapsed=0.0,
                segment_remaining=0.0,
                step_seconds=0.0,
                step_elapsed=0.0,
                step_remaining=0.0,
                step_progress=1.0 if completed else 0.0,
                total_planned=self.total_planned,
                routine_remaining=0.0,
                routine_progress=1.0 if completed else self._final_progress,
                active_seconds=pos.active,
                paused_seconds=paused_seconds,
                skipped_seconds=self._skipped_seconds,
                steps_done=steps_done,
                steps_skipped=steps_skipped,
            )

        current = self.plan[pos.seg]
        seg_elapsed = min(current.seconds, max(0.0, pos.active - pos.seg_start))
        seg_remaining = current.seconds - seg_elapsed
        step = current.step
        step_len = self.step_seconds[step]
        if current.kind is PlaybackState.STEP:
            step_elapsed = seg_elapsed
            step_remaining = seg_remaining
            step_progress = seg_elapsed / step_len if step_len > 0 else 1.0
        else:
            step_elapsed = 0.0
            step_remaining = step_len
            step_progress = 0.0
        routine_remaining = self._routine_remaining(pos.seg, pos.seg_start, pos.active)
        return Status(
            now=now,
            state=current.kind,
            paused=self._paused,
            started=self._started,
            finished=False,
            completed=False,
            stopped_early=False,
            step_index=step,
            next_step_index=step + 1 if step + 1 < n else None,
            steps_total=n,
            segment_index=pos.seg,
            generation=generation,
            segment_seconds=current.seconds,
            segment_elapsed=seg_elapsed,
            segment_remaining=seg_remaining,
            step_seconds=step_len,
            step_elapsed=step_elapsed,
            step_remaining=step_remaining,
            step_progress=min(1.0, max(0.0, step_progress)),
            total_planned=self.total_planned,
            routine_remaining=routine_remaining,
            routine_progress=self._progress(routine_remaining),
            active_seconds=pos.active,
            paused_seconds=paused_seconds,
            skipped_seconds=self._skipped_seconds,
            steps_done=steps_done,
            steps_skipped=steps_skipped,
        )

    def next_change_at(self) -> float | None:
        """Clock time of the next segment boundary; None before start, when paused or done."""
        if not self._running:
            return None
        pos = self._locate(self._clock())
        if pos.seg >= len(self.plan):
            return None
        end_active = pos.seg_start + self.plan[pos.seg].seconds
        return self._resumed_at + (end_active - self._active_acc)

    def seconds_until_next_change(self) -> float | None:
        """Seconds from now to :meth:`next_change_at` (never negative), or None."""
        if not self._running:
            return None
        now = self._clock()
        pos = self._locate(now)
        if pos.seg >= len(self.plan):
            return None
        end_active = pos.seg_start + self.plan[pos.seg].seconds
        return max(0.0, end_active - pos.active)

    def summary(self) -> SessionSummary:
        """Time taken, pauses, steps done and skipped; meaningful at any time, final once
        finished."""
        st = self.status()
        return SessionSummary(
            active_seconds=st.active_seconds,
            paused_seconds=st.paused_seconds,
            steps_done=st.steps_done,
            steps_skipped=st.steps_skipped,
            steps_total=st.steps_total,
            completed=st.completed,
            stopped_early=st.stopped_early,
            finished=st.finished,
        )


def until_display_change(seconds_left: float) -> float:
    """Seconds until :func:`ceil_seconds` of a running countdown next changes (in (0, 1]);
    ``math.inf`` when it already reads 0. Schedule text updates with it."""
    whole = ceil_seconds(seconds_left)
    if whole <= 0:
        return math.inf
    return max(EPS, seconds_left - (whole - 1))

"""Full-screen playback of a routine: the step, a breathing pacer, progress and exact timing.

Time comes only from :class:`tui.core.playback.Playback`, which reads an
injectable monotonic clock. The screen never ticks at a fixed rate: after each
redraw it sleeps until the next moment something on screen changes (a pacer
cell, a count, a ``M:SS left``, a step boundary). Paused, no timer runs and
nothing is written to the terminal.
"""

from __future__ import annotations

import math
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from tui.core.bodymap import REGION_VIEWS
from tui.core.durations import format_clock, format_duration, format_left
from tui.core.pacing import PatternLike
from tui.core.playback import Playback, State, Status, Summary, until_display_change
from tui.core.points import Catalogue
from tui.core.routines import ASHI_CAUTION, PlannedStep, Routine, general_cautions
from tui.core.text import visible
from tui.screens.base import AppScreen
from tui.screens.confirm import ConfirmScreen
from tui.widgets.bodymap import BodyMap
from tui.widgets.key_bar import KeyBar
from tui.widgets.meter import Meter
from tui.widgets.pacer import Pacer

SIDES = {
    "both": "both sides",
    "left": "left side",
    "right": "right side",
    "center": "on the midline",
}
TECHNIQUES = {
    "press": "steady pressure",
    "hold": "gentle hold",
    "circular": "small circles",
    "knead": "kneading",
    "tap": "light tapping",
}


def how_text(step: PlannedStep) -> str:
    """``Both sides · steady pressure · 1:30``."""
    return (
        f"{SIDES.get(step.side, step.side).capitalize()} · "
        f"{TECHNIQUES.get(step.technique, step.technique)} · {format_clock(step.seconds)}"
    )


def step_heading(step: PlannedStep) -> str:
    return f"{step.point} {step.pinyin}, {SIDES.get(step.side, step.side)}"


@dataclass(frozen=True)
class PlaybackOutcome:
    """What the screen hands back when it closes."""

    slug: str
    summary: Summary


class PlaybackScreen(AppScreen[PlaybackOutcome]):
    """Plays one routine. ``clock`` is injectable so tests can freeze and move time."""

    HELP = (
        "Follow the cue, press as shown and breathe with the pacer. Space pauses and "
        "resumes (every clock stops). n or → skips to the next step; p or ← restarts the "
        "step, and pressed again at once goes back a step. m mutes the bell. q or Esc stops, "
        "after asking."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_pause", "Pause"),
        Binding("n,right", "next", "Next"),
        Binding("p,left", "back", "Back"),
        Binding("m", "mute", "Mute"),
        Binding("q,escape", "stop", "Stop"),
        Binding("r", "rate", "Rate pain"),
        Binding("enter", "close", "Close"),
        # Digits: a one-key pain rating, "before" during get-ready and "after" at the end.
        *(Binding(str(n), f"quick_rate({n})", f"Rate {n}", show=False) for n in range(10)),
    ]

    def __init__(
        self,
        slug: str,
        routine: Routine,
        plan: list[PlannedStep],
        catalogue: Catalogue,
        *,
        clock: Callable[[], float] = time.monotonic,
        bell: bool = True,
        muted: bool = False,
        reduced_motion: bool = False,
        ascii: bool = False,
        on_mute: Callable[[bool], None] | None = None,
    ) -> None:
        super().__init__()
        self.slug = slug
        self.routine = routine
        self.plan = plan
        self.catalogue = catalogue
        self.clock = clock
        self.bell_enabled = bell
        self.muted = muted
        self.reduced_motion = reduced_motion
        self.ascii = ascii
        self.on_mute = on_mute
        self.playback = Playback(
            [s.seconds for s in plan], [s.transition_before for s in plan], clock=clock
        )
        self._timer: Timer | None = None
        self._general_cautions = set(general_cautions(catalogue))
        self._generation = -1
        self._shown_step: int | None = None
        self._shown_title: Content | None = None
        self._pattern: PatternLike | None = None
        self.bells = 0
        """Times the bell rang (for tests)."""
        self.session = uuid.uuid4().hex[:12]
        """Links the before and after ratings of this run in the journal."""
        self.ratings: dict[str, int] = {}
        """Levels saved this run, by phase ("before", "after")."""
        self._saving: dict[Worker[None], Callable[[BaseException | None], None]] = {}

    # ---- layout ------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="play-title", markup=False)
        with Horizontal(id="play-main"):
            with Vertical(id="play-step"):
                yield Static(id="play-point", markup=False)
                yield Static(id="play-how", markup=False)
                # Cautions before the cue: if a small screen cannot hold both, the cue gives way.
                yield Static(id="play-caution", classes="caution", markup=False)
                yield Static(id="play-cue", markup=False)
            yield BodyMap(ascii=self.ascii, show_title=False, id="play-map")
        first = self.plan[0].breathing if self.plan else (4.0, 0.0, 6.0, 0.0)
        yield Pacer(first, reduced_motion=self.reduced_motion, ascii=self.ascii, id="play-pacer")
        yield Meter("Step   ", ascii=self.ascii, id="play-step-meter")
        yield Meter("Routine", ascii=self.ascii, id="play-routine-meter")
        yield Static(id="play-next", markup=False)
        yield Static(id="play-summary", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#play-summary").display = False
        self.playback.start()
        self.update_view()

    def on_unmount(self) -> None:
        self._cancel_timer()

    # ---- the clock-driven redraw ---------------------------------------------

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def update_view(self) -> None:
        """Draw what the clock says now, then sleep until the picture next changes."""
        self._cancel_timer()
        status = self.playback.status()
        if status.generation != self._generation:
            if self._generation >= 0:
                self.ring()
            self._generation = status.generation
        if status.state is State.DONE:
            self.show_summary(self.playback.summary())
            return
        self._show_step(status)
        breath_t = status.active_seconds
        pacer = self.query_one(Pacer)
        if status.state is State.READY:
            pacer.show_text(f"Get ready {math.ceil(status.segment_remaining - 1e-6)}")
            pacer_next = until_display_change(status.segment_remaining)
        elif status.state is State.TRANSITION:
            pacer.show_text(f"Move your hands {math.ceil(status.segment_remaining - 1e-6)}")
            pacer_next = until_display_change(status.segment_remaining)
        else:
            pacer_next = pacer.show(breath_t, paused=status.paused) - breath_t
        self.query_one("#play-step-meter", Meter).set(
            status.step_progress, format_left(status.step_remaining)
        )
        self.query_one("#play-routine-meter", Meter).set(
            status.routine_progress, format_left(status.routine_remaining)
        )
        self._show_title(status)
        if status.paused:
            return  # Paused: no timer, no output until a key is pressed.
        waits = [
            pacer_next,
            until_display_change(status.step_remaining) if status.state is State.STEP else math.inf,
            until_display_change(status.routine_remaining),
        ]
        boundary = self.playback.seconds_until_next_change()
        if boundary is not None:
            waits.append(boundary)
        wait = max(0.001, min(waits))
        if math.isfinite(wait):
            self._timer = self.set_timer(wait, self.update_view, name="playback")

    def _show_title(self, status: Status) -> None:
        step = (status.step_index or 0) + 1
        parts: list[Content | str] = [
            Content.styled(f" {visible(self.routine.title, one_line=True)}", "bold"),
            f"  ·  step {step} of {status.steps_total}",
        ]
        if status.paused:
            parts.append(Content.styled("   PAUSED", "bold reverse $warning"))
        if self.muted:
            parts.append(Content.styled("   muted", "$text-muted"))
        if "before" in self.ratings:
            parts.append(Content.styled(f"   pain before: {self.ratings['before']}", "$text-muted"))
        elif status.state is State.READY:
            parts.append(Content.styled("   0-9: rate your pain first", "$text-muted"))
        title = Content.assemble(*parts)
        if title != self._shown_title:
            # Unchanged most of the time: updating anyway would resend the row and lay the
            # screen out again. It is one line high, so no layout is needed when it changes.
            self._shown_title = title
            self.query_one("#play-title", Static).update(title, layout=False)

    def _show_step(self, status: Status) -> None:
        index = status.step_index or 0
        if index == self._shown_step:
            return
        self._shown_step = index
        step = self.plan[index]
        if step.ashi:  # a tender spot the person finds: its region on the map, with no mark
            self._show_ashi(step, status)
            return
        point = self.catalogue.require(step.point)
        self.query_one("#play-point", Static).update(
            Content.assemble(
                Content.styled(f"{step.point} {step.pinyin}", "bold $accent"),
                f"  {point.name}",
            )
        )
        self.query_one("#play-how", Static).update(Content.styled(how_text(step), "bold"))
        self.query_one("#play-cue", Static).update(visible(step.cue))
        # The caution every point carries (never on broken skin) is in the safety notice;
        # here only what is particular to this point, so it is not cut off on small screens.
        particular = [c for c in point.cautions if c not in self._general_cautions]
        caution = self.query_one("#play-caution", Static)
        caution.display = bool(particular)
        caution.update(visible("\n".join(f"⚠ {c}" for c in particular)))
        self.query_one(BodyMap).show(point.map.view, point.map.marks)
        self._show_rest(step, status)

    def _show_rest(self, step: PlannedStep, status: Status) -> None:
        # Words before the picture: where the cautions and cue do not fit beside the map,
        # the map gives way for this step (a class, so the narrow layout still hides it).
        self.set_class(False, "-crowded")
        self.call_after_refresh(self._make_room)
        pacer = self.query_one(Pacer)
        pacer.set_pattern(step.breathing)
        nxt = status.next_step_index
        self.query_one("#play-next", Static).update(
            f"Next: {step_heading(self.plan[nxt])}" if nxt is not None else "Next: the end"
        )

    @property
    def cue_cut_off(self) -> bool:
        """Whether the step's words run past the bottom of their pane."""
        box = self.query_one("#play-step")
        cue = self.query_one("#play-cue", Static)
        needed = cue.get_content_height(cue.size, cue.size, cue.content_region.width)
        return cue.region.bottom > box.region.bottom or needed > cue.content_region.height

    def _make_room(self) -> None:
        if self.is_mounted and self.query_one(BodyMap).display and self.cue_cut_off:
            self.set_class(True, "-crowded")

    def _show_ashi(self, step: PlannedStep, status: Status) -> None:
        region = step.region.replace("-", " ")
        self.query_one("#play-point", Static).update(
            Content.assemble(
                Content.styled("Tender spot", "bold $accent"),
                f"  in the {region}: find it yourself" if region else "  find it yourself",
            )
        )
        self.query_one("#play-how", Static).update(Content.styled(how_text(step), "bold"))
        self.query_one("#play-cue", Static).update(
            visible(" ".join(x for x in (step.find, step.cue) if x))
        )
        caution = self.query_one("#play-caution", Static)
        caution.display = True
        caution.update(f"⚠ {ASHI_CAUTION}")
        self.query_one(BodyMap).show(REGION_VIEWS.get(step.region, "back"), ())
        self._show_rest(step, status)

    def ring(self) -> None:
        if self.bell_enabled and not self.muted:
            self.bells += 1
            self.app.bell()

    # ---- the end ----------------------------------------------------------------

    def show_summary(self, summary: Summary) -> None:
        for widget in self.query("#play-main, Pacer, Meter, #play-next"):
            widget.display = False
        verdict = "Routine complete." if summary.completed else "Stopped early."
        lines: list[Content | str] = [
            Content.styled(
                f"{verdict}  {visible(self.routine.title, one_line=True)}", "bold $accent"
            ),
            "",
            f"Time taken   {format_duration(summary.active_seconds)}",
            f"Steps done   {summary.steps_done} of {summary.steps_total}",
            f"Skipped      {summary.steps_skipped}",
        ]
        if summary.paused_seconds >= 1:
            lines.append(f"Paused for   {format_duration(summary.paused_seconds)}")
        lines.append("")
        if "after" in self.ratings:
            lines.append(f"Pain now: {self.ratings['after']}/10, saved to your journal.")
        else:
            lines.append("How is your pain now? Press 0-9 to log it in one key, r for more detail.")
        if "before" in self.ratings:
            lines.append(f"Before the routine: {self.ratings['before']}/10.")
        lines += ["", "Press Enter or q to close."]
        box = self.query_one("#play-summary", Static)
        box.update(Content("\n").join(Content(x) if isinstance(x, str) else x for x in lines))
        box.display = True
        self._show_title_done(summary)
        self.refresh_bindings()

    def _show_title_done(self, summary: Summary) -> None:
        self._shown_title = None
        self.query_one("#play-title", Static).update(
            Content.styled(f" {visible(self.routine.title, one_line=True)}  ·  finished", "bold")
        )

    # ---- keys -------------------------------------------------------------------

    @property
    def finished(self) -> bool:
        return self.playback.status().finished

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("toggle_pause", "next", "back", "mute"):
            return not self.finished  # At the end, only rating and closing remain.
        if action in ("rate", "close"):
            return self.finished
        if action == "quick_rate":
            status = self.playback.status()
            return status.state in (State.READY, State.DONE) or None
        return True

    # ---- pain ratings -----------------------------------------------------------

    def action_quick_rate(self, level: int) -> None:
        status = self.playback.status()
        phase = "after" if status.state is State.DONE else "before"
        self.save_rating(phase, level, (), None)

    def action_rate(self) -> None:
        from tui.screens.rate import RatePainScreen
        from tui.widgets.pain_form import RateResult

        def rated(result: RateResult | None) -> None:
            if result is not None:
                self.save_rating("after", result.level, tuple(result.areas), result.note)

        self.app.push_screen(RatePainScreen("How is your pain now?"), rated)

    def save_rating(self, phase: str, level: int, areas: tuple[str, ...], note: str | None) -> None:
        """Save a before/after rating for this run, in a thread: the screen never waits on disk."""
        from tui.core.journal.entry import new_entry

        try:
            entry = new_entry(
                level, areas, note, routine=self.slug, phase=phase, session=self.session
            )
        except ValueError as error:  # a routine file name the journal cannot store, say
            self.notify(
                visible(str(error)), title="Not saved", severity="error", timeout=10, markup=False
            )
            return
        replacing = self.ratings.get(phase)
        self.ratings[phase] = level

        def write() -> None:
            # Resolving the journal may fail too (a journal setting it cannot use): "Not saved".
            self.services.journal_store().append(entry)

        def done(error: BaseException | None) -> None:
            if error is None:
                self.notify(f"Pain {phase} the routine: {level}/10, saved.", timeout=3)
            else:
                if replacing is None:
                    self.ratings.pop(phase, None)
                else:
                    self.ratings[phase] = replacing
                self.notify(
                    visible(str(error)),
                    title="Not saved",
                    severity="error",
                    timeout=10,
                    markup=False,
                )
            if self.finished:
                self.show_summary(self.playback.summary())

        worker = self.run_worker(write, thread=True, group="journal", exit_on_error=False)
        self._saving[worker] = done
        self._show_title(self.playback.status())

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state not in (WorkerState.SUCCESS, WorkerState.ERROR):
            return
        callback = self._saving.pop(event.worker, None)
        if callback is not None:
            callback(event.worker.error)

    def action_toggle_pause(self) -> None:
        self.playback.toggle_pause()
        self.update_view()

    def action_next(self) -> None:
        self.playback.next()
        self.update_view()

    def action_back(self) -> None:
        self.playback.back()
        self.update_view()

    def action_mute(self) -> None:
        self.muted = not self.muted
        if self.on_mute is not None:
            self.on_mute(self.muted)
        self.notify("Bell muted." if self.muted else "Bell on.", timeout=2)
        self._show_title(self.playback.status())

    def action_stop(self) -> None:
        if self.finished:
            self.close()
            return
        was_paused = self.playback.status().paused
        if not was_paused:
            self.playback.pause()
            self.update_view()

        def answered(stop: bool | None) -> None:
            if stop:
                self.playback.stop()
            elif not was_paused:
                self.playback.resume()
            self.update_view()

        self.app.push_screen(
            ConfirmScreen(
                "Stop this routine?",
                "Your progress is not kept; you can start it again from the list.",
                yes="Stop",
                no="Keep going",
            ),
            answered,
        )

    def close(self) -> None:
        self.dismiss(PlaybackOutcome(self.slug, self.playback.summary()))

    def action_close(self) -> None:
        self.close()

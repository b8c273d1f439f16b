"""Full-screen playback of a routine: the step, a breathing pacer, progress and exact timing.

Time comes only from :class:`tui.core.playback.Playback`, which reads an
injectable monotonic clock. The screen never ticks at a fixed rate: after each
redraw it sleeps until the next moment something on screen changes (a pacer
cell, a count, a ``M:SS left``, a step boundary). Paused, no timer runs and
nothing is written to the terminal. Anything shown over it (help, the command
palette, a question, the whole step) pauses it, and it goes on where it was when
that closes.

The step's cautions are never cut (:mod:`tui.widgets.step_panel`): they come before
the body map and the cue, and where even they cannot fit, a line counts them and
``c`` shows them. Messages go on a line of their own, never over the progress bars.

One rating per moment: a run has at most one "before" rating (until the first step
ends) and one "after" rating (at the end); another digit changes the same journal
entry, and the screen shows what is saved.
"""

from __future__ import annotations

import math
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.events import Resize
from textual.notifications import SeverityLevel
from textual.timer import Timer
from textual.widgets import Static

from tui.core.bodymap import REGION_VIEWS
from tui.core.durations import format_clock, format_duration, format_left
from tui.core.journal.entry import Entry, new_entry
from tui.core.pacing import PatternLike
from tui.core.playback import Playback, PlaybackState, SessionSummary, Status, until_display_change
from tui.core.points import Catalogue
from tui.core.routines import PlannedStep, Routine, step_cautions
from tui.core.settings import Settings
from tui.core.text import visible
from tui.screens.base import AppScreen
from tui.screens.confirm import ConfirmScreen
from tui.widgets.bodymap import BodyMap
from tui.widgets.key_bar import KeyBar
from tui.widgets.meter import Meter
from tui.widgets.pacer import Pacer
from tui.widgets.step_panel import StepPanel
from tui.widgets.title_line import TitleLine

TECHNIQUES = {
    "press": "steady pressure",
    "hold": "gentle hold",
    "circular": "small circles",
    "knead": "kneading",
    "tap": "light tapping",
}
MESSAGE_SECONDS = 4.0
"""How long a message stays on its line (errors: longer, see :meth:`show_message`)."""


def how_text(step: PlannedStep) -> str:
    """``Both sides · steady pressure · 1:30``."""
    return (
        f"{step.side_text.capitalize()} · "
        f"{TECHNIQUES.get(step.technique, step.technique)} · {format_clock(step.seconds)}"
    )


def step_heading(step: PlannedStep) -> str:
    return f"{step.point} {step.pinyin}, {step.side_text}"


@dataclass(frozen=True)
class PlaybackOutcome:
    """What the screen hands back when it closes."""

    slug: str
    summary: SessionSummary


class PlaybackScreen(AppScreen[PlaybackOutcome]):
    """Plays one routine. ``clock`` is injectable so tests can freeze and move time."""

    HELP = (
        "Follow the cue, press as shown and breathe with the pacer. Before the first step ends, "
        "a digit rates your pain before the routine; at the end, your pain after it (another "
        "digit changes it; r adds areas and a note). Anything shown over playback (help, the "
        "command palette, c) pauses it until it closes."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "pause", "Pause"),
        Binding("space", "resume", "Resume"),
        Binding("n,right", "next", "Next step"),
        Binding("p,left", "back", "Back (twice: step before)", show=False),
        Binding("m", "bell(False)", "Mute the bell"),
        Binding("m", "bell(True)", "Bell on"),
        Binding("c", "full_step", "Step in full"),
        Binding("enter,q,escape", "close", "Close"),
        Binding("q,escape", "stop", "Stop"),
        Binding("r", "rate", "Rate with areas and a note"),
        # Digits: the pain rating, "before" until the first step ends and "after" at the end.
        *(
            Binding(
                str(n),
                f"quick_rate({n})",
                "Rate your pain now" if n == 0 else "",
                show=False,
                key_display="0-9" if n == 0 else None,
            )
            for n in range(10)
        ),
    ]
    KEY_BAR_YIELD: ClassVar[tuple[str, ...]] = ("bell(False)", "bell(True)", "next", "rate")
    """Where the key line is too narrow for every key, these give way first: pause, the
    whole step (its cautions), stop and help stay."""

    def __init__(
        self,
        slug: str,
        routine: Routine,
        plan: list[PlannedStep],
        catalogue: Catalogue,
        *,
        clock: Callable[[], float] = time.monotonic,
        reduced_motion: bool = False,
        ascii: bool = False,
    ) -> None:
        super().__init__()
        self.slug = slug
        self.routine = routine
        self.plan = plan
        self.catalogue = catalogue
        self.clock = clock
        self.reduced_motion = reduced_motion
        self.ascii = ascii
        self.playback = Playback(
            [s.seconds for s in plan], [s.transition_before for s in plan], clock=clock
        )
        self._timer: Timer | None = None
        self._message_timer: Timer | None = None
        self._generation = -1
        self._shown_step: int | None = None
        self._pattern: PatternLike | None = None
        self._auto_paused = False
        self._summary_shown = False
        self._extra_rows = 0
        self._next_text = ""
        self.bells = 0
        """Times the bell rang (for tests)."""
        self._title = visible(routine.title, one_line=True)
        self.session = uuid.uuid4().hex[:12]
        """Links the before and after ratings of this run in the journal."""
        self.saved: dict[str, Entry] = {}
        """The rating of each phase ("before", "after") as the journal holds it now."""
        self._wanted: dict[str, Entry] = {}
        self._writing: set[str] = set()
        self._waiting: dict[str, list[Callable[[str | None], None]]] = {}

    # ---- layout ------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TitleLine(id="play-title")
        with Horizontal(id="play-main"):
            yield StepPanel(id="play-step")
            yield BodyMap(ascii=self.ascii, show_title=False, id="play-map")
        first = self.plan[0].breathing if self.plan else (4.0, 0.0, 6.0, 0.0)
        yield Pacer(first, reduced_motion=self.reduced_motion, ascii=self.ascii, id="play-pacer")
        yield Meter("Step   ", ascii=self.ascii, id="play-step-meter")
        yield Meter("Routine", ascii=self.ascii, id="play-routine-meter")
        # "Next: ...", or for a few seconds a message: never over the bars and the time left.
        yield Static(id="play-next", markup=False)
        yield Static(id="play-summary", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#play-summary").display = False
        self.playback.start()
        self.update_view()

    def on_unmount(self) -> None:
        self._cancel_timer()

    def on_resize(self, event: Resize) -> None:
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        """Make room for the step: its cautions first, then its cue, then the rest.

        In this order, as long as the step does not fit: the body map goes, then the
        "Next:" line (messages still show there) and the pacer's shape (its words stay).
        Where the cautions still do not fit, the step panel counts them instead (``c``
        shows them).
        """
        main = self.query_one("#play-main")
        if not main.size.width or self.finished:
            return
        body_map = self.query_one(BodyMap)
        panel = self.query_one(StepPanel)
        compact = self.has_class("-compact")
        if not compact:
            self._extra_rows = self._rows_compaction_frees()
        height = main.content_size.height - (self._extra_rows if compact else 0)
        width = main.content_size.width
        with_map = width - (body_map.get_content_width(main.content_size, main.content_size) + 2)
        narrow = self.has_class("-narrow") or with_map < 30
        if not narrow and panel.full(with_map, gaps=False) <= height:
            show_map, compact = True, False
        elif panel.full(width, gaps=False) <= height:
            show_map, compact = False, False
        else:
            show_map, compact = False, True
        if body_map.display != show_map:
            body_map.display = show_map
        if compact != self.has_class("-compact"):
            self.set_class(compact, "-compact")
            self.query_one(Pacer).set_compact(compact)
            self._show_next_line()
            self.update_view()
        panel.refresh()

    def _rows_compaction_frees(self) -> int:
        """Rows the pacer's shape, the "Next:" line and their margins take now."""
        pacer = self.query_one(Pacer)
        rows = pacer.outer_size.height - 1 if pacer.display else 0  # its words stay
        next_line = self.query_one("#play-next")
        if next_line.display and self._message_timer is None:
            rows += next_line.outer_size.height
        for widget in (next_line, pacer):
            margin = widget.styles.margin
            rows += margin.top + margin.bottom
        return max(0, rows)

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
        if status.state is PlaybackState.DONE:
            self.show_summary(self.playback.summary())
            return
        self._show_step(status)
        breath_t = status.active_seconds
        pacer = self.query_one(Pacer)
        if status.state is PlaybackState.READY:
            pacer.show_text(f"Get ready {math.ceil(status.segment_remaining - 1e-6)}")
            pacer_next = until_display_change(status.segment_remaining)
        elif status.state is PlaybackState.TRANSITION:
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
        self.refresh_bindings()  # what a digit does changes when the first step ends
        if status.paused:
            return  # Paused: no timer, no output until a key is pressed.
        waits = [
            pacer_next,
            until_display_change(status.step_remaining)
            if status.state is PlaybackState.STEP
            else math.inf,
            until_display_change(status.routine_remaining),
        ]
        boundary = self.playback.seconds_until_next_change()
        if boundary is not None:
            waits.append(boundary)
        wait = max(0.001, min(waits))
        if math.isfinite(wait):
            self._timer = self.set_timer(wait, self.update_view, name="playback")

    def _rating_text(self, phase: str) -> str | None:
        """``pain before: 7``, ``pain before: 7 (saving…)``, or None."""
        saved, wanted = self.saved.get(phase), self._wanted.get(phase)
        if wanted is None:
            return None
        if saved is not None and saved == wanted:
            return f"pain {phase}: {saved.level}"
        return f"pain {phase}: {wanted.level} (saving…)"

    def _show_title(self, status: Status) -> None:
        step = (status.step_index or 0) + 1
        parts: list[tuple[Content, int]] = [
            (Content(f"  ·  step {step} of {status.steps_total}"), 0)
        ]
        if status.paused and not self._auto_paused:
            parts.append((Content.styled("   PAUSED", "bold reverse $warning"), 0))
        if not self.services.settings.bell:
            parts.append((Content.styled("   muted", "$text-muted"), 1))
        rating = self._rating_text("before")
        if rating is not None:
            parts.append((Content.styled(f"   {rating}", "$text-muted"), 2))
        elif self.before_open(status):
            parts.append((Content.styled("   0-9: your pain now", "$text-muted"), 2))
        self.query_one(TitleLine).set(Content.styled(f" {self._title}", "bold"), parts)

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
        own, general = step_cautions(step.point, self.catalogue)
        self.query_one(StepPanel).show(
            Content.assemble(
                Content.styled(f"{step.point} {step.pinyin}", "bold $accent-text"),
                f"  {point.name}",
            ),
            Content.styled(how_text(step), "bold"),
            # Every caution of the point: what is particular to it, then (in one paragraph)
            # the ones every point carries (never on broken skin, blood thinners).
            own,
            visible(step.cue),
            together=general,
        )
        self.query_one(BodyMap).show(point.map.view, point.map.marks)
        self._show_rest(step, status)

    def _show_rest(self, step: PlannedStep, status: Status) -> None:
        pacer = self.query_one(Pacer)
        pacer.set_pattern(step.breathing)
        nxt = status.next_step_index
        self._next_text = (
            f"Next: {step_heading(self.plan[nxt])}" if nxt is not None else "Next: the end"
        )
        if self._message_timer is None:
            self.query_one("#play-next", Static).update(self._next_text)
        self.call_after_refresh(self._fit)

    def _show_ashi(self, step: PlannedStep, status: Status) -> None:
        """A tender spot the person finds: its region on the map, with no mark."""
        region = step.region.replace("-", " ")
        own, general = step_cautions(step.point, self.catalogue)
        self.query_one(StepPanel).show(
            Content.assemble(
                Content.styled("Tender spot", "bold $accent-text"),
                f"  in the {region}: find it yourself" if region else "  find it yourself",
            ),
            Content.styled(how_text(step), "bold"),
            own,
            visible(" ".join(x for x in (step.find, step.cue) if x)),
            together=general,
        )
        self.query_one(BodyMap).show(REGION_VIEWS.get(step.region, "back"), ())
        self._show_rest(step, status)

    def ring(self) -> None:
        if self.services.settings.bell:
            self.bells += 1
            self.app.bell()

    def settings_changed(self, settings: Settings) -> None:
        self.reduced_motion = self.services.reduced_motion
        self.query_one(Pacer).set_reduced_motion(self.reduced_motion)
        if self.finished:
            self.show_summary(self.playback.summary())
        else:
            self.update_view()  # the pacer's next change depends on the motion
        self.refresh_bindings()

    # ---- messages: a line of their own -------------------------------------------

    def show_message(
        self, message: str, *, severity: SeverityLevel = "information", timeout: float | None = None
    ) -> None:
        """Show *message* for a few seconds where "Next: ..." is (the app sends its
        notifications here: a toast would cover the progress bars and the time left)."""
        line = self.query_one("#play-next", Static)
        style = {"error": "bold $error", "warning": "bold $warning"}.get(severity, "bold")
        line.update(Content.styled(visible(message), style))
        line.set_class(severity == "error", "-error")
        if self._message_timer is not None:
            self._message_timer.stop()
        seconds = timeout if timeout is not None else MESSAGE_SECONDS
        if severity == "error":
            seconds = max(seconds, 10.0)
        self._message_timer = self.set_timer(seconds, self._clear_message, name="message")
        self._show_next_line()

    def _clear_message(self) -> None:
        if self._message_timer is not None:
            self._message_timer.stop()
        self._message_timer = None
        line = self.query_one("#play-next", Static)
        line.set_class(False, "-error")
        line.update(self._next_text)
        self._show_next_line()

    def _show_next_line(self) -> None:
        """The line under the bars: a message while there is one; else "Next: ...", except
        on the finished screen and where the step needs the row (``-compact``)."""
        shown = self._message_timer is not None or not (self.finished or self.has_class("-compact"))
        line = self.query_one("#play-next")
        if line.display != shown:
            line.display = shown

    # ---- the end ----------------------------------------------------------------

    def show_summary(self, summary: SessionSummary) -> None:
        for widget in self.query("#play-main, Pacer, Meter"):
            widget.display = False
        # The "Next:" line shows messages only now (errors: what was not saved).
        self._show_next_line()
        verdict = "Routine complete." if summary.completed else "Stopped early."
        lines: list[Content | str] = [
            Content.styled(f"{verdict}  {self._title}", "bold $accent-text"),
            "",
            f"Time taken   {format_duration(summary.active_seconds)}",
            f"Steps done   {summary.steps_done} of {summary.steps_total}",
            f"Skipped      {summary.steps_skipped}",
        ]
        if summary.paused_seconds >= 1:
            lines.append(f"Paused for   {format_duration(summary.paused_seconds)}")
        lines.append("")
        after, before = self._wanted.get("after"), self.saved.get("before")
        if after is None:
            lines.append(
                "How is your pain now? Press a digit 0-9 to save it to your journal, "
                "or r to add areas and a note."
            )
        elif self.saved.get("after") == after:
            lines.append(
                Content.assemble(
                    Content.styled(f"Pain after: {after.level}/10", "bold"),
                    ", saved to your journal. Another digit changes it; r adds areas and a note.",
                )
            )
        else:
            lines.append(f"Pain after: {after.level}/10, saving…")
        if before is not None:
            lines.append(f"Pain before: {before.level}/10.")
        lines += ["", "Press Enter or q to close."]
        box = self.query_one("#play-summary", Static)
        box.update(Content("\n").join(Content(x) if isinstance(x, str) else x for x in lines))
        box.display = True
        self.query_one(TitleLine).set(
            Content.styled(f" {self._title}", "bold"), [(Content("  ·  finished"), 0)]
        )
        if not self._summary_shown:
            self._summary_shown = True
            self.refresh_bindings()

    # ---- keys -------------------------------------------------------------------

    @property
    def finished(self) -> bool:
        return self.playback.status().finished

    def before_open(self, status: Status | None = None) -> bool:
        """Whether a digit still rates the pain before: until the first step ends."""
        status = status or self.playback.status()
        if status.finished:
            return False
        return status.state is PlaybackState.READY or (
            status.step_index == 0 and status.state is PlaybackState.STEP
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        status = self.playback.status()
        paused = status.paused and not self._auto_paused  # as the person left it
        if action == "pause":
            return not status.finished and not paused
        if action == "resume":
            return not status.finished and paused
        if action == "bell":
            return not status.finished and parameters[0] != self.services.settings.bell
        if action in ("next", "back", "stop", "full_step"):
            return not status.finished
        if action in ("rate", "close"):
            return status.finished
        if action == "quick_rate":
            return status.finished or self.before_open(status)
        return True

    # ---- pain ratings -----------------------------------------------------------

    def action_quick_rate(self, level: int) -> None:
        phase = "after" if self.finished else "before"
        if phase == "before" and not self.before_open():
            return
        self.rate(phase, level)

    def action_rate(self) -> None:
        from tui.screens.rate import RatePainScreen
        from tui.widgets.pain_form import RateResult

        def save(result: RateResult, reply: Callable[[str | None], None]) -> None:
            self.rate("after", result.level, result.areas, result.note, then=reply)

        from tui.core.areas import ROUTINE_AREAS

        self.app.push_screen(
            RatePainScreen(
                "How is your pain now?",
                entry=self._wanted.get("after"),
                on_save=save,
                # Where this routine is for, to begin with (a digit saves no areas).
                areas=ROUTINE_AREAS.get(self.routine.area, ()),
            )
        )

    def rate(
        self,
        phase: str,
        level: int,
        areas: tuple[str, ...] | None = None,
        note: str | None = None,
        *,
        then: Callable[[str | None], None] | None = None,
    ) -> None:
        """Rate *phase*: the first time a new journal entry, then that same entry changed.

        *then* is told ``None`` once it is saved, or why it was not.
        """
        current = self._wanted.get(phase)
        at = self.services.now()
        try:
            if current is None:
                entry = new_entry(
                    level,
                    areas or (),
                    note,
                    at=at,
                    routine=self.slug,
                    phase=phase,
                    session=self.session,
                )
            else:
                entry = replace(
                    current,
                    level=level,
                    at=at,
                    areas=current.areas if areas is None else areas,
                    note=current.note if areas is None else note,
                )
        except ValueError as error:  # a routine file name the journal cannot store, say
            self.show_message(f"Not saved: {error}", severity="error")
            if then is not None:
                then(str(error))
            return
        self._wanted[phase] = entry
        if then is not None:
            self._waiting.setdefault(phase, []).append(then)
        self._flush(phase)
        self._show_rating()

    def _flush(self, phase: str) -> None:
        """Write what is wanted for *phase*, one write at a time (the latest wins)."""
        wanted, saved = self._wanted.get(phase), self.saved.get(phase)
        if phase in self._writing or wanted is None:
            return
        if wanted == saved:
            self._answer(phase, None)
            return
        self._writing.add(phase)
        adding = saved is None

        def change(store: object) -> None:
            from tui.core.journal.store import JournalStore

            assert isinstance(store, JournalStore)
            if adding:
                store.append(wanted)
            else:
                store.update(wanted)

        def done(_: object) -> None:
            self._writing.discard(phase)
            self.saved[phase] = wanted
            if self._wanted.get(phase) == wanted and not self.finished:
                # (At the end, the summary says so itself.)
                self.show_message(f"Pain {phase}: {wanted.level}/10, saved to your journal.")
            self._flush(phase)
            self._show_rating()

        def failed(why: str) -> None:
            self._writing.discard(phase)
            # Show what the journal holds: the rating as it was before (or none).
            if saved is None:
                self._wanted.pop(phase, None)
            else:
                self._wanted[phase] = saved
            self.show_message(f"Not saved: {why}", severity="error")
            self._answer(phase, why)
            self._show_rating()

        self.services.write_journal(change, done=done, failed=failed)

    def _answer(self, phase: str, why: str | None) -> None:
        for reply in self._waiting.pop(phase, []):
            reply(why)

    def _show_rating(self) -> None:
        if not self.is_attached:
            return
        if self.finished:
            self.show_summary(self.playback.summary())
        else:
            self._show_title(self.playback.status())

    # ---- pausing ----------------------------------------------------------------

    def on_screen_suspend(self) -> None:
        """Help, the palette, a question or the whole step over playback: pause until it closes."""
        status = self.playback.status()
        if status.started and not status.finished and not status.paused:
            self.playback.pause()
            self._auto_paused = True
            self.update_view()

    def on_screen_resume(self) -> None:
        if self._auto_paused:
            self._auto_paused = False
            self.playback.resume()
            self.update_view()

    def action_pause(self) -> None:
        self._user_pause(True)

    def action_resume(self) -> None:
        self._user_pause(False)

    def _user_pause(self, pause: bool) -> None:
        if self._auto_paused:
            # Chosen from the palette: it was shown over playback, which it paused.
            self._auto_paused = False
            if pause:
                self.update_view()
                return
        if pause:
            self.playback.pause()
        else:
            self.playback.resume()
        self.update_view()

    def action_next(self) -> None:
        self.playback.next()
        self.update_view()

    def action_back(self) -> None:
        self.playback.back()
        self.update_view()

    def action_bell(self, on: bool) -> None:
        if self.services.update_settings(bell=on):
            self.show_message("Bell on." if on else "Bell muted.")

    def action_full_step(self) -> None:
        from tui.screens.step import StepScreen

        status = self.playback.status()
        step = self.plan[status.step_index or 0]
        point = None if step.ashi else self.catalogue.require(step.point)
        own, general = step_cautions(step.point, self.catalogue)
        self.app.push_screen(StepScreen(step, point, [*own, *general]))

    def action_stop(self) -> None:
        if self.finished:
            self.close()
            return

        def answered(stop: bool | None) -> None:
            if stop:
                self._auto_paused = False
                self.playback.stop()
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

"""The routine picker: every routine with its area and length, a preview of its steps and cautions.

Broken user routines are listed with their error and cannot be played.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.core import paths
from tui.core.durations import format_clock
from tui.core.problems import Problem
from tui.core.routines import (
    RoutineEntry,
    general_cautions,
    grouped_cautions,
    pregnancy_cautions,
)
from tui.core.settings import Settings
from tui.core.text import visible
from tui.screens.base import AppScreen
from tui.widgets.key_bar import KeyBar
from tui.widgets.keyed_list import KeyedList
from tui.widgets.scroll_hint import ScrollHint
from tui.widgets.sections import SECTIONS, SectionBar


class RoutineList(KeyedList):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "select", "Play")]


class RoutinesScreen(AppScreen[None]):
    SECTION = "routines"
    HELP = (
        "Choose a routine and press Enter to play it; each is listed by the name "
        "`acupress play NAME` takes. The preview shows its steps and the cautions its points "
        "carry. Your own routines go in the routines folder of your config directory (see the "
        "README); a broken one is listed with what is wrong, and r reads them again."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "play", "Play"),
        Binding("r", "reload", "Reload"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[RoutineEntry] = []

    def compose(self) -> ComposeResult:
        yield SectionBar("routines", SECTIONS)
        with Horizontal(id="routines"):
            yield RoutineList(id="routine-list")
            with Vertical(id="routine-side"):
                with VerticalScroll(id="routine-preview"):
                    yield Static(id="routine-head", markup=False)
                    yield Static(id="routine-cautions", classes="caution", markup=False)
                    yield Static(id="routine-steps", markup=False)
                    yield Static(id="routine-evidence", markup=False)
                # The cautions may go on below: never cut off without a word.
                yield ScrollHint("#routine-preview", id="routine-more")
        yield KeyBar()

    def on_mount(self) -> None:
        self.load(self.services.routine_entries())

    def settings_changed(self, settings: Settings) -> None:
        """Pregnancy mode changes what the preview says about each point's cautions."""
        self._preview_highlighted()

    def action_reload(self) -> None:
        """Read every routine again, keeping the one chosen; withdraw fixed problems."""
        entries = self.services.routine_entries(reload=True)
        for entry in entries:
            if entry.routine is not None:
                self.services.withdraw(f"routine:{entry.slug}")
        self.load(entries)
        broken = sum(1 for e in entries if e.routine is None)
        self.notify(
            f"{len(entries)} routines read again"
            + (f"; {broken} cannot be played." if broken else "."),
            timeout=3,
        )

    def load(self, entries: list[RoutineEntry]) -> None:
        listing = self.query_one(RoutineList)
        chosen = None
        if listing.highlighted is not None and listing.highlighted < len(self.entries):
            chosen = self.entries[listing.highlighted].slug
        self.entries = entries
        listing.set_options(Option(self._label(e), id=e.slug) for e in self.entries)
        if self.entries:
            slugs = [e.slug for e in self.entries]
            listing.highlighted = slugs.index(chosen) if chosen in slugs else 0
            self._preview_highlighted()
        listing.focus()

    def select_routine(self, slug: str) -> None:
        """Highlight *slug* in the list (the palette's ``Play NAME``)."""
        slugs = [e.slug for e in self.entries]
        if slug in slugs:
            self.query_one(RoutineList).highlighted = slugs.index(slug)

    def _preview_highlighted(self) -> None:
        highlighted = self.query_one(RoutineList).highlighted
        if highlighted is not None and highlighted < len(self.entries):
            self.preview(self.entries[highlighted])

    def _label(self, entry: RoutineEntry) -> Content:
        # The name `acupress play NAME` takes; the title is in the preview.
        if entry.routine is None:
            return Content.assemble(
                Content.styled("⚠ ", "bold $error"),
                Content.styled(visible(entry.slug, one_line=True), "bold"),
                Content.styled("\n  cannot be played", "$text-muted"),
            )
        seconds = entry.routine.total_seconds(self.services.catalogue)
        return Content.assemble(
            Content.styled(visible(entry.slug, one_line=True), "bold"),
            "\n",
            Content.styled(f"  {entry.routine.area} · {format_clock(seconds)}", "$text-muted"),
        )

    @on(OptionList.OptionHighlighted, "#routine-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.preview(self.entries[event.option_index])

    @on(OptionList.OptionSelected, "#routine-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.play(self.entries[event.option_index])

    def preview(self, entry: RoutineEntry) -> None:
        head = self.query_one("#routine-head", Static)
        cautions = self.query_one("#routine-cautions", Static)
        steps = self.query_one("#routine-steps", Static)
        evidence = self.query_one("#routine-evidence", Static)
        self.query_one("#routine-preview").scroll_home(animate=False)
        if entry.routine is None:
            head.update(
                Content.assemble(
                    Content.styled(
                        f"{visible(entry.slug, one_line=True)} cannot be played", "bold $error"
                    ),
                    f"\n{visible(paths.display_path(entry.path), one_line=True)}",
                )
            )
            cautions.display = True
            cautions.update(
                visible(
                    "\n".join(
                        str(Problem(paths.display_path(Path(p.path)), p.line, p.message))
                        for p in entry.error
                    )
                )
            )
            steps.update("Fix the file and press r to reload.")
            evidence.update("")
            return
        routine = entry.routine
        catalogue = self.services.catalogue
        plan = routine.plan(catalogue)
        total = sum(s.seconds + s.transition_before for s in plan)
        head.update(
            Content.assemble(
                Content.styled(visible(routine.title, one_line=True), "bold $accent-text"),
                "\n",
                Content.styled(
                    visible(f"acupress play {entry.slug}", one_line=True), "$text-muted"
                ),
                "\n",
                Content.styled(
                    f"{routine.area} · {format_clock(total)} · {len(plan)} steps · "
                    f"{'built-in' if entry.builtin else visible(paths.display_path(entry.path))}",
                    "$text-muted",
                ),
                f"\n{visible(routine.summary)}" if routine.summary else "",
            )
        )
        pregnancy = self.services.settings.pregnancy_mode
        cautions.display = True
        # One line per caution, naming every point that carries it.
        lines = [
            f"⚠ {', '.join(codes)}: {text}" for codes, text in grouped_cautions(routine, catalogue)
        ]
        if pregnancy and pregnancy_cautions(routine, catalogue):
            lines.insert(0, "Pregnancy mode: you will be asked before these points.")
        # Holds longer than a point's bound: the routine still plays, but says so first.
        lines[:0] = [
            str(Problem(paths.display_path(Path(w.path)), w.line, w.message))
            for w in entry.warnings
        ]
        lines += [f"⚠ {text}" for text in general_cautions(catalogue)]
        cautions.update(visible("\n".join(lines)))
        rows = [Content.styled("Steps", "bold")]
        for number, step in enumerate(plan, start=1):
            rows.append(
                Content(
                    f"{number:>2}. {format_clock(step.seconds):>5}  {step.point:<6} {step.pinyin}, "
                    f"{step.side_text}"
                )
            )
        steps.update(Content("\n").join(rows))
        evidence.update(
            Content.assemble(
                Content.styled("Evidence\n", "bold"), visible(routine.evidence.strip())
            )
            if routine.evidence.strip()
            else ""
        )

    def action_play(self) -> None:
        listing = self.query_one(RoutineList)
        if listing.highlighted is not None and self.entries:
            self.play(self.entries[listing.highlighted])

    @work
    async def play(self, entry: RoutineEntry) -> None:
        if entry.routine is None:
            self.services.notify_about(
                f"routine:{entry.slug}",
                visible(
                    f"{entry.slug} cannot be played: {entry.error[0]}\nFix the file, then press r."
                ),
                severity="error",
                timeout=30,
            )
            return
        await self.services.play_routine(entry)

"""The journal section: quick entry, the entries newest first, the daily-mean chart and stats.

The journal is read (and written) in a worker thread, so the first paint never
waits for it. A journal file that cannot be read is shown as unavailable with
its ``PATH:LINE: message`` and nothing is written to it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Static, TabbedContent, TabPane, Tabs
from textual.worker import get_current_worker

from tui.core.journal.copies import conflict_notice
from tui.core.journal.entry import Entry, new_entry, newest_first
from tui.core.journal.parse import JournalError
from tui.core.journal.store import JournalStore
from tui.core.problems import Problem
from tui.core.stats import Summary, daily_means, summary
from tui.core.text import first_line, visible
from tui.screens.base import AppScreen
from tui.screens.confirm import ConfirmScreen
from tui.screens.rate import RatePainScreen
from tui.widgets.key_bar import KeyBar
from tui.widgets.level_picker import LevelPicker
from tui.widgets.pain_chart import PainChart
from tui.widgets.pain_form import PainForm, RateResult
from tui.widgets.sections import SECTIONS, SectionBar

if TYPE_CHECKING:
    from tui.core.settings import Settings

RANGES: tuple[int, ...] = (30, 90, 365)
"""The chart's ranges in days; ``r`` cycles through them."""
NOTE_WIDTH = 40
PAGE_ROWS = 200
"""Rows the table is given at first, and again whenever the cursor comes within
:data:`PAGE_MARGIN` rows of its end: a journal of years has tens of thousands of entries,
which a table would take seconds to build at once."""
PAGE_MARGIN = 20


def describe(entry: Entry) -> str:
    """One line for a confirmation: when, level, areas, note."""
    parts = [f"{entry.at:%Y-%m-%d %H:%M}", f"pain {entry.level}"]
    if entry.areas:
        parts.append(", ".join(entry.areas))
    if entry.routine:
        parts.append(f"{entry.routine} {entry.phase or ''}".strip())
    if entry.note:
        parts.append(visible(first_line(entry.note), one_line=True))
    return " · ".join(parts)


def short_note(note: str | None, width: int = NOTE_WIDTH) -> str:
    """The note's first line, made visible (:func:`~tui.core.text.visible`), cut to *width*."""
    line = visible(first_line(note or ""), one_line=True)
    more = note is not None and line != note.strip()
    if len(line) > width:
        return line[: width - 1] + "…"
    return line + (" …" if more else "")


def number(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def signed(value: float) -> str:
    return f"{value:+.1f}".replace("-", "−")


def stats_text(stats: Summary) -> Content:
    """The numbers under the chart."""
    window = f"the last {stats.days} days" if stats.days else "all time"
    lines: list[Content] = []
    if stats.count:
        lines.append(
            Content.assemble(
                Content.styled(f"{stats.count} rating{'s' if stats.count != 1 else ''}", "bold"),
                f" in {window} · mean {number(stats.mean)} · lowest {stats.min} · "
                f"highest {stats.max}",
            )
        )
    else:
        lines.append(Content(f"No ratings in {window}."))
    lines.append(
        Content(
            f"Mean of the last 7 days {number(stats.mean_7_days)} · "
            f"last 30 days {number(stats.mean_30_days)}"
        )
    )
    trend = stats.trend
    trend_line = Content.assemble("Trend: ", Content.styled(trend.label, "bold"))
    if trend.points_per_week is not None:
        trend_line = Content.assemble(
            trend_line, f" ({signed(trend.points_per_week)} points a week over {trend.days} days)"
        )
    lines.append(trend_line)
    if stats.routines:
        lines.append(Content.styled("Before → after a routine (mean of paired ratings)", "bold"))
        width = max(len(r.routine) for r in stats.routines)
        for change in stats.routines:
            sessions = f"{change.pairs} session{'s' if change.pairs != 1 else ''}"
            lines.append(
                Content(
                    f"  {change.routine:<{width}}  {change.mean_before:.1f} → "
                    f"{change.mean_after:.1f}  ({signed(change.mean_change)}, {sessions})"
                )
            )
    else:
        lines.append(
            Content.styled("No routine has a before and an after rating yet.", "$text-muted")
        )
    return Content("\n").join(lines)


class EntryTable(DataTable[Text]):
    """The entries, newest first; row keys are entry ids."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "screen.edit", "Edit the rating"),
        Binding("d,delete", "screen.delete", "Delete the rating"),
    ]

    def selected_id(self) -> str | None:
        if not self.row_count:
            return None
        row_key = self.coordinate_to_cell_key(Coordinate(self.cursor_row, 0)).row_key
        return row_key.value


class JournalScreen(AppScreen[None]):
    HELP = (
        "Log how your back feels: press a digit for the level (0 no pain … 10 worst pain "
        "imaginable; ←/→ adjust, → from 9 gives 10), Tab to the areas (space toggles) and the "
        "note, then Enter or Ctrl+S to save. The table lists every rating, newest first: e edits, "
        "d deletes. The Trends tab charts the daily mean over 30, 90 or 365 days (r changes the "
        "range) with the statistics. While the level picker has focus, digits pick a level; "
        "Tab away from it to use the section keys 1-4."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save the rating"),
        Binding("t", "toggle_tab", "Log / trends"),
        Binding("r", "cycle_range", "Chart range"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[Entry] = []
        self.problems: list[Problem] = []
        self.loaded = False
        self.range_days = RANGES[0]
        self.shown = 0
        """How many of :attr:`entries` (the newest) the table holds."""

    def today(self) -> date:
        return self.services.now().date()

    def store(self) -> JournalStore:
        return self.services.journal_store()

    # ---- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield SectionBar("journal", SECTIONS)
        yield Static("Loading the journal…", id="journal-status", markup=False)
        with TabbedContent(id="journal-tabs"):
            with TabPane("Log", id="journal-log"):
                with Vertical(id="journal-entry"):
                    yield PainForm(id="journal-form")
                    yield Static("Enter or Ctrl+S saves", id="journal-save-hint", markup=False)
                yield EntryTable(id="journal-table", cursor_type="row", zebra_stripes=True)
            with (
                TabPane("Trends", id="journal-trends"),
                VerticalScroll(id="journal-trends-body"),
            ):
                yield Static(id="journal-chart-title", markup=False)
                yield PainChart(id="journal-chart", ascii=self.services.ascii_map)
                yield Static(id="journal-stats", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self._journal_setting = self.services.settings.journal
        table = self.query_one(EntryTable)
        table.add_column("When", key="when")
        table.add_column("Pain", key="level")
        table.add_column("Areas", key="areas")
        table.add_column("Note", key="note")
        table.add_column("Routine", key="routine")
        self.query_one(LevelPicker).focus()

    def on_screen_resume(self) -> None:
        self.load()

    def settings_changed(self, settings: Settings) -> None:
        """Another journal chosen in the settings is read at once."""
        if settings.journal != self._journal_setting:
            self._journal_setting = settings.journal
            self.load()

    # ---- reading ---------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="journal-read")
    def load(self) -> None:
        """Read the journal in a thread; show it (or what is wrong with it) when done."""
        self._read_and_show(get_current_worker().is_cancelled)

    def _read_and_show(self, cancelled: bool = False) -> None:
        store: JournalStore | None = None
        try:  # resolving the journal can fail too (a journal setting that cannot be used)
            store = self.store()
            entries: list[Entry] | None = store.load()
            problems: list[Problem] = []
        except JournalError as error:
            entries, problems = None, list(error.problems)
        if not cancelled:
            self.app.call_from_thread(self.show_journal, entries, problems)
            if store is not None:
                self._note_conflict_copies(store.path)

    def show_journal(self, entries: Sequence[Entry] | None, problems: Sequence[Problem]) -> None:
        """Show *entries*, or the journal as unavailable because of *problems*."""
        self.loaded = True
        status = self.query_one("#journal-status", Static)
        form = self.query_one(PainForm)
        if entries is None:
            self.problems = list(problems)
            self.entries = []
            status.update(
                Content.assemble(
                    Content.styled("The journal is unavailable. ", "bold"),
                    "Fix the file (nothing will be written to it until then), then come "
                    "back to this section:\n",
                    visible("\n".join(str(p) for p in problems)),
                )
            )
            status.set_class(True, "-error")
            status.display = True
            focused = self.focused
            form.disabled = True
            if focused is not None and form in focused.ancestors_with_self:
                # Keep the keyboard somewhere useful: the tabs lead to the trends.
                self.query_one(TabbedContent).query_one(Tabs).focus()
            self.query_one("#journal-save-hint", Static).update("Quick entry is disabled.")
        else:
            self.problems = []
            self.entries = newest_first(entries)
            status.set_class(False, "-error")
            status.update("No ratings yet: press a digit for the level, then Enter.")
            status.display = not self.entries
            was_disabled = form.disabled
            form.disabled = False
            self.query_one("#journal-save-hint", Static).update("Enter or Ctrl+S saves")
            if was_disabled and self.focused is None:
                self.query_one(LevelPicker).focus()
        self._fill_table()
        self._show_trends()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # An unavailable journal takes no rating: the key line shows Save dimmed (None), like
        # the form.
        return None if action == "save" and self.problems else True

    def _fill_table(self) -> None:
        table = self.query_one(EntryTable)
        keep = table.selected_id()
        table.clear()
        self.shown = 0
        at = next((n for n, e in enumerate(self.entries) if e.id == keep), 0) if keep else 0
        self._add_rows(at + PAGE_ROWS)
        if keep is not None and keep in table.rows:
            table.move_cursor(row=table.get_row_index(keep), animate=False)

    def _add_rows(self, count: int) -> None:
        """The next *count* entries into the table."""
        table = self.query_one(EntryTable)
        more = self.entries[self.shown : self.shown + count]
        for entry in more:
            routine = f"{entry.routine} {entry.phase or ''}".strip() if entry.routine else ""
            # Cells are plain Text: a str cell would be parsed as markup.
            table.add_row(
                Text(f"{entry.at:%Y-%m-%d %H:%M}"),
                Text(f"{entry.level:>2}"),
                Text(", ".join(entry.areas)),
                Text(short_note(entry.note)),
                Text(visible(routine, one_line=True)),
                key=entry.id,
            )
        self.shown += len(more)

    @on(DataTable.RowHighlighted, "#journal-table")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        left = self.shown - 1 - event.cursor_row  # rows below the cursor
        if left <= PAGE_MARGIN and self.shown < len(self.entries):
            self._add_rows(PAGE_ROWS)

    def _show_trends(self) -> None:
        today = self.today()
        days = self.range_days
        following = RANGES[(RANGES.index(days) + 1) % len(RANGES)]
        title = self.query_one("#journal-chart-title", Static)
        chart = self.query_one(PainChart)
        stats = self.query_one("#journal-stats", Static)
        title.update(
            Content.assemble(
                Content.styled(f"Daily mean pain, last {days} days", "bold"),
                Content.styled(f"  (r: {following} days)", "$text-muted"),
            )
        )
        if self.problems:
            chart.show([])
            stats.update("The journal is unavailable (see above).")
            return
        chart.show(daily_means(self.entries, days, today))
        stats.update(stats_text(summary(self.entries, today, days)))

    # ---- writing ---------------------------------------------------------------------------

    def _refuse_if_unavailable(self) -> bool:
        if self.problems:
            self.notify(
                "The journal file has a problem; fix it first:\n" + visible(str(self.problems[0])),
                severity="error",
                timeout=8,
                markup=False,
            )
            return True
        if not self.loaded:
            self.notify("The journal is still loading.", severity="warning")
            return True
        return False

    def action_save(self) -> None:
        if self._refuse_if_unavailable():
            return
        form = self.query_one(PainForm)
        result = form.result()
        if result is None:
            self.notify("Pick a level first: a digit 0-9, or ←/→.", severity="warning")
            form.level_picker.focus()
            return
        entry = new_entry(result.level, result.areas, result.note, at=self.services.now())
        form.reset()
        form.level_picker.focus()
        self.write(lambda store: store.append(entry), f"Saved: {describe(entry)}")

    @work(thread=True, group="journal-write")
    def write(self, change: Callable[[JournalStore], object], done: str) -> None:
        """Apply *change* to the store in a thread, then say so and show the journal again."""
        try:
            store = self.store()
            change(store)
        except JournalError as error:
            message = "\n".join(str(p) for p in error.problems)
            self.app.call_from_thread(
                self.notify,
                visible(f"Not saved: {message}"),
                severity="error",
                timeout=10,
                markup=False,
            )
        except OSError as error:
            self.app.call_from_thread(
                self.notify,
                visible(f"Not saved: {error.filename or 'the journal'}: {error.strerror or error}"),
                severity="error",
                timeout=10,
                markup=False,
            )
        else:
            self.app.call_from_thread(self.notify, done, markup=False)
        self._read_and_show()

    def _selected(self) -> Entry | None:
        entry_id = self.query_one(EntryTable).selected_id()
        return next((e for e in self.entries if e.id == entry_id), None)

    @work
    async def action_edit(self) -> None:
        entry = self._selected()
        if entry is None or self._refuse_if_unavailable():
            return
        result: RateResult | None = await self.app.push_screen_wait(
            RatePainScreen(
                f"Edit the rating of {entry.at:%Y-%m-%d %H:%M}", entry=entry, skip_label="Cancel"
            )
        )
        if result is None:
            return
        changed = replace(entry, level=result.level, areas=result.areas, note=result.note)
        if changed == entry:
            return
        self.write(lambda store: store.update(changed), f"Changed: {describe(changed)}")

    @work
    async def action_delete(self) -> None:
        entry = self._selected()
        if entry is None or self._refuse_if_unavailable():
            return
        sure = await self.app.push_screen_wait(
            ConfirmScreen("Delete this rating?", describe(entry), yes="Delete", no="Keep")
        )
        if sure:
            self.write(lambda store: store.delete(entry.id), f"Deleted: {describe(entry)}")

    @on(DataTable.RowSelected, "#journal-table")
    def _row_selected(self) -> None:
        self.action_edit()

    # ---- views -------------------------------------------------------------------------------

    def action_toggle_tab(self) -> None:
        tabs = self.query_one(TabbedContent)
        tabs.active = "journal-trends" if tabs.active == "journal-log" else "journal-log"
        if tabs.active == "journal-log" and not self.query_one(PainForm).disabled:
            self.query_one(LevelPicker).focus()

    def action_cycle_range(self) -> None:
        self.range_days = RANGES[(RANGES.index(self.range_days) + 1) % len(RANGES)]
        self.query_one(TabbedContent).active = "journal-trends"
        self._show_trends()

    # ---- sync conflict copies (one directory listing, in the reading thread) --------------

    _copies_noted: str | None = None

    def _note_conflict_copies(self, journal: Path) -> None:
        """Name the sync conflict copies beside the journal and the command that merges them,
        in a notification: once for each set of copies found."""
        notice = conflict_notice(journal)
        if notice is not None and notice != self._copies_noted:
            self.app.call_from_thread(
                self.notify,
                visible(notice[:1].upper() + notice[1:]),
                title="Sync conflict copies",
                severity="warning",
                timeout=20,
                markup=False,
            )
        self._copies_noted = notice

"""The journal section: quick entry, the entries newest first, the daily-mean chart and stats.

The journal is read (and written) in a worker thread, so the first paint never
waits for it. A journal file that cannot be read is shown as unavailable with
its ``PATH:LINE: message`` and nothing is written to it.

While the section is shown, it looks at the file once a second (a ``stat``: nothing is
read while nothing changes) and reads it again when another window or ``acupress log``
has written to it; what is being typed in the form is kept.

Keys: digits pick the pain level wherever the focus is (but in the note), so the section
keys here are ``g`` then ``1``-``4``.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.coordinate import Coordinate
from textual.events import Resize
from textual.timer import Timer
from textual.widgets import DataTable, Static, TabbedContent, TabPane, Tabs
from textual.worker import get_current_worker

from tui.core import tomlfast
from tui.core.journal.copies import conflict_notice
from tui.core.journal.entry import Entry, new_entry, newest_first
from tui.core.journal.parse import JournalError
from tui.core.journal.store import JournalStore
from tui.core.problems import Problem
from tui.core.settings import Settings
from tui.core.stats import DailyMean, JournalSummary, daily_means, summary, superseded
from tui.core.text import first_line, visible
from tui.screens.base import AppScreen
from tui.screens.confirm import ConfirmScreen
from tui.screens.rate import RatePainScreen
from tui.widgets.key_bar import KeyBar
from tui.widgets.level_picker import LevelPicker
from tui.widgets.pain_chart import PainChart
from tui.widgets.pain_form import PainForm, RateResult
from tui.widgets.scroll_hint import ScrollHint
from tui.widgets.sections import SECTIONS, SectionBar

RANGES: tuple[int, ...] = (30, 90, 365)
"""The chart's ranges in days; ``r`` cycles through them."""
POLL_SECONDS = 1.0
"""How often the open journal section looks whether the file has changed."""
WIDE_TABLE = 70
"""From this width on the table names the routine as well as the phase."""

Signature = tuple[int, int, int] | None
"""(mtime in ns, size, inode) of the journal file; None where there is none."""


def signature(path: Path) -> Signature:
    """What says cheaply whether the file changed, without reading it."""
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size, info.st_ino)


FREEZE_AT = 10_000
"""From this many entries, reading the journal ends with :func:`gc.freeze`: the objects alive
then (the entries among them) are left out of the collector's later passes. Without it, the
first full pass after reading 100,000 entries walks all of them, a quarter of a second with
the event loop waiting. Frozen objects are still freed when nothing uses them any more (an
entry holds no reference cycle); only cyclic garbage among them stays, which is little: the
widgets alive at that moment that are later removed."""

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


def short_note(text: str, width: int, *, more: bool = False) -> str:
    """*text* in *width* cells: ending in ``…`` where it is cut, or where *more* follows."""
    if len(text) > width:
        return text[: max(0, width - 1)] + "…"
    if more:
        return text + " …" if len(text) + 2 <= width else text[: max(0, width - 1)] + "…"
    return text


def cell_text(entry: Entry, width: int) -> str:
    """The areas and the note's first line in *width* cells (``…`` where there is more)."""
    areas = ", ".join(entry.areas)
    note = visible(first_line(entry.note or ""), one_line=True)
    more = entry.note is not None and first_line(entry.note) != entry.note.strip()
    text = f"{areas} · {note}" if areas and note else areas or note
    return short_note(text, width, more=more)


def number(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def signed(value: float) -> str:
    return f"{value:+.1f}".replace("-", "−")


@dataclass(frozen=True, slots=True)
class Trends:
    """What the Trends tab shows for a range of days ending on a day."""

    today: date
    days: int
    means: list[DailyMean]
    text: Content

    @classmethod
    def of(cls, entries: Sequence[Entry], today: date, days: int) -> Trends:
        return cls(
            today,
            days,
            daily_means(entries, days, today),
            stats_text(summary(entries, today, days)),
        )


@dataclass(frozen=True, slots=True)
class Read:
    """A journal as read, with what the section derives from it: worked out in the reading
    thread, so that the event loop only puts it on screen (100,000 entries take about a
    quarter of a second to sort and count)."""

    entries: list[Entry]
    """Newest first."""
    not_counted: set[str]
    trends: Trends

    @classmethod
    def of(cls, entries: Sequence[Entry], today: date, days: int) -> Read:
        ordered = newest_first(entries)
        return cls(ordered, superseded(entries), Trends.of(ordered, today, days))


def stats_text(stats: JournalSummary) -> Content:
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
        Binding("enter", "screen.view", "Open"),
        Binding("e", "screen.edit", "Edit"),
        Binding("d,delete", "screen.delete", "Delete"),
        Binding("j", "cursor_down", "Move in the list", show=False),
        Binding("k", "cursor_up", "Move in the list", show=False),
    ]

    def selected_id(self) -> str | None:
        if not self.row_count:
            return None
        row_key = self.coordinate_to_cell_key(Coordinate(self.cursor_row, 0)).row_key
        return row_key.value


class JournalScreen(AppScreen[None]):
    SECTION = "journal"
    HELP = (
        "Log how your back feels: press a digit for the level (0 no pain … 10 worst pain "
        "imaginable; ←/→ adjust, → from 9 gives 10), Tab to the areas (space toggles) and the "
        "note, then Enter (or ctrl+s) to save. The table lists every rating, newest first: "
        "Enter shows one in full, e edits it (its note, every line, and its time), d deletes "
        "it. The Trends tab charts the daily mean over 30, 90 or 365 days (r changes the range) "
        "with the statistics. Here digits are pain levels, so the section keys are g then 1-4."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(
                str(n),
                f"level({n})",
                "Pick your pain level" if n == 0 else "",
                show=False,
                key_display="0-9" if n == 0 else None,
            )
            for n in range(10)
        ),
        Binding("ctrl+s", "save", "Save", show=False, key_display="^s"),
        Binding("t", "toggle_tab", "Log / Trends"),
        Binding("r", "cycle_range", "Chart range"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[Entry] = []
        self.not_counted: set[str] = set()
        self.problems: list[Problem] = []
        self.loaded = False
        self._reading = False
        """A read is on its way (:meth:`load` called, its result not shown yet)."""
        self.range_days = RANGES[0]
        self.seen: Signature = None
        """The journal file's signature when last read."""
        self._poll: Timer | None = None
        self._table_width = 0
        self._what_width = 40
        self._routine_width = 10
        self._wide = False
        self.shown = 0
        """How many of :attr:`entries` (the newest) the table holds."""

    def today(self) -> date:
        return self.services.now().date()

    def store(self) -> JournalStore:
        return self.services.journal_store()

    # ---- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield SectionBar("journal", SECTIONS, prefix="g")
        yield Static("Loading the journal…", id="journal-status", markup=False)
        with TabbedContent(id="journal-tabs"):
            with TabPane("Log", id="journal-log"):
                with Vertical(id="journal-entry"):
                    yield PainForm(id="journal-form")
                    yield Static("Enter saves", id="journal-save-hint", markup=False)
                yield EntryTable(id="journal-table", cursor_type="row", zebra_stripes=True)
            with TabPane("Trends", id="journal-trends"):
                with VerticalScroll(id="journal-trends-body"):
                    yield Static(id="journal-chart-title", markup=False)
                    yield PainChart(id="journal-chart", ascii=self.services.ascii_map)
                    yield Static(id="journal-stats", markup=False)
                yield ScrollHint(
                    "#journal-trends-body", how="Tab, then ↓ scrolls", id="trends-more"
                )
        yield KeyBar()

    def on_mount(self) -> None:
        tomlfast.fast_parser()  # loads toml_rs here, on the main thread, for the reading thread
        self._journal_setting = self.services.settings.journal
        self.query_one(LevelPicker).focus()

    def on_screen_resume(self) -> None:
        # Read again, unless a read is on its way or the file is as shown: Textual can
        # resume a screen twice as it is first shown, and a second read of a big journal
        # would share the processor with the first.
        if not self._reading and not (self.loaded and self._unchanged()):
            self.load()
        if self._poll is None:
            self._poll = self.set_interval(POLL_SECONDS, self._check_file, name="journal-poll")
        else:
            self._poll.resume()

    def on_screen_suspend(self) -> None:
        if self._poll is not None:
            self._poll.pause()

    def on_resize(self, event: Resize) -> None:
        self.call_after_refresh(self._refit_table)

    def settings_changed(self, settings: Settings) -> None:
        """Another journal chosen in the settings is read at once."""
        if settings.journal != self._journal_setting:
            self._journal_setting = settings.journal
            self.load()

    # ---- reading ---------------------------------------------------------------------------

    def _path(self) -> Path | None:
        try:
            return self.store().path
        except JournalError:
            return None

    def _unchanged(self) -> bool:
        """Whether the file is as it was when last read (a stat)."""
        path = self._path()
        return path is not None and signature(path) == self.seen

    def _check_file(self) -> None:
        """Read the journal again if the file changed since it was last read (a stat)."""
        if self.loaded and not self._reading and not self._unchanged():
            self.load()

    def load(self) -> None:
        """Read the journal in a thread; show it (or what is wrong with it) when done."""
        self._reading = True
        self._read_in_thread()

    @work(thread=True, exclusive=True, group="journal-read")
    def _read_in_thread(self) -> None:
        worker = get_current_worker()
        self._read_and_show(lambda: worker.is_cancelled)

    def _read_and_show(self, cancelled: Callable[[], bool] = lambda: False) -> None:
        """Read the journal and show it, unless *cancelled* (a newer read is on its way)."""
        store: JournalStore | None = None
        seen: Signature = None
        try:  # resolving the journal can fail too (a journal setting that cannot be used)
            store = self.store()
            seen = signature(store.path)
            entries = store.load()
            if len(entries) >= FREEZE_AT:
                # The entries live as long as the section shows them: out of the collector's
                # way, or its next full pass walks every one of them while the app waits.
                gc.freeze()
            read: Read | None = Read.of(entries, self.today(), self.range_days)
            problems: list[Problem] = []
        except JournalError as error:
            read, problems = None, list(error.problems)
        if not cancelled():
            self.app.call_from_thread(self.show_journal, read, problems, seen)
            if store is not None:
                self._note_conflict_copies(store.path)

    def show_journal(
        self, read: Read | None, problems: Sequence[Problem], seen: Signature = None
    ) -> None:
        """Show the journal *read*, or the journal as unavailable because of *problems*."""
        self.loaded = True
        self._reading = False
        self.seen = seen
        status = self.query_one("#journal-status", Static)
        form = self.query_one(PainForm)
        if read is None:
            self.problems = list(problems)
            self.entries = []
            status.update(
                Content.assemble(
                    Content.styled("The journal is unavailable. ", "bold"),
                    "Fix the file (nothing will be written to it until then); this section "
                    "reads it again as soon as it changes:\n",
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
            self.entries = read.entries
            self.not_counted = read.not_counted
            status.set_class(False, "-error")
            status.update("No ratings yet: press a digit for the level, then Enter.")
            status.display = not self.entries
            was_disabled = form.disabled
            form.disabled = False
            self.query_one("#journal-save-hint", Static).update("Enter saves")
            if was_disabled and self.focused is None:
                self.query_one(LevelPicker).focus()
        self._fill_table()
        self._show_trends(read.trends if read is not None else None)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # An unavailable journal takes no rating: its keys are left out of the key line.
        if action in ("save", "level", "edit", "delete") and self.problems:
            return False
        if action in ("view", "edit", "delete"):
            return bool(self.entries)
        return True

    def _columns(self, width: int) -> list[tuple[str, str, int]]:
        """(label, key, width) of each column for a table *width* cells wide."""
        pad = 2  # a cell's padding, one each side
        when, pain = 16, 4
        if width >= WIDE_TABLE:
            routine = 17
            rest = width - 4 * pad - when - pain - routine
            return [
                ("When", "when", when),
                ("Pain", "level", pain),
                ("Routine", "routine", routine),
                ("Areas · note", "what", max(8, rest)),
            ]
        phase = 6
        rest = width - 4 * pad - when - pain - phase
        return [
            ("When", "when", when),
            ("Pain", "level", pain),
            ("Phase", "routine", phase),
            ("Areas · note", "what", max(8, rest)),
        ]

    def _refit_table(self) -> None:
        table = self.query_one(EntryTable)
        if table.size.width and table.size.width != self._table_width:
            self._fill_table()

    def _fill_table(self) -> None:
        table = self.query_one(EntryTable)
        keep = table.selected_id()
        # The room inside the table, less its scroll bar.
        width = max(40, (table.size.width or self.size.width - 2) - 2)
        self._table_width = table.size.width
        columns = self._columns(width)
        table.clear(columns=True)
        for label, key, column_width in columns:
            table.add_column(label, key=key, width=column_width)
        self._what_width = columns[-1][2]
        self._routine_width = columns[2][2]
        self._wide = columns[2][0] == "Routine"
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
            if entry.routine:
                wide = self._wide
                routine = f"{entry.routine} {entry.phase or ''}".strip() if wide else entry.phase
            else:
                routine = ""
            what = cell_text(entry, self._what_width)
            style = "dim" if entry.id in self.not_counted else ""
            # Cells are plain Text: a str cell would be parsed as markup.
            table.add_row(
                Text(f"{entry.at:%Y-%m-%d %H:%M}", style=style),
                Text(f"{entry.level:>2}", style=style),
                Text(
                    short_note(visible(routine or "", one_line=True), self._routine_width),
                    style=style,
                ),
                Text(what, style=style),
                key=entry.id,
            )
        self.shown += len(more)

    @on(DataTable.RowHighlighted, "#journal-table")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        left = self.shown - 1 - event.cursor_row  # rows below the cursor
        if left <= PAGE_MARGIN and self.shown < len(self.entries):
            self._add_rows(PAGE_ROWS)

    def _show_trends(self, trends: Trends | None = None) -> None:
        """The chart and the figures for the range chosen, from *trends* where they are
        for this range and today."""
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
        if trends is None or (trends.today, trends.days) != (today, days):
            trends = Trends.of(self.entries, today, days)
        chart.show(trends.means)
        stats.update(trends.text)

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

    def action_level(self, level: int) -> None:
        """A digit anywhere but the note: the pain level, on the Log tab, in sight."""
        tabs = self.query_one(TabbedContent)
        if tabs.active != "journal-log":
            tabs.active = "journal-log"
        picker = self.query_one(LevelPicker)
        picker.level = level
        picker.focus()

    def start_rating(self) -> None:
        """The Log tab, the level picker focused (the palette's "Log pain")."""
        self.query_one(TabbedContent).active = "journal-log"
        if not self.query_one(PainForm).disabled:
            self.query_one(LevelPicker).focus()

    def show_trends(self) -> None:
        """The Trends tab (the palette's "Journal trends")."""
        self.query_one(TabbedContent).active = "journal-trends"

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

        def done(_: object) -> None:
            # The form is cleared once the rating is saved, and only if it still holds it.
            if form.result() == result:
                form.reset()
                if self.query_one(TabbedContent).active == "journal-log":
                    form.level_picker.focus()
            self.notify(f"Saved: {describe(entry)}", markup=False)
            self.load()

        self.services.write_journal(
            lambda store: store.append(entry), done=done, failed=self._failed
        )

    def _failed(self, why: str) -> None:
        """A save that failed: the form keeps what was typed, and the reason is shown."""
        self.notify(
            visible(f"{why}\nWhat you typed is still in the form."),
            title="Not saved",
            severity="error",
            timeout=10,
            markup=False,
        )
        self.load()

    def _selected(self) -> Entry | None:
        entry_id = self.query_one(EntryTable).selected_id()
        return next((e for e in self.entries if e.id == entry_id), None)

    @work
    async def action_view(self) -> None:
        from tui.screens.entry import EntryScreen

        entry = self._selected()
        if entry is None:
            return
        choice = await self.app.push_screen_wait(
            EntryScreen(entry, counted=entry.id not in self.not_counted)
        )
        if choice == "edit":
            self.action_edit()
        elif choice == "delete":
            self.action_delete()

    def action_edit(self) -> None:
        entry = self._selected()
        if entry is None or self._refuse_if_unavailable():
            return

        def save(result: RateResult, reply: Callable[[str | None], None]) -> None:
            changed = replace(
                entry,
                level=result.level,
                areas=result.areas,
                note=result.note,
                at=result.at or entry.at,
            )
            if changed == entry:
                reply(None)
                return

            def done(_: Any) -> None:
                reply(None)
                message = f"Changed: {describe(changed)}"
                if result.at_note:
                    message += f"\n{result.at_note}"
                self.notify(message, markup=False, timeout=8 if result.at_note else None)
                self.load()

            self.services.write_journal(
                lambda store: store.update(changed), done=done, failed=reply
            )

        self.app.push_screen(
            RatePainScreen(
                f"Edit the rating of {entry.at:%Y-%m-%d %H:%M}",
                entry=entry,
                skip_label="Cancel",
                with_time=True,
                on_save=save,
            )
        )

    @work
    async def action_delete(self) -> None:
        entry = self._selected()
        if entry is None or self._refuse_if_unavailable():
            return
        sure = await self.app.push_screen_wait(
            ConfirmScreen("Delete this rating?", describe(entry), yes="Delete", no="Keep")
        )
        if not sure:
            return

        def done(_: Any) -> None:
            self.notify(f"Deleted: {describe(entry)}", markup=False)
            self.load()

        self.services.write_journal(
            lambda store: store.delete(entry.id), done=done, failed=self._failed
        )

    @on(DataTable.RowSelected, "#journal-table")
    def _row_selected(self) -> None:
        self.action_view()

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

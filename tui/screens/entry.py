"""One journal entry in full (Enter on the journal table): every field and every line of its note."""

from __future__ import annotations

from datetime import timedelta
from typing import ClassVar, Literal

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from tui.core.journal.entry import Entry
from tui.core.text import visible
from tui.core.when import offset_text
from tui.screens.base import AppModal
from tui.widgets.key_bar import KeyBar
from tui.widgets.scroll_hint import ScrollHint

Choice = Literal["edit", "delete"]


def entry_text(entry: Entry, *, counted: bool = True) -> Content:
    """Every field of *entry*, one per line, the note whole."""

    def row(label: str, value: str | Content) -> Content:
        return Content.assemble(Content.styled(f"{label:<9}", "bold"), value)

    rows = [
        row(
            "When",
            f"{entry.at:%A %Y-%m-%d %H:%M} (UTC{offset_text(entry.at.utcoffset() or timedelta())})",
        ),
        row("Pain", f"{entry.level} of 10"),
        row("Where", ", ".join(entry.areas) or "(not given)"),
    ]
    if entry.routine:
        rows.append(
            row("Routine", visible(f"{entry.routine}, {entry.phase or 'no phase'}", one_line=True))
        )
    if entry.session:
        rows.append(row("Session", visible(entry.session, one_line=True)))
    if not counted:
        rows.append(
            Content.styled(
                "Not counted in the statistics: a later rating of the same session and phase "
                "replaces it there.",
                "italic $text-muted",
            )
        )
    rows.append(row("Note", "" if entry.note else "(none)"))
    if entry.note:
        rows.append(Content(visible(entry.note)))
    return Content("\n").join(rows)


class EntryScreen(AppModal[Choice | None]):
    HELP = "One rating in full. e edits it, d deletes it (after asking); Esc goes back."
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "choose('edit')", "Edit"),
        Binding("d,delete", "choose('delete')", "Delete"),
        Binding("escape,enter", "dismiss", "Back"),
        Binding("j,down", "scroll('down')", "Scroll", show=False),
        Binding("k,up", "scroll('up')", "Scroll", show=False),
    ]

    def __init__(self, entry: Entry, *, counted: bool = True) -> None:
        super().__init__()
        self.entry = entry
        self.counted = counted

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="entry-box"):
            yield Static(
                entry_text(self.entry, counted=self.counted), id="entry-text", markup=False
            )
        yield ScrollHint("#entry-box", id="entry-hint")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#entry-box").focus()

    def action_choose(self, choice: Choice) -> None:
        self.dismiss(choice)

    def action_scroll(self, direction: str) -> None:
        box = self.query_one("#entry-box", VerticalScroll)
        box.scroll_down() if direction == "down" else box.scroll_up()

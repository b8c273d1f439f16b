"""The rating dialog: "How is your pain now?" after a routine, and editing a journal entry.

The dialog saves through its caller (``on_save``) and closes only once the rating is saved:
a save that fails (the disk full, the journal broken meanwhile) leaves the form exactly as
it was, with the reason above the buttons, so nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Static

from tui.core.journal.entry import Entry
from tui.core.text import visible
from tui.screens.base import AppModal
from tui.widgets.key_bar import KeyBar
from tui.widgets.pain_form import FormError, PainForm, RateResult

SaveCallback = Callable[[RateResult, Callable[[str | None], None]], None]
"""``on_save(result, reply)``: save *result*, then ``reply(None)``, or ``reply(why not)``."""


class RatePainScreen(AppModal[RateResult | None]):
    """Digits pick a level; Enter (outside the note) or ctrl+s saves; Esc skips (None)."""

    HELP = (
        "Rate your pain from 0 (no pain) to 10 (worst pain imaginable): press a digit, or use "
        "←/→ (→ from 9 gives 10). Tab moves to the areas (space toggles), the note (Enter is a "
        "new line there; Tab leaves it) and the time. Enter saves, or ctrl+s from anywhere."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", key_display="^s"),
        Binding("escape", "skip", "Skip"),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(
        self,
        title: str,
        *,
        entry: Entry | None = None,
        on_save: SaveCallback | None = None,
        allow_skip: bool = True,
        skip_label: str = "Skip",
        with_time: bool = False,
        areas: tuple[str, ...] = (),
    ) -> None:
        """*areas* are chosen to begin with when there is no *entry* (those of the routine
        just played, say): shown, and changeable before the rating is saved."""
        super().__init__()
        self.areas = areas
        self.title_text = title
        self.entry = entry
        self.on_save = on_save
        self.allow_skip = allow_skip
        self.skip_label = skip_label
        self.with_time = with_time
        self.saving = False

    def compose(self) -> ComposeResult:
        with Vertical(id="rate-box"):
            yield Static(self.title_text, id="rate-title", markup=False)
            yield PainForm(multiline=True, with_time=self.with_time, id="rate-form")
            yield Static(id="rate-error", markup=False)
            with Horizontal(id="rate-buttons"):
                if self.allow_skip:
                    yield Button(f"{self.skip_label} (Esc)", id="rate-skip")
                yield Button("Save", id="rate-save", variant="primary")
        yield KeyBar()

    def on_mount(self) -> None:
        form = self.query_one(PainForm)
        if self.entry is not None:
            form.fill(self.entry)
        elif self.areas:
            form.area_picker.chosen = frozenset(self.areas)
        self.query_one("#rate-error").display = False
        form.level_picker.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("skip", "cancel"):
            # One Esc, named as its button is.
            named = (action == "skip") == (self.skip_label == "Skip")
            return named and self.allow_skip and not self.saving
        if action == "save":
            return not self.saving
        return True

    @on(Button.Pressed, "#rate-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#rate-skip")
    def _skip_pressed(self) -> None:
        self.action_skip()

    def say(self, message: str | None, *, error: bool = True) -> None:
        """Show *message* above the buttons (None: nothing)."""
        line = self.query_one("#rate-error", Static)
        line.display = message is not None
        line.set_class(error, "-error")
        line.update(
            Content.styled(visible(message or ""), "bold $error" if error else "$text-muted")
        )

    def action_save(self) -> None:
        if self.saving:
            return
        form = self.query_one(PainForm)
        try:
            result = form.read()
        except FormError as problem:
            self.say(str(problem))
            problem.field.focus()
            return
        if self.on_save is None:
            self.dismiss(result)
            return
        self.saving = True
        self.query_one("#rate-save", Button).disabled = True
        self.say("Saving…", error=False)
        self.refresh_bindings()
        self.on_save(result, lambda why: self._saved(result, why))

    def _saved(self, result: RateResult, why: str | None) -> None:
        if not self.is_attached:
            return
        self.saving = False
        self.query_one("#rate-save", Button).disabled = False
        self.refresh_bindings()
        if why is None:
            self.dismiss(result)
        else:
            self.say(f"Not saved: {why}")

    def action_cancel(self) -> None:
        self.action_skip()

    def action_skip(self) -> None:
        if self.allow_skip and not self.saving:
            self.dismiss(None)

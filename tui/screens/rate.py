"""The rating dialog: "How is your pain now?" after a routine, and editing a journal entry."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from tui.core.journal.entry import Entry
from tui.widgets.level_picker import LevelPicker
from tui.widgets.pain_form import PainForm, RateResult


class RatePainScreen(ModalScreen[RateResult | None]):
    """ "How is your pain now?": digits pick a level, Enter saves, Esc skips (returns None)."""

    HELP = (
        "Rate your pain from 0 (no pain) to 10 (worst pain imaginable): press a digit, or use "
        "←/→ (→ from 9 gives 10). Tab moves to the areas (space toggles) and the note. "
        "Enter saves."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save the rating"),
        Binding("escape", "skip", "Skip"),
    ]

    def __init__(
        self,
        title: str,
        *,
        entry: Entry | None = None,
        allow_skip: bool = True,
        skip_label: str = "Skip",
    ) -> None:
        super().__init__()
        self.title_text = title
        self.entry = entry
        self.allow_skip = allow_skip
        self.skip_label = skip_label

    def compose(self) -> ComposeResult:
        with Vertical(id="rate-box"):
            yield Static(self.title_text, id="rate-title", markup=False)
            yield PainForm(id="rate-form")
            with Horizontal(id="rate-buttons"):
                if self.allow_skip:
                    yield Button(f"{self.skip_label} (Esc)", id="rate-skip")
                yield Button("Save (Enter)", id="rate-save", variant="primary")

    def on_mount(self) -> None:
        form = self.query_one(PainForm)
        if self.entry is not None:
            form.fill(self.entry)
        form.level_picker.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.allow_skip or action != "skip"

    @on(Button.Pressed, "#rate-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#rate-skip")
    def _skip_pressed(self) -> None:
        self.action_skip()

    def action_save(self) -> None:
        result = self.query_one(PainForm).result()
        if result is None:
            self.notify("Pick a level first: a digit 0-9, or ←/→.", severity="warning")
            self.query_one(LevelPicker).focus()
            return
        self.dismiss(result)

    def action_skip(self) -> None:
        if self.allow_skip:
            self.dismiss(None)

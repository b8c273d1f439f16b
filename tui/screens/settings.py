"""Settings: each change is validated, applied at once and saved to config.toml."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, Label, Select, Static, Switch

from tui.core import paths
from tui.core.breathing import PRESETS
from tui.core.problems import ProblemError
from tui.core.settings import THEMES, save_settings, updated
from tui.core.text import visible
from tui.screens.base import AppScreen
from tui.widgets.key_bar import KeyBar
from tui.widgets.safe_input import SafeInput
from tui.widgets.sections import SECTIONS, SectionBar

SWITCHES: tuple[tuple[str, str, str], ...] = (
    (
        "pregnancy_mode",
        "Pregnancy mode",
        "Mark points cautioned in pregnancy; warn before routines that use them.",
    ),
    ("reduce_motion", "Reduce motion", "The pacer shows only the phase and count, once a second."),
    ("bell", "Bell", "Ring the terminal bell at each step change and at the end."),
)


class SettingsScreen(AppScreen[None]):
    HELP = (
        "Changes are saved to config.toml as you make them (comments and keys acupress does "
        "not know are kept). Tab moves between settings; Space toggles a switch."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.section('points')", "Back", show=False),
    ]

    def compose(self) -> ComposeResult:
        current = self.services.settings
        yield SectionBar("settings", SECTIONS)
        with VerticalScroll(id="settings-form"):
            yield Static(
                f"Saved in {paths.display_path(paths.config_file())}",
                id="settings-path",
                markup=False,
            )
            for key, title, help_text in SWITCHES:
                with Horizontal(classes="setting"):
                    yield Switch(value=bool(getattr(current, key)), id=f"set-{key}")
                    with VerticalScroll(classes="setting-text"):
                        yield Label(title, classes="setting-title")
                        yield Static(help_text, classes="setting-help", markup=False)
            yield Label("Theme", classes="setting-title")
            yield Select(
                [(t, t) for t in THEMES], value=current.theme, allow_blank=False, id="set-theme"
            )
            yield Label("Default breathing", classes="setting-title")
            yield Select(
                [(pattern.describe(), name) for name, pattern in PRESETS.items()],
                value=current.breathing,
                allow_blank=False,
                id="set-breathing",
            )
            yield Label("Journal file (empty for the default)", classes="setting-title")
            yield SafeInput(
                value=str(current.journal or ""),
                placeholder=paths.display_path(paths.data_dir() / "journal.toml"),
                id="set-journal",
            )
        yield KeyBar()

    def on_mount(self) -> None:
        journal = self.query_one("#set-journal", Input)
        journal.cursor_blink = not self.services.reduced_motion

    @on(Switch.Changed)
    def _switch(self, event: Switch.Changed) -> None:
        key = (event.switch.id or "").removeprefix("set-")
        self.change(**{key: event.value})

    @on(Select.Changed, "#set-theme")
    def _theme(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and event.value != self.services.settings.theme:
            self.change(theme=event.value)

    @on(Select.Changed, "#set-breathing")
    def _breathing(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and event.value != self.services.settings.breathing:
            self.change(breathing=event.value)

    @on(Input.Submitted, "#set-journal")
    def _journal(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        # As text: the setting's own check expands ~ and refuses an unknown ~user.
        self.change(journal=value or None)

    def change(self, **changes: Any) -> None:
        app = self.services
        try:
            new = updated(app.settings, **changes)
        except ValueError as error:
            self.notify(visible(str(error)), severity="error", markup=False)
            return
        try:
            save_settings(new)
        except ProblemError as error:
            self.notify(
                visible(str(error)),
                title="Settings not saved",
                severity="error",
                timeout=10,
                markup=False,
            )
            return
        except OSError as error:
            self.notify(
                visible(f"{paths.config_file()}: cannot save: {error.strerror}"),
                severity="error",
                markup=False,
            )
            return
        app.apply_settings(new)
        self.notify("Saved.", timeout=1.5)

"""Settings: each change is validated, applied at once and saved to config.toml."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Input, Label, Select, Static, Switch

from tui.core import paths
from tui.core.breathing import PRESETS
from tui.core.settings import THEMES, Settings
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
    (
        "bell",
        "Bell",
        "Ring the terminal bell at each step change and at the end (m in playback switches it).",
    ),
)


def on_off(value: bool) -> Content:
    """A switch's state in words, so it reads without colour too."""
    return Content.styled("On ", "bold") if value else Content("Off")


class SettingsScreen(AppScreen[None]):
    SECTION = "settings"
    HELP = (
        "Changes are saved to config.toml as you make them (comments and keys acupress does "
        "not know are kept) and apply at once, everywhere. Tab moves between settings; Space "
        "or Enter switches a switch or opens a list; Enter saves the journal path."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "app.focus_next", "Next setting"),
        Binding("shift+tab", "app.focus_previous", "Previous setting", show=False),
        Binding("escape", "app.section('points')", "Back to the points", show=False),
    ]
    AUTO_FOCUS = "#set-pregnancy_mode"

    def compose(self) -> ComposeResult:
        current = self.services.settings
        yield SectionBar("settings", SECTIONS)
        # Not a Tab stop itself: every stop is a control that Space or Enter acts on.
        with VerticalScroll(id="settings-form", can_focus=False):
            yield Static(
                f"Saved in {paths.display_path(paths.config_file())}",
                id="settings-path",
                markup=False,
            )
            for key, title, help_text in SWITCHES:
                value = bool(getattr(current, key))
                with Horizontal(classes="setting"):
                    yield Switch(value=value, id=f"set-{key}")
                    yield Static(on_off(value), id=f"state-{key}", classes="setting-state")
                    with Vertical(classes="setting-text"):
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

    def on_screen_resume(self) -> None:
        if self.focused is None:
            self.query_one(Switch).focus()

    def settings_changed(self, settings: Settings) -> None:
        """Changed elsewhere (m in playback, the palette): show it here at once."""
        for key, _title, _help in SWITCHES:
            value = bool(getattr(settings, key))
            switch = self.query_one(f"#set-{key}", Switch)
            if switch.value != value:
                with switch.prevent(Switch.Changed):
                    switch.value = value
            self.query_one(f"#state-{key}", Static).update(on_off(value))

    @on(Switch.Changed)
    def _switch(self, event: Switch.Changed) -> None:
        key = (event.switch.id or "").removeprefix("set-")
        if not self.change(**{key: event.value}):
            with event.switch.prevent(Switch.Changed):
                event.switch.value = not event.value  # not saved: show what is in force

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

    def change(self, **changes: Any) -> bool:
        if self.services.update_settings(**changes):
            self.notify("Saved.", timeout=1.5)
            return True
        return False

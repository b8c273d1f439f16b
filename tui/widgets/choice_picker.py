"""A small list to pick one line from, over the current screen (opened by :class:`Choice`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import OptionList

from tui.widgets.key_bar import KeyBar
from tui.widgets.keyed_list import KeyedList


class PickerList(KeyedList):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "select", "Choose")]


class PickerScreen(ModalScreen[int | None]):
    """Dismissed with the index of the picked line, or None (Escape, a click outside)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss", "Cancel")]

    def __init__(self, title: str, labels: Sequence[str], current: int = 0) -> None:
        super().__init__()
        self.title_text = title
        self.labels = list(labels)
        self.current = current

    def compose(self) -> ComposeResult:
        options = PickerList(*self.labels, id="picker-list")
        options.border_title = self.title_text
        yield options
        yield KeyBar()

    def on_mount(self) -> None:
        options = self.query_one(KeyedList)
        options.highlighted = self.current
        options.focus()

    @on(OptionList.OptionSelected, "#picker-list")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option_index)

    def on_click(self, event: events.Click) -> None:
        # A click outside the list (on the dimmed screen) cancels.
        if event.widget is self:
            self.dismiss(None)

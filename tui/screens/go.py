"""``g``: go to a section. A small list of the sections with their digits, so the digit that
follows is never taken for anything else (on the journal, digits pick the pain level)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.widgets.key_bar import KeyBar
from tui.widgets.keyed_list import KeyedList
from tui.widgets.sections import SECTIONS


class SectionList(KeyedList):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "select", "Go")]


class GoScreen(ModalScreen[str | None]):
    """Dismissed with the section chosen (a digit, or Enter on the list), or None (Esc)."""

    HELP = "Go to a section: press its digit, or move to it and press Enter. Esc stays here."
    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(
                str(number),
                f"go('{mode}')",
                "That section" if number == 1 else "",
                show=False,
                key_display="1-4" if number == 1 else None,
            )
            for number, mode in enumerate(SECTIONS, start=1)
        ),
        Binding("escape,g", "dismiss", "Stay here"),
    ]

    def __init__(self, current: str = "") -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        options = SectionList(
            *(
                Option(f"{number}  {title}", id=mode)
                for number, (mode, title) in enumerate(SECTIONS.items(), start=1)
            ),
            id="go-list",
        )
        options.border_title = "Go to"
        yield options
        yield KeyBar()

    def on_mount(self) -> None:
        options = self.query_one(SectionList)
        modes = list(SECTIONS)
        options.highlighted = modes.index(self.current) if self.current in modes else 0
        options.focus()

    @on(OptionList.OptionSelected, "#go-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_go(self, mode: str) -> None:
        self.dismiss(mode)

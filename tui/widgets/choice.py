"""A one-line choice (``All points  ▼``) that opens a list to pick from: a light Select.

Textual's Select builds its drop-down list (an OptionList with every option) as
soon as it is mounted; this builds nothing until it is opened, so it costs one
line on the first paint. The list opens with Enter or Space when it has focus,
with a click, or with :meth:`open` (the screen's ``f`` key). It has the part of
Select's interface the app uses: ``value`` (``None`` for the prompt) and a
``Changed`` message.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget


class Choice(Widget, can_focus=True):
    """Shows the chosen option (or the prompt); opens a picker to change it."""

    ALLOW_SELECT = False
    DEFAULT_CSS = """
    Choice {
        height: 1;
        width: 1fr;
        padding: 0 1 0 0;
        background: $boost;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        &:focus { background: $primary 20%; }
        &:hover { background: $primary 10%; }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space,down", "open", "Choose", show=False),
    ]

    value: reactive[Hashable | None] = reactive(None, init=False)

    @dataclass
    class Changed(Message):
        """The value changed (by the picker or in code)."""

        choice: Choice
        value: Hashable | None

        @property
        def control(self) -> Choice:
            return self.choice

    def __init__(
        self,
        options: Sequence[tuple[str, Hashable]],
        *,
        prompt: str = "Choose",
        title: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.options = list(options)
        self.prompt = prompt
        self.title = title or prompt

    def label(self) -> str:
        for text, value in self.options:
            if value == self.value:
                return text
        return self.prompt

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 1

    def render(self) -> Content:
        width = self.content_size.width
        text = self.label()
        # The colours of Textual's Select: the prompt and the arrow dimmed.
        shown = Content.styled(text, "$foreground 50%" if self.value is None else "$foreground")
        gap = max(1, width - shown.cell_length - 1)
        return Content.assemble(shown, " " * gap, Content.styled("▼", "$foreground 50%"))

    def watch_value(self, value: Hashable | None) -> None:
        self.post_message(self.Changed(self, value))

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.open()

    def action_open(self) -> None:
        self.open()

    def open(self) -> None:
        """Show the picker; the value changes when an option is picked."""
        from tui.widgets.choice_picker import PickerScreen

        def picked(index: int | None) -> None:
            if index is not None:
                self.value = None if index == 0 else self.options[index - 1][1]

        current = next((i + 1 for i, (_, v) in enumerate(self.options) if v == self.value), 0)
        labels = [self.prompt, *(text for text, _ in self.options)]
        self.app.push_screen(PickerScreen(self.title, labels, current), picked)

"""The safety notice: on first start, and from help and the command palette."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from tui.core import safety


def notice_content() -> Content:
    notice = safety.NOTICE
    parts: list[Content] = [Content.styled(notice.title, "bold $accent"), Content("")]
    parts += [Content(text + "\n") for text in notice.intro]
    parts.append(Content.styled(notice.red_flags_heading, "bold $error"))
    for flag in notice.red_flags:
        parts.append(Content.assemble("  • ", Content.styled(flag.sign, "bold")))
    parts.append(Content(""))
    parts.append(Content.styled(notice.cautions_heading, "bold"))
    parts += [Content(f"  • {text}") for text in notice.cautions]
    parts += [
        Content(""),
        Content(notice.evidence),
        Content(""),
        Content.styled(notice.not_advice, "italic"),
    ]
    parts += [Content(""), Content.styled("Sources", "bold")]
    parts += [Content.styled(f"  {s.citation}", "$text-muted") for s in safety.SOURCES]
    return Content("\n").join(parts)


class NoticeScreen(ModalScreen[bool]):
    """Shows the notice; Enter acknowledges it (the caller remembers that)."""

    HELP = "Read the notice; Enter continues. It is always available again from help and ctrl+p."
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "acknowledge", "I understand"),
        Binding("escape", "close", "Close", show=False),
        Binding("j,down", "scroll('down')", "Scroll", show=False),
        Binding("k,up", "scroll('up')", "Scroll", show=False),
    ]

    def __init__(self, *, first_start: bool = False) -> None:
        super().__init__()
        self.first_start = first_start

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="notice-box"):
            yield Static(notice_content(), id="notice-text", markup=False)
        yield Static(
            "Enter: I understand" + ("" if self.first_start else "   Esc: close"),
            id="notice-hint",
            markup=False,
        )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#notice-box").focus()

    def action_acknowledge(self) -> None:
        self.dismiss(True)

    def action_close(self) -> None:
        # On the first start the notice must be acknowledged, not waved away.
        if not self.first_start:
            self.dismiss(False)

    def action_scroll(self, direction: str) -> None:
        box = self.query_one("#notice-box", VerticalScroll)
        box.scroll_down() if direction == "down" else box.scroll_up()

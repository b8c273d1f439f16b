"""The safety notice: on first start, and from help and the command palette."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.core import safety
from tui.widgets.key_bar import KeyBar
from tui.widgets.scroll_hint import ScrollHint


def bullet(text: Content | str, classes: str = "") -> Horizontal:
    """A list item whose wrapped lines hang under its first word, not under the bullet."""
    return Horizontal(
        Static("•", classes="bullet-mark"),
        Static(text, classes="bullet-text", markup=False),
        classes=f"bullet {classes}".strip(),
    )


def para(text: Content | str, classes: str = "notice-para") -> Static:
    return Static(text, classes=classes, markup=False)


def notice_parts() -> list[Static | Horizontal]:
    notice = safety.NOTICE
    parts: list[Static | Horizontal] = [
        para(Content.styled(notice.title, "bold $accent-text"), "notice-title")
    ]
    parts += [para(text) for text in notice.intro]
    parts.append(para(Content.styled(notice.red_flags_heading, "bold $error")))
    parts += [bullet(Content.styled(flag.sign, "bold"), "red-flag") for flag in notice.red_flags]
    parts.append(para(Content.styled(notice.cautions_heading, "bold")))
    parts += [bullet(text) for text in notice.cautions]
    parts.append(para(notice.evidence))
    parts.append(para(Content.styled(notice.not_advice, "italic")))
    parts.append(para(Content.styled("Sources", "bold")))
    parts += [bullet(Content.styled(s.citation, "$text-muted")) for s in safety.SOURCES]
    return parts


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
            yield from notice_parts()
        yield ScrollHint("#notice-box", id="notice-more")
        yield Static(
            "Enter: I understand" + ("" if self.first_start else "   Esc: close"),
            id="notice-hint",
            markup=False,
        )
        yield KeyBar()

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

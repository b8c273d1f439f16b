"""The safety notice: on first start, and from help and the command palette.

It is longer than a screen, so it scrolls; while there is more below, the hint line
under it says so (the scrollbar alone is easy to miss).
"""

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


def bullet(text: Content | str, classes: str = "") -> Horizontal:
    """A list item whose wrapped lines hang under its first word, not under the bullet."""
    return Horizontal(
        Static("•", classes="bullet-mark"),
        Static(text, classes="bullet-text", markup=False),
        classes=f"bullet {classes}".strip(),
    )


def para(text: Content | str, classes: str = "notice-para") -> Static:
    return Static(text, classes=classes, markup=False)


def _cited(source_ids: tuple[str, ...]) -> Content:
    return Content.styled(f" ({safety.cited_labels(source_ids)})", "$text-muted")


def flag_item(flag: safety.RedFlag) -> Content:
    """The sign in bold, what it may mean, and who says so."""
    return Content.assemble(
        Content.styled(flag.sign, "bold"), f": {flag.may_mean}", _cited(flag.sources)
    )


def notice_parts() -> list[Static | Horizontal]:
    notice = safety.NOTICE
    parts: list[Static | Horizontal] = [
        para(Content.styled(notice.title, "bold $accent-text"), "notice-title")
    ]
    parts += [para(text) for text in notice.intro]
    parts.append(para(Content.styled(notice.emergency_heading, "bold $error")))
    parts += [bullet(flag_item(flag), "red-flag") for flag in notice.emergency]
    parts.append(para(Content.styled(notice.gp_heading, "bold $warning")))
    parts += [bullet(flag_item(flag), "red-flag") for flag in notice.gp]
    parts.append(para(Content.styled(notice.cautions_heading, "bold")))
    parts += [
        bullet(Content.assemble(caution.text, _cited(caution.sources)))
        for caution in notice.cautions
    ]
    parts.append(para(Content.assemble(notice.evidence)))
    parts.append(para(Content.styled(notice.not_advice, "italic")))
    parts.append(para(Content.styled("Sources", "bold")))
    parts += [
        bullet(Content.styled(f"{s.label}: {s.citation} {s.url}", "$text-muted"))
        for s in safety.SOURCES
    ]
    return parts


class NoticeScreen(ModalScreen[bool]):
    """Shows the notice; Enter acknowledges it (the caller remembers that)."""

    HELP = (
        "Read the notice (↓, j or PgDn scrolls); Enter continues. It is always available "
        "again from help and ctrl+p."
    )
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
        yield Static(self._keys(), id="notice-hint", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        box = self.query_one("#notice-box", VerticalScroll)
        box.focus()
        self.watch(box, "scroll_y", self._update_hint, init=False)
        self.call_after_refresh(self._update_hint)

    def on_resize(self) -> None:
        self.call_after_refresh(self._update_hint)

    def _keys(self) -> str:
        return "Enter: I understand" + ("" if self.first_start else "   Esc: close")

    @property
    def more_below(self) -> bool:
        """Whether part of the notice is still below the bottom of the box."""
        box = self.query_one("#notice-box", VerticalScroll)
        return box.max_scroll_y > 0 and box.scroll_y < box.max_scroll_y

    def _update_hint(self, *_: object) -> None:
        hint = "↓ more below: ↓ j PgDn   " + self._keys() if self.more_below else self._keys()
        self.query_one("#notice-hint", Static).update(hint)

    def action_acknowledge(self) -> None:
        self.dismiss(True)

    def action_close(self) -> None:
        # On the first start the notice must be acknowledged, not waved away.
        if not self.first_start:
            self.dismiss(False)

    def action_scroll(self, direction: str) -> None:
        box = self.query_one("#notice-box", VerticalScroll)
        box.scroll_down() if direction == "down" else box.scroll_up()

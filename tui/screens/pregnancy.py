"""Before a routine, in pregnancy mode: name the points cautioned in pregnancy and offer to skip them."""

from __future__ import annotations

from typing import ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from tui.widgets.key_bar import KeyBar
from tui.widgets.scroll_hint import ScrollHint

Choice = Literal["skip", "all", "cancel"]


class PregnancyWarningScreen(ModalScreen[Choice]):
    HELP = "Pregnancy mode is on and this routine uses points traditionally avoided in pregnancy."
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "choose('skip')", "Skip them"),
        Binding("a", "choose('all')", "Play all"),
        Binding("c,escape", "choose('cancel')", "Cancel"),
        Binding("j,down", "scroll('down')", "Scroll", show=False),
        Binding("k,up", "scroll('up')", "Scroll", show=False),
    ]

    def __init__(self, title: str, points: list[tuple[str, str]]) -> None:
        super().__init__()
        self.routine_title = title
        self.points = points

    def compose(self) -> ComposeResult:
        rows = [
            Content.styled("Pregnancy mode", "bold $warning"),
            Content(""),
            Content(
                f"{self.routine_title} uses points that are traditionally avoided in pregnancy:"
            ),
        ]
        rows += [
            Content.assemble("  • ", Content.styled(code, "bold"), f" {text}")
            for code, text in self.points
        ]
        rows += [
            Content(""),
            Content(
                "This is tradition, not trial evidence; ask your midwife or doctor before using them."
            ),
        ]
        with Vertical(id="pregnancy-box"):
            with VerticalScroll(id="pregnancy-scroll", can_focus=False):
                yield Static(Content("\n").join(rows), id="pregnancy-text", markup=False)
            yield ScrollHint("#pregnancy-scroll", id="pregnancy-more")
            with Horizontal(id="pregnancy-buttons"):
                yield Button("Cancel (c)", id="cancel")
                yield Button("Play all (a)", id="all")
                yield Button("Skip them (s)", id="skip", variant="primary")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#skip", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.action_choose(event.button.id or "cancel")

    def action_scroll(self, direction: str) -> None:
        box = self.query_one("#pregnancy-scroll", VerticalScroll)
        box.scroll_down() if direction == "down" else box.scroll_up()

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice if choice in ("skip", "all") else "cancel")  # type: ignore[arg-type]

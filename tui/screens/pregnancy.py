"""Before a routine, in pregnancy mode: name the points cautioned in pregnancy and offer to skip them.

Which points those are comes from each point's ``pregnancy`` field in the catalogue
(:func:`tui.core.routines.pregnancy_cautions`): points traditionally avoided in
pregnancy can be skipped; points that need gentle pressure only are named, and stay.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from tui.core.routines import PregnancyCaution
from tui.widgets.key_bar import KeyBar
from tui.widgets.scroll_hint import ScrollHint

Choice = Literal["skip", "all", "cancel"]


class PregnancyWarningScreen(ModalScreen[Choice]):
    HELP = (
        "Pregnancy mode is on and this routine uses points with a pregnancy caution: "
        "s skips the points traditionally avoided in pregnancy, a plays every step, "
        "c or Esc cancels."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "choose('skip')", "Skip them"),
        Binding("a", "choose('all')", "Play all"),
        Binding("c,escape", "choose('cancel')", "Cancel"),
        Binding("j,down", "scroll('down')", "Scroll", show=False),
        Binding("k,up", "scroll('up')", "Scroll", show=False),
    ]

    def __init__(self, title: str, points: Sequence[PregnancyCaution]) -> None:
        super().__init__()
        self.routine_title = title
        self.points = list(points)
        self.avoided = [p for p in self.points if p.avoid]
        self.gentle = [p for p in self.points if not p.avoid]

    def compose(self) -> ComposeResult:
        rows = [Content.styled("Pregnancy mode", "bold $warning"), Content("")]
        if self.avoided:
            rows.append(
                Content(
                    f"{self.routine_title} uses points that are traditionally avoided in pregnancy:"
                )
            )
            rows += [self._item(p) for p in self.avoided]
        if self.gentle:
            if self.avoided:
                rows.append(Content("and points that need gentle pressure only:"))
            else:
                rows.append(
                    Content(
                        f"{self.routine_title} uses points that need gentle pressure only in "
                        "pregnancy:"
                    )
                )
            rows += [self._item(p) for p in self.gentle]
        rows += [
            Content(""),
            Content(
                "This is tradition, not trial evidence; ask your midwife or doctor before using "
                "them."
                + (
                    " Skip leaves out the avoided points only."
                    if self.avoided and self.gentle
                    else ""
                )
            ),
        ]
        with Vertical(id="pregnancy-box"):
            with VerticalScroll(id="pregnancy-scroll", can_focus=False):
                yield Static(Content("\n").join(rows), id="pregnancy-text", markup=False)
            yield ScrollHint("#pregnancy-scroll", id="pregnancy-more")
            with Horizontal(id="pregnancy-buttons"):
                yield Button("Cancel (c)", id="cancel")
                yield Button(
                    "Play all (a)", id="all", variant="default" if self.avoided else "primary"
                )
                if self.avoided:
                    yield Button("Skip them (s)", id="skip", variant="primary")
        yield KeyBar()

    @staticmethod
    def _item(point: PregnancyCaution) -> Content:
        return Content.assemble("  • ", Content.styled(point.code, "bold"), f" {point.caution}")

    def on_mount(self) -> None:
        self.query_one("#skip" if self.avoided else "#all", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.action_choose(event.button.id or "cancel")

    def action_scroll(self, direction: str) -> None:
        box = self.query_one("#pregnancy-scroll", VerticalScroll)
        box.scroll_down() if direction == "down" else box.scroll_up()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Nothing to skip: not on the key line, and the key does nothing.
        return not (action == "choose" and parameters == ("skip",) and not self.avoided)

    def action_choose(self, choice: str) -> None:
        if choice == "skip" and not self.avoided:
            return  # nothing to skip: gentle-pressure points stay
        self.dismiss(choice if choice in ("skip", "all") else "cancel")  # type: ignore[arg-type]

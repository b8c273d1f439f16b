"""``c`` in playback: the whole step, every caution and the whole cue, over the paused routine.

Scrolls where it does not fit, and says so on its last line.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.core.points import Point
from tui.core.routines import PlannedStep
from tui.core.text import visible
from tui.screens.playback import how_text
from tui.widgets.key_bar import KeyBar
from tui.widgets.scroll_hint import ScrollHint


class StepScreen(ModalScreen[None]):
    HELP = "The whole step: every caution of the point and the whole cue. Playback waits."
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,c,enter", "dismiss", "Back to the routine"),
        Binding("j,down", "scroll('down')", "Scroll", show=False),
        Binding("k,up", "scroll('up')", "Scroll", show=False),
    ]

    def __init__(self, step: PlannedStep, point: Point | None, cautions: Sequence[str]) -> None:
        """*point* is None for a tender ("ashi") spot, which has no catalogue entry;
        *cautions* are every caution of the step (see :func:`tui.core.routines.step_cautions`)."""
        super().__init__()
        self.step = step
        self.point = point
        self.cautions = tuple(cautions)

    def compose(self) -> ComposeResult:
        step, point = self.step, self.point
        if point is None:
            region = step.region.replace("-", " ")
            heading = Content.assemble(
                Content.styled("Tender spot", "bold $accent-text"),
                f"  in the {region}: find it yourself" if region else "  find it yourself",
            )
        else:
            heading = Content.assemble(
                Content.styled(f"{step.point} {step.pinyin}", "bold $accent-text"),
                f"  {point.name}",
            )
        cautions = self.cautions
        parts: list[Content] = [heading, Content.styled(how_text(step), "bold"), Content("")]
        noun = "Caution" if len(cautions) == 1 else "Cautions"
        parts.append(Content.styled(noun, "bold $error"))
        parts += [Content.assemble(Content.styled("⚠ ", "bold"), c) for c in cautions]
        if step.find.strip():
            parts += [
                Content(""),
                Content.styled("Finding it", "bold"),
                Content(visible(step.find)),
            ]
        if step.cue.strip():
            parts += [Content(""), Content.styled("Cue", "bold"), Content(visible(step.cue))]
        if point is not None:
            parts += [Content(""), Content.styled("Location", "bold"), Content(point.location)]
        with VerticalScroll(id="step-box"):
            yield Static(Content("\n").join(parts), id="step-text", markup=False)
        yield ScrollHint("#step-box", id="step-hint")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#step-box").focus()

    def action_scroll(self, direction: str) -> None:
        box = self.query_one("#step-box", VerticalScroll)
        box.scroll_down() if direction == "down" else box.scroll_up()

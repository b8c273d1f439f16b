"""The step being played: the point, how to press, its cautions and the cue, fitted to the room.

Cautions come before the cue and are never cut: they get the rows they need (wrapped,
never truncated), and the cue gets what is left, ending with a visible ``…`` and the key
that shows the whole step where it is cut. Where even the cautions cannot fit (a very
small terminal), one line says how many there are and which key shows them. Nothing is
ever cut silently.

To leave the cue as much room as can be, the cautions every point carries (never on
broken skin, blood thinners) come last, in one paragraph, and where the rows are short
the point's name and how to press share one line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

FULL_KEY = "c"
"""The key that shows the whole step (the screen binds it)."""


@dataclass(frozen=True, slots=True)
class Fitted:
    lines: list[Content]
    cautions_shown: bool
    """Every caution is on screen in full (else one line counts them)."""
    cue_shown: bool
    """The whole cue is on screen."""


def caution_lines(
    cautions: Sequence[str], width: int, together: Sequence[str] = ()
) -> list[Content]:
    """Each caution wrapped to *width*, marked by a bar and ``⚠``, its lines hanging; then
    the cautions *together*, one after the other in one paragraph."""
    bar = Content.styled("▌", "$error")
    lines: list[Content] = []
    paragraphs = [*cautions, " ".join(together)] if together else list(cautions)
    for caution in paragraphs:
        wrapped = Content(caution).wrap(max(1, width - 4))
        for number, line in enumerate(wrapped):
            lead = Content.styled(" ⚠ ", "bold") if number == 0 else Content("   ")
            lines.append(Content.assemble(bar, lead, line))
    return lines


def count_line(count: int, width: int) -> list[Content]:
    """``⚠ 3 cautions for this point: press c to read them``, as short as *width* needs."""
    noun = "caution" if count == 1 else "cautions"
    bar = Content.styled("▌", "$error")
    for text in (
        f"{count} {noun} for this point: press {FULL_KEY} to read {'it' if count == 1 else 'them'}",
        f"{count} {noun}: press {FULL_KEY}",
        f"{count} {noun}: {FULL_KEY}",
    ):
        line = Content.assemble(bar, Content.styled(" ⚠ ", "bold"), Content.styled(text, "bold"))
        if line.cell_length <= width:
            return [line]
    return [
        Content.assemble(bar, Content.styled(" ⚠ ", "bold"), line)
        for line in Content.styled(f"{count} {noun}: press {FULL_KEY}", "bold").wrap(
            max(1, width - 4)
        )
    ]


class StepPanel(Widget):
    """Shows :meth:`show`'s step, fitted to the widget's size each time it is drawn."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.heading = Content("")
        self.how = Content("")
        self.cautions: tuple[str, ...] = ()
        self.together: tuple[str, ...] = ()
        self.cue = ""
        self.fitted: Fitted | None = None
        """What was drawn last (for tests and the screen)."""

    def show(
        self,
        heading: Content,
        how: Content,
        cautions: Sequence[str],
        cue: str,
        *,
        together: Sequence[str] = (),
    ) -> None:
        """The step: *cautions* particular to it, each its own paragraph, then the ones
        every point carries (*together*), in one paragraph."""
        self.heading, self.how, self.cue = heading, how, cue
        self.cautions, self.together = tuple(cautions), tuple(together)
        self.refresh()

    @property
    def count(self) -> int:
        """How many cautions the step has."""
        return len(self.cautions) + len(self.together)

    def _head(self, width: int, *, short: bool = False) -> list[Content]:
        """The point and how to press: two lines, or with *short* one where they fit."""
        if short and not self.heading.cell_length + 3 + self.how.cell_length > width:
            return [Content.assemble(self.heading, "   ", self.how)]
        return [*self.heading.wrap(width), *self.how.wrap(width)]

    def _cautions(self, width: int) -> list[Content]:
        return caution_lines(self.cautions, width, self.together)

    def full(self, width: int, *, gaps: bool = True) -> int:
        """Rows for everything: the point, how to press, every caution and the whole cue
        (and the blank lines between them, with *gaps*; without, the head in one line
        where it fits)."""
        width = max(1, width)
        cue = len(Content(self.cue).wrap(width)) if self.cue.strip() else 0
        blank = (1 if self.count else 0) + (1 if cue else 0) if gaps else 0
        head = len(self._head(width, short=not gaps))
        return head + len(self._cautions(width)) + cue + blank

    def fit(self, width: int, height: int) -> Fitted:
        """The lines to draw in *width* x *height*: cautions whole or counted, then the cue."""
        width = max(1, width)
        cautions = self._cautions(width)
        cue = Content(self.cue).wrap(width) if self.cue.strip() else []
        head = self._head(width)
        if len(head) + len(cautions) + len(cue) > height:
            head = self._head(width, short=True)
        shown = True
        if len(head) + len(cautions) > height and self.count:
            cautions, shown = count_line(self.count, width), False
        lines = list(head)
        room = height - len(head) - len(cautions)
        # Blank lines between the parts only where the whole cue still fits with them: the
        # one before the cue first, then the one before the cautions.
        before_cue = bool(cue) and room - 1 >= len(cue)
        before_cautions = bool(cautions) and room - 1 - before_cue >= len(cue)
        if cautions:
            if before_cautions:
                lines.append(Content(""))
                room -= 1
            lines += cautions
        if before_cue:
            lines.append(Content(""))
            room -= 1
        cue_shown = len(cue) <= room
        if cue_shown:
            lines += cue
        elif room > 0:
            more = Content.styled(f"… ({FULL_KEY}: the whole cue)", "$text-muted")
            lines += cue[: room - 1]
            lines.append(more.truncate(width, ellipsis=True))
        return Fitted(lines[: max(0, height)], shown, cue_shown)

    def render(self) -> Content:
        fitted = self.fit(self.content_size.width, self.content_size.height)
        self.fitted = fitted
        return Content("\n").join(fitted.lines)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self.full(width)

"""The breathing pacer: a shape that grows on the in-breath, holds, and shrinks on the out-breath.

Cheap by design, for SSH: the shape is one line, redrawn only when a cell of it
changes, and the caller is told when that next happens (:meth:`Pacer.show`
returns the time of the next change) so it can sleep until then instead of
polling. With reduced motion the shape is hidden and only the phase and count
are shown, which change once a second.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from tui.core.pacing import PatternLike, breath_at, next_change

LEVELS = 16
"""Sizes the shape can take; each level adds a cell on either side."""


def shape(level: int, levels: int, *, ascii: bool = False) -> str:
    """The pacer's line at *level*: a centred bar, from a dot up to ``2 * levels + 1`` cells."""
    if ascii:
        return "o" if level == 0 else "<" + "=" * (2 * level - 1) + ">"
    return "•" if level == 0 else "◖" + "█" * (2 * level - 1) + "◗"


class PacerShape(Static):
    """The growing line itself."""


class PacerLabel(Static):
    """``Breathe in 3``."""


class Pacer(Widget):
    """Shows the breath at a time; redraws a part only when what it shows changes."""

    def __init__(
        self,
        pattern: PatternLike,
        *,
        reduced_motion: bool = False,
        ascii: bool = False,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.pattern = pattern
        self.reduced_motion = reduced_motion
        self.ascii = ascii
        self._shown_level: int | None = None
        self._shown_text: str | None = None
        self.compact = False
        """Only the words (the screen needs the room): the shape is hidden and not drawn."""

    def set_compact(self, compact: bool) -> None:
        """Only the words, on one line (the screen needs the room), or the shape as well."""
        if compact != self.compact:
            self.compact = compact
            self._shown_level = None
            self.query_one(PacerShape).display = not (compact or self.reduced_motion)

    def compose(self) -> ComposeResult:
        yield PacerShape(markup=False)
        yield PacerLabel(markup=False)

    def on_mount(self) -> None:
        self.query_one(PacerShape).display = not self.reduced_motion

    def set_reduced_motion(self, reduced: bool) -> None:
        """Show the shape, or only the phase and count (the setting changed)."""
        if reduced != self.reduced_motion:
            self.reduced_motion = reduced
            self._shown_level = None
            self.query_one(PacerShape).display = not (reduced or self.compact)

    def set_pattern(self, pattern: PatternLike) -> None:
        self.pattern = pattern

    @property
    def levels(self) -> int:
        # One level: only the phase and the count change, once a second at most.
        return 1 if self.reduced_motion or self.compact else LEVELS

    def show(self, t: float, *, paused: bool = False) -> float:
        """Draw the breath at time *t* (seconds of breathing); return when it next changes."""
        breath = breath_at(self.pattern, t)
        text = "Paused" if paused else breath.text
        if text != self._shown_text:
            self._shown_text = text
            style = "bold $warning" if paused else "bold"
            self.query_one(PacerLabel).update(Content.styled(text, style), layout=False)
        if not self.reduced_motion and not self.compact:
            level = breath.level(LEVELS)
            if level != self._shown_level:
                self._shown_level = level
                self.query_one(PacerShape).update(
                    Content.styled(shape(level, LEVELS, ascii=self.ascii), "$accent-mark"),
                    layout=False,  # one fixed line: no need to lay the screen out again
                )
        return next_change(self.pattern, t, self.levels)

    def show_text(self, text: str) -> None:
        """Replace the label (e.g. "Get ready") without moving the shape."""
        if text != self._shown_text:
            self._shown_text = text
            self.query_one(PacerLabel).update(Content.styled(text, "bold"), layout=False)

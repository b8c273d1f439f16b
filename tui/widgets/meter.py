"""A one-line progress bar with its time left: ``████████░░░░░░  1:12 left``.

Redrawn only when a cell of the bar or a character of the text changes (about
once a second), which keeps playback cheap over SSH. Textual's ProgressBar
animates and shows more than is needed here.
"""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget


class Meter(Widget):
    """``label  bar  text``; call :meth:`set` as often as you like."""

    def __init__(self, label: str, *, ascii: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.label = label
        self.ascii = ascii
        self.progress = 0.0
        self.text = ""
        self._drawn: tuple[int, str, int] | None = None

    def set(self, progress: float, text: str) -> None:
        self.progress = min(1.0, max(0.0, progress))
        self.text = text
        key = (self._filled(self.size.width), text, self.size.width)
        if key != self._drawn:
            self.refresh()

    def _bar_width(self, width: int) -> int:
        return max(4, width - len(self.label) - len(self.text) - 4)

    def _filled(self, width: int) -> int:
        return round(self._bar_width(width) * self.progress)

    def render(self) -> Content:
        width = self.size.width
        bar = self._bar_width(width)
        filled = self._filled(width)
        self._drawn = (filled, self.text, width)
        full, empty = ("#", "-") if self.ascii else ("█", "░")
        return Content.assemble(
            Content.styled(self.label, "bold"),
            " ",
            Content.styled(full * filled, "$accent"),
            Content.styled(empty * (bar - filled), "$foreground 30%"),
            "  ",
            self.text,
        )

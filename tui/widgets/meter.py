"""A one-line progress bar with its time left: ``████████░░░░░░  1:12 left``.

Redrawn only when a cell of the bar or a character of the text changes (about
once a second), which keeps playback cheap over SSH. The bar and the text are
two widgets because Textual resends a refreshed widget's whole line: a new
``1:11 left`` then costs its dozen cells, not the row. Textual's ProgressBar
animates and shows more than is needed here.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static


class MeterBar(Widget):
    """``Label ████░░░░``, as wide as it is given."""

    DEFAULT_CSS = "MeterBar { width: 1fr; height: 1; }"

    def __init__(self, label: str, *, ascii: bool = False) -> None:
        super().__init__()
        self.label = label
        self.ascii = ascii
        self.progress = 0.0
        self._drawn: tuple[int, int] | None = None

    def _bar_width(self, width: int) -> int:
        return max(4, width - len(self.label) - 1)

    def _filled(self, width: int) -> int:
        return round(self._bar_width(width) * self.progress)

    def set(self, progress: float) -> None:
        self.progress = progress
        width = self.size.width
        if (self._filled(width), width) != self._drawn:
            self.refresh()

    def render(self) -> Content:
        width = self.size.width
        bar = self._bar_width(width)
        filled = self._filled(width)
        self._drawn = (filled, width)
        full, empty = ("#", "-") if self.ascii else ("█", "░")
        return Content.assemble(
            Content.styled(self.label, "bold"),
            " ",
            Content.styled(full * filled, "$accent-mark"),
            Content.styled(empty * (bar - filled), "$foreground 30%"),
        )


class MeterText(Static):
    """``  1:12 left``."""

    DEFAULT_CSS = "MeterText { width: auto; height: 1; }"


class Meter(Widget):
    """``label  bar  text``; call :meth:`set` as often as you like."""

    DEFAULT_CSS = "Meter { layout: horizontal; height: 1; }"

    def __init__(self, label: str, *, ascii: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.label = label
        self.ascii = ascii
        self.progress = 0.0
        self.text = ""
        self._bar = MeterBar(label, ascii=ascii)
        self._text = MeterText("", markup=False)
        self._shown_text: str | None = None

    def compose(self) -> ComposeResult:
        yield self._bar
        yield self._text

    def set(self, progress: float, text: str) -> None:
        self.progress = min(1.0, max(0.0, progress))
        self.text = text
        self._bar.set(self.progress)
        if text != self._shown_text:
            # A layout only when the text's width changes (10:00 left -> 9:59 left).
            layout = self._shown_text is None or len(text) != len(self._shown_text)
            self._shown_text = text
            self._text.update(f"  {text}", layout=layout)

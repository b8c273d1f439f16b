"""A one-line header that fits its width without cutting a word: ``Lower back…  ·  step 2 of 9``.

The first part (a title) gives up whole words, ending in ``…``; the other parts are kept
in order of importance, and those that do not fit are left out whole.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

MIN_TITLE = 8
"""Cells the title keeps before optional parts give way."""


def shorten(title: Content, width: int) -> Content:
    """*title* in *width* cells, cut between words with ``…``; within a word only where that
    word is longer than half of *width* (a title of one long word, say)."""
    if title.cell_length <= width:
        return title
    plain = title.plain
    end = 0
    for position, char in enumerate(plain):
        if char == " " and position + 1 <= width - 1:
            end = position
    if end < (width - 1) // 2:
        return Content.assemble(title[: max(0, width - 1)], "…") if width > 1 else Content("")
    return Content.assemble(title[:end].rstrip(), "…")


def fit_line(title: Content, parts: Sequence[tuple[Content, int]], width: int) -> Content:
    """*title* then the *parts* ``(text, importance)`` that fit *width*, in their order.

    Parts of importance 0 are always kept; others give way lowest importance first,
    once the title is down to :data:`MIN_TITLE` cells.
    """
    kept = list(parts)
    while True:
        used = sum(part.cell_length for part, _ in kept)
        room = width - used
        optional = [p for p in kept if p[1] > 0]
        if room >= min(MIN_TITLE, title.cell_length) or not optional:
            break
        kept.remove(min(optional, key=lambda p: p[1]))
    shown = shorten(title, max(0, room))
    return Content.assemble(shown, *(part for part, _ in kept))


class TitleLine(Widget):
    """The header line; :meth:`set` it, and it fits itself to its width when drawn."""

    DEFAULT_CSS = "TitleLine { height: 1; width: 1fr; }"

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.title = Content("")
        self.parts: tuple[tuple[Content, int], ...] = ()

    def set(self, title: Content, parts: Sequence[tuple[Content, int]] = ()) -> None:
        parts = tuple(parts)
        if (title, parts) != (self.title, self.parts):
            self.title, self.parts = title, parts
            self.refresh()  # one line high: no layout needed

    def render(self) -> Content:
        return fit_line(self.title, self.parts, self.content_size.width)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 1

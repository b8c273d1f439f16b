"""A text body map with the point marked; Unicode art with an ASCII fallback.

When the widget is given less height than the picture needs (the playback
screen on a small terminal), it shows the rows around the marks rather than
cutting them off.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

from tui.core import bodymap


def crop_rows(total: int, wanted: int, marked_rows: Sequence[int]) -> range:
    """The *wanted* rows out of *total* to show, centred on the marked rows where it can."""
    if wanted >= total or wanted <= 0:
        return range(total)
    middle = (min(marked_rows) + max(marked_rows)) // 2 if marked_rows else total // 2
    start = min(max(0, middle - wanted // 2), total - wanted)
    return range(start, start + wanted)


class BodyMap(Widget):
    """Draws one view of the body map with its marks, cropped to fit."""

    def __init__(
        self,
        *,
        ascii: bool = False,
        show_title: bool = True,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.ascii = ascii
        self.show_title = show_title
        self._view: str | None = None
        self._marks: tuple[tuple[int, int], ...] = ()

    def show(self, view: str, marks: Sequence[tuple[int, int]]) -> None:
        marks = tuple(tuple(m) for m in marks)  # type: ignore[misc]
        if (view, marks) == (self._view, self._marks):
            return
        self._view, self._marks = view, marks
        self.refresh(layout=True)

    def _drawn(self) -> bodymap.RenderedMap | None:
        if self._view is None:
            return None
        return bodymap.render(self._view, self._marks, ascii=self.ascii)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        drawn = self._drawn()
        if drawn is None:
            return 0
        return max(
            [len(line) for line in drawn.lines] + [len(drawn.title) if self.show_title else 0]
        )

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        drawn = self._drawn()
        if drawn is None:
            return 0
        return len(drawn.lines) + (1 if self.show_title else 0)

    def render(self) -> Content:
        drawn = self._drawn()
        if drawn is None:
            return Content("")
        marked = set(drawn.marks)
        rows = len(drawn.lines)
        title_rows = 1 if self.show_title and self.size.height > rows // 2 else 0
        visible = crop_rows(rows, self.size.height - title_rows, [r for _, r in marked])
        lines: list[Content] = []
        if title_rows:
            lines.append(Content.styled(drawn.title, "italic $text-muted"))
        for row in visible:
            text = drawn.lines[row]
            pieces: list[Content | str] = []
            plain_from = 0
            for column, _ in sorted(m for m in marked if m[1] == row):
                pieces.append(Content.styled(text[plain_from:column], "$foreground 70%"))
                pieces.append(Content.styled(text[column], "bold $error reverse"))
                plain_from = column + 1
            pieces.append(Content.styled(text[plain_from:], "$foreground 70%"))
            lines.append(Content.assemble(*pieces))
        return Content("\n").join(lines)

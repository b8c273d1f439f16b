"""A text bar chart of the daily mean pain: one column per day (or per few days), 0–10 up.

Cheap (a few hundred characters) and readable without colour: bars are block
characters (``▁▂▃▄▅▆▇█``), or ``#`` and ``.`` when the terminal can't show them
(``ascii=True``). A column with no rating is left blank; a rating of 0 still
shows as the lowest mark, so "no pain" is never mistaken for "not logged".
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from statistics import fmean

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from tui.core.stats import DailyMean

EIGHTHS = " ▁▂▃▄▅▆▇█"
LEVEL_MAX = 10
AXIS_WIDTH = 3  # "10┤"


def bucket(days: Sequence[DailyMean], columns: int) -> list[tuple[date, date, float | None]]:
    """*days* (oldest first) in at most *columns* groups of equal length, the newest group ending
    with the last day. Each group's value is the mean of its days' means (None: no rating)."""
    if not days or columns < 1:
        return []
    size = max(1, math.ceil(len(days) / columns))
    groups: list[tuple[date, date, float | None]] = []
    end = len(days)
    while end > 0:
        start = max(0, end - size)
        chunk = days[start:end]
        means = [d.mean for d in chunk if d.mean is not None]
        groups.append((chunk[0].day, chunk[-1].day, fmean(means) if means else None))
        end = start
    groups.reverse()
    return groups


def bar_cells(value: float, rows: int, *, ascii: bool = False) -> list[str]:
    """The column for *value* (0–10) in *rows* rows, bottom first, one character a row."""
    eighths = max(1, round(value / LEVEL_MAX * rows * 8))  # 0 still shows as ▁
    cells = []
    for row in range(rows):
        filled = min(8, max(0, eighths - row * 8))
        if ascii:
            cells.append("#" if filled >= 4 else ("." if filled and row == 0 else " "))
        else:
            cells.append(EIGHTHS[filled])
    return cells


def short_day(day: date) -> str:
    return f"{day:%b} {day.day}"


class PainChart(Widget):
    """The daily means given to :meth:`show`, drawn to fit the widget's size."""

    DEFAULT_CSS = """
    PainChart {
        height: 10;
        width: 1fr;
        /* Keep every space (blank days, the axis), never wrap. */
        text-wrap: nowrap;
        text-overflow: clip;
    }
    """

    days: reactive[tuple[DailyMean, ...]] = reactive((), layout=False)

    def __init__(
        self, *, ascii: bool = False, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.ascii = ascii

    def show(self, days: Sequence[DailyMean]) -> None:
        self.days = tuple(days)

    def render(self) -> Content:
        return self.draw(self.size.width, self.size.height)

    def draw(self, width: int, height: int) -> Content:
        """The chart as *height* lines of at most *width* characters."""
        rows = max(1, height - 2)  # the x axis and its labels below
        columns = max(1, width - AXIS_WIDTH)
        groups = bucket(self.days, columns)
        if not groups:
            return Content("No ratings to chart yet.")
        bars = [None if v is None else bar_cells(v, rows, ascii=self.ascii) for _, _, v in groups]
        wide = 2 if columns >= 2 * len(groups) else 1  # room for two columns a bar: use them
        tick, vertical, corner, horizontal = ("+", "|", "+", "-") if self.ascii else "┤│└─"
        lines: list[Content] = []
        for row in range(rows - 1, -1, -1):
            if row == rows - 1:
                label = "10" + tick
            elif row == 0:
                label = " 0" + tick
            elif row == (rows - 1) // 2 and rows >= 5:
                label = " 5" + tick
            else:
                label = "  " + vertical
            text = "".join(" " * wide if bar is None else bar[row] * wide for bar in bars)
            lines.append(
                Content.assemble(
                    Content.styled(label, "$text-muted"),
                    Content.styled(text, "$accent-mark"),
                )
            )
        lines.append(
            Content.styled("  " + corner + horizontal * (wide * len(groups)), "$text-muted")
        )
        first, last = short_day(groups[0][0]), short_day(groups[-1][1])
        gap = max(1, wide * len(groups) - len(first) - len(last))
        lines.append(Content.styled(" " * AXIS_WIDTH + first + " " * gap + last, "$text-muted"))
        return Content("\n").join(lines)

"""Text body maps: small pictures of the body with acupressure points marked.

Pure and side-effect free (no Textual): the widget in :mod:`tui.widgets.bodymap`
colours what :func:`render` returns. Each view has Unicode art (light
box-drawing characters) and an ASCII fallback derived from it character by
character, so both have exactly the same size and a mark ``(column, row)``
(0-based) means the same cell in both. Every view fits 24 columns by 16 rows.

Left and right on the back view are as seen from behind, which is also the
person's own left and right.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

MARK = "●"
MARK_ASCII = "@"
MAX_WIDTH = 24
MAX_HEIGHT = 16

# Every non-ASCII character used in the art, and what stands for it in ASCII.
_TO_ASCII: dict[str, str] = {
    "─": "-",
    "│": "|",
    "╭": ".",
    "╮": ".",
    "╰": "'",
    "╯": "'",
    "┌": ".",
    "┐": ".",
    "└": "'",
    "┘": "'",
    "┬": "+",
    "┴": "+",
    "┼": "+",
    "├": "|",
    "┤": "|",
    "╲": "\\",
    "╱": "/",
    "┆": ":",
    "┊": ":",
    "╎": ":",
    "┈": "-",
    "═": "=",
    "◦": "o",
}


def to_ascii(line: str) -> str:
    """The ASCII stand-in for a line of art, one character for one character."""
    return "".join(_TO_ASCII.get(c, c) for c in line)


@dataclass(frozen=True, slots=True)
class BodyView:
    """One picture of the body: Unicode art and its same-size ASCII fallback."""

    name: str
    title: str
    unicode: tuple[str, ...]
    ascii: tuple[str, ...]

    @property
    def width(self) -> int:
        return max(len(line) for line in self.unicode)

    @property
    def height(self) -> int:
        return len(self.unicode)

    def contains(self, mark: tuple[int, int]) -> bool:
        column, row = mark
        return 0 <= row < self.height and 0 <= column < len(self.unicode[row])


def _view(name: str, title: str, art: tuple[str, ...]) -> BodyView:
    width = max(len(line) for line in art)
    padded = tuple(line.ljust(width) for line in art)
    return BodyView(name, title, padded, tuple(to_ascii(line) for line in padded))


# The whole body from behind. Midline (spine) in column 11; rows follow the spine:
# 0 crown, 2 C7 and the tops of the shoulders, 3 T3, 4 T5, 5 T7, 6 T9-T11,
# 7 T12-L1, 8 L2 (waist), 9 L3-L4 (tops of the hip bones), 10 L5, 11 buttocks,
# 13 back of the knees, 14 calves, 15 heels. The inner bladder line (1.5 cun) is
# one column either side of the spine, the outer line (3 cun) three columns out.
_BACK = (
    "L        ╭───╮        R",
    "         ╰╮ ╭╯         ",
    "  ╭───────╯┬╰───────╮  ",
    "  │ │───┐  ┆  ┌───│ │  ",
    "  │ │╲  │  ┆  │  ╱│ │  ",
    "  │ │ ╲─╯  ┆  ╰─╱ │ │  ",
    "  │ │      ┆      │ │  ",
    "  │ │      ┆      │ │  ",
    "  ╰─┤      ┆      ├─╯  ",
    "    │ ─────┼───── │    ",
    "   ╭╯      ┆      ╰╮   ",
    "   │       │       │   ",
    "   ╰╮ ────╮│╭──── ╭╯   ",
    "    │ ─── │ │ ─── │    ",
    "    ╰╮   ╭╯ ╰╮   ╭╯    ",
    "     ╰═══╯   ╰═══╯     ",
)

# The lower back, sacrum and buttocks from behind, closer up than the back view, for
# the points the back view cannot tell apart. Midline in column 11; about two
# columns to the cun across. Rows: 0-4 the lumbar vertebrae L1-L5 (row 3, the line
# across, is the level of the tops of the hip bones, L4), 5-8 the sacral foramina
# S1-S4 (the slanting lines are the edges of the sacrum), 9 the bottom of the
# sacrum where the buttock crease begins, 12 the folds under the buttocks.
_SACRUM = (
    "L  │       ┆       │  R",
    "   │       ┆       │   ",
    "   │       ┆       │   ",
    "  ╭╯───────┼───────╰╮  ",
    "  │    ╲   ┆   ╱    │  ",
    "  │     ╲  ┆  ╱     │  ",
    "  │     ╲  ┆  ╱     │  ",
    "  │      ╲ ┆ ╱      │  ",
    "  │      ╲ ┆ ╱      │  ",
    "  │       ╲│╱       │  ",
    "  │        │        │  ",
    "  │        │        │  ",
    "  ╰╮ ─────╮│╭───── ╭╯  ",
    "   │      │ │      │   ",
)

# The back of the right hand, fingers up, so the thumb is on the left. The dotted
# lines are the grooves between the long bones of the hand (metacarpals);
# the dotted line across is the wrist crease.
_HAND = (
    "         ╭╮          ",
    "      ╭╮ ││ ╭╮       ",
    "      ││ ││ ││ ╭╮    ",
    "      ││ ││ ││ ││    ",
    "      ││ ││ ││ ││    ",
    "     ╭┘└─┘└─┘└─┘└╮   ",
    " ╭╮  │  ╎  ╎  ╎  │   ",
    " ││  │  ╎  ╎  ╎  │   ",
    " ╲╲  │  ╎  ╎  ╎  │   ",
    "  ╲╲ │  ╎  ╎  ╎  │   ",
    "   ╲╲╯           │   ",
    "    ╲           ╭╯   ",
    "     │┈┈┈┈┈┈┈┈┈┈│    ",
    "     │          │    ",
    "     │          │    ",
)

# The right lower leg from the knee down, seen from the inner side (toes to the
# left, calf to the right) and from the outer side (toes to the right). The small
# circles are the ankle bones and, on the outer side, the head of the fibula.
_LEG = (
    " INNER     ┊     OUTER ",
    "  ╭─────╮  ┊  ╭─────╮  ",
    "  │     │  ┊  │◦    │  ",
    "  │     ╰╮ ┊ ╭╯     │  ",
    "  │      │ ┊ │      │  ",
    "  │      │ ┊ │      │  ",
    "  │     ╭╯ ┊ ╰╮     │  ",
    "  │     │  ┊  │     │  ",
    "  │     │  ┊  │     │  ",
    "  │  ◦  │  ┊  │  ◦  │  ",
    " ╭╯     ╰╮ ┊ ╭╯     ╰╮ ",
    "╭╯       │ ┊ │       ╰╮",
    "╰────────╯ ┊ ╰────────╯",
)

VIEWS: dict[str, BodyView] = {
    "back": _view("back", "Back (L/R from behind)", _BACK),
    "sacrum": _view("sacrum", "Low back (from behind)", _SACRUM),
    "hand": _view("hand", "Back of the right hand", _HAND),
    "leg": _view("leg", "Right lower leg & foot", _LEG),
}


# The view that shows each region of the catalogue (tui.core.points.REGIONS): a tender
# spot found by touch has no mark, so its step shows the region's view without one.
REGION_VIEWS: dict[str, str] = {
    "head": "back",
    "neck": "back",
    "shoulder": "back",
    "upper-back": "back",
    "lower-back": "back",
    "sacrum": "sacrum",
    "buttock": "sacrum",
    "hand": "hand",
    "knee": "back",
    "lower-leg": "leg",
    "ankle": "leg",
    "foot": "leg",
}


@dataclass(frozen=True, slots=True)
class RenderedMap:
    """A view with its marks drawn in: the lines, and the cells holding a mark."""

    view: str
    title: str
    lines: tuple[str, ...]
    marks: tuple[tuple[int, int], ...]


def render(view: str, marks: Sequence[tuple[int, int]], *, ascii: bool = False) -> RenderedMap:
    """Draw *view* with a mark glyph in each cell of *marks* (column, row).

    Raises :class:`ValueError` for an unknown view or a mark outside the art;
    the catalogue checks its marks when it is loaded, so neither happens for
    points from a valid catalogue.
    """
    body = VIEWS.get(view)
    if body is None:
        raise ValueError(f"no body map view {view!r}; views are {', '.join(VIEWS)}")
    rows = [list(line) for line in (body.ascii if ascii else body.unicode)]
    glyph = MARK_ASCII if ascii else MARK
    placed: list[tuple[int, int]] = []
    for mark in marks:
        column, row = int(mark[0]), int(mark[1])
        if not body.contains((column, row)):
            raise ValueError(mark_problem(view, (column, row)) or "mark outside the map")
        rows[row][column] = glyph
        if (column, row) not in placed:
            placed.append((column, row))
    return RenderedMap(view, body.title, tuple("".join(r) for r in rows), tuple(placed))


def mark_problem(view: str, mark: tuple[int, int]) -> str | None:
    """Why *mark* cannot be drawn on *view*, or ``None`` if it can."""
    body = VIEWS.get(view)
    if body is None:
        return f"no body map view {view!r}; views are {', '.join(VIEWS)}"
    if not body.contains(mark):
        return (
            f"mark {tuple(mark)} is outside the {view!r} map "
            f"(columns 0-{body.width - 1}, rows 0-{body.height - 1})"
        )
    return None

"""The text body maps: sizes, ASCII fallback, marks inside the figure."""

from __future__ import annotations

import subprocess
import sys
from typing import get_args

import pytest

from tui.core import bodymap
from tui.core.bodymap import MARK, MARK_ASCII, VIEWS, render
from tui.core.points import Catalogue, MapView, load_catalogue


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


@pytest.mark.parametrize("name", list(VIEWS))
def test_views_fit_the_budget_and_ascii_matches_unicode(name: str) -> None:
    view = VIEWS[name]
    assert view.height <= bodymap.MAX_HEIGHT and view.width <= bodymap.MAX_WIDTH
    assert len(view.title) <= bodymap.MAX_WIDTH
    assert {len(line) for line in view.unicode} == {view.width}
    assert [len(line) for line in view.ascii] == [len(line) for line in view.unicode]
    assert all(line.isascii() for line in view.ascii)
    assert not all(line.isascii() for line in view.unicode)
    # Blank cells stay blank, drawn cells stay drawn, so the shapes match.
    for uni, asc in zip(view.unicode, view.ascii, strict=True):
        assert [c == " " for c in uni] == [c == " " for c in asc]
    assert MARK not in "".join(view.unicode) and MARK_ASCII not in "".join(view.ascii)


def test_back_view_labels_left_and_right() -> None:
    top = VIEWS["back"].unicode[0]
    assert top.startswith("L") and top.endswith("R")
    assert "INNER" in VIEWS["leg"].unicode[0] and "OUTER" in VIEWS["leg"].unicode[0]


def _inside_figure(view: bodymap.BodyView, column: int, row: int) -> bool:
    line = view.unicode[row]
    drawn = [i for i, c in enumerate(line) if c != " "]
    return bool(drawn) and drawn[0] <= column <= drawn[-1]


def test_every_catalogue_mark_is_inside_the_figure(catalogue: Catalogue) -> None:
    for point in catalogue:
        view = VIEWS[point.map.view]
        for column, row in point.map.marks:
            assert view.contains((column, row)), point.code
            assert _inside_figure(view, column, row), point.code


@pytest.mark.parametrize("view", ["back", "sacrum"])
def test_bilateral_points_on_the_back_have_mirrored_marks(catalogue: Catalogue, view: str) -> None:
    middle = VIEWS[view].width // 2
    for point in catalogue:
        if point.map.view != view:
            continue
        marks = sorted(point.map.marks)
        if point.code.startswith("GV"):
            assert marks == [(middle, marks[0][1])], point.code
            continue
        left = sorted(m for m in marks if m[0] < middle)
        right = sorted((2 * middle - c, r) for c, r in marks if c > middle)
        assert left and left == right, point.code  # each mark has its mirror image
        assert len(left) * 2 == len(marks), point.code


def test_the_sacrum_view_tells_the_sacral_points_apart(catalogue: Catalogue) -> None:
    def rows(code: str) -> set[int]:
        return {r for _, r in catalogue.require(code).map.marks}

    sacral = ["BL31", "BL32", "BL33", "BL34"]
    assert all(catalogue.require(c).map.view == "sacrum" for c in sacral)
    levels = [min(rows(c)) for c in sacral]
    assert levels == sorted(levels) and len(set(levels)) == 4  # S1 to S4, top to bottom
    # BL54 is level with the fourth foramen (BL34) and further out; EX-B7 on the L4 line.
    assert rows("BL54") == rows("BL34")
    middle = VIEWS["sacrum"].width // 2
    bl34 = min(c for c, _ in catalogue.require("BL34").map.marks)
    assert min(c for c, _ in catalogue.require("BL54").map.marks) < bl34 < middle
    assert rows("EX-B7") == {3} and "─" in VIEWS["sacrum"].unicode[3]
    # EX-B2: the five lumbar levels, half a cun (one column) from the midline.
    assert rows("EX-B2") == {0, 1, 2, 3, 4}
    assert {abs(c - middle) for c, _ in catalogue.require("EX-B2").map.marks} == {1}


def test_every_region_has_a_view_for_a_tender_spot() -> None:
    from tui.core.points import REGIONS

    assert set(bodymap.REGION_VIEWS) == set(REGIONS)
    assert set(bodymap.REGION_VIEWS.values()) <= set(VIEWS)


def test_points_sit_where_the_body_is(catalogue: Catalogue) -> None:
    def rows(code: str) -> list[int]:
        return [r for _, r in catalogue.require(code).map.marks]

    # Head to feet on the back view.
    order = ["GV20", "GV14", "BL13", "BL17", "BL23", "BL25", "BL26", "GB30", "BL36", "BL40"]
    order += ["BL57"]
    tops = [min(rows(code)) for code in order]
    assert tops == sorted(tops) and len(set(tops)) == len(tops)
    # BL42 lies further from the spine than BL13 at the same level.
    bl13 = sorted(catalogue.require("BL13").map.marks)
    bl42 = sorted(catalogue.require("BL42").map.marks)
    assert bl42[0][1] == bl13[0][1] and bl42[0][0] < bl13[0][0]
    # KI3 and SP6 on the inner side of the leg view, BL60, GB34 and BL67 on the outer.
    middle = VIEWS["leg"].width // 2
    for code in ("KI3", "SP6"):
        assert all(c < middle for c, _ in catalogue.require(code).map.marks)
    for code in ("BL60", "GB34", "BL67", "BL62"):
        assert all(c > middle for c, _ in catalogue.require(code).map.marks)
    # BL62 directly below the outer ankle bone, BL60 beside it; GV3 (L4) the row below GV4 (L2).
    (bl62,) = catalogue.require("BL62").map.marks
    (bl60,) = catalogue.require("BL60").map.marks
    assert bl62[1] == bl60[1] + 1 and VIEWS["leg"].unicode[bl60[1]][bl62[0]] == "◦"
    assert catalogue.require("GV3").map.marks[0][1] == catalogue.require("GV4").map.marks[0][1] + 1


@pytest.mark.parametrize("ascii", [False, True])
def test_render_places_the_glyph_and_reports_the_cells(ascii: bool) -> None:
    drawn = render("back", [(7, 13), (15, 13), (7, 13)], ascii=ascii)
    glyph = MARK_ASCII if ascii else MARK
    assert drawn.marks == ((7, 13), (15, 13))
    assert drawn.lines[13][7] == glyph and drawn.lines[13][15] == glyph
    assert "".join(drawn.lines).count(glyph) == 2
    art = VIEWS["back"].ascii if ascii else VIEWS["back"].unicode
    assert [len(line) for line in drawn.lines] == [len(line) for line in art]
    assert drawn.lines[0] == art[0]
    assert drawn.title == VIEWS["back"].title


def test_render_without_marks_is_the_art() -> None:
    assert render("hand", []).lines == VIEWS["hand"].unicode


@pytest.mark.parametrize("mark", [(-1, 0), (0, -1), (23, 0), (0, 16), (99, 99)])
def test_render_rejects_marks_outside_the_art(mark: tuple[int, int]) -> None:
    with pytest.raises(ValueError, match="outside the 'back' map"):
        render("back", [mark])
    assert bodymap.mark_problem("back", mark) is not None


def test_render_rejects_unknown_view() -> None:
    with pytest.raises(ValueError, match="no body map view 'front'"):
        render("front", [(0, 0)])
    assert bodymap.mark_problem("back", (11, 0)) is None


def test_to_ascii_covers_every_character_of_the_art() -> None:
    for view in VIEWS.values():
        for line in view.unicode:
            assert bodymap.to_ascii(line).isascii(), line


def test_the_catalogue_accepts_exactly_the_views_that_have_art() -> None:
    assert set(get_args(MapView)) == set(VIEWS)


def test_bodymap_does_not_import_textual() -> None:
    code = "import sys, tui.core.bodymap, tui.core.points; print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"

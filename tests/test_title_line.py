"""The playback header: cut between words, within a word only where one word is most of it."""

from __future__ import annotations

from textual.content import Content

from tui.widgets.title_line import fit_line, shorten


def test_a_title_that_fits_is_kept_whole() -> None:
    assert shorten(Content("Lower back relief"), 17).plain == "Lower back relief"


def test_a_long_title_gives_up_whole_words() -> None:
    assert shorten(Content("Lower back relief routine"), 16).plain == "Lower back…"


def test_one_long_word_is_cut_within_it_rather_than_shown_as_nothing() -> None:
    shown = shorten(Content("title " + "x" * 200), 40)
    assert shown.plain == "title " + "x" * 33 + "…" and shown.cell_length == 40


def test_the_parts_that_must_stay_stay() -> None:
    line = fit_line(Content("A title of several words"), [(Content("  ·  step 1 of 5"), 0)], 30)
    assert line.plain.endswith("step 1 of 5") and line.cell_length <= 30

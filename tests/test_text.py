"""tui.core.text: untrusted text made visible, one cell a character, and encodable."""

from __future__ import annotations

import pytest
from hostile import BIDI, C0, C1, assert_safe_output, hostile_text, unsafe_in
from hypothesis import given
from hypothesis import strategies as st

from tui.core.text import describe_char, encodable, first_line, one_cell, unsafe_chars, visible


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\x1b]0;title\x07", "\\x1b]0;title\\x07"),
        ("\x1b[2J", "\\x1b[2J"),
        ("a\x7fb", "a\\x7fb"),
        ("\x9b2J", "\\x9b2J"),
        ("\u202egnp.exe", "\\u202egnp.exe"),
        ("\u2066x\u2069", "\\u2066x\\u2069"),
        ("\r\n", "\\r\n"),
        ("bad \udcff byte", "bad \\udcff byte"),
        ("two\nlines\tand a tab", "two\nlines\tand a tab"),
        ("[bold]markup is not my business[/]", "[bold]markup is not my business[/]"),
        ("Hégǔ 合谷 ⚠ → … \u200b", "Hégǔ 合谷 ⚠ → … \u200b"),
    ],
)
def test_visible_escapes_what_a_terminal_would_run_and_keeps_the_rest(
    text: str, shown: str
) -> None:
    assert visible(text) == shown


def test_one_line_escapes_newlines_and_tabs_too() -> None:
    assert visible("a\nb\tc\x1b", one_line=True) == "a\\nb\\tc\\x1b"


@pytest.mark.parametrize("char", [*C0, "\x7f", *C1, *BIDI, "\ud800", "\udfff"])
def test_every_unsafe_character_is_escaped(char: str) -> None:
    shown = visible(f"a{char}b")
    assert char not in shown
    assert shown.startswith("a\\") and shown.endswith("b")


@given(hostile_text())
def test_nothing_unsafe_survives_visible(text: str) -> None:
    assert_safe_output(visible(text))
    assert not unsafe_in(visible(text, one_line=True), allow_newlines=False)


@given(st.text(st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"])))
def test_safe_text_is_left_exactly_as_it_is(text: str) -> None:
    text = "".join(c for c in text if not unsafe_in(c))
    assert visible(text) == text


@given(hostile_text())
def test_one_cell_keeps_the_length_and_shows_every_character(text: str) -> None:
    shown = one_cell(text)
    assert len(shown) == len(text)
    assert not unsafe_in(shown, allow_newlines=False)


def test_one_cell_uses_control_pictures() -> None:
    assert one_cell("a\x1bb\x00\x7f\u202e\n") == "a␛b␀␡\ufffd␊"


def test_unsafe_chars_and_their_names() -> None:
    assert unsafe_chars("a\x1b\x1b\u202e\nb") == ["\x1b", "\u202e"]
    assert unsafe_chars("a\nb\t", allow_newlines=False) == ["\n", "\t"]
    assert describe_char("\x1b") == "\\x1b (ESC)"
    assert describe_char("\u202e") == "\\u202e (RIGHT-TO-LEFT OVERRIDE)"
    assert describe_char("\x9b") == "\\x9b (CSI)"


def test_encodable_replaces_what_the_encoding_lacks() -> None:
    assert encodable("Hégǔ ⚠ → – … 合谷", "ascii") == "Hegu ! -> - ... ??"
    assert encodable("Hégǔ", "utf-8") == "Hégǔ"
    assert encodable("Hégǔ ⚠", "latin-1") == "Hégu !"


@given(st.text(st.characters(codec="utf-8")))
def test_encodable_always_encodes(text: str) -> None:
    text = visible(text)
    encodable(text, "ascii").encode("ascii")
    encodable(text, "latin-1").encode("latin-1")


def test_first_line_ends_at_a_newline_only() -> None:
    assert first_line("\n  one\x1ctwo\u2028three \nfour") == "one\x1ctwo\u2028three"
    assert first_line("   \n ") == ""

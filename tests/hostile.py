"""Hostile text for the tests: markup of every kind, every control character, escape
sequences that act on a terminal, bidirectional overrides, very long lines.

``hostile_text()`` is a hypothesis strategy; ``SAMPLES`` a fixed list for tests that are too
slow to run for many examples (the app driven with Pilot). ``assert_safe`` is the property
every display path must keep.
"""

from __future__ import annotations

from hypothesis import strategies as st
from rich.segment import Segment

from tui.core.text import UNSAFE, UNSAFE_IN_LINE

C0 = [chr(c) for c in range(0x20) if c not in (0x09, 0x0A)]
C1 = [chr(c) for c in range(0x80, 0xA0)]
BIDI = [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]
CONTROLS = [*C0, "\x7f", *C1, *BIDI]

SEQUENCES = [
    "\x1b]0;pwned title\x07",  # OSC 0: window title
    "\x1b]2;pwned\x1b\\",  # OSC 2, ST-terminated
    "\x1b]8;;https://evil.example/\x1b\\click me\x1b]8;;\x1b\\",  # OSC 8: hyperlink
    "\x1b]52;c;cm0gLXJmIH4K\x07",  # OSC 52: write the clipboard
    "\x1b[2J\x1b[H",  # CSI 2J: blank the screen
    "\x1b[31mred\x1b[0m",  # SGR colours
    "\x1b[6n",  # ask the terminal for the cursor (it answers on stdin)
    "\x9b2J",  # 8-bit CSI
    "\x9d0;pwned\x9c",  # 8-bit OSC ... ST
    "\x1bP+q544e\x1b\\",  # DCS: request termcap
    "\x1b[?1049h",  # alternate screen
    "\r\x1b[K",  # back to the start of the line and erase it
    "\u202egnp.exe",  # right-to-left override
    "\u2066isolated\u2069",
]

MARKUP = [
    "[/]",
    "[b]",
    "[/b]",
    "[bold red]x[/]",
    "knee [/] hip",
    "pain [left side] after",
    "[@click=app.quit]quit[/]",
    "[@click=app.bell()]ring[/]",
    "[link=https://evil.example]x[/link]",
    "[on red]",
    "$accent",
    "$text-muted [$accent]x[/]",
    "[reverse blink]",
    ":warning:",
    "\\[escaped]",
    "[",
    "]",
    "[[",
    "[/@click]",
    "{}",
    "%s %(x)s",
]


def hostile_text(*, min_size: int = 1, max_size: int = 40) -> st.SearchStrategy[str]:
    """Strings made of markup, controls, escape sequences, bidi overrides and plain text."""
    piece = st.one_of(
        st.sampled_from(CONTROLS),
        st.sampled_from(SEQUENCES),
        st.sampled_from(MARKUP),
        st.text(st.characters(codec="utf-8"), max_size=8),
        st.text("ab [ ]/\\@=$:", max_size=6),
    )
    return st.lists(piece, min_size=min_size, max_size=max_size).map("".join)


def long_line(length: int = 5000) -> str:
    return ("x" * 97 + "\x1b[2J")[: length - 1] * (length // 100 + 1)


SAMPLES: list[str] = [
    "knee [/] hip",
    "pain [left side] after",
    "[@click=app.quit]quit[/] [link=https://evil.example]x[/link] $accent",
    "".join(SEQUENCES),
    "".join(CONTROLS),
    "[bold]" + "\x1b]52;c;cm0K\x07" + "\u202e" + "[/]" + "\x9b2J",
    long_line(),
]


def unsafe_in(text: str, *, allow_newlines: bool = True) -> list[str]:
    pattern = UNSAFE if allow_newlines else UNSAFE_IN_LINE
    return pattern.findall(text)


def assert_safe_output(text: str) -> None:
    """No byte below 0x20 but newline and tab, no ESC, no C1 control, no bidi override."""
    found = unsafe_in(text)
    assert not found, f"unsafe characters reached the output: {found[:5]!r} in {text[:200]!r}"
    raw = text.encode("utf-8", "surrogateescape")
    assert all(b >= 0x20 or b in (0x09, 0x0A) for b in raw)


def assert_safe_segments(segments: list[Segment]) -> None:
    """What Textual would send to the terminal holds no control character from the data."""
    for segment in segments:
        if segment.control:
            continue
        found = unsafe_in(segment.text, allow_newlines=False)
        assert not found, f"unsafe characters on screen: {found[:5]!r} in {segment.text!r}"

"""An Input that never sends a control character from its value to the terminal.

Textual draws an Input's (and a TextArea's) text as it is, so a value read from a file (a
journal note, a path in the config) could carry an escape sequence to the terminal. The
value is kept exactly; only what is drawn changes: each such character is shown in one cell
(``␛`` for ESC, ``�`` for a C1 control or a bidirectional override;
:func:`tui.core.text.one_cell`), so the cursor stays on the character it is on.
:func:`safe_strip` does the same for any widget's lines (``render_line``).
"""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import Input

from tui.core.text import UNSAFE_IN_LINE, one_cell


def safe_strip(strip: Strip) -> Strip:
    """*strip* with the unsafe characters of its text drawn in one cell each, same width."""
    segments = list(strip)
    if not any(UNSAFE_IN_LINE.search(s.text) for s in segments if not s.control):
        return strip
    width = strip.cell_length
    shown = [s if s.control else Segment(one_cell(s.text), s.style) for s in segments]
    return Strip(shown).crop(0, width)


class SafeInput(Input):
    """:class:`~textual.widgets.Input`, drawn through :func:`safe_strip`."""

    def render_line(self, y: int) -> Strip:
        return safe_strip(super().render_line(y))

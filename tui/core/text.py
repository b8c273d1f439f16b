"""Small helpers for text shown to people, and keeping untrusted text from the terminal.

Notes, routine files, config values, file names and paths are text that someone else may
have written. Shown as they are, a control character in them would be run by the terminal
(an escape sequence can set the window title, write the clipboard with OSC 52 or blank the
screen) and a bidirectional override would show the text in another order than it is.
:func:`visible` is the one function every display path uses: it writes such characters as
escapes (``\\x1b``, ``\\u202e``), so that nothing is hidden and nothing is executed.
"""

from __future__ import annotations

import re
import unicodedata

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
"""Characters never shown raw: C0 controls but newline and tab, DEL, C1 controls (U+0080 to
U+009F), the bidirectional embeddings, overrides and isolates (U+202A to U+202E, U+2066 to
U+2069), and lone surrogates (bytes that were not UTF-8, as Python reads them from a file
name or an argument)."""

UNSAFE_IN_LINE = re.compile(f"[\n\t{UNSAFE.pattern[1:-1]}]")
""":data:`UNSAFE`, and newline and tab too: for text shown on one line."""

_SHORT = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}

_NAMES = {
    "\x00": "NUL",
    "\x07": "BEL",
    "\x08": "BS",
    "\t": "TAB",
    "\n": "LF",
    "\x0b": "VT",
    "\x0c": "FF",
    "\r": "CR",
    "\x1b": "ESC",
    "\x7f": "DEL",
    "\x85": "NEL",
    "\x9b": "CSI",
    "\x9d": "OSC",
}


def escape(char: str) -> str:
    """One character as an escape people can read: ``\\x1b``, ``\\u202e``, ``\\n``."""
    if char in _SHORT:
        return _SHORT[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _escaped(match: re.Match[str]) -> str:
    return escape(match.group())


def visible(text: str, *, one_line: bool = False) -> str:
    """*text* safe to show on a terminal, every character still there to see.

    Controls, bidirectional overrides and isolates and lone surrogates (:data:`UNSAFE`)
    are written as escapes (``\\x1b``, ``\\u202e``, ``\\udcff``); newline and tab are
    kept, or escaped too with *one_line*. Markup is not this function's business: show
    the result as plain text (``Content(...)``, ``markup=False``), never as markup.
    """
    pattern = UNSAFE_IN_LINE if one_line else UNSAFE
    if pattern.search(text) is None:
        return text
    return pattern.sub(_escaped, text)


def _picture(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures: ␛ for ESC, ␀ for NUL
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"  # �: C1 controls, bidirectional overrides, lone surrogates


_PICTURES = {code: _picture(chr(code)) for code in range(0x20)}
_PICTURES |= {code: _picture(chr(code)) for code in range(0x7F, 0xA0)}
_PICTURES |= {code: "\ufffd" for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}
_PICTURES |= {code: "\ufffd" for code in range(0xD800, 0xE000)}


def one_cell(text: str) -> str:
    """*text* with every character :func:`visible` escapes, and newline and tab, shown in
    one cell each (``␛`` for ESC, ``�`` for a C1 control or a bidirectional override).

    For text being edited, where an escape four cells wide would move the cursor off the
    character it is on; everywhere else, :func:`visible` says more.
    """
    if UNSAFE_IN_LINE.search(text) is None:
        return text
    return text.translate(_PICTURES)


def describe_char(char: str) -> str:
    """``\\x1b (ESC)``, ``\\u202e (RIGHT-TO-LEFT OVERRIDE)``: a character for a message."""
    name = _NAMES.get(char) or unicodedata.name(char, "")
    return f"{escape(char)} ({name})" if name else escape(char)


def unsafe_chars(text: str, *, allow_newlines: bool = True) -> list[str]:
    """The distinct characters of *text* that :func:`visible` would escape, in order.

    With *allow_newlines* newline and tab are fine (a multi-line text); otherwise they
    count as unsafe too.
    """
    pattern = UNSAFE if allow_newlines else UNSAFE_IN_LINE
    return list(dict.fromkeys(pattern.findall(text)))


_FALLBACK = {
    "⚠": "!",
    "→": "->",
    "←": "<-",
    "–": "-",
    "—": "-",
    "−": "-",
    "•": "*",
    "·": "-",
    "…": "...",
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
}


def encodable(text: str, encoding: str) -> str:
    """*text* with what *encoding* cannot write replaced: ``é`` by ``e``, ``→`` by ``->``,
    anything else by ``?``; so output to an ASCII-only terminal never fails."""
    try:
        text.encode(encoding)
        return text
    except (UnicodeEncodeError, LookupError):
        pass
    out = []
    for char in text:
        try:
            char.encode(encoding)
        except UnicodeEncodeError:
            out.append(_fallback(char, encoding))
        except LookupError:
            out.append(char if char.isascii() else "?")
        else:
            out.append(char)
    return "".join(out)


def _fallback(char: str, encoding: str) -> str:
    candidates = [_FALLBACK.get(char, "")]
    decomposed = unicodedata.normalize("NFKD", char)
    candidates.append("".join(c for c in decomposed if not unicodedata.combining(c)))
    for candidate in candidates:
        if not candidate:
            continue
        try:
            candidate.encode(encoding)
        except UnicodeEncodeError:
            continue
        return candidate
    return "?"


def first_line(text: str) -> str:
    """The first non-blank line of *text*, stripped ("" for blank text).

    Lines end at a newline only: other characters Python counts as line breaks (form feed,
    U+001C to U+001E, NEL, U+2028) stay in the line, where :func:`visible` shows them.
    """
    return text.strip().split("\n", 1)[0].strip() if text.strip() else ""

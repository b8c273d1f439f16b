"""Whether the terminal can show Unicode, and plain ASCII for one that cannot.

:func:`wants_ascii` is the one place that decides. It looks at the locale (``LC_ALL``,
then ``LC_CTYPE``, then ``LANG``: the first one set wins, as in POSIX) as well as at the
output encoding, because the encoding alone says UTF-8 where the terminal is not:
under the C locale Python runs in UTF-8 mode (PEP 540) and even sets ``LC_CTYPE`` to
``C.UTF-8`` in its own environment (PEP 538). So the environment the process was
started with is read where the system keeps it (``/proc/self/environ``), and otherwise
a ``LC_CTYPE`` that is exactly what Python sets when it coerces the C locale is taken
for that. ``ACUPRESS_ASCII=1`` forces ASCII; ``ACUPRESS_ASCII=0`` (or empty) leaves it
to the locale.

:func:`ascii_text` writes text in ASCII for people (``Hégǔ`` → ``Hegu``, ``→`` → ``->``,
``⚠`` → ``!``, hanzi left out); :func:`ascii_cells` does the same cell for cell, so that
a line drawn for the screen keeps its width (box drawing → ``+-|``, a wide character →
two ASCII characters).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from tui.core.files import read_regular
from tui.core.problems import ProblemError

FORCE_VARIABLE = "ACUPRESS_ASCII"

COERCED_LOCALES = frozenset({"C.UTF-8", "C.utf8", "UTF-8"})
"""What Python sets ``LC_CTYPE`` to when it coerces the C locale (PEP 538)."""


def original_environ(environ: Mapping[str, str]) -> Mapping[str, str]:
    """The environment the process was started with, before Python changed it; *environ*
    where the system does not keep it (or it cannot be read)."""
    try:
        raw = read_regular(Path("/proc/self/environ"))
    except ProblemError:
        return environ
    if not raw:
        return environ
    found: dict[str, str] = {}
    for item in raw.split(b"\0"):
        name, sep, value = item.partition(b"=")
        if sep:
            found[name.decode("utf-8", "replace")] = value.decode("utf-8", "replace")
    return found


def locale_name(environ: Mapping[str, str], *, trust_ctype: bool | None = None) -> str:
    """The locale that decides the character set: ``LC_ALL``, else ``LC_CTYPE``, else
    ``LANG`` ("" for none: the C locale).

    *trust_ctype* False leaves ``LC_CTYPE`` out (Python set it); None (not known) leaves it
    out when it is what Python sets when it coerces the C locale and ``LANG`` names the C
    locale or nothing.
    """
    if value := environ.get("LC_ALL", ""):
        return value
    lang = environ.get("LANG", "")
    ctype = environ.get("LC_CTYPE", "")
    if trust_ctype is None:
        trust_ctype = ctype not in COERCED_LOCALES or lang not in ("", "C", "POSIX")
    return ctype if ctype and trust_ctype else lang


def locale_is_unicode(name: str) -> bool:
    """Whether the locale *name* (``en_GB.UTF-8``, ``C.utf8``, ``de_DE@euro``) is UTF-8."""
    codeset = name.partition(".")[2].partition("@")[0] if "." in name else name
    return codeset.lower().replace("-", "").replace("_", "") == "utf8"


def wants_ascii(
    environ: Mapping[str, str], encoding: str | None, *, trust_ctype: bool | None = None
) -> bool:
    """Whether to draw in plain ASCII: forced by ``ACUPRESS_ASCII``, or because the
    locale (see :func:`locale_name`) or the output *encoding* is not UTF-8."""
    forced = environ.get(FORCE_VARIABLE, "")
    if forced not in ("", "0"):
        return True
    if "utf" not in (encoding or "").lower().replace("-", "").replace("_", ""):
        return True
    return not locale_is_unicode(locale_name(environ, trust_ctype=trust_ctype))


def terminal_wants_ascii(environ: Mapping[str, str], encoding: str | None) -> bool:
    """:func:`wants_ascii` for this process, whose environment is *environ*.

    A ``LC_CTYPE`` that Python may have set itself (see the module docstring) is checked
    against the environment the process was started with, where the system keeps it.
    """
    ctype = environ.get("LC_CTYPE")
    if ctype not in COERCED_LOCALES or environ.get("LC_ALL"):
        return wants_ascii(environ, encoding, trust_ctype=True)
    started = original_environ(environ)
    if started is environ:
        return wants_ascii(environ, encoding)  # not known: the heuristic of locale_name
    # The LC_CTYPE the process was started with (perhaps none), not the one Python set.
    chosen = {k: v for k, v in environ.items() if k != "LC_CTYPE"}
    if "LC_CTYPE" in started:
        chosen["LC_CTYPE"] = started["LC_CTYPE"]
    return wants_ascii(chosen, encoding, trust_ctype=True)


# ---- ASCII text ---------------------------------------------------------------------------

_WORDS: dict[str, str] = {
    "→": "->",
    "←": "<-",
    "↑": "^",
    "↓": "v",
    "⏎": "Enter",
    "…": "...",
    "⚠": "!",
    "•": "*",
    "·": "-",
    "–": "-",
    "—": "-",
    "−": "-",
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
    "×": "x",
    "▼": "v",
    "▲": "^",
    "▶": ">",
    "◀": "<",
    "≤": "<=",
    "≥": ">=",
    "°": " deg",
    "½": "1/2",
    "\u00a0": " ",
}
"""Characters written as ASCII words or signs, for people (:func:`ascii_text`)."""

_CELLS: dict[str, str] = {
    # One cell each, the same width as what they stand for.
    "→": ">",
    "←": "<",
    "↑": "^",
    "↓": "v",
    "⏎": "<",
    "…": ".",
    "⚠": "!",
    "•": "*",
    "·": "-",
    "–": "-",
    "—": "-",
    "−": "-",
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
    "×": "x",
    "▼": "v",
    "▲": "^",
    "▶": ">",
    "◀": "<",
    "▸": ">",
    "◂": "<",
    "≤": "<",
    "≥": ">",
    "°": "o",
    "▏": "|",
    "▕": "|",
    "▎": "|",
    "▍": "|",
    "▌": "|",
    "▐": "|",
    "▊": "#",
    "▋": "#",
    "▉": "#",
    "█": "#",
    "▇": "#",
    "▆": "#",
    "▅": "#",
    "▄": "_",
    "▃": "_",
    "▂": "_",
    "▁": "_",
    "▀": "-",
    "▔": "-",
    "░": "-",
    "▒": ":",
    "▓": "#",
    "◖": "<",
    "◗": ">",
    "●": "o",
    "○": "o",
    "◉": "o",
    "✓": "v",
    "✔": "v",
    "✗": "x",
    "✘": "x",
    "\u00a0": " ",
}
"""Characters written as one ASCII cell (:func:`ascii_cells`)."""


def _box(char: str) -> str | None:
    """A box-drawing character as ``+``, ``-`` or ``|``."""
    name = unicodedata.name(char, "")
    if not name.startswith("BOX DRAWINGS"):
        return None
    horizontal = "HORIZONTAL" in name or "LEFT" in name or "RIGHT" in name
    vertical = "VERTICAL" in name or "UP" in name or "DOWN" in name
    if horizontal and vertical:
        return "+"
    return "|" if vertical else "-"


def _plain(char: str) -> str:
    """*char* without its accents (``é`` → ``e``, ``ǔ`` → ``u``), or "" if nothing is left."""
    return "".join(
        c for c in unicodedata.normalize("NFKD", char) if c.isascii() and c.isprintable()
    )


def _is_hanzi(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


@lru_cache(maxsize=4096)
def ascii_text(text: str) -> str:
    """*text* in plain ASCII, for people: accents dropped, signs as words, hanzi left out."""
    if text.isascii():
        return text
    out: list[str] = []
    for char in text:
        if char.isascii():
            out.append(char)
        elif char in _WORDS:
            out.append(_WORDS[char])
        elif _is_hanzi(char):
            continue
        elif (box := _box(char)) is not None:
            out.append(box)
        else:
            out.append(_plain(char) or "?")
    return "".join(out)


@lru_cache(maxsize=4096)
def ascii_cells(text: str) -> str:
    """*text* in plain ASCII cell for cell: as many columns wide as *text* on a terminal."""
    if text.isascii():
        return text
    out: list[str] = []
    for char in text:
        if char.isascii():
            out.append(char)
        elif unicodedata.combining(char):
            continue  # zero width: its base character is already there
        elif _is_hanzi(char):
            out.append("??" if unicodedata.category(char).startswith("L") else "  ")
        elif char in _CELLS:
            out.append(_CELLS[char])
        elif (box := _box(char)) is not None:
            out.append(box)
        else:
            plain = _plain(char)
            out.append(plain[:1] if plain else "?")
    return "".join(out)

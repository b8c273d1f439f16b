"""Entries to TOML text, in the journal's canonical layout.

Written by hand rather than with tomli-w so that the file stays easy to read and edit
(``areas = ["lower-back", "neck"]`` on one line, ``at = 2026-11-23T08:30:00+01:00``, a
multi-line note as lines) and so that every text survives the round trip exactly:
tomli-w writes a carriage return inside a multi-line string raw, and TOML reads a raw
CR LF there as LF. :meth:`tui.core.journal.store.JournalStore.append` checks each
entry it writes by reading it back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime

from tui.core.areas import AREAS
from tui.core.journal.entry import Entry
from tui.core.journal.parse import CURRENT_VERSION

HEADER = (
    "# acupress pain journal. You may edit this file by hand; acupress checks it before\n"
    "# every write and never writes over a file it cannot read. level: 0 = no pain,\n"
    "# 10 = worst pain imaginable. areas: " + ", ".join(AREAS[:3]) + ",\n"
    "# " + ", ".join(AREAS[3:]) + ". Each entry needs a unique id. Edits and deletes made in\n"
    "# acupress rewrite this file (comments are not kept) and keep the previous one as .bak.\n"
)


_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f\x7f]')


def _control(ch: str) -> bool:
    return ord(ch) < 0x20 or ord(ch) == 0x7F


def toml_string(text: str) -> str:
    """*text* as a TOML basic string on one line."""
    if not _NEEDS_ESCAPE.search(text):
        return f'"{text}"'
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif _control(ch):
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def toml_multiline(text: str) -> str:
    """*text* as a TOML multi-line basic string, its lines shown as lines."""
    out = ['"""\n']
    last = len(text) - 1
    for n, ch in enumerate(text):
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            # A quote next to another (or to the closing delimiter) is escaped, so no
            # run of unescaped quotes can end the string early.
            out.append('\\"' if n == last or text[n + 1] == '"' else '"')
        elif ch in "\n\t":
            out.append(ch)
        elif ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif _control(ch):
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    out.append('"""')
    return "".join(out)


def toml_datetime(moment: datetime) -> str:
    return moment.isoformat(timespec="microseconds" if moment.microsecond else "seconds")


def render_entry(entry: Entry) -> str:
    """One ``[[entries]]`` table, ending with a newline."""
    lines = [
        "[[entries]]",
        f"id = {toml_string(entry.id)}",
        f"at = {toml_datetime(entry.at)}",
        f"level = {entry.level}",
        f"areas = [{', '.join(toml_string(a) for a in entry.areas)}]",
    ]
    if entry.routine is not None:
        lines.append(f"routine = {toml_string(entry.routine)}")
    if entry.phase is not None:
        lines.append(f"phase = {toml_string(entry.phase)}")
    if entry.session is not None:
        lines.append(f"session = {toml_string(entry.session)}")
    if entry.note is not None:
        note = toml_multiline(entry.note) if "\n" in entry.note else toml_string(entry.note)
        lines.append(f"note = {note}")
    return "\n".join(lines) + "\n"


def render_journal(entries: Iterable[Entry]) -> str:
    """A whole version 1 file, in canonical form."""
    return (
        HEADER + f"version = {CURRENT_VERSION}\n" + "".join("\n" + render_entry(e) for e in entries)
    )

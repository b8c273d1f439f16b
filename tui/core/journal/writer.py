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
from collections.abc import Iterable, Sequence
from datetime import datetime

from tui.core.areas import AREAS
from tui.core.journal.entry import Entry, Tombstone
from tui.core.journal.parse import version_needed

HEADER = (
    "# acupress pain journal. You may edit this file by hand; acupress checks it before\n"
    "# every write and never writes over a file it cannot read. level: 0 = no pain,\n"
    "# 10 = worst pain imaginable. areas: " + ", ".join(AREAS[:3]) + ",\n"
    "# " + ", ".join(AREAS[3:]) + ". Each entry needs a unique id. Edits and deletes made in\n"
    "# acupress rewrite this file (comments are not kept) and keep the previous one as .bak.\n"
)
SYNC_HEADER = (
    "# updated: when the entry was last changed. [deleted]: id = when that entry was\n"
    "# deleted, kept so that merging an older copy of this file (acupress journal merge)\n"
    "# cannot bring it back. Both decide which version wins when copies disagree.\n"
)
"""Added to the header of a version 2 file, which has either."""


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
_NEEDS_ESCAPE_MULTILINE = re.compile(r"[\\\x00-\x08\x0b-\x1f\x7f]")
"""What a multi-line string cannot hold as it is (newline and tab it can; a quote it can
unless next to another or at the end)."""


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
    if (
        not _NEEDS_ESCAPE_MULTILINE.search(text) and '""' not in text and not text.endswith('"')
    ):  # _multiline would change nothing
        return f'"""\n{text}"""'
    return _multiline(text)


def _multiline(text: str) -> str:
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
    if entry.updated is not None:
        lines.append(f"updated = {toml_datetime(entry.updated)}")
    if entry.note is not None:
        note = toml_multiline(entry.note) if "\n" in entry.note else toml_string(entry.note)
        lines.append(f"note = {note}")
    return "\n".join(lines) + "\n"


def render_tombstone(tombstone: Tombstone) -> str:
    """One line of the ``[deleted]`` table (ids are always valid bare keys)."""
    return f"{tombstone.id} = {toml_datetime(tombstone.deleted)}\n"


def render_journal(entries: Iterable[Entry], deleted: Sequence[Tombstone] = ()) -> str:
    """A whole file in canonical form: version 1 unless it needs version 2 (an entry with an
    ``updated`` time, or a deleted entry). Tombstones go first, oldest deletion first."""
    entries = list(entries)
    version = version_needed(entries, deleted)
    head = HEADER + (SYNC_HEADER if version >= 2 else "") + f"version = {version}\n"
    if deleted:
        ordered = sorted(deleted, key=lambda t: (t.deleted, t.id))
        head += "\n[deleted]\n" + "".join(render_tombstone(t) for t in ordered)
    return head + "".join("\n" + render_entry(e) for e in entries)

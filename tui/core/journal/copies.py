"""Sync conflict copies of the journal, found beside it with one directory listing.

When two machines change a synced file before they have heard of each other, the sync
service keeps both: one under the file's name, the other renamed beside it. The names,
as each service makes them (for ``journal.toml``):

- Syncthing: ``journal.sync-conflict-20261201-101500-ABCDEFG.toml`` (date, time and the
  short ID of the device whose change lost; ``lib/model/folder_sendrecv.go``,
  ``conflictName``);
- Nextcloud and ownCloud desktop clients: ``journal (conflicted copy 2026-12-01
  101500).toml``, with the user's name before the date when the server gives one
  (``src/common/utility.cpp``, ``makeConflictFileName``); older ownCloud clients:
  ``journal_conflict-20261201-101500.toml``;
- Dropbox: ``journal (Anna's conflicted copy 2026-12-01).toml`` (the editor's name,
  "conflicted copy" and the date, Dropbox Help "What's a conflicted copy?"), also seen
  without the name and with a number, ``journal (conflicted copy 2026-12-01 (1)).toml``.

A copy of a copy adds a second marker (``journal.sync-conflict-A.sync-conflict-B.toml``);
those are found too. A name with control characters in it is not taken for a copy, so
no name found here can carry a terminal control sequence.
"""

from __future__ import annotations

import os
import re
import shlex
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from tui.core.files import write_target
from tui.core.paths import default_journal_file
from tui.core.problems import ProblemError

_NAME = r"[^()/\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]+"
"""A user's or device's name inside a marker: no parentheses, no control characters."""
_MARKERS = (
    r"\.sync-conflict-\d{8}-\d{6}(?:-[A-Za-z0-9]+)?",  # Syncthing
    rf" \(conflicted copy (?:{_NAME} )?\d{{4}}-\d{{2}}-\d{{2}} \d{{6}}\)",  # Nextcloud, ownCloud
    rf"_conflict(?:_{_NAME})?-\d{{8}}-\d{{6}}",  # ownCloud before 2.5
    rf" \((?:{_NAME}['\u2019]s )?conflicted copy \d{{4}}-\d{{2}}-\d{{2}}(?: \(\d+\))?\)",  # Dropbox
)


@cache
def _pattern(name: str) -> re.Pattern[str]:
    path = Path(name)
    stem, ext = path.stem, path.suffix
    markers = "|".join(_MARKERS)
    return re.compile(rf"{re.escape(stem)}(?i:{markers})+{re.escape(ext)}")


def is_conflict_copy(name: str, journal_name: str) -> bool:
    """Whether the file name *name* is a sync conflict copy of a file named *journal_name*."""
    return _pattern(journal_name).fullmatch(name) is not None


def conflict_copies(journal_path: Path) -> list[Path]:
    """The sync conflict copies beside the journal at *journal_path* (beside the file its
    symlink points to, where the sync service works), sorted by name.

    Only regular files count. One listing of the folder; nothing is read. A journal path
    that cannot be used, or a folder that cannot be listed, has no copies here (the
    journal's own commands say what is wrong with it).
    """
    try:
        target = write_target(journal_path)
    except ProblemError:
        return []
    found = []
    try:
        with os.scandir(target.parent) as listing:
            for item in listing:
                if is_conflict_copy(item.name, target.name) and item.is_file(follow_symlinks=False):
                    found.append(target.parent / item.name)
    except OSError:
        return []
    return sorted(found)


def shell_word(text: str) -> str:
    """*text* quoted for a POSIX shell; in double quotes where that reads better (a Dropbox
    copy's ``Anna's``) and means the same (no ``"``, ``\\``, ``$``, backquote or ``!``)."""
    quoted = shlex.quote(text)
    if quoted != text and "'" in text and not re.search(r'["\\$`!]', text):
        return f'"{text}"'
    return quoted


def merge_command(journal_path: Path, copies: Sequence[Path]) -> str:
    """The command that merges *copies* into the journal, ready to paste into a shell."""
    words = ["acupress", "journal", "merge", *(str(copy) for copy in copies)]
    if journal_path != default_journal_file():
        words += ["--journal", str(journal_path)]
    return " ".join(shell_word(word) for word in words)


def conflict_notice(journal_path: Path, copies: Sequence[Path] | None = None) -> str | None:
    """One sentence naming the sync conflict copies beside the journal and the command that
    merges them (None: there are none)."""
    if copies is None:
        copies = conflict_copies(journal_path)
    if not copies:
        return None
    if len(copies) == 1:
        found = "a sync conflict copy of the journal is beside it; merge it"
    else:
        found = f"{len(copies)} sync conflict copies of the journal are beside it; merge them"
    return f"{found} (nothing is lost) with: {merge_command(journal_path, copies)}"

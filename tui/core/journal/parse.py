"""A journal file's bytes to validated entries, every problem located (``PATH:LINE: message``)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui.core.journal.entry import (
    Entry,
    EntryError,
    FieldError,
    Tombstone,
    from_v0_table,
    new_id,
)
from tui.core.problems import Problem, ProblemError
from tui.core.tomlfile import Loc, closest, decode, format_loc, line_index, line_of, parse_toml
from tui.core.when import EXAMPLE

CURRENT_VERSION = 2
"""The newest version of the file this acupress reads and writes.

- 0: the prototype's format (read and migrated, see :mod:`.entry`);
- 1: ``[[entries]]`` with ``id``, ``at``, ``level``, ``areas``, ``note``, ``routine``,
  ``phase``, ``session``;
- 2: adds ``updated`` to an entry and the ``[deleted]`` table of tombstones. An acupress
  that reads only version 1 would take such a file for a plain one and lose what they
  say, so it refuses it instead ("written by a newer acupress; update acupress").

A file is written as version 2 only when it holds something version 1 cannot say
(:func:`version_needed`), so older copies of acupress keep reading every other journal.
"""
TOP_LEVEL: tuple[str, ...] = ("version", "deleted", "entries")
TOP_LEVEL_ADDED_IN: dict[str, int] = {"deleted": 2}


class JournalError(ProblemError):
    """The journal cannot be read or written; every problem is ``PATH:LINE: message``."""


class EntryNotFound(JournalError):
    """No entry has the id asked for."""


@dataclass(frozen=True, slots=True)
class Parsed:
    """A validated journal file."""

    entries: list[Entry]
    version: int
    """The version found in the file (older versions are migrated in memory)."""
    data: dict[str, Any]
    """The raw TOML data."""
    digest: str | None = None
    """SHA-256 of the file's bytes (None: no file); compare with ``JournalStore.digest()``."""
    deleted: list[Tombstone] = field(default_factory=list)
    """The tombstones of deleted entries (``[deleted]``), in file order."""


def version_needed(entries: Sequence[Entry], deleted: Sequence[Tombstone] = ()) -> int:
    """The oldest file version that can hold *entries* and *deleted*."""
    if deleted or any(entry.updated is not None for entry in entries):
        return 2
    return 1


def digest_of(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def parse_journal(raw: bytes, path: Path | str) -> Parsed:
    """Parse and validate journal bytes; raise :class:`JournalError` with located problems."""
    try:
        data = parse_toml(raw, path)
    except ProblemError as error:
        raise JournalError(error.problems) from None
    source = decode(raw, path)
    if "version" not in data:
        if not data:  # empty, or comments only: an empty journal
            return Parsed([], CURRENT_VERSION, data, digest_of(raw))
        raise JournalError(
            [
                Problem(
                    path,
                    1,
                    f"missing 'version': add the line 'version = {CURRENT_VERSION}' at the top",
                )
            ]
        )
    version = data["version"]
    index: dict[Loc, int] | None = None

    def lines() -> dict[Loc, int]:
        nonlocal index
        index = line_index(source) if index is None else index
        return index

    if isinstance(version, bool) or not isinstance(version, int):
        raise JournalError(
            [
                Problem(
                    path,
                    line_of(lines(), ("version",)),
                    f"version must be a whole number, like {CURRENT_VERSION}",
                )
            ]
        )
    if version > CURRENT_VERSION:
        raise JournalError(
            [
                Problem(
                    path,
                    line_of(lines(), ("version",)),
                    f"version {version} was written by a newer acupress; this one reads up to "
                    f"version {CURRENT_VERSION}: update acupress",
                )
            ]
        )
    if version < 0:
        raise JournalError(
            [
                Problem(
                    path,
                    line_of(lines(), ("version",)),
                    f"unknown version {version}; expected {CURRENT_VERSION}",
                )
            ]
        )
    problems: list[Problem] = []
    for key in data:
        if key not in TOP_LEVEL:
            hints = closest(key, TOP_LEVEL, n=1)
            hint = f" (did you mean '{hints[0]}'?)" if hints else ""
            problems.append(Problem(path, line_of(lines(), (key,)), f"unknown field '{key}'{hint}"))
        elif TOP_LEVEL_ADDED_IN.get(key, 0) > version:
            needs = TOP_LEVEL_ADDED_IN[key]
            problems.append(
                Problem(
                    path,
                    line_of(lines(), (key,)),
                    f"unknown field '{key}' (it needs 'version = {needs}' at the top)",
                )
            )
    deleted = _tombstones(data.get("deleted", {}), path, lines, problems) if version >= 2 else []
    tables = data.get("entries", [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        problems.append(
            Problem(
                path,
                line_of(lines(), ("entries",)),
                "entries: must be [[entries]] tables, one per rating",
            )
        )
        raise JournalError(problems)
    read: Callable[[Mapping[str, object], int], Entry] = (
        from_v0_table if version == 0 else lambda table, _: Entry.from_table(table, version=version)
    )
    entries: list[Entry] = []
    for position, table in enumerate(tables):
        try:
            entries.append(read(table, position))
        except EntryError as error:
            problems += entry_problems(error, position, path, lines())
    if problems:
        problems.sort(key=lambda p: p.line or 0)
        raise JournalError(problems)
    _check_unique(entries, deleted, path, lines)
    return Parsed(entries, version, data, digest_of(raw), deleted)


def _tombstones(
    table: object,
    path: Path | str,
    lines: Callable[[], dict[Loc, int]],
    problems: list[Problem],
) -> list[Tombstone]:
    """The ``[deleted]`` table (``id = when it was deleted``) as tombstones; what is wrong
    with it goes to *problems*."""
    if not isinstance(table, dict):
        problems.append(
            Problem(
                path,
                line_of(lines(), ("deleted",)),
                "deleted: must be a table of deleted entries, one line each: "
                f"the id = when it was deleted (like [deleted] then a1b2c3 = {EXAMPLE})",
                field="deleted",
            )
        )
        return []
    out: list[Tombstone] = []
    for key, value in table.items():
        try:
            out.append(Tombstone(key, value))
        except EntryError as error:
            for item in error.errors:
                problems.append(_tombstone_problem(item, key, path, lines()))
    return out


def _tombstone_problem(
    item: FieldError, key: str, path: Path | str, index: Mapping[Loc, int]
) -> Problem:
    line = line_of(index, ("deleted", key))
    if item.field == "id":
        message = f"deleted: '{key}' is not an entry id (1 to 64 letters, digits, '-' or '_')"
    else:
        message = f"deleted.{key}: {item.message}"
    return Problem(path, line, message, field="deleted")


def entry_problems(
    error: EntryError, position: int, path: Path | str, index: Mapping[Loc, int]
) -> list[Problem]:
    """The problems of the entry at *position* (0-based) in a file, with their lines."""
    problems = []
    for item in error.errors:
        loc: Loc = (
            ("entries", position) if item.field is None else ("entries", position, item.field)
        )
        where = format_loc(loc)
        if item.kind == "unknown":
            message = f"unknown field '{where}'{item.message}"
        elif item.kind == "missing":
            message = f"missing field '{where}'"
        else:
            message = f"{where}: {item.message}"
        problems.append(Problem(path, line_of(index, loc), message, field=item.field))
    return problems


def _check_unique(
    entries: Sequence[Entry],
    deleted: Sequence[Tombstone],
    path: Path | str,
    lines: Callable[[], dict[Loc, int]],
) -> None:
    first: dict[str, int] = {}
    problems: list[Problem] = []
    gone = {tombstone.id for tombstone in deleted}
    for position, entry in enumerate(entries):
        if entry.id in gone:
            index = lines()
            listed = line_of(index, ("deleted", entry.id))
            problems.append(
                Problem(
                    path,
                    line_of(index, ("entries", position, "id")),
                    f"entries[{position + 1}].id: '{entry.id}' is also listed as deleted"
                    + (f" on line {listed}" if listed else " in [deleted]")
                    + "; remove that line to keep this entry, or remove this entry",
                    field="id",
                )
            )
        if entry.id not in first:
            first[entry.id] = position
            continue
        index = lines()
        earlier = line_of(index, ("entries", first[entry.id], "id"))
        problems.append(
            Problem(
                path,
                line_of(index, ("entries", position, "id")),
                f"entries[{position + 1}].id: '{entry.id}' is already used"
                + (f" on line {earlier}" if earlier else "")
                + f'; give this entry a new id, for example "{new_id()}"',
                field="id",
            )
        )
    if problems:
        raise JournalError(problems)

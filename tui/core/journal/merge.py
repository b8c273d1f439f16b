"""Merging copies of a journal: pure functions, no files (the store does the file work).

Each copy holds, for an entry id, at most one *version*: the entry itself, or the
tombstone saying it was deleted (``[deleted]``). Merging keeps, for every id any copy
knows, the version that wins:

- the one changed last: an entry's ``updated`` time (an entry never edited counts as
  older than any change), a tombstone's ``deleted`` time. Times are compared as
  instants, whatever their UTC offsets;
- at the same instant, a tombstone wins over an entry (a deletion made from a version
  supersedes it: acupress records it at least a second after that version's ``updated``,
  see :func:`~tui.core.journal.entry.change_time`);
- between versions of the same kind at the same instant, the one whose canonical TOML
  text (:func:`~tui.core.journal.writer.render_entry`) sorts last, so that the choice
  never depends on the order of the copies.

So a tombstone wins over every version of its entry that is not newer than it, and is
kept; an entry edited on another copy after it was deleted here wins and comes back
(a later edit is a person's decision to keep it). Choosing the maximum of a total order
makes merging idempotent (A with A is A), commutative (A into B holds the same entries
and tombstones as B into A) and associative (copies can be merged in any order, several
at once or one by one). Nothing is lost: every id any copy has is kept, as its winning
entry or as its tombstone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal, Protocol

from tui.core.journal.entry import Entry, Tombstone
from tui.core.journal.writer import render_entry, render_tombstone

_NEVER = datetime(1, 1, 1, tzinfo=UTC)


class Contents(Protocol):
    """What a copy of a journal holds (:class:`~tui.core.journal.parse.Parsed` is one)."""

    @property
    def entries(self) -> Sequence[Entry]: ...

    @property
    def deleted(self) -> Sequence[Tombstone]: ...


@dataclass(frozen=True, slots=True)
class Copy:
    """A copy of a journal, for callers that have no parsed file."""

    entries: Sequence[Entry] = ()
    deleted: Sequence[Tombstone] = ()


Version = Entry | Tombstone


def _when(version: Version) -> tuple[bool, datetime, int]:
    if isinstance(version, Tombstone):
        return (True, version.deleted, 1)
    return (version.updated is not None, version.updated or _NEVER, 0)


def _text(version: Version) -> str:
    if isinstance(version, Tombstone):
        return render_tombstone(version)
    return render_entry(version)


def _offsets(version: Version) -> tuple[object, ...]:
    if isinstance(version, Tombstone):
        return (version.deleted.utcoffset(),)
    return (version.at.utcoffset(), version.updated and version.updated.utcoffset())


def same(a: Version, b: Version) -> bool:
    """Whether *a* and *b* are the same version, written identically (``==`` alone would
    call the same instant at two UTC offsets equal)."""
    return type(a) is type(b) and a == b and _offsets(a) == _offsets(b)


def wins(a: Version, b: Version) -> bool:
    """Whether version *a* of an entry wins over version *b* (see the module)."""
    when_a, when_b = _when(a), _when(b)
    if when_a != when_b:
        return when_a > when_b
    return not same(a, b) and _text(a) > _text(b)


@dataclass(frozen=True, slots=True)
class Change:
    """What a merge does to one entry of the journal merged into."""

    kind: Literal["added", "updated", "removed"]
    before: Version | None
    """This journal's version (None: it had none)."""
    after: Version
    """The winning version: an entry (added, updated) or a tombstone (removed)."""

    @property
    def id(self) -> str:
        return self.after.id

    def fields(self) -> list[str]:
        """For an update: the fields that differ between the two entries."""
        if not isinstance(self.before, Entry) or not isinstance(self.after, Entry):
            return []
        old, new = self.before.to_json(), self.after.to_json()
        return [name for name in old if old[name] != new[name]]


@dataclass(frozen=True, slots=True)
class Merged:
    """The result of a merge: the journal's new contents and what changed."""

    entries: list[Entry]
    """This journal's entries in their order (updated ones in place, removed ones gone),
    then the added ones, oldest first."""
    deleted: list[Tombstone]
    """Every tombstone that won, oldest deletion first."""
    changes: list[Change] = field(default_factory=list)
    """Entries added, updated and removed, in the order of :attr:`entries` (removed ones
    where they were)."""
    tombstones_taken: int = 0
    """Tombstones new to this journal (or with a later time) for entries it does not
    have: the file changes, no entry does."""

    def of(self, kind: Literal["added", "updated", "removed"]) -> list[Change]:
        return [change for change in self.changes if change.kind == kind]

    @property
    def changed(self) -> bool:
        """Whether the journal's contents change (else there is nothing to write)."""
        return bool(self.changes or self.tombstones_taken)

    @property
    def only_added(self) -> bool:
        """Whether the merge only adds entries new to this journal (so that the file can be
        appended to: no entry changes, no tombstone comes or goes)."""
        return not self.tombstones_taken and all(
            c.kind == "added" and c.before is None for c in self.changes
        )


def _versions(copy: Contents) -> dict[str, Version]:
    versions: dict[str, Version] = {}
    every: list[Version] = [*copy.entries, *copy.deleted]
    for version in every:
        # A valid file has one version per id; should a caller pass more, the winner stays.
        held = versions.get(version.id)
        if held is None or wins(version, held):
            versions[version.id] = version
    return versions


def merge(ours: Contents, theirs: Iterable[Contents]) -> Merged:
    """*ours* with every copy in *theirs* merged in (see the module for the rules)."""
    mine = _versions(ours)
    winners = dict(mine)
    for copy in theirs:
        for entry_id, version in _versions(copy).items():
            held = winners.get(entry_id)
            if held is None or (held is not version and wins(version, held)):
                winners[entry_id] = version

    entries: list[Entry] = []
    changes: list[Change] = []
    for entry in ours.entries:
        won = winners[entry.id]
        if isinstance(won, Entry):
            entries.append(won)
            if not same(won, entry):
                changes.append(Change("updated", entry, won))
        else:
            changes.append(Change("removed", entry, won))
    new = [
        won
        for entry_id, won in winners.items()
        if isinstance(won, Entry) and not isinstance(mine.get(entry_id), Entry)
    ]
    for won in sorted(new, key=lambda e: (e.at, e.id)):
        entries.append(won)
        changes.append(Change("added", mine.get(won.id), won))
    deleted = sorted(
        (won for won in winners.values() if isinstance(won, Tombstone)),
        key=lambda t: (t.deleted, t.id),
    )
    taken = sum(
        1
        for tombstone in deleted
        if not isinstance(mine.get(tombstone.id), Entry)
        and not (tombstone.id in mine and same(mine[tombstone.id], tombstone))
    )
    return Merged(entries, deleted, changes, taken)

"""Merging copies of a journal, and the version 2 format that makes it possible: properties on
generated journals (idempotent, commutative, associative, no resurrection, no loss, edits
resolved by ``updated``), the ``updated`` time every edit records, tombstones, and version 1
files that stay as they were."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.journal.entry import Entry, Tombstone, change_time
from tui.core.journal.merge import Contents, Copy, Merged, merge
from tui.core.journal.parse import CURRENT_VERSION, JournalError, parse_journal
from tui.core.journal.store import JournalStore
from tui.core.journal.writer import render_entry, render_journal, render_tombstone

# --- generated journals -----------------------------------------------------------------------

# Few ids, instants and texts, so that copies often hold the same id, and versions often
# tie on their time (the same instant written at other UTC offsets too).
IDS = ["a", "b", "1234", "true", "x-y_z", "2026-01-01"]
BASE = datetime(2026, 11, 1, 12, tzinfo=UTC)
OFFSETS = [UTC, timezone(timedelta(hours=1)), timezone(timedelta(hours=-5, minutes=-30))]
moments = st.builds(
    lambda hours, tz: (BASE + timedelta(hours=hours)).astimezone(tz),
    st.integers(0, 3),
    st.sampled_from(OFFSETS),
)
Version = Entry | Tombstone


def version(entry_id: str, spec: tuple[int, datetime, int, str | None, datetime | None]) -> Version:
    kind, moment, level, note, updated = spec
    if kind == 0:
        return Tombstone(entry_id, moment)
    return Entry(id=entry_id, at=moment, level=level, note=note, updated=updated)


def journal(specs: dict[str, tuple[int, datetime, int, str | None, datetime | None]]) -> Copy:
    held = [version(entry_id, spec) for entry_id, spec in specs.items()]
    return Copy(
        entries=[v for v in held if isinstance(v, Entry)],
        deleted=[v for v in held if isinstance(v, Tombstone)],
    )


# One id in four is a tombstone; an entry is edited (has updated) half of the time.
specs = st.tuples(
    st.integers(0, 3),
    moments,
    st.integers(0, 2),
    st.sampled_from([None, "stiff", "better"]),
    st.none() | moments,
)
journals_ = st.dictionaries(st.sampled_from(IDS), specs, max_size=len(IDS)).map(journal)


def journals() -> st.SearchStrategy[Copy]:
    return journals_


def text(version: Version) -> str:
    return render_tombstone(version) if isinstance(version, Tombstone) else render_entry(version)


def state(copy: Contents) -> frozenset[str]:
    """A journal's contents, exactly as written (the same instant at another offset differs)."""
    return frozenset(text(v) for v in (*copy.entries, *copy.deleted))


def expected_winner(candidates: Sequence[Version]) -> Version:
    """The rule, stated again independently: the latest change wins; at the same instant a
    deletion wins over an entry; then the text that sorts last. An entry never edited is
    older than any change."""

    def key(version: Version) -> tuple[bool, datetime, int, str]:
        if isinstance(version, Tombstone):
            return (True, version.deleted, 1, text(version))
        return (
            version.updated is not None,
            version.updated or BASE - timedelta(days=9999),
            0,
            text(version),
        )

    return max(candidates, key=key)


def all_versions(copies: Sequence[Contents]) -> dict[str, list[Version]]:
    found: dict[str, list[Version]] = {}
    for copy in copies:
        for version in (*copy.entries, *copy.deleted):
            found.setdefault(version.id, []).append(version)
    return found


# --- properties -----------------------------------------------------------------------------

PROPERTY = settings(max_examples=120, deadline=None)
"""Drawing these journals costs Hypothesis about 30 ms an example here; 120 examples of
few ids, instants and texts reach every kind of tie many times over."""


@PROPERTY
@given(ours=journals(), theirs=st.lists(journals(), max_size=2))
def test_the_winner_of_every_id_follows_the_rule(ours: Copy, theirs: list[Copy]) -> None:
    merged = merge(ours, theirs)
    winners = {i: expected_winner(vs) for i, vs in all_versions([ours, *theirs]).items()}
    assert state(merged) == frozenset(text(v) for v in winners.values())
    # Nothing twice, nothing both kept and deleted.
    ids = [e.id for e in merged.entries] + [t.id for t in merged.deleted]
    assert len(ids) == len(set(ids))


@PROPERTY
@given(a=journals(), b=journals())
def test_merging_is_idempotent(a: Copy, b: Copy) -> None:
    assert state(merge(a, [a])) == state(a)
    assert not merge(a, [a]).changed
    once = merge(a, [b])
    twice = merge(once, [b])
    assert state(twice) == state(once)
    assert not twice.changed  # merging the same copy again writes nothing


@PROPERTY
@given(a=journals(), b=journals())
def test_merging_is_commutative(a: Copy, b: Copy) -> None:
    assert state(merge(a, [b])) == state(merge(b, [a]))


@PROPERTY
@given(a=journals(), b=journals(), c=journals())
def test_merging_is_associative_and_order_independent(a: Copy, b: Copy, c: Copy) -> None:
    at_once = state(merge(a, [b, c]))
    assert state(merge(merge(a, [b]), [c])) == at_once
    assert state(merge(a, [merge(b, [c])])) == at_once
    assert state(merge(c, [b, a])) == at_once


@PROPERTY
@given(ours=journals(), theirs=st.lists(journals(), max_size=2))
def test_no_resurrection_of_a_tombstoned_entry(ours: Copy, theirs: list[Copy]) -> None:
    copies = [ours, *theirs]
    merged = merge(ours, theirs)
    kept = {e.id for e in merged.entries}
    for entry_id, candidates in all_versions(copies).items():
        deletions = [v.deleted for v in candidates if isinstance(v, Tombstone)]
        if not deletions:
            continue
        newer = [
            v
            for v in candidates
            if isinstance(v, Entry) and v.updated is not None and v.updated > max(deletions)
        ]
        # Deleted stays deleted, and its tombstone is kept, unless an edit came later.
        assert (entry_id in kept) == bool(newer)
        assert (entry_id in {t.id for t in merged.deleted}) == (not newer)


@PROPERTY
@given(ours=journals(), theirs=st.lists(journals(), max_size=2))
def test_no_loss_of_any_entry_that_is_not_tombstoned(ours: Copy, theirs: list[Copy]) -> None:
    merged = merge(ours, theirs)
    kept = {e.id for e in merged.entries}
    known = kept | {t.id for t in merged.deleted}
    for entry_id, candidates in all_versions([ours, *theirs]).items():
        assert entry_id in known  # every id is kept, as an entry or as its tombstone
        if not any(isinstance(v, Tombstone) for v in candidates):
            assert entry_id in kept


@PROPERTY
@given(ours=journals(), theirs=st.lists(journals(), max_size=2))
def test_edits_are_resolved_by_updated(ours: Copy, theirs: list[Copy]) -> None:
    merged = {e.id: e for e in merge(ours, theirs).entries}
    for entry_id, candidates in all_versions([ours, *theirs]).items():
        if entry_id not in merged:
            continue
        edits = [v.updated for v in candidates if isinstance(v, Entry) and v.updated is not None]
        if edits:
            assert merged[entry_id].updated == max(edits)
        else:
            assert merged[entry_id].updated is None


@PROPERTY
@given(ours=journals(), theirs=st.lists(journals(), max_size=2))
def test_the_report_accounts_for_every_change_to_ours(ours: Copy, theirs: list[Copy]) -> None:
    merged = merge(ours, theirs)
    before = {e.id: text(e) for e in ours.entries}
    after = {e.id: text(e) for e in merged.entries}
    assert {c.id for c in merged.of("added")} == set(after) - set(before)
    assert {c.id for c in merged.of("removed")} == set(before) - set(after)
    assert {c.id for c in merged.of("updated")} == {
        i for i in set(before) & set(after) if before[i] != after[i]
    }
    assert merged.changed == (state(merged) != state(ours))
    # What a merge writes reads back as exactly the merged contents.
    parsed = parse_journal(render_journal(merged.entries, merged.deleted).encode(), "m")
    assert state(parsed) == state(merged)


def test_a_tie_is_broken_by_content_not_by_order() -> None:
    at = BASE
    one = Entry(id="a", at=at, level=3)
    other = Entry(id="a", at=at, level=4)
    shifted = Entry(id="a", at=at.astimezone(OFFSETS[1]), level=3)  # equal by ==, not as text
    assert one == shifted
    for versions_ in ([one, other, shifted], [shifted, other, one], [other, one, shifted]):
        copies = [Copy(entries=[v]) for v in versions_]
        assert state(merge(copies[0], copies[1:])) == {text(expected_winner(versions_))}
    deleted = Tombstone("a", at)
    edited = replace(one, updated=at)
    assert state(merge(Copy([edited]), [Copy(deleted=[deleted])])) == {text(deleted)}
    assert state(merge(Copy(deleted=[deleted]), [Copy([edited])])) == {text(deleted)}


# --- a journal kept on two machines, through the store ----------------------------------------


class Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


def entry(entry_id: str, level: int, **fields: object) -> Entry:
    return Entry(id=entry_id, at=BASE - timedelta(days=1), level=level, **fields)  # type: ignore[arg-type]


def test_two_forked_copies_merge_back_with_nothing_lost_or_resurrected(tmp_path: Path) -> None:
    desk = JournalStore(tmp_path / "desk" / "journal.toml", clock=Clock(BASE))
    desk.add([entry(n, i) for i, n in enumerate("abcde")])
    laptop_file = tmp_path / "laptop" / "journal.toml"
    laptop_file.parent.mkdir()
    laptop_file.write_bytes(desk.path.read_bytes())
    # The laptop's clock is an hour behind the desk's.
    laptop = JournalStore(laptop_file, clock=Clock(BASE - timedelta(hours=1)))

    desk.update(entry("a", 7, note="desk edit"))
    desk.delete("b")
    desk.append(entry("f", 1))
    laptop.update(entry("c", 8, note="laptop edit"))
    laptop.delete("d")
    laptop.update(entry("a", 2, note="laptop edit, earlier by the laptop's clock"))
    laptop.update(entry("e", 4))  # edited on the laptop...
    desk.delete("e")  # ...and deleted on the desk afterwards, by the clocks
    laptop.append(entry("g", 9))

    into_desk = desk.merge([laptop.read()])
    into_laptop = laptop.merge([desk.read()])
    assert state(desk.read()) == state(laptop.read())
    entries = {e.id: e for e in desk.load()}
    assert sorted(entries) == ["a", "c", "f", "g"]
    assert entries["a"].note == "desk edit"  # the later edit by the clocks wins
    assert entries["c"].note == "laptop edit"
    assert sorted(t.id for t in desk.read().deleted) == ["b", "d", "e"]
    assert {c.id for c in into_desk.of("added")} == {"g"}
    assert {c.id for c in into_desk.of("updated")} == {"c"}
    assert {c.id for c in into_desk.of("removed")} == {"d"}
    assert {c.id for c in into_laptop.of("removed")} == {"b", "e"}
    # Merging again changes nothing, not even a byte.
    before = desk.path.read_bytes()
    assert not desk.merge([laptop.read()]).changed
    assert desk.path.read_bytes() == before


# --- the updated time and tombstones ----------------------------------------------------------


def test_change_time_is_after_the_version_it_changes() -> None:
    now = datetime(2026, 12, 1, 10, 15, 30, 500000, tzinfo=OFFSETS[1])
    assert change_time(now) == now.replace(microsecond=0)
    assert change_time(now, now - timedelta(hours=1)) == now.replace(microsecond=0)
    ahead = now + timedelta(hours=2)  # made on a machine whose clock is ahead
    assert change_time(now, ahead) > ahead
    assert change_time(now, ahead).utcoffset() == now.utcoffset()
    assert change_time(now, ahead) - ahead <= timedelta(seconds=1)


def test_an_edit_records_updated_and_a_delete_leaves_a_tombstone(tmp_path: Path) -> None:
    clock = Clock(BASE)
    store = JournalStore(tmp_path / "journal.toml", clock=clock)
    store.add([entry("a", 3), entry("b", 4)])
    assert "version = 1\n" in store.path.read_text(encoding="utf-8")  # nothing needs 2 yet
    store.update(entry("a", 5))
    (a, _) = store.load()
    assert a.updated == clock.now
    store.update(replace(a, level=6, updated=None))  # the caller's updated is not trusted
    assert store.load()[0].updated == clock.now
    gone = store.delete("b")
    assert gone.id == "b"
    parsed = store.read()
    assert parsed.version == 2
    assert parsed.deleted == [Tombstone("b", clock.now)]
    text_ = store.path.read_text(encoding="utf-8")
    assert f"\n[deleted]\nb = {clock.now.isoformat()}\n" in text_
    assert "# updated: when the entry was last changed. [deleted]: id = when" in text_
    with pytest.raises(JournalError, match="'b' is a deleted entry's"):
        store.append(entry("b", 1))  # a deleted id is never reused
    store.lock_path.write_bytes(b"")  # and on the slow path too
    with pytest.raises(JournalError, match="'b' is a deleted entry's"):
        store.append(entry("b", 1))


def test_a_version_1_file_keeps_its_bytes_until_it_needs_version_2(tmp_path: Path) -> None:
    path = tmp_path / "journal.toml"
    v1 = '# mine\nversion = 1\n\n[[entries]]\nid = "a"\nat = 2026-11-20T09:00:00+01:00\nlevel = 4\n'
    path.write_text(v1, encoding="utf-8")
    store = JournalStore(path, clock=Clock(BASE))
    assert store.read().version == 1
    store.append(entry("b", 2))
    assert path.read_bytes().startswith(v1.encode())  # appended, still version 1
    assert not store.backup_path.exists()
    store.append(entry("c", 2, updated=BASE))  # an entry version 1 cannot hold
    assert store.read().version == 2
    assert store.backup_path.read_bytes().startswith(v1.encode())
    assert [e.id for e in store.load()] == ["a", "b", "c"]


V2 = """version = 2

[deleted]
d1 = 2026-12-01T10:15:00+01:00

[[entries]]
id = "a1"
at = 2026-11-20T09:00:00+01:00
level = 4
areas = ["neck"]
updated = 2026-11-21T09:00:00+01:00
"""

BAD_V2 = [
    (
        V2.replace("version = 2", "version = 1"),
        3,
        "unknown field 'deleted' (it needs 'version = 2'",
    ),
    (
        V2.replace("version = 2", "version = 1").replace(
            "[deleted]\nd1 = 2026-12-01T10:15:00+01:00\n", ""
        ),
        9,
        "unknown field 'entries[1].updated' (it needs 'version = 2'",
    ),
    (
        V2.replace("d1 = 2026-12-01T10:15:00+01:00", "d1 = 2026-12-01"),
        4,
        "deleted.d1: must be the date and time the entry was deleted",
    ),
    (
        V2.replace("d1 = 2026-12-01T10:15:00+01:00", '"d 1" = 2026-12-01T10:15:00+01:00'),
        4,
        "deleted: 'd 1' is not an entry id",
    ),
    (V2.replace("d1 =", "a1 ="), 7, "entries[1].id: 'a1' is also listed as deleted on line 4"),
    (V2.replace("[deleted]\n", "deleted = 5\n"), 3, "deleted: must be a table of deleted entries"),
    (
        V2.replace("updated = 2026-11-21T09:00:00+01:00", "updated = 2026-11-21T09:00:00"),
        11,
        "entries[1].updated: needs its UTC offset",
    ),
    (
        V2.replace("updated = 2026-11-21T09:00:00+01:00", 'updated = "yesterday"'),
        11,
        "entries[1].updated: must be the date and time of the entry's last change",
    ),
    (
        V2.replace("version = 2", f"version = {CURRENT_VERSION + 1}"),
        1,
        "written by a newer acupress; this one reads up to version 2: update acupress",
    ),
    (V2.replace("version = 2", "version = -1"), 1, "unknown version -1"),
]


@pytest.mark.parametrize(("text_", "line", "message"), BAD_V2)
def test_version_2_problems_are_located_and_the_file_left_alone(
    tmp_path: Path, text_: str, line: int, message: str
) -> None:
    path = tmp_path / "journal.toml"
    path.write_text(text_, encoding="utf-8")
    before = path.read_bytes()
    store = JournalStore(path)
    with pytest.raises(JournalError) as caught:
        store.load()
    first = caught.value.problems[0]
    assert str(first).startswith(f"{path}:{line}: "), str(caught.value)
    assert message in first.message, first.message
    for action in (
        lambda: store.append(entry("new", 1)),
        lambda: store.delete("a1"),
        lambda: store.merge([Copy([entry("new", 1)])]),
    ):
        with pytest.raises(JournalError):
            action()
    assert path.read_bytes() == before
    assert not store.lock_path.exists()


def test_a_valid_version_2_file_reads_back_as_written() -> None:
    parsed = parse_journal(V2.encode(), "j")
    assert parsed.deleted == [Tombstone("d1", datetime(2026, 12, 1, 10, 15, tzinfo=OFFSETS[1]))]
    (only,) = parsed.entries
    assert only.updated == datetime(2026, 11, 21, 9, tzinfo=OFFSETS[1])
    rendered = render_journal(parsed.entries, parsed.deleted)
    assert state(parse_journal(rendered.encode(), "j")) == state(parsed)
    assert re.search(r"^version = 2$", rendered, re.MULTILINE)


@PROPERTY
@given(journal=journals())
def test_every_generated_journal_round_trips_through_its_file(journal: Copy) -> None:
    rendered = render_journal(journal.entries, journal.deleted)
    parsed = parse_journal(rendered.encode(), "j")
    assert state(parsed) == state(journal)
    assert parsed.version == (
        2 if journal.deleted or any(e.updated for e in journal.entries) else 1
    )


def test_merged_result_is_a_dataclass_with_what_changed() -> None:
    merged: Merged = merge(Copy([entry("a", 1)]), [Copy(deleted=[Tombstone("a", BASE)])])
    (change,) = merged.changes
    assert (change.kind, change.id, change.before, change.after) == (
        "removed",
        "a",
        entry("a", 1),
        Tombstone("a", BASE),
    )
    assert merged.entries == [] and merged.deleted == [Tombstone("a", BASE)]

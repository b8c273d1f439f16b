"""JournalStore through its index cache: whatever happens to the journal or to the cache
behind the store's back, what it reads is the file as it is now, validated; a write never
goes over a file it could not fully read; the cache folder and file are never followed
through a symlink."""

from __future__ import annotations

import dataclasses
import os
import shutil
import stat
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tui.core import journal_index
from tui.core.areas import AREAS
from tui.core.journal.entry import Entry, new_entry
from tui.core.journal.parse import JournalError, parse_journal
from tui.core.journal.store import JournalStore
from tui.core.journal.writer import render_entry, render_journal
from tui.core.journal_index import ChunkCache

TZ = timezone(timedelta(hours=1))
START = datetime(2026, 1, 1, 8, 0, tzinfo=TZ)
CLOCK = datetime(2026, 6, 1, 12, 0, tzinfo=TZ)


def entry(n: int, level: int | None = None) -> Entry:
    return Entry.from_table(
        {
            "id": f"e{n:05d}",
            "at": START + timedelta(hours=n),
            "level": n % 11 if level is None else level,
            "areas": list(AREAS[: 1 + n % 3]),
        }
    )


@pytest.fixture(autouse=True)
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Blocks of 4 entries, so that small journals have many."""
    monkeypatch.setattr(journal_index, "BLOCK_ENTRIES", 4)


def store_of(tmp_path: Path, count: int, name: str = "journal.toml") -> JournalStore:
    path = tmp_path / name
    path.write_bytes(render_journal([entry(n) for n in range(count)]).encode())
    return JournalStore(path, clock=lambda: CLOCK, cache_dir=tmp_path / "cache")


def cache_of(store: JournalStore) -> ChunkCache:
    return ChunkCache.for_journal(store.path, store.cache_dir)


def as_read(store: JournalStore) -> list[str]:
    """The store's entries, which must be the full parse's of the file as it is now."""
    parsed = store.read()
    expected = parse_journal(store.path.read_bytes(), store.path)
    assert [repr(e) for e in parsed.entries] == [repr(e) for e in expected.entries]
    assert [repr(t) for t in parsed.deleted] == [repr(t) for t in expected.deleted]
    assert parsed.version == expected.version
    return [repr(e) for e in parsed.entries]


def test_a_hand_edit_with_the_same_size_and_time_is_seen(tmp_path: Path) -> None:
    store = store_of(tmp_path, 20)
    assert store.load()[9].level == 9
    assert cache_of(store).path.is_file()
    info = store.path.stat()
    raw = store.path.read_bytes()
    edited = raw.replace(b'id = "e00009"\nat = ', b'id = "e00009"\nat = ', 1)
    edited = edited.replace(b"level = 9\n", b"level = 2\n", 1)
    assert len(edited) == len(raw) and edited != raw
    store.path.write_bytes(edited)
    os.utime(store.path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert store.path.stat().st_mtime_ns == info.st_mtime_ns
    assert store.load()[9].level == 2
    as_read(store)


def test_an_invalid_hand_edit_with_the_same_size_and_time_stops_every_write(
    tmp_path: Path,
) -> None:
    store = store_of(tmp_path, 20)
    store.append(new_entry(3))  # the lock now knows the file as valid
    info = store.path.stat()
    raw = store.path.read_bytes()
    broken = raw.replace(b"level = 9\n", b"levle = 9\n", 1)
    assert len(broken) == len(raw)
    store.path.write_bytes(broken)
    os.utime(store.path, ns=(info.st_atime_ns, info.st_mtime_ns))
    with pytest.raises(JournalError, match="levle"):
        store.load()
    for write in (
        lambda: store.append(new_entry(4)),
        lambda: store.update(entry(1, level=5)),
        lambda: store.delete("e00001"),
    ):
        with pytest.raises(JournalError):
            write()
        assert store.path.read_bytes() == broken  # never written over


def test_a_truncated_journal_is_refused_with_its_line_and_left_alone(tmp_path: Path) -> None:
    store = store_of(tmp_path, 20)
    store.load()
    raw = store.path.read_bytes()
    cut = raw[: raw.index(b'id = "e00012"') + 8]  # inside the string
    store.path.write_bytes(cut)
    with pytest.raises(JournalError) as error:
        store.load()
    assert "Unterminated string" in str(error.value.problems[0])  # tomllib's message
    with pytest.raises(JournalError):
        store.append(new_entry(4))
    assert store.path.read_bytes() == cut
    # Cut at an entry's end instead: a valid, shorter journal, read as such.
    store.path.write_bytes(raw[: raw.index(b"\n[[entries]]", raw.index(b'"e00012"'))] + b"\n")
    assert len(store.load()) == 13
    as_read(store)


def test_a_journal_replaced_by_another_file_is_read_anew(tmp_path: Path) -> None:
    store = store_of(tmp_path, 20)
    store.load()
    other = tmp_path / "other.toml"
    other.write_bytes(render_journal([entry(n, level=10 - n % 11) for n in range(20)]).encode())
    other.replace(store.path)
    assert [e.level for e in store.load()] == [10 - n % 11 for n in range(20)]
    as_read(store)


def test_the_cache_of_another_journal_gives_this_journals_entries(tmp_path: Path) -> None:
    mine = store_of(tmp_path, 20)
    theirs = store_of(tmp_path, 20, "theirs.toml")
    theirs.path.write_bytes(
        render_journal([entry(n, level=(n + 5) % 11) for n in range(20)]).encode()
    )
    theirs.load()
    mine.load()
    assert cache_of(mine).path != cache_of(theirs).path  # one cache per journal
    shutil.copyfile(cache_of(theirs).path, cache_of(mine).path)
    assert [e.level for e in mine.load()] == [n % 11 for n in range(20)]
    as_read(mine)
    # Even a cache whose blocks partly match: the matching bytes are the same entries.
    mixed = [entry(n) if n < 8 else entry(n, level=(n + 5) % 11) for n in range(20)]
    theirs.path.write_bytes(render_journal(mixed).encode())
    theirs.load()
    shutil.copyfile(cache_of(theirs).path, cache_of(mine).path)
    assert [e.level for e in mine.load()] == [n % 11 for n in range(20)]
    as_read(mine)


@pytest.mark.parametrize("damage", ["garbage", "empty", "truncated", "zeros", "huge-line", "deep"])
def test_a_corrupt_cache_costs_a_full_read_and_is_replaced(tmp_path: Path, damage: str) -> None:
    store = store_of(tmp_path, 20)
    first = as_read(store)
    path = cache_of(store).path
    blob = path.read_bytes()
    path.write_bytes(
        {
            "garbage": b"\x80\x00garbage\n\xff",
            "empty": b"",
            "truncated": blob[: len(blob) // 2],
            "zeros": bytes(len(blob)),
            "huge-line": b"[" * 100_000 + b"\n",
            "deep": b"[" * 4000 + b"\n",
        }[damage]
    )
    assert as_read(store) == first
    assert path.read_bytes() != blob[: len(blob) // 2]  # written again, whole
    assert as_read(store) == first


def test_a_symlinked_cache_folder_is_neither_read_nor_written(tmp_path: Path) -> None:
    store = store_of(tmp_path, 20)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    assert store.cache_dir is not None
    store.cache_dir.parent.mkdir(parents=True, exist_ok=True)
    store.cache_dir.symlink_to(elsewhere)
    first = as_read(store)
    assert list(elsewhere.iterdir()) == []  # nothing written through the link
    # A good cache put there is not read either: every read parses every entry.
    shutil.rmtree(tmp_path / "cache", ignore_errors=True)
    store.cache_dir.unlink()
    as_read(store)
    for item in store.cache_dir.iterdir():
        shutil.copy(item, elsewhere / item.name)
    shutil.rmtree(store.cache_dir)
    store.cache_dir.symlink_to(elsewhere)
    cache = cache_of(store)
    got = journal_index.read_indexed(store.path.read_bytes(), store.path, cache)
    assert got.parsed_chunks == 20
    assert as_read(store) == first


def test_a_cache_folder_others_may_write_to_is_not_used(tmp_path: Path) -> None:
    store = store_of(tmp_path, 20)
    assert store.cache_dir is not None
    store.cache_dir.mkdir(parents=True)
    store.cache_dir.chmod(0o777)
    as_read(store)
    assert list(store.cache_dir.iterdir()) == []
    store.cache_dir.chmod(0o700)
    as_read(store)
    cache = cache_of(store)
    assert stat.S_IMODE(cache.path.stat().st_mode) == 0o600
    got = journal_index.read_indexed(store.path.read_bytes(), store.path, ChunkCache(cache.path))
    assert got.parsed_chunks == 0


def test_a_stale_temporary_is_removed_and_a_fresh_one_kept(tmp_path: Path) -> None:
    store = store_of(tmp_path, 5)
    store.load()
    cache = cache_of(store)
    old = cache.path.with_name(f".{cache.path.name}.0123456789abcdef.tmp")
    new = cache.path.with_name(f".{cache.path.name}.fedcba9876543210.tmp")
    old.write_bytes(b"left by a writer that was killed")
    new.write_bytes(b"another process is writing this one")
    os.utime(old, (0, 0))
    store.path.write_bytes(store.path.read_bytes() + b"# changed\n")
    store.load()
    assert not old.exists() and new.exists()


def test_version_2_edits_deletes_and_another_programs_append_through_the_cache(
    tmp_path: Path,
) -> None:
    store = store_of(tmp_path, 30)
    store.load()
    store.update(dataclasses.replace(entry(13), level=0))
    store.delete("e00021")
    parsed = store.read()
    assert parsed.version == 2
    assert [t.id for t in parsed.deleted] == ["e00021"]
    assert {e.id: e.updated for e in parsed.entries}["e00013"] == CLOCK
    as_read(store)
    # Another program appends an entry (the lock's digest no longer matches the file).
    late = entry(99)
    with store.path.open("ab") as handle:
        handle.write(b"\n" + render_entry(late).encode())
    cache = cache_of(store)
    got = journal_index.read_indexed(store.path.read_bytes(), store.path, ChunkCache(cache.path))
    assert got.whole_file is None and got.parsed_chunks <= 4  # its block only
    assert [e.id for e in store.load()][-1] == "e00099"
    as_read(store)
    # The deleted id cannot come back, checked through the cache.
    with pytest.raises(JournalError, match="deleted entry"):
        store.append(entry(21))
    with pytest.raises(JournalError, match="already used"):
        store.append(entry(99))
    store.append(entry(100))
    assert [e.id for e in store.load()][-2:] == ["e00099", "e00100"]
    assert "e00021" not in [e.id for e in store.load()]
    as_read(store)


def test_no_entry_is_lost_whatever_the_cache_holds(tmp_path: Path) -> None:
    store = store_of(tmp_path, 12)
    added = [new_entry(n % 11) for n in range(6)]
    for n, item in enumerate(added):
        path = cache_of(store).path
        if n % 2 and path.exists():  # every other time, a cache of an older file
            path.write_bytes(path.read_bytes()[:-3])
        store.append(item)
    ids = [e.id for e in store.load()]
    assert ids == [f"e{n:05d}" for n in range(12)] + [e.id for e in added]
    as_read(store)


def test_a_copy_is_read_through_the_journals_index_which_it_leaves_alone(
    tmp_path: Path,
) -> None:
    store = store_of(tmp_path, 20)
    store.load()
    cache = cache_of(store).path
    before = cache.read_bytes()
    copy = tmp_path / "journal.sync-conflict-20261201-101500-ABCDEFG.toml"
    changed = dataclasses.replace(entry(7), level=0, updated=CLOCK)  # edited over there
    edited = [changed if n == 7 else entry(n) for n in range(20)]
    copy.write_bytes(render_journal([*edited, entry(20)]).encode())
    got = store.read_copy(copy.read_bytes(), copy)
    expected = parse_journal(copy.read_bytes(), copy)
    assert [repr(e) for e in got.entries] == [repr(e) for e in expected.entries]
    assert cache.read_bytes() == before  # the journal's index is as it was
    # A copy that is not a valid journal: the full parse's messages, with the copy's name.
    broken = copy.read_bytes().replace(b"level = 3\n", b"level = 11\n", 1)
    with pytest.raises(JournalError) as error:
        store.read_copy(broken, copy)
    with pytest.raises(JournalError) as reference:
        parse_journal(broken, copy)
    assert [str(p) for p in error.value.problems] == [str(p) for p in reference.value.problems]
    assert str(copy) in str(error.value.problems[0])
    store.merge([got])
    assert {e.id: e.level for e in store.load()} == {e.id: e.level for e in expected.entries}

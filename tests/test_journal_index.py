"""tui.core.journal_index: reading by chunks gives exactly the whole-file parse, or reads whole;
after a change only the blocks that changed are parsed; the cache is never trusted beyond
its digests."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import marshal
import os
import re
import stat
import tomllib
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tomlvalues import identical

from tui.core import journal_index
from tui.core.areas import AREAS
from tui.core.journal.entry import Entry, Tombstone
from tui.core.journal.parse import JournalError, parse_journal
from tui.core.journal.writer import render_entry, render_journal
from tui.core.journal_index import ChunkCache, Indexed, check_indexed, read_indexed, split
from tui.core.tomlfile import decode

START = datetime(2026, 1, 1, 8, 0, tzinfo=timezone(timedelta(hours=1)))


def entry(n: int, note: str | None = None, **extra: Any) -> Entry:
    return Entry.from_table(
        {
            "id": f"e{n:05d}",
            "at": START + timedelta(hours=n),
            "level": n % 11,
            "areas": list(AREAS[: 1 + n % 3]),
            **({} if note is None else {"note": note}),
            **extra,
        }
    )


def journal(count: int, notes: dict[int, str] | None = None) -> bytes:
    notes = notes or {}
    return render_journal([entry(n, notes.get(n)) for n in range(count)]).encode()


def _unrandom(problems: list[Any]) -> list[str]:
    """Problems as text, without the random example ids some messages suggest."""
    return [re.sub(r'"[0-9a-f]{12}"', '"ID"', str(problem)) for problem in problems]


def check(raw: bytes, cache: ChunkCache | None) -> Indexed | None:
    """read_indexed and check_indexed agree with parse_journal (value or error, entries down
    to their repr) and, by chunks, with tomllib on the top-level keys."""
    fresh = None if cache is None else ChunkCache(cache.path)  # as a new process sees it
    try:
        expected = parse_journal(raw, "journal.toml")
    except JournalError as error:
        with pytest.raises(JournalError) as found:
            check_indexed(raw, "journal.toml", fresh)
        assert _unrandom(found.value.problems) == _unrandom(error.problems)
        with pytest.raises(JournalError) as found:
            read_indexed(raw, "journal.toml", fresh)
        assert _unrandom(found.value.problems) == _unrandom(error.problems)
        return None
    checked = check_indexed(raw, "journal.toml", fresh)
    got = read_indexed(raw, "journal.toml", fresh)
    assert [repr(e) for e in got.parsed.entries] == [repr(e) for e in expected.entries]
    assert got.ids == [entry.id for entry in expected.entries]
    assert got.parsed.version == expected.version
    assert got.parsed.digest == expected.digest
    assert [repr(t) for t in got.parsed.deleted] == [repr(t) for t in expected.deleted]
    data = tomllib.loads(decode(raw, "j"))
    if got.whole_file is None:
        del data["entries"]
    assert identical(got.parsed.data, data) is None
    # What an append needs, before and after the read updated the cache:
    for seen in (checked, check_indexed(raw, "journal.toml", cache and ChunkCache(cache.path))):
        assert seen.ids == got.ids
        assert seen.parsed.version == expected.version
        assert seen.parsed.digest == expected.digest
        assert [repr(t) for t in seen.parsed.deleted] == [repr(t) for t in expected.deleted]
        assert seen.whole_file == got.whole_file
        assert seen.parsed.entries == ([] if got.whole_file is None else expected.entries)
        if seen.whole_file is None:
            assert "entries" not in seen.parsed.data
    if cache is not None and got.whole_file is None:  # now all from the cache
        again = read_indexed(raw, "journal.toml", ChunkCache(cache.path))
        assert [repr(e) for e in again.parsed.entries] == [repr(e) for e in expected.entries]
        assert again.parsed_chunks == 0
    return got


@pytest.fixture
def cache(tmp_path: Path) -> ChunkCache:
    return ChunkCache.for_journal(tmp_path / "journal.toml", tmp_path / "cache")


@pytest.fixture
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    """Blocks of 4 entries, so that small journals have many."""
    monkeypatch.setattr(journal_index, "BLOCK_ENTRIES", 4)
    yield 4


def test_split_keeps_every_byte_and_cuts_before_each_header() -> None:
    raw = b'version = 1\r\n\r\n[[entries]]\r\nid = "a"\r\n  [[ "entries" ]] # x\nb = 2\n'
    header, chunks = split(raw)
    assert header + b"".join(chunks) == raw
    assert header == b"version = 1\r\n"
    assert chunks == [b'\r\n[[entries]]\r\nid = "a"\r\n', b'  [[ "entries" ]] # x\nb = 2\n']
    assert split(b"version = 1\n") == (b"version = 1\n", [])


def test_a_journal_is_read_by_chunks_then_from_the_cache(cache: ChunkCache) -> None:
    raw = journal(50)
    first = read_indexed(raw, "journal.toml", cache)
    assert (first.whole_file, first.chunks, first.parsed_chunks) == (None, 50, 50)
    assert check(raw, cache) is not None
    again = read_indexed(raw, "journal.toml", ChunkCache(cache.path))
    assert (again.whole_file, again.chunks, again.parsed_chunks) == (None, 50, 0)


def test_an_append_parses_only_the_new_entry(cache: ChunkCache, small_blocks: int) -> None:
    raw = journal(50)
    read_indexed(raw, "j.toml", cache)
    appended = raw + b"\n" + render_entry(entry(99)).encode()
    assert check_indexed(appended, "j.toml", ChunkCache(cache.path)).parsed_chunks == 1
    got = read_indexed(appended, "j.toml", ChunkCache(cache.path))
    assert (got.chunks, got.parsed_chunks) == (51, 1)
    assert check(appended, cache) is not None


def test_an_edit_in_the_middle_parses_only_its_block(cache: ChunkCache, small_blocks: int) -> None:
    raw = journal(50)
    read_indexed(raw, "j.toml", cache)
    edited = raw.replace(b'id = "e00025"\nat', b'id = "e00025"\n# hand edit\nat')
    got = read_indexed(edited, "j.toml", ChunkCache(cache.path))
    assert (got.chunks, got.parsed_chunks) == (50, small_blocks)
    assert check(edited, cache) is not None
    longer = edited.replace(b'id = "e00030"\n', b'id = "e00030"\nnote = "much longer now"\n')
    assert read_indexed(longer, "j.toml", ChunkCache(cache.path)).parsed_chunks == small_blocks
    assert check(longer, cache) is not None


def test_a_deletion_that_adds_a_tombstone_keeps_the_blocks(
    cache: ChunkCache, small_blocks: int
) -> None:
    entries = [entry(n) for n in range(40)]
    raw = render_journal(entries).encode()
    read_indexed(raw, "j.toml", cache)
    # What JournalStore.delete writes: version 2, a tombstone in the header, one entry fewer.
    gone = Tombstone("e00037", START + timedelta(days=9))
    deleted = render_journal(entries[:37] + entries[38:], [gone]).encode()
    got = read_indexed(deleted, "j.toml", ChunkCache(cache.path))
    assert got.parsed.version == 2 and got.parsed.deleted == [gone]
    assert got.parsed_chunks <= 2 * small_blocks
    assert check(deleted, cache) is not None


def test_every_kind_of_change_equals_the_full_parse(cache: ChunkCache, small_blocks: int) -> None:
    raw = journal(30, {3: "a note", 17: "two\nlines"})
    read_indexed(raw, "j.toml", cache)
    changes = [
        raw + b"# a comment at the end\n",
        raw.rstrip(b"\n"),  # no line feed at the end
        raw.rstrip(b"\n") + b"\n\n" + render_entry(entry(77)).encode(),
        raw.replace(b"\n[[entries]]", b"\n# before the first entry\n[[entries]]", 1),
        raw.replace(b'\n\n[[entries]]\nid = "e00008"', b'\n# between\n[[entries]]\nid = "e00008"'),
        raw.replace(b"version = 1", b"version = 2"),
        raw.replace(b"\n", b"\r\n"),
        raw.replace(b"level = 3\n", b"level = 4\n"),
        raw.replace(b'id = "e00012"', b'id = "e00013"'),  # a duplicate id: refused
        raw.replace(b'id = "e00012"\n', b'id = "e00012"\nlevel = 2\n'),  # a duplicate key
        raw[: len(raw) // 2],  # cut in the middle of an entry
        b"version = 1\n" + raw.split(b"version = 1\n", 1)[1],  # the header's comments gone
        raw.replace(b"\n\n[[entries]]", b"\n[[entries]]"),  # no blank lines between entries
    ]
    for changed in changes:
        check(changed, cache)
        check(raw, cache)  # and back


def test_a_change_that_joins_two_lines_across_blocks_is_not_taken_apart(
    cache: ChunkCache, small_blocks: int
) -> None:
    raw = journal(16).replace(b"\n\n[[entries]]", b"\n[[entries]]")  # chunks start with [[
    assert check(raw, cache) is not None
    # The line feed before entry 8 (the first of its block) gone: entry 7's last line and
    # entry 8's header are one line now, which the whole-file parse refuses.
    joined = raw.replace(b'\n[[entries]]\nid = "e00008"', b'[[entries]]\nid = "e00008"')
    assert check(joined, cache) is None
    # The same with a comment: valid, and entry 8's table is gone into entry 7's comment.
    commented = raw.replace(b'\n[[entries]]\nid = "e00008"', b' # [[entries]]\nid = "e00008"')
    assert check(commented, cache) is None  # entry 7 has two ids: refused with its line


def test_a_change_whose_chunk_needs_the_next_block_widens_the_change(
    cache: ChunkCache, small_blocks: int
) -> None:
    # Entry 8 (the first of its block) ends with a comment holding ''': valid alone.
    raw = journal(16).replace(
        b'\n\n[[entries]]\nid = "e00009"', b"\n# '''\n\n[[entries]]\nid = \"e00009\""
    )
    assert check(raw, cache) is not None
    # Entry 7 (the last of the block before) now ends by opening a literal string that the
    # comment closes: entry 8 is inside entry 7's note, as the whole-file parse agrees.
    opened = raw.replace(
        b'\n\n[[entries]]\nid = "e00008"', b"\nnote = '''\n\n[[entries]]\nid = \"e00008\""
    )
    expected = parse_journal(opened, "j").entries
    assert [e.id for e in expected] == [f"e{n:05d}" for n in range(16) if n != 8]
    got = check(opened, cache)
    assert got is not None and got.whole_file is None


def test_hostile_notes_without_a_header_line_are_still_read_by_chunks(cache: ChunkCache) -> None:
    notes = {
        0: '"""\n\'\'\'\n"\n# not a comment\n\\"',
        1: "[other]\nversion = 2\nentries = []",
        2: 'ends with quotes ""',
        3: "x\r\ny",
    }
    got = check(journal(5, notes), cache)
    assert got is not None and got.whole_file is None
    assert [e.note for e in got.parsed.entries[:4]] == list(notes.values())


def test_a_header_line_inside_a_note_is_read_by_joining_chunks(cache: ChunkCache) -> None:
    note = 'first line\n[[entries]]\nid = "fake"\nlevel = 3\n'
    raw = journal(5, {2: note})
    assert len(split(raw)[1]) == 6  # the note's line looks like a header
    got = check(raw, cache)
    assert got is not None and got.whole_file is None and got.chunks == 5
    assert got.parsed.entries[2].note == note


def test_too_many_header_lines_in_a_note_send_the_file_to_the_full_parse(
    cache: ChunkCache,
) -> None:
    note = "\n".join(["[[entries]]"] * (journal_index.JOIN_LIMIT + 1))  # the last has """
    got = check(journal(5, {2: note}), cache)
    assert got is not None and got.whole_file == "a chunk does not parse on its own"
    assert got.parsed.entries[2].note == note


def test_an_entry_from_the_cache_behaves_as_a_validated_one(cache: ChunkCache) -> None:
    raw = render_journal(
        [
            entry(0, "a note"),
            entry(1, updated=START + timedelta(days=3)),
            entry(2, routine="lower-back", phase="after", session="s1"),
        ]
    ).encode()
    raw = raw.replace(b"08:00:00+01:00", b"08:00:00.123456789Z", 1)
    raw = raw.replace(b"09:00:00+01:00", b"09:00:00-00:00", 1)
    raw = raw.replace(b"10:00:00+01:00", b"10:00:00+13:45", 1)
    validated = parse_journal(raw, "j.toml").entries
    read_indexed(raw, "j.toml", cache)
    rebuilt = read_indexed(raw, "j.toml", ChunkCache(cache.path))
    assert rebuilt.parsed_chunks == 0
    for old, new in zip(validated, rebuilt.parsed.entries, strict=True):
        assert type(new) is Entry
        assert new == old and hash(new) == hash(old) and repr(new) == repr(old)
        assert new.at.tzinfo == old.at.tzinfo and new.at.utcoffset() == old.at.utcoffset()
        assert new.to_json() == old.to_json()
        assert dataclasses.replace(new, level=9) == dataclasses.replace(old, level=9)
        assert new.day == old.day and dataclasses.astuple(new) == dataclasses.astuple(old)
        with pytest.raises(dataclasses.FrozenInstanceError):
            new.level = 2  # type: ignore[misc]


def test_a_byte_order_mark_is_dropped_as_for_the_whole_file(cache: ChunkCache) -> None:
    got = check(b"\xef\xbb\xbf" + journal(3), cache)
    assert got is not None and got.whole_file is None and len(got.parsed.entries) == 3


_OK = 'id = "a"\nat = 2026-01-01T08:00:00+01:00\nlevel = 1\n'


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # A static array cannot be extended by [[entries]]: the whole file is invalid.
        (f"version = 1\nentries = []\n[[entries]]\n{_OK}", "the header"),
        (f"version = 1\n[entries]\n[[entries]]\n{_OK}", "the header"),
        # Other top-level keys are not allowed in a journal.
        (f'version = 1\ntitle = "x"\n[[entries]]\n{_OK}', "the header"),
        (f"version = 1\n[meta]\nx = 1\n[[entries]]\n{_OK}", "the header"),
        # A second top-level table inside a chunk.
        (f"version = 1\n[[entries]]\n{_OK}[other]\nx = 1\n", "a chunk is not exactly"),
        # A header the split does not see: two tables in one chunk.
        (
            f'version = 1\n[[entries]]\n{_OK}[["\\u0065ntries"]]\n{_OK.replace("a", "b", 1)}',
            "a chunk is not exactly",
        ),
        # An older version is migrated by the full parse.
        ("version = 0\n[[entries]]\ndate = 2024-03-01\npain = 6\n", "the header"),
        # No entries at all, or an inline array of them.
        ("version = 1\n", "no [[entries]]"),
        (f"version = 1\nentries = [{{{_OK.strip().replace(chr(10), ', ')}}}]\n", "no [[entries]]"),
        # A duplicate id: the full parse says which lines.
        (f"version = 1\n[[entries]]\n{_OK}[[entries]]\n{_OK}", "an id is used twice"),
        # A sub-table of the entry: chunks still parse alone, the entry is invalid.
        (f"version = 1\n[[entries]]\n{_OK}[entries.extra]\nx = 1\n", "an entry is not valid"),
        # Not UTF-8, a literal-string note with a header line and no end.
        (f'version = 1\n[[entries]]\n{_OK}note = "\xff"\n', "a chunk does not parse"),
        (
            f"version = 1\n[[entries]]\n{_OK}note = '''\n[[entries]]\n",
            "a chunk does not parse on its own",
        ),
    ],
)
def test_what_chunks_cannot_prove_goes_whole(text: str, reason: str, cache: ChunkCache) -> None:
    raw = text.encode("latin-1" if "\xff" in text else "utf-8")
    got = check(raw, cache)
    if got is not None:
        assert got.whole_file is not None
        assert got.whole_file.startswith(reason)
    else:  # invalid: the full parse said so, with lines; the chunks had said why
        with pytest.raises(journal_index.Unchunkable, match=re.escape(reason)):
            journal_index.by_chunks(raw, None)


def test_a_syntax_error_keeps_tomllibs_line_and_column(cache: ChunkCache) -> None:
    raw = journal(20)
    read_indexed(raw, "journal.toml", cache)
    broken = raw.replace(b'id = "e00011"\n', b'id = "e00011"\nlevel == 3\n')
    with pytest.raises(JournalError) as found:
        read_indexed(broken, "journal.toml", ChunkCache(cache.path))
    with pytest.raises(tomllib.TOMLDecodeError) as reference:
        tomllib.loads(broken.decode())
    line = broken[: broken.index(b"level == 3")].count(b"\n") + 1
    assert f"line {line}, column 8" in str(reference.value)
    assert [(p.line, p.message.split(":")[0]) for p in found.value.problems] == [
        (line, "TOML syntax error at column 8")
    ]


# --- the cache file ---------------------------------------------------------------------------


def test_the_cache_is_created_only_when_written_private_and_deletable(tmp_path: Path) -> None:
    folder = tmp_path / "cache" / "journal-index"
    cache = ChunkCache.for_journal(tmp_path / "journal.toml", folder)
    check(b"", cache)
    check(b"version = 1\n", cache)
    assert not folder.exists()
    check(journal(3), cache)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(cache.path.stat().st_mode) == 0o600
    assert [p.name for p in folder.iterdir()] == [cache.path.name]  # no temporary left
    cache.delete()
    assert read_indexed(journal(3), "j", ChunkCache(cache.path)).parsed_chunks == 3


def _sections(path: Path) -> tuple[dict[str, Any], bytes, bytes]:
    blob = path.read_bytes()
    line, _, rest = blob.partition(b"\n")
    head = json.loads(line)
    size = head["sizes"][0]
    return head, rest[:size], rest[size:]


def _write(path: Path, head: dict[str, Any], meta: bytes, columns: bytes) -> None:
    """A cache file whose digests match what it holds."""
    head = {
        **head,
        "sizes": [len(meta), len(columns)],
        "digests": [hashlib.sha256(part).hexdigest() for part in (meta, columns)],
    }
    path.write_bytes(json.dumps(head).encode() + b"\n" + meta + columns)


@pytest.mark.parametrize(
    "damage",
    [
        "garbage",
        "truncated",
        "flipped-meta",
        "flipped-columns",
        "wrong-format",
        "other-model",
        "bad-meta",
        "bad-columns",
        "short-columns",
        "shared",
        "symlink",
        "directory",
    ],
)
def test_a_damaged_or_foreign_cache_is_ignored(
    damage: str, cache: ChunkCache, tmp_path: Path
) -> None:
    raw = journal(20)
    read_indexed(raw, "journal.toml", cache)
    blob = cache.path.read_bytes()
    head, meta, columns = _sections(cache.path)
    if damage == "garbage":
        cache.path.write_bytes(b"\x00\xff not json")
    elif damage == "truncated":
        cache.path.write_bytes(blob[: len(blob) - 100])
    elif damage == "flipped-meta":  # one id changed: the section no longer matches its digest
        cache.path.write_bytes(blob.replace(b"e00003", b"e00004", 1))
    elif damage == "flipped-columns":
        cache.path.write_bytes(blob[:-5] + bytes([blob[-5] ^ 1]) + blob[-4:])
    elif damage == "wrong-format":
        _write(cache.path, {**head, "format": "something-else"}, meta, columns)
    elif damage == "other-model":
        _write(cache.path, {**head, "model": "0" * 32}, meta, columns)
    elif damage == "bad-meta":
        _write(cache.path, head, marshal.dumps((1, 2, 3)), columns)
    elif damage == "bad-columns":
        values = list(marshal.loads(columns))
        values[1] = bytes([99] * 20)  # levels out of range
        _write(cache.path, head, meta, marshal.dumps(tuple(values)))
    elif damage == "short-columns":
        values = [column[:-1] for column in marshal.loads(columns)]
        _write(cache.path, head, meta, marshal.dumps(tuple(values)))
    elif damage == "shared":
        cache.path.chmod(0o666)
    elif damage == "symlink":
        real = tmp_path / "elsewhere.index"
        cache.path.rename(real)
        cache.path.symlink_to(real)
    elif damage == "directory":
        cache.path.unlink()
        cache.path.mkdir()
    got = read_indexed(raw, "journal.toml", ChunkCache(cache.path))
    assert got.whole_file is None
    assert [e.id for e in got.parsed.entries] == [f"e{n:05d}" for n in range(20)]
    assert got.parsed_chunks == 20  # nothing taken from it
    if damage == "directory":  # not replaced: no cache, every read parses
        assert cache.path.is_dir()
        assert read_indexed(raw, "journal.toml", ChunkCache(cache.path)).parsed_chunks == 20
    else:  # replaced by a good one
        assert check(raw, cache) is not None


def test_the_check_for_an_append_reads_only_the_first_section(
    cache: ChunkCache, small_blocks: int
) -> None:
    raw = journal(20)
    read_indexed(raw, "j.toml", cache)
    head, meta, _columns = _sections(cache.path)
    _write(cache.path, head, meta, b"not the columns")
    changed = raw.replace(b'id = "e00007"\n', b'id = "e00007"\n# edited\n')
    checked = check_indexed(changed, "j.toml", ChunkCache(cache.path))
    assert (checked.chunks, checked.parsed_chunks, checked.whole_file) == (20, 4, None)
    assert checked.ids == [f"e{n:05d}" for n in range(20)]
    assert list(checked.parsed.data) == ["version"] and checked.parsed.entries == []
    # A full read needs the columns: without them, it parses everything.
    assert read_indexed(changed, "j.toml", ChunkCache(cache.path)).parsed_chunks == 20
    duplicate = changed.replace(b'id = "e00007"', b'id = "e00008"')
    with pytest.raises(JournalError, match="already used"):
        check_indexed(duplicate, "j.toml", ChunkCache(cache.path))


def test_a_cache_of_another_user_is_ignored(cache: ChunkCache) -> None:
    if os.geteuid() != 0:
        pytest.skip("needs root to give the file to another user")
    raw = journal(5)
    read_indexed(raw, "j", cache)
    os.chown(cache.path, 65534, 65534)
    got = read_indexed(raw, "j", ChunkCache(cache.path))
    assert got.parsed_chunks == 5


def test_an_invalid_journal_leaves_no_cache(cache: ChunkCache) -> None:
    raw = journal(3).replace(b"level = 1\n", b"level = 1\n[entries.x]\n")
    with pytest.raises(JournalError):
        read_indexed(raw, "j.toml", cache)
    with pytest.raises(JournalError):
        check_indexed(raw, "j.toml", cache)
    assert not cache.path.exists()


# --- generated journals -----------------------------------------------------------------------

_NOTE_LINES = st.sampled_from(
    [
        "[[entries]]",
        "  [[ entries ]]  # looks like a header",
        "[['entries']]",
        'id = "fake"',
        "[other]",
        "version = 2",
        '"""',
        "'''",
        '"',
        "'",
        '\\"',
        "\\",
        "# a comment",
        "# '''",
        'note = """',
        "entries = []",
        "",
        "plain words",
        "[[entries]]\r",
    ]
)
NOTES = st.one_of(
    st.none(),
    st.lists(_NOTE_LINES, min_size=1, max_size=5).map("\n".join),
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30),
)


def _literal_layout(entries: list[Entry]) -> str:
    """Another program's layout: literal strings, keys in another order, comments."""
    out = ["# another program\nversion = 1  # format\n"]
    for item in entries:
        out.append(f"\n[[entries]]  # {item.id}\nlevel = {item.level}\n")
        if item.note is not None:
            if "'''" not in item.note and "\r" not in item.note:
                out.append(f"note = '''\n{item.note}'''\n")
            else:
                out.append(tomli_w.dumps({"note": item.note}, multiline_strings=True))
        areas = ", ".join(f"'{a}'" for a in item.areas)
        out.append(f"areas = [\n  {areas}\n]\nat = {item.at.isoformat()}\nid = '{item.id}'\n")
    return "".join(out)


def _tomli_w_layout(entries: list[Entry]) -> str:
    plain = [
        {
            f.name: (list(v) if f.name == "areas" else v)
            for f in dataclasses.fields(e)
            if (v := getattr(e, f.name)) is not None
        }
        for e in entries
    ]
    return tomli_w.dumps({"version": 1, "entries": plain}, multiline_strings=True)


LAYOUTS = {
    "canonical": render_journal,
    "crlf": lambda entries: render_journal(entries).replace("\n", "\r\n"),
    "literal": _literal_layout,
    "tomli-w": _tomli_w_layout,
}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    notes=st.lists(NOTES, min_size=0, max_size=6),
    layout=st.sampled_from(sorted(LAYOUTS)),
    insert=st.one_of(
        st.none(), st.none(), st.none(), st.tuples(st.integers(0, 10_000), _NOTE_LINES)
    ),
)
def test_generated_journals_read_by_chunks_equal_the_full_parse(
    tmp_path_factory: pytest.TempPathFactory,
    notes: list[str | None],
    layout: str,
    insert: tuple[int, str] | None,
) -> None:
    entries = [entry(n, note) for n, note in enumerate(notes)]
    text = LAYOUTS[layout](entries)
    if insert is not None:  # a hostile line somewhere (between lines)
        lines = text.split("\n")
        at = insert[0] % (len(lines) + 1)
        text = "\n".join([*lines[:at], insert[1], *lines[at:]])
    raw = text.encode("utf-8", "surrogatepass")
    folder = tmp_path_factory.mktemp("cache")
    check(raw, ChunkCache.for_journal(folder / "journal.toml", folder))


_EDITS = st.lists(
    st.tuples(
        st.sampled_from(["delete", "duplicate", "insert", "swap", "replace", "append"]),
        st.integers(0, 10_000),
        st.integers(0, 10_000),
        _NOTE_LINES,
    ),
    min_size=1,
    max_size=4,
)


def _edited(text: str, edits: list[tuple[str, int, int, str]]) -> str:
    """*text* after line-level edits, as a person or another program might make them."""
    lines = text.split("\n")
    for kind, first, second, line in edits:
        at, other = first % (len(lines) + 1), second % (len(lines) + 1)
        if kind == "delete" and at < len(lines):
            del lines[at]
        elif kind == "duplicate" and at < len(lines):
            lines.insert(other, lines[at])
        elif kind == "insert":
            lines.insert(at, line)
        elif kind == "swap" and at < len(lines) and other < len(lines):
            lines[at], lines[other] = lines[other], lines[at]
        elif kind == "replace" and at < len(lines):
            lines[at] = line
        elif kind == "append":
            lines += render_entry(entry(900 + first % 100)).split("\n")
    return "\n".join(lines)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    count=st.integers(1, 24),
    notes=st.dictionaries(st.integers(0, 23), NOTES, max_size=4),
    layout=st.sampled_from(sorted(LAYOUTS)),
    edits=_EDITS,
    block=st.sampled_from([1, 2, 3, 5]),
)
def test_a_journal_changed_after_it_was_cached_equals_the_full_parse(
    tmp_path_factory: pytest.TempPathFactory,
    count: int,
    notes: dict[int, str | None],
    layout: str,
    edits: list[tuple[str, int, int, str]],
    block: int,
) -> None:
    """The cache of one version of a journal, then another program's change: the result is
    the whole-file parse of the new bytes (value or error), whatever the change."""
    text = LAYOUTS[layout]([entry(n, notes.get(n)) for n in range(count)])
    folder = tmp_path_factory.mktemp("cache")
    cache = ChunkCache.for_journal(folder / "journal.toml", folder)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(journal_index, "BLOCK_ENTRIES", block)
        before = check(text.encode("utf-8", "surrogatepass"), cache)
        check(_edited(text, edits).encode("utf-8", "surrogatepass"), cache)
        if before is not None and before.whole_file is None:
            check(text.encode("utf-8", "surrogatepass"), cache)  # and back again


# --- version 2: tombstones in the header, updated times in entries --------------------------


def version_2(count: int) -> bytes:
    entries = [entry(n, updated=START + timedelta(days=1, hours=n)) for n in range(count)]
    deleted = [Tombstone(f"d{n}", START + timedelta(days=2, hours=n)) for n in range(3)]
    return render_journal(entries, deleted).encode()


def test_a_version_2_journal_is_read_by_chunks_with_its_tombstones(cache: ChunkCache) -> None:
    raw = version_2(20)
    first = check(raw, cache)
    assert first is not None and first.whole_file is None
    assert (first.parsed.version, len(first.parsed.deleted)) == (2, 3)


def test_a_chunk_valid_in_version_2_is_checked_again_under_a_version_1_header(
    cache: ChunkCache,
) -> None:
    raw = version_2(5).replace(b"version = 2", b"version = 1")
    raw = re.sub(rb"\n\[deleted\]\n(?:d\d = [^\n]*\n)+", b"", raw)
    assert split(raw)[1] == split(version_2(5))[1]  # the very same entry chunks
    read_indexed(version_2(5), "j", cache)  # they are in the cache, as version 2 ones
    assert check(raw, cache) is None  # refused, as the whole-file parse refuses it


def test_a_version_1_journal_that_becomes_version_2_keeps_its_blocks(
    cache: ChunkCache, small_blocks: int
) -> None:
    entries = [entry(n) for n in range(20)]
    read_indexed(render_journal(entries).encode(), "j", cache)
    entries[15] = dataclasses.replace(entries[15], level=0, updated=START + timedelta(days=5))
    raw = render_journal(entries).encode()
    got = read_indexed(raw, "j", ChunkCache(cache.path))
    assert got.parsed.version == 2 and got.parsed_chunks == small_blocks
    assert check(raw, cache) is not None


def test_an_id_both_kept_and_deleted_is_read_whole_and_refused(cache: ChunkCache) -> None:
    raw = version_2(5).replace(b"d1 = ", b"e00003 = ")
    assert check(raw, cache) is None

"""tui.core.journal_index: reading by chunks gives exactly the whole-file parse, or reads whole."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import stat
import tomllib
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
from tui.core.journal.entry import Entry
from tui.core.journal.parse import JournalError, parse_journal
from tui.core.journal.writer import render_journal
from tui.core.journal_index import ChunkCache, check_indexed, read_indexed, split
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


def check(raw: bytes, cache: ChunkCache | None) -> journal_index.Indexed | None:
    """read_indexed agrees with parse_journal (value or error) and, by chunks, with tomllib."""
    try:
        expected = parse_journal(raw, "journal.toml")
    except JournalError as error:
        with pytest.raises(JournalError) as found:
            read_indexed(raw, "journal.toml", cache)
        assert _unrandom(found.value.problems) == _unrandom(error.problems)
        with pytest.raises(JournalError) as found:
            check_indexed(raw, "journal.toml", cache)
        assert _unrandom(found.value.problems) == _unrandom(error.problems)
        return None
    got = read_indexed(raw, "journal.toml", cache)
    assert got.ids == {entry.id for entry in expected.entries}
    assert got.parsed.entries == expected.entries
    assert got.parsed.version == expected.version
    assert got.parsed.digest == expected.digest
    assert [repr(t) for t in got.parsed.deleted] == [repr(t) for t in expected.deleted]
    assert identical(got.parsed.data, tomllib.loads(decode(raw, "j"))) is None
    # What an append needs, now from the cache this read left:
    checked = check_indexed(raw, "journal.toml", cache and ChunkCache(cache.path))
    assert checked.ids == got.ids
    assert checked.parsed.version == expected.version
    assert checked.parsed.deleted == expected.deleted
    assert checked.whole_file == got.whole_file
    if checked.whole_file is None:
        assert checked.parsed_chunks == (0 if cache else got.chunks)
    return got


@pytest.fixture
def cache(tmp_path: Path) -> ChunkCache:
    return ChunkCache.for_journal(tmp_path / "journal.toml", tmp_path / "cache")


def test_split_keeps_every_byte_and_cuts_before_each_header() -> None:
    raw = b'version = 1\r\n\r\n[[entries]]\r\nid = "a"\r\n  [[ "entries" ]] # x\nb = 2\n'
    header, chunks = split(raw)
    assert header + b"".join(chunks) == raw
    assert header == b"version = 1\r\n"
    assert chunks == [b'\r\n[[entries]]\r\nid = "a"\r\n', b'  [[ "entries" ]] # x\nb = 2\n']
    assert split(b"version = 1\n") == (b"version = 1\n", [])


def test_a_journal_is_read_by_chunks_then_from_the_cache(cache: ChunkCache) -> None:
    raw = journal(50)
    first = check(raw, cache)
    assert first is not None
    assert (first.whole_file, first.chunks, first.parsed_chunks) == (None, 50, 50)
    again = check(raw, ChunkCache(cache.path))
    assert again is not None
    assert (again.whole_file, again.parsed_chunks) == (None, 0)


def test_one_entry_appended_or_edited_parses_only_that_chunk(cache: ChunkCache) -> None:
    raw = journal(50)
    check(raw, cache)
    appended = raw + ("\n" + render_journal([entry(99)]).split("version = 1\n", 1)[1]).encode()
    got = check(appended, ChunkCache(cache.path))
    assert got is not None and (got.chunks, got.parsed_chunks) == (51, 1)
    edited = appended.replace(b'id = "e00025"\nat', b'id = "e00025"\n# hand edit\nat')
    got = check(edited, ChunkCache(cache.path))
    assert got is not None and got.parsed_chunks == 1
    # The cache keeps only the chunks of the journal as last read.
    assert len(ChunkCache(cache.path).records()) == 51


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


def test_an_entry_from_the_cache_behaves_as_a_validated_one(cache: ChunkCache) -> None:
    raw = journal(3, {1: "a note"})
    validated = parse_journal(raw, "j.toml").entries
    check(raw, cache)
    rebuilt = check(raw, ChunkCache(cache.path))
    assert rebuilt is not None and rebuilt.parsed_chunks == 0
    for old, new in zip(validated, rebuilt.parsed.entries, strict=True):
        assert new == old and hash(new) == hash(old) and repr(new) == repr(old)
        assert new.to_json() == old.to_json()
        assert dataclasses.replace(new, level=9) == dataclasses.replace(old, level=9)
        assert new.day == old.day
        with pytest.raises(dataclasses.FrozenInstanceError):
            new.level = 2  # type: ignore[misc]


def test_a_byte_order_mark_is_dropped_as_for_the_whole_file(cache: ChunkCache) -> None:
    got = check(b"\xef\xbb\xbf" + journal(3), cache)
    assert got is not None and got.whole_file is None and len(got.parsed.entries) == 3


def test_a_header_line_inside_a_multi_line_note_sends_the_file_to_the_full_parse(
    cache: ChunkCache,
) -> None:
    note = 'first line\n[[entries]]\nid = "fake"\nlevel = 3\n'
    raw = journal(5, {2: note})
    assert len(split(raw)[1]) == 6  # the note's line looks like a header
    got = check(raw, cache)
    assert got is not None
    assert got.whole_file == "a chunk does not parse on its own"
    assert got.parsed.entries[2].note == note


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
        # A duplicate id: the full parse says which lines.
        (f"version = 1\n[[entries]]\n{_OK}[[entries]]\n{_OK}", "an id is used twice"),
        # A sub-table of the entry: chunks still parse alone, the entry is invalid.
        (f"version = 1\n[[entries]]\n{_OK}[entries.extra]\nx = 1\n", "an entry is not valid"),
        # Not UTF-8, a literal-string note with a header line.
        (f'version = 1\n[[entries]]\n{_OK}note = "\xff"\n', "a chunk does not parse"),
        (
            f"version = 1\n[[entries]]\n{_OK}note = '''\n[[entries]]\n'''\n",
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
    assert check(journal(3), ChunkCache(cache.path)).parsed_chunks == 3  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "damage",
    [
        "garbage",
        "truncated",
        "flipped",
        "wrong-format",
        "other-model",
        "bad-records",
        "shared",
        "symlink",
    ],
)
def test_a_damaged_or_foreign_cache_is_ignored(
    damage: str, cache: ChunkCache, tmp_path: Path
) -> None:
    raw = journal(20)
    check(raw, cache)
    blob = cache.path.read_bytes()
    head_line, ids_line, records_line = blob.splitlines()
    head, chunks = json.loads(head_line), json.loads(records_line)

    def write(head: dict[str, Any], chunks: dict[str, Any]) -> None:
        text = json.dumps(chunks).encode() + b"\n"
        head = {**head, "records": hashlib.sha256(text).hexdigest()}
        cache.path.write_bytes(json.dumps(head).encode() + b"\n" + ids_line + b"\n" + text)

    if damage == "garbage":
        cache.path.write_bytes(b"\x00\xff not json")
    elif damage == "truncated":
        cache.path.write_bytes(blob[: len(blob) - 100])
    elif damage == "flipped":  # one value changed: the body no longer matches its digest
        cache.path.write_bytes(blob.replace(b'"e00003"', b'"e00004"'))
    elif damage == "wrong-format":
        write({**head, "format": "something-else"}, chunks)
    elif damage == "other-model":
        write({**head, "model": "0" * 32}, chunks)
    elif damage == "bad-records":
        keys = list(chunks)
        chunks[keys[0]] = "not a record"
        chunks[keys[1]] = [1, 2]
        chunks[keys[2]] = ["id at level areas", "x", "not a time", 3, [], []]
        write(head, chunks)
    elif damage == "shared":
        cache.path.chmod(0o666)
    elif damage == "symlink":
        real = tmp_path / "elsewhere.json"
        cache.path.rename(real)
        cache.path.symlink_to(real)
    got = check(raw, ChunkCache(cache.path))
    assert got is not None and got.whole_file is None
    assert got.parsed_chunks == (3 if damage == "bad-records" else 20)


def test_the_check_for_an_append_reads_only_what_changed(cache: ChunkCache) -> None:
    raw = journal(20)
    read_indexed(raw, "j.toml", cache)
    changed = raw.replace(b'id = "e00007"\n', b'id = "e00007"\n# edited\n')
    checked = check_indexed(changed, "j.toml", ChunkCache(cache.path))
    assert (checked.chunks, checked.parsed_chunks, checked.whole_file) == (20, 1, None)
    assert checked.ids == {f"e{n:05d}" for n in range(20)}
    assert list(checked.parsed.data) == ["version"] and checked.parsed.entries == []
    # Damaged ids: the check parses everything, a full read still uses the records.
    head, _ids, records = cache.path.read_bytes().splitlines()
    cache.path.write_bytes(b"\n".join([head, b'{"x": 1}', records, b""]))
    assert check_indexed(raw, "j.toml", ChunkCache(cache.path)).parsed_chunks == 20
    assert read_indexed(raw, "j.toml", ChunkCache(cache.path)).parsed_chunks == 0
    duplicate = changed.replace(b'id = "e00007"', b'id = "e00008"')
    with pytest.raises(JournalError, match="already used"):
        check_indexed(duplicate, "j.toml", ChunkCache(cache.path))


def test_a_cache_of_another_user_is_ignored(cache: ChunkCache) -> None:
    if os.geteuid() != 0:
        pytest.skip("needs root to give the file to another user")
    raw = journal(5)
    check(raw, cache)
    os.chown(cache.path, 65534, 65534)
    got = check(raw, ChunkCache(cache.path))
    assert got is not None and got.parsed_chunks == 5


def test_an_invalid_journal_leaves_no_cache(cache: ChunkCache) -> None:
    raw = journal(3).replace(b"level = 1\n", b"level = 1\n[entries.x]\n")
    with pytest.raises(JournalError):
        read_indexed(raw, "j.toml", cache)
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
    cold = ChunkCache.for_journal(folder / "journal.toml", folder)
    first = check(raw, cold)
    warm = check(raw, ChunkCache(cold.path))  # from the cache this time
    if first is not None and first.whole_file is None:
        assert warm is not None and warm.whole_file is None and warm.parsed_chunks == 0


# --- version 2: tombstones in the header, updated times in entries --------------------------


def version_2(count: int) -> bytes:
    from tui.core.journal.entry import Tombstone

    entries = [entry(n, updated=START + timedelta(days=1, hours=n)) for n in range(count)]
    deleted = [Tombstone(f"d{n}", START + timedelta(days=2, hours=n)) for n in range(3)]
    return render_journal(entries, deleted).encode()


def test_a_version_2_journal_is_read_by_chunks_with_its_tombstones(cache: ChunkCache) -> None:
    raw = version_2(20)
    first = check(raw, cache)
    assert first is not None and first.whole_file is None
    assert (first.parsed.version, len(first.parsed.deleted)) == (2, 3)
    again = check(raw, cache)
    assert again is not None and (again.whole_file, again.parsed_chunks) == (None, 0)


def test_a_chunk_valid_in_version_2_is_checked_again_under_a_version_1_header(
    cache: ChunkCache,
) -> None:
    raw = version_2(5).replace(b"version = 2", b"version = 1")
    raw = re.sub(rb"\n\[deleted\]\n(?:d\d = [^\n]*\n)+", b"", raw)
    assert split(raw)[1] == split(version_2(5))[1]  # the very same entry chunks
    check(version_2(5), cache)  # they are in the cache, as version 2 ones
    assert check(raw, cache) is None  # refused, as the whole-file parse refuses it


def test_an_id_both_kept_and_deleted_is_read_whole_and_refused(cache: ChunkCache) -> None:
    raw = version_2(5).replace(b"d1 = ", b"e00003 = ")
    assert check(raw, cache) is None

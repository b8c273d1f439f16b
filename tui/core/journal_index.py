"""Reading a big journal without parsing or validating again what did not change.

A prototype, not yet used by :class:`tui.core.journal.JournalStore`. The journal file stays
the single source of truth; this only remembers, per piece of it, the result of a full
parse and validation of exactly those bytes.

**Chunks.** The file's bytes are split before every line that is a top-level
``[[entries]]`` header (spaces, quotes and a trailing comment allowed): a *header chunk*
(everything before the first such line) and one chunk per entry. Blank lines just before
a header go with the entry after them, so that appending an entry leaves the bytes of
every chunk before it as they were. A chunk's key is the
file's version and the SHA-256 of the chunk's exact bytes.

**Why the split is safe to check.** A line inside a multi-line string can look like a
header, so a split point is only trusted once the pieces prove it, and then the result is
exactly the whole-file parse:

- every entry chunk must parse *on its own* (with :func:`tui.core.tomlfast.loads`) to
  exactly ``{"entries": [table]}``, and the header chunk to top-level keys without
  ``entries`` (here: ``version``, 1 or 2, and in version 2 the ``[deleted]`` table of
  tombstones: the header chunk is checked as a journal of its own, with no entries);
- a chunk that parses on its own ends, after its last newline, outside any string, array
  or inline table (else its parse would fail at the end of its text). Every chunk starts
  at a real statement, by induction from the first, so the next split line is a real
  ``[[entries]]`` header in the whole file too, and the whole-file parse reads each
  chunk's text in the same context as the chunk parse did: the keys it defines land in
  the table its header opened (``[entries.x]`` sub-tables included), and no chunk can
  touch another's table or the top-level keys;
- the header has no ``entries`` key, so nothing can conflict with the array of tables.

So ``{**header, "entries": [t1, ..., tn]}`` equals ``tomllib.loads(whole file)``, and
validating each table alone for the file's version (plus the unique ids, none of them a
deleted entry's) equals validating the whole. Anything
else (a chunk that does not parse alone, a second table in a chunk, text that is not
UTF-8, version 0, an invalid entry, a duplicate id) sends the whole file through
:func:`tui.core.journal.parse_journal`, which gives the usual located messages.

**The cache** is one file per journal in ``platformdirs.user_cache_path("acupress")/
journal-index/``, created only when written (directory 0700, file 0600, replaced
atomically), holding for each chunk of the journal as last read its parsed table and its
validated entry, and apart from those its entry's id (all that a check before an append
needs). It is ignored, never trusted, when it is not a regular file of this user
that only this user can write, is not valid JSON of the expected form, or was made by
another version of the code that checks entries (:func:`model_tag`), or its lines do not
match the SHA-256 its first line gives (a torn or damaged file). Deleting it at any time costs
one full read. A cached record is also self-checked when written: it is stored only if
rebuilding the entry from it gives an entry equal to the one validation returned.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import itertools
import json
import os
import re
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from tui.core import tomlfast
from tui.core.journal.entry import FIELDS, Entry, EntryError
from tui.core.journal.parse import (
    CURRENT_VERSION,
    JournalError,
    Parsed,
    digest_of,
    parse_journal,
)

CACHE_FORMAT = "acupress-journal-index-2"

_HEADER_LINE = re.compile(
    rb"""^(?:[ \t]*\r?\n)*[ \t]*\[\[[ \t]*(?:entries|"entries"|'entries')[ \t]*\]\][ \t]*(?:\#[^\n]*)?\r?$""",
    re.MULTILINE,
)


def split(raw: bytes) -> tuple[bytes, list[bytes]]:
    """*raw* as (header chunk, entry chunks), cut before each ``[[entries]]``-looking line
    (and the blank lines just before it).

    Only a proposal: :func:`read_indexed` checks it. Concatenated, the chunks are *raw*.
    """
    starts = [match.start() for match in _HEADER_LINE.finditer(raw)]
    if not starts:
        return raw, []
    bounds = [*starts, len(raw)]
    return raw[: starts[0]], [raw[a:b] for a, b in itertools.pairwise(bounds)]


# --- the cache ------------------------------------------------------------------------------


@cache
def model_tag() -> str:
    """Changes whenever the code that validates an entry does: old caches are then ignored."""
    from tui.core import areas, when
    from tui.core.journal import entry, parse

    mixed = hashlib.sha256(f"{CACHE_FORMAT}|{CURRENT_VERSION}".encode())
    for module in (entry, parse, areas, when):
        try:
            mixed.update(Path(module.__file__ or "").read_bytes())
        except OSError:
            mixed.update(str(module.__file__).encode())
    return mixed.hexdigest()[:32]


def default_cache_dir() -> Path:
    import platformdirs

    return platformdirs.user_cache_path("acupress", appauthor=False) / "journal-index"


Record = list[Any]
"""A chunk's result: ``[keys, value, ..., value, areas]`` with the table's keys in file
order (space-separated), their values (``at`` and ``updated`` as ISO text) and the entry's
normal areas."""

_MOMENTS = ("at", "updated")


def _record(table: dict[str, Any], entry: Entry) -> Record | None:
    """*table* and its validated *entry* as a JSON-ready record, or None if not exact."""
    values: list[Any] = []
    for key, value in table.items():
        if key in _MOMENTS and type(value) is datetime:
            values.append(value.isoformat())
        elif type(value) in (str, int) or (
            type(value) is list and all(type(item) is str for item in value)
        ):
            values.append(value)
        else:
            return None
    record: Record = [" ".join(table), *values, list(entry.areas)]
    try:
        rebuilt = _rebuild(record)  # of str, int and lists of str: as JSON gives it back
    except (TypeError, ValueError):
        return None
    return record if rebuilt == (table, entry) and set(table) <= set(FIELDS) else None


def _rebuild(record: Record) -> tuple[dict[str, Any], Entry]:
    """The (table, entry) a record stands for; ``ValueError``/``TypeError`` if malformed.

    The entry is made without checking its values again; :func:`_record` checks every
    record it writes against the validated entry, and the tests check that such entries
    behave alike.
    """
    keys = record[0].split(" ")
    if len(record) != len(keys) + 2:
        raise ValueError("record length")
    table = dict(zip(keys, record[1:-1], strict=True))
    for key in _MOMENTS:
        if key in table:
            table[key] = datetime.fromisoformat(table[key])
    fields: dict[str, Any] = dict.fromkeys(FIELDS)
    fields.update(table)
    fields["areas"] = tuple(record[-1])
    return table, _construct(fields)


_set = object.__setattr__


def _construct(fields: dict[str, Any]) -> Entry:
    """``Entry(**fields)`` for *fields* naming every field, without checking them again
    (ten times faster: they were checked when the record was made)."""
    entry = Entry.__new__(Entry)
    for name, value in fields.items():
        _set(entry, name, value)
    return entry


class ChunkCache:
    """Validated chunks of one journal, kept in *path* (see the module notes)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._records: dict[str, Record] | None = None
        self._ids: dict[str, str] | None = None

    @classmethod
    def for_journal(cls, journal: Path, directory: Path | None = None) -> ChunkCache:
        """The cache of *journal* (one file per journal path) in *directory* or the default."""
        name = hashlib.sha256(str(journal.resolve()).encode("utf-8", "surrogatepass"))
        return cls((directory or default_cache_dir()) / f"{name.hexdigest()[:32]}.json")

    def records(self) -> dict[str, Record]:
        """Chunk digest (hex) -> record; empty when there is no usable cache."""
        if self._records is None:
            found = self._load("records")
            self._records = found if isinstance(found, dict) else {}
        return self._records

    def ids(self) -> dict[str, str]:
        """Chunk digest (hex) -> entry id, read without the records (for a quick check)."""
        if self._ids is None:
            found = self._load("ids")
            self._ids = found if isinstance(found, dict) else {}
        return self._ids

    def _load(self, part: str) -> Any:
        """The file is three lines: a header giving the SHA-256 of the next two, the ids
        and the records (JSON objects keyed by chunk digest). None if unusable."""
        try:
            fd = os.open(self.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
        except OSError:
            return None
        try:
            info = os.fstat(fd)
            if (
                not stat.S_ISREG(info.st_mode)
                or info.st_uid != os.geteuid()
                or info.st_mode & 0o022
            ):
                return None
            with os.fdopen(fd, "rb", closefd=False) as handle:
                head = json.loads(handle.readline())
                line = handle.readline()
                if part == "records":
                    line = handle.readline()
        except (OSError, ValueError):
            return None
        finally:
            os.close(fd)
        if (
            not isinstance(head, dict)
            or head.get("format") != CACHE_FORMAT
            or head.get("model") != model_tag()
            or head.get(part) != digest_of(line)
        ):
            return None
        try:
            return json.loads(line)
        except ValueError:
            return None

    def store(self, records: dict[str, Record]) -> None:
        """Replace the cache with *records* (best effort: a cache that cannot be written is
        simply not there next time)."""
        self._records = records
        self._ids = {digest: _record_id(record) for digest, record in records.items()}
        ids = json.dumps(self._ids, separators=(",", ":")).encode() + b"\n"
        body = json.dumps(records, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
        head = {
            "format": CACHE_FORMAT,
            "model": model_tag(),
            "ids": digest_of(ids),
            "records": digest_of(body),
        }
        blob = json.dumps(head).encode() + b"\n" + ids + body
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd, temp = tempfile.mkstemp(dir=self.path.parent, prefix=".index.", suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as handle:
                    os.fchmod(handle.fileno(), 0o600)
                    handle.write(blob)
                Path(temp).replace(self.path)
            except BaseException:
                with contextlib.suppress(OSError):
                    Path(temp).unlink()
                raise

    def delete(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


# --- reading --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Indexed:
    """A journal read through the chunk index."""

    parsed: Parsed
    """As :func:`tui.core.journal.parse_journal` gives it (same entries, version, data)."""
    chunks: int = 0
    """Entry chunks found (0: the file was read whole)."""
    parsed_chunks: int = 0
    """Chunks parsed and validated this time (the others came from the cache)."""
    whole_file: str | None = None
    """Why the file was read whole, or None: it was read by chunks."""
    ids: frozenset[str] = frozenset()
    """The ids of all entries (those of deleted ones are in ``parsed.deleted``)."""


class Unchunkable(Exception):
    """The chunked reading does not apply: read the whole file."""


def _parse_chunk(chunk: bytes, version: int) -> tuple[dict[str, Any], Entry]:
    try:
        data = tomlfast.loads(chunk.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise Unchunkable("a chunk does not parse on its own") from None
    tables = data.get("entries")
    if list(data) != ["entries"] or type(tables) is not list or len(tables) != 1:
        raise Unchunkable("a chunk is not exactly one [[entries]] table")
    table = tables[0]
    if type(table) is not dict:
        raise Unchunkable("a chunk's entry is not a table")
    try:
        return table, Entry.from_table(table, version=version)
    except EntryError:
        raise Unchunkable("an entry is not valid") from None


def _header(chunk: bytes) -> Parsed:
    """The header chunk checked as a journal of its own: its version and tombstones."""
    try:  # a byte order mark is dropped, as tomlfile.decode drops it for the whole file
        data = tomlfast.loads(chunk.decode("utf-8").removeprefix("\ufeff"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise Unchunkable("the header does not parse on its own") from None
    version = data.get("version")
    if type(version) is not int or not 1 <= version <= CURRENT_VERSION or "entries" in data:
        raise Unchunkable("the header is not a version 1 or 2 one without entries")
    try:
        header = parse_journal(chunk, "header")
    except JournalError:
        raise Unchunkable("the header is not valid") from None
    return header


def _record_id(record: Record) -> str:
    entry_id = record[record[0].split(" ").index("id") + 1]
    if type(entry_id) is not str:
        raise TypeError("id")
    return entry_id


_DAMAGED = (ValueError, TypeError, KeyError, IndexError, AttributeError)


def _chunks(
    chunks: list[bytes],
    cache: ChunkCache | None,
    fresh: dict[str, Record],
    build: bool,
    version: int,
) -> Iterator[tuple[dict[str, Any] | None, Entry | None, str, bool]]:
    """(table, entry, id, parsed now) per chunk, fills *fresh* with every chunk's record.
    Not *build*: a chunk from the cache gives only its id (table and entry None), and
    *fresh* only the chunks parsed now."""
    sha256 = hashlib.sha256
    records = cache.records() if cache is not None and build else {}
    ids = cache.ids() if cache is not None and not build else {}
    for chunk in chunks:
        # Whether a table is valid depends on the file's version too (version 1 has no
        # ``updated``): the key holds both.
        digest = f"{version}:{sha256(chunk).hexdigest()}"
        if build and (record := records.get(digest)) is not None:
            try:
                table, entry = _rebuild(record)
            except _DAMAGED:
                pass  # a damaged record: parse the chunk
            else:
                fresh[digest] = record
                yield table, entry, entry.id, False
                continue
        elif not build and type(entry_id := ids.get(digest)) is str:
            yield None, None, entry_id, False
            continue
        table, entry = _parse_chunk(chunk, version)
        if (made := _record(table, entry)) is not None:
            fresh[digest] = made
        yield table, entry, entry.id, True


def read_indexed(raw: bytes, path: Path | str, cache: ChunkCache | None) -> Indexed:
    """Parse and validate journal bytes like :func:`~tui.core.journal.parse_journal` (same
    result, same :class:`~tui.core.journal.JournalError`), reusing *cache* for the chunks
    seen before and updating it."""
    try:
        return by_chunks(raw, cache)
    except Unchunkable as reason:
        parsed = parse_journal(raw, path)
        ids = frozenset(entry.id for entry in parsed.entries)
        return Indexed(parsed, whole_file=str(reason), ids=ids)


@contextlib.contextmanager
def _no_collection() -> Iterator[None]:
    """No cyclic garbage collection while building many acyclic objects: with 100,000
    entries the collector's passes over the growing heap cost more than the parse."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def by_chunks(raw: bytes, cache: ChunkCache | None) -> Indexed:
    """The chunked reading alone; :class:`Unchunkable` (saying why) where it does not apply."""
    with _no_collection():
        return _by_chunks(raw, cache)


def _by_chunks(raw: bytes, cache: ChunkCache | None, build: bool = True) -> Indexed:
    header, chunks = split(raw)
    if not chunks:
        raise Unchunkable("no [[entries]] header line")
    fresh: dict[str, Record] = {}
    tables: list[dict[str, Any]] = []
    entries: list[Entry] = []
    ids: list[str] = []
    parsed_now = 0
    head = _header(header)
    data = head.data
    for table, entry, entry_id, now in _chunks(chunks, cache, fresh, build, head.version):
        if build:
            assert table is not None and entry is not None
            tables.append(table)
            entries.append(entry)
        ids.append(entry_id)
        parsed_now += now
    unique = frozenset(ids)
    if len(unique) != len(ids):
        raise Unchunkable("an id is used twice")
    if any(tombstone.id in unique for tombstone in head.deleted):
        raise Unchunkable("an id is also a deleted entry's")
    data["entries"] = tables
    if build and cache is not None and (parsed_now or len(fresh) != len(cache.records())):
        cache.store(fresh)  # only by a full read: a check does not load the records
    return Indexed(
        Parsed(entries, head.version, data, digest_of(raw), head.deleted),
        chunks=len(chunks),
        parsed_chunks=parsed_now,
        ids=unique,
    )


def check_indexed(raw: bytes, path: Path | str, cache: ChunkCache | None) -> Indexed:
    """What a write must know before it appends, without rebuilding unchanged entries: the
    file is a valid journal (else :class:`~tui.core.journal.JournalError`, as from
    ``parse_journal``), its version and the ids it uses (:attr:`Indexed.ids`). By chunks,
    ``parsed`` holds no entries and ``data`` only the top-level keys. It reads only the
    cache's ids and does not update the cache: the chunks it parsed are parsed again
    (a fraction of a millisecond each) until a full read stores them."""
    try:
        with _no_collection():
            checked = _by_chunks(raw, cache, build=False)
    except Unchunkable as reason:
        parsed = parse_journal(raw, path)
        return Indexed(parsed, whole_file=str(reason), ids=frozenset(e.id for e in parsed.entries))
    del checked.parsed.data["entries"]
    return checked

"""Reading a big journal without parsing or checking again what did not change.

:class:`tui.core.journal.store.JournalStore` reads the journal through this module. The file
stays the single source of truth: this only remembers, for the journal as last read, the
result of a full parse and validation of exactly its bytes, and uses it again where the
bytes prove it applies.

**Chunks.** A journal is read as a *header chunk* (the top-level keys: ``version``,
``[deleted]``) followed by one chunk per entry, cut before each line that is a top-level
``[[entries]]`` header (spaces, quotes and a trailing comment allowed; blank lines just
before a header go with the entry after them). A line inside a multi-line note can look
like a header, so the cut is only a proposal, and a reading by chunks is used only once
the pieces prove it equal to the whole-file parse:

(a) the header chunk parses on its own (:func:`tui.core.journal.parse.parse_journal`) to a
    valid version 1 or 2 journal without ``entries``;
(b) every entry chunk parses on its own (:func:`tui.core.tomlfast.loads`, which gives
    tomllib's answer) to exactly ``{"entries": [table]}``, and the table is a valid entry
    for the header's version;
(c) wherever one chunk ends and the next begins, the first ends with a line feed or the
    next starts with one (``\\n`` or ``\\r\\n``): the two never share a line.

A text that parses on its own ends outside any string, array or inline table, so by (c)
and induction from the header every chunk starts at a statement of the whole file, in
the same state its own parse started in; by (b) the first statement of each entry chunk
is its ``[[entries]]`` header (anything else before it would show in its own result), so
its keys land in the table that header opens and in no other, and by (a) nothing else
defines ``entries``. So ``{**header, "entries": [t1, ..., tn]}`` is ``tomllib.loads`` of the
whole file, and each entry checked on its own, plus unique ids none of which is a deleted
entry's, is the whole file checked. Any partition of the file that meets (a)-(c) proves
this, not only the one the cut proposes: when a chunk does not parse on its own (a note
with a header-like line in it), it is joined to the next and tried again (up to
:data:`JOIN_LIMIT` chunks). Anything else (text that is not UTF-8, version 0, an invalid
entry, a duplicate id, no ``[[entries]]`` at all) reads the whole file with
:func:`~tui.core.journal.parse.parse_journal`, which gives the usual located messages
(tomllib's line and column for a syntax error).

**Blocks.** The cache describes the file as last read: its length and SHA-256, where each
entry chunk starts, and the SHA-256 of each *block*: the header chunk, then runs of
:data:`BLOCK_ENTRIES` entry chunks. A file that differs is compared block by block, from
the start (same bytes at the same place) and from the end (same bytes at the same
distance from the end): the blocks that match hold the same chunks, already proven, and
only the bytes between them are cut and parsed. Appending an entry, or editing one by
hand, parses one block or two; hashing is C speed (about 1.5 GB/s), so the cost of a
change is that of the blocks it touches. The bytes between must start and end at chunk
boundaries meeting (c), else the reused runs shrink a block at a time. Entries checked
for version 1 are valid for version 2 with the same result, so a file that became version
2 (an edit's ``updated``, a deletion's tombstone) keeps its blocks; one that went back to
version 1 is parsed again in full.

**The cache** is one file per journal in ``platformdirs.user_cache_path("acupress")/
journal-index/``, created only when written (directory 0700, file 0600). It is written to
a new temporary file in that folder and renamed over the old one, so a reader sees the old
cache or the new one; the folder is opened without following a symlink there, and is used
only when it is this user's and no one else may write to it, so the cache is never read or
written through a link, and whatever sits at its name (a symlink, say) is replaced, not
followed. A temporary file a killed writer left is removed an hour later. It holds a JSON
line naming the format, the code that checks entries
(:func:`model_tag`) and the length and SHA-256 of the two sections after it, in
:mod:`marshal` form: what a check before an append needs (lengths, block digests, where
chunks start, the ids, the header's values), then the other fields of every entry by
column. A section is decoded only after its SHA-256 matched. The cache is ignored, never
trusted, when it is not a regular file of this user that only this user can write (in
such a folder), its first line is not a short JSON object, was
made by other code, does not match its digests or is not of the expected shape; deleting
it at any time costs one full read. Its values are trusted as the validated entries of the
bytes whose digest they are stored with: entries are rebuilt from them without checking
again (:func:`tui.core.journal.entry.checked_entries`), equal to the parsed ones in every
respect (the tests compare their ``repr``). So the cache is trusted as far as the user's
own files are, and no further: only this user (or root) can write it, as they can the
journal. A journal changed in any way is always seen as changed, whatever its size and
time: every read hashes all of its bytes (SHA-256, a few ms for 11 MB) and uses the
cache only where the digests match.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import itertools
import json
import marshal
import os
import re
import secrets
import stat
import time
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from tui.core import tomlfast
from tui.core.areas import AREAS
from tui.core.journal.entry import Entry, EntryError, Tombstone, checked_entries
from tui.core.journal.parse import CURRENT_VERSION, JournalError, Parsed, parse_journal

CACHE_FORMAT = "acupress-journal-index-3"
BLOCK_ENTRIES = 256
"""Entry chunks per block: a change costs parsing about this many entries (a few ms)."""
STALE_SECONDS = 3600
"""A temporary file of the cache older than this was left by a writer that was killed."""
JOIN_LIMIT = 16
"""At most this many proposed chunks are joined to make one that parses on its own."""

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


# --- results --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Indexed:
    """A journal read through the index."""

    parsed: Parsed
    """As :func:`~tui.core.journal.parse.parse_journal` gives it: the same entries, version,
    tombstones and digest. Read by chunks, ``data`` holds the top-level keys but not
    ``entries`` (whose tables are not kept); after a check (:func:`check_indexed`),
    ``entries`` is empty."""
    ids: list[str] = field(default_factory=list)
    """The ids of the entries, in file order."""
    chunks: int = 0
    """Entries read by chunks (0: the file was read whole)."""
    parsed_chunks: int = 0
    """Of those, the entries parsed and checked this time (the others came from the cache)."""
    whole_file: str | None = None
    """Why the file was read whole, or None: it was read by chunks."""


class Unchunkable(Exception):
    """The reading by chunks does not apply: read the whole file."""


class _NotAlone(Exception):
    """A chunk does not parse on its own (it may once joined to the next)."""


# --- the cache ------------------------------------------------------------------------------


@cache
def model_tag() -> str:
    """Changes whenever the code that checks an entry, or this module, does: old caches are
    then ignored."""
    import sys

    from tui.core import areas, when
    from tui.core.journal import entry, parse

    mixed = hashlib.sha256(f"{CACHE_FORMAT}|{CURRENT_VERSION}|{sys.version}".encode())
    for module in (entry, parse, areas, when, sys.modules[__name__]):
        try:
            mixed.update(Path(module.__file__ or "").read_bytes())
        except OSError:
            mixed.update(str(module.__file__).encode())
    return mixed.hexdigest()[:32]


def default_cache_dir() -> Path:
    import platformdirs

    return platformdirs.user_cache_path("acupress", appauthor=False) / "journal-index"


_AREA_BITS = {area: 1 << n for n, area in enumerate(AREAS)}
_AREA_SETS: tuple[tuple[str, ...], ...] = tuple(
    tuple(area for area in AREAS if mask & _AREA_BITS[area]) for mask in range(1 << len(AREAS))
)
"""Every set of areas, in their normal order, by bit mask (the cache stores the mask)."""
_AREA_MASKS = {areas: mask for mask, areas in enumerate(_AREA_SETS)}
_SHA = 32


@dataclass(slots=True)
class _Meta:
    """What the cache says about the file as last read (all a check needs)."""

    length: int
    digest: bytes
    version: int
    block: int
    offsets: array[int]
    """Where each entry chunk starts, then the file's length (so ``n + 1`` values)."""
    digests: bytes
    """SHA-256 of the header chunk, then of each block of entry chunks."""
    ids: list[str]
    header_keys: list[str]
    tombstones: list[tuple[str, str]]

    @property
    def count(self) -> int:
        return len(self.ids)

    def blocks(self) -> int:
        return -(-self.count // self.block)

    def to_marshal(self) -> bytes:
        return marshal.dumps(
            (
                self.length,
                self.digest,
                self.version,
                self.block,
                self.offsets.tobytes(),
                self.digests,
                self.ids,
                self.header_keys,
                self.tombstones,
            )
        )

    @classmethod
    def from_marshal(cls, blob: bytes) -> _Meta:
        """Raises ``ValueError``/``TypeError`` for anything not of the shape written."""
        values = marshal.loads(blob)
        if type(values) is not tuple or len(values) != 9:
            raise ValueError("meta")
        length, digest, version, block, offsets, digests, ids, keys, tombstones = values
        meta = cls(length, digest, version, block, array("q"), digests, ids, keys, tombstones)
        meta.offsets.frombytes(offsets)
        count = len(ids)
        if not (
            type(length) is int
            and type(digest) is bytes
            and len(digest) == _SHA
            and version in (1, 2)
            and type(block) is int
            and block > 0
            and type(digests) is bytes
            and len(digests) == _SHA * (1 + meta.blocks())
            and type(ids) is list
            and len(meta.offsets) == count + 1
            and meta.offsets[-1] == length
            and type(keys) is list
            and type(tombstones) is list
            and all(type(t) is tuple and len(t) == 2 for t in tombstones)
        ):
            raise ValueError("meta")
        return meta

    def header(self) -> tuple[dict[str, Any], list[Tombstone]]:
        """The header's TOML data (as tomllib gave it) and its tombstones."""
        deleted = {key: datetime.fromisoformat(when) for key, when in self.tombstones}
        data: dict[str, Any] = {}
        for key in self.header_keys:
            data[key] = self.version if key == "version" else deleted
        return data, [Tombstone(key, when) for key, when in deleted.items()]


_Columns = tuple[list[str], bytes, bytes, list[Any], list[Any], list[Any], list[Any], list[Any]]
"""The entries' other fields: at (ISO 8601), level, areas (bit masks), note, routine, phase,
session, updated (ISO 8601 or None)."""


def _columns(entries: Sequence[Entry]) -> _Columns:
    return (
        [entry.at.isoformat() for entry in entries],
        bytes([entry.level for entry in entries]),
        bytes([_AREA_MASKS[entry.areas] for entry in entries]),
        [entry.note for entry in entries],
        [entry.routine for entry in entries],
        [entry.phase for entry in entries],
        [entry.session for entry in entries],
        [None if entry.updated is None else entry.updated.isoformat() for entry in entries],
    )


def _slice(columns: _Columns, start: int, stop: int) -> _Columns:
    at, level, areas, note, routine, phase, session, updated = columns
    return (
        at[start:stop],
        level[start:stop],
        areas[start:stop],
        note[start:stop],
        routine[start:stop],
        phase[start:stop],
        session[start:stop],
        updated[start:stop],
    )


def _joined(parts: Sequence[_Columns]) -> _Columns:
    return (
        [item for part in parts for item in part[0]],
        b"".join(part[1] for part in parts),
        b"".join(part[2] for part in parts),
        [item for part in parts for item in part[3]],
        [item for part in parts for item in part[4]],
        [item for part in parts for item in part[5]],
        [item for part in parts for item in part[6]],
        [item for part in parts for item in part[7]],
    )


def _build(ids: Sequence[str], columns: _Columns) -> list[Entry]:
    """The entries the cached values stand for, made without checking them again."""
    at, level, areas, note, routine, phase, session, updated = columns
    moment = datetime.fromisoformat
    return checked_entries(
        ids,
        list(map(moment, at)),
        level,
        [_AREA_SETS[mask] for mask in areas],
        note,
        routine,
        phase,
        session,
        [None if when is None else moment(when) for when in updated],
    )


def _check_columns(columns: object, count: int) -> _Columns:
    if (
        type(columns) is not tuple
        or len(columns) != 8
        or any(len(column) != count for column in columns)
        or type(columns[1]) is not bytes
        or type(columns[2]) is not bytes
        or max(columns[1], default=0) > 10
        or max(columns[2], default=0) >= len(_AREA_SETS)
    ):
        raise ValueError("columns")
    return columns


class ChunkCache:
    """What was proven about one journal, kept in *path* (see the module notes)."""

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        """Use what the file proves, never write it (to read another copy of the journal)."""
        self._blob: bytes | None = None
        self._head: dict[str, Any] | None = None
        self._meta: _Meta | None = None
        self._loaded = False

    @classmethod
    def for_journal(cls, journal: Path, directory: Path | None = None) -> ChunkCache:
        """The cache of *journal* (one file per journal path) in *directory* or the default."""
        name = hashlib.sha256(str(journal.resolve()).encode("utf-8", "surrogatepass"))
        return cls((directory or default_cache_dir()) / f"{name.hexdigest()[:32]}.index")

    def _directory(self, *, create: bool) -> int | None:
        """A descriptor of the cache's folder, opened without following a symlink there, or
        None: it is missing (and not *create*), not a folder, or not this user's alone."""
        folder = self.path.parent
        if create:
            with contextlib.suppress(OSError):
                folder.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                folder.mkdir(mode=0o700)
        try:
            fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
        except OSError:
            return None
        with contextlib.suppress(OSError):
            if _private(os.fstat(fd)):
                return fd
        os.close(fd)
        return None

    def _read(self) -> None:
        """Read the file once (its first line checked); sections are decoded on demand."""
        if self._loaded:
            return
        self._loaded = True
        folder = self._directory(create=False)
        if folder is None:
            return
        try:
            fd = os.open(self.path.name, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=folder)
        except OSError:
            return
        finally:
            os.close(folder)
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or not _private(info):
                return
            with os.fdopen(fd, "rb", closefd=False) as handle:
                blob = handle.read()
        except OSError:
            return
        finally:
            os.close(fd)
        line, _, _ = blob.partition(b"\n")
        if len(line) > 4096:  # a few hundred bytes when written here
            return
        try:
            head = json.loads(line)
        except (ValueError, RecursionError):
            return
        if (
            isinstance(head, dict)
            and head.get("format") == CACHE_FORMAT
            and head.get("model") == model_tag()
        ):
            self._blob, self._head = blob, head

    def _section(self, name: str) -> bytes | None:
        """A section's bytes once their SHA-256 matched the first line's, else None."""
        self._read()
        if self._blob is None or self._head is None:
            return None
        try:
            start = self._blob.index(b"\n") + 1
            sizes = self._head["sizes"]
            digests = self._head["digests"]
            index = ("meta", "columns").index(name)
            start += sum(sizes[:index])
            part = self._blob[start : start + sizes[index]]
            if len(part) != sizes[index] or hashlib.sha256(part).hexdigest() != digests[index]:
                return None
        except (KeyError, IndexError, TypeError, ValueError):
            return None
        return part

    def meta(self) -> _Meta | None:
        """What a check needs, or None when there is no usable cache."""
        if self._meta is None and (blob := self._section("meta")) is not None:
            with contextlib.suppress(*_DAMAGED):
                self._meta = _Meta.from_marshal(blob)
        return self._meta

    def columns(self) -> _Columns | None:
        """The entries' other fields, or None."""
        meta = self.meta()
        blob = self._section("columns")
        if meta is None or blob is None:
            return None
        try:
            return _check_columns(marshal.loads(blob), meta.count)
        except _DAMAGED:
            return None

    def store(self, meta: _Meta, columns: _Columns) -> None:
        """Replace the cache (best effort: a cache that cannot be written is simply not there
        next time)."""
        if self.read_only:
            return
        sections = [meta.to_marshal(), marshal.dumps(columns)]
        head = {
            "format": CACHE_FORMAT,
            "model": model_tag(),
            "sizes": [len(part) for part in sections],
            "digests": [hashlib.sha256(part).hexdigest() for part in sections],
        }
        blob = b"".join([json.dumps(head).encode(), b"\n", *sections])
        self._blob, self._head, self._meta, self._loaded = blob, head, meta, True
        folder = self._directory(create=True)
        if folder is None:
            return
        try:
            self._replace(folder, blob)
        finally:
            os.close(folder)

    def _replace(self, folder: int, blob: bytes) -> None:
        """Write *blob* to a new temporary file in *folder* (a descriptor), then rename it
        over the cache: a reader sees the old cache or the new one, and a symlink or
        anything else at the cache's name is replaced, never followed."""
        name = self.path.name
        with contextlib.suppress(OSError):  # a writer killed mid-write left these
            for stale in os.listdir(folder):
                if stale.startswith(f".{name}.") and stale.endswith(".tmp"):
                    info = os.stat(stale, dir_fd=folder, follow_symlinks=False)
                    if info.st_mtime < time.time() - STALE_SECONDS:
                        os.unlink(stale, dir_fd=folder)
        temp = f".{name}.{secrets.token_hex(8)}.tmp"
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
        try:
            fd = os.open(temp, flags, 0o600, dir_fd=folder)
        except OSError:
            return
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(blob)
            os.replace(temp, name, src_dir_fd=folder, dst_dir_fd=folder)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temp, dir_fd=folder)

    def delete(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
        self._blob, self._head, self._meta, self._loaded = None, None, None, False


def _private(info: os.stat_result) -> bool:
    """Owned by this user, and no one else may write to it."""
    return info.st_uid == os.geteuid() and not info.st_mode & 0o022


_DAMAGED = (ValueError, TypeError, KeyError, IndexError, AttributeError, EOFError, OverflowError)


# --- parsing chunks -------------------------------------------------------------------------


def _parse_chunk(chunk: bytes, version: int) -> Entry:
    try:
        data = tomlfast.loads(chunk.decode("utf-8"))
    except (ValueError, RecursionError):  # UnicodeDecodeError and TOMLDecodeError too
        raise _NotAlone from None
    tables = data.get("entries")
    if list(data) != ["entries"] or type(tables) is not list or len(tables) != 1:
        raise Unchunkable("a chunk is not exactly one [[entries]] table")
    if type(tables[0]) is not dict:
        raise Unchunkable("a chunk's entry is not a table")
    try:
        return Entry.from_table(tables[0], version=version)
    except EntryError:
        raise Unchunkable("an entry is not valid") from None


class _Widen(Exception):
    """The last chunk of a region needs the chunk after it, which the region does not hold."""


def _parse_region(
    raw: bytes, start: int, end: int, version: int, more_after: bool
) -> tuple[list[int], list[Entry]]:
    """The entry chunks of ``raw[start:end]`` (which starts with a header line): where each
    starts and its entry. A chunk that does not parse on its own is joined to the next."""
    region = raw[start:end]
    starts = [match.start() for match in _HEADER_LINE.finditer(region)]
    if region and starts[:1] != [0]:
        raise Unchunkable("text before the first [[entries]] line of a change")
    bounds = [*starts, len(region)]
    offsets: list[int] = []
    entries: list[Entry] = []
    first = 0
    while first < len(starts):
        last = first + 1
        while True:
            try:
                entries.append(_parse_chunk(region[bounds[first] : bounds[last]], version))
                break
            except _NotAlone:
                if last == len(starts):
                    if more_after:
                        raise _Widen from None
                    raise Unchunkable("a chunk does not parse on its own") from None
                if last - first >= JOIN_LIMIT:
                    raise Unchunkable("a chunk does not parse on its own") from None
                last += 1
        offsets.append(start + bounds[first])
        first = last
    return offsets, entries


def _header(chunk: bytes) -> Parsed:
    """The header chunk checked as a journal of its own: its version and tombstones."""
    try:
        header = parse_journal(chunk, "header")
    except JournalError:
        raise Unchunkable("the header is not valid") from None
    if "version" not in header.data or not 1 <= header.version <= CURRENT_VERSION:
        raise Unchunkable("the header is not a version 1 or 2 one")
    if "entries" in header.data:
        raise Unchunkable("the header has entries of its own")
    return header


def _joins(raw: bytes, at: int) -> bool:
    """Whether a chunk ending at *at* and one starting there never share a line (c)."""
    return raw[at - 1 : at] == b"\n" or raw[at : at + 1] == b"\n" or raw[at : at + 2] == b"\r\n"


# --- reading --------------------------------------------------------------------------------


@dataclass(slots=True)
class _Plan:
    """Which cached entries a new file keeps: ``[0, keep_before)`` shifted by ``head_shift``
    bytes (the header's change in length) and ``[keep_from, count)`` shifted by ``tail_shift``
    (the file's)."""

    keep_before: int
    keep_from: int
    head_shift: int
    tail_shift: int


def _plan(raw: bytes, meta: _Meta, header_end: int) -> _Plan:
    """Compare *raw* with the cached file block by block, from the first entry on (after a
    header that now ends at *header_end*) and from the end."""
    view = memoryview(raw)
    offsets, digests, size, count = meta.offsets, meta.digests, meta.block, meta.count
    sha256 = hashlib.sha256

    def same(block: int, start: int, end: int) -> bool:
        return (
            header_end <= start <= end <= len(raw)
            and sha256(view[start:end]).digest() == digests[_SHA * (1 + block) : _SHA * (2 + block)]
        )

    head_shift = header_end - offsets[0]
    keep_before = 0
    for block in range(meta.blocks()):
        low, high = block * size, min(block * size + size, count)
        if not same(block, offsets[low] + head_shift, offsets[high] + head_shift):
            break
        keep_before = high
    tail_shift = len(raw) - meta.length
    floor = offsets[keep_before] + head_shift
    keep_from = count
    for block in reversed(range(meta.blocks())):
        low, high = block * size, min(block * size + size, count)
        if low < keep_before or offsets[low] + tail_shift < floor:
            break
        if not same(block, offsets[low] + tail_shift, offsets[high] + tail_shift):
            break
        keep_from = low
    return _Plan(keep_before, keep_from, head_shift, tail_shift)


def _by_chunks(raw: bytes, cache: ChunkCache | None, build: bool, reuse: bool = True) -> Indexed:
    digest = hashlib.sha256(raw).digest()
    meta = cache.meta() if cache is not None and reuse else None
    if meta is not None and meta.length == len(raw) and meta.digest == digest:
        data, deleted = meta.header()
        columns = cache.columns() if cache is not None and build else None
        if not build or columns is not None:
            entries = [] if columns is None else _build(meta.ids, columns)
            parsed = Parsed(entries, meta.version, data, digest.hex(), deleted)
            return Indexed(parsed, meta.ids, chunks=meta.count)
        meta = None  # the check's part is there, the rest is not: read by chunks
    found = _HEADER_LINE.search(raw)
    if found is None:
        raise Unchunkable("no [[entries]] header line")
    header_end = found.start()
    head = None
    if (
        meta is None
        or header_end != meta.offsets[0]
        or hashlib.sha256(raw[:header_end]).digest() != meta.digests[:_SHA]
    ):
        head = _header(raw[:header_end])
        if meta is not None and head.version < meta.version:
            meta = None  # entries checked for version 2 only: check them again
    if meta is None:
        meta = _Meta(0, b"", 1, BLOCK_ENTRIES, array("q", [0]), b"", [], [], [])
        plan = _Plan(0, 0, header_end, len(raw))
    else:
        plan = _plan(raw, meta, header_end)
    count, offsets, size = meta.count, meta.offsets, meta.block
    while True:
        start = offsets[plan.keep_before] + plan.head_shift
        end = offsets[plan.keep_from] + plan.tail_shift if plan.keep_from < count else len(raw)
        if plan.keep_before and (
            (start < len(raw) and not _joins(raw, start))
            or (start < end and _HEADER_LINE.match(raw, start) is None)
        ):
            # Text before the first header line of the change goes with the chunk before it.
            plan.keep_before = (plan.keep_before - 1) // size * size
            continue
        if plan.keep_from < count and not _joins(raw, end):
            plan.keep_from = min(plan.keep_from + size, count)
            continue
        try:
            new_offsets, new_entries = _parse_region(
                raw,
                start,
                end,
                meta.version if head is None else head.version,
                plan.keep_from < count,
            )
        except _Widen:
            plan.keep_from = min(plan.keep_from + size, count)
            continue
        break
    keep_before, keep_from = plan.keep_before, plan.keep_from
    ids = [
        *meta.ids[:keep_before],
        *(entry.id for entry in new_entries),
        *meta.ids[keep_from:],
    ]
    if head is None:
        version = meta.version
        data, deleted = meta.header()
    else:
        version, data, deleted = head.version, head.data, head.deleted
    unique = set(ids)
    if len(unique) != len(ids):
        raise Unchunkable("an id is used twice")
    if any(tombstone.id in unique for tombstone in deleted):
        raise Unchunkable("an id is also a deleted entry's")
    reused = keep_before + count - keep_from
    entries = []
    new_columns = _columns(new_entries)
    columns = None
    if not reused:
        entries, columns = new_entries, new_columns
    elif build:
        cached = cache.columns() if cache is not None else None
        if cached is None:
            return _by_chunks(raw, cache, build, reuse=False)  # the cache lost its columns
        before, after = _slice(cached, 0, keep_before), _slice(cached, keep_from, count)
        entries = [
            *_build(meta.ids[:keep_before], before),
            *new_entries,
            *_build(meta.ids[keep_from:], after),
        ]
        columns = _joined([before, new_columns, after])
    if not build:
        entries = []
    if cache is not None and columns is not None:
        all_offsets = array("q", [offset + plan.head_shift for offset in offsets[:keep_before]])
        all_offsets.extend(new_offsets)
        all_offsets.extend([offset + plan.tail_shift for offset in offsets[keep_from:count]])
        all_offsets.append(len(raw))
        cache.store(
            _Meta(
                len(raw),
                digest,
                version,
                size,
                all_offsets,
                _digests(raw, all_offsets, size, meta.digests, keep_before // size),
                ids,
                list(data),
                [(key, when.isoformat()) for key, when in data.get("deleted", {}).items()],
            ),
            columns,
        )
    parsed = Parsed(entries, version, data, digest.hex(), deleted)
    return Indexed(parsed, ids, chunks=len(ids), parsed_chunks=len(new_entries))


def _digests(raw: bytes, offsets: array[int], size: int, old: bytes, kept: int) -> bytes:
    """The block digests of *raw* cut at *offsets*: the first *kept* entry blocks' from
    *old* (the same entries, the same bytes), the header's and the rest hashed now."""
    view = memoryview(raw)
    sha256 = hashlib.sha256
    count = len(offsets) - 1
    parts = [sha256(view[: offsets[0]]).digest(), old[_SHA : _SHA * (1 + kept)]]
    for low in range(kept * size, count, size):
        parts.append(sha256(view[offsets[low] : offsets[min(low + size, count)]]).digest())
    return b"".join(parts)


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


def by_chunks(raw: bytes, cache: ChunkCache | None, *, build: bool = True) -> Indexed:
    """The reading by chunks alone; :class:`Unchunkable` (saying why) where it does not
    apply."""
    with _no_collection():
        return _by_chunks(raw, cache, build)


def read_indexed(raw: bytes, path: Path | str, cache: ChunkCache | None) -> Indexed:
    """Parse and validate journal bytes like :func:`~tui.core.journal.parse.parse_journal`
    (the same result, the same :class:`~tui.core.journal.parse.JournalError`), reusing
    *cache* for what it proves and updating it."""
    return _indexed(raw, path, cache, build=True)


def check_indexed(raw: bytes, path: Path | str, cache: ChunkCache | None) -> Indexed:
    """What a write must know before it appends, without making the entries: the file is a
    valid journal (else :class:`~tui.core.journal.parse.JournalError`, as from
    ``parse_journal``), its version, tombstones and ids (:attr:`Indexed.ids`). By chunks,
    ``parsed.entries`` is empty. It reads only the cache's first section, and updates the
    cache only when it used nothing from it (it then holds every value anyway)."""
    return _indexed(raw, path, cache, build=False)


def _indexed(raw: bytes, path: Path | str, cache: ChunkCache | None, *, build: bool) -> Indexed:
    """By chunks where that applies, else the whole file with :func:`parse_journal`."""
    with _no_collection():
        try:
            return _by_chunks(raw, cache, build)
        except Unchunkable as reason:
            parsed = parse_journal(raw, path)
            return Indexed(parsed, [entry.id for entry in parsed.entries], whole_file=str(reason))

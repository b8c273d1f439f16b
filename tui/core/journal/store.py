"""The journal file itself: read without locking, written under a lock, atomically.

Durability and concurrency:

- Every write happens under an exclusive ``fcntl.flock`` on the sidecar
  ``journal.toml.lock`` (the lock dies with its process, so a crash never leaves
  a stale lock), after re-reading the file under that lock.
- Every write, appends included, replaces the file atomically
  (:func:`tui.core.files.write_atomic`). A kill -9 (or power cut, on a journalling
  file system) at any moment leaves the old file or the new one.
- An append copies the existing bytes unchanged (comments and layout kept) and
  adds one ``[[entries]]`` table. It does not parse the file when its SHA-256
  matches the digest of the last content this code validated, which is kept in
  the lock file; otherwise (first use, or after a hand edit) it checks everything
  first. An invalid file is never written to.
- Reading and checking go through :mod:`tui.core.journal_index`: what was proven about
  the file as last read is kept under the user cache directory, keyed on its exact
  bytes, so that after a change (an append, a hand edit, a sync) only the parts of the
  file that changed are parsed and checked again. The index proves its result equal to
  the whole-file parse, or parses the whole file; a cache hit on the exact bytes of
  validated content counts as having read them.
- Edits and deletes parse and validate, rewrite the whole file in canonical
  form (hand-written comments are dropped) and keep the previous file as
  ``journal.toml.bak``. An edit records its time in the entry's ``updated``; a delete
  leaves a tombstone (``[deleted]``: the id and the time), so that merging an older
  copy of the journal (:meth:`JournalStore.merge`) cannot bring the entry back.
- A file is written as version 1 while it needs nothing newer, so an append keeps a
  version 1 file's bytes; the first ``updated`` time or tombstone makes it version 2.
- A symlinked journal is read and written through its link: the lock, backup and
  temporary files sit beside the file the link points to.
- Only a regular file is a journal (:mod:`tui.core.files`). A write that is refused,
  for that or because the file there is not a valid journal, creates nothing: the
  file is checked before the lock file is first made.

Nothing is created until the first write: then the directory (0700), the
journal (0600) and the lock file (0600).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import glob
import os
import re
import tomllib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from tui.core.files import (
    check_writable,
    kind_of,
    make_dirs,
    read_regular,
    write_atomic,
    write_target,
)
from tui.core.journal.entry import Entry, Tombstone, change_time
from tui.core.journal.parse import (
    CURRENT_VERSION,
    EntryNotFound,
    JournalError,
    Parsed,
    digest_of,
    version_needed,
)
from tui.core.journal.writer import render_entry, render_journal
from tui.core.journal_index import ChunkCache, Indexed, check_indexed, read_indexed
from tui.core.problems import Problem, ProblemError
from tui.core.when import now_local

if TYPE_CHECKING:  # merging is only for `journal merge`: imported there
    from tui.core.journal.merge import Contents, Merged

_CACHE_TAG = "acupress-journal-v1"
"""The format of the lock file's digest line (not the journal's version: what it says,
"this exact content was validated", holds for every version)."""
_ID_CHARS = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


class JournalStore:
    """The journal file at *path*. Cheap to create; touches nothing until used.

    ``load`` reads without locking (writers replace the file atomically, so a
    reader always sees a complete version). ``append``, ``update`` and
    ``delete`` lock, re-read and validate, then replace the file atomically.
    All of them raise :class:`JournalError` for a file that cannot be used and
    ``OSError`` when the disk refuses a write; the file is then as it was.
    """

    def __init__(
        self,
        path: Path,
        *,
        clock: Callable[[], datetime] = now_local,
        cache_dir: Path | None = None,
    ) -> None:
        self.path = path
        self.clock = clock
        """Local time with its UTC offset, for the ``updated`` and deleted times recorded."""
        self.cache_dir = cache_dir
        """Where the index of what was read is kept (None: under the user cache directory)."""

    @property
    def target(self) -> Path:
        """The file written: the journal itself, or the file its symlink points to.

        Raises :class:`JournalError` for a path no journal can be at: a directory, a
        FIFO, a socket or a device, a symlink that loops or points at nothing.
        """
        try:
            return write_target(self.path)
        except ProblemError as error:
            raise JournalError(error.problems) from None

    @property
    def lock_path(self) -> Path:
        return self.target.with_name(self.target.name + ".lock")

    @property
    def backup_path(self) -> Path:
        return self.target.with_name(self.target.name + ".bak")

    def exists(self) -> bool:
        try:
            return self.path.exists()
        except (OSError, ValueError):  # ValueError: a NUL in the path
            return False

    def _read(self) -> bytes | None:
        try:
            return read_regular(self.path)
        except ProblemError as error:
            raise JournalError(error.problems) from None

    def digest(self) -> str | None:
        """SHA-256 of the file now (None: no file), a few ms even for years of entries.

        A view can keep ``read().digest`` and reload when this differs (another
        window or ``acupress log`` wrote meanwhile).
        """
        raw = self._read()
        return None if raw is None else digest_of(raw)

    def load(self) -> list[Entry]:
        """Every entry, in file order; a missing file is an empty journal."""
        return self.read().entries

    def read(self) -> Parsed:
        """Like :meth:`load`, with the version found in the file."""
        raw = self._read()
        if raw is None:
            return Parsed([], CURRENT_VERSION, {})
        return self._indexed(raw).parsed

    def read_copy(self, raw: bytes, path: Path) -> Parsed:
        """*raw*, the bytes of another copy of this journal at *path* (a sync conflict copy,
        a backup), parsed and validated like :func:`~tui.core.journal.parse.parse_journal`
        (the same result or :class:`JournalError`): through this journal's index, so the
        parts it shares with this journal are not parsed again; the index is left as it
        was."""
        cache = ChunkCache(self._cache().path, read_only=True)
        return read_indexed(raw, path, cache).parsed

    def _cache(self) -> ChunkCache:
        return ChunkCache.for_journal(self.path, self.cache_dir)

    def _indexed(self, raw: bytes) -> Indexed:
        """*raw* parsed and validated (raises :class:`JournalError`), the index updated."""
        return read_indexed(raw, self.path, self._cache())

    def _checked(self, raw: bytes) -> Indexed:
        """*raw* validated without making its entries (raises :class:`JournalError`)."""
        return check_indexed(raw, self.path, self._cache())

    def append(self, entry: Entry) -> None:
        """Add *entry* at the end, keeping the existing bytes (and comments) as they are."""
        self.add([entry])

    def add(self, entries: Sequence[Entry]) -> None:
        """Add *entries* at the end under one lock, keeping the existing bytes as they are.

        Raises :class:`JournalError` if an id is already used, or is a deleted entry's
        (nothing is added then).
        """
        self._add(entries, skip_known=False)

    def append_new(self, entries: Sequence[Entry]) -> list[Entry]:
        """Like :meth:`add`, but an entry whose id the journal has is left out, and so is one
        it has deleted (nothing is written when none is new). Return the journal's entries
        as they were before, so that a caller can compare those left out (``journal
        import``)."""
        return self._add(entries, skip_known=True)

    def _add(self, entries: Sequence[Entry], *, skip_known: bool) -> list[Entry]:
        if not entries:
            return self.load() if skip_known else []
        ids = [e.id for e in entries]
        if len(set(ids)) != len(ids):
            raise JournalError([Problem(self.path, None, "the same id is given twice")])
        with self._locked() as lock:
            new, before = self._add_locked(self._read(), entries, lock, skip_known=skip_known)
            if new is not None:
                lock.remember(new)
            return before

    def _add_locked(
        self,
        raw: bytes | None,
        entries: Sequence[Entry],
        lock: _Lock,
        parsed: Indexed | None = None,
        *,
        skip_known: bool = False,
    ) -> tuple[bytes | None, list[Entry]]:
        """Add *entries* to the journal whose bytes are *raw*, under *lock*: the new bytes
        (None: nothing written) and the journal's entries before, if they were made.

        *parsed*: *raw* already read and validated (exactly those bytes), if it was. With
        *skip_known*, entries whose id the journal has, as an entry or a deleted one's, are
        left out.
        """
        if raw is None:
            new = render_journal(entries).encode("utf-8")
            self._replace(new, backup=None)
            return new, []
        # The file was validated as it is, the new entries need nothing version 1 lacks, and
        # no new id occurs in it at all: append without parsing it again.
        fast = (
            not skip_known
            and lock.known_valid(raw)
            and version_needed(entries) == 1
            and not any(_mentions(raw, entry.id) for entry in entries)
        )
        before: list[Entry] = []
        if not fast:
            if parsed is None or parsed.parsed.digest != digest_of(raw):
                # Raises: an invalid file is left alone. Only an import needs the entries.
                parsed = self._indexed(raw) if skip_known else self._checked(raw)
            before = parsed.parsed.entries
            used = set(parsed.ids)
            if skip_known:
                known = used | {t.id for t in parsed.parsed.deleted}
                entries = [e for e in entries if e.id not in known]
                if not entries:
                    return None, before
            self._check_new_ids(used, parsed.parsed.deleted, entries)
            version = parsed.parsed.version
            if (
                version == 0
                or "version" not in parsed.parsed.data
                or version_needed(entries) > version
                or (parsed.whole_file is not None and not _appends_cleanly(parsed.parsed, raw))
            ):
                # An older version, no version line yet, entries this version cannot hold,
                # or a layout a table cannot be added to (an inline array, say): write the
                # whole file afresh, keeping the old one as .bak. (A file read by chunks
                # holds only [[entries]] tables, which one more can follow.)
                if len(parsed.parsed.entries) != len(parsed.ids):  # only checked: read it
                    parsed = self._indexed(raw)
                old = parsed.parsed
                return self._rewrite([*old.entries, *entries], old.deleted, raw), before
        chunk = "\n".join(_faithful(entry) for entry in entries)
        separator = b"\n" if raw.endswith(b"\n") else b"\n\n"
        new = raw + separator + chunk.encode("utf-8")
        self._replace(new, backup=None)
        return new, before

    def _check_new_ids(
        self, used: set[str], deleted: Sequence[Tombstone], entries: Sequence[Entry]
    ) -> None:
        gone = {t.id: t for t in deleted}
        for entry in entries:
            if entry.id in used:
                raise self._id_used(entry.id)
            if (tombstone := gone.get(entry.id)) is not None:
                raise JournalError(
                    [
                        Problem(
                            self.path,
                            None,
                            f"id '{entry.id}' is a deleted entry's (deleted "
                            f"{tombstone.deleted:%Y-%m-%d %H:%M}); it is not added again",
                            field="id",
                        )
                    ]
                )

    def update(self, entry: Entry) -> Entry:
        """Replace the entry with *entry*'s id; return the old one. Full rewrite, with .bak.

        The entry is saved with ``updated`` set to now (by :attr:`clock`, and always after
        the old version's ``updated``, see :func:`~tui.core.journal.entry.change_time`).
        """
        self._must_exist(entry.id)
        with self._locked() as lock:
            raw, parsed = self._read_valid()
            for position, old in enumerate(parsed.entries):
                if old.id == entry.id:
                    entries = list(parsed.entries)
                    entries[position] = replace(
                        entry, updated=change_time(self.clock(), old.updated)
                    )
                    lock.remember(self._rewrite(entries, parsed.deleted, raw))
                    return old
        raise self._not_found(entry.id)

    def delete(self, entry_id: str) -> Entry:
        """Remove the entry with *entry_id*, leaving its tombstone; return it. Full
        rewrite, with .bak."""
        self._must_exist(entry_id)
        with self._locked() as lock:
            raw, parsed = self._read_valid()
            kept = [e for e in parsed.entries if e.id != entry_id]
            if len(kept) != len(parsed.entries):
                gone = next(e for e in parsed.entries if e.id == entry_id)
                tombstone = Tombstone(entry_id, change_time(self.clock(), gone.updated))
                lock.remember(self._rewrite(kept, [*parsed.deleted, tombstone], raw))
                return gone
        raise self._not_found(entry_id)

    def merge(self, others: Sequence[Contents], *, dry_run: bool = False) -> Merged:
        """Merge the journals *others* (already read and validated) into this one.

        See :mod:`tui.core.journal.merge` for the rules. Under the lock, this journal is
        read again (and parsed and validated again if it changed since: an invalid one is
        never written) and the result written in one step: appended to, keeping its bytes,
        when the merge only adds entries; else rewritten, keeping the previous file as .bak.
        Nothing is written (nor the lock file made) when nothing changes, or with *dry_run*.
        """
        raw = self._read()
        seen = None if raw is None else self._indexed(raw)
        from tui.core.journal.merge import merge

        result = merge(Parsed([], CURRENT_VERSION, {}) if seen is None else seen.parsed, others)
        if dry_run or not result.changed:
            return result
        with self._locked() as lock:
            raw = self._read()
            if raw is None or seen is None or digest_of(raw) != seen.parsed.digest:
                # Changed meanwhile: again.
                seen = None if raw is None else self._indexed(raw)
                result = merge(
                    Parsed([], CURRENT_VERSION, {}) if seen is None else seen.parsed, others
                )
                if not result.changed:
                    return result
            if raw is not None and result.only_added:
                added = [c.after for c in result.changes if isinstance(c.after, Entry)]
                new, _ = self._add_locked(raw, added, lock, seen)
                if new is not None:
                    lock.remember(new)
            elif raw is None:
                new = render_journal(result.entries, result.deleted).encode("utf-8")
                self._replace(new, backup=None)
                lock.remember(new)
            else:
                lock.remember(self._rewrite(result.entries, result.deleted, raw))
        return result

    @contextlib.contextmanager
    def _locked(self) -> Iterator[_Lock]:
        """The journal's lock, taken only once the write is known to be allowed.

        The lock file is made on the first write beside a journal; a file there that is
        not a journal (a symlink to some other file, say) is refused before that, so a
        refused write leaves nothing behind.
        """
        lock_path = self.lock_path  # raises for a path that is not a journal's
        try:
            check_writable(self.target)
        except ProblemError as error:
            raise JournalError(error.problems) from None
        if not os.path.lexists(lock_path):
            raw = self._read()
            if raw is not None:
                self._checked(raw)
        with _Lock(lock_path) as lock:
            yield lock

    def _must_exist(self, entry_id: str) -> None:
        """No journal, no entry: fail before the lock would create the directory."""
        if self._read() is None:
            raise self._not_found(entry_id)

    def _id_used(self, entry_id: str) -> JournalError:
        return JournalError([Problem(self.path, None, f"id '{entry_id}' is already used")])

    def _not_found(self, entry_id: str) -> EntryNotFound:
        return EntryNotFound([Problem(self.path, None, f"no entry with id '{entry_id}'")])

    def _read_valid(self) -> tuple[bytes, Parsed]:
        raw = self._read()
        if raw is None:
            raise JournalError([Problem(self.path, None, "no such file (the journal is empty)")])
        return raw, self._indexed(raw).parsed

    def _rewrite(self, entries: Sequence[Entry], deleted: Sequence[Tombstone], old: bytes) -> bytes:
        new = render_journal(entries, deleted).encode("utf-8")
        self._replace(new, backup=old)
        return new

    def _replace(self, data: bytes, backup: bytes | None) -> None:
        if backup is not None:
            write_atomic(self.backup_path, backup, follow_links=False)
        write_atomic(self.target, data)


def _faithful(entry: Entry) -> str:
    """*entry* as an ``[[entries]]`` table, checked by reading it back (the writer's own test)."""
    chunk = render_entry(entry)
    if Entry.from_table(tomllib.loads(chunk)["entries"][0]) != entry:
        raise ValueError(f"cannot write entry {entry.id!r} faithfully")
    return chunk


def _mentions(raw: bytes, entry_id: str) -> bool:
    """Whether *entry_id* occurs in *raw* as a whole word (as an id, a key of [deleted], or
    anywhere else): only then does an append need to parse the file to check the id."""
    word = entry_id.encode("ascii")
    start = raw.find(word)
    while start != -1:
        end = start + len(word)
        before = raw[start - 1] if start else None
        after = raw[end] if end < len(raw) else None
        if before not in _ID_CHARS and after not in _ID_CHARS:
            return True
        start = raw.find(word, start + 1)
    return False


_STATIC_ENTRIES_RE = re.compile(r"""^[ \t]*(?:entries|"entries"|'entries')[ \t]*=""", re.MULTILINE)
_ENTRIES_HEADER_RE = re.compile(
    r"""^[ \t]*\[\[[ \t]*(?:entries|"entries"|'entries')[ \t]*\]\]""", re.MULTILINE
)


def _appends_cleanly(parsed: Parsed, source: bytes) -> bool:
    """Whether one more ``[[entries]]`` table can go at the end of this valid file.

    It can unless ``entries`` was written as an inline array (``entries = [...]``),
    which TOML does not let a later table extend. Checked on the text rather than by
    parsing the file a second time: a line starting ``entries =``, or a count of
    ``[[entries]]`` lines different from the number of entries (a note can contain such
    lines), sends the append to a full rewrite instead, which is always safe.
    """
    text = source.decode("utf-8")
    if _STATIC_ENTRIES_RE.search(text):
        return False
    return len(_ENTRIES_HEADER_RE.findall(text)) == len(parsed.data.get("entries", []))


class _Lock:
    """An exclusive ``flock`` on the sidecar lock file, which also remembers the digest of
    the last journal content validated or written under it (a cache, never trusted beyond
    an exact SHA-256 match; damage to it only costs a full parse)."""

    def __init__(self, path: Path, *, clock: Callable[[], datetime] = now_local) -> None:
        self.path = path
        self.clock = clock
        """Local time with its UTC offset, for the ``updated`` and deleted times recorded."""
        self.fd = -1

    def __enter__(self) -> _Lock:
        make_dirs(self.path.parent)
        # Never through a symlink, never a FIFO or device: the digest line is written here.
        flags = os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW | os.O_NONBLOCK
        try:
            self.fd = os.open(self.path, flags, 0o600)
        except OSError as error:
            if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS) and not os.path.lexists(
                self.path
            ):
                folder = self.path.parent
                message = f"cannot write in the folder {folder}: {error.strerror}"
                raise JournalError([Problem(self.path, None, message)]) from None
            reason = "is a symbolic link" if error.errno == errno.ELOOP else error.strerror
            raise JournalError(
                [Problem(self.path, None, f"cannot use the lock: {reason}")]
            ) from None
        try:
            if (what := kind_of(os.fstat(self.fd).st_mode)) is not None:
                raise JournalError([Problem(self.path, None, f"cannot use the lock: it {what}")])
            fcntl.flock(self.fd, fcntl.LOCK_EX)
        except BaseException:
            os.close(self.fd)
            raise
        self._remove_stale_temporaries()
        return self

    def _remove_stale_temporaries(self) -> None:
        """Temporary files left by a writer killed mid-write (only lock holders make them)."""
        journal = self.path.name.removesuffix(".lock")
        for name in (journal, journal + ".bak"):
            for stale in self.path.parent.glob(f".{glob.escape(name)}.*.tmp"):
                with contextlib.suppress(OSError):
                    stale.unlink()

    def __exit__(self, *exc: object) -> None:
        os.close(self.fd)  # releases the lock

    @staticmethod
    def _line(content: bytes) -> bytes:
        return f"{_CACHE_TAG} sha256={digest_of(content)}\n".encode()

    def known_valid(self, content: bytes) -> bool:
        return os.pread(self.fd, 256, 0) == self._line(content)

    def remember(self, content: bytes) -> None:
        with contextlib.suppress(OSError):
            line = self._line(content)
            os.pwrite(self.fd, line, 0)
            os.ftruncate(self.fd, len(line))

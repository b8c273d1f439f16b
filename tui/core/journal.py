"""The pain journal: a TOML file the user owns, written so it is never lost or torn.

File format (version 1)::

    # acupress pain journal ...
    version = 1

    [[entries]]
    id = "3f9a1c2b7d4e"
    at = 2026-11-23T08:30:00+01:00
    level = 6
    areas = ["lower-back", "buttock-hip"]
    routine = "desk-back-reset"     # optional, for ratings around a routine
    phase = "before"                # optional: "before" or "after", only with routine
    session = "b51c0e9a"            # optional: links a before/after pair, only with routine
    note = \"\"\"
    Stiff after the drive.
    Better once warmed up.\"\"\"     # optional, may span lines

Durability and concurrency (see :class:`JournalStore`):

- Every write happens under an exclusive ``fcntl.flock`` on the sidecar
  ``journal.toml.lock`` (the lock dies with its process, so a crash never leaves
  a stale lock), after re-reading the file under that lock.
- Every write, appends included, replaces the file atomically: the new content
  goes to a temporary file in the same directory, is fsynced, renamed over the
  journal, and the directory is fsynced. A kill -9 (or power cut, on a
  journalling file system) at any moment leaves the old file or the new one.
- An append copies the existing bytes unchanged (comments and layout kept) and
  adds one ``[[entries]]`` table. It does not parse the file when its SHA-256
  matches the digest of the last content this code validated, which is kept in
  the lock file; otherwise (first use, or after a hand edit) it parses and
  validates everything first. An invalid file is never written to.
- Edits and deletes parse and validate, rewrite the whole file in canonical
  form (hand-written comments are dropped) and keep the previous file as
  ``journal.toml.bak``.

Nothing is created until the first write: then the directory (0700), the
journal (0600) and the lock file (0600).
"""

from __future__ import annotations

import contextlib
import fcntl
import glob
import hashlib
import os
import re
import tempfile
import tomllib
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Literal, TypeAlias

from pydantic import (
    BaseModel,
    ConfigDict,
    StrictStr,
    ValidationError,
    field_validator,
    model_validator,
)

from tui.core import paths
from tui.core.problems import Problem, ProblemError
from tui.core.tomlfile import (
    describe_error,
    line_index,
    line_of,
    parse_toml,
    unknown_choice,
    validation_problems,
)

CURRENT_VERSION = 1
AREAS: tuple[str, ...] = ("lower-back", "upper-back", "neck", "buttock-hip", "leg-sciatica")
PHASES: tuple[str, ...] = ("before", "after")
LEVEL_MIN = 0
LEVEL_MAX = 10
LEVEL_ANCHORS: dict[int, str] = {0: "no pain", 10: "worst pain imaginable"}
"""The anchors of the 0–10 numeric rating scale."""

HEADER = (
    "# acupress pain journal. You may edit this file by hand; acupress checks it before\n"
    "# every write and never writes over a file it cannot read. level: 0 = no pain,\n"
    "# 10 = worst pain imaginable. areas: lower-back, upper-back, neck, buttock-hip,\n"
    "# leg-sciatica. Each entry needs a unique id. Edits and deletes made in acupress\n"
    "# rewrite this file (comments are not kept) and keep the previous one as .bak.\n"
)

_ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_CACHE_TAG = f"acupress-journal-v{CURRENT_VERSION}"
_LEVEL_RULE = (
    f"must be a whole number from {LEVEL_MIN} (no pain) to {LEVEL_MAX} (worst pain imaginable)"
)


class JournalError(ProblemError):
    """The journal cannot be read or written; every problem is ``PATH:LINE: message``."""


class EntryNotFound(JournalError):
    """No entry has the id asked for."""


def check_level(value: object) -> int:
    """*value* as a level 0–10, or ``ValueError`` with a message a person can act on."""
    if isinstance(value, bool) or not isinstance(value, int):
        shown = f'"{value}"' if isinstance(value, str) else repr(value)
        raise ValueError(f"{_LEVEL_RULE}, not {shown}")
    if not LEVEL_MIN <= value <= LEVEL_MAX:
        raise ValueError(f"{_LEVEL_RULE}, not {value}")
    return value


def check_area(value: object) -> str:
    """*value* as a known area, or ``ValueError`` naming the closest one."""
    if not isinstance(value, str):
        raise ValueError(f"areas must be text, one of: {', '.join(AREAS)}")
    if value in AREAS:
        return value
    raise ValueError(unknown_choice("area", value, AREAS))


def _check_text(value: str, what: str) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(f"{what} is not valid UTF-8 text") from None
    return value


class Entry(BaseModel):
    """One rating. Immutable: change one with ``entry.model_copy(update=...)`` and ``update``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: StrictStr
    """Stable and unique; new entries get 12 random hex digits."""
    at: datetime
    """When, as local time with its UTC offset."""
    level: int
    """0 (no pain) to 10 (worst pain imaginable)."""
    areas: tuple[str, ...] = ()
    """Where, a subset of :data:`AREAS`, in that order."""
    note: StrictStr | None = None
    routine: StrictStr | None = None
    """The routine's slug, for a rating given around a routine."""
    phase: Literal["before", "after"] | None = None
    session: StrictStr | None = None
    """Links a before and an after rating of the same playback."""

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not _ID_RE.match(value):
            raise ValueError(
                "must be 1 to 64 letters, digits, '-' or '_', unique in the file "
                f'(for example id = "{new_id()}")'
            )
        return value

    @field_validator("at", mode="before")
    @classmethod
    def _at(cls, value: object) -> datetime:
        example = "like 2026-11-23T08:30:00+01:00"
        if not isinstance(value, datetime):
            raise ValueError(f"must be a date and time with its UTC offset, {example}")
        offset = value.utcoffset()
        if offset is None:
            raise ValueError(f"needs its UTC offset, {example}")
        if offset % timedelta(minutes=1):
            raise ValueError("its UTC offset must be whole minutes")
        return value

    @field_validator("level", mode="before")
    @classmethod
    def _level(cls, value: object) -> int:
        return check_level(value)

    @field_validator("areas", mode="before")
    @classmethod
    def _areas(cls, value: object) -> tuple[str, ...]:
        if isinstance(value, str) or not isinstance(value, list | tuple):
            raise ValueError(
                f'must be a list such as ["lower-back", "neck"], of: {", ".join(AREAS)}'
            )
        chosen = {check_area(item) for item in value}
        return tuple(area for area in AREAS if area in chosen)

    @field_validator("note")
    @classmethod
    def _note(cls, value: str | None) -> str | None:
        return None if value is None else _check_text(value, "the note")

    @field_validator("routine")
    @classmethod
    def _routine(cls, value: str | None) -> str | None:
        if value is not None and not _SLUG_RE.match(value):
            raise ValueError("must be a routine slug: lower-case letters and digits joined by '-'")
        return value

    @field_validator("session")
    @classmethod
    def _session(cls, value: str | None) -> str | None:
        if value is not None and not _ID_RE.match(value):
            raise ValueError("must be 1 to 64 letters, digits, '-' or '_'")
        return value

    @model_validator(mode="after")
    def _routine_fields(self) -> Entry:
        if self.routine is None:
            if self.phase is not None:
                raise ValueError("'phase' needs 'routine' (the routine the rating is about)")
            if self.session is not None:
                raise ValueError("'session' needs 'routine' (the routine the rating is about)")
        return self

    @property
    def day(self) -> date:
        """The local calendar day of the rating, as the person lived it."""
        return self.at.date()


class JournalFile(BaseModel):
    """A whole version 1 file (used for validation and located error messages)."""

    model_config = ConfigDict(extra="forbid")

    version: int
    entries: list[Entry] = []


# --- version 0 ------------------------------------------------------------------------------
# Version 0 was the prototype's format, kept so old files still load:
#
#     version = 0
#     [[entries]]
#     date = 2024-03-01T08:30:00     # local date-time without offset, or a plain date
#     pain = 6                       # 0-10
#     where = ["low-back", "hip"]    # low-back, upper-back, neck, hip, leg
#     comment = "..."                # optional
#
# It is migrated in memory on load (ids derived from position and content, so they
# stay the same across loads) and written as version 1, with a .bak, on the next
# write. Local times are given the machine's UTC offset for that date; a plain date
# becomes noon.

V0_AREAS: dict[str, str] = {
    "low-back": "lower-back",
    "upper-back": "upper-back",
    "neck": "neck",
    "hip": "buttock-hip",
    "leg": "leg-sciatica",
}


_Date: TypeAlias = date


class EntryV0(BaseModel):
    model_config = ConfigDict(extra="forbid")

    date: datetime | _Date
    pain: int
    where: list[StrictStr] = []
    comment: StrictStr | None = None

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, value: object) -> datetime | _Date:
        if not isinstance(value, date):
            raise ValueError("must be a date like 2024-03-01 or a time like 2024-03-01T08:30:00")
        return value

    @field_validator("pain", mode="before")
    @classmethod
    def _pain(cls, value: object) -> int:
        return check_level(value)

    @field_validator("where")
    @classmethod
    def _where(cls, value: list[str]) -> list[str]:
        for item in value:
            if item not in V0_AREAS:
                raise ValueError(f"unknown area '{item}'; version 0 areas: {', '.join(V0_AREAS)}")
        return value


class JournalFileV0(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int
    entries: list[EntryV0] = []


def _migrate_v0(old: EntryV0, position: int) -> Entry:
    when = old.date if isinstance(old.date, datetime) else datetime.combine(old.date, time(12))
    if when.tzinfo is None:
        when = when.astimezone()  # the machine's local offset for that moment
    seed = f"v0:{position}:{old.date.isoformat()}:{old.pain}:{old.comment or ''}"
    return Entry(
        id=hashlib.sha256(seed.encode("utf-8", "surrogatepass")).hexdigest()[:12],
        at=when.replace(microsecond=0),
        level=old.pain,
        areas=tuple(V0_AREAS[item] for item in old.where),
        note=old.comment,
    )


# --- reading --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Parsed:
    """A validated journal file."""

    entries: list[Entry]
    version: int
    """The version found in the file (older versions are migrated in memory)."""
    data: dict[str, Any]
    """The raw TOML data."""
    digest: str | None = None
    """SHA-256 of the file's bytes (None: no file); compare with :meth:`JournalStore.digest`."""


def digest_of(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def parse_journal(raw: bytes, path: Path | str) -> Parsed:
    """Parse and validate journal bytes; raise :class:`JournalError` with located problems."""
    try:
        data = parse_toml(raw, path)
    except ProblemError as error:
        raise JournalError(error.problems) from None
    source = raw.decode("utf-8")
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
    line = line_index(source).get(("version",)) if version != CURRENT_VERSION else None
    if isinstance(version, bool) or not isinstance(version, int):
        raise JournalError(
            [Problem(path, line, f"version must be a whole number, like {CURRENT_VERSION}")]
        )
    if version > CURRENT_VERSION:
        raise JournalError(
            [
                Problem(
                    path,
                    line,
                    f"version {version} was written by a newer acupress; this one reads up to "
                    f"version {CURRENT_VERSION}: update acupress",
                )
            ]
        )
    if version == 0:
        try:
            old = JournalFileV0.model_validate(data)
        except ValidationError as error:
            raise JournalError(validation_problems(path, source, error, JournalFileV0)) from None
        entries = [_migrate_v0(item, n) for n, item in enumerate(old.entries)]
    elif version == CURRENT_VERSION:
        try:
            entries = JournalFile.model_validate(data).entries
        except ValidationError as error:
            raise JournalError(validation_problems(path, source, error, JournalFile)) from None
    else:
        raise JournalError(
            [Problem(path, line, f"unknown version {version}; expected {CURRENT_VERSION}")]
        )
    _check_unique(entries, path, source)
    return Parsed(entries, version, data, digest_of(raw))


def _check_unique(entries: Sequence[Entry], path: Path | str, source: str) -> None:
    first: dict[str, int] = {}
    problems: list[Problem] = []
    index: dict[Any, int] | None = None
    for position, entry in enumerate(entries):
        if entry.id not in first:
            first[entry.id] = position
            continue
        index = line_index(source) if index is None else index
        earlier = line_of(index, ("entries", first[entry.id], "id"))
        problems.append(
            Problem(
                path,
                line_of(index, ("entries", position, "id")),
                f"entries[{position + 1}].id: '{entry.id}' is already used"
                + (f" on line {earlier}" if earlier else "")
                + f'; give this entry a new id, for example "{new_id()}"',
            )
        )
    if problems:
        raise JournalError(problems)


# --- writing TOML ---------------------------------------------------------------------------

_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f\x7f]')


def _control(ch: str) -> bool:
    return ord(ch) < 0x20 or ord(ch) == 0x7F


def toml_string(text: str) -> str:
    """*text* as a TOML basic string on one line."""
    if not _NEEDS_ESCAPE.search(text):
        return f'"{text}"'
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif _control(ch):
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def toml_multiline(text: str) -> str:
    """*text* as a TOML multi-line basic string, its lines shown as lines."""
    out = ['"""\n']
    last = len(text) - 1
    for n, ch in enumerate(text):
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            # A quote next to another (or to the closing delimiter) is escaped, so no
            # run of unescaped quotes can end the string early.
            out.append('\\"' if n == last or text[n + 1] == '"' else '"')
        elif ch in "\n\t":
            out.append(ch)
        elif ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif _control(ch):
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    out.append('"""')
    return "".join(out)


def toml_datetime(moment: datetime) -> str:
    return moment.isoformat(timespec="microseconds" if moment.microsecond else "seconds")


def render_entry(entry: Entry) -> str:
    """One ``[[entries]]`` table, ending with a newline."""
    lines = [
        "[[entries]]",
        f"id = {toml_string(entry.id)}",
        f"at = {toml_datetime(entry.at)}",
        f"level = {entry.level}",
        f"areas = [{', '.join(toml_string(a) for a in entry.areas)}]",
    ]
    if entry.routine is not None:
        lines.append(f"routine = {toml_string(entry.routine)}")
    if entry.phase is not None:
        lines.append(f"phase = {toml_string(entry.phase)}")
    if entry.session is not None:
        lines.append(f"session = {toml_string(entry.session)}")
    if entry.note is not None:
        note = toml_multiline(entry.note) if "\n" in entry.note else toml_string(entry.note)
        lines.append(f"note = {note}")
    return "\n".join(lines) + "\n"


def render_journal(entries: Iterable[Entry]) -> str:
    """A whole version 1 file, in canonical form."""
    return (
        HEADER + f"version = {CURRENT_VERSION}\n" + "".join("\n" + render_entry(e) for e in entries)
    )


# --- making entries -------------------------------------------------------------------------


def new_id() -> str:
    """12 random hex digits (48 bits: a clash is about 1 in 5 million even at 10,000 entries)."""
    return uuid.uuid4().hex[:12]


def now_local() -> datetime:
    """The current local time with its UTC offset, to the second."""
    return datetime.now().astimezone().replace(microsecond=0)


def new_entry(
    level: int,
    areas: Iterable[str] = (),
    note: str | None = None,
    at: datetime | None = None,
    routine: str | None = None,
    phase: str | None = None,
    session: str | None = None,
) -> Entry:
    """A new entry with a fresh id. *at* defaults to now; a naive *at* is taken as local time.

    Raises ``pydantic.ValidationError`` for bad values (see :func:`entry_problems`).
    An empty or blank note is stored as no note.
    """
    if at is None:
        at = now_local()
    elif at.tzinfo is None:
        at = at.astimezone()
    if note is not None and not note.strip():
        note = None
    return Entry.model_validate(
        {
            "id": new_id(),
            "at": at,
            "level": level,
            "areas": tuple(areas),
            "note": note,
            "routine": routine,
            "phase": phase,
            "session": session,
        }
    )


def entry_problems(error: ValidationError) -> list[str]:
    """A ValidationError from :func:`new_entry` as plain sentences (no file, no line)."""
    return [describe_error(item, Entry) for item in error.errors()]


def newest_first(entries: Iterable[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: e.at, reverse=True)


# --- the store ------------------------------------------------------------------------------


def journal_path(explicit: Path | None = None, configured: Path | None = None) -> Path:
    """Which journal: *explicit* (``--journal``) > ``$ACUPRESS_JOURNAL`` > *configured*
    (the config's ``journal``) > ``paths.data_dir()/journal.toml``."""
    if explicit is not None:
        return explicit.expanduser()
    if os.environ.get("ACUPRESS_JOURNAL"):
        return paths.default_journal_file()
    if configured is not None:
        return configured.expanduser()
    return paths.data_dir() / "journal.toml"


class JournalStore:
    """The journal file at *path*. Cheap to create; touches nothing until used.

    ``load`` reads without locking (writers replace the file atomically, so a
    reader always sees a complete version). ``append``, ``update`` and
    ``delete`` lock, re-read and validate, then replace the file atomically.
    All of them raise :class:`JournalError` for a file that cannot be used and
    ``OSError`` when the disk refuses a write; the file is then as it was.
    """

    def __init__(self, path: Path) -> None:
        self.path = path

    @property
    def target(self) -> Path:
        """The file itself: a symlinked journal (dotfiles) is written through its link."""
        return self.path.resolve() if self.path.is_symlink() else self.path

    @property
    def lock_path(self) -> Path:
        return self.target.with_name(self.target.name + ".lock")

    @property
    def backup_path(self) -> Path:
        return self.target.with_name(self.target.name + ".bak")

    def exists(self) -> bool:
        return self.target.exists()

    def _read(self) -> bytes | None:
        try:
            return self.target.read_bytes()
        except FileNotFoundError:
            return None
        except IsADirectoryError:
            raise JournalError([Problem(self.path, None, "is a directory, not a file")]) from None
        except OSError as error:
            raise JournalError(
                [Problem(self.path, None, f"cannot read: {error.strerror}")]
            ) from None

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
        return parse_journal(raw, self.path)

    def append(self, entry: Entry) -> None:
        """Add *entry* at the end, keeping the existing bytes (and comments) as they are."""
        chunk = render_entry(entry)
        chunk_data = tomllib.loads(chunk)["entries"][0]
        if Entry.model_validate(chunk_data) != entry:  # the writer's own self-check
            raise ValueError(f"cannot write entry {entry.id!r} faithfully")
        with _Lock(self.lock_path) as lock:
            raw = self._read()
            if raw is None:
                new = render_journal([entry]).encode("utf-8")
                self._replace(new, backup=None)
                lock.remember(new)
                return
            separator = b"\n" if raw.endswith(b"\n") else b"\n\n"
            new = raw + separator + chunk.encode("utf-8")
            if lock.known_valid(raw):
                if f"id = {toml_string(entry.id)}\n".encode() in raw:
                    raise JournalError(
                        [Problem(self.path, None, f"id '{entry.id}' is already used")]
                    )
            else:
                parsed = parse_journal(raw, self.path)  # raises: an invalid file is left alone
                if any(e.id == entry.id for e in parsed.entries):
                    raise JournalError(
                        [Problem(self.path, None, f"id '{entry.id}' is already used")]
                    )
                if (
                    parsed.version != CURRENT_VERSION
                    or "version" not in parsed.data
                    or not _appends_cleanly(parsed, raw)
                ):
                    # An older version, no version line yet, or a layout a table cannot be
                    # added to (an inline array, say): write the whole file afresh, keeping
                    # the old one as .bak.
                    new = render_journal([*parsed.entries, entry]).encode("utf-8")
                    self._replace(new, backup=raw)
                    lock.remember(new)
                    return
            self._replace(new, backup=None)
            lock.remember(new)

    def update(self, entry: Entry) -> Entry:
        """Replace the entry with *entry*'s id; return the old one. Full rewrite, with .bak."""
        self._must_exist(entry.id)
        with _Lock(self.lock_path) as lock:
            raw, parsed = self._read_valid()
            for position, old in enumerate(parsed.entries):
                if old.id == entry.id:
                    entries = list(parsed.entries)
                    entries[position] = entry
                    lock.remember(self._rewrite(entries, raw))
                    return old
        raise self._not_found(entry.id)

    def delete(self, entry_id: str) -> Entry:
        """Remove the entry with *entry_id*; return it. Full rewrite, with .bak."""
        self._must_exist(entry_id)
        with _Lock(self.lock_path) as lock:
            raw, parsed = self._read_valid()
            kept = [e for e in parsed.entries if e.id != entry_id]
            if len(kept) != len(parsed.entries):
                gone = next(e for e in parsed.entries if e.id == entry_id)
                lock.remember(self._rewrite(kept, raw))
                return gone
        raise self._not_found(entry_id)

    def _must_exist(self, entry_id: str) -> None:
        """No journal, no entry: fail before the lock would create the directory."""
        if not self.target.exists() and not self.target.is_symlink():
            raise self._not_found(entry_id)

    def _not_found(self, entry_id: str) -> EntryNotFound:
        return EntryNotFound([Problem(self.path, None, f"no entry with id '{entry_id}'")])

    def _read_valid(self) -> tuple[bytes, Parsed]:
        raw = self._read()
        if raw is None:
            raise JournalError([Problem(self.path, None, "no such file (the journal is empty)")])
        return raw, parse_journal(raw, self.path)

    def _rewrite(self, entries: Sequence[Entry], old: bytes) -> bytes:
        new = render_journal(entries).encode("utf-8")
        self._replace(new, backup=old)
        return new

    def _replace(self, data: bytes, backup: bytes | None) -> None:
        target = self.target
        try:
            mode = target.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = 0o600
        if backup is not None:
            write_atomic(self.backup_path, backup, mode)
        write_atomic(target, data, mode)


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


def write_atomic(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Replace *path* with *data*: temporary file in the same directory, fsync, rename, fsync dir."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    temp = Path(temp_name)
    try:
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fchmod(fd, mode)
            os.fsync(fd)
        finally:
            os.close(fd)
        temp.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    _fsync_dir(path.parent)


def glob_escape(name: str) -> str:
    return glob.escape(name)


def _fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


class _Lock:
    """An exclusive ``flock`` on the sidecar lock file, which also remembers the digest of
    the last journal content validated or written under it (a cache, never trusted beyond
    an exact SHA-256 match; damage to it only costs a full parse)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd = -1

    def __enter__(self) -> _Lock:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
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
            for stale in self.path.parent.glob(f".{glob_escape(name)}.*.tmp"):
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

"""One rating in the pain journal, checked field by field; a deleted one's tombstone; and
reading version 0 entries.

An :class:`Entry` checks its own values when it is made (``Entry(...)``,
``dataclasses.replace(entry, ...)``, :meth:`Entry.from_table`), so an entry that
exists is valid. A bad value raises :class:`EntryError`, a ``ValueError`` that lists
every field that is wrong with a sentence a person can act on;
:mod:`tui.core.journal.parse` adds the file and line. A :class:`Tombstone` (the id of
a deleted entry and when it was deleted) checks itself the same way.

No pydantic here: ``acupress log`` makes and writes an entry in a few milliseconds.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Literal

from tui.core.areas import AREAS, RENAMED
from tui.core.journal.scale import LEVEL_ANCHORS as LEVEL_ANCHORS
from tui.core.journal.scale import LEVEL_MAX as LEVEL_MAX
from tui.core.journal.scale import LEVEL_MIN as LEVEL_MIN
from tui.core.journal.scale import RATING_PHASES as RATING_PHASES
from tui.core.tomlfile import closest, unknown_choice
from tui.core.when import (
    EXAMPLE,
    FIRST_YEAR,
    LAST_YEAR,
    MomentError,
    check_moment,
    from_local,
    now_local,
)

Phase = Literal["before", "after"]  # RATING_PHASES, as a type

FIELDS: tuple[str, ...] = (
    "id",
    "at",
    "level",
    "areas",
    "note",
    "routine",
    "phase",
    "session",
    "updated",
)
"""The fields of an entry (the order of CSV columns and JSON keys)."""
REQUIRED: tuple[str, ...] = ("id", "at", "level")
ADDED_IN: dict[str, int] = {"updated": 2}
"""Fields that a journal file may hold only from a later version on, with that version."""

_ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}\Z")
_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z")
_LEVEL_RULE = (
    f"must be a whole number from {LEVEL_MIN} (no pain) to {LEVEL_MAX} (worst pain imaginable)"
)


@dataclass(frozen=True, slots=True)
class FieldError:
    """What is wrong with one field (``field`` None: with the entry as a whole)."""

    field: str | None
    message: str
    kind: Literal["value", "unknown", "missing"] = "value"

    def __str__(self) -> str:
        if self.kind == "unknown":
            return f"unknown field '{self.field}'{self.message}"
        if self.kind == "missing":
            return f"missing field '{self.field}'"
        return f"{self.field}: {self.message}" if self.field else self.message


class EntryError(ValueError):
    """An entry that cannot be made, with every field that is wrong."""

    def __init__(self, errors: Sequence[FieldError]) -> None:
        self.errors = list(errors)
        super().__init__("; ".join(str(e) for e in self.errors))


def new_id() -> str:
    """12 random hex digits (48 bits: a clash is about 1 in 5 million even at 10,000 entries)."""
    return os.urandom(6).hex()


def check_level(value: object) -> int:
    """*value* as a level 0–10, or ``ValueError`` with a message a person can act on."""
    if isinstance(value, bool) or not isinstance(value, int):
        shown = f'"{value}"' if isinstance(value, str) else repr(value)
        raise ValueError(f"{_LEVEL_RULE}, not {shown}")
    if not LEVEL_MIN <= value <= LEVEL_MAX:
        raise ValueError(f"{_LEVEL_RULE}, not {value}")
    return value


_LEVEL_TEXT_RE = re.compile(r"[0-9]{1,3}\Z", re.ASCII)


def level_from_text(text: str) -> int:
    """A level typed as text: a whole number from 0 to 10 in the ASCII digits, nothing else.

    ``"7"`` and ``"07"`` are 7; ``"1_0"``, ``"+3"``, ``" 3 "``, ``"3.0"``, fullwidth
    (``"３"``) and other scripts' digits (``"٣"``), which ``int()`` would take, raise
    ``ValueError`` with a message a person can act on.
    """
    if _LEVEL_TEXT_RE.match(text) is None:
        shown = text if len(text) <= 20 else text[:19] + "…"
        raise ValueError(f'{_LEVEL_RULE}, written with the digits 0-9, not "{shown}"')
    return check_level(int(text))


def check_area(value: object) -> str:
    """*value* as a known area (an old name read as its new one), or ``ValueError``."""
    if not isinstance(value, str):
        raise ValueError(f"areas must be text, one of: {', '.join(AREAS)}")
    value = RENAMED.get(value, value)
    if value in AREAS:
        return value
    raise ValueError(unknown_choice("area", value, AREAS))


def _areas(value: object) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise ValueError(f'must be a list such as ["lower-back", "neck"], of: {", ".join(AREAS)}')
    chosen = {check_area(item) for item in value}
    return tuple(area for area in AREAS if area in chosen)


def _id(value: object) -> str:
    if not isinstance(value, str) or not _ID_RE.match(value):
        raise ValueError(
            "must be 1 to 64 letters, digits, '-' or '_', unique in the file "
            f'(for example id = "{new_id()}")'
        )
    return value


def _moment(value: object, what: str = "a date and time") -> datetime:
    if not isinstance(value, datetime):
        raise ValueError(f"must be {what} with its UTC offset, like {EXAMPLE}")
    try:
        return check_moment(value)
    except MomentError as error:
        raise ValueError(str(error)) from None


def _at(value: object) -> datetime:
    return _moment(value)


def _updated(value: object) -> datetime | None:
    if value is None:
        return None
    return _moment(value, "the date and time of the entry's last change")


def _text(value: object, what: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f'must be text in quotes, like {what} = "..."')
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(f"the {what} is not valid UTF-8 text") from None
    return value


def _routine(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _SLUG_RE.match(value):
        raise ValueError("must be a routine slug: lower-case letters and digits joined by '-'")
    return value


def _phase(value: object) -> str | None:
    if value is None or (isinstance(value, str) and value in RATING_PHASES):
        return value
    raise ValueError('must be "before" or "after"')


def _session(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _ID_RE.match(value):
        raise ValueError("must be 1 to 64 letters, digits, '-' or '_'")
    return value


_CHECKS: dict[str, Any] = {
    "id": _id,
    "at": _at,
    "level": check_level,
    "areas": _areas,
    "note": lambda value: _text(value, "note"),
    "routine": _routine,
    "phase": _phase,
    "session": _session,
    "updated": _updated,
}


def _checked(values: Mapping[str, object]) -> tuple[dict[str, Any], list[FieldError]]:
    """Every field of *values* checked: the clean values and what is wrong."""
    clean: dict[str, Any] = {}
    errors: list[FieldError] = []
    for name, check in _CHECKS.items():
        try:
            clean[name] = check(values.get(name, () if name == "areas" else None))
        except ValueError as error:
            errors.append(FieldError(name, str(error)))
    if not errors and clean["routine"] is None:
        for name in ("phase", "session"):
            if clean[name] is not None:
                errors.append(
                    FieldError(None, f"'{name}' needs 'routine' (the routine the rating is about)")
                )
    return clean, errors


@dataclass(frozen=True, slots=True)
class Entry:
    """One rating. Immutable and always valid: change one with ``dataclasses.replace``."""

    id: str
    """Stable and unique; new entries get 12 random hex digits."""
    at: datetime
    """When, as local time with its UTC offset."""
    level: int
    """0 (no pain) to 10 (worst pain imaginable)."""
    areas: tuple[str, ...] = ()
    """Where, a subset of :data:`~tui.core.areas.AREAS`, in that order."""
    note: str | None = None
    routine: str | None = None
    """The routine's slug, for a rating given around a routine."""
    phase: Phase | None = None
    session: str | None = None
    """Links a before and an after rating of the same playback."""
    updated: datetime | None = None
    """When the entry was last changed (None: never, since it was made). Set by every edit;
    where copies of a journal disagree, the entry changed last wins (:mod:`.merge`)."""

    def __post_init__(self) -> None:
        clean, errors = _checked({name: getattr(self, name) for name in FIELDS})
        if errors:
            raise EntryError(errors)
        if clean["areas"] != self.areas:
            object.__setattr__(self, "areas", clean["areas"])

    @classmethod
    def from_table(cls, table: Mapping[str, object], *, version: int | None = None) -> Entry:
        """An entry from a TOML table; unknown and missing fields are errors too.

        With *version* (the file's), a field that version cannot hold is unknown as well.
        """
        errors = [
            FieldError(key, _did_you_mean(key), "unknown") for key in table if key not in FIELDS
        ]
        if version is not None:
            errors += [
                FieldError(key, f" (it needs 'version = {ADDED_IN[key]}' at the top)", "unknown")
                for key in table
                if ADDED_IN.get(key, 0) > version
            ]
        errors += [FieldError(key, "", "missing") for key in REQUIRED if key not in table]
        if errors:
            raise EntryError(errors)
        clean, errors = _checked(table)
        if errors:
            raise EntryError(errors)
        if cls is not Entry:
            return cls(**clean)
        return _Checked(**clean)  # type: ignore[return-value]  # an Entry: checked just now

    @property
    def day(self) -> date:
        """The local calendar day of the rating, as the person lived it."""
        return self.at.date()

    def to_json(self) -> dict[str, Any]:
        """The entry as JSON values: ``at`` in ISO 8601 with its offset, ``areas`` a list."""
        return {
            "id": self.id,
            "at": self.at.isoformat(),
            "level": self.level,
            "areas": list(self.areas),
            "note": self.note,
            "routine": self.routine,
            "phase": self.phase,
            "session": self.session,
            "updated": None if self.updated is None else self.updated.isoformat(),
        }


class _Checked:
    """Makes an :class:`Entry` from values already checked, without checking them again.

    It has Entry's exact slots and becomes an Entry as it is made (``__class__`` is
    assigned, which Python allows between classes of the same layout), so what it makes
    is an Entry in every way: equal, hashed, compared, copied and replaced alike. Only for
    values that :func:`_checked` returned, or that a cache keyed on the exact bytes they
    were checked from gives back (:mod:`tui.core.journal_index`). Making 100,000 entries
    this way takes a tenth of the time ``Entry(...)`` takes, which checks every field.
    """

    __slots__ = Entry.__slots__

    def __init__(
        self,
        id: str,
        at: datetime,
        level: int,
        areas: tuple[str, ...],
        note: str | None,
        routine: str | None,
        phase: Phase | None,
        session: str | None,
        updated: datetime | None,
    ) -> None:
        self.id = id
        self.at = at
        self.level = level
        self.areas = areas
        self.note = note
        self.routine = routine
        self.phase = phase
        self.session = session
        self.updated = updated
        self.__class__ = Entry  # type: ignore[assignment]


def checked_entries(*columns: Sequence[Any]) -> list[Entry]:
    """Entries made from already checked values, one sequence per field in :data:`FIELDS`
    order (``checked_entries(ids, ats, levels, ...)``), without checking them again (see
    :class:`_Checked`). The values must be exactly what checking them returned (areas in
    their normal order, as a tuple)."""
    made: list[Entry] = list(map(_Checked, *columns))  # type: ignore[arg-type]
    return made


@dataclass(frozen=True, slots=True)
class Tombstone:
    """A deleted entry: its id and when it was deleted. Kept in the journal so that an
    older copy of it (a sync conflict copy, a backup) cannot bring the entry back."""

    id: str
    deleted: datetime

    def __post_init__(self) -> None:
        errors = []
        try:
            _id(self.id)
        except ValueError as error:
            errors.append(FieldError("id", str(error)))
        try:
            _moment(self.deleted, "the date and time the entry was deleted")
        except ValueError as error:
            errors.append(FieldError("deleted", str(error)))
        if errors:
            raise EntryError(errors)


def change_time(now: datetime, previous: datetime | None = None) -> datetime:
    """The time to record for an edit or a deletion made *now* (to the second) of an entry
    last changed at *previous*: one second after *previous* when the clock says earlier, so
    that a change always wins over the version it was made from, even on a machine whose
    clock is behind the one that made that version."""
    moment = check_moment(now).replace(microsecond=0)
    if previous is not None and moment <= previous:
        moment = (previous + timedelta(seconds=1)).replace(microsecond=0)
        moment = moment.astimezone(now.tzinfo)
    return moment


def _did_you_mean(key: str) -> str:
    hints = closest(key, FIELDS, n=1)
    return f" (did you mean '{hints[0]}'?)" if hints else ""


def new_entry(
    level: int,
    areas: Iterable[str] = (),
    note: str | None = None,
    at: datetime | None = None,
    routine: str | None = None,
    phase: str | None = None,
    session: str | None = None,
) -> Entry:
    """A new entry with a fresh id. *at* defaults to now; a naive *at* is local time.

    Raises :class:`EntryError` (or :class:`~tui.core.when.MomentError` for a local time
    that never happened) for bad values. An empty or blank note is stored as no note.
    """
    if at is None:
        at = now_local()
    elif at.tzinfo is None:
        at = from_local(at).at
    if note is not None and not note.strip():
        note = None
    return Entry(
        id=new_id(),
        at=at,
        level=level,
        areas=tuple(areas),
        note=note,
        routine=routine,
        phase=phase,  # type: ignore[arg-type]  # checked by Entry
        session=session,
    )


def newest_first(entries: Iterable[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: e.at, reverse=True)


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
V0_FIELDS: tuple[str, ...] = ("date", "pain", "where", "comment")


def from_v0_table(table: Mapping[str, object], position: int) -> Entry:
    """A version 0 entry (the *position*-th in its file) as an entry of today's format."""
    errors = [
        FieldError(key, _did_you_mean_v0(key), "unknown") for key in table if key not in V0_FIELDS
    ]
    errors += [FieldError(key, "", "missing") for key in ("date", "pain") if key not in table]
    if errors:
        raise EntryError(errors)
    when_value = table["date"]
    level: object = table["pain"]
    where = table.get("where", [])
    comment = table.get("comment")
    if not isinstance(when_value, date):
        errors.append(
            FieldError("date", "must be a date like 2024-03-01 or a time like 2024-03-01T08:30:00")
        )
    try:
        check_level(level)
    except ValueError as error:
        errors.append(FieldError("pain", str(error)))
    if not isinstance(where, list) or not all(isinstance(w, str) for w in where):
        errors.append(FieldError("where", 'must be a list such as ["low-back", "hip"]'))
    else:
        for item in where:
            if item not in V0_AREAS:
                errors.append(
                    FieldError(
                        "where",
                        f"unknown area '{item}'; version 0 areas: {', '.join(V0_AREAS)}",
                    )
                )
    try:
        _text(comment, "comment")
    except ValueError as error:
        errors.append(FieldError("comment", str(error)))
    if errors:
        raise EntryError(errors)
    assert isinstance(when_value, date) and isinstance(where, list)
    when = (
        when_value if isinstance(when_value, datetime) else datetime.combine(when_value, time(12))
    )
    try:
        at = check_moment(_v0_moment(when))
    except MomentError as error:
        raise EntryError([FieldError("date", str(error))]) from None
    import hashlib  # only to read an old journal

    seed = f"v0:{position}:{when_value.isoformat()}:{level}:{comment or ''}"
    return Entry(
        id=hashlib.sha256(seed.encode("utf-8", "surrogatepass")).hexdigest()[:12],
        at=at.replace(microsecond=0),
        level=int(level),  # type: ignore[call-overload]
        areas=tuple(V0_AREAS[item] for item in where),
        note=comment if isinstance(comment, str) else None,
    )


def _v0_moment(when: datetime) -> datetime:
    """A version 0 time with the machine's offset for it, as version 0 did (never refused
    for a daylight-saving gap), rounded to a whole-minute offset (local mean time)."""
    if when.tzinfo is None:
        if not FIRST_YEAR <= when.year <= LAST_YEAR:
            raise MomentError(
                f"is in the year {when.year}; a rating's time must be from {FIRST_YEAR} to "
                f"{LAST_YEAR}"
            )
        try:
            when = when.astimezone()
        except (OverflowError, ValueError, OSError):
            raise MomentError("cannot be stored: it is too near the end of the calendar") from None
    offset = when.utcoffset()
    if offset is not None and offset % timedelta(minutes=1):
        minutes = round(offset / timedelta(minutes=1))
        when = when.replace(tzinfo=timezone(timedelta(minutes=minutes)))
    return when


def _did_you_mean_v0(key: str) -> str:
    hints = closest(key, V0_FIELDS, n=1)
    return f" (did you mean '{hints[0]}'?)" if hints else ""

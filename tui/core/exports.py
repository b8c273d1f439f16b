"""acupress's own CSV and JSON exports: writing them, and reading them back exactly.

CSV cells that a spreadsheet would run as a formula are neutralised as OWASP recommends
(https://owasp.org/www-community/attacks/CSV_Injection): every cell is quoted, and a cell
that starts with ``=``, ``+``, ``-``, ``@``, tab, carriage return or line feed gets a
leading ``'``, which spreadsheets take as "this is text". So that this stays reversible,
a cell that already starts with ``'`` followed (after any more ``'``) by one of those
characters gets one as well; reading takes exactly one ``'`` off such a cell and leaves
every other cell alone. The round trip is lossless for any text.

Reading is driven by :data:`COLUMNS`, one line per column: a field that acupress starts
to export needs one line there. A column listed there but not (yet) an entry field is
skipped quietly; a column nobody knows is skipped and named in the result.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from tui.core.journal.entry import FIELDS as ENTRY_FIELDS
from tui.core.journal.entry import Entry, EntryError
from tui.core.problems import Problem, ProblemError

CSV_FIELDS = ENTRY_FIELDS
"""The CSV columns, in order: every field of an entry."""
AREA_SEPARATOR = ";"

FORMULA_START = "=+-@\t\r\n"
_NEUTRALISED = re.compile(f"^'*[{re.escape(FORMULA_START)}]")
_RESTORABLE = re.compile(f"^'+[{re.escape(FORMULA_START)}]")


def neutralise(cell: str) -> str:
    """*cell* as a spreadsheet will show but never run it (see the module docstring)."""
    return "'" + cell if _NEUTRALISED.match(cell) else cell


def restore(cell: str) -> str:
    """The inverse of :func:`neutralise`."""
    return cell[1:] if _RESTORABLE.match(cell) else cell


def to_csv(entries: Iterable[Entry]) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out, quoting=csv.QUOTE_ALL)
    writer.writerow(CSV_FIELDS)
    for entry in entries:
        data = entry.to_json()
        data["areas"] = AREA_SEPARATOR.join(entry.areas)
        writer.writerow(
            [neutralise("" if data[key] is None else str(data[key])) for key in CSV_FIELDS]
        )
    return out.getvalue()


def to_json(entries: Iterable[Entry]) -> str:
    return json.dumps([e.to_json() for e in entries], ensure_ascii=False, indent=2) + "\n"


# --- reading -------------------------------------------------------------------------------


def _text(value: object) -> object:
    return value


def _optional(value: object) -> object:
    """CSV has no null: an empty cell is no value."""
    return None if value == "" else value


def _moment(value: object) -> object:
    if isinstance(value, str) and value:
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            pass  # the entry's own check says what is wrong
    return value


def _optional_moment(value: object) -> object:
    return _moment(_optional(value))


def _whole_number(value: object) -> object:
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return int(value)
    return value


def _areas(value: object) -> object:
    if isinstance(value, str):
        return [part for part in value.split(AREA_SEPARATOR) if part] if value else []
    return value


@dataclass(frozen=True, slots=True)
class Field:
    """How one export column is read back into an entry's field."""

    read: Callable[[object], object]
    """A CSV cell (text) or a JSON value as the entry field's value."""


COLUMNS: dict[str, Field] = {
    "id": Field(_text),
    "at": Field(_moment),
    "level": Field(_whole_number),
    "areas": Field(_areas),
    "note": Field(_optional),
    "routine": Field(_optional),
    "phase": Field(_optional),
    "session": Field(_optional),
    "updated": Field(_optional_moment),  # the time of the last edit, in later versions
}


@dataclass
class Imported:
    """What an export file holds."""

    entries: list[Entry]
    format: str
    """"csv" or "json"."""
    ignored: list[str] = field(default_factory=list)
    """Columns or keys that acupress does not know, skipped."""


def guess_format(path: Path, text: str) -> str:
    suffix = path.suffix.lower()
    if suffix in (".csv", ".json"):
        return suffix[1:]
    return "json" if text.lstrip().startswith("[") else "csv"


def read_export(raw: bytes, path: Path, format: str | None = None) -> Imported:
    """Every entry of an acupress CSV or JSON export, or :class:`ProblemError` with located
    problems (``FILE:LINE: ...``) and no entries at all."""
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark, as spreadsheets write, is fine
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ProblemError([Problem(path, line, "is not UTF-8 text")]) from None
    format = format or guess_format(path, text)
    rows: Sequence[tuple[int, Mapping[str, object]]] = (
        _csv_rows(text, path) if format == "csv" else _json_rows(text, path)
    )
    known = set(ENTRY_FIELDS)
    ignored: list[str] = []
    entries: list[Entry] = []
    problems: list[Problem] = []
    first_line: dict[str, int] = {}
    for number, (line, row) in enumerate(rows, start=1):
        data: dict[str, object] = {}
        for key, value in row.items():
            reader = COLUMNS.get(key)
            if reader is None:
                if key not in ignored:
                    ignored.append(key)
            elif key in known:
                data[key] = reader.read(value)
        try:
            entry = Entry.from_table(data)
        except EntryError as error:
            problems.extend(Problem(path, line, f"entry {number}: {item}") for item in error.errors)
            continue
        if entry.id in first_line:
            problems.append(
                Problem(
                    path,
                    line,
                    f"entry {number}: id '{entry.id}' is already used on line "
                    f"{first_line[entry.id]}",
                )
            )
            continue
        first_line[entry.id] = line
        entries.append(entry)
    if problems:
        raise ProblemError(problems)
    return Imported(entries, format, ignored)


def _csv_rows(text: str, path: Path) -> list[tuple[int, dict[str, str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if header is None:
            return []
        missing = [name for name in ("id", "at", "level") if name not in header]
        if missing:
            raise ProblemError(
                [
                    Problem(
                        path,
                        1,
                        f"not an acupress CSV export: no column {', '.join(missing)} "
                        f"(the first line should be {','.join(CSV_FIELDS)})",
                    )
                ]
            )
        rows = []
        start = reader.line_num + 1
        for cells in reader:
            if cells:  # a blank line is no entry
                if len(cells) != len(header):
                    raise ProblemError(
                        [
                            Problem(
                                path,
                                start,
                                f"{len(cells)} cells where the header has {len(header)}",
                            )
                        ]
                    )
                rows.append((start, {k: restore(v) for k, v in zip(header, cells, strict=True)}))
            start = reader.line_num + 1
        return rows
    except csv.Error as error:
        raise ProblemError([Problem(path, reader.line_num, f"not valid CSV: {error}")]) from None


def _json_rows(text: str, path: Path) -> list[tuple[int, dict[str, object]]]:
    """The array's objects with the line each starts on (a small scan over raw_decode)."""
    decoder = json.JSONDecoder()
    space = re.compile(r"[ \t\n\r]*")

    def skip(at: int) -> int:
        match = space.match(text, at)
        return at if match is None else match.end()

    def fail(at: int, message: str) -> ProblemError:
        return ProblemError([Problem(path, text.count("\n", 0, at) + 1, message)])

    position = skip(0)
    if not text.startswith("[", position):
        raise fail(position, "not an acupress JSON export: it should be a list of entries")
    position = skip(position + 1)
    rows: list[tuple[int, dict[str, object]]] = []
    if text.startswith("]", position):
        position += 1
    else:
        while True:
            try:
                value, end = decoder.raw_decode(text, position)
            except json.JSONDecodeError as error:
                raise fail(error.pos, f"not valid JSON: {error.msg}") from None
            if not isinstance(value, dict):
                raise fail(position, f"entry {len(rows) + 1}: should be an object {{...}}")
            rows.append((text.count("\n", 0, position) + 1, value))
            position = skip(end)
            if text.startswith(",", position):
                position = skip(position + 1)
            elif text.startswith("]", position):
                position += 1
                break
            else:
                raise fail(position, "not valid JSON: expected ',' or ']'")
    if text[position:].strip():
        raise fail(position, "not valid JSON: something follows the list")
    return rows


def differences(a: Entry, b: Entry) -> list[str]:
    """The fields in which two entries with the same id differ (an empty note is no note)."""
    left, right = _comparable(a), _comparable(b)
    return [key for key in left if left[key] != right.get(key)]


def _comparable(entry: Entry) -> dict[str, object]:
    data: dict[str, object] = {name: getattr(entry, name) for name in ENTRY_FIELDS}
    if data.get("note") == "":
        data["note"] = None
    at = data["at"]
    if isinstance(at, datetime):
        data["at"] = at.isoformat()  # the same instant at another offset is a difference
    return data

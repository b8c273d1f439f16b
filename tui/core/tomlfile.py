"""Reading TOML files that people edit by hand, with errors that point at a line.

``tomllib`` gives values but no positions, so :func:`line_index` scans the
source once and maps each table, array-of-tables entry and key to the line it
starts on. Pydantic error locations such as ``("steps", 2, "secnds")`` are then
turned into ``PATH:LINE: message`` problems by :func:`validation_problems`.
"""

from __future__ import annotations

import re
import tomllib
import types
import typing
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

if TYPE_CHECKING:
    from pydantic import BaseModel, ValidationError

from tui.core.problems import Problem, ProblemError

Loc = tuple[str | int, ...]

_BARE_KEY = r"[A-Za-z0-9_-]+"
_QUOTED_KEY = r"\"(?:[^\"\\]|\\.)*\"|'[^']*'"
_KEY_PART = rf"(?:{_BARE_KEY}|{_QUOTED_KEY})"
_DOTTED_KEY = rf"{_KEY_PART}(?:\s*\.\s*{_KEY_PART})*"
# Compiled where first used (re caches them): a command that reads a valid file never needs them.
_TABLE_RE = rf"^\s*\[\s*({_DOTTED_KEY})\s*\]\s*(?:#.*)?$"
_ARRAY_TABLE_RE = rf"^\s*\[\[\s*({_DOTTED_KEY})\s*\]\]\s*(?:#.*)?$"
_KEY_RE = rf"^\s*({_DOTTED_KEY})\s*="
_TOML_ERROR_RE = r"\(at line (\d+), column (\d+)\)"


def _split_key(dotted: str) -> tuple[str, ...]:
    parts = re.findall(_KEY_PART, dotted)
    return tuple(p[1:-1] if p[:1] in "\"'" else p for p in parts)


def line_index(source: str) -> dict[Loc, int]:
    """Map every table, array-of-tables entry and key in *source* to its 1-based line.

    Best effort for hand-written files: multi-line strings are skipped, inline
    tables and arrays are indexed by the key that holds them.
    """
    index: dict[Loc, int] = {}
    counts: dict[tuple[str, ...], int] = {}
    current: Loc = ()
    in_multiline: str | None = None
    array_table_re, table_re, key_re = map(re.compile, (_ARRAY_TABLE_RE, _TABLE_RE, _KEY_RE))
    # TOML lines end at "\n" only: str.splitlines() would also split at form feeds,
    # NEL and other separators that may sit inside strings, shifting every line after.
    for number, line in enumerate(source.split("\n"), start=1):
        if in_multiline is not None:
            if line.count(in_multiline) % 2 == 1:
                in_multiline = None
            continue
        if match := array_table_re.match(line):
            key = _split_key(match.group(1))
            position = counts.get(key, 0)
            counts[key] = position + 1
            current = _array_path(key, counts)
            index.setdefault(current, number)
            continue
        if match := table_re.match(line):
            current = _array_path(_split_key(match.group(1)), counts)
            index.setdefault(current, number)
            continue
        if match := key_re.match(line):
            path = current + _split_key(match.group(1))
            index.setdefault(path, number)
            rest = line[match.end() :]
            for quote in ('"""', "'''"):
                if rest.count(quote) % 2 == 1:
                    in_multiline = quote
                    break
    return index


def _array_path(key: tuple[str, ...], counts: Mapping[tuple[str, ...], int]) -> Loc:
    """Turn a table key into a location, adding the index of any enclosing array of tables."""
    path: list[str | int] = []
    for depth in range(1, len(key) + 1):
        path.append(key[depth - 1])
        prefix = key[:depth]
        if prefix in counts:
            path.append(counts[prefix] - 1)
    return tuple(path)


def line_of(index: Mapping[Loc, int], loc: Loc) -> int | None:
    """The line of *loc*, or of its nearest enclosing key or table."""
    for end in range(len(loc), 0, -1):
        if (line := index.get(loc[:end])) is not None:
            return line
    return None


def read_toml(path: Path) -> tuple[dict[str, Any], str]:
    """Read and parse the regular file *path*; raise :class:`ProblemError` with a located message."""
    from tui.core.files import read_regular

    raw = read_regular(path)
    if raw is None:
        raise ProblemError([Problem(path, None, "no such file")])
    return parse_toml(raw, path), decode(raw, path)


BOM = "\ufeff"


def decode(raw: bytes, path: Path | str) -> str:
    """*raw* as text (a UTF-8 byte-order mark dropped), or a problem naming the bad byte."""
    try:
        source = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ProblemError(
            [
                Problem(
                    path,
                    line,
                    f"not valid UTF-8 text (byte {error.start + 1}); save the file as UTF-8",
                )
            ]
        ) from None
    return source.removeprefix(BOM)


def parse_toml(raw: bytes, path: Path | str) -> dict[str, Any]:
    """Parse TOML bytes, turning decoding and syntax errors into problems."""
    source = decode(raw, path)
    try:
        return tomllib.loads(source)
    except RecursionError:
        raise ProblemError(
            [Problem(path, None, "TOML syntax error: arrays or tables nested too deeply")]
        ) from None
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        where: int | None = None
        if match := re.search(_TOML_ERROR_RE, message):
            where = int(match.group(1))
            column = int(match.group(2))
            message = re.sub(_TOML_ERROR_RE, "", message).strip()
            message = f"TOML syntax error at column {column}: {message}"
        else:
            message = f"TOML syntax error: {message}"
        raise ProblemError([Problem(path, where, message)]) from None


def format_loc(loc: Loc) -> str:
    """``("steps", 2, "seconds")`` -> ``steps[3].seconds`` (1-based, as people count)."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + part
    return out


def _fields_at(model: type[BaseModel], loc: Loc) -> list[str]:
    """Best-effort: the field names a model accepts at *loc* (for "did you mean")."""
    from pydantic import BaseModel  # only when reporting an error: pydantic is slow to import

    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int):
            args = typing.get_args(current)
            current = args[0] if args else None
        elif isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(part)
            current = field.annotation if field else None
        else:
            return []
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _unwrap(annotation: Any) -> Any:
    """Strip Optional/Union down to the first BaseModel or list inside it."""
    from pydantic import BaseModel

    origin = typing.get_origin(annotation)
    if origin in (Union, types.UnionType):
        for arg in typing.get_args(annotation):
            inner = _unwrap(arg)
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                return inner
            if typing.get_origin(inner) is list:
                return inner
        return None
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    return annotation


def closest(word: str, choices: Iterable[str], n: int = 3) -> list[str]:
    """Close matches for *word* among *choices*, best first (case-insensitive)."""
    import difflib  # for a message about a mistake: not on every command's path

    by_fold = {c.casefold(): c for c in choices}
    return [
        by_fold[m] for m in difflib.get_close_matches(word.casefold(), by_fold, n=n, cutoff=0.6)
    ]


def unknown_choice(kind: str, value: str, choices: Iterable[str]) -> str:
    """``unknown area 'lowr-back' (did you mean 'lower-back'?); choose from: ...``."""
    options = list(choices)
    message = f"unknown {kind} '{value}'"
    if hints := closest(value, options, n=1):
        message += f" (did you mean '{hints[0]}'?)"
    return f"{message}; choose from: {', '.join(options)}"


def describe_error(error: Mapping[str, Any], model: type[BaseModel] | None = None) -> str:
    """One pydantic error as a sentence a person can act on."""
    loc: Loc = tuple(error.get("loc", ()))
    kind = error.get("type", "")
    field = format_loc(loc)
    if kind == "extra_forbidden" and loc:
        name = str(loc[-1])
        message = f"unknown field '{field}'"
        if model is not None and (hints := closest(name, _fields_at(model, loc[:-1]), n=1)):
            message += f" (did you mean '{hints[0]}'?)"
        return message
    if kind == "missing":
        return f"missing field '{field}'"
    text = str(error.get("msg", "invalid value"))
    if text.startswith("Value error, "):
        text = text[len("Value error, ") :]
    elif text.startswith("Assertion failed, "):
        text = text[len("Assertion failed, ") :]
    text = text[:1].lower() + text[1:]
    return f"{field}: {text}" if field else text


# Names pydantic puts into error locations for union members and validators.
_PYDANTIC_TAGS = frozenset(
    {"str", "int", "float", "bool", "bytes", "list", "dict", "tuple", "set", "none", "any", "json"}
)


def _is_tag(part: str) -> bool:
    return part[:1].isupper() or part[:1] == "_" or "[" in part or part in _PYDANTIC_TAGS


def file_loc(loc: Loc, index: Mapping[Loc, int], kind: str = "") -> Loc:
    """Drop the parts of a pydantic *loc* that name types, not keys of the file.

    Pydantic adds union member names (``str``, ``BreathingPattern``) and validator
    tags (``function-after[...]``) to locations. A part that looks like one is
    dropped unless the file really has a key of that name there; the last part of
    an ``extra_forbidden`` location is always kept, since it is the unknown key itself.
    """
    kept: list[str | int] = []
    for number, part in enumerate(loc):
        if isinstance(part, int):
            kept.append(part)
            continue
        is_unknown_key = kind == "extra_forbidden" and number == len(loc) - 1
        if _is_tag(part) and not is_unknown_key and (*kept, part) not in index:
            continue
        kept.append(part)
    return tuple(kept)


def validation_problems(
    path: Path | str,
    source: str,
    error: ValidationError,
    model: type[BaseModel] | None = None,
    *,
    prefix: Loc = (),
) -> list[Problem]:
    """Turn a pydantic :class:`ValidationError` into located problems, in file order."""
    index = line_index(source)
    problems = []
    for item in error.errors():
        loc = file_loc(prefix + tuple(item.get("loc", ())), index, str(item.get("type", "")))
        shown = dict(item)
        shown["loc"] = loc
        problems.append(Problem(path, line_of(index, loc), describe_error(shown, model)))
    problems.sort(key=lambda p: p.line or 0)
    return problems

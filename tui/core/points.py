"""The acupressure point catalogue: the point type, loading and search.

The catalogue is data (``tui/data/points.toml``). Locations follow the WHO
Standard Acupuncture Point Locations (2008); each point lists the ids of its
sources, which must exist in the catalogue's ``[sources]`` table.

Points are plain frozen dataclasses so that the app can show its first screen
without importing pydantic (a fifth of the start-up budget). The file is still
validated by pydantic models (:mod:`tui.core.point_schema`): :func:`load_catalogue`
does it before returning, unless asked for the quick read that the app does
before its first paint and follows with a full check in the background.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from tui.core import paths

# Regions say where on the body a point is; uses say what it is traditionally used for.
from tui.core.areas import REGIONS as REGIONS
from tui.core.areas import USES as USES
from tui.core.problems import Problem, ProblemError
from tui.core.tomlfile import closest, read_toml

MapView = Literal["back", "sacrum", "hand", "leg"]  # the views in tui.core.bodymap.VIEWS
Pregnancy = Literal["avoid", "gentle"]
"""A point's pregnancy caution: traditionally left out, or gentle pressure only."""
PREGNANCY_LEVELS: tuple[str, ...] = ("avoid", "gentle")


PREGNANCY_FALLBACK: dict[str, str] = {
    "avoid": "Traditionally avoided in pregnancy (a caution from tradition, not from trial "
    "evidence): if you are pregnant, leave this point out.",
    "gentle": "In pregnancy, gentle pressure only here (a caution from tradition, not from "
    "trial evidence).",
}


def _texts(values: list[str]) -> tuple[str, ...]:
    return tuple(value.strip() for value in values)


@dataclass(frozen=True, slots=True)
class MapPlace:
    """Where the point is drawn: a view of the body map and the cells to mark (column, row)."""

    view: MapView
    marks: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class Point:
    """One point, as validated by :class:`tui.core.point_schema.PointRecord`."""

    code: str
    aliases: tuple[str, ...]
    pinyin: str
    hanzi: str
    name: str
    meridian: str
    region: str
    location: str
    how_to_find: str
    technique: str
    max_hold_seconds: int
    """The longest one continuous hold on this point should last (routines are checked)."""
    uses: tuple[str, ...]
    cautions: tuple[str, ...]
    pregnancy: Pregnancy | None
    """``"avoid"``: traditionally left out in pregnancy; ``"gentle"``: gentle pressure only."""
    notes: str
    sources: tuple[str, ...]
    map: MapPlace

    @classmethod
    def from_toml(cls, table: dict[str, Any]) -> Point:
        """A point from its ``[[points]]`` table, trusting the shapes (no validation).

        Raises ``KeyError``, ``TypeError`` or ``ValueError`` where the table is not even
        the right shape; :mod:`tui.core.point_schema` says precisely what is wrong.
        """
        place = table["map"]
        strings = {
            name: table[name]
            for name in (
                "code",
                "pinyin",
                "hanzi",
                "name",
                "meridian",
                "region",
                "location",
                "how_to_find",
                "technique",
            )
        }
        for name, value in strings.items():
            if not isinstance(value, str):
                raise TypeError(f"{name} is not text")
        hold = table["max_hold_seconds"]
        if not isinstance(hold, int) or isinstance(hold, bool):
            raise TypeError("max_hold_seconds is not a whole number")
        pregnancy = table.get("pregnancy")
        if pregnancy is not None and pregnancy not in PREGNANCY_LEVELS:
            raise ValueError("pregnancy is not 'avoid' or 'gentle'")
        return cls(
            **{name: value.strip() for name, value in strings.items()},
            aliases=_texts(table.get("aliases", [])),
            uses=_texts(table["uses"]),
            cautions=_texts(table.get("cautions", [])),
            max_hold_seconds=hold,
            pregnancy=pregnancy,
            notes=str(table.get("notes", "")),
            sources=_texts(table["sources"]),
            map=MapPlace(view=place["view"], marks=tuple((c, r) for c, r in place["marks"])),
        )

    @property
    def pregnancy_caution(self) -> bool:
        """Whether the point carries a pregnancy caution (its ``pregnancy`` field is set)."""
        return self.pregnancy is not None

    @property
    def pregnancy_text(self) -> str:
        """The caution that tells what to do in pregnancy ("" when there is none).

        The ``pregnancy`` field decides whether there is one; the text shown is the
        point's own caution about it (the catalogue's tests keep the two in step).
        """
        if self.pregnancy is None:
            return ""
        for caution in self.cautions:
            if "pregnan" in caution.casefold():
                return caution
        return PREGNANCY_FALLBACK[self.pregnancy]

    @property
    def title(self) -> str:
        """``LI4 Hegu`` as shown in lists and cues."""
        return f"{self.code} {self.pinyin}"

    def to_json(self) -> dict[str, Any]:
        """Every field, as JSON values (lists for tuples)."""
        data: dict[str, Any] = dataclasses.asdict(self)
        for key, value in data.items():
            if isinstance(value, tuple):
                data[key] = list(value)
        data["map"]["marks"] = [list(mark) for mark in self.map.marks]
        return data


def fold(text: str) -> str:
    """Lower-case and strip tone marks and punctuation: ``Hégǔ`` -> ``hegu``."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "", bare)


def _words(text: str) -> list[str]:
    return [fold(w) for w in re.split(r"[\s/,;()-]+", text) if fold(w)]


class Catalogue:
    """The validated points, indexed by code and alias."""

    def __init__(
        self,
        points: list[Point],
        sources: dict[str, str],
        *,
        path: Path | None = None,
        checked: bool = True,
    ) -> None:
        self.points = points
        self.sources = sources
        self.path = path
        """The file it was read from, if any."""
        self.checked = checked
        """False for the quick read (:func:`load_catalogue` with ``checked=False``)."""
        self._by_key: dict[str, Point] = {}
        for point in points:
            for key in (point.code, *point.aliases):
                self._by_key[fold(key)] = point

    def __len__(self) -> int:
        return len(self.points)

    def __iter__(self) -> Iterator[Point]:
        return iter(self.points)

    def get(self, code: str) -> Point | None:
        """A point by code or alias, in any case and spacing (``li 4``, ``ap1``)."""
        return self._by_key.get(fold(code))

    def require(self, code: str) -> Point:
        point = self.get(code)
        if point is None:
            raise KeyError(self.unknown_message(code))
        return point

    def unknown_message(self, code: str) -> str:
        hints = self.closest_codes(code)
        message = f"no point '{code}'"
        if hints:
            message += f"; closest: {', '.join(hints)}"
        return message

    def closest_codes(self, code: str, n: int = 3) -> list[str]:
        keys = [p.code for p in self.points] + [a for p in self.points for a in p.aliases]
        found = closest(code, keys, n=n)
        if not found:
            # Same meridian prefix, nearest number: XX99 has no close neighbour, LI44 does.
            prefix = re.match(r"[A-Za-z-]+", code)
            if prefix:
                found = [p.code for p in self.points if p.code.startswith(prefix.group().upper())][
                    :n
                ]
        codes: list[str] = []
        for key in found:
            point = self.get(key)
            if point and point.code not in codes:
                codes.append(point.code)
        return codes

    def citations(self, point: Point) -> list[str]:
        return [self.sources[s] for s in point.sources]

    @cached_property
    def _search_fields(self) -> list[tuple[Point, dict[str, list[str]]]]:
        rows = []
        for point in self.points:
            rows.append(
                (
                    point,
                    {
                        "code": [fold(point.code), *(fold(a) for a in point.aliases)],
                        "pinyin": [fold(point.pinyin)],
                        "name": [*_words(point.name), fold(point.name)],
                        "tags": [
                            fold(point.region),
                            *(fold(u) for u in point.uses),
                            *_words(point.region.replace("-", " ")),
                        ],
                        "meridian": _words(point.meridian),
                    },
                )
            )
        return rows

    def search(
        self, query: str, *, region: str | None = None, use: str | None = None
    ) -> list[Point]:
        """Points matching *query*, best match first; an empty query lists every point.

        Each word of the query must match some field; codes and aliases weigh most,
        then pinyin, English name, region and uses.
        """
        terms = [fold(t) for t in query.split() if fold(t)]
        if not terms:  # every point, in catalogue order: no need for the search fields
            return [p for p in self.points if _passes(p, region, use)]
        whole = fold(query)
        scored: list[tuple[int, int, Point]] = []
        for order, (point, fields) in enumerate(self._search_fields):
            if not _passes(point, region, use):
                continue
            score = 0
            if whole in fields["code"]:
                score += 1000
            elif whole and whole == fields["pinyin"][0]:
                score += 900
            matched_all = True
            for term in terms:
                best = _term_score(term, fields)
                if best == 0:
                    matched_all = False
                    break
                score += best
            if matched_all or score >= 900:
                scored.append((-score, order, point))
        scored.sort(key=lambda row: (row[0], row[1]))
        return [point for _, _, point in scored]


def _passes(point: Point, region: str | None, use: str | None) -> bool:
    return (not region or point.region == region) and (not use or use in point.uses)


def _term_score(term: str, fields: dict[str, list[str]]) -> int:
    best = 0
    weights = {"code": 100, "pinyin": 80, "name": 60, "tags": 50, "meridian": 20}
    for field, values in fields.items():
        weight = weights[field]
        for value in values:
            if value == term:
                best = max(best, weight)
            elif value.startswith(term) and (field != "code" or len(term) >= 2):
                best = max(best, weight // 2)
            elif len(term) >= 4 and term in value:
                best = max(best, weight // 4)
    return best


def load_catalogue(path: Path | None = None, *, checked: bool = True) -> Catalogue:
    """Load the catalogue; raise :class:`ProblemError` with located messages if it is invalid.

    ``checked=False`` is the quick read for the app's first paint: it builds the
    points straight from the TOML without importing pydantic, and falls back to
    the full check only if the file is not even the right shape. Whoever asks for
    it must run :func:`check_catalogue` soon after.
    """
    path = path or paths.catalogue_file()
    data, source = read_toml(path)
    if not checked:
        try:
            points = [Point.from_toml(table) for table in data["points"]]
            sources = {str(key): str(value) for key, value in data["sources"].items()}
            return Catalogue(points, sources, path=path, checked=False)
        except (KeyError, TypeError, ValueError, AttributeError):
            pass  # the full check below says exactly what is wrong
    from tui.core.point_schema import validate_catalogue

    return validate_catalogue(data, source, path)


def check_catalogue(path: Path | None = None) -> list[Problem]:
    """Every problem in the catalogue file (none when it is valid)."""
    try:
        load_catalogue(path)
    except ProblemError as error:
        return list(error.problems)
    return []

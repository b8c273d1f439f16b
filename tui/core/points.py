"""The acupressure point catalogue: pydantic models, loading and search.

The catalogue is data (``tui/data/points.toml``), validated here when loaded.
Locations follow the WHO Standard Acupuncture Point Locations (2008); each
point lists the ids of its sources, which must exist in the catalogue's
``[sources]`` table.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

from tui.core import bodymap, paths
from tui.core.problems import Problem, ProblemError
from tui.core.tomlfile import closest, line_index, line_of, read_toml, validation_problems

# Regions say where on the body a point is; uses say what it is traditionally used for.
REGIONS: tuple[str, ...] = (
    "head",
    "neck",
    "shoulder",
    "upper-back",
    "lower-back",
    "buttock",
    "hand",
    "knee",
    "lower-leg",
    "ankle",
    "foot",
)
USES: tuple[str, ...] = (
    "lower-back",
    "upper-back",
    "sciatica",
    "neck",
    "shoulder",
    "hip",
    "leg",
    "headache",
    "relaxation",
)
MapView = Literal["back", "hand", "leg"]  # the views in tui.core.bodymap.VIEWS
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Code = Annotated[
    str, StringConstraints(pattern=r"^[A-Z]{2,3}[0-9]{1,2}$|^EX-[A-Z]{2,3}[0-9]{1,2}$")
]


class Strict(BaseModel):
    """Base for every model read from a file: unknown fields are errors, never ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class MapPlace(Strict):
    """Where the point is drawn: a view of the body map and the cells to mark (column, row)."""

    view: MapView
    marks: list[tuple[int, int]] = Field(min_length=1, max_length=4)


class Point(Strict):
    code: Code
    aliases: list[Text] = []
    pinyin: Text
    hanzi: Text
    name: Text
    meridian: Text
    region: Text
    location: Text
    how_to_find: Text
    technique: Text
    uses: list[Text] = Field(min_length=1)
    cautions: list[Text] = []
    notes: str = ""
    sources: list[Text] = Field(min_length=1)
    map: MapPlace

    @model_validator(mode="after")
    def _known_tags(self) -> Point:
        if self.region not in REGIONS:
            raise ValueError(f"region '{self.region}' is not one of {', '.join(REGIONS)}")
        unknown = [u for u in self.uses if u not in USES]
        if unknown:
            raise ValueError(f"unknown use {unknown[0]!r}; uses are {', '.join(USES)}")
        return self

    @property
    def pregnancy_caution(self) -> bool:
        return any("pregnan" in c.casefold() for c in self.cautions)

    @property
    def title(self) -> str:
        """``LI4 Hegu`` as shown in lists and cues."""
        return f"{self.code} {self.pinyin}"


class CatalogueFile(Strict):
    version: Literal[1]
    sources: dict[str, Text]
    points: list[Point] = Field(min_length=1)


def fold(text: str) -> str:
    """Lower-case and strip tone marks and punctuation: ``Hégǔ`` -> ``hegu``."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "", bare)


def _words(text: str) -> list[str]:
    return [fold(w) for w in re.split(r"[\s/,;()-]+", text) if fold(w)]


class Catalogue:
    """The validated points, indexed by code and alias."""

    def __init__(self, points: list[Point], sources: dict[str, str]) -> None:
        self.points = points
        self.sources = sources
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
        whole = fold(query)
        scored: list[tuple[int, int, Point]] = []
        for order, (point, fields) in enumerate(self._search_fields):
            if region and point.region != region:
                continue
            if use and use not in point.uses:
                continue
            if not terms:
                scored.append((0, order, point))
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


def load_catalogue(path: Path | None = None) -> Catalogue:
    """Load and validate the catalogue; raise :class:`ProblemError` with located messages."""
    path = path or paths.catalogue_file()
    data, source = read_toml(path)
    try:
        parsed = CatalogueFile.model_validate(data)
    except ValidationError as error:
        raise ProblemError(validation_problems(path, source, error, CatalogueFile)) from None
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    index = line_index(source)
    for i, point in enumerate(parsed.points):
        for key in (point.code, *point.aliases):
            folded = fold(key)
            if folded in seen:
                problems.append(
                    Problem(
                        path,
                        line_of(index, ("points", i)),
                        f"'{key}' is already used by {seen[folded]}",
                    )
                )
            seen[folded] = point.code
        for mark in point.map.marks:
            if (why := bodymap.mark_problem(point.map.view, mark)) is not None:
                problems.append(
                    Problem(
                        path, line_of(index, ("points", i, "map", "marks")), f"{point.code}: {why}"
                    )
                )
        for source_id in point.sources:
            if source_id not in parsed.sources:
                problems.append(
                    Problem(
                        path,
                        line_of(index, ("points", i, "sources")),
                        f"{point.code}: unknown source '{source_id}'",
                    )
                )
    if problems:
        raise ProblemError(problems)
    return Catalogue(parsed.points, dict(parsed.sources))

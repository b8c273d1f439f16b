"""The pydantic schema of ``points.toml``: every field checked, every problem located.

:func:`validate_catalogue` checks a parsed file against these models, then what a
model cannot see on its own (unique codes and aliases, marks inside the body map,
known source ids), and builds the plain :class:`tui.core.points.Point` values the
rest of the app uses. ``tests/test_catalogue.py`` checks that :class:`PointRecord`
and :class:`~tui.core.points.Point` keep the same fields.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
)

from tui.core import bodymap
from tui.core.points import REGIONS, USES, Catalogue, MapView, Point, Pregnancy, fold
from tui.core.problems import Problem, ProblemError
from tui.core.tomlfile import line_index, line_of, validation_problems

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Code = Annotated[
    str, StringConstraints(pattern=r"^[A-Z]{2,3}[0-9]{1,2}$|^EX-[A-Z]{1,3}[0-9]{1,2}$")
]


class Strict(BaseModel):
    """Base for every model read from a file: unknown fields are errors, never ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class MapPlaceRecord(Strict):
    view: MapView
    # Up to ten cells: EX-B2 is a row of points beside each vertebra.
    marks: list[tuple[int, int]] = Field(min_length=1, max_length=10)


class PointRecord(Strict):
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
    # One continuous hold, in seconds: routines that hold the point longer get a warning.
    max_hold_seconds: int = Field(strict=True, ge=10, le=600)
    uses: list[Text] = Field(min_length=1)
    cautions: list[Text] = []
    pregnancy: Pregnancy | None = None
    notes: str = ""
    sources: list[Text] = Field(min_length=1)
    map: MapPlaceRecord

    @field_validator("region")
    @classmethod
    def _known_region(cls, region: str) -> str:
        if region not in REGIONS:
            raise ValueError(f"region '{region}' is not one of {', '.join(REGIONS)}")
        return region

    @field_validator("uses")
    @classmethod
    def _known_uses(cls, uses: list[str]) -> list[str]:
        unknown = [u for u in uses if u not in USES]
        if unknown:
            raise ValueError(f"unknown use {unknown[0]!r}; uses are {', '.join(USES)}")
        return uses

    def to_point(self) -> Point:
        # The checked record has the file's shape, so the quick reader builds it.
        return Point.from_toml(self.model_dump())


class CatalogueFile(Strict):
    version: Literal[1]
    sources: dict[str, Text]
    points: list[PointRecord] = Field(min_length=1)


def validate_catalogue(data: dict[str, Any], source: str, path: Path) -> Catalogue:
    """The catalogue in *data* (parsed from *source*, read from *path*), fully checked.

    Raises :class:`ProblemError` listing every problem with its line.
    """
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
    return Catalogue([p.to_point() for p in parsed.points], dict(parsed.sources), path=path)

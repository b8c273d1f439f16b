"""The pydantic schema of a routine file: every field checked, every problem located.

:func:`validate_routine` checks parsed TOML against these models and builds the
plain :class:`tui.core.routines.Routine` the rest of the app uses, through the same
reader as the quick path. Imported only when a file is validated: building these
models is most of what validating costs. The safety bounds are the functions of
:mod:`tui.core.breathing` and :mod:`tui.core.routines` that the dataclasses check
too. ``tests/test_routines.py`` checks that the records and the dataclasses keep the
same fields.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
)

from tui.core.breathing import BREATHING_HELP, check_breath, check_hold, preset
from tui.core.point_schema import Text
from tui.core.problems import ProblemError
from tui.core.routines import (
    DEFAULT_TRANSITION_SECONDS,
    MAX_STEPS,
    Area,
    Routine,
    Side,
    Technique,
    check_step_seconds,
    check_transition_seconds,
    known_region,
)
from tui.core.text import describe_char, unsafe_chars
from tui.core.tomlfile import validation_problems

# Numbers only: TOML booleans and strings are refused rather than converted.
Breath = Annotated[float, Field(strict=True), AfterValidator(check_breath)]
Hold = Annotated[float, Field(strict=True), AfterValidator(check_hold)]
StepSeconds = Annotated[float, Field(strict=True), AfterValidator(check_step_seconds)]
TransitionSeconds = Annotated[float, Field(strict=True), AfterValidator(check_transition_seconds)]


def _no_controls(*, one_line: bool) -> AfterValidator:
    """Text fields hold text: no control characters (newlines and tabs only where a text
    may span lines), no bidirectional overrides. A routine file is shared between people,
    and its text is shown on their terminals."""

    def check(value: str) -> str:
        if bad := unsafe_chars(value, allow_newlines=not one_line):
            shown = ", ".join(describe_char(c) for c in bad[:3])
            more = f" and {len(bad) - 3} more" if len(bad) > 3 else ""
            rule = (
                "it is one line of plain text, with no control characters"
                if one_line
                else "it is plain text, with no control characters but newlines and tabs"
            )
            raise ValueError(f"must not contain {shown}{more}: {rule}")
        return value

    return AfterValidator(check)


OneLine = Annotated[str, _no_controls(one_line=True)]
MultiLine = Annotated[str, _no_controls(one_line=False)]


class Strict(BaseModel):
    """Unknown fields are errors, never ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class BreathingRecord(Strict):
    inhale: Breath
    hold_in: Hold = 0.0
    exhale: Breath
    hold_out: Hold = 0.0


def _preset_or_table(value: Any) -> Any:
    """A preset name becomes its timings; a table is left for the model to check."""
    if isinstance(value, str):
        return dataclasses.asdict(preset(value))
    if isinstance(value, dict | BreathingRecord):
        return value
    raise ValueError(f"breathing must be {BREATHING_HELP}")


# A preset name or a table; see tui.core.breathing.
Breathing = Annotated[BreathingRecord, BeforeValidator(_preset_or_table)]


class StepRecord(Strict):
    point: Annotated[Text, _no_controls(one_line=True)]
    side: Side | None = None
    technique: Technique = "press"
    seconds: StepSeconds
    cue: MultiLine = ""
    breathing: Breathing | None = None
    transition_seconds: TransitionSeconds | None = None
    find: MultiLine = ""  # ashi steps: where to feel for the tender spot, in words
    region: Annotated[str | None, AfterValidator(known_region)] = None  # ashi steps: its region


class RoutineRecord(Strict):
    title: Annotated[OneLine, Field(strict=True, min_length=1, max_length=80)]
    summary: MultiLine = ""
    area: Area
    evidence: MultiLine = ""
    sources: list[Annotated[Text, _no_controls(one_line=False)]] = []
    breathing: Breathing | None = None
    transition_seconds: TransitionSeconds = DEFAULT_TRANSITION_SECONDS
    steps: list[StepRecord] = Field(min_length=1, max_length=MAX_STEPS)

    @field_validator("title")
    @classmethod
    def _title_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("title must not be blank")
        return value.strip()


def validate_routine(data: Any, source: str, path: Path | str) -> Routine:
    """The routine in *data* (parsed from *source*), its shape fully checked.

    Raises :class:`ProblemError` listing every problem with its line. Points are
    checked against the catalogue by :func:`tui.core.routines.parse_routine`.
    """
    try:
        record = RoutineRecord.model_validate(data)
    except ValidationError as error:
        raise ProblemError(validation_problems(path, source, error, RoutineRecord)) from None
    # Only what the file set: the quick reader applies the defaults, and sees whether the
    # file chose its own breathing.
    return Routine.from_toml(record.model_dump(exclude_unset=True))

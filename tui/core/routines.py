"""Guided routines: the TOML format, validation against the catalogue, planning and discovery.

Routines are plain frozen dataclasses (:class:`Routine`, :class:`Step`), so that
listing and playing the built-in ones needs no pydantic. A routine file is
validated in two stages. First the pydantic models of :mod:`tui.core.routine_schema`
check the shape (unknown fields, missing fields, durations and breathing within
their bounds); then every step's point is looked up in the catalogue and its side
checked against where the point is. Every problem is a located
:class:`~tui.core.problems.Problem`, printed ``FILE:LINE: message``.

A user's file is always validated in full. The built-in routines ship with the
package, like the catalogue, and may be read on the quick path instead
(``check_builtin=False``: shapes trusted, points and safety bounds still checked,
the full check whenever anything is wrong); the command line does so for listing and
playing, while the app, ``acupress routines check`` and ``acupress --diagnose`` check
them in full.

Timing: a routine plays its steps in order, a step with ``side = "each"``
becoming two steps (left, then right). Between two consecutive played steps,
including the two halves of an "each" step, comes a transition to move the
hands (``transition_seconds``, 5 s by default; a step's own value applies to
the transition before it). There is no transition before the first step or
after the last, so ``total_seconds`` = all played steps + the transitions
between them.

Built-in routines live in :func:`tui.core.paths.builtin_routines_dir`, user
routines in :func:`tui.core.paths.user_routines_dir`; the file name without
``.toml`` is the slug. A user file with a built-in's slug replaces that
built-in (copy a built-in there to adapt it); if that file is broken, the
routine is listed as broken rather than silently falling back.

Two more things are checked that do not stop a routine from playing: a step
that holds a point longer than the catalogue's bound for one continuous hold
(``max_hold_seconds``) gives a located *warning* (:func:`hold_warnings`). And a
step may be a tender ("ashi") spot that the person finds themself: ``point =
"ashi"`` with the ``region`` it is in and a ``find`` text saying where to feel for
it; it has no catalogue entry, and the body map shows the region with no mark.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Literal

from tui.core import paths
from tui.core.breathing import PRESETS, BreathingPattern, check_seconds
from tui.core.pacing import DEFAULT_PRESET
from tui.core.points import REGIONS, Catalogue, Point, Pregnancy
from tui.core.problems import Problem, ProblemError
from tui.core.routine_files import RoutineFile, routine_files, routine_sources
from tui.core.tomlfile import Loc, closest, line_index, line_of, read_toml, unknown_choice

SIDES: tuple[str, ...] = ("both", "left", "right", "center", "each")
SIDE_LABELS: dict[str, str] = {
    "both": "both sides",
    "left": "left side",
    "right": "right side",
    "center": "on the midline",
}
"""A played step's side in words: the one table for the app, the CLI and serve."""
TECHNIQUES: tuple[str, ...] = ("press", "hold", "circular", "knead", "tap")

# What a routine is for: the keys of tui.core.areas.ROUTINE_AREAS (a test keeps them equal).
Area = Literal["lower-back", "upper-back", "full-back", "sciatica", "neck"]
Side = Literal["both", "left", "right", "center", "each"]
PlayedSide = Literal["both", "left", "right", "center"]
Technique = Literal["press", "hold", "circular", "knead", "tap"]

STEP_MIN_SECONDS, STEP_MAX_SECONDS = 5.0, 600.0
TRANSITION_MAX_SECONDS = 60.0
DEFAULT_TRANSITION_SECONDS = 5.0
MAX_STEPS = 60


def check_step_seconds(value: float) -> float:
    return check_seconds(value, STEP_MIN_SECONDS, STEP_MAX_SECONDS, "a step")


def check_transition_seconds(value: float) -> float:
    return check_seconds(value, 0.0, TRANSITION_MAX_SECONDS, "a transition")


# Points on the midline of the body (Governing and Conception vessels) have no left and right.
MIDLINE_PREFIXES: tuple[str, ...] = ("GV", "CV")


def is_midline(point: Point) -> bool:
    return point.code.startswith(MIDLINE_PREFIXES)


# A tender ("ashi") spot: ``point = "ashi"`` in a step, found by touch, not from the catalogue.
ASHI = "ashi"
ASHI_CODE = "ashi"
"""An ashi step's point as planned, shown and given in JSON (no catalogue code looks like it)."""
ASHI_NAME = "found by touch"
ASHI_MAX_HOLD_SECONDS = 120.0
"""This app's bound for one continuous hold on a tender spot (no catalogue entry gives one)."""
ASHI_CAUTION = (
    "A tender spot you find yourself: press only where it feels sore, not where the skin is "
    "hot, red, swollen or broken, and never on the bones of the spine. Stop if the pain "
    "spreads, shoots down a leg or turns sharp. In pregnancy, gentle pressure only on the "
    "lower back and sacrum."
)


def is_ashi(code: str) -> bool:
    """Whether a step's ``point`` names a tender spot rather than a catalogue point."""
    return code.strip().casefold() == ASHI


def known_region(region: str | None) -> str | None:
    """*region* if it is one of the catalogue's regions (or None); else ``ValueError``."""
    if region is not None and region not in REGIONS:
        raise ValueError(unknown_choice("region", region, REGIONS))
    return region


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("not text")
    return value.strip()


def _known_keys(table: Mapping[str, Any], cls: type[Any]) -> Mapping[str, Any]:
    """*table*, if each of its keys is a field of the file's format (else ``KeyError``)."""
    known = {f.name for f in fields(cls)} - {"breathing_set"}
    if unknown := set(table) - known:
        raise KeyError(sorted(unknown)[0])
    return table


@dataclass(frozen=True, slots=True, kw_only=True)
class Step:
    """One point to press, as written in the file (see :class:`tui.core.routine_schema.StepRecord`)."""

    point: str
    side: Side | None = None  # None: "center" for a midline point, else "both"
    technique: Technique = "press"
    seconds: float
    cue: str = ""
    breathing: BreathingPattern | None = None
    transition_seconds: float | None = None
    find: str = ""  # ashi steps: where to feel for the tender spot, in words
    region: str | None = None  # ashi steps: the region it is in

    def __post_init__(self) -> None:
        # The safety bounds hold for every step, however it was made.
        object.__setattr__(self, "seconds", float(check_step_seconds(self.seconds)))
        if self.transition_seconds is not None:
            gap = float(check_transition_seconds(self.transition_seconds))
            object.__setattr__(self, "transition_seconds", gap)

    @classmethod
    def from_toml(cls, table: Mapping[str, Any]) -> Step:
        """A step from its ``[[steps]]`` table, trusting the shapes (no validation)."""
        table = _known_keys(table, cls)
        breathing = table.get("breathing")
        return cls(
            point=_text(table["point"]),
            side=table.get("side"),
            technique=table.get("technique", "press"),
            seconds=table["seconds"],
            cue=str(table.get("cue", "")),
            breathing=None if breathing is None else BreathingPattern.from_toml(breathing),
            transition_seconds=table.get("transition_seconds"),
            find=str(table.get("find", "")),
            region=known_region(table.get("region")),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Routine:
    """A routine file as read (see :class:`tui.core.routine_schema.RoutineRecord`)."""

    title: str
    summary: str = ""
    area: Area
    evidence: str = ""
    sources: tuple[str, ...] = ()
    breathing: BreathingPattern = PRESETS[DEFAULT_PRESET]
    transition_seconds: float = DEFAULT_TRANSITION_SECONDS
    steps: tuple[Step, ...]
    breathing_set: bool = False
    """True when the file sets ``breathing`` itself (else the settings' default may apply)."""

    def __post_init__(self) -> None:
        gap = float(check_transition_seconds(self.transition_seconds))
        object.__setattr__(self, "transition_seconds", gap)

    @classmethod
    def from_toml(cls, table: Mapping[str, Any]) -> Routine:
        """A routine from a parsed file, trusting the shapes (no validation).

        Raises ``KeyError``, ``TypeError`` or ``ValueError`` where the file is not even the
        right shape; :func:`parse_routine` says precisely what is wrong.
        """
        table = _known_keys(table, cls)
        breathing = table.get("breathing")
        return cls(
            title=_text(table["title"]),
            summary=str(table.get("summary", "")),
            area=table["area"],
            evidence=str(table.get("evidence", "")),
            sources=tuple(_text(source) for source in table.get("sources", ())),
            breathing=(
                PRESETS[DEFAULT_PRESET]
                if breathing is None
                else BreathingPattern.from_toml(breathing)
            ),
            breathing_set=breathing is not None,
            transition_seconds=table.get("transition_seconds", DEFAULT_TRANSITION_SECONDS),
            steps=tuple(Step.from_toml(step) for step in table["steps"]),
        )

    def plan(
        self,
        catalogue: Catalogue,
        *,
        default_breathing: BreathingPattern | None = None,
        skip: Collection[str] = (),
    ) -> list[PlannedStep]:
        """The steps as played: "each" expanded into left then right, points resolved.

        The one place for what a routine plays: *default_breathing* (the settings' preset)
        paces the steps of a routine that sets no breathing of its own; the points in
        *skip* (canonical codes, say those to avoid in pregnancy) are left out, and the
        steps numbered and their pauses worked out as if the file had never had them: the
        first step played never waits. The plan may then be empty.

        Raises :class:`KeyError` for a point the catalogue lacks (a routine loaded
        with :func:`load_routine_file` has been checked already).
        """
        breathing = (
            default_breathing
            if default_breathing is not None and not self.breathing_set
            else self.breathing
        )
        planned: list[PlannedStep] = []
        for number, step in enumerate(self.steps, start=1):
            if is_ashi(step.point):
                point = None
                side = step.side or "both"
                code, name, pinyin = ASHI_CODE, ASHI_NAME, "tender spot"
                cue = step.cue.strip()
            else:
                point = catalogue.require(step.point)
                if point.code in skip:
                    continue
                side = step.side or ("center" if is_midline(point) else "both")
                code, name, pinyin = point.code, point.name, point.pinyin
                cue = step.cue.strip() or point.technique
            halves: tuple[PlayedSide, ...] = ("left", "right") if side == "each" else (side,)
            gap = (
                step.transition_seconds
                if step.transition_seconds is not None
                else self.transition_seconds
            )
            for played in halves:
                planned.append(
                    PlannedStep(
                        index=len(planned),
                        step_number=number,
                        point=code,
                        point_name=name,
                        pinyin=pinyin,
                        side=played,
                        technique=step.technique,
                        seconds=step.seconds,
                        cue=cue,
                        breathing=step.breathing or breathing,
                        transition_before=gap if planned else 0.0,
                        find=" ".join(step.find.split()) if point is None else "",
                        region=(step.region or "") if point is None else "",
                    )
                )
        return planned

    def total_seconds(self, catalogue: Catalogue) -> float:
        return sum(s.seconds + s.transition_before for s in self.plan(catalogue))

    def point_codes(self, catalogue: Catalogue) -> list[str]:
        """The distinct points in order of first use (canonical codes)."""
        codes: list[str] = []
        for step in self.steps:
            if is_ashi(step.point):
                continue  # not a catalogue point
            point = catalogue.get(step.point)
            code = point.code if point else step.point
            if code not in codes:
                codes.append(code)
        return codes


@dataclass(frozen=True, slots=True)
class PlannedStep:
    """One step as played back."""

    index: int  # 0-based position in the plan
    step_number: int  # 1-based [[steps]] entry in the file it comes from
    point: str  # canonical code, e.g. "LI4" even if the file said "ap1"
    point_name: str
    pinyin: str
    side: PlayedSide
    technique: Technique
    seconds: float
    cue: str
    breathing: BreathingPattern
    transition_before: float  # seconds to move the hands before this step; 0 for the first
    find: str = ""  # an ashi step: where to feel for the tender spot ("" for catalogue points)
    region: str = ""  # an ashi step: the region it is in ("" for catalogue points)

    @property
    def ashi(self) -> bool:
        """A tender spot the person finds themself: no catalogue point, no map mark."""
        return self.point == ASHI_CODE

    @property
    def title(self) -> str:
        """``LI4 Hegu``."""
        return f"{self.point} {self.pinyin}"

    @property
    def side_text(self) -> str:
        """``both sides``, ``left side``, ``right side`` or ``on the midline``."""
        return SIDE_LABELS[self.side]


@dataclass(frozen=True, slots=True)
class TimelineSegment:
    """A stretch of the timeline: a step, or the transition before one."""

    kind: Literal["step", "transition"]
    start: float
    end: float
    step: PlannedStep  # the step played, or the one the transition leads to

    @property
    def seconds(self) -> float:
        return self.end - self.start


def timeline(plan: Iterable[PlannedStep]) -> list[TimelineSegment]:
    """Start and end times of every transition and step, from 0."""
    segments: list[TimelineSegment] = []
    clock = 0.0
    for step in plan:
        if step.transition_before > 0:
            segments.append(
                TimelineSegment("transition", clock, clock + step.transition_before, step)
            )
            clock += step.transition_before
        segments.append(TimelineSegment("step", clock, clock + step.seconds, step))
        clock += step.seconds
    return segments


def general_cautions(catalogue: Catalogue) -> list[str]:
    """Cautions every point in the catalogue carries (e.g. never on broken skin)."""
    points = list(catalogue)
    if not points:
        return []
    shared = [c for c in points[0].cautions if all(c in p.cautions for p in points[1:])]
    return shared if len(points) > 1 else []


def step_cautions(code: str, catalogue: Catalogue) -> tuple[list[str], list[str]]:
    """The cautions of a step on *code*: (its own, those every point carries).

    A tender spot (``ashi``) has :data:`ASHI_CAUTION` of its own and, as it is pressed
    like a point, the cautions every point carries too.
    """
    general = general_cautions(catalogue)
    if is_ashi(code):
        return [ASHI_CAUTION], general
    point = catalogue.require(code)
    return [c for c in point.cautions if c not in general], [
        c for c in point.cautions if c in general
    ]


def routine_cautions(
    routine: Routine, catalogue: Catalogue, *, include_general: bool = False
) -> list[tuple[str, str]]:
    """Every caution the routine's points carry, in order: ``("LI4", "Traditionally ...")``.

    One item per point and caution, the point as its canonical code. Cautions every
    catalogue point carries (see :func:`general_cautions`) are left out unless
    *include_general*.
    """
    general = set() if include_general else set(general_cautions(catalogue))
    found: list[tuple[str, str]] = []
    if any(is_ashi(step.point) for step in routine.steps):
        found.append((ASHI_CODE, ASHI_CAUTION))
    for code in routine.point_codes(catalogue):
        point = catalogue.get(code)
        if point is None:
            continue
        for caution in point.cautions:
            if caution not in general and (code, caution) not in found:
                found.append((code, caution))
    return found


@dataclass(frozen=True, slots=True)
class PregnancyCaution:
    """A point of a routine that carries a pregnancy caution (its catalogue ``pregnancy`` field)."""

    code: str
    level: Pregnancy  # "avoid": traditionally left out; "gentle": gentle pressure only
    caution: str  # the point's own caution about pregnancy, to show

    @property
    def avoid(self) -> bool:
        return self.level == "avoid"


def pregnancy_cautions(routine: Routine, catalogue: Catalogue) -> list[PregnancyCaution]:
    """The routine's points that carry a pregnancy caution, in order of first use.

    Read from each point's ``pregnancy`` field, never from the wording of its cautions.
    """
    found: list[PregnancyCaution] = []
    for code in routine.point_codes(catalogue):
        point = catalogue.get(code)
        if point is not None and point.pregnancy is not None:
            found.append(PregnancyCaution(point.code, point.pregnancy, point.pregnancy_text))
    return found


def grouped_cautions(
    routine: Routine, catalogue: Catalogue, *, include_general: bool = False
) -> list[tuple[list[str], str]]:
    """Like :func:`routine_cautions`, but a caution several points share comes once,
    with all their codes: ``(["BL23", "BL25"], "In pregnancy avoid ...")``."""
    by_text: dict[str, list[str]] = {}
    for code, caution in routine_cautions(routine, catalogue, include_general=include_general):
        by_text.setdefault(caution, []).append(code)
    return [(codes, caution) for caution, codes in by_text.items()]


class _Lines:
    """The line of a key in *source*, the file scanned only once a problem needs a line."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.index: dict[Loc, int] | None = None

    def __call__(self, loc: Loc) -> int | None:
        if self.index is None:
            self.index = line_index(self.source)
        return line_of(self.index, loc)


def check_points(
    routine: Routine, catalogue: Catalogue, path: Path | str, source: str
) -> list[Problem]:
    """Second stage: every point exists and its side fits where it is on the body."""
    lines = _Lines(source)
    problems: list[Problem] = []
    for i, step in enumerate(routine.steps):
        if is_ashi(step.point) or step.find or step.region is not None:
            problems += _ashi_problems(i, step.point, step.find, step.region, lines, path)
        if not is_ashi(step.point):
            problems += _step_problems(i, step.point, step.side, catalogue, lines, path)
    return problems


def _ashi_problems(
    i: int, code: str, find: object, region: object, lines: _Lines, path: Path | str
) -> list[Problem]:
    """An ashi step needs a ``region`` and a ``find`` text, which belong to ashi steps only."""
    if not is_ashi(code):
        key = "find" if find else "region"
        return [
            Problem(
                path,
                lines(("steps", i, key)),
                f"'{key}' is only for a tender spot (point = \"ashi\"), not for {code}",
            )
        ]
    problems = []
    if region is None:
        problems.append(
            Problem(
                path,
                lines(("steps", i)),
                'a tender spot (point = "ashi") needs region = "…": where on the body it is '
                f"({', '.join(REGIONS)})",
            )
        )
    if not isinstance(find, str) or not find.strip():
        problems.append(
            Problem(
                path,
                lines(("steps", i, "find")) or lines(("steps", i)),
                'a tender spot (point = "ashi") needs find = "…": where to feel for it, in words',
            )
        )
    return problems


def hold_warnings(
    routine: Routine, catalogue: Catalogue, path: Path | str, source: str
) -> list[Problem]:
    """Steps that hold a point longer than the catalogue's bound for one continuous hold.

    Warnings, not errors: the routine still plays. The line is the step's ``seconds``.
    """
    lines = _Lines(source)
    warnings: list[Problem] = []
    for i, step in enumerate(routine.steps):
        if is_ashi(step.point):
            code, bound = "a tender spot", ASHI_MAX_HOLD_SECONDS
        else:
            point = catalogue.get(step.point)
            if point is None:
                continue
            code, bound = point.code, float(point.max_hold_seconds)
        if step.seconds > bound:
            warnings.append(
                Problem(
                    path,
                    lines(("steps", i, "seconds")),
                    f"warning: step {i + 1} holds {code} for {_secs(step.seconds)} in one go; "
                    f"the longest advised for one hold there is {_secs(bound)} "
                    "(split it into shorter holds, or shorten it)",
                )
            )
    return warnings


def _secs(seconds: float) -> str:
    return f"{int(seconds)} s" if float(seconds).is_integer() else f"{seconds:g} s"


def _step_problems(
    i: int,
    code: str,
    side: str | None,
    catalogue: Catalogue,
    lines: _Lines,
    path: Path | str,
) -> list[Problem]:
    point = catalogue.get(code)
    if point is None:
        return [Problem(path, lines(("steps", i, "point")), unknown_point(code, catalogue))]
    if side is None or side not in SIDES:
        return []
    if is_midline(point) and side != "center":
        return [
            Problem(
                path,
                lines(("steps", i, "side")),
                f'{point.code} is on the midline of the body: use side = "center" '
                f'(or leave side out), not "{side}"',
            )
        ]
    if not is_midline(point) and side == "center":
        return [
            Problem(
                path,
                lines(("steps", i, "side")),
                f'{point.code} lies on both sides of the body: use side = "both", '
                f'"left", "right" or "each", not "center"',
            )
        ]
    return []


def one_line(text: str, limit: int = 200) -> str:
    """A message fit for one ``FILE:LINE: message`` line: control characters escaped."""
    shown = "".join(c if c.isprintable() or c == " " else repr(c)[1:-1] or "?" for c in text)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def _tidy(problems: list[Problem]) -> list[Problem]:
    """Every problem on one line, with a line number (1 for the file as a whole), in order."""
    tidy = [
        Problem(p.path, p.line if p.line is not None else 1, one_line(p.message)) for p in problems
    ]
    tidy.sort(key=lambda p: p.line or 0)
    return tidy


def parse_routine(data: Any, source: str, path: Path | str, catalogue: Catalogue) -> Routine:
    """Validate parsed TOML *data* (with its *source* text for line numbers) in full."""
    from tui.core.routine_schema import validate_routine  # pydantic: only to validate

    try:
        routine = validate_routine(data, source, path)
    except ProblemError as error:
        problems = [*error.problems, *_raw_point_problems(data, catalogue, path, source)]
        # A missing top-level field has no line of its own: it points at the top of the file.
        raise ProblemError(_tidy(problems)) from None
    problems = check_points(routine, catalogue, path, source)
    if problems:
        raise ProblemError(_tidy(problems))
    return routine


def _raw_point_problems(
    data: Any, catalogue: Catalogue, path: Path | str, source: str
) -> list[Problem]:
    """Point problems in a file that failed validation, so one run reports them all."""
    steps = data.get("steps") if isinstance(data, dict) else None
    if not isinstance(steps, list):
        return []
    lines = _Lines(source)
    problems = []
    for i, step in enumerate(steps):
        if not isinstance(step, dict):
            continue
        code, side = step.get("point"), step.get("side")
        if isinstance(code, str) and code.strip():
            find, region = step.get("find", ""), step.get("region")
            if is_ashi(code) or find or region is not None:
                problems += _ashi_problems(i, code.strip(), find, region, lines, path)
            if is_ashi(code):
                continue
            side = side if isinstance(side, str) else None
            problems += _step_problems(i, code.strip(), side, catalogue, lines, path)
    return problems


def unknown_point(code: str, catalogue: Catalogue) -> str:
    message = f"unknown point '{code}'"
    if hints := catalogue.closest_codes(code):
        message += f" (closest: {', '.join(hints)})"
    return message


def load_routine_file(path: Path, catalogue: Catalogue, *, trusted: bool = False) -> Routine:
    """Read and validate one routine file; raise :class:`ProblemError` with located problems.

    *trusted* (for the built-in routines only) skips the schema check while the file has
    the right shape, its points are in the catalogue and its times within the safety
    bounds; anything else gets the full check and its located messages.
    """
    return check_routine_file(path, catalogue, trusted=trusted)[0]


def check_routine_file(
    path: Path, catalogue: Catalogue, *, trusted: bool = False
) -> tuple[Routine, list[Problem]]:
    """Like :func:`load_routine_file`, and the file's warnings (see :func:`hold_warnings`)."""
    try:
        data, source = read_toml(path)
    except RecursionError:
        raise ProblemError(
            [Problem(path, None, "TOML syntax error: arrays or tables nested too deeply")]
        ) from None
    routine = _read_quickly(data, source, path, catalogue) if trusted else None
    if routine is None:
        routine = parse_routine(data, source, path, catalogue)
    return routine, _tidy(hold_warnings(routine, catalogue, path, source))


def _read_quickly(data: Any, source: str, path: Path, catalogue: Catalogue) -> Routine | None:
    """The routine, if it has the right shape and its points are sound; else None."""
    try:
        routine = Routine.from_toml(data)
    except (KeyError, TypeError, ValueError, AttributeError):
        return None  # the full check says exactly what is wrong
    return None if check_points(routine, catalogue, path, source) else routine


@dataclass(frozen=True, slots=True)
class RoutineEntry:
    """A routine as listed: valid (``routine`` set) or broken (``error`` set)."""

    slug: str
    source: Literal["built-in"] | Path
    path: Path
    routine: Routine | None
    error: list[Problem] = field(default_factory=list)
    replaces_builtin: bool = False
    warnings: list[Problem] = field(default_factory=list)
    """Located warnings that do not stop it playing (a hold longer than its point's bound)."""

    @property
    def builtin(self) -> bool:
        return self.source == "built-in"

    @property
    def source_label(self) -> str:
        return "built-in" if self.source == "built-in" else str(self.source)


def check_builtin_routines(
    catalogue: Catalogue, *, builtin_dir: Path | None = None
) -> list[Problem]:
    """Every problem of the built-in routines, each checked in full (none when all are valid)."""
    problems: list[Problem] = []
    for path in routine_files(builtin_dir or paths.builtin_routines_dir()):
        try:
            load_routine_file(path, catalogue)
        except ProblemError as error:
            problems += error.problems
    return problems


def load_entry(
    path: Path, catalogue: Catalogue, *, builtin: bool = False, trusted: bool = False
) -> RoutineEntry:
    """Load *path* into an entry; problems are kept, never raised."""
    source: Literal["built-in"] | Path = "built-in" if builtin else path
    try:
        routine, warnings = check_routine_file(path, catalogue, trusted=builtin and trusted)
    except ProblemError as error:
        return RoutineEntry(path.stem, source, path, None, list(error.problems))
    return RoutineEntry(path.stem, source, path, routine, warnings=warnings)


def _load(file: RoutineFile, catalogue: Catalogue, check_builtin: bool) -> RoutineEntry:
    entry = load_entry(file.path, catalogue, builtin=file.builtin, trusted=not check_builtin)
    if file.replaces_builtin:
        entry = RoutineEntry(
            entry.slug,
            entry.source,
            entry.path,
            entry.routine,
            entry.error,
            replaces_builtin=True,
            warnings=entry.warnings,
        )
    return entry


def discover(
    catalogue: Catalogue,
    *,
    builtin_dir: Path | None = None,
    user_dir: Path | None = None,
    check_builtin: bool = True,
) -> list[RoutineEntry]:
    """Every routine, built-in first then the user's, each sorted by slug.

    A user routine with a built-in's slug takes the built-in's place in the list. The
    user's files are always validated in full; the built-in ones too unless
    *check_builtin* is false (see the module's notes).
    """
    files = routine_sources(builtin_dir=builtin_dir, user_dir=user_dir)
    return [_load(file, catalogue, check_builtin) for file in files]


def find_routine(
    name_or_path: str,
    catalogue: Catalogue,
    *,
    builtin_dir: Path | None = None,
    user_dir: Path | None = None,
    check_builtin: bool = True,
) -> RoutineEntry:
    """A routine by slug (any case), or by file path if *name_or_path* names a file.

    Only that routine is read. Raises :class:`LookupError` with a helpful message when
    there is none.
    """
    if looks_like_path(name_or_path):
        try:
            candidate = paths.expand_user(name_or_path)
        except ValueError as error:
            raise LookupError(str(error)) from None
        if os.path.lexists(candidate):  # a link to nothing, or that loops, says so
            return load_entry(candidate, catalogue)
        raise LookupError(f"no routine file '{name_or_path}'")
    file = routine_file(name_or_path, builtin_dir=builtin_dir, user_dir=user_dir)
    return _load(file, catalogue, check_builtin)


def routine_file(
    name: str, *, builtin_dir: Path | None = None, user_dir: Path | None = None
) -> RoutineFile:
    """The file of the routine called *name* (any case); :class:`LookupError` if none is."""
    files = routine_sources(builtin_dir=builtin_dir, user_dir=user_dir)
    wanted = name.strip().casefold()
    for file in files:
        if file.slug.casefold() == wanted:
            return file
    slugs = [f.slug for f in files]
    message = f"no routine '{name}'"
    if hints := closest(name, slugs):
        message += f" (did you mean {', '.join(hints)}?)"
    elif slugs:
        message += f"; routines: {', '.join(slugs)}"
    raise LookupError(message)


def looks_like_path(name_or_path: str) -> bool:
    """A file path rather than a routine's name: ends in .toml or has a directory in it."""
    return name_or_path.endswith(".toml") or "/" in name_or_path or "\\" in name_or_path

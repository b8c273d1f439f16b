"""Routines: the format, its validation (with line numbers), planning, discovery, built-ins."""

from __future__ import annotations

import dataclasses
import itertools
import os
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ConfigDict, ValidationError

from tui.core import paths
from tui.core.breathing import PRESETS, BreathingPattern
from tui.core.points import Catalogue, load_catalogue
from tui.core.problems import Problem, ProblemError
from tui.core.routine_schema import BreathingRecord, RoutineRecord, StepRecord
from tui.core.routines import (
    ASHI_CAUTION,
    ASHI_MAX_HOLD_SECONDS,
    PlannedStep,
    Routine,
    Step,
    check_routine_file,
    discover,
    find_routine,
    general_cautions,
    grouped_cautions,
    load_routine_file,
    pregnancy_cautions,
    routine_cautions,
    timeline,
)
from tui.core.tomlfile import validation_problems

BUILTINS = {
    "lower-back",
    "upper-back",
    "spine-massage",
    "desk-break",
    "sciatica",
    "three-minutes-a-point",
}


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def write(tmp_path: Path, text: str, name: str = "r.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path, catalogue: Catalogue) -> list[Problem]:
    with pytest.raises(ProblemError) as caught:
        load_routine_file(path, catalogue)
    return caught.value.problems


def only_problem(path: Path, catalogue: Catalogue) -> Problem:
    problems = problems_of(path, catalogue)
    assert len(problems) == 1, problems
    return problems[0]


GOOD = """\
title = "Test routine"
summary = "For tests."
area = "lower-back"
evidence = "None: a test."
sources = ["nobody"]
breathing = "calm"

[[steps]]
point = "BL23"
side = "both"
technique = "press"
seconds = 90
cue = "Thumbs at the waist."

[[steps]]
point = "GB30"
side = "each"
technique = "circular"
seconds = 60
cue = "Circle slowly."

[[steps]]
point = "GV20"
seconds = 30
breathing = { inhale = 4, hold_in = 7, exhale = 8 }
"""


# --- built-ins ---------------------------------------------------------------------------


def test_the_six_builtins_are_found_and_all_validate(catalogue: Catalogue) -> None:
    entries = discover(catalogue)
    assert {e.slug for e in entries} == BUILTINS
    for entry in entries:
        assert entry.error == [], entry.error
        assert entry.routine is not None
        assert entry.builtin
        plan = entry.routine.plan(catalogue)
        assert plan, entry.slug
        assert entry.routine.evidence.strip(), entry.slug
        assert entry.routine.sources, entry.slug
        for step in plan:
            assert step.cue.strip()
            assert 5 <= step.seconds <= 600


def test_records_and_dataclasses_keep_the_same_fields() -> None:
    def names(cls: type[Any]) -> tuple[str, ...]:
        return tuple(f.name for f in dataclasses.fields(cls) if f.name != "breathing_set")

    assert tuple(RoutineRecord.model_fields) == names(Routine)
    assert tuple(StepRecord.model_fields) == names(Step)
    assert tuple(BreathingRecord.model_fields) == names(BreathingPattern)


@pytest.mark.parametrize("slug", sorted(BUILTINS))
def test_the_quick_read_of_a_builtin_gives_what_the_full_check_gives(
    slug: str, catalogue: Catalogue
) -> None:
    path = paths.builtin_routines_dir() / f"{slug}.toml"
    checked = load_routine_file(path, catalogue)
    assert load_routine_file(path, catalogue, trusted=True) == checked
    assert [e.routine for e in discover(catalogue, check_builtin=False) if e.slug == slug] == [
        checked
    ]


@pytest.mark.parametrize(
    ("change", "line", "message"),
    [
        (("seconds = 60", "secnds = 60"), 19, "unknown field 'steps[2].secnds'"),
        (('cue = "Circle slowly."', 'cu = "Circle slowly."'), 20, "unknown field 'steps[2].cu'"),
        (("seconds = 60", "seconds = 900"), 19, "outside the safe range"),
        (("seconds = 60", "seconds = true"), 19, "steps[2].seconds"),
        (("exhale = 8", "exhale = 30"), 25, "outside the safe range for a breath"),
        (('point = "GB30"', 'point = "GB99"'), 16, "unknown point 'GB99'"),
        (('point = "GB30"', 'point = "GV4"'), 17, "GV4 is on the midline"),
    ],
)
def test_a_damaged_builtin_read_quickly_gets_the_full_check(
    tmp_path: Path, catalogue: Catalogue, change: tuple[str, str], line: int, message: str
) -> None:
    assert change[0] in GOOD
    path = write(tmp_path, GOOD.replace(*change))
    with pytest.raises(ProblemError) as caught:
        load_routine_file(path, catalogue, trusted=True)
    problems = caught.value.problems
    assert any(p.line == line and message in p.message for p in problems), problems
    assert problems == problems_of(path, catalogue)


def test_user_routines_are_always_checked_in_full(catalogue: Catalogue) -> None:
    write(user_dir(), GOOD.replace('cue = "Circle slowly."', 'cu = "x"'), "mine.toml")
    [mine] = [e for e in discover(catalogue, check_builtin=False) if e.slug == "mine"]
    assert mine.routine is None
    assert "unknown field 'steps[2].cu'" in mine.error[0].message
    assert find_routine("mine", catalogue, check_builtin=False).error == mine.error


def test_the_routine_says_whether_it_sets_its_own_breathing(
    tmp_path: Path, catalogue: Catalogue
) -> None:
    without = write(tmp_path, GOOD.replace('breathing = "calm"\n', ""), "without.toml")
    for trusted in (False, True):
        assert load_routine_file(write(tmp_path, GOOD), catalogue, trusted=trusted).breathing_set
        routine = load_routine_file(without, catalogue, trusted=trusted)
        assert not routine.breathing_set
        assert routine.breathing == PRESETS["calm"]


def builtin(slug: str, catalogue: Catalogue) -> Routine:
    return load_routine_file(paths.builtin_routines_dir() / f"{slug}.toml", catalogue)


def test_lower_back_follows_the_source_text_order(catalogue: Catalogue) -> None:
    plan = builtin("lower-back", catalogue).plan(catalogue)
    assert [(s.point, s.side) for s in plan] == [
        ("BL23", "both"),
        ("BL40", "both"),
        ("GB30", "left"),
        ("GB30", "right"),
        ("GV20", "center"),
    ]
    assert plan[0].seconds == 90  # firm pressure on BL23
    # BL40 lies over the popliteal vessels: gentle and within its one-minute bound.
    assert plan[1].seconds <= catalogue.require("BL40").max_hold_seconds == 60
    assert "gently" in plan[1].cue
    assert {s.technique for s in plan if s.point == "GB30"} == {"circular"}
    assert all("not deep" in s.cue for s in plan if s.point == "GB30")
    # Slow, deep breathing on GV20: slower than the routine's own pattern.
    assert plan[-1].breathing.breaths_per_minute < plan[0].breathing.breaths_per_minute


def test_upper_back_has_gv14_then_li4_and_bl42_on_each_side(catalogue: Catalogue) -> None:
    plan = builtin("upper-back", catalogue).plan(catalogue)
    assert [(s.point, s.side) for s in plan] == [
        ("GV14", "center"),
        ("LI4", "left"),
        ("LI4", "right"),
        ("BL42", "left"),
        ("BL42", "right"),
    ]


def test_spine_massage_climbs_the_bladder_line(catalogue: Catalogue) -> None:
    routine = builtin("spine-massage", catalogue)
    plan = routine.plan(catalogue)
    numbers = [int(s.point.removeprefix("BL")) for s in plan]
    assert all(s.point.startswith("BL") for s in plan)
    # Lower back upward: BL numbers fall as the points rise along the spine.
    assert numbers == sorted(numbers, reverse=True)
    assert len(numbers) >= 6
    # One level at a time up to T11 (BL20), then every second one, as the summary says.
    assert numbers == [26, 25, 24, 23, 22, 21, 20, 18, 17, 15, 13]
    assert "then every second one" in routine.summary


def _cue(routine: Routine, code: str) -> str:
    return next(s.cue for s in routine.steps if s.point == code)


def test_spine_massage_cues_match_the_catalogue_levels(catalogue: Catalogue) -> None:
    routine = builtin("spine-massage", catalogue)
    # BL26 is at L5, one bone below the line of the tops of the hip bones (L4), not above it.
    assert "L5" in catalogue.require("BL26").location
    assert "one bone below the line joining the tops of your hip bones" in _cue(routine, "BL26")
    assert "above the top of the pelvis" not in _cue(routine, "BL26")
    assert "L4" in catalogue.require("BL25").location
    assert "tops of your hip bones" in _cue(routine, "BL25")
    # BL18 at T9: two bones below the lower tips of the shoulder blades (about T7).
    assert "T9" in catalogue.require("BL18").location
    assert "two bones below the lower tips of the shoulder blades" in _cue(routine, "BL18")
    assert "lower tips of the shoulder blades" in _cue(routine, "BL17")
    assert "inner ends of the bony ridges" in _cue(routine, "BL13")


def test_upper_back_bl42_cue_is_at_the_t3_level(catalogue: Catalogue) -> None:
    routine = builtin("upper-back", catalogue)
    cue = _cue(routine, "BL42")
    assert "upper third" not in cue
    assert "inner end of the bony ridge" in cue and "third bone" in cue
    assert "T3" in catalogue.require("BL42").location
    assert "source text's claim" in routine.evidence  # LI4 for the upper back


def test_desk_break_is_about_five_minutes(catalogue: Catalogue) -> None:
    routine = builtin("desk-break", catalogue)
    assert 240 <= routine.total_seconds(catalogue) <= 360


def test_sciatica_includes_bl60_and_carries_its_caution(catalogue: Catalogue) -> None:
    routine = builtin("sciatica", catalogue)
    assert "Deep is fine" not in _cue(routine, "GB30")
    assert "moderate pressure only" in _cue(routine, "GB30")
    codes = routine.point_codes(catalogue)
    assert {"GB30", "BL40", "BL60"} <= set(codes)
    pregnancy = [c for c in catalogue.require("BL60").cautions if "pregnan" in c.casefold()]
    assert pregnancy
    assert ("BL60", pregnancy[0]) in routine_cautions(routine, catalogue)


def test_protocol_routine_cites_the_trial_and_says_what_it_does_not_follow(
    catalogue: Catalogue,
) -> None:
    routine = builtin("three-minutes-a-point", catalogue)
    assert any("Murphy" in s and "2019" in s for s in routine.sources)
    assert "NOT" in routine.evidence and "could not" in routine.evidence
    # What the trial was: its real size, fatigue as well as back pain, usual care as control.
    evidence = " ".join(routine.evidence.split())
    assert "67 participants" in evidence and "N = 67" in evidence
    assert "fatigue" in evidence and "usual care" in evidence
    # Three minutes a point in all: BL40 and KI3 as three one-minute holds (their bound).
    totals: dict[tuple[str, str], float] = {}
    for step in routine.plan(catalogue):
        key = (step.point, step.side)
        totals[key] = totals.get(key, 0) + step.seconds
        assert step.seconds <= catalogue.require(step.point).max_hold_seconds
    assert set(totals.values()) == {180}


def test_lower_back_says_how_it_departs_from_the_source_text(catalogue: Catalogue) -> None:
    evidence = " ".join(builtin("lower-back", catalogue).evidence.split())
    assert "firm pressure" in evidence and "BL40 gets gentle pressure" in evidence
    assert "Deadman" in evidence  # the traditional claim cites its textbook


def test_every_builtin_step_is_within_its_points_hold_bound(catalogue: Catalogue) -> None:
    for entry in discover(catalogue):
        assert entry.warnings == [], (entry.slug, entry.warnings)
        assert entry.routine is not None
        for step in entry.routine.steps:
            point = catalogue.require(step.point)
            assert step.seconds <= point.max_hold_seconds, (entry.slug, step.point)


def test_every_builtin_cue_that_names_a_landmark_agrees_with_the_catalogue(
    catalogue: Catalogue,
) -> None:
    # The landmark words a cue uses, and the catalogue text that must say the same.
    pairs = {
        "waist": "waist",
        "hip bones": "hip bones",
        "shoulder blade": "shoulder blade",
        "crease behind each knee": "crease",
        "ankle bone": "ankle bone",
        "web between thumb": "index finger",
    }
    for entry in discover(catalogue):
        assert entry.routine is not None
        for step in entry.routine.steps:
            point = catalogue.require(step.point)
            text = f"{point.location} {point.how_to_find}".casefold().replace("-", " ")
            for cue_words, catalogue_words in pairs.items():
                if cue_words in step.cue.casefold():
                    assert catalogue_words in text, (entry.slug, step.point, cue_words)


# --- breathing -------------------------------------------------------------------------------


def test_presets_have_the_documented_timings() -> None:
    assert PRESETS["calm"].as_tuple() == (4, 0, 6, 0)
    assert PRESETS["box"].as_tuple() == (4, 4, 4, 4)
    assert PRESETS["relax"].as_tuple() == (4, 7, 8, 0)
    assert 5 <= PRESETS["resonance"].breaths_per_minute <= 6
    assert PRESETS["box"].preset_name == "box"
    assert BreathingPattern(inhale=4, exhale=6).preset_name == "calm"
    assert BreathingPattern(inhale=3, exhale=5).preset_name is None


@pytest.mark.parametrize(
    "fields",
    [
        {"inhale": 1.9, "exhale": 6},
        {"inhale": 4, "exhale": 12.5},
        {"inhale": 4, "exhale": 6, "hold_in": 9},
        {"inhale": 4, "exhale": 6, "hold_out": -1},
        {"inhale": float("nan"), "exhale": 6},
        {"inhale": True, "exhale": 6},
        {"inhale": "4", "exhale": 6},
    ],
)
def test_breathing_outside_the_safety_bounds_is_refused(fields: dict[str, Any]) -> None:
    # By the schema that checks files, and by the pattern itself, however it is made.
    with pytest.raises(ValidationError):
        BreathingRecord.model_validate(fields)
    with pytest.raises(ValueError):
        BreathingPattern(**fields)


# --- planning --------------------------------------------------------------------------------


def test_plan_expands_each_and_resolves_defaults(tmp_path: Path, catalogue: Catalogue) -> None:
    routine = load_routine_file(write(tmp_path, GOOD), catalogue)
    plan = routine.plan(catalogue)
    assert [(s.point, s.side) for s in plan] == [
        ("BL23", "both"),
        ("GB30", "left"),
        ("GB30", "right"),
        ("GV20", "center"),  # side left out: a midline point is pressed in the center
    ]
    assert [s.step_number for s in plan] == [1, 2, 2, 3]
    assert [s.transition_before for s in plan] == [0, 5, 5, 5]
    assert plan[0].breathing == PRESETS["calm"]
    assert plan[3].breathing == PRESETS["relax"]
    assert plan[3].cue == catalogue.require("GV20").technique  # no cue: the point's own
    # Steps (90 + 60 + 60 + 30) + three transitions between them, none before or after.
    assert routine.total_seconds(catalogue) == 240 + 15


def test_transition_seconds_top_level_and_per_step(tmp_path: Path, catalogue: Catalogue) -> None:
    text = GOOD.replace('breathing = "calm"', 'breathing = "calm"\ntransition_seconds = 2')
    text = text.replace("seconds = 30\n", "seconds = 30\ntransition_seconds = 10\n")
    plan = load_routine_file(write(tmp_path, text), catalogue).plan(catalogue)
    assert [s.transition_before for s in plan] == [0, 2, 2, 10]


def test_timeline_is_contiguous_and_ends_at_the_total(tmp_path: Path, catalogue: Catalogue) -> None:
    routine = load_routine_file(write(tmp_path, GOOD), catalogue)
    segments = timeline(routine.plan(catalogue))
    assert segments[0].start == 0 and segments[0].kind == "step"
    for before, after in itertools.pairwise(segments):
        assert before.end == after.start
    assert segments[-1].end == routine.total_seconds(catalogue)
    assert [s.kind for s in segments] == ["step", "transition"] * 3 + ["step"]


def test_aliases_and_any_case_resolve_to_the_code(tmp_path: Path, catalogue: Catalogue) -> None:
    text = GOOD.replace('point = "BL23"', 'point = "ap1"').replace(
        'side = "both"', 'side = "each"', 1
    )
    plan = load_routine_file(write(tmp_path, text), catalogue).plan(catalogue)
    assert plan[0].point == "LI4"
    assert isinstance(plan[0], PlannedStep)


def test_routine_cautions_name_the_point(tmp_path: Path, catalogue: Catalogue) -> None:
    text = GOOD.replace('point = "BL23"', 'point = "LI4"').replace(
        'side = "both"', 'side = "each"', 1
    )
    routine = load_routine_file(write(tmp_path, text), catalogue)
    cautions = routine_cautions(routine, catalogue)
    general = set(general_cautions(catalogue))
    li4 = [c for c in catalogue.require("LI4").cautions if c not in general]
    assert li4, "LI4 carries a caution of its own"
    assert [(code, text) for code, text in cautions if code == "LI4"] == [("LI4", c) for c in li4]
    assert any("pregnan" in text.casefold() for code, text in cautions if code == "LI4")
    assert not general & {text for _, text in cautions}
    everything = routine_cautions(routine, catalogue, include_general=True)
    assert general <= {text for _, text in everything}


def test_a_caution_shared_by_points_is_grouped_once(catalogue: Catalogue) -> None:
    routine = builtin("spine-massage", catalogue)
    per_point = routine_cautions(routine, catalogue)
    assert all(", " not in code for code, _ in per_point)  # one code each, for filtering
    grouped = grouped_cautions(routine, catalogue)
    texts = [text for _, text in grouped]
    assert len(texts) == len(set(texts))
    shared = [codes for codes, _ in grouped if len(codes) > 1]
    assert shared, grouped  # the lower-back points share their pregnancy caution
    assert shared[0][0] == "BL26"  # in the order the routine uses them
    assert sum(len(codes) for codes, _ in grouped) == len(per_point)


# --- errors, each with its line ----------------------------------------------------------


def test_toml_syntax_error_has_line_and_column(tmp_path: Path, catalogue: Catalogue) -> None:
    path = write(tmp_path, GOOD.replace("seconds = 60", "seconds = = 60"))
    problem = only_problem(path, catalogue)
    assert problem.line == 19
    assert "column 11" in problem.message and "syntax" in problem.message
    assert str(problem).startswith(f"{path}:19: ")


def test_file_that_is_not_utf8_points_at_the_bad_line(tmp_path: Path, catalogue: Catalogue) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes(GOOD.replace("Thumbs at the waist.", "Caf\u00e9").encode("latin-1"))
    problem = only_problem(path, catalogue)
    assert problem.line == 13
    assert "UTF-8" in problem.message


def test_unknown_point_is_named_with_closest_codes_on_its_line(
    tmp_path: Path, catalogue: Catalogue
) -> None:
    path = write(tmp_path, GOOD.replace('point = "GB30"', 'point = "GB31x"'))
    problem = only_problem(path, catalogue)
    assert problem.line == 16
    assert problem.message.startswith("unknown point 'GB31x' (closest: ")
    assert "GB30" in problem.message


def test_unknown_point_is_reported_alongside_other_errors(
    tmp_path: Path, catalogue: Catalogue
) -> None:
    text = GOOD.replace('point = "GB30"', 'point = "XX99"').replace("seconds = 90", "seconds = 0")
    problems = problems_of(write(tmp_path, text), catalogue)
    assert [(p.line, p.message.split(":")[0]) for p in problems] == [
        (12, "steps[1].seconds"),
        (16, "unknown point 'XX99'"),
    ]


def test_misspelt_field_is_an_error_with_a_suggestion(tmp_path: Path, catalogue: Catalogue) -> None:
    path = write(tmp_path, GOOD.replace("seconds = 60", "seconds = 60\nsecnds = 60"))
    problem = only_problem(path, catalogue)
    assert problem.line == 20
    assert problem.message == "unknown field 'steps[2].secnds' (did you mean 'seconds'?)"


def test_misspelt_top_level_field_and_capitalised_key(tmp_path: Path, catalogue: Catalogue) -> None:
    text = GOOD.replace('summary = "For tests."', 'sumary = "For tests."')
    text = text.replace('cue = "Circle slowly."', 'Cue = "Circle slowly."')
    problems = problems_of(write(tmp_path, text), catalogue)
    assert [(p.line, p.message) for p in problems] == [
        (2, "unknown field 'sumary' (did you mean 'summary'?)"),
        (20, "unknown field 'steps[2].Cue' (did you mean 'cue'?)"),
    ]


def test_missing_step_field_points_at_the_step(tmp_path: Path, catalogue: Catalogue) -> None:
    path = write(tmp_path, GOOD.replace("seconds = 60\n", ""))
    problem = only_problem(path, catalogue)
    assert problem.line == 15  # the [[steps]] line of the second step
    assert problem.message == "missing field 'steps[2].seconds'"


def test_missing_top_level_field_points_at_the_first_line(
    tmp_path: Path, catalogue: Catalogue
) -> None:
    path = write(tmp_path, GOOD.replace('title = "Test routine"\n', "# no title\n"))
    problem = only_problem(path, catalogue)
    assert (problem.line, problem.message) == (1, "missing field 'title'")


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("0", "0 s"),
        ("-30", "-30 s"),
        ("4", "4 s"),
        ("601", "601 s"),
        ("nan", "seconds"),
        ("true", "number"),
    ],
)
def test_non_positive_or_out_of_range_durations(
    tmp_path: Path, catalogue: Catalogue, value: str, words: str
) -> None:
    path = write(tmp_path, GOOD.replace("seconds = 60", f"seconds = {value}"))
    problem = only_problem(path, catalogue)
    assert problem.line == 19
    assert problem.message.startswith("steps[2].seconds: ")
    assert words in problem.message


def test_breathing_table_out_of_bounds(tmp_path: Path, catalogue: Catalogue) -> None:
    text = GOOD.replace(
        'breathing = "calm"\n', "\n[breathing]\ninhale = 4\nhold_in = 9\nexhale = 6\n", 1
    )
    # Tables must come after the top-level keys: move the steps below the new table.
    problem = only_problem(write(tmp_path, text), catalogue)
    assert problem.line == 9
    assert problem.message.startswith("breathing.hold_in: 9 s is outside the safe range")


def test_step_breathing_inline_out_of_bounds(tmp_path: Path, catalogue: Catalogue) -> None:
    path = write(tmp_path, GOOD.replace("exhale = 8 }", "exhale = 13 }"))
    problem = only_problem(path, catalogue)
    assert problem.line == 25
    assert problem.message.startswith("steps[3].breathing.exhale: 13 s is outside")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('"clam"', "steps[3].breathing: unknown breathing preset 'clam' (did you mean 'calm'?)"),
        ("5", "steps[3].breathing: breathing must be a preset name"),
        ("[4, 0, 6, 0]", "steps[3].breathing: breathing must be a preset name"),
    ],
)
def test_step_breathing_of_the_wrong_kind(
    tmp_path: Path, catalogue: Catalogue, value: str, expected: str
) -> None:
    path = write(tmp_path, GOOD.replace("{ inhale = 4, hold_in = 7, exhale = 8 }", value))
    problem = only_problem(path, catalogue)
    assert problem.line == 25
    assert problem.message.startswith(expected)


def test_side_must_fit_the_point(tmp_path: Path, catalogue: Catalogue) -> None:
    text = GOOD.replace('side = "both"', 'side = "center"').replace(
        "seconds = 30\n", 'seconds = 30\nside = "each"\n'
    )
    problems = problems_of(write(tmp_path, text), catalogue)
    assert [p.line for p in problems] == [10, 25]
    assert "BL23 lies on both sides" in problems[0].message
    assert "GV20 is on the midline" in problems[1].message


def test_bad_choice_lists_the_choices(tmp_path: Path, catalogue: Catalogue) -> None:
    path = write(tmp_path, GOOD.replace('technique = "circular"', 'technique = "poke"'))
    problem = only_problem(path, catalogue)
    assert problem.line == 18
    assert "'circular'" in problem.message and "'tap'" in problem.message


def test_empty_file_reports_missing_fields_at_line_1(tmp_path: Path, catalogue: Catalogue) -> None:
    problems = problems_of(write(tmp_path, ""), catalogue)
    assert {p.message for p in problems} == {
        "missing field 'title'",
        "missing field 'area'",
        "missing field 'steps'",
    }
    assert {p.line for p in problems} == {1}


def test_missing_file_and_directory(tmp_path: Path, catalogue: Catalogue) -> None:
    assert only_problem(tmp_path / "nope.toml", catalogue).message == "no such file"
    assert "directory" in only_problem(tmp_path, catalogue).message


def test_deeply_nested_arrays_are_a_problem_not_a_crash(
    tmp_path: Path, catalogue: Catalogue
) -> None:
    path = write(tmp_path, "title = " + "[" * 5000 + "]" * 5000 + "\n")
    assert problems_of(path, catalogue)


class _Inner(BaseModel):
    model_config = ConfigDict(extra="forbid")
    a: int


class _WithUnion(BaseModel):
    model_config = ConfigDict(extra="forbid")
    value: str | _Inner


def test_union_member_names_in_pydantic_locations_map_to_the_key_line() -> None:
    source = 'x = 1\n\n[value]\na = "no"\n'
    try:
        _WithUnion.model_validate({"value": {"a": "no"}})
    except ValidationError as error:
        problems = validation_problems("f.toml", source, error, _WithUnion)
    else:  # pragma: no cover - the model must refuse this
        pytest.fail("expected a validation error")
    # Pydantic's locs are ("value", "str") and ("value", "_Inner", "a"): both belong to the file's
    # [value] table and its key a, not to an imaginary 'str' or '_Inner' key.
    assert sorted((p.line, p.message.split(":")[0]) for p in problems) == [
        (3, "value"),
        (4, "value.a"),
    ]


# --- discovery ----------------------------------------------------------------------------


def user_dir() -> Path:
    directory = paths.user_routines_dir()
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def test_broken_user_routine_is_listed_with_its_error(catalogue: Catalogue) -> None:
    write(user_dir(), GOOD.replace("seconds = 60", "secnds = 60"), "mine.toml")
    write(user_dir(), GOOD, "fine.toml")
    entries = {e.slug: e for e in discover(catalogue)}
    assert set(entries) >= BUILTINS
    broken = entries["mine"]
    assert broken.routine is None and broken.error
    assert broken.source == user_dir() / "mine.toml"
    assert [p.line for p in broken.error] == [15, 19]  # seconds missing; secnds unknown
    assert entries["fine"].routine is not None and not entries["fine"].builtin


def test_user_routine_replaces_a_builtin_of_the_same_name(catalogue: Catalogue) -> None:
    write(user_dir(), GOOD, "desk-break.toml")
    entries = [e for e in discover(catalogue) if e.slug == "desk-break"]
    assert len(entries) == 1
    assert entries[0].replaces_builtin
    assert entries[0].routine is not None and entries[0].routine.title == "Test routine"


def test_hidden_and_non_toml_files_are_ignored(catalogue: Catalogue) -> None:
    write(user_dir(), "garbage", ".#lock.toml")
    write(user_dir(), "garbage", "notes.txt")
    slugs = {e.slug for e in discover(catalogue)}
    assert slugs == BUILTINS


def test_find_routine_by_name_path_and_with_suggestions(
    tmp_path: Path, catalogue: Catalogue
) -> None:
    assert find_routine("Lower-Back", catalogue).slug == "lower-back"
    path = write(tmp_path, GOOD, "elsewhere.toml")
    found = find_routine(str(path), catalogue)
    assert found.routine is not None and found.source == path
    with pytest.raises(LookupError, match="did you mean lower-back"):
        find_routine("lower-bak", catalogue)


def test_line_numbers_count_only_newlines(tmp_path: Path, catalogue: Catalogue) -> None:
    # NEL and LINE SEPARATOR are not line breaks in TOML; counting them would shift lines.
    # (NEL, a C1 control, is refused in a text field: on the line it is on.)
    text = GOOD.replace('summary = "For tests."', 'summary = "a\u0085b\u2028c\u2029d"')
    path = write(tmp_path, text.replace("seconds = 60", "seconds = 0"))
    assert [p.line for p in problems_of(path, catalogue)] == [2, 19]


def test_messages_stay_on_one_line(tmp_path: Path, catalogue: Catalogue) -> None:
    path = write(tmp_path, GOOD.replace('breathing = "calm"', 'breathing = "ca\\nlm\\u0085"'))
    problem = only_problem(path, catalogue)
    assert problem.line == 6
    assert "\n" not in str(problem) and "\x85" not in str(problem)
    assert "unknown breathing preset" in problem.message


def test_pipes_and_directories_named_toml_are_listed_as_broken_without_blocking(
    catalogue: Catalogue,
) -> None:
    directory = user_dir()
    os.mkfifo(directory / "pipe.toml")  # reading it would block discovery forever
    (directory / "folder.toml").mkdir()
    (directory / "gone.toml").symlink_to(directory / "nothing.toml")
    entries = {e.slug: e for e in discover(catalogue)}
    assert set(entries) == BUILTINS | {"pipe", "folder", "gone"}
    messages = {slug: entries[slug].error[0].message for slug in ("pipe", "folder", "gone")}
    assert messages["pipe"] == "is a named pipe (FIFO), not a file"
    assert messages["folder"] == "is a directory, not a file"
    assert "symbolic link" in messages["gone"] and "does not exist" in messages["gone"]


# --- hold bounds: warnings, not errors --------------------------------------------------------


def test_a_hold_longer_than_the_points_bound_is_a_located_warning(
    tmp_path: Path, catalogue: Catalogue
) -> None:
    text = GOOD.replace('point = "BL23"', 'point = "BL40"')  # 90 s on BL40 (bound 60 s)
    path = write(tmp_path, text)
    routine, warnings = check_routine_file(path, catalogue)
    assert [w.line for w in warnings] == [GOOD.splitlines().index("seconds = 90") + 1]
    [warning] = warnings
    assert str(warning).startswith(f"{path}:12: warning: ")
    assert "BL40" in warning.message and "90 s" in warning.message and "60 s" in warning.message
    # Still a valid routine that plays.
    assert load_routine_file(path, catalogue) == routine
    [entry] = discover(catalogue, builtin_dir=tmp_path / "none", user_dir=tmp_path)
    assert entry.routine is not None and entry.warnings == warnings


def test_a_hold_within_the_bound_gives_no_warning(tmp_path: Path, catalogue: Catalogue) -> None:
    text = GOOD.replace('point = "BL23"', 'point = "BL40"').replace("seconds = 90", "seconds = 60")
    assert check_routine_file(write(tmp_path, text), catalogue)[1] == []


# --- tender ("ashi") steps ----------------------------------------------------------------------

ASHI = """\
title = "Tender spots"
area = "lower-back"

[[steps]]
point = "ashi"
region = "lower-back"
find = "Feel along the muscles beside your lower spine for the most tender spot."
seconds = 60
cue = "Press into it and breathe out."

[[steps]]
point = "BL23"
seconds = 60
"""


def test_an_ashi_step_validates_and_plans_without_a_catalogue_point(
    tmp_path: Path, catalogue: Catalogue
) -> None:
    routine, warnings = check_routine_file(write(tmp_path, ASHI), catalogue)
    assert warnings == []
    first, second = routine.plan(catalogue)
    assert first.ashi and first.point == "ashi" and first.side == "both"
    assert first.region == "lower-back"
    assert first.find.startswith("Feel along the muscles")
    assert first.cue == "Press into it and breathe out."
    assert not second.ashi and second.find == "" and second.region == ""
    # Not a catalogue point: no code of its own, but the tender-spot caution applies.
    assert routine.point_codes(catalogue) == ["BL23"]
    assert ("ashi", ASHI_CAUTION) in routine_cautions(routine, catalogue)


@pytest.mark.parametrize(
    ("old", "new", "line", "words"),
    [
        ('region = "lower-back"\n', "", 4, 'needs region = "'),
        ('find = "Feel along the muscles beside your lower spine for the most tender spot."\n',
         "", 4, 'needs find = "'),
        ('region = "lower-back"', 'region = "lowr-back"', 6, "did you mean 'lower-back'"),
        ('point = "BL23"\n', 'point = "BL23"\nfind = "here"\n', 13, "'find' is only for"),
        ('point = "BL23"\n', 'point = "BL23"\nregion = "knee"\n', 13, "'region' is only for"),
    ],
)  # fmt: skip
def test_ashi_mistakes_are_located(
    tmp_path: Path, catalogue: Catalogue, old: str, new: str, line: int, words: str
) -> None:
    problem = only_problem(write(tmp_path, ASHI.replace(old, new)), catalogue)
    assert problem.line == line and words in problem.message, problem


def test_a_long_hold_on_a_tender_spot_is_a_warning(tmp_path: Path, catalogue: Catalogue) -> None:
    text = ASHI.replace("seconds = 60\ncue", f"seconds = {ASHI_MAX_HOLD_SECONDS + 30:g}\ncue")
    [warning] = check_routine_file(write(tmp_path, text), catalogue)[1]
    assert warning.line == 8 and "tender spot" in warning.message


# --- pregnancy, from the catalogue's field ----------------------------------------------------


def test_pregnancy_cautions_come_from_the_field_not_the_wording(
    tmp_path: Path, catalogue: Catalogue
) -> None:
    routine = builtin("upper-back", catalogue)
    [li4] = pregnancy_cautions(routine, catalogue)
    assert (li4.code, li4.level, li4.avoid) == ("LI4", "avoid", True)
    assert li4.caution in catalogue.require("LI4").cautions
    gentle = pregnancy_cautions(builtin("lower-back", catalogue), catalogue)
    assert [(c.code, c.level) for c in gentle] == [("BL23", "gentle")]
    # A catalogue whose LI4 has no pregnancy field: the caution text alone does not count.
    source = paths.catalogue_file().read_text(encoding="utf-8")
    anchor = source.index('code = "LI4"')
    at = source.index('pregnancy = "avoid"\n', anchor)
    edited = tmp_path / "points.toml"
    edited.write_text(source[:at] + source[at + len('pregnancy = "avoid"\n') :], encoding="utf-8")
    without = load_catalogue(edited)
    assert any("pregnan" in c for c in without.require("LI4").cautions)
    assert pregnancy_cautions(routine, without) == []


# --- the plan: one call for what plays -----------------------------------------------------


def test_the_plan_leaves_out_skipped_points_and_renumbers(
    tmp_path: Path, catalogue: Catalogue
) -> None:
    routine = load_routine_file(write(tmp_path, GOOD), catalogue)
    full = routine.plan(catalogue)
    assert [s.point for s in full] == ["BL23", "GB30", "GB30", "GV20"]
    plan = routine.plan(catalogue, skip={"BL23"})
    assert [s.point for s in plan] == ["GB30", "GB30", "GV20"]
    assert [s.index for s in plan] == [0, 1, 2]
    assert plan[0].transition_before == 0.0  # the first step played never waits
    assert plan[1].transition_before == full[2].transition_before > 0
    assert [s.step_number for s in plan] == [2, 2, 3]  # the file's numbering, for messages
    assert routine.plan(catalogue, skip={"BL23", "GB30", "GV20"}) == []


def test_the_settings_breathing_paces_only_a_routine_without_its_own(
    tmp_path: Path, catalogue: Catalogue
) -> None:
    box = PRESETS["box"]
    own = load_routine_file(write(tmp_path, GOOD), catalogue)  # breathing = "calm"
    assert [s.breathing for s in own.plan(catalogue, default_breathing=box)] == [
        s.breathing for s in own.plan(catalogue)
    ]
    unset = load_routine_file(
        write(tmp_path, GOOD.replace('breathing = "calm"\n', ""), "u.toml"), catalogue
    )
    paced = unset.plan(catalogue, default_breathing=box)
    assert [s.breathing == box for s in paced] == [True, True, True, False]  # GV20 sets its own
    assert paced[-1].breathing == BreathingPattern(inhale=4, hold_in=7, exhale=8)


def test_every_routine_area_maps_to_journal_areas() -> None:
    from typing import get_args

    from tui.core.areas import AREAS, ROUTINE_AREAS
    from tui.core.routines import Area

    assert get_args(Area) == tuple(ROUTINE_AREAS)
    for routine_area, journal_areas in ROUTINE_AREAS.items():
        assert journal_areas and set(journal_areas) <= set(AREAS), routine_area

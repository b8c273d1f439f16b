"""``acupress routines``: list routines, show one, or check routine files.

- ``acupress routines [--json]``: every routine, built-in and user; broken ones with their error.
- ``acupress routines show NAME [--json]``: one routine's expanded steps and timeline.
- ``acupress routines check NAME|FILE... [--quiet]``: one ``FILE:LINE: message`` line per
  problem; ``FILE: ok`` for each valid file (not with ``--quiet``); exit 1 if any is invalid.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.cli.common import CliError, load_catalogue, print_json
from tui.cli.tree import completes, list_usage
from tui.core.durations import format_clock, format_words

if TYPE_CHECKING:  # the parser is built for every command: the routines only for these
    from tui.core.points import Catalogue
    from tui.core.problems import Problem
    from tui.core.routines import PlannedStep, RoutineEntry

DESCRIPTION = """\
Guided routines: built-in ones, and your own TOML files in the folder
$XDG_CONFIG_HOME/acupress/routines/, each named after its file.

  routines [--json]     every routine with its area and duration; ⚠ marks
                        one whose points carry cautions of their own; a
                        broken routine of yours is listed with its error
  routines show NAME    one routine: its steps (both sides of an "each"
                        step) and a timeline; NAME may be a .toml file
  routines check NAME|FILE...
                        validate routines: a FILE:LINE: message line per
                        problem, "FILE: ok" for a valid one; exit status
                        1 if any is invalid; a step that holds a point
                        longer than the catalogue advises is a FILE:LINE:
                        warning: the file is still valid and still plays
"""


def add_parser(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "routines",
        help="list the guided routines, show one, or check routine files",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--json", action="store_true", help="print a list of routine objects")
    parser.set_defaults(handler=run_list)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    show = commands.add_parser(
        "show",
        help="show one routine's steps and timeline",
        description="Show a routine: its steps, with both sides of an 'each' step, the "
        "cautions of its points, and a timeline of when each step and transition starts.",
    )
    completes(
        show.add_argument(
            "name",
            metavar="NAME",
            help="a routine's name (see 'acupress routines') or a .toml file",
        ),
        "routines",
    )
    show.add_argument("--json", action="store_true", help="print the routine as a JSON object")
    show.set_defaults(handler=run_show)

    check = commands.add_parser(
        "check",
        help="validate routines (FILE:LINE: message per problem)",
        description="Validate routines, built-in or yours, by name or by file, against the "
        "format and the point catalogue. Prints one 'FILE:LINE: message' line per problem "
        "and 'FILE: ok' for each valid one. Exit status: 0 if every one is valid, 1 if any "
        "is not.",
    )
    completes(
        check.add_argument(
            "routines",
            nargs="+",
            metavar="NAME|FILE",
            help="a routine's name (see 'acupress routines'), or a routine file",
        ),
        "routines",
    )
    check.add_argument("-q", "--quiet", action="store_true", help="print nothing for valid ones")
    check.set_defaults(handler=run_check)
    list_usage(parser)


def number(value: float) -> int | float:
    """Whole seconds as ints in JSON: ``90`` rather than ``90.0``."""
    return int(value) if float(value).is_integer() else round(value, 3)


def problems_json(problems: list[Problem]) -> list[dict[str, Any]]:
    return [{"path": str(p.path), "line": p.line, "message": p.message} for p in problems]


def entry_summary(entry: RoutineEntry, cat: Catalogue) -> dict[str, Any]:
    """One routine as listed by ``acupress routines --json``."""
    from tui.core.routines import grouped_cautions, pregnancy_cautions

    data: dict[str, Any] = {"slug": entry.slug, "source": entry.source_label}
    routine = entry.routine
    if routine is None:
        data |= {
            "title": None,
            "area": None,
            "summary": None,
            "total_seconds": None,
            "step_count": None,
            "points": [],
            "cautions": [],
            "pregnancy": [],
            "error": "\n".join(str(p) for p in entry.error),
            "problems": problems_json(entry.error),
            "warnings": [],
        }
    else:
        plan = routine.plan(cat)
        data |= {
            "title": routine.title,
            "area": routine.area,
            "summary": routine.summary,
            "total_seconds": number(sum(s.seconds + s.transition_before for s in plan)),
            "step_count": len(plan),
            "points": routine.point_codes(cat),
            "cautions": [
                {"points": codes, "caution": text} for codes, text in grouped_cautions(routine, cat)
            ],
            "pregnancy": [
                {"point": p.code, "level": p.level, "caution": p.caution}
                for p in pregnancy_cautions(routine, cat)
            ],
            "error": None,
            "problems": [],
            "warnings": problems_json(entry.warnings),
        }
    data["replaces_builtin"] = entry.replaces_builtin
    return data


def step_json(step: PlannedStep) -> dict[str, Any]:
    return {
        "number": step.index + 1,
        "file_step": step.step_number,
        "point": step.point,
        "point_name": step.point_name,
        "pinyin": step.pinyin,
        "side": step.side,
        "technique": step.technique,
        "seconds": number(step.seconds),
        "cue": step.cue,
        "breathing": step.breathing.to_json(),
        "transition_before": number(step.transition_before),
        "ashi": {"region": step.region, "find": step.find} if step.ashi else None,
    }


def entry_detail(entry: RoutineEntry, cat: Catalogue) -> dict[str, Any]:
    """One routine in full, as printed by ``acupress routines show NAME --json``."""
    from tui.core.routines import timeline

    routine = entry.routine
    assert routine is not None
    plan = routine.plan(cat)
    segments = timeline(plan)
    starts = {s.step.index: s for s in segments if s.kind == "step"}
    steps = []
    for step in plan:
        item = step_json(step)
        item["start"] = number(starts[step.index].start)
        item["end"] = number(starts[step.index].end)
        steps.append(item)
    data = entry_summary(entry, cat)
    data |= {
        "evidence": routine.evidence,
        "sources": list(routine.sources),
        "breathing": routine.breathing.to_json(),
        "transition_seconds": number(routine.transition_seconds),
        "steps": steps,
        "timeline": [
            {
                "kind": s.kind,
                "step": s.step.index + 1,
                "start": number(s.start),
                "end": number(s.end),
            }
            for s in segments
        ],
    }
    return data


def run_list(args: argparse.Namespace) -> int:
    from tui.core.routines import discover, routine_cautions

    cat = load_catalogue()
    entries = discover(cat, check_builtin=False)
    if args.json:
        print_json([entry_summary(e, cat) for e in entries])
        return 0
    if not entries:
        print("no routines found")
        return 0
    for entry in entries:
        origin = "" if entry.builtin else "  (yours)"
        if entry.routine is None:
            print(f"{entry.slug:<22} BROKEN: {entry.source_label}{origin}")
            for problem in entry.error:
                print(f"{'':<22}   {problem}")
            continue
        routine = entry.routine
        total = routine.total_seconds(cat)
        flag = "  ⚠" if routine_cautions(routine, cat) else ""
        print(
            f"{entry.slug:<22} {format_clock(total):>6}  {routine.area:<11} {routine.title}{origin}{flag}"
        )
    print(
        "\n⚠ = a point in it carries a caution of its own (beyond the one every point has);"
        "\n    see 'acupress routines show NAME'."
    )
    return 0


def run_show(args: argparse.Namespace) -> int:
    from tui.core.routines import find_routine

    cat = load_catalogue()
    try:
        entry = find_routine(args.name, cat, check_builtin=False)
    except LookupError as error:
        raise CliError(str(error.args[0] if error.args else error)) from None
    if entry.routine is None:
        if args.json:
            print_json(entry_summary(entry, cat))
        else:
            print(f"routine '{entry.slug}' is broken and cannot be played:")
            for problem in entry.error:
                print(f"  {problem}")
        return 1
    if args.json:
        print_json(entry_detail(entry, cat))
    else:
        print(describe(entry, cat))
    return 0


def run_check(args: argparse.Namespace) -> int:
    from tui.core.problems import ProblemError
    from tui.core.routines import check_routine_file, looks_like_path, routine_file

    cat = load_catalogue()
    invalid = 0
    for name in args.routines:
        path = Path(name)
        if not looks_like_path(name):
            # A routine's name first (built-in or yours); else a file of that name.
            try:
                path = routine_file(name).path
            except LookupError as error:
                if not os.path.lexists(path):  # (False for a name too long to be one)
                    invalid += 1
                    print(f"{name}: {error.args[0] if error.args else error}")
                    continue
        try:
            _, warnings = check_routine_file(path, cat)  # in full, a built-in too
        except ProblemError as error:
            invalid += 1
            for problem in error.problems:
                print(problem)
            continue
        for warning in warnings:  # the file is valid and plays: these are advice
            print(warning)
        if not args.quiet:
            more = (
                f" ({len(warnings)} warning{'s' if len(warnings) != 1 else ''})" if warnings else ""
            )
            print(f"{path}: ok{more}")
    return 1 if invalid else 0


def describe(entry: RoutineEntry, cat: Catalogue, width: int = 78) -> str:
    import textwrap

    from tui.core.routines import general_cautions, grouped_cautions, timeline

    routine = entry.routine
    assert routine is not None
    plan = routine.plan(cat)
    total = sum(s.seconds + s.transition_before for s in plan)

    def wrap(text: str, indent: str = "  ") -> list[str]:
        return textwrap.wrap(
            " ".join(text.split()), width, initial_indent=indent, subsequent_indent=indent
        )

    lines = [f"{routine.title}  [{entry.slug}]"]
    lines.append(
        f"Area: {routine.area}    Duration: {format_words(total)}    Steps: {len(plan)}    "
        f"Source: {entry.source_label}"
    )
    if routine.summary:
        lines += ["", *wrap(routine.summary, "")]
    lines += ["", f"Breathing: {routine.breathing.describe()}"]
    if entry.warnings:
        lines += ["", "WARNINGS:", *(f"  {w}" for w in entry.warnings)]
    lines += ["", "CAUTIONS:"]
    for code, caution in [
        *((", ".join(codes), text) for codes, text in grouped_cautions(routine, cat)),
        *(("all points", c) for c in general_cautions(cat)),
    ]:
        lines += textwrap.wrap(
            f"{code}: {caution}", width, initial_indent="  ! ", subsequent_indent="    "
        )
    lines += ["", "Steps:"]
    for segment in timeline(plan):
        step = segment.step
        span = f"{format_clock(segment.start):>6}–{format_clock(segment.end):<6}"
        if segment.kind == "transition":
            lines.append(f"{span}   (move your hands: {format_words(segment.seconds)})")
            continue
        where = f" in the {step.region.replace('-', ' ')}" if step.ashi else ""
        lines.append(
            f"{span} {step.index + 1:>2}. {step.title} ({step.point_name}){where}, "
            f"{step.side_text}: {step.technique}, {format_words(step.seconds)}"
        )
        if step.ashi:
            lines += wrap(f"Find it: {step.find}", " " * 18)
        lines += wrap(step.cue, " " * 18)
        if step.breathing != routine.breathing:
            lines.append(f"{'':18}Breathing: {step.breathing.describe()}")
    if routine.evidence:
        lines += ["", "Evidence:", *wrap(routine.evidence)]
    if routine.sources:
        lines += ["", "Sources:"]
        for source in routine.sources:
            lines += textwrap.wrap(source, width, initial_indent="  - ", subsequent_indent="    ")
    lines += ["", "Self-care information, not medical advice. Press firmly, never to sharp pain."]
    return "\n".join(lines)

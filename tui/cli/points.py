"""``acupress points [QUERY] [--json]`` and ``acupress points show CODE [--json]``."""

from __future__ import annotations

import argparse
import textwrap
from typing import Any

from tui.cli.common import CliError, print_json
from tui.core.points import REGIONS, USES, Catalogue, Point, load_catalogue
from tui.core.problems import ProblemError

USAGE = "acupress points [QUERY ...] [--region R] [--use U] [--json]\n       acupress points show CODE [--json]"


def add_parser(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "points",
        help="search the point catalogue, or show one point",
        usage=USAGE,
        description=(
            "List the points matching QUERY (code, alias, pinyin with or without tone marks, "
            "English name, region or use), best match first. 'points show CODE' prints one "
            "point in full; CODE may be a code or an alias, in any case."
        ),
    )
    parser.add_argument(
        "query", nargs="*", metavar="QUERY", help="words to search for; none lists every point"
    )
    parser.add_argument("--region", choices=REGIONS, help="only points in this region")
    parser.add_argument("--use", choices=USES, help="only points with this use")
    parser.add_argument("--json", action="store_true", help="print JSON for scripts")
    parser.set_defaults(handler=run)


def catalogue() -> Catalogue:
    try:
        return load_catalogue()
    except ProblemError as error:
        raise CliError(f"the point catalogue is damaged:\n{error}") from None


def point_json(point: Point, cat: Catalogue) -> dict[str, Any]:
    data = point.to_json()
    data["sources"] = cat.citations(point)
    data["pregnancy_caution"] = point.pregnancy_caution
    return data


def run(args: argparse.Namespace) -> int:
    words: list[str] = args.query
    cat = catalogue()
    if words[:1] == ["show"]:
        if len(words) != 2:
            raise CliError("usage: acupress points show CODE [--json]", exit_code=2)
        point = cat.get(words[1])
        if point is None:
            raise CliError(cat.unknown_message(words[1]))
        if args.json:
            print_json(point_json(point, cat))
        else:
            print(describe(point, cat))
        return 0
    found = cat.search(" ".join(words), region=args.region, use=args.use)
    if args.json:
        print_json([point_json(p, cat) for p in found])
        return 0
    if not found:
        print(f"no points match '{' '.join(words)}'")
        return 1
    for point in found:
        flag = {"avoid": "  ⚠ avoid in pregnancy", "gentle": "  ⚠ gentle in pregnancy"}.get(
            point.pregnancy or "", ""
        )
        print(f"{point.code:<7} {point.pinyin:<13} {point.name} ({point.region}){flag}")
    return 0


def describe(point: Point, cat: Catalogue, width: int = 78) -> str:
    def block(title: str, text: str) -> list[str]:
        return [
            f"{title}:",
            *textwrap.wrap(text, width, initial_indent="  ", subsequent_indent="  "),
            "",
        ]

    lines = [f"{point.code}  {point.pinyin} {point.hanzi}  {point.name}"]
    if point.aliases:
        lines.append(f"Also known as: {', '.join(point.aliases)}")
    lines.append(
        f"Meridian: {point.meridian}    Region: {point.region}    Uses: {', '.join(point.uses)}"
    )
    lines.append(f"One hold: up to {point.max_hold_seconds} s at a time")
    lines.append("")
    if point.cautions:
        lines.append("CAUTIONS:")
        for caution in point.cautions:
            lines += textwrap.wrap(caution, width, initial_indent="  ! ", subsequent_indent="    ")
        lines.append("")
    lines += block("Location", point.location)
    lines += block("How to find it", point.how_to_find)
    lines += block("Technique", point.technique)
    if point.notes:
        lines += block("Notes", point.notes)
    lines.append("Sources:")
    for citation in cat.citations(point):
        lines += textwrap.wrap(citation, width, initial_indent="  - ", subsequent_indent="    ")
    lines.append("")
    lines.append("Self-care information, not medical advice.")
    return "\n".join(lines)

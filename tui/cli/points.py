"""``acupress points [search] [QUERY ...]`` and ``acupress points show CODE``."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from tui.cli.common import CliError, load_catalogue, print_json
from tui.cli.tree import completes, list_usage, set_default_subcommand
from tui.core.areas import REGIONS, USES

if TYPE_CHECKING:  # the parser is built for every command: the catalogue only for these
    from tui.core.points import Catalogue, Point


def add_parser(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "points",
        help="search the point catalogue, or show one point",
        description=(
            "Search the point catalogue, or show one point in full. 'acupress points QUERY' "
            "is short for 'acupress points search QUERY'."
        ),
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    set_default_subcommand(parser, "search")

    search = commands.add_parser(
        "search",
        help="list the points matching QUERY, best match first (the default command)",
        description=(
            "List the points matching QUERY (code, alias, pinyin with or without tone marks, "
            "English name, region or use), best match first; a point cautioned in pregnancy "
            "is marked. Exit status 1 if none matches."
        ),
    )
    completes(
        search.add_argument(
            "query", nargs="*", metavar="QUERY", help="words to search for; none lists every point"
        ),
        "points",
    )
    search.add_argument(
        "--region",
        choices=REGIONS,
        metavar="REGION",
        help=f"only points in this region: {', '.join(REGIONS)}",
    )
    search.add_argument(
        "--use",
        choices=USES,
        metavar="USE",
        help=f"only points with this traditional use: {', '.join(USES)}",
    )
    search.add_argument("--json", action="store_true", help="print a list of point objects")
    search.set_defaults(handler=run_search)

    show = commands.add_parser(
        "show",
        help="one point in full: cautions, location, how to find it, technique, sources",
        description=(
            "Print one point in full: its cautions, location (WHO 2008), how to find it, "
            "the technique, notes and sources. Exit status 1 for an unknown point, with the "
            "closest codes."
        ),
    )
    completes(
        show.add_argument(
            "code", metavar="CODE", help="a code or an alias, in any case: li4, AP1, ub23"
        ),
        "points",
    )
    show.add_argument("--json", action="store_true", help="print the point as a JSON object")
    show.set_defaults(handler=run_show)
    list_usage(parser)


def point_json(point: Point, cat: Catalogue) -> dict[str, Any]:
    data = point.to_json()
    data["sources"] = cat.citations(point)
    data["pregnancy_caution"] = point.pregnancy_caution
    return data


def run_show(args: argparse.Namespace) -> int:
    cat = load_catalogue()
    point = cat.get(args.code)
    if point is None:
        raise CliError(cat.unknown_message(args.code))
    if args.json:
        print_json(point_json(point, cat))
    else:
        print(describe(point, cat))
    return 0


def run_search(args: argparse.Namespace) -> int:
    words: list[str] = args.query
    cat = load_catalogue()
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
    import textwrap

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

"""``acupress log LEVEL ...`` and ``acupress journal [stats|export|report|import|delete|merge]``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.cli.common import CliError, add_journal_option, add_output_option, print_json
from tui.cli.tree import completes, list_usage
from tui.core.areas import AREAS
from tui.core.journal.scale import LEVEL_MAX, LEVEL_MIN, RATING_PHASES
from tui.core.problems import Problem, ProblemError

if TYPE_CHECKING:  # the parser is built for every command: these only where needed
    from datetime import date, datetime

    from tui.core.journal.entry import Entry
    from tui.core.journal.merge import Change, Merged
    from tui.core.journal.parse import Parsed
    from tui.core.journal.store import JournalStore
    from tui.core.stats import JournalSummary

USAGE_ERROR = 2


def add_parser(subparsers: Any) -> None:
    add_log_parser(subparsers)
    add_journal_parser(subparsers)


def add_log_parser(subparsers: Any) -> None:
    log: argparse.ArgumentParser = subparsers.add_parser(
        "log",
        help="save a pain rating to the journal",
        description=(
            f"Save how much it hurts now, from {LEVEL_MIN} (no pain) to {LEVEL_MAX} "
            "(worst pain imaginable), and print the saved entry."
        ),
    )
    completes(
        log.add_argument(
            "level",
            metavar="LEVEL",
            help=f"a whole number from {LEVEL_MIN} (no pain) to {LEVEL_MAX} (worst imaginable)",
        ),
        words=[str(n) for n in range(LEVEL_MIN, LEVEL_MAX + 1)],
    )
    completes(
        log.add_argument(
            "--area",
            action="append",
            default=[],
            metavar="AREA",
            help=f"where it hurts (repeat for several): {', '.join(AREAS)}",
        ),
        words=AREAS,
    )
    log.add_argument("--note", metavar="TEXT", help="a note; may span lines")
    log.add_argument(
        "--at",
        metavar="'YYYY-MM-DD HH:MM'",
        help="when, in local time (default: now); an ISO 8601 offset may follow",
    )
    completes(
        log.add_argument("--routine", metavar="SLUG", help="the routine this rating is about"),
        "routines",
    )
    log.add_argument("--phase", choices=RATING_PHASES, help="before or after the routine")
    log.add_argument("--session", metavar="ID", help="links a before and an after rating")
    add_journal_option(log)
    log.set_defaults(handler=run_log)


def add_journal_parser(subparsers: Any) -> None:
    journal: argparse.ArgumentParser = subparsers.add_parser(
        "journal",
        help="list, summarise, export, report, import, delete or merge journal entries",
        description="List the journal's entries, newest first; or a subcommand.",
    )
    add_filters(journal)
    journal.add_argument("--json", action="store_true", help="print a list of entry objects")
    add_journal_option(journal)
    journal.set_defaults(handler=run_list)
    actions = journal.add_subparsers(
        title="subcommands", metavar="SUBCOMMAND", prog="acupress journal"
    )

    stats = actions.add_parser(
        "stats",
        help="count, mean, min, max, 7- and 30-day means, trend, routine before/after",
        description=(
            "Summarise the journal. The trend is the least-squares slope of the daily means "
            "(points per week) over the last 30 days, or over --days."
        ),
    )
    stats.add_argument("--days", type=positive_int, metavar="N", help="only the last N days")
    stats.add_argument(
        "--json",
        action="store_true",
        default=argparse.SUPPRESS,
        help="print the figures as a JSON object",
    )
    add_journal_option(stats)
    stats.set_defaults(handler=run_stats)

    export = actions.add_parser(
        "export",
        help="write every entry as CSV, JSON or a FHIR R4 Bundle, oldest first",
        description=(
            "Write every entry, oldest first, to standard output or FILE (created readable "
            "only by you). CSV cells a spreadsheet would run as a formula start with a "
            "quote; 'journal import' takes it off again. fhir: an HL7 FHIR R4 Bundle of "
            "Observations (LOINC 72514-3) for a clinic's system."
        ),
    )
    export.add_argument(
        "--format",
        choices=("csv", "json", "fhir"),
        required=True,
        help="csv (one row per entry), json (a list of entry objects) or fhir (an R4 Bundle)",
    )
    add_output_option(export)
    add_journal_option(export)
    export.set_defaults(handler=run_export)

    report = actions.add_parser(
        "report",
        help="a printable HTML page for your doctor: chart, figures, areas, routines",
        description=(
            "Write one self-contained HTML page (no scripts, nothing fetched) that prints on "
            "one or two pages: the period, a chart of the daily means, the figures of "
            "'journal stats --days N', the areas and each routine's change. Notes are "
            "private: they are included only with --notes (and may add pages). Open the "
            "file in a browser and print it."
        ),
    )
    report.add_argument(
        "--since",
        type=iso_date,
        metavar="DATE",
        help="first day (default: 90 days before --until, or the first rating if later)",
    )
    report.add_argument("--until", type=iso_date, metavar="DATE", help="last day (default: today)")
    report.add_argument("--notes", action="store_true", help="include the notes")
    report.add_argument(
        "--paper", choices=("a4", "letter"), help="paper size (default: the printer's)"
    )
    add_output_option(report)
    add_journal_option(report)
    report.set_defaults(handler=run_report)

    importer = actions.add_parser(
        "import",
        help="add the entries of an acupress CSV or JSON export",
        description=(
            "Add the entries of FILE, an export made by 'acupress journal export' (CSV or "
            "JSON, by its name or content). Entries already in the journal are skipped, so "
            "importing twice adds nothing; an entry whose id is in the journal with other "
            "content is reported and left as the journal has it (exit 1). A file with any "
            "bad entry imports nothing."
        ),
    )
    importer.add_argument(
        "file", type=Path, metavar="FILE", help="a file made by 'acupress journal export'"
    )
    importer.add_argument(
        "--format", choices=("csv", "json"), help="the file's format (default: from FILE)"
    )
    add_journal_option(importer)
    importer.set_defaults(handler=run_import)

    delete = actions.add_parser(
        "delete",
        help="delete one entry by its id",
        description="Delete the entry with ID (the file is rewritten; the old one is kept as .bak).",
    )
    delete.add_argument("id", metavar="ID", help="the entry's id, as 'acupress journal' lists it")
    add_journal_option(delete)
    delete.set_defaults(handler=run_delete)

    add_merge_parser(actions)
    list_usage(journal)


def add_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--since", type=iso_date, metavar="DATE", help="from this day (YYYY-MM-DD)")
    parser.add_argument("--until", type=iso_date, metavar="DATE", help="to this day, included")
    completes(
        parser.add_argument(
            "--area",
            action="append",
            default=[],
            metavar="AREA",
            help="only entries with this area (repeat for several)",
        ),
        words=AREAS,
    )


def iso_date(text: str) -> date:
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"bad date '{text}': use YYYY-MM-DD") from None


MAX_DAYS = 36_500
"""``journal stats --days``: at most a hundred years (leave it out for every entry)."""


def positive_int(text: str) -> int:
    """A number of days: ASCII digits only (``int()`` would take ``1_0`` and ``١٠``)."""
    significant = text.lstrip("0") if text.isascii() and text.isdigit() else ""
    if not significant:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of days above 0")
    if len(significant) > len(str(MAX_DAYS)) or int(significant) > MAX_DAYS:
        raise argparse.ArgumentTypeError(
            f"{text} days is more than {MAX_DAYS} (a hundred years); "
            "leave --days out to summarise every entry"
        )
    return int(significant)


# --- helpers --------------------------------------------------------------------------------


def store_for(args: argparse.Namespace, *, notice: bool = True) -> JournalStore:
    """The journal chosen by --journal, $ACUPRESS_JOURNAL, the config or the default.

    With *notice*, sync conflict copies beside it are named on stderr, with the command
    that merges them.
    """
    from tui.core.journal.store import JournalStore
    from tui.core.paths import resolve_journal

    try:
        location = resolve_journal(
            getattr(args, "journal", None),
            configured=args.settings.journal,
            settings_problems=args.settings_problems,
        )
    except ProblemError as error:
        # A bad --journal is a usage error; a bad $ACUPRESS_JOURNAL or config, one of files.
        given = getattr(args, "journal", None) is not None
        message = "\n".join(str(p) for p in error.problems)
        raise CliError(message, USAGE_ERROR if given else 1) from None
    if notice:
        note_conflict_copies(location.path)
    return JournalStore(location.path)


@contextmanager
def journal_errors(action: str) -> Iterator[None]:
    """Print a journal's problems (``PATH:LINE: message``) and exit 1, without a traceback."""
    try:
        yield
    except ProblemError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        raise CliError(action) from None
    except OSError as error:
        where = f" {error.filename}" if error.filename else ""
        raise CliError(f"cannot write{where}: {error.strerror}; {action}") from None


def load(store: JournalStore) -> list[Entry]:
    with journal_errors("the journal could not be read (it was not changed)"):
        return store.load()


def area_list(names: Sequence[str]) -> list[str]:
    from tui.core.journal.entry import check_area

    try:
        return [check_area(name) for name in names]
    except ValueError as error:
        raise CliError(str(error), USAGE_ERROR) from None


def parse_level(text: str) -> int:
    from tui.core.journal.entry import level_from_text

    try:
        return level_from_text(text)
    except ValueError as error:
        raise CliError(f"level {error}", USAGE_ERROR) from None


def parse_at(text: str, now: datetime) -> datetime:
    """``YYYY-MM-DD HH:MM`` (seconds and an offset optional) as an aware datetime."""
    from datetime import timedelta

    from tui.core.when import MomentError, parse_typed

    try:
        local = parse_typed(text)
    except MomentError as error:
        raise CliError(f"--at '{text.strip()}': {error}", USAGE_ERROR) from None
    if local.note:
        print(f"acupress: note: {local.note}", file=sys.stderr)
    moment = local.at
    if moment - now > timedelta(minutes=1):
        raise CliError(f"--at '{text.strip()}': is in the future", USAGE_ERROR)
    return moment.replace(microsecond=0)


def describe(entry: Entry) -> str:
    """One entry as a line, with its note indented below."""
    areas = ", ".join(entry.areas) or "-"
    when = entry.at.isoformat(" ", "minutes")[:16]  # YYYY-MM-DD HH:MM, faster than strftime
    line = f"{entry.id}  {when}  {entry.level:>2}/10  {areas}"
    if entry.routine:
        line += f"  [{entry.routine}{' ' + entry.phase if entry.phase else ''}]"
    if entry.note:
        # Lines end at newlines only: a form feed, NEL or U+2028 is shown, not obeyed.
        lines = entry.note.replace("\r\n", "\n").split("\n")
        line += "".join(f"\n    {text}" for text in lines)
    return line


def entry_json(entry: Entry) -> dict[str, Any]:
    return entry.to_json()


def write_output(args: argparse.Namespace, data: bytes, what: str) -> bool:
    """*data* to ``args.output`` or standard output; True if a file was written.

    The one policy for files written on request (export, report, remind): the file is
    written as every acupress file is (:func:`tui.core.files.write_atomic`: a regular
    file only, through a symlink, in one step, new files 0600, a refusal changes
    nothing), and never over the journal, its ``.bak`` or ``.lock`` (by name, symlink or
    hard link). A terminal sees control characters as escapes; a pipe gets the exact data.
    """
    from tui.core.files import same_file, write_atomic

    output: Path | None = args.output
    if output is None:
        if sys.stdout.isatty():  # shown, not stored: no control sequence reaches the terminal
            from tui.core.text import visible

            # (CSV rows end in CRLF: on a terminal, a line break is enough.)
            data = visible(data.decode("utf-8").replace("\r\n", "\n")).encode("utf-8")
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return False
    store = store_for(args)
    own = [store.path]
    with suppress(ProblemError):  # a journal path that is no file has no files beside it
        own += [store.target, store.backup_path, store.lock_path]
    if any(same_file(output, path) for path in own):
        raise CliError(
            f"will not write over the journal or its own files ({output}); no {what} was written",
            USAGE_ERROR,
        )
    try:
        write_atomic(output, data)
    except ProblemError as error:
        raise CliError(f"{error}; no {what} was written") from None
    except OSError as error:
        raise CliError(f"cannot write {output}: {error.strerror}; no {what} was written") from None
    return True


# --- commands -------------------------------------------------------------------------------


def run_log(args: argparse.Namespace) -> int:
    from tui.core.journal.entry import new_entry
    from tui.core.when import now_local

    now = now_local()
    level = parse_level(args.level)
    areas = area_list(args.area)
    at = now if args.at is None else parse_at(args.at, now)
    try:
        entry = new_entry(
            level,
            areas,
            args.note,
            at=at,
            routine=args.routine,
            phase=args.phase,
            session=args.session,
        )
    except ValueError as error:
        raise CliError(str(error), USAGE_ERROR) from None
    store = store_for(args)
    with journal_errors("nothing was saved; the journal was left as it was"):
        store.append(entry)
    print(f"saved to {store.path}:")
    print(describe(entry))
    return 0


def selected(entries: Sequence[Entry], args: argparse.Namespace) -> list[Entry]:
    from tui.core.journal.entry import newest_first

    areas = set(area_list(args.area))
    if not (args.since or args.until or areas):
        return newest_first(entries)
    out = []
    for entry in newest_first(entries):
        if args.since and entry.day < args.since:
            continue
        if args.until and entry.day > args.until:
            continue
        if areas and not areas.intersection(entry.areas):
            continue
        out.append(entry)
    return out


def run_list(args: argparse.Namespace) -> int:
    store = store_for(args)
    entries = selected(load(store), args)
    if args.json:
        print_json([entry_json(e) for e in entries])
        return 0
    if not entries:
        print("no entries" if store.exists() else f"no entries yet ({store.path} does not exist)")
        return 0
    print("\n".join(map(describe, entries)))  # one write: years of entries in a blink
    return 0


def run_stats(args: argparse.Namespace) -> int:
    from tui.core.stats import summary
    from tui.core.when import now_local

    store = store_for(args)
    result = summary(load(store), now_local().date(), args.days)
    if getattr(args, "json", False):
        print_json(summary_json(result))
    else:
        print(summary_text(result))
    return 0


def _num(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def summary_json(result: JournalSummary) -> dict[str, Any]:
    return {
        "days": result.days,
        "count": result.count,
        "mean": _num(result.mean),
        "min": result.min,
        "max": result.max,
        "mean_7_days": _num(result.mean_7_days),
        "mean_30_days": _num(result.mean_30_days),
        "trend": {
            "points_per_week": _num(result.trend.points_per_week),
            "label": result.trend.label,
            "days": result.trend.days,
        },
        "routines": [
            {
                "routine": r.routine,
                "pairs": r.pairs,
                "mean_before": _num(r.mean_before),
                "mean_after": _num(r.mean_after),
                "mean_change": _num(r.mean_change),
            }
            for r in result.routines
        ],
    }


def summary_text(result: JournalSummary) -> str:
    def show(value: float | None) -> str:
        return "-" if value is None else f"{value:.1f}"

    window = "all entries" if result.days is None else f"last {result.days} days"
    lines = [f"Entries: {result.count} ({window})"]
    if result.count:
        lines.append(f"Level: mean {show(result.mean)}, min {result.min}, max {result.max}")
    lines.append(
        f"Mean, last 7 days: {show(result.mean_7_days)}; last 30 days: {show(result.mean_30_days)}"
    )
    trend = result.trend
    slope = "" if trend.points_per_week is None else f", {trend.points_per_week:+.2f} points/week"
    lines.append(f"Trend over the last {trend.days} days: {trend.label}{slope}")
    if result.routines:
        lines.append("Routines, mean level before -> after (paired sessions):")
        for r in result.routines:
            sessions = "session" if r.pairs == 1 else "sessions"
            lines.append(
                f"  {r.routine}: {r.mean_before:.1f} -> {r.mean_after:.1f} "
                f"({r.mean_change:+.1f}) over {r.pairs} {sessions}"
            )
    lines.append("Levels: 0 = no pain, 10 = worst pain imaginable.")
    return "\n".join(lines)


def run_export(args: argparse.Namespace) -> int:
    import json

    from tui.core import exports
    from tui.core.when import now_local

    store = store_for(args)
    entries = sorted(load(store), key=lambda e: e.at)
    if args.format == "csv":
        text = exports.to_csv(entries)
    elif args.format == "json":
        text = exports.to_json(entries)
    else:
        from tui.core.fhir import bundle

        text = json.dumps(bundle(entries, now_local()), ensure_ascii=False, indent=2) + "\n"
    if write_output(args, text.encode("utf-8"), "export"):
        print(f"exported {len(entries)} entries to {args.output}", file=sys.stderr)
    return 0


def run_report(args: argparse.Namespace) -> int:
    from tui import __version__
    from tui.core.report import period_for, report_html
    from tui.core.when import now_local

    now = now_local()
    until: date = args.until or now.date()
    if args.since and args.since > until:
        raise CliError(f"--since {args.since} is after --until {until}", USAGE_ERROR)
    entries = load(store_for(args))
    period = period_for(entries, args.since, until)
    page = report_html(
        entries, period, made=now, version=__version__, notes=args.notes, paper=args.paper
    )
    if write_output(args, page.encode("utf-8"), "report"):
        notes = "with notes" if args.notes else "without notes"
        print(
            f"wrote the report for {period.first} to {period.last} ({notes}) to {args.output}",
            file=sys.stderr,
        )
    return 0


def run_import(args: argparse.Namespace) -> int:
    from tui.core.exports import differences, read_export
    from tui.core.files import read_regular

    path: Path = args.file
    try:
        raw = read_regular(path)
    except ProblemError as error:
        raise CliError(f"{error}; nothing was imported") from None
    if raw is None:
        raise CliError(f"{path}: no such file; nothing was imported")
    try:
        found = read_export(raw, path, args.format)
    except ProblemError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        raise CliError("nothing was imported; the journal was left as it was") from None
    for name in found.ignored:
        print(
            f"acupress: {path}: ignored the column '{name}' (not an acupress field)",
            file=sys.stderr,
        )
    store = store_for(args)
    with journal_errors("nothing was imported; the journal was left as it was"):
        before = {e.id: e for e in store.append_new(found.entries)}
        gone = deleted_ids(store, [e for e in found.entries if e.id not in before])
    added = [e for e in found.entries if e.id not in before and e.id not in gone]
    clashes = [(e, differences(before[e.id], e)) for e in found.entries if e.id in before]
    clashes = [(e, fields) for e, fields in clashes if fields]
    already = len(found.entries) - len(added) - len(clashes) - len(gone)
    if gone:
        print(
            f"acupress: {path}: {len(gone)} {'entry was' if len(gone) == 1 else 'entries were'} "
            "deleted from the journal; not imported again",
            file=sys.stderr,
        )
    for entry, fields in clashes:
        print(
            f"acupress: {path}: entry '{entry.id}' is already in the journal with a different "
            f"{', '.join(fields)}; kept the journal's (edit or delete it there to take this one)",
            file=sys.stderr,
        )
    print(
        f"imported {len(added)} new {'entry' if len(added) == 1 else 'entries'} from {path} "
        f"into {store.path}; {already} already there"
        + (f", {len(clashes)} differing (not imported)" if clashes else "")
        + (f", {len(gone)} deleted (not imported)" if gone else "")
    )
    return 1 if clashes else 0


def deleted_ids(store: JournalStore, entries: Sequence[Entry]) -> set[str]:
    """The ids of *entries* that the journal has deleted (none to look for: not read)."""
    if not entries:
        return set()
    wanted = {e.id for e in entries}
    return {t.id for t in store.read().deleted if t.id in wanted}


def run_delete(args: argparse.Namespace) -> int:
    store = store_for(args)
    with journal_errors("nothing was deleted; the journal was left as it was"):
        gone = store.delete(args.id)
    print(f"deleted from {store.path} (previous version kept as {store.backup_path.name}):")
    print(describe(gone))
    return 0


# --- merging copies -------------------------------------------------------------------------


def add_merge_parser(actions: Any) -> None:
    merge: argparse.ArgumentParser = actions.add_parser(
        "merge",
        help="merge other copies of the journal (sync conflict copies, backups) into it",
        description=(
            "Merge the journals FILE... into yours without losing an entry: every entry of "
            "any of them is kept; where they disagree about one, the version changed last "
            "wins, and an entry deleted on one copy stays deleted unless it was edited "
            "after that on another. Merging is idempotent and order-independent: merging "
            "the same file again changes nothing. Every file is checked first; if one "
            "cannot be read, nothing is written."
        ),
    )
    merge.add_argument("files", nargs="+", type=Path, metavar="FILE", help="journals to merge in")
    merge.add_argument(
        "--dry-run", action="store_true", help="show what would change, and write nothing"
    )
    add_journal_option(merge)
    merge.set_defaults(handler=run_merge)


def note_conflict_copies(journal: Path) -> None:
    """One line on stderr naming the sync conflict copies beside *journal*, if any."""
    from tui.core.journal.copies import conflict_notice

    if notice := conflict_notice(journal):
        print(f"acupress: note: {notice}", file=sys.stderr)


def read_journals(paths: Sequence[Path], store: JournalStore | None = None) -> list[Parsed]:
    """Every journal in *paths*, read in full and validated (as copies of *store*'s journal,
    if given: :meth:`JournalStore.read_copy`); if any cannot be, print every problem
    (``FILE:LINE: message``) and stop before anything is written."""
    from tui.core.files import read_regular
    from tui.core.journal.parse import parse_journal

    found: list[Parsed] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            raw = read_regular(path)
            if raw is None:
                problems.append(Problem(path, None, "no such file"))
            else:
                found.append(
                    parse_journal(raw, path) if store is None else store.read_copy(raw, path)
                )
        except ProblemError as error:  # JournalError included
            problems += error.problems
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        raise CliError("nothing was merged; the journal was left as it was")
    return found


def change_line(change: Change, dry_run: bool) -> str:
    """One line of a merge's report."""
    from tui.core.journal.entry import Entry, Tombstone

    verb = {"added": "add", "updated": "update", "removed": "remove"}[change.kind]
    shown = f"to {verb}" if dry_run else change.kind
    entry, why = (
        (change.before, change.after) if change.kind == "removed" else (change.after, change.before)
    )
    assert isinstance(entry, Entry)
    line = f"{shown:<10} {describe(entry).partition(chr(10))[0]}"
    if change.kind == "removed" and isinstance(why, Tombstone):
        line += f"  (deleted on another copy, {why.deleted:%Y-%m-%d %H:%M})"
    elif change.kind == "added" and isinstance(why, Tombstone):
        line += f"  (deleted here {why.deleted:%Y-%m-%d %H:%M}, edited later on another copy)"
    elif change.kind == "updated":
        fields = [name for name in change.fields() if name != "updated"]
        line += f"  (changed: {', '.join(fields)})" if fields else "  (only its updated time)"
    return line


def merge_summary(result: Merged, store: JournalStore, files: int, dry_run: bool, bak: bool) -> str:
    counts = [len(result.of(kind)) for kind in ("added", "updated", "removed")]
    these = "1 file" if files == 1 else f"{files} files"
    taken = result.tombstones_taken
    records = "" if not taken else f"; {taken} deletion{'s' if taken != 1 else ''} recorded"
    if not result.changed:
        return f"nothing to merge: {store.path} already holds everything in {these}"
    if dry_run:
        return (
            f"dry run: merging {these} into {store.path} would add {counts[0]}, update "
            f"{counts[1]}, remove {counts[2]}{records}; nothing was written"
        )
    kept = f" (previous version kept as {store.backup_path.name})" if bak else ""
    return (
        f"merged {these} into {store.path}: {counts[0]} added, {counts[1]} updated, "
        f"{counts[2]} removed{records}{kept}"
    )


def run_merge(args: argparse.Namespace) -> int:
    from tui.core.files import same_file
    from tui.core.journal.copies import conflict_copies, conflict_notice

    store = store_for(args, notice=False)
    files: list[Path] = args.files
    others = read_journals(files, store)
    existed = store.exists()
    with journal_errors("nothing was merged; the journal was left as it was"):
        result = store.merge(others, dry_run=args.dry_run)
    for change in result.changes:
        print(change_line(change, args.dry_run))
    rewritten = result.changed and existed and not result.only_added
    print(merge_summary(result, store, len(files), args.dry_run, rewritten and not args.dry_run))
    copies = conflict_copies(store.path)
    merged = [c for c in copies if any(same_file(c, f) for f in files)]
    if merged and not args.dry_run:
        what = "that conflict copy is" if len(merged) == 1 else "those conflict copies are"
        print(
            f"acupress: note: everything in {what} in the journal now; delete "
            f"{'it' if len(merged) == 1 else 'them'} when you like",
            file=sys.stderr,
        )
    if rest := [c for c in copies if c not in merged]:
        print(f"acupress: note: {conflict_notice(store.path, rest)}", file=sys.stderr)
    return 0

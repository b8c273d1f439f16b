"""``acupress remind --at HH:MM [--days mon,tue,...] [-o FILE]``: a calendar reminder."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from tui.cli.common import CliError, add_journal_option, add_output_option

USAGE = "acupress remind --at HH:MM [--days mon,tue,...] [-o FILE.ics]"
USAGE_ERROR = 2


def add_parser(subparsers: Any) -> None:
    remind: argparse.ArgumentParser = subparsers.add_parser(
        "remind",
        help="an iCalendar file that reminds you every day (or on some days)",
        usage=USAGE,
        description=(
            "Write an iCalendar (.ics) file with a repeating 10-minute event and an alarm, for "
            "a phone or desktop calendar to remind you even when acupress runs elsewhere. The "
            "time is local time wherever the calendar is (a floating time): 09:00 stays nine "
            "in the morning through daylight-saving changes and travel."
        ),
    )
    remind.add_argument("--at", required=True, metavar="HH:MM", help="the time, 24-hour clock")
    remind.add_argument(
        "--days",
        metavar="mon,tue,...",
        help="only on these days: mon, tue, wed, thu, fri, sat, sun (default: every day)",
    )
    add_output_option(remind)
    add_journal_option(remind)
    remind.set_defaults(handler=run_remind)


def run_remind(args: argparse.Namespace) -> int:
    from tui import __version__
    from tui.core.ical import parse_days, parse_time, reminder

    try:
        at = parse_time(args.at)
        days = parse_days(args.days) if args.days is not None else ()
    except ValueError as error:
        raise CliError(str(error), USAGE_ERROR) from None
    from datetime import datetime

    now = datetime.now().astimezone()
    calendar = reminder(at, days, now.date(), now, __version__)
    from tui.cli.journal import write_output

    if write_output(args, calendar.encode("utf-8"), "calendar file"):
        print(f"wrote a reminder at {at:%H:%M} to {args.output}", file=sys.stderr)
    return 0

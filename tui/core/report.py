"""The journal as one printable HTML page for a clinician. Pure: entries and dates in, HTML out.

The page is self-contained (inline CSS and SVG, no script, no image or font from anywhere)
and fits one or two A4 or Letter pages without notes. Its figures are those of
``acupress journal stats --days N`` for the same days (:func:`tui.core.stats.summary` over
the period, with the 7- and 30-day means ending on its last day). Every text that comes
from the journal (notes; areas and routine names, though checked) is HTML-escaped, and
control and bidirectional-override characters are shown as ``\\x..`` escapes.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from tui.core.areas import AREAS, LABELS
from tui.core.journal.entry import LEVEL_MAX, Entry
from tui.core.stats import DailyMean, JournalSummary, daily_means, summary
from tui.core.text import visible

DEFAULT_DAYS = 90
PAPERS = {"a4": "A4", "letter": "letter"}


@dataclass(frozen=True, slots=True)
class Period:
    """The days a report covers, first and last included."""

    first: date
    last: date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


def period_for(entries: Iterable[Entry], since: date | None, until: date) -> Period:
    """*since* to *until*; without *since*, the last 90 days, or from the first rating if
    that is later (a new journal gets no empty months)."""
    if since is None:
        since = until - timedelta(days=DEFAULT_DAYS - 1)
        days = [e.day for e in entries if since <= e.day <= until]
        if days:
            since = min(days)
    return Period(since, until)


def text(value: str) -> str:
    """User text as HTML: escaped, with hidden characters made visible."""
    return html.escape(visible(value), quote=True)


def _one(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def _day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def figures(result: JournalSummary, period: Period, rated_days: int) -> list[tuple[str, str]]:
    """The stats as (label, value) rows, formatted as ``journal stats`` prints them."""
    rows = [("Ratings", f"{result.count} on {rated_days} of {period.days} days")]
    if result.count:
        rows.append(
            ("Level", f"mean {_one(result.mean)}, lowest {result.min}, highest {result.max}")
        )
    rows.append(
        (
            f"Mean, 7 days to {_day(period.last)}",
            _one(result.mean_7_days),
        )
    )
    rows.append((f"Mean, 30 days to {_day(period.last)}", _one(result.mean_30_days)))
    trend = result.trend
    slope = "" if trend.points_per_week is None else f", {trend.points_per_week:+.2f} points/week"
    rows.append((f"Trend over the {trend.days} days", f"{trend.label}{slope}"))
    return rows


# --- the chart ----------------------------------------------------------------------------

_W, _H = 680, 190
_LEFT, _RIGHT, _TOP, _BOTTOM = 34, 12, 10, 26


def chart(means: Sequence[DailyMean]) -> str:
    """Inline SVG: the daily mean level (0–10) for each day, a dot on each rated day."""
    width, height = _W - _LEFT - _RIGHT, _H - _TOP - _BOTTOM
    count = len(means)

    def x(index: int) -> float:
        return _LEFT + (width * (index + 0.5) / count if count else 0)

    def y(level: float) -> float:
        return _TOP + height * (1 - level / LEVEL_MAX)

    parts = [
        f'<svg class="chart" viewBox="0 0 {_W} {_H}" role="img" '
        'aria-labelledby="chart-title" xmlns="http://www.w3.org/2000/svg">',
        '<title id="chart-title">Daily mean pain level, 0 (no pain) to 10 (worst pain '
        "imaginable), one dot per day with ratings</title>",
    ]
    for level in range(0, LEVEL_MAX + 1, 2):
        parts.append(
            f'<line class="grid" x1="{_LEFT}" x2="{_W - _RIGHT}" y1="{y(level):.1f}" '
            f'y2="{y(level):.1f}"/>'
            f'<text class="axis" x="{_LEFT - 6}" y="{y(level) + 4:.1f}" '
            f'text-anchor="end">{level}</text>'
        )
    for index, mean in enumerate(means):
        if _tick(mean.day, count):
            parts.append(
                f'<line class="tick" x1="{x(index):.1f}" x2="{x(index):.1f}" '
                f'y1="{_TOP + height}" y2="{_TOP + height + 4}"/>'
                f'<text class="axis" x="{x(index):.1f}" y="{_H - 8}" '
                f'text-anchor="middle">{mean.day.day} {mean.day:%b}</text>'
            )
    points = [(x(i), y(m.mean)) for i, m in enumerate(means) if m.mean is not None]
    if len(points) > 1:
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
        parts.append(f'<polyline class="line" points="{path}"/>')
    radius = 3 if count <= 100 else 2 if count <= 200 else 1.4
    parts.extend(
        f'<circle class="dot" cx="{px:.1f}" cy="{py:.1f}" r="{radius}"/>' for px, py in points
    )
    parts.append("</svg>")
    return "".join(parts)


def _tick(day: date, count: int) -> bool:
    """Where the date axis gets a label: each Monday for a month or less, else each month's
    first day (or every third month's, beyond a year and a half)."""
    if count <= 35:
        return day.weekday() == 0
    if count <= 550:
        return day.day == 1
    return day.day == 1 and day.month % 3 == 1


# --- the page -----------------------------------------------------------------------------

_CSS = """
@page { margin: 12mm 14mm; %(size)s }
* { box-sizing: border-box; }
html { font: 10pt/1.3 "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif;
       color: #111; background: #fff; }
body { margin: 0 auto; max-width: 180mm; }
h1 { font-size: 17pt; margin: 0 0 1mm; }
h2 { font-size: 11.5pt; margin: 4mm 0 1mm; break-after: avoid; }
p { margin: 0 0 1.5mm; }
.period { font-size: 12pt; margin-bottom: 2mm; }
.own { border: 0.4mm solid #444; padding: 1.5mm 2.5mm; margin: 2mm 0 1mm; }
table { border-collapse: collapse; width: 100%%; break-inside: auto; }
tr { break-inside: avoid; }
th, td { text-align: left; padding: 0.8mm 2mm 0.8mm 0; vertical-align: top;
         border-bottom: 0.2mm solid #bbb; }
th { font-weight: bold; }
td.n, th.n { text-align: right; padding-right: 3mm; font-variant-numeric: tabular-nums; }
table.figures th { font-weight: normal; width: 42%%; }
table.figures td { font-weight: bold; }
.chart { width: 100%%; height: auto; display: block; break-inside: avoid; }
.chart .grid { stroke: #ccc; stroke-width: 0.6; }
.chart .tick { stroke: #666; stroke-width: 0.8; }
.chart .axis { font-size: 10px; fill: #333; }
.chart .line { fill: none; stroke: #555; stroke-width: 1; }
.chart .dot { fill: #000; }
.note { white-space: pre-wrap; overflow-wrap: anywhere; }
table.notes td:first-child { white-space: nowrap; width: 1%%; padding-right: 4mm; }
table.notes th.n { width: 14mm; }
.small { font-size: 8.5pt; color: #333; }
footer { margin-top: 3mm; }
"""


def report_html(
    entries: Iterable[Entry],
    period: Period,
    *,
    made: datetime,
    version: str,
    notes: bool = False,
    paper: str | None = None,
) -> str:
    """The whole page for *period*; *made* is when, *paper* ``a4``, ``letter`` or None
    (the printer's choice). Notes appear only with *notes*."""
    upto = [e for e in entries if e.day <= period.last]
    chosen = sorted((e for e in upto if e.day >= period.first), key=lambda e: e.at)
    result = summary(upto, period.last, period.days)
    means = daily_means(chosen, period.days, period.last)
    rated_days = sum(1 for m in means if m.count)
    size = f"size: {PAPERS[paper]};" if paper else ""
    title = f"Pain journal, {_day(period.first)} to {_day(period.last)}"
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">",
        f"<title>{html.escape(title)}</title>",
        f"<style>{_CSS % {'size': size}}</style>",
        "</head><body>",
        "<h1>Pain journal</h1>",
        f'<p class="period">{_day(period.first)} to {_day(period.last)} ({period.days} days)</p>',
        '<p class="own">This is the person\'s own record of their back pain, kept with the '
        "self-care app acupress: each rating is self-reported on a 0&ndash;10 numeric scale "
        "(0 = no pain, 10 = worst pain imaginable). It is not a diagnosis and not a "
        "clinical assessment.</p>",
        "<h2>JournalSummary</h2>",
        '<table class="figures">',
    ]
    out.extend(
        f"<tr><th>{label}</th><td>{value}</td></tr>"
        for label, value in figures(result, period, rated_days)
    )
    out.append("</table>")
    out.append(
        '<p class="small">Trend: the least-squares slope of the daily means, in points per '
        'week; "improving" at &minus;0.5 or below, "worse" at +0.5 or above, otherwise '
        '"steady" (about 2 points a month is often taken as a change that matters to the '
        "person).</p>"
    )
    out.append("<h2>Daily mean level</h2>")
    out.append(chart(means) if chosen else "<p>No ratings in this period.</p>")
    out.append(_areas(chosen))
    out.append(_routines(result))
    if notes:
        out.append(_notes(chosen))
    out.append(
        f'<footer class="small">Made with acupress {html.escape(version)} on '
        f"{_day(made.date())} at {made.isoformat(' ', 'minutes')[11:]}; the figures are "
        f"those of 'acupress journal stats --days {period.days}' on {_day(period.last)}. "
        "acupress gives self-care information, not medical advice."
        + ("" if notes else " The person's notes are private and not included.")
        + "</footer>"
    )
    out.append("</body></html>\n")
    return "\n".join(out)


def _areas(chosen: Sequence[Entry]) -> str:
    rows = []
    for area in AREAS:
        named = [e.level for e in chosen if area in e.areas]
        if named:
            share = 100 * len(named) / len(chosen)
            rows.append(
                f"<tr><td>{text(LABELS.get(area, area))}</td>"
                f'<td class="n">{len(named)}</td><td class="n">{share:.0f}%</td>'
                f'<td class="n">{sum(named) / len(named):.1f}</td></tr>'
            )
    none = sum(1 for e in chosen if not e.areas)
    if none:
        rows.append(
            f'<tr><td>no area given</td><td class="n">{none}</td>'
            f'<td class="n">{100 * none / len(chosen):.0f}%</td><td></td></tr>'
        )
    if not rows:
        return "<h2>Where it hurts</h2><p>No ratings in this period.</p>"
    return (
        '<h2>Where it hurts</h2><table><tr><th>Area</th><th class="n">Ratings</th>'
        '<th class="n">Of all ratings</th><th class="n">Mean level</th></tr>'
        + "".join(rows)
        + '</table><p class="small">A rating can name several areas.</p>'
    )


def _routines(result: JournalSummary) -> str:
    heading = "<h2>Acupressure routines: level before and after</h2>"
    if not result.routines:
        return heading + "<p>No routine sessions with a rating before and after.</p>"
    rows = "".join(
        f'<tr><td>{text(r.routine)}</td><td class="n">{r.pairs}</td>'
        f'<td class="n">{r.mean_before:.1f}</td><td class="n">{r.mean_after:.1f}</td>'
        f'<td class="n">{r.mean_change:+.1f}</td></tr>'
        for r in result.routines
    )
    return (
        heading + '<table><tr><th>Routine</th><th class="n">Sessions</th><th class="n">Before</th>'
        '<th class="n">After</th><th class="n">Change</th></tr>'
        + rows
        + '</table><p class="small">Means over sessions with both ratings; a negative change '
        "is less pain after the routine.</p>"
    )


def _notes(chosen: Sequence[Entry]) -> str:
    rows = "".join(
        f'<tr><td>{e.at:%Y-%m-%d %H:%M}</td><td class="n">{e.level}</td>'
        f'<td class="note">{text(e.note)}</td></tr>'
        for e in chosen
        if e.note
    )
    if not rows:
        return "<h2>Notes</h2><p>No notes in this period.</p>"
    return (
        '<h2>Notes</h2><table class="notes"><thead><tr><th>When</th><th class="n">Level</th>'
        "<th>Note</th></tr></thead>" + rows + "</table>"
    )

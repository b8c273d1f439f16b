"""``journal report``: one self-contained HTML page; printed by headless Chromium (Debian's
``chromium``) to PDF on A4 and Letter, one or two pages, with the figures of ``journal stats``."""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from tui.cli import main
from tui.core.areas import AREAS
from tui.core.journal.entry import Entry, new_entry
from tui.core.journal.store import JournalStore
from tui.core.report import Period, report_html

Capture = pytest.CaptureFixture[str]
HOSTILE = (
    '<script>alert(1)</script> </td></table><h1>big</h1> & "quotes" \x1b]0;title\x07 \u202eevil'
)


def run(capsys: Capture, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exit:
        code = int(exit.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def months_of_ratings(today: date) -> list[Entry]:
    """About four months of ratings, two routines with before/after pairs, a hostile note."""
    rng = random.Random(7)
    out = []
    for back in range(120, -1, -1):
        day = today - timedelta(days=back)
        if rng.random() < 0.7:
            level = max(0, min(10, round(6 - (120 - back) / 45 + rng.gauss(0, 1.2))))
            areas = rng.sample(AREAS, rng.choice([1, 1, 2]))
            note = rng.choice(
                [None, None, "Stiff after the drive.\nBetter once warmed up.", HOSTILE]
            )
            out.append(
                new_entry(
                    level,
                    areas,
                    note,
                    at=datetime.combine(day, datetime.min.time()).replace(hour=8).astimezone(),
                )
            )
        if rng.random() < 0.2:
            routine = rng.choice(["lower-back", "desk-break"])
            start = datetime.combine(day, datetime.min.time()).replace(hour=7).astimezone()
            before = rng.randint(4, 7)
            session = f"s{back}"
            out.append(
                new_entry(
                    before,
                    ["lower-back"],
                    at=start,
                    routine=routine,
                    phase="before",
                    session=session,
                )
            )
            out.append(
                new_entry(
                    max(0, before - rng.randint(0, 3)),
                    ["lower-back"],
                    at=start + timedelta(minutes=12),
                    routine=routine,
                    phase="after",
                    session=session,
                )
            )
    return out


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    path = tmp_path / "journal.toml"
    JournalStore(path).append_new(months_of_ratings(date.today()))
    return path


def test_the_page_is_self_contained_and_escapes_every_user_text(
    capsys: Capture, journal: Path
) -> None:
    code, page, _ = run(capsys, "journal", "report", "--notes", "--journal", str(journal))
    assert code == 0
    assert "<script" not in page.lower() and "<h1>big" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &lt;/td&gt;&lt;/table&gt;&lt;h1&gt;big" in page
    assert "\\x1b]0;title\\x07" in page and "\\u202eevil" in page  # shown, not obeyed
    assert "\x1b" not in page and "\u202e" not in page
    # Nothing is fetched: no sources, links or imports; only the SVG namespace names a URL.
    assert not re.search(r"\b(src|href)\s*=|url\(|@import", page)
    assert re.findall(r"https?://[^\s\"']+", page) == ["http://www.w3.org/2000/svg"]
    assert "default-src 'none'" in page
    assert "not a diagnosis" in page


def test_notes_are_private_unless_asked_for(capsys: Capture, journal: Path) -> None:
    _, page, _ = run(capsys, "journal", "report", "--journal", str(journal))
    assert "Stiff after the drive" not in page and "alert(1)" not in page
    assert "notes are private and not included" in page
    _, page, _ = run(capsys, "journal", "report", "--notes", "--journal", str(journal))
    assert "Stiff after the drive." in page and "<h2>Notes</h2>" in page


def test_the_period_and_its_defaults(capsys: Capture, journal: Path, tmp_path: Path) -> None:
    today = date.today()
    _, page, _ = run(capsys, "journal", "report", "--journal", str(journal))
    assert f"({90} days)" in page and f"--days 90' on {today.day} {today:%b %Y}" in page
    _, page, _ = run(
        capsys,
        "journal",
        "report",
        "--since",
        "2020-01-01",
        "--until",
        "2020-01-31",
        "--journal",
        str(journal),
    )
    assert "(31 days)" in page and "No ratings in this period." in page
    code, _, err = run(
        capsys,
        "journal",
        "report",
        "--since",
        "2020-02-01",
        "--until",
        "2020-01-31",
        "--journal",
        str(journal),
    )
    assert code == 2 and "is after --until" in err
    # A young journal starts at its first rating rather than with empty months.
    young = tmp_path / "young.toml"
    JournalStore(young).append(new_entry(3, [], at=datetime.now().astimezone() - timedelta(days=3)))
    _, page, _ = run(capsys, "journal", "report", "--journal", str(young))
    assert "(4 days)" in page


def test_an_empty_journal_still_makes_a_page() -> None:
    page = report_html(
        [],
        Period(date(2026, 1, 1), date(2026, 1, 31)),
        made=datetime(2026, 2, 1).astimezone(),
        version="1",
    )
    assert "No ratings in this period." in page and "Ratings</th><td>0 on 0 of 31 days" in page


# --- printed by Chromium ------------------------------------------------------------------


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"CI must have {name} (.ci/run installs it)")
        pytest.skip(f"{name} is not installed")
    return found


def print_pdf(html_file: Path, pdf: Path) -> None:
    profile = pdf.with_suffix(".profile")
    done = subprocess.run(
        [
            tool("chromium"),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            html_file.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0 and pdf.exists(), done.stderr[-2000:]


def pdf_info(pdf: Path) -> tuple[int, str]:
    info = subprocess.run(
        [tool("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M)[1])  # type: ignore[index]
    size = re.search(r"^Page size:.*\((\w+)\)", info, re.M)
    return pages, size[1] if size else "?"


def pdf_text(pdf: Path) -> str:
    out = subprocess.run(
        [tool("pdftotext"), "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return re.sub(r"[ \t]+", " ", out)


@pytest.mark.slow
@pytest.mark.parametrize(("paper", "expected"), [("a4", "A4"), ("letter", "letter"), (None, None)])
def test_chromium_prints_one_or_two_pages_with_the_stats_figures(
    capsys: Capture, journal: Path, tmp_path: Path, paper: str | None, expected: str | None
) -> None:
    page = tmp_path / "report.html"
    options = ["--paper", paper] if paper else []
    for _ in range(2):  # again if midnight passed between the report and the stats
        today = date.today()
        code, _, _ = run(
            capsys, "journal", "report", *options, "-o", str(page), "--journal", str(journal)
        )
        assert code == 0
        _, stats, _ = run(capsys, "journal", "stats", "--days", "90", "--journal", str(journal))
        if date.today() == today:
            break
    pdf = tmp_path / "report.pdf"
    print_pdf(page, pdf)
    pages, size = pdf_info(pdf)
    assert pages == 1  # without notes, four months fit on one page
    if expected:
        assert size == expected
    text = pdf_text(pdf)
    count = re.search(r"Entries: (\d+) \(last 90 days\)", stats)[1]  # type: ignore[index]
    mean, low, high = re.search(r"Level: mean ([\d.]+), min (\d+), max (\d+)", stats).groups()  # type: ignore[union-attr]
    week, month = re.search(r"last 7 days: ([\d.]+); last 30 days: ([\d.]+)", stats).groups()  # type: ignore[union-attr]
    trend = re.search(r"Trend over the last 90 days: (.*)", stats)[1]  # type: ignore[index]
    assert f"Ratings {count} on" in text
    assert f"mean {mean}, lowest {low}, highest {high}" in text
    assert re.search(rf"Mean, 7 days to .* {re.escape(week)}\n", text)
    assert re.search(rf"Mean, 30 days to .* {re.escape(month)}\n", text)
    assert f"Trend over the 90 days {trend}" in text
    routines = re.findall(
        r"^  ([\w-]+): ([\d.]+) -> ([\d.]+) \(([+-][\d.]+)\) over (\d+) sessions?", stats, re.M
    )
    assert len(routines) == 2
    for name, before, after, change, sessions in routines:
        assert f"{name} {sessions} {before} {after} {change}" in text
    assert "It is not a diagnosis" in " ".join(text.split())


@pytest.mark.slow
def test_chromium_prints_the_notes_literally_within_two_pages(
    capsys: Capture, journal: Path, tmp_path: Path
) -> None:
    page = tmp_path / "report.html"
    since = (date.today() - timedelta(days=30)).isoformat()
    code, _, _ = run(
        capsys,
        "journal",
        "report",
        "--notes",
        "--since",
        since,
        "--paper",
        "a4",
        "-o",
        str(page),
        "--journal",
        str(journal),
    )
    assert code == 0
    pdf = tmp_path / "report.pdf"
    print_pdf(page, pdf)
    assert pdf_info(pdf)[0] <= 2
    text = pdf_text(pdf)
    assert '<script>alert(1)</script> </td></table><h1>big</h1> & "quotes"' in " ".join(
        text.split()
    )
    assert "Stiff after the drive." in text

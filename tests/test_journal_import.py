"""``journal export`` then ``journal import``: lossless round trips, idempotence, conflicts,
CSV formula neutralisation (OWASP) and its exact reversal, and located errors."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.cli import main
from tui.core.areas import AREAS
from tui.core.exports import neutralise, read_export, restore, to_csv, to_json
from tui.core.journal.entry import Entry, new_entry
from tui.core.journal.store import JournalStore

Capture = pytest.CaptureFixture[str]

FORMULA = "=+-@\t\r\n"


def run(capsys: Capture, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exit:
        code = int(exit.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def sample() -> list[Entry]:
    east = timezone(timedelta(hours=5, minutes=30))
    return [
        new_entry(
            6,
            ["lower-back", "neck"],
            'stiff, "again"\nsecond line',
            at=datetime(2026, 3, 1, 8, 30, tzinfo=UTC),
        ),
        new_entry(0, [], None, at=datetime(2026, 3, 2, 23, 59, tzinfo=east)),
        new_entry(
            10, ["leg-sciatica"], '=HYPERLINK("http://x")', at=datetime(2026, 3, 3, 7, tzinfo=UTC)
        ),
        new_entry(
            4,
            ["lower-back"],
            "-5 after",
            at=datetime(2026, 3, 4, 7, tzinfo=UTC),
            routine="lower-back",
            phase="before",
            session="s1",
        ),
    ]


def exact(entries: list[Entry]) -> list[tuple[object, ...]]:
    """Every field, with the time's offset (equal instants at other offsets differ here)."""
    return [(*e.to_json().values(), e.at.isoformat()) for e in entries]


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_round_trip_loses_nothing_and_importing_twice_adds_nothing(
    capsys: Capture, tmp_path: Path, fmt: str
) -> None:
    source, target = tmp_path / "a.toml", tmp_path / "b.toml"
    entries = sample()
    JournalStore(source).append_new(entries)
    export = tmp_path / f"out.{fmt}"
    code, _, _ = run(
        capsys, "journal", "export", "--format", fmt, "-o", str(export), "--journal", str(source)
    )
    assert code == 0
    code, out, err = run(capsys, "journal", "import", str(export), "--journal", str(target))
    assert (code, err) == (0, "")
    assert "imported 4 new entries" in out and "0 already there" in out
    assert exact(sorted(JournalStore(target).load(), key=lambda e: e.at)) == exact(
        sorted(entries, key=lambda e: e.at)
    )
    before = target.read_bytes()
    code, out, _ = run(capsys, "journal", "import", str(export), "--journal", str(target))
    assert code == 0 and "imported 0 new entries" in out and "4 already there" in out
    assert target.read_bytes() == before  # not even rewritten


def test_import_adds_only_new_entries_keeps_comments_and_reports_conflicts(
    capsys: Capture, tmp_path: Path
) -> None:
    journal = tmp_path / "j.toml"
    mine = sample()
    JournalStore(journal).append_new(mine[:2])
    journal.write_text("# my own comment\n" + journal.read_text(encoding="utf-8"), encoding="utf-8")
    changed = replace(mine[1], level=9, note="edited elsewhere")
    export = tmp_path / "x.json"
    export.write_text(to_json([mine[0], changed, *mine[2:]]), encoding="utf-8")
    code, out, err = run(capsys, "journal", "import", str(export), "--journal", str(journal))
    assert code == 1
    assert f"entry '{mine[1].id}' is already in the journal with a different level, note" in err
    assert "imported 2 new entries" in out and "1 already there" in out and "1 differing" in out
    text = journal.read_text(encoding="utf-8")
    assert text.startswith("# my own comment\n")  # appended, not rewritten
    by_id = {e.id: e for e in JournalStore(journal).load()}
    assert by_id[mine[1].id] == mine[1]  # not overwritten
    assert set(by_id) == {e.id for e in mine}


def test_a_file_with_a_bad_entry_imports_nothing_and_names_the_line(
    capsys: Capture, tmp_path: Path
) -> None:
    journal = tmp_path / "j.toml"
    good = to_csv(sample()[:1]).splitlines(keepends=True)
    bad = (
        good[0]
        + '"abc","2026-03-01T08:00:00+00:00","11","neck","","","","",""\r\n'
        + "".join(good[1:])
    )
    export = tmp_path / "x.csv"
    export.write_text(bad, encoding="utf-8")
    code, _, err = run(capsys, "journal", "import", str(export), "--journal", str(journal))
    assert code == 1
    assert f"{export}:2: entry 1: level: must be a whole number from 0" in err
    assert "nothing was imported" in err
    assert not journal.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('[{"id": "a"}', ":1: not valid JSON"),
        ('{"entries": []}', ":1: not an acupress JSON export"),
        (
            '[\n  {"id": "a", "at": "2026-03-01T08:00:00", "level": 3}\n]',
            ":2: entry 1: at: needs its UTC offset",
        ),
        (
            '[\n  {"id": "a", "at": "2026-03-01T08:00:00Z", "level": 3},\n  {"id": "a", "at": "2026-03-01T08:00:00Z", "level": 4}\n]',
            ":3: entry 2: id 'a' is already used on line 2",
        ),
        ("name,when\nx,y\n", ":1: not an acupress CSV export: no column id, at, level"),
        ('id,at,level\n"a,2026\n', "not valid CSV"),
        ("id,at,level\na,2026-03-01T08:00:00Z\n", ":2: 2 cells where the header has 3"),
    ],
)
def test_bad_files_are_located_messages(
    capsys: Capture, tmp_path: Path, content: str, message: str
) -> None:
    suffix = ".json" if content.lstrip().startswith(("[", "{")) else ".csv"
    export = tmp_path / f"x{suffix}"
    export.write_text(content, encoding="utf-8")
    journal = tmp_path / "j.toml"
    code, out, err = run(capsys, "journal", "import", str(export), "--journal", str(journal))
    assert code == 1 and message in err and str(export) in err and out == ""
    assert not journal.exists()


def test_unknown_columns_are_skipped_and_named_updated_is_quiet(
    capsys: Capture, tmp_path: Path
) -> None:
    """A later export may carry ``updated``: accepted without a word (and read once the entry has
    such a field); a column nobody knows is skipped and named."""
    rows = [
        ["id", "at", "level", "areas", "note", "updated", "colour"],
        [
            "a1",
            "2026-03-01T08:00:00+01:00",
            "3",
            "neck;lower-back",
            "",
            "2026-03-02T08:00:00+01:00",
            "red",
        ],
    ]
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    export = tmp_path / "x.csv"
    export.write_bytes(
        b"\xef\xbb\xbf" + buffer.getvalue().encode()
    )  # with a BOM, as spreadsheets save
    journal = tmp_path / "j.toml"
    code, _, err = run(capsys, "journal", "import", str(export), "--journal", str(journal))
    assert code == 0, err
    assert "ignored the column 'colour'" in err and "updated" not in err
    (entry,) = JournalStore(journal).load()
    assert (entry.id, entry.level, entry.areas, entry.note) == (
        "a1",
        3,
        ("lower-back", "neck"),
        None,
    )


def test_csv_cells_that_would_run_as_formulas_are_neutralised(tmp_path: Path) -> None:
    entries = [
        new_entry(3, [], note, at=datetime(2026, 3, 1, 8, n, tzinfo=UTC))
        for n, note in enumerate(
            ["=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "'=quoted", "plain", "a;=1"]
        )
    ]
    rows = list(csv.DictReader(io.StringIO(to_csv(entries), newline="")))
    notes = [row["note"] for row in rows]
    assert notes == [
        "'=1+2",
        "'+1",
        "'-1",
        "'@SUM(A1)",
        "'\tx",
        "'\rx",
        "''=quoted",
        "plain",
        "a;=1",
    ]
    for row in rows:
        for cell in row.values():
            assert not cell or cell[0] not in FORMULA
    # Every cell is quoted, so a spreadsheet splitting on ';' (as some locales do) keeps "a;=1" whole.
    last = to_csv(entries[-1:]).split("\r\n")[1]
    assert last.startswith('"') and ',"a;=1",' in last and ',"3",' in last


hostile = st.text(
    alphabet=st.one_of(
        st.sampled_from(list(FORMULA + "'\",;\\\x00\x1b\x7f\u202e\u2028")),
        st.characters(exclude_categories=("Cs",)),
    ),
    min_size=1,
    max_size=40,
)


@given(hostile)
def test_neutralise_is_reversed_exactly(cell: str) -> None:
    assert restore(neutralise(cell)) == cell
    assert not neutralise(cell) or neutralise(cell)[0] not in FORMULA


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(notes=st.lists(hostile, min_size=1, max_size=4), areas=st.lists(st.sampled_from(AREAS)))
def test_csv_and_json_round_trips_are_lossless_for_hostile_notes(
    tmp_path: Path, notes: list[str], areas: list[str]
) -> None:
    entries = [
        replace(
            new_entry(n % 11, areas, at=datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=n)),
            note=note,
        )
        for n, note in enumerate(notes)
    ]
    for fmt, data in (("csv", to_csv(entries)), ("json", to_json(entries))):
        back = read_export(data.encode("utf-8"), tmp_path / f"x.{fmt}").entries
        assert exact(back) == exact(entries), fmt
    journal = tmp_path / "hypothesis.toml"
    journal.unlink(missing_ok=True)
    store = JournalStore(journal)
    store.append_new(read_export(to_csv(entries).encode(), tmp_path / "x.csv").entries)
    assert exact(store.load()) == exact(entries)


def test_append_new_writes_nothing_when_nothing_is_new(tmp_path: Path) -> None:
    store = JournalStore(tmp_path / "sub" / "j.toml")
    assert store.append_new([]) == []
    assert not (tmp_path / "sub").exists()
    entries = sample()
    assert store.append_new(entries) == []
    before = store.path.read_bytes()
    assert {e.id for e in store.append_new(entries)} == {e.id for e in entries}
    assert store.path.read_bytes() == before
    assert not store.backup_path.exists()


def test_append_new_rewrites_an_old_version_journal_keeping_a_backup(tmp_path: Path) -> None:
    journal = tmp_path / "j.toml"
    journal.write_text(
        "version = 0\n\n[[entries]]\ndate = 2024-03-01\npain = 4\n", encoding="utf-8"
    )
    old = journal.read_bytes()
    store = JournalStore(journal)
    store.append_new(sample()[:1])
    assert store.backup_path.read_bytes() == old
    assert [e.level for e in store.load()] == [4, 6]
    assert store.read().version == 1


def test_json_export_is_the_documented_shape(tmp_path: Path) -> None:
    (data,) = json.loads(to_json(sample()[:1]))
    assert data["at"] == "2026-03-01T08:30:00+00:00" and data["areas"] == ["lower-back", "neck"]

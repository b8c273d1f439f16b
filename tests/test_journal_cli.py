"""``acupress log`` and ``acupress journal``: exit codes, output, JSON and CSV, refusing bad files."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from tui.cli import main
from tui.core.journal.entry import new_entry
from tui.core.journal.store import JournalStore

Capture = pytest.CaptureFixture[str]


def run(capsys: Capture, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exit:  # argparse's own usage errors
        code = int(exit.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    return tmp_path / "j" / "journal.toml"


def test_log_saves_prints_and_creates_the_default_file(capsys: Capture) -> None:
    code, out, err = run(capsys, "log", "6", "--area", "lower-back", "--note", 'sore "again"\n2nd')
    assert (code, err) == (0, "")
    default = Path(os.environ["XDG_DATA_HOME"]) / "acupress" / "journal.toml"
    (saved,) = JournalStore(default).load()
    assert (saved.level, saved.areas, saved.note) == (6, ("lower-back",), 'sore "again"\n2nd')
    assert saved.id in out and "6/10" in out and "lower-back" in out and 'sore "again"' in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["log", "11"], "from 0 (no pain) to 10 (worst pain imaginable), not 11"),
        (["log", "-1"], 'not "-1"'),
        (["log", "5.5"], 'not "5.5"'),
        (["log", "six"], 'not "six"'),
        (
            ["log", "5", "--area", "lowerback"],
            "unknown area 'lowerback' (did you mean 'lower-back'?)",
        ),
        (
            ["log", "5", "--at", "2026-02-30 10:00"],
            "--at '2026-02-30 10:00': is not a date and time that exists",
        ),
        (["log", "5", "--at", "yesterday"], "as 'YYYY-MM-DD HH:MM'"),
        (["log", "5", "--at", "2025-01-01"], "as 'YYYY-MM-DD HH:MM'"),
        (["log", "5", "--at", "2999-01-01 10:00"], "is in the future"),
        (["log", "5", "--phase", "after"], "'phase' needs 'routine'"),
    ],
)
def test_log_rejects_bad_input_and_writes_nothing(
    capsys: Capture, journal: Path, argv: list[str], message: str
) -> None:
    code, out, err = run(capsys, *argv, "--journal", str(journal))
    assert code == 2
    assert err.startswith("acupress: ") and message in err
    assert out == ""
    assert not journal.parent.exists()


def test_log_at_a_given_local_time(capsys: Capture, journal: Path) -> None:
    code, _, _ = run(capsys, "log", "3", "--at", "2025-06-01 07:45", "--journal", str(journal))
    assert code == 0
    (saved,) = JournalStore(journal).load()
    assert saved.at.replace(tzinfo=None) == datetime(2025, 6, 1, 7, 45)
    assert saved.at.utcoffset() == datetime(2025, 6, 1, 7, 45).astimezone().utcoffset()


def test_a_broken_journal_is_reported_with_its_line_and_left_alone(
    capsys: Capture, journal: Path
) -> None:
    journal.parent.mkdir(parents=True)
    text = 'version = 1\n\n[[entries]]\nid = "a"\nat = 2026-01-01T08:00:00+00:00\nlevel = 12\n'
    journal.write_text(text, encoding="utf-8")
    before = journal.read_bytes()
    for argv in (["log", "4"], ["journal"], ["journal", "stats"], ["journal", "delete", "a"]):
        code, out, err = run(capsys, *argv, "--journal", str(journal))
        assert code == 1, argv
        assert f"{journal}:6: entries[1].level: must be a whole number" in err
        assert out == ""
    assert journal.read_bytes() == before
    # A refused write creates nothing: not even the lock file.
    assert sorted(p.name for p in journal.parent.iterdir()) == ["journal.toml"]


def test_journal_option_before_or_after_the_command(capsys: Capture, tmp_path: Path) -> None:
    first, second = tmp_path / "a.toml", tmp_path / "b.toml"
    assert run(capsys, "--journal", str(first), "log", "1")[0] == 0
    assert run(capsys, "log", "2", "--journal", str(second))[0] == 0
    assert [e.level for e in JournalStore(first).load()] == [1]
    assert [e.level for e in JournalStore(second).load()] == [2]
    _, out, _ = run(capsys, "--journal", str(first), "journal", "--json")
    assert [e["level"] for e in json.loads(out)] == [1]
    _, out, _ = run(capsys, "journal", "--journal", str(second), "--json")
    assert [e["level"] for e in json.loads(out)] == [2]
    _, out, _ = run(capsys, "--journal", str(first), "journal", "stats", "--json")
    assert json.loads(out)["count"] == 1
    _, out, _ = run(capsys, "journal", "stats", "--journal", str(second), "--json")
    assert json.loads(out)["count"] == 1


def test_environment_and_config_choose_the_journal(
    capsys: Capture, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = Path(os.environ["XDG_CONFIG_HOME"]) / "acupress" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(f'journal = "{tmp_path / "configured.toml"}"\n', encoding="utf-8")
    run(capsys, "log", "1")
    assert [e.level for e in JournalStore(tmp_path / "configured.toml").load()] == [1]
    monkeypatch.setenv("ACUPRESS_JOURNAL", str(tmp_path / "env.toml"))
    run(capsys, "log", "2")
    assert [e.level for e in JournalStore(tmp_path / "env.toml").load()] == [2]


def add(path: Path, level: int, at: datetime, areas: tuple[str, ...] = (), **extra: str) -> str:
    made = new_entry(level, areas, at=at, **extra)
    JournalStore(path).append(made)
    return made.id


def test_listing_is_newest_first_and_filters(capsys: Capture, journal: Path) -> None:
    add(journal, 2, datetime(2026, 3, 1, 9, 0), ("neck",))
    add(journal, 5, datetime(2026, 3, 3, 9, 0), ("lower-back",))
    add(journal, 7, datetime(2026, 3, 2, 9, 0), ("neck", "lower-back"))
    _, out, _ = run(capsys, "journal", "--journal", str(journal))
    assert [line.split()[3] for line in out.splitlines()] == ["5/10", "7/10", "2/10"]
    _, out, _ = run(capsys, "journal", "--json", "--since", "2026-03-02", "--journal", str(journal))
    assert [e["level"] for e in json.loads(out)] == [5, 7]
    _, out, _ = run(
        capsys,
        "journal",
        "--json",
        "--until",
        "2026-03-02",
        "--area",
        "neck",
        "--journal",
        str(journal),
    )
    assert [e["level"] for e in json.loads(out)] == [7, 2]
    code, _, err = run(capsys, "journal", "--since", "March", "--journal", str(journal))
    assert code == 2 and "bad date 'March'" in err


def test_json_entries_have_every_field_and_iso_times(capsys: Capture, journal: Path) -> None:
    add(
        journal,
        4,
        datetime(2026, 3, 1, 9, 5),
        ("neck",),
        routine="desk-reset",
        phase="before",
        session="s1",
    )
    _, out, _ = run(capsys, "journal", "--json", "--journal", str(journal))
    (item,) = json.loads(out)
    assert set(item) == {
        "id",
        "at",
        "level",
        "areas",
        "note",
        "routine",
        "phase",
        "session",
        "updated",
    }
    assert datetime.fromisoformat(item["at"]).utcoffset() is not None
    assert item["at"].startswith("2026-03-01T09:05:00")
    assert (item["areas"], item["note"], item["phase"]) == (["neck"], None, "before")
    assert item["updated"] is None  # never edited


def test_empty_journal_lists_nothing_and_creates_nothing(capsys: Capture, journal: Path) -> None:
    code, out, _ = run(capsys, "journal", "--journal", str(journal))
    assert code == 0 and "no entries yet" in out
    code, out, _ = run(capsys, "journal", "--json", "--journal", str(journal))
    assert (code, json.loads(out)) == (0, [])
    code, out, _ = run(capsys, "journal", "stats", "--journal", str(journal))
    assert code == 0 and "Entries: 0" in out
    assert not journal.parent.exists()


def test_stats_text_and_json(capsys: Capture, journal: Path) -> None:
    today = datetime.now().replace(hour=8, minute=0, second=0, microsecond=0)
    for days_ago, level in [(12, 8), (9, 7), (6, 6), (3, 5), (0, 4)]:
        add(journal, level, today - timedelta(days=days_ago))
    add(journal, 6, today - timedelta(days=1), routine="desk-reset", phase="before", session="x")
    add(
        journal,
        3,
        today - timedelta(days=1, minutes=-30),
        routine="desk-reset",
        phase="after",
        session="x",
    )
    _, out, _ = run(capsys, "journal", "stats", "--json", "--journal", str(journal))
    data = json.loads(out)
    assert (data["count"], data["min"], data["max"]) == (7, 3, 8)
    assert data["trend"]["label"] == "improving" and data["trend"]["points_per_week"] < 0
    assert data["routines"] == [
        {
            "routine": "desk-reset",
            "pairs": 1,
            "mean_before": 6.0,
            "mean_after": 3.0,
            "mean_change": -3.0,
        }
    ]
    _, out, _ = run(capsys, "journal", "stats", "--days", "7", "--journal", str(journal))
    assert "Entries: 5 (last 7 days)" in out
    assert "desk-reset: 6.0 -> 3.0 (-3.0) over 1 session" in out
    assert "Trend over the last 7 days: improving" in out
    code, _, err = run(capsys, "journal", "stats", "--days", "0", "--journal", str(journal))
    assert code == 2 and "above 0" in err


def test_export_csv_quotes_multiline_notes(capsys: Capture, journal: Path, tmp_path: Path) -> None:
    note = 'line one, with a comma\nline "two"\n😀'
    JournalStore(journal).append(
        new_entry(5, ["neck", "lower-back"], note, at=datetime(2026, 3, 2, 9))
    )
    add(journal, 2, datetime(2026, 3, 1, 9))
    out_file = tmp_path / "out.csv"
    code, _, _ = run(
        capsys,
        "journal",
        "export",
        "--format",
        "csv",
        "-o",
        str(out_file),
        "--journal",
        str(journal),
    )
    assert code == 0
    with out_file.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["level"] for r in rows] == ["2", "5"]  # oldest first
    assert rows[1]["note"] == note
    assert rows[1]["areas"] == "lower-back;neck"
    assert rows[0]["note"] == "" and rows[0]["routine"] == ""
    _, out, _ = run(capsys, "journal", "export", "--format", "csv", "--journal", str(journal))
    assert list(csv.DictReader(io.StringIO(out, newline="")))[1]["note"] == note


def test_export_json_and_refusing_to_overwrite_the_journal(capsys: Capture, journal: Path) -> None:
    add(journal, 2, datetime(2026, 3, 1, 9))
    before = journal.read_bytes()
    _, out, _ = run(capsys, "journal", "export", "--format", "json", "--journal", str(journal))
    assert [e["level"] for e in json.loads(out)] == [2]
    code, _, err = run(
        capsys,
        "journal",
        "export",
        "--format",
        "json",
        "-o",
        str(journal),
        "--journal",
        str(journal),
    )
    assert code == 2 and "will not write over the journal" in err
    assert journal.read_bytes() == before


def test_delete_by_id(capsys: Capture, journal: Path) -> None:
    keep = add(journal, 2, datetime(2026, 3, 1, 9))
    gone = add(journal, 5, datetime(2026, 3, 2, 9))
    code, out, _ = run(capsys, "journal", "delete", gone, "--journal", str(journal))
    assert code == 0 and gone in out
    assert [e.id for e in JournalStore(journal).load()] == [keep]
    assert (journal.parent / "journal.toml.bak").exists()
    code, _, err = run(capsys, "journal", "delete", gone, "--journal", str(journal))
    assert code == 1 and f"no entry with id '{gone}'" in err


def test_log_and_journal_do_not_import_textual(tmp_path: Path) -> None:
    script = (
        "import sys\nfrom tui.cli import main\n"
        f"assert main(['log', '3', '--journal', {str(tmp_path / 'j.toml')!r}]) == 0\n"
        f"assert main(['journal', 'stats', '--journal', {str(tmp_path / 'j.toml')!r}]) == 0\n"
        "assert not any(m == 'textual' or m.startswith('textual.') for m in sys.modules), 'textual'\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert date.today().isoformat() in done.stdout or "saved" in done.stdout


def test_a_bad_journal_setting_is_not_silently_replaced_by_the_default(capsys: Capture) -> None:
    config = Path(os.environ["XDG_CONFIG_HOME"]) / "acupress" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("journal = 5\n", encoding="utf-8")
    code, _, err = run(capsys, "log", "4")
    assert code == 1
    assert f"{config}:1: journal" in err and "--journal PATH" in err
    assert not (Path(os.environ["XDG_DATA_HOME"]) / "acupress").exists()


def test_a_failing_disk_is_a_message_not_a_traceback(
    capsys: Capture, journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from tui.core.journal import store as store_module

    def full(path: Path, data: bytes, **_: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(store_module, "write_atomic", full)
    code, out, err = run(capsys, "log", "4", "--journal", str(journal))
    assert (code, out) == (1, "")
    assert (
        err
        == f"acupress: cannot write {journal}: No space left on device; nothing was saved; the journal was left as it was\n"
    )

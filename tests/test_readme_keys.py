"""The README's keys table says what the app does: every key each screen's help lists is in
the README's rows for that screen (or for "everywhere" and the sections)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fakeclock import FakeClock

from tui.app import AcupressApp
from tui.screens.help import describe_keys

README = Path(__file__).resolve().parent.parent / "README.md"
WORDS = {
    "⏎": "Enter",
    "esc": "Esc",
    "space": "Space",
    "tab": "Tab",
    "^p": "ctrl+p",
    "^s": "ctrl+s",
}


def readme_rows() -> dict[str, str]:
    """The keys table: its "where" to the text of every row under it."""
    table = README.read_text(encoding="utf-8").split("## Keys", 1)[1].split("\n## ", 1)[0]
    rows: dict[str, str] = {}
    where = ""
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or cells[0] in ("where", "---"):
            continue
        where = cells[0] or where
        rows[where] = rows.get(where, "") + " " + cells[1].replace("`", " ") + " "
    return rows


def readme_keys(*wheres: str) -> str:
    rows = readme_rows()
    return "".join(rows[w] for w in ("everywhere", *wheres))


def shown_keys(keys: str) -> list[str]:
    """The keys of one help line, as the README writes them."""
    found = []
    for key in keys.split():
        key = WORDS.get(key, key)
        if re.fullmatch(r"\d-\d", key):
            found += key.split("-")
        else:
            found.append(key)
    return found


def check(app: AcupressApp, *wheres: str) -> None:
    documented = readme_keys(*wheres)
    for keys, description in describe_keys(app.screen):
        for key in shown_keys(keys):
            assert f" {key} " in documented, f"{key!r} ({description}) is not in the README"


def make_app(**kwargs: object) -> AcupressApp:
    app = AcupressApp(show_notice=False, ascii_map=False, **kwargs)  # type: ignore[arg-type]
    app.animation_level = "none"
    return app


@pytest.mark.parametrize(
    ("key", "where"),
    [("1", "Points"), ("2", "Routines"), ("3", "Journal"), ("4", "Settings")],
)
async def test_each_section_s_keys_are_in_the_readme(key: str, where: str, tmp_path: Path) -> None:
    app = make_app(journal_path=tmp_path / "journal.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(key)
        await pilot.pause()
        check(app, "the four sections", where)
        if where == "Journal":
            await pilot.press("tab", "tab", "tab")  # the table
            await pilot.pause()
            check(app, "the four sections", where)


async def test_playback_s_keys_are_in_the_readme() -> None:
    from tui.core.points import load_catalogue
    from tui.core.routines import find_routine

    clock = FakeClock()
    app = make_app(play=find_routine("lower-back", load_catalogue()), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        check(app, "Playback")
        await pilot.press("escape", "y")  # the end
        await pilot.pause()
        check(app, "Playback")

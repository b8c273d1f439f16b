"""Under the C locale the app writes nothing but ASCII: borders, arrows, signs, tone marks, hanzi.

The app runs under a real pseudo-terminal with ``LANG=C`` and no other locale variable (so
Python runs in UTF-8 mode and says "utf-8" for its streams, and the locale has to decide),
and is taken through every section, the safety notice, help, a point full-screen, the
command palette and playback. Every byte written must be below 0x80.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ptyrun import PtyProcess

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs a Linux pty"),
]

REPO = Path(__file__).resolve().parent.parent
LOCALE_VARIABLES = ("LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "LC_MESSAGES", "PYTHONUTF8")


def environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    environ = {
        k: v
        for k, v in os.environ.items()
        if k not in (*LOCALE_VARIABLES, "NO_COLOR", "TEXTUAL_ANIMATIONS", "ACUPRESS_ASCII")
    }
    environ.update(
        TERM="xterm",
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_STATE_HOME=str(tmp_path / "state"),
        HOME=str(tmp_path),
        PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""),
        **extra,
    )
    state = tmp_path / "state" / "acupress"
    state.mkdir(parents=True)
    (state / "state.toml").write_text("notice_acknowledged = true\nnotice_version = 99\n")
    return environ


@pytest.fixture
def spawned() -> Iterator[list[PtyProcess]]:
    started: list[PtyProcess] = []
    yield started
    for process in started:
        process.kill()


def non_ascii(output: bytes) -> list[str]:
    """Each run of bytes >= 0x80, with some context, for the message."""
    found = []
    for index, byte in enumerate(output):
        if byte >= 0x80:
            found.append(repr(output[max(0, index - 30) : index + 10]))
            if len(found) >= 5:
                break
    return found


def walk(process: PtyProcess, everything: bytearray) -> None:
    """Through every section, the notice, help, a point, the palette."""
    process.wait_for(b"Search", timeout=30)
    process.read_for(0.5)
    steps: list[tuple[bytes, bytes]] = [
        (b"/", b"code, name, use"),
        (b"hegu", b"LI4"),  # hanzi and tone marks in the detail
        (b"\x1b", b"Clear"),  # out of the search
        (b"\r", b"Joining Valley"),  # the point full-screen
        (b"\x1b", b"Filter"),
        (b"2", b"lower-back"),  # routines
        (b"3", b"No ratings yet"),  # journal
        (b"t", b"Daily mean pain"),  # the chart
        (b"g", b"Go to"),
        (b"4", b"Pregnancy mode"),  # settings: switches, selects
        (b"?", b"Keys"),  # help
        (b"s", b"Before you start"),  # the safety notice
        (b"\x1b", b"Pregnancy mode"),
        (b":", b"commands"),  # the palette
        (b"\x1b", b"Pregnancy mode"),
    ]
    for keys, marker in steps:
        process.output.clear()
        process.write(keys)
        process.wait_for(marker, timeout=20)
        process.read_for(0.3)
        everything += process.output


def test_the_c_locale_gets_plain_ascii_everywhere(
    tmp_path: Path, spawned: list[PtyProcess]
) -> None:
    env = environment(tmp_path, LANG="C")
    process = PtyProcess.spawn([sys.executable, "-m", "tui"], env=env, cwd=str(REPO))
    spawned.append(process)
    everything = bytearray()
    walk(process, everything)
    for keys, marker in ((b"2", b"lower-back"), (b"\r", b"Get ready"), (b"n", b"Breathe")):
        process.output.clear()
        process.write(keys)  # play the first routine: the pacer, the meters, the cautions
        process.wait_for(marker, timeout=20)
        process.read_for(0.5)
        everything += process.output
    assert not non_ascii(bytes(everything)), non_ascii(bytes(everything))


def test_acupress_ascii_forces_it_in_a_utf8_locale(
    tmp_path: Path, spawned: list[PtyProcess]
) -> None:
    env = environment(tmp_path, LANG="C.UTF-8", ACUPRESS_ASCII="1")
    process = PtyProcess.spawn([sys.executable, "-m", "tui"], env=env, cwd=str(REPO))
    spawned.append(process)
    everything = bytearray(process.output)
    walk(process, everything)
    assert not non_ascii(bytes(everything)), non_ascii(bytes(everything))


def test_a_utf8_locale_keeps_unicode(tmp_path: Path, spawned: list[PtyProcess]) -> None:
    env = environment(tmp_path, LANG="C.UTF-8")
    process = PtyProcess.spawn([sys.executable, "-m", "tui"], env=env, cwd=str(REPO))
    spawned.append(process)
    process.wait_for(b"Search", timeout=30)
    process.read_for(0.5)
    process.output.clear()
    process.write(b"/")
    process.wait_for(b"code, name, use", timeout=20)
    process.write(b"hegu")
    process.wait_for("Hégǔ".encode(), timeout=20)

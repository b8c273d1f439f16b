"""SIGHUP (an SSH link dropping) and SIGTERM end the app at once and restore the terminal.

The app runs under a real pseudo-terminal (tests/ptyrun.py) at 80x24, in the
point browser and in playback. Nothing sleeps to wait for the UI: every wait is
``wait_for`` (or ``wait``) with a time-out.
"""

from __future__ import annotations

import os
import select
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ptyrun import PtyProcess

from tui.core.safety import NOTICE_VERSION

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs a Linux pty"),
]

REPO = Path(__file__).resolve().parent.parent

ALT_SCREEN_OFF = b"\x1b[?1049l"
ALT_SCREEN_ON = b"\x1b[?1049h"
CURSOR_SHOWN = b"\x1b[?25h"

EXIT_SECONDS = 5.0
"""How long the app may take to end after the signal ("at once", with slack for a loaded CI)."""

BROWSER = ([sys.executable, "-m", "tui"], (b"Quit",))
PLAYBACK = ([sys.executable, "-m", "tui", "play", "lower-back"], (b"Lower back", b"BL23"))
SCREENS = {"browser": BROWSER, "playback": PLAYBACK}


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    state = tmp_path / "state" / "acupress"
    state.mkdir(parents=True)
    (state / "state.toml").write_text(
        f"notice_acknowledged = true\nnotice_version = {NOTICE_VERSION}\n"
    )
    environ = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TEXTUAL_ANIMATIONS")}
    environ.update(
        TERM="xterm-256color",
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_STATE_HOME=str(tmp_path / "state"),
        ACUPRESS_JOURNAL=str(tmp_path / "data" / "journal.jsonl"),
        PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""),
    )
    return environ


@pytest.fixture
def spawn(env: dict[str, str]) -> Iterator[list[PtyProcess]]:
    """Processes started by a test; killed (if still alive) afterwards."""
    started: list[PtyProcess] = []
    yield started
    for process in started:
        process.kill()


def start(spawned: list[PtyProcess], env: dict[str, str], screen: str) -> PtyProcess:
    argv, markers = SCREENS[screen]
    process = PtyProcess.spawn(argv, env=env, cwd=str(REPO))
    spawned.append(process)
    process.wait_for(*markers, timeout=30)
    return process


def wait_exit(pid: int, timeout: float) -> int | None:
    """The child's exit status, or None if it is still running after *timeout* (no polling)."""
    pidfd = os.pidfd_open(pid)
    try:
        ready, _, _ = select.select([pidfd], [], [], timeout)
    finally:
        os.close(pidfd)
    if not ready:
        return None
    _, raw = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(raw)


def assert_restored(output: bytes) -> None:
    """The app left the alternate screen, showed the cursor, and drew nothing afterwards."""
    assert ALT_SCREEN_ON in output, "the app never entered the alternate screen"
    last_off = output.rfind(ALT_SCREEN_OFF)
    assert last_off > output.rfind(ALT_SCREEN_ON), (
        f"terminal left on the alternate screen; output ends {output[-300:]!r}"
    )
    tail = output[last_off:]
    assert CURSOR_SHOWN in tail, f"cursor left hidden; output ends {tail[-300:]!r}"
    assert b"Traceback" not in output, f"traceback on exit: {output[-2000:]!r}"


@pytest.mark.parametrize("screen", ["browser", "playback"])
@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM], ids=["SIGHUP", "SIGTERM"])
def test_signal_ends_the_app_and_restores_the_terminal(
    spawn: list[PtyProcess], env: dict[str, str], screen: str, signum: int
) -> None:
    process = start(spawn, env, screen)
    sent = time.monotonic()
    os.kill(process.pid, signum)
    code = process.wait(timeout=EXIT_SECONDS)
    took = time.monotonic() - sent
    assert code is not None, (
        f"still running {EXIT_SECONDS} s after {signal.Signals(signum).name}; "
        f"output ends {bytes(process.output[-300:])!r}"
    )
    assert code == 128 + signum, f"exit status {code} after {signal.Signals(signum).name}"
    assert took < EXIT_SECONDS
    assert_restored(bytes(process.output))


@pytest.mark.parametrize("screen", ["browser", "playback"])
def test_link_drop_closing_the_pty_ends_the_app(
    spawn: list[PtyProcess], env: dict[str, str], screen: str
) -> None:
    """The SSH case: the pty master goes away; the kernel sends SIGHUP and writes fail."""
    process = start(spawn, env, screen)
    os.close(process.fd)
    process.fd = -1  # the number may be reused: never close it again
    status = wait_exit(process.pid, EXIT_SECONDS)
    assert status is not None, f"still running {EXIT_SECONDS} s after the pty closed"
    # Ended by the app's own handler (129), not killed by the default action (-1) nor a crash (1).
    assert status == 128 + signal.SIGHUP, f"exit status {status} after the pty closed"

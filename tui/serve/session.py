"""One served app: its own process on its own pseudo-terminal, its folders and environment.

The app is ``python -m tui`` started with :func:`os.posix_spawn` in a new session whose
controlling terminal is the pty (so a resize sends it SIGWINCH and a closed pty SIGHUP,
even if the server itself dies). It gets a clean environment: only the folders of the
person it serves, their terminal type and what Python needs; nothing of the server's.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
import shutil
import signal
import site
import struct
import sys
import tempfile
import termios
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import tui
from tui.core import confine

XDG_FOLDERS = {
    "XDG_CONFIG_HOME": "config",
    "XDG_DATA_HOME": "data",
    "XDG_STATE_HOME": "state",
    "XDG_CACHE_HOME": "cache",
}
"""Each person's folder holds these four, passed to the app as the XDG base directories."""

APP_ARGV: tuple[str, ...] = (sys.executable, "-m", "tui")


# --- folders --------------------------------------------------------------------------------


def person_folder(data_dir: Path, name: str) -> Path:
    """``DATA_DIR/people/NAME``, created (0700) with its four XDG folders.

    *name* must be a safe folder name (``keys.Person.folder``), never text a person chose.
    """
    if not name or name in (".", "..") or "/" in name or "\0" in name:
        raise ValueError(f"not a safe folder name: {name!r}")
    home = data_dir / "people" / name
    _make_home(home)
    return home


def new_guest_folder(guests_dir: Path) -> Path:
    """A fresh, private folder for one guest session under *guests_dir*.

    Its name starts with the pid of the process that owns it, so that
    :func:`sweep_guest_folders` can tell the folders of a server that died.
    """
    guests_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-", dir=guests_dir))
    _make_home(home)
    return home


def remove_guest_folder(home: Path) -> None:
    shutil.rmtree(home, ignore_errors=True)


def sweep_guest_folders(guests_dir: Path) -> int:
    """Remove guest folders left by processes that are gone; the number removed."""
    removed = 0
    try:
        entries = list(guests_dir.iterdir())
    except OSError:
        return 0
    for entry in entries:
        owner = entry.name.split("-", 1)[0]
        if not owner.isdigit() or _alive(int(owner)):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
            removed += 1
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _make_home(home: Path) -> None:
    home.mkdir(mode=0o700, parents=True, exist_ok=True)
    for sub in XDG_FOLDERS.values():
        (home / sub).mkdir(mode=0o700, exist_ok=True)


# --- environment ----------------------------------------------------------------------------


def app_environment(
    home: Path,
    term: str,
    *,
    guest: bool = False,
    extra: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """The whole environment of a served app: nothing is inherited from the server."""
    env = {
        "HOME": str(home),
        "PATH": os.defpath,
        "TERM": term,
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        confine.ENV: str(home),
        **{var: str(home / sub) for var, sub in XDG_FOLDERS.items()},
    }
    if guest:
        env["ACUPRESS_GUEST"] = "1"
    if (path := _python_path()) is not None:
        env["PYTHONPATH"] = path
    env.update(extra or {})
    return env


def _python_path() -> str | None:
    """Where ``tui`` lives, when Python would not find it there by itself (a source checkout)."""
    where = str(Path(tui.__file__).resolve().parent.parent)
    installed = {str(Path(p).resolve()) for p in site.getsitepackages()}
    return None if where in installed else where


# --- the process ----------------------------------------------------------------------------


class PtyApp:
    """An app process on a pty of its own, driven from the asyncio loop.

    *on_output* gets what the app writes; *on_exit* its exit status (``-N``: killed by
    signal N) once it has ended and every byte it wrote has been passed on.
    """

    def __init__(
        self,
        env: Mapping[str, str],
        size: tuple[int, int],
        *,
        on_output: Callable[[bytes], None],
        on_exit: Callable[[int], None],
        on_drained: Callable[[], None] = lambda: None,
        argv: Sequence[str] = APP_ARGV,
        hangup_grace: float = 3.0,
    ) -> None:
        self.env = dict(env)
        self.size = size
        self.argv = list(argv)
        self.on_output = on_output
        self.on_exit = on_exit
        self.on_drained = on_drained
        self.hangup_grace = hangup_grace
        self.pid: int | None = None
        self.status: int | None = None
        self._fd: int | None = None
        self._pidfd: int | None = None
        self._reading = False
        self._pending = bytearray()
        self._output_done = False
        self._kill_timer: asyncio.TimerHandle | None = None
        self._loop = asyncio.get_running_loop()

    @property
    def running(self) -> bool:
        return self.pid is not None and self.status is None

    def start(self) -> None:
        master, slave = os.openpty()
        try:
            self._fd = master
            _set_size(master, self.size)
            os.set_blocking(master, False)
            self.pid = os.posix_spawn(
                self.argv[0],
                self.argv,
                self.env,
                # A session leader opening a terminal makes it its controlling terminal.
                file_actions=[
                    (os.POSIX_SPAWN_OPEN, 0, os.ttyname(slave), os.O_RDWR, 0),
                    (os.POSIX_SPAWN_DUP2, 0, 1),
                    (os.POSIX_SPAWN_DUP2, 0, 2),
                ],
                setsid=True,
                setsigdef=(signal.SIGHUP, signal.SIGINT, signal.SIGTERM, signal.SIGPIPE),
            )
        except BaseException:
            os.close(master)
            self._fd = None
            raise
        finally:
            os.close(slave)
        self._loop.add_reader(master, self._read)
        self._reading = True
        try:
            self._pidfd = os.pidfd_open(self.pid)
            self._loop.add_reader(self._pidfd, self._reap)
        except (AttributeError, OSError):  # pragma: no cover - no pidfd (not Linux 5.3+)
            self._poll_exit()

    # --- input and output -------------------------------------------------------------------

    def write(self, data: bytes) -> bool:
        """Pass keys to the app; False when the pty is full (pause the sender until drained)."""
        if self._fd is None or not self.running:
            return True
        if self._pending:
            self._pending += data
            return False
        try:
            written = os.write(self._fd, data)
        except BlockingIOError:
            written = 0
        except OSError:
            return True
        if written < len(data):
            self._pending += data[written:]
            self._loop.add_writer(self._fd, self._flush)
            return False
        return True

    def _flush(self) -> None:
        assert self._fd is not None
        try:
            written = os.write(self._fd, self._pending)
        except BlockingIOError:
            return
        except OSError:
            written = len(self._pending)
        del self._pending[:written]
        if not self._pending:
            self._loop.remove_writer(self._fd)
            self.on_drained()

    def pause_output(self) -> None:
        if self._reading and self._fd is not None:
            self._loop.remove_reader(self._fd)
            self._reading = False

    def resume_output(self) -> None:
        if not self._reading and self._fd is not None and not self._output_done:
            self._loop.add_reader(self._fd, self._read)
            self._reading = True

    def _read(self) -> None:
        assert self._fd is not None
        try:
            data = os.read(self._fd, 65536)
        except BlockingIOError:
            return
        except OSError:  # EIO: every copy of the other end is closed
            data = b""
        if data:
            self.on_output(data)
            return
        self._output_done = True
        self.pause_output()
        self._maybe_done()

    # --- size and signals -------------------------------------------------------------------

    def resize(self, size: tuple[int, int]) -> None:
        """Set the pty's size; the kernel sends the app SIGWINCH."""
        if size == self.size:
            return
        self.size = size
        if self._fd is not None and self.running:
            with contextlib.suppress(OSError):
                _set_size(self._fd, size)

    def hangup(self) -> None:
        """End the app as a dropped line would: SIGHUP now, SIGKILL after the grace period."""
        if not self.running or self._kill_timer is not None:
            return
        self._signal(signal.SIGHUP)
        self._kill_timer = self._loop.call_later(self.hangup_grace, self._signal, signal.SIGKILL)

    def _signal(self, signum: int) -> None:
        # Only while not reaped: until then the pid (and its group) cannot belong to another.
        if self.running and self.pid is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.pid, signum)

    # --- the end ------------------------------------------------------------------------------

    def _reap(self) -> None:
        assert self.pid is not None
        try:
            # Look without reaping: until it is reaped, the pid cannot be given to another.
            ended = os.waitid(os.P_PID, self.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
        except ChildProcessError:
            ended = None
        if ended is None and self.status is None and _alive(self.pid):
            return
        # Anything the app's session left behind ends with it.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.pid, signal.SIGKILL)
        try:
            _, status = os.waitpid(self.pid, 0)
            self.status = os.waitstatus_to_exitcode(status)
        except ChildProcessError:
            self.status = -signal.SIGKILL
        if self._pidfd is not None:
            self._loop.remove_reader(self._pidfd)
            os.close(self._pidfd)
            self._pidfd = None
        if self._kill_timer is not None:
            self._kill_timer.cancel()
        # Pass on what the app wrote last (the terminal restored), up to the end of the pty.
        self.resume_output()
        self._maybe_done()

    def _poll_exit(self) -> None:  # pragma: no cover - only without pidfd
        self._reap()
        if self.status is None:
            self._loop.call_later(0.2, self._poll_exit)

    def _maybe_done(self) -> None:
        if self.status is None or not self._output_done or self._fd is None:
            return
        if self._reading:
            self._loop.remove_reader(self._fd)
            self._reading = False
        if self._pending:
            self._loop.remove_writer(self._fd)
            self._pending.clear()
        os.close(self._fd)
        self._fd = None
        self.on_exit(self.status)

    def close(self) -> None:
        """Kill the app at once (the server is stopping and cannot wait)."""
        self._signal(signal.SIGKILL)


def _set_size(fd: int, size: tuple[int, int]) -> None:
    columns, rows = size
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))

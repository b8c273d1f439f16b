"""Run a program under a pseudo-terminal of a given size and watch what it writes.

Used by the benchmark scripts and the pty tests. POSIX only.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import select
import signal
import struct
import termios
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

# The baseline of the benchmarks: a bare Textual app showing one Static.
BARE_APP = """
from textual.app import App, ComposeResult
from textual.widgets import Static

class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("bare textual app ready")

Bare().run()
"""


@dataclass
class PtyProcess:
    pid: int
    fd: int
    output: bytearray = field(default_factory=bytearray)

    @classmethod
    def spawn(
        cls,
        argv: Sequence[str],
        *,
        size: tuple[int, int] = (80, 24),
        env: Mapping[str, str] | None = None,
        cwd: str | None = None,
    ) -> PtyProcess:
        pid, fd = pty.fork()
        if pid == 0:  # child
            try:
                if cwd:
                    os.chdir(cwd)
                os.execvpe(argv[0], list(argv), dict(env if env is not None else os.environ))
            finally:
                os._exit(127)
        columns, rows = size
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        return cls(pid, fd)

    def read_for(self, seconds: float) -> bytes:
        """Read everything written during *seconds*; returns just that part."""
        start = len(self.output)
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            self._read_once(left)
        return bytes(self.output[start:])

    def wait_for(self, *needles: bytes, timeout: float = 20.0) -> float:
        """Seconds until every needle has appeared in the output; raises TimeoutError."""
        started = time.monotonic()
        deadline = started + timeout
        while not all(n in self.output for n in needles):
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(
                    f"never saw {needles!r}; last output: {bytes(self.output[-400:])!r}"
                )
            if not self._read_once(left):
                raise EOFError(
                    f"program ended before {needles!r}; output: {bytes(self.output[-400:])!r}"
                )
        return time.monotonic() - started

    def _read_once(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], min(timeout, 0.05))
        if not ready:
            return True
        try:
            data = os.read(self.fd, 65536)
        except OSError:
            return False
        if not data:
            return False
        self.output += data
        return True

    def write(self, data: bytes) -> None:
        os.write(self.fd, data)

    def resize(self, columns: int, rows: int) -> None:
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        os.kill(self.pid, signal.SIGWINCH)

    def cpu_seconds(self) -> float:
        """User + system CPU time of the child so far (Linux /proc)."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        return (int(fields[11]) + int(fields[12])) / ticks

    def wait(self, timeout: float = 10.0) -> int | None:
        """Wait for exit while draining output; the exit status, or None on time-out."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self._drain()
                return os.waitstatus_to_exitcode(status)
            self._read_once(0.05)
        return None

    def _drain(self) -> None:
        while True:
            try:
                ready, _, _ = select.select([self.fd], [], [], 0)
                if not ready:
                    return
                data = os.read(self.fd, 65536)
            except OSError:
                return
            if not data:
                return
            self.output += data

    def kill(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        with contextlib.suppress(OSError):
            os.close(self.fd)

"""One browser session: ``python -m tui.serve.guest GUESTS_DIR``, run by textual-serve.

textual-serve starts this command for every browser that connects, with the server's
whole environment, and speaks its own protocol on stdin (packets: a type byte, a
4-byte length, the payload; ``D`` keys, ``M`` JSON such as resize and quit). This:

- makes a fresh guest folder, runs the app in it with a clean environment (only
  textual-serve's own variables are kept), and removes the folder when the app ends;
- relays the browser's packets to the app, with every claimed size clamped and a
  burst of resizes passed on as the last one (a browser can send thousands a second,
  and the app would lay itself out for each in turn);
- ends the app within seconds once the browser has gone (quit, then SIGTERM, SIGKILL).
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

from tui.serve import session
from tui.serve.limits import clamp_size

WEB_ENV = ("TEXTUAL_DRIVER", "TEXTUAL_FPS", "TEXTUAL_COLOR_SYSTEM", "TERM_PROGRAM")
"""What textual-serve tells the app (its driver): passed on. The size is clamped first."""
RESIZE_GAP = 0.05
"""Seconds between two resizes passed on to the app."""
QUIT_GRACE = 3.0
"""Seconds the app gets to end after the browser has gone, before SIGTERM (then SIGKILL)."""
MAX_PACKET = 1 << 20


def _int(text: object, default: int) -> int:
    try:
        return int(str(text))
    except ValueError:
        return default


def main(argv: Sequence[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else list(argv)
    if len(args) != 1:
        print("usage: python -m tui.serve.guest GUESTS_DIR", file=sys.stderr)
        return 2
    home = session.new_guest_folder(Path(args[0]))
    try:
        columns, rows = clamp_size(
            _int(os.environ.get("COLUMNS"), 0), _int(os.environ.get("ROWS"), 0)
        )
        extra = {name: os.environ[name] for name in WEB_ENV if name in os.environ}
        extra.update(COLUMNS=str(columns), ROWS=str(rows))
        env = session.app_environment(home, "xterm-256color", guest=True, extra=extra)
        app = subprocess.Popen(session.APP_ARGV, env=env, cwd=home, stdin=subprocess.PIPE)

        def forward(signum: int, frame: FrameType | None) -> None:
            app.send_signal(signum)

        for signum in (signal.SIGHUP, signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, forward)
        Relay(app).run()
        return app.wait()
    finally:
        session.remove_guest_folder(home)


class Relay:
    """Passes textual-serve's packets from stdin to the app until the app has ended."""

    def __init__(self, app: subprocess.Popen[bytes], source: int | None = None) -> None:
        assert app.stdin is not None
        self.app = app
        self.source = sys.stdin.fileno() if source is None else source
        self.sink = app.stdin.fileno()
        os.set_blocking(self.sink, False)
        self.incoming = bytearray()
        self.outgoing = bytearray()
        self.resize: tuple[int, int] | None = None
        self.resized_at = 0.0
        self.quit_at: float | None = None
        self.terminated = False

    def run(self) -> None:
        ended = os.pidfd_open(self.app.pid)
        try:
            while self.app.poll() is None:
                readable, writable, _ = select.select(
                    [self.source, ended] if self.quit_at is None else [ended],
                    [self.sink] if self.outgoing else [],
                    [],
                    self._timeout(),
                )
                if self.source in readable:
                    self._read()
                if self.sink in writable:
                    self._write()
                self._tick()
        finally:
            os.close(ended)

    def _timeout(self) -> float | None:
        now = time.monotonic()
        waits = []
        if self.resize is not None:
            waits.append(self.resized_at + RESIZE_GAP - now)
        if self.quit_at is not None:
            waits.append(self.quit_at + QUIT_GRACE - now)
        return max(0.0, min(waits)) if waits else None

    def _read(self) -> None:
        try:
            data = os.read(self.source, 65536)
        except OSError:
            data = b""
        if not data:  # textual-serve has gone: as good as a quit
            self._send(b"M", {"type": "quit"})
            return
        self.incoming += data
        while len(self.incoming) >= 5:
            size = int.from_bytes(self.incoming[1:5], "big")
            if size > MAX_PACKET:
                self._send(b"M", {"type": "quit"})
                self.incoming.clear()
                return
            if len(self.incoming) < 5 + size:
                return
            kind = bytes(self.incoming[:1])
            payload = bytes(self.incoming[5 : 5 + size])
            del self.incoming[: 5 + size]
            self._packet(kind, payload)

    def _packet(self, kind: bytes, payload: bytes) -> None:
        if kind != b"M":
            self._queue(kind, payload)
            return
        try:
            meta = json.loads(payload)
        except ValueError:
            return
        if not isinstance(meta, dict):
            return
        if meta.get("type") == "resize":
            self.resize = clamp_size(_int(meta.get("width"), 0), _int(meta.get("height"), 0))
        elif meta.get("type") == "quit":
            self._send(b"M", {"type": "quit"})
        else:
            self._queue(kind, payload)

    def _send(self, kind: bytes, meta: dict[str, object]) -> None:
        if meta.get("type") == "quit":
            if self.quit_at is not None:
                return
            self.quit_at = time.monotonic()
            self.resize = None
        self._queue(kind, json.dumps(meta).encode())

    def _queue(self, kind: bytes, payload: bytes) -> None:
        self.outgoing += kind + len(payload).to_bytes(4, "big") + payload
        self._write()

    def _write(self) -> None:
        try:
            written = os.write(self.sink, self.outgoing)
        except BlockingIOError:
            return
        except OSError:  # the app has closed its input: it is ending
            written = len(self.outgoing)
        del self.outgoing[:written]

    def _tick(self) -> None:
        now = time.monotonic()
        if self.resize is not None and now - self.resized_at >= RESIZE_GAP:
            columns, rows = self.resize
            self.resize = None
            self.resized_at = now
            self._queue(
                b"M", json.dumps({"type": "resize", "width": columns, "height": rows}).encode()
            )
        if self.quit_at is not None and now - self.quit_at >= QUIT_GRACE:
            with contextlib.suppress(ProcessLookupError):
                self.app.send_signal(signal.SIGKILL if self.terminated else signal.SIGTERM)
            self.terminated = True
            self.quit_at = now


if __name__ == "__main__":
    sys.exit(main())

"""A real SSH client (asyncssh) for the serve tests and benchmark: connect, watch, type.

Every wait polls a condition against a deadline; nothing sleeps to wait.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import asyncssh

from tui.core.safety import NOTICE_VERSION
from tui.serve.ssh import Server

DEADLINE = 30.0
"""Seconds any one wait may take (an app starting on a loaded CI machine included)."""


class Guest(asyncssh.SSHClient):
    """A client with no key that answers keyboard-interactive with nothing, as OpenSSH does."""

    def kbdint_auth_requested(self) -> str:
        return ""

    def kbdint_challenge_received(
        self, name: str, instructions: str, lang: str, prompts: Any
    ) -> list[str]:
        return []


class Terminal(asyncssh.SSHClientSession[bytes]):
    """Everything the server sends, and when the channel closed."""

    def __init__(self) -> None:
        self.output = bytearray()
        self.changed = asyncio.Event()
        self.closed = False
        self.exit_status: int | None = None
        self.first_byte_at: float | None = None

    def data_received(self, data: bytes, datatype: asyncssh.DataType) -> None:
        if self.first_byte_at is None:
            self.first_byte_at = time.monotonic()
        self.output += data
        self.changed.set()

    def exit_status_received(self, status: int) -> None:
        self.exit_status = status

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        self.changed.set()

    async def wait(self, condition: Callable[[], bool], timeout: float = DEADLINE) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"last output: {bytes(self.output[-600:])!r}")
            self.changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.changed.wait(), left)

    async def wait_for(self, *needles: bytes, start: int = 0, timeout: float = DEADLINE) -> None:
        await self.wait(lambda: all(n in self.output[start:] for n in needles), timeout)

    async def wait_closed(self, timeout: float = DEADLINE) -> None:
        await self.wait(lambda: self.closed, timeout)


async def connect(
    server: Server, key: asyncssh.SSHKey | None = None, **options: Any
) -> asyncssh.SSHClientConnection:
    """Log in to *server* with *key*, or as a guest without one."""
    assert server.host_key is not None
    options.setdefault("known_hosts", ([server.host_key.convert_to_public()], [], []))
    return await asyncssh.connect(
        "127.0.0.1",
        server.port,
        username="someone",
        client_keys=[key] if key is not None else [],
        client_factory=Guest,  # like OpenSSH, it tries keyboard-interactive after its keys
        agent_path=None,
        config=None,
        password_auth=False,
        **options,
    )


async def open_terminal(
    conn: asyncssh.SSHClientConnection,
    size: tuple[int, int] = (80, 24),
    term: str = "xterm-256color",
    **options: Any,
) -> tuple[asyncssh.SSHClientChannel[bytes], Terminal]:
    chan, terminal = await conn.create_session(
        Terminal, term_type=term, term_size=size, encoding=None, **options
    )
    return chan, terminal


def alive(pid: int) -> bool:
    """Whether *pid* is a process that has not ended (a zombie counts as ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


async def wait_gone(pid: int, timeout: float = DEADLINE) -> None:
    """Until *pid* has ended (its pidfd becomes readable then); TimeoutError after *timeout*."""
    try:
        pidfd = os.pidfd_open(pid)
    except ProcessLookupError:
        return
    loop = asyncio.get_running_loop()
    ended = asyncio.Event()
    loop.add_reader(pidfd, ended.set)
    try:
        await asyncio.wait_for(ended.wait(), timeout)
    except TimeoutError:
        raise TimeoutError(f"process {pid} still running after {timeout} s") from None
    finally:
        loop.remove_reader(pidfd)
        os.close(pidfd)


def environ_of(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes()
    pairs = (item.split(b"=", 1) for item in raw.split(b"\0") if b"=" in item)
    return {k.decode(): v.decode() for k, v in pairs}


def acknowledged_state(home: Path) -> None:
    """Mark the safety notice as read in the state folder of *home* (a person's folder)."""
    state = home / "state" / "acupress"
    state.mkdir(parents=True, exist_ok=True)
    (state / "state.toml").write_text(
        f"notice_acknowledged = true\nnotice_version = {NOTICE_VERSION}\n"
    )
    (state / "state.toml").chmod(0o600)

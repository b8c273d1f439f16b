"""The SSH server: each connection one person, one app process, nothing else.

A person logs in with a key from the authorized-keys file; with guests allowed, anyone
else logs in through keyboard-interactive authentication with no questions (an unknown
key is refused first, so a client tries all of its keys before it comes to that). The
only thing a connection may do is open one session with a pty and ask for a "shell",
which is the app. Commands, subsystems (SFTP), port, agent and X11 forwarding, and every
other channel are refused.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import asyncssh

from tui.core.durations import format_spoken
from tui.serve import session as sessions
from tui.serve.keys import AuthorizedKeys, Person, load_host_key
from tui.serve.limits import Limits, RateLimiter, clamp_size, term_type


def _client_env(claimed: dict[str, str]) -> dict[str, str]:
    """What of the client's environment (ssh's SendEnv) reaches the app: two preferences."""
    env = {}
    if claimed.get("COLORTERM") in ("truecolor", "24bit"):
        env["COLORTERM"] = "truecolor"
    if claimed.get("NO_COLOR"):
        env["NO_COLOR"] = "1"
    return env


def log_to_stderr(message: str) -> None:
    stamp = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S")
    print(f"{stamp} {message}", file=sys.stderr, flush=True)


@dataclass
class ServeConfig:
    """What ``acupress serve`` was asked to do. Paths are absolute."""

    data_dir: Path
    host: str = "127.0.0.1"
    port: int = 2222
    host_key: Path | None = None
    """Default: ``DATA_DIR/host_key_ed25519``."""
    authorized_keys: Path | None = None
    """Default: ``DATA_DIR/authorized_keys``."""
    guests: bool = False
    limits: Limits = field(default_factory=Limits)
    app_argv: tuple[str, ...] = sessions.APP_ARGV
    log: Callable[[str], None] = log_to_stderr

    @property
    def host_key_path(self) -> Path:
        return self.host_key or self.data_dir / "host_key_ed25519"

    @property
    def authorized_keys_path(self) -> Path:
        return self.authorized_keys or self.data_dir / "authorized_keys"

    @property
    def guests_dir(self) -> Path:
        return self.data_dir / "guests"


class Server:
    """A running SSH server: its listener, and the sessions it holds."""

    def __init__(self, config: ServeConfig) -> None:
        self.config = config
        self.limits = config.limits
        self.people = AuthorizedKeys(config.authorized_keys_path)
        self.rate = RateLimiter(self.limits.rate_per_minute, self.limits.rate_burst)
        self.connections: set[_Connection] = set()
        self.sessions: set[_Session] = set()
        self.host_key: asyncssh.SSHKey | None = None
        self.host_key_created = False
        self._acceptor: asyncssh.SSHAcceptor | None = None
        self._closed = asyncio.Event()
        self._no_sessions = asyncio.Event()
        self._no_sessions.set()

    @property
    def fingerprint(self) -> str:
        assert self.host_key is not None
        return str(self.host_key.get_fingerprint("sha256"))

    @property
    def port(self) -> int:
        assert self._acceptor is not None
        return int(self._acceptor.get_port())

    @property
    def running_apps(self) -> list[int]:
        """The pids of the apps running now."""
        return [s.app.pid for s in self.sessions if s.app is not None and s.app.pid is not None]

    def add_session(self, live: _Session) -> None:
        self.sessions.add(live)
        self._no_sessions.clear()

    def remove_session(self, live: _Session) -> None:
        self.sessions.discard(live)
        if not self.sessions:
            self._no_sessions.set()

    async def wait_no_sessions(self, timeout: float) -> bool:
        """True once no app is running; False if some still are after *timeout* seconds."""
        try:
            await asyncio.wait_for(self._no_sessions.wait(), timeout)
        except TimeoutError:
            return False
        return True

    def report(self, message: str) -> None:
        self.config.log(message)

    def refresh_people(self) -> None:
        for problem in self.people.refresh():
            self.report(f"warning: {problem}")

    async def start(self) -> None:
        config = self.config
        config.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.host_key, self.host_key_created = load_host_key(config.host_key_path)
        if removed := sessions.sweep_guest_folders(config.guests_dir):
            self.report(f"removed {removed} guest folder(s) left by a server that stopped")
        self.refresh_people()
        limits = self.limits
        self._acceptor = await asyncssh.create_server(
            lambda: _Connection(self),
            config.host,
            config.port,
            server_host_keys=[self.host_key],
            server_version="acupress",
            config=None,
            encoding=None,
            line_editor=False,
            allow_pty=True,
            agent_forwarding=False,
            x11_forwarding=False,
            allow_scp=False,
            sftp_factory=None,
            gss_host=None,
            host_based_auth=False,
            password_auth=False,
            kbdint_auth=config.guests,
            public_key_auth=True,
            login_timeout=limits.login_grace,
            keepalive_interval=limits.keepalive_interval,
            keepalive_count_max=limits.keepalive_count_max,
            reuse_address=True,
        )

    async def serve_forever(self) -> None:
        await self._closed.wait()

    async def close(self) -> None:
        """Stop listening, hang up every session and wait (briefly) for the apps to end."""
        if self._acceptor is not None:
            self._acceptor.close()
            self._acceptor = None
        for connection in list(self.connections):
            connection.hang_up_all()
        if not await self.wait_no_sessions(self.limits.hangup_grace + 2.0):
            for live in list(self.sessions):
                live.kill()
            await self.wait_no_sessions(2.0)
        for connection in list(self.connections):
            connection.close()
        self._closed.set()


class _Connection(asyncssh.SSHServer):
    """One client connection: who it is, and its one session."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.conn: asyncssh.SSHServerConnection | None = None
        self.address = "?"
        self.person: Person | None = None
        self.guest = False
        self.session: _Session | None = None

    # --- before logging in ------------------------------------------------------------------

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self.conn = conn
        peer = conn.get_extra_info("peername") or ("?", 0)
        self.address = str(peer[0])
        server = self.server
        server.connections.add(self)
        if not server.rate.allow(self.address):
            self._refuse("too many new connections from your address; please wait a minute")
            server.report(f"{self.address}: refused (rate limit)")
        elif len(server.connections) > server.limits.max_connections:
            self._refuse("the server is busy; please try again in a few minutes")
            server.report(f"{self.address}: refused (too many connections)")

    def _refuse(self, reason: str) -> None:
        conn = self.conn
        assert conn is not None
        # After the version line is out: a disconnect message the client can show.
        asyncio.get_running_loop().call_soon(
            conn.disconnect, asyncssh.DISC_TOO_MANY_CONNECTIONS, reason
        )

    def connection_lost(self, exc: Exception | None) -> None:
        self.server.connections.discard(self)
        if self.session is not None:
            self.session.hang_up()

    def begin_auth(self, username: str) -> bool:
        return True  # always: even guests go through keyboard-interactive

    def public_key_auth_supported(self) -> bool:
        return True

    def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        self.server.refresh_people()
        self.person = self.server.people.find(key)
        self.guest = False
        return self.person is not None

    def kbdint_auth_supported(self) -> bool:
        return self.server.config.guests

    def get_kbdint_challenge(self, username: str, lang: str, submethods: str) -> bool:
        # No questions: a guest is let in as soon as they ask (guests must be allowed).
        if not self.server.config.guests:
            return False
        self.person, self.guest = None, True
        return True

    def password_auth_supported(self) -> bool:
        return False

    def host_based_auth_supported(self) -> bool:
        return False

    # --- after logging in -------------------------------------------------------------------

    def session_requested(self) -> _Session | bool:
        if self.session is not None:
            return False  # one session per connection
        self.session = _Session(self)
        return self.session

    def connection_requested(self, *args: Any) -> bool:
        return False

    def server_requested(self, *args: Any) -> bool:
        return False

    def unix_connection_requested(self, *args: Any) -> bool:
        return False

    def unix_server_requested(self, *args: Any) -> bool:
        return False

    def tun_requested(self, *args: Any) -> bool:
        return False

    def tap_requested(self, *args: Any) -> bool:
        return False

    # ----------------------------------------------------------------------------------------

    @property
    def who(self) -> str:
        if self.person is not None:
            return f"{self.person.name} ({self.person.fingerprint})"
        return "guest"

    def hang_up_all(self) -> None:
        if self.session is not None:
            self.session.hang_up()

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()


class _Session(asyncssh.SSHServerSession[bytes]):
    """The one session of a connection: the app on its pty."""

    def __init__(self, connection: _Connection) -> None:
        self.connection = connection
        self.server = connection.server
        self.chan: asyncssh.SSHServerChannel[bytes] | None = None
        self.term: str | None = None
        self.size = clamp_size(0, 0)
        self.app: sessions.PtyApp | None = None
        self.home: Path | None = None
        self.last_input = time.monotonic()
        self.last_activity: float | None = None
        """When the app last wrote or read; None until it has first written (it is starting)."""
        self.closing_message: str | None = None
        self._idle_timer: asyncio.TimerHandle | None = None
        self._ended = False

    # --- requests ---------------------------------------------------------------------------

    def connection_made(self, chan: asyncssh.SSHServerChannel[bytes]) -> None:
        self.chan = chan

    def pty_requested(
        self, term_type: str, term_size: tuple[int, int, int, int], term_modes: Any
    ) -> bool:
        self.term = term_type
        self.size = clamp_size(term_size[0], term_size[1])
        return True

    def shell_requested(self) -> bool:
        return True  # the "shell" is the app

    def exec_requested(self, command: str) -> bool:
        return False

    def subsystem_requested(self, subsystem: str) -> bool:
        return False

    def break_received(self, msec: int) -> bool:
        return False

    def signal_received(self, signal: str) -> None:
        pass  # the client does not get to signal the app

    # --- the app ------------------------------------------------------------------------------

    def session_started(self) -> None:
        server = self.server
        chan = self.chan
        assert chan is not None
        if self.term is None:
            self._finish("acupress needs a terminal: connect with 'ssh -t'.", 1)
            return
        if len(server.sessions) >= server.limits.max_sessions:
            server.report(f"{self.connection.address}: {self.connection.who} turned away (full)")
            self._finish(
                f"Sorry, all {server.limits.max_sessions} places on this acupress server are "
                "taken right now. Please try again in a few minutes.",
                1,
            )
            return
        try:
            self.home = self._folder()
            env = sessions.app_environment(
                self.home,
                term_type(self.term),
                guest=self.connection.guest,
                extra=_client_env({str(k): str(v) for k, v in chan.get_environment().items()}),
            )
            self.app = sessions.PtyApp(
                env,
                self.size,
                argv=server.config.app_argv,
                on_output=self._output,
                on_exit=self._app_ended,
                on_drained=self._input_drained,
                hangup_grace=server.limits.hangup_grace,
            )
            server.add_session(self)
            self.app.start()
        except OSError as error:
            server.remove_session(self)
            self.app = None
            server.report(f"{self.connection.address}: cannot start a session: {error}")
            self._finish("acupress could not start a session; please try again later.", 1)
            return
        server.report(
            f"{self.connection.address}: {self.connection.who} started (pid {self.app.pid})"
        )
        self._schedule_idle_check()

    def _folder(self) -> Path:
        config = self.server.config
        person = self.connection.person
        if person is not None:
            return sessions.person_folder(config.data_dir, person.folder)
        return sessions.new_guest_folder(config.guests_dir)

    def _output(self, data: bytes) -> None:
        self.last_activity = time.monotonic()
        if self.chan is not None and not self._ended:
            self.chan.write(data)

    def data_received(self, data: bytes, datatype: asyncssh.DataType) -> None:
        self.last_input = self.last_activity = time.monotonic()
        if self.app is not None and not self.app.write(data) and self.chan is not None:
            self.chan.pause_reading()

    def _input_drained(self) -> None:
        if self.chan is not None:
            self.chan.resume_reading()

    def terminal_size_changed(self, width: int, height: int, pixwidth: int, pixheight: int) -> None:
        self.size = clamp_size(width, height)
        if self.app is not None:
            self.app.resize(self.size)

    def pause_writing(self) -> None:
        if self.app is not None:
            self.app.pause_output()

    def resume_writing(self) -> None:
        if self.app is not None:
            self.app.resume_output()

    def eof_received(self) -> bool:
        self.hang_up()
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        self._ended = True
        self.hang_up()
        if self.app is None or not self.app.running:
            self._cleanup()

    # --- the end ------------------------------------------------------------------------------

    def hang_up(self) -> None:
        if self.app is not None:
            self.app.hangup()

    def kill(self) -> None:
        if self.app is not None:
            self.app.close()

    def _schedule_idle_check(self) -> None:
        limits = self.server.limits
        every = max(0.05, min(60.0, limits.idle_timeout / 4, limits.quiet_timeout / 4))
        self._idle_timer = asyncio.get_running_loop().call_later(every, self._check_idle)

    def _check_idle(self) -> None:
        self._idle_timer = None
        if self.app is None or not self.app.running:
            return
        limits = self.server.limits
        now = time.monotonic()
        if self.last_activity is not None and now - self.last_activity >= limits.idle_timeout:
            self.closing_message = (
                f"acupress: closed after {format_spoken(limits.idle_timeout)} with no activity."
            )
        elif now - self.last_input >= limits.quiet_timeout:
            self.closing_message = (
                f"acupress: closed after {format_spoken(limits.quiet_timeout)} with no key pressed."
            )
        if self.closing_message is not None:
            self.server.report(f"{self.connection.address}: {self.connection.who} idle")
            self.app.hangup()
        else:
            self._schedule_idle_check()

    def _app_ended(self, status: int) -> None:
        self.server.report(
            f"{self.connection.address}: {self.connection.who} ended (status {status})"
        )
        self._cleanup()
        if not self._ended:
            self._finish(self.closing_message, status if status >= 0 else 128 - status)

    def _finish(self, message: str | None, status: int) -> None:
        chan = self.chan
        if chan is None or self._ended:
            return
        self._ended = True
        with contextlib.suppress(OSError, asyncssh.Error):
            if message:
                chan.write(f"\r\n{message}\r\n".encode())
            chan.exit(status)

    def _cleanup(self) -> None:
        if self._idle_timer is not None:
            self._idle_timer.cancel()
            self._idle_timer = None
        if self.app is not None and self.app.running:
            return  # again when it has ended
        self.server.remove_session(self)
        if self.connection.guest and self.home is not None:
            sessions.remove_guest_folder(self.home)
            self.home = None

"""``acupress serve`` over SSH, with a real client (asyncssh) against a server on a loopback port.

Each session is a real app process on its own pty. Every wait polls a condition against a
deadline (tests/serveclient.py); nothing sleeps to wait.
"""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import time
import tomllib
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

asyncssh = pytest.importorskip("asyncssh")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from serveclient import (  # noqa: E402
    Terminal,
    acknowledged_state,
    alive,
    connect,
    environ_of,
    open_terminal,
    wait_gone,
)

from tui.serve.keys import Person  # noqa: E402
from tui.serve.limits import Limits  # noqa: E402
from tui.serve.ssh import ServeConfig, Server  # noqa: E402

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs Linux ptys and pidfds"),
]

NOTICE = b"I understand"
BROWSER = (b"GV20", b"Quit")
"""The point browser is on screen: its first point and its key line."""
EXIT_SECONDS = 10.0
"""How long an app may take to end once its client has gone (the goal is seconds)."""

StartServer = Callable[..., Awaitable[Server]]


@pytest.fixture
def keys(tmp_path: Path) -> dict[str, Any]:
    """Alice and Bob, each with a key in the authorized-keys file; Eve with a key nobody knows."""
    people = {
        name: asyncssh.generate_private_key("ssh-ed25519", comment=name)
        for name in ("alice", "bob", "eve")
    }
    lines = [people[name].export_public_key().decode() for name in ("alice", "bob")]
    (tmp_path / "authorized_keys").write_text("".join(lines))
    return people


@pytest.fixture
async def start(tmp_path: Path) -> AsyncIterator[StartServer]:
    """Start a server on a free loopback port; every server started is closed afterwards."""
    servers: list[Server] = []

    async def start_server(**options: Any) -> Server:
        options.setdefault("authorized_keys", tmp_path / "authorized_keys")
        config = ServeConfig(data_dir=tmp_path / "serve", port=0, log=lambda _: None, **options)
        server = Server(config)
        await server.start()
        servers.append(server)
        return server

    yield start_server
    for server in servers:
        await server.close()


def home_of(server: Server, key: Any) -> Path:
    person = Person("", key.get_fingerprint("sha256"))
    return server.config.data_dir / "people" / person.folder


def journal_of(home: Path) -> list[dict[str, Any]]:
    path = home / "data" / "acupress" / "journal.toml"
    if not path.exists():
        return []
    entries: list[dict[str, Any]] = tomllib.loads(path.read_text())["entries"]
    return entries


async def until(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    """Poll a file-system condition against a deadline (files have nothing to wait on)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("condition never held")
        await asyncio.sleep(0.05)


async def rate_before_routine(chan: Any, terminal: Any, level: int) -> None:
    """From the point browser: open Routines, play the first one, rate during get-ready."""
    await terminal.wait_for(*BROWSER)
    start = len(terminal.output)
    chan.write(b"2")
    await terminal.wait_for(b"Desk break", b"Play", start=start)
    start = len(terminal.output)
    chan.write(b"\r")
    await terminal.wait_for(b"step 1 of", start=start)
    chan.write(str(level).encode())


async def test_key_users_each_rate_into_their_own_journal(
    start: StartServer, keys: dict[str, Any], isolated_dirs: Path
) -> None:
    server = await start()
    for name, level in (("alice", 5), ("bob", 7)):
        conn = await connect(server, keys[name])
        chan, terminal = await open_terminal(conn)
        await terminal.wait_for(NOTICE)  # the first start shows the safety notice, as locally
        chan.write(b"\r")
        home = home_of(server, keys[name])
        await rate_before_routine(chan, terminal, level)
        await until(lambda home=home: bool(journal_of(home)))
        conn.close()
        await terminal.wait_closed()
    alice, bob = (journal_of(home_of(server, keys[n])) for n in ("alice", "bob"))
    assert [(e["level"], e["routine"], e["phase"]) for e in alice] == [(5, "desk-break", "before")]
    assert [(e["level"], e["routine"], e["phase"]) for e in bob] == [(7, "desk-break", "before")]
    journals = sorted(server.config.data_dir.rglob("journal.toml"))
    assert journals == sorted(
        home_of(server, keys[n]) / "data" / "acupress" / "journal.toml" for n in ("alice", "bob")
    )
    # Nothing of it reached the server's own journal.
    assert not list(isolated_dirs.rglob("journal.toml"))
    # The notice, acknowledged once, is remembered per person.
    conn = await connect(server, keys["alice"])
    chan, terminal = await open_terminal(conn)
    await terminal.wait_for(*BROWSER)
    assert NOTICE not in terminal.output
    conn.close()


async def test_an_unknown_key_is_refused_without_guests(
    start: StartServer, keys: dict[str, Any]
) -> None:
    server = await start()
    with pytest.raises(asyncssh.PermissionDenied):
        await connect(server, keys["eve"])
    with pytest.raises(asyncssh.PermissionDenied):
        await connect(server)  # no key at all
    assert not (server.config.data_dir / "people").exists()


async def test_with_guests_an_unknown_key_gets_a_guest_session_removed_after(
    start: StartServer, keys: dict[str, Any]
) -> None:
    server = await start(guests=True)
    conn = await connect(server, keys["eve"])
    chan, terminal = await open_terminal(conn)
    await terminal.wait_for(NOTICE, b"Guest session", b"when you leave")
    (pid,) = server.running_apps
    env = environ_of(pid)
    assert env["ACUPRESS_GUEST"] == "1"
    home = Path(env["HOME"])
    assert home.parent == server.config.guests_dir
    assert home.is_dir()
    chan.write(b"\r")
    await rate_before_routine(chan, terminal, 3)
    await until(lambda: bool(journal_of(home)))
    conn.close()
    await wait_gone(pid, EXIT_SECONDS)
    await until(lambda: not home.exists())
    # A known key is still a person, not a guest, on the same server.
    conn = await connect(server, keys["alice"])
    chan, terminal = await open_terminal(conn)
    await terminal.wait_for(NOTICE)
    assert b"Guest session" not in terminal.output
    assert "ACUPRESS_GUEST" not in environ_of(server.running_apps[0])
    conn.close()


async def test_everything_but_the_app_is_refused(
    start: StartServer, keys: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SERVER_SECRET", "not for sessions")
    server = await start()
    key = keys["alice"]

    async def refused(attempt: Callable[[Any], Awaitable[object]]) -> None:
        conn = await connect(server, key)
        try:
            with pytest.raises((asyncssh.ChannelOpenError, asyncssh.ChannelListenError)):
                await attempt(conn)
        finally:
            conn.close()

    await refused(lambda c: c.run("cat /etc/passwd"))  # exec
    await refused(lambda c: c.create_session(asyncssh.SSHClientSession, subsystem="sftp"))
    await refused(lambda c: c.start_sftp_client())
    await refused(lambda c: c.open_connection("127.0.0.1", server.port))  # local forwarding
    await refused(lambda c: c.forward_remote_port("127.0.0.1", 0, "127.0.0.1", 9))
    await refused(lambda c: c.open_unix_connection("/run/systemd/private"))
    # One session per connection; the client's environment and agent do not reach the app.
    conn = await connect(server, key, agent_forwarding=True)
    _, terminal = await open_terminal(
        conn,
        env={"LD_PRELOAD": "/tmp/evil.so", "ACUPRESS_JOURNAL": "/etc/passwd", "NO_COLOR": "yes"},
    )
    await terminal.wait_for(NOTICE)
    with pytest.raises(asyncssh.ChannelOpenError):
        await open_terminal(conn)
    (pid,) = server.running_apps
    env = environ_of(pid)
    assert not {"LD_PRELOAD", "ACUPRESS_JOURNAL", "SSH_AUTH_SOCK", "SERVER_SECRET"} & set(env)
    assert set(env) <= {
        "HOME",
        "PATH",
        "TERM",
        "LANG",
        "LC_ALL",
        "PYTHONPATH",
        "ACUPRESS_CONFINE",
        "XDG_CONFIG_HOME",
        "XDG_DATA_HOME",
        "XDG_STATE_HOME",
        "XDG_CACHE_HOME",
        "NO_COLOR",
    }
    assert env["NO_COLOR"] == "1"  # a preference ssh may send (SendEnv) is passed on
    assert env["ACUPRESS_CONFINE"] == env["HOME"] == str(home_of(server, key))
    conn.close()


async def test_a_session_without_a_terminal_is_told_why(
    start: StartServer, keys: dict[str, Any]
) -> None:
    server = await start()
    conn = await connect(server, keys["alice"])
    _, terminal = await conn.create_session(Terminal, request_pty=False, encoding=None)
    await terminal.wait_closed()
    assert b"needs a terminal" in terminal.output
    assert terminal.exit_status == 1
    assert not server.running_apps
    conn.close()


async def test_a_client_that_drops_mid_routine_leaves_no_process(
    start: StartServer, keys: dict[str, Any]
) -> None:
    server = await start()
    home = home_of(server, keys["alice"])
    acknowledged_state(home)
    conn = await connect(server, keys["alice"])
    chan, terminal = await open_terminal(conn)
    await rate_before_routine(chan, terminal, 4)
    await until(lambda: bool(journal_of(home)))
    await terminal.wait_for(b"Breathe")  # playing
    (pid,) = server.running_apps
    conn.abort()  # the TCP connection closes with no goodbye
    await wait_gone(pid, EXIT_SECONDS)
    await until(lambda: not server.sessions)
    assert [e["level"] for e in journal_of(home)] == [4]  # the file is whole


CLIENT = """
import asyncio, sys
sys.path.insert(0, sys.argv[2])
import asyncssh
from serveclient import Guest, Terminal
async def main():
    conn = await asyncssh.connect("127.0.0.1", int(sys.argv[1]), username="x", known_hosts=None,
                                  client_keys=[], client_factory=Guest, agent_path=None,
                                  config=None, keepalive_interval=0)
    chan, terminal = await conn.create_session(Terminal, term_type="xterm", term_size=(80, 24),
                                               encoding=None)
    await terminal.wait_for(b"I understand")
    print("ready", flush=True)
    await asyncio.sleep(3600)
asyncio.run(main())
"""


async def test_a_dropped_link_is_noticed_by_keepalive_and_the_app_ends(start: StartServer) -> None:
    """A client that stops answering (a link gone dead, no FIN) is dropped after the keep-alives."""
    limits = Limits(keepalive_interval=0.5, keepalive_count_max=2)
    server = await start(guests=True, limits=limits)
    client = subprocess.Popen(
        [sys.executable, "-c", CLIENT, str(server.port), str(Path(__file__).parent)],
        stdout=subprocess.PIPE,
    )
    try:
        assert client.stdout is not None
        line = await asyncio.get_running_loop().run_in_executor(None, client.stdout.readline)
        assert line == b"ready\n"
        (pid,) = server.running_apps
        client.send_signal(signal.SIGSTOP)  # the link is up but nothing answers any more
        await wait_gone(pid, EXIT_SECONDS)
        await until(lambda: not server.sessions and not list(server.config.guests_dir.iterdir()))
    finally:
        client.kill()
        client.wait()


async def test_a_resize_reaches_the_app(start: StartServer, keys: dict[str, Any]) -> None:
    server = await start()
    acknowledged_state(home_of(server, keys["alice"]))
    conn = await connect(server, keys["alice"])
    chan, terminal = await open_terminal(conn, size=(80, 24))
    await terminal.wait_for(*BROWSER)
    assert b"\x1b[25;1H" not in terminal.output  # 24 rows: the app never draws on a 25th
    start_at = len(terminal.output)
    chan.change_terminal_size(100, 30)
    # The app lays itself out again and draws all 30 rows.
    await terminal.wait_for(b"\x1b[30;1H", start=start_at)
    conn.close()


@pytest.mark.parametrize(
    ("claimed", "rows"),
    [((0, 0), 24), ((65535, 65535), 200), ((1, 1), 6)],
    ids=["0x0", "65535x65535", "1x1"],
)
async def test_claimed_sizes_are_clamped_and_crash_nothing(
    start: StartServer, keys: dict[str, Any], claimed: tuple[int, int], rows: int
) -> None:
    server = await start()
    acknowledged_state(home_of(server, keys["alice"]))
    conn = await connect(server, keys["alice"])
    chan, terminal = await open_terminal(conn, size=claimed)
    await terminal.wait_for(f"\x1b[{rows};1H".encode())
    assert f"\x1b[{rows + 1};1H".encode() not in terminal.output
    (pid,) = server.running_apps
    # Claims mid-session too: the app lives on, at a sane size.
    for size in ((65535, 65535), (0, 0), (80, 24)):
        chan.change_terminal_size(*size)
    start_at = len(terminal.output)
    chan.write(b"2")
    await terminal.wait_for(b"Routines", start=start_at)
    assert alive(pid)
    conn.close()
    await wait_gone(pid, EXIT_SECONDS)


async def test_the_session_limit_holds_with_a_polite_message(
    start: StartServer, keys: dict[str, Any]
) -> None:
    server = await start(limits=Limits(max_sessions=2))
    first = await connect(server, keys["alice"])
    _, one = await open_terminal(first)
    second = await connect(server, keys["bob"])
    _, two = await open_terminal(second)
    await one.wait_for(NOTICE)
    await two.wait_for(NOTICE)
    third = await connect(server, keys["alice"])
    _, turned_away = await open_terminal(third)
    await turned_away.wait_closed()
    assert b"all 2 places" in turned_away.output
    assert b"try again" in turned_away.output
    assert turned_away.exit_status == 1
    assert len(server.running_apps) == 2
    third.close()
    (first_pid,) = [
        p
        for p in server.running_apps
        if environ_of(p)["HOME"].endswith(home_of(server, keys["alice"]).name)
    ]
    first.close()
    await wait_gone(first_pid, EXIT_SECONDS)
    await until(lambda: len(server.sessions) == 1)
    again = await connect(server, keys["alice"])
    _, welcome = await open_terminal(again)
    await welcome.wait_for(NOTICE)
    again.close()
    second.close()


async def test_the_rate_limit_holds(start: StartServer, keys: dict[str, Any]) -> None:
    server = await start(limits=Limits(rate_per_minute=0.01, rate_burst=3))
    for _ in range(3):
        conn = await connect(server, keys["alice"])
        conn.close()
    with pytest.raises(asyncssh.DisconnectError, match="too many new connections"):
        await connect(server, keys["alice"])


async def test_a_login_must_finish_within_the_grace_time(start: StartServer) -> None:
    server = await start(limits=Limits(login_grace=0.5))
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    try:
        assert (await reader.readline()).startswith(b"SSH-2.0-")
        # Say nothing more: the server hangs up once the grace time is over.
        await asyncio.wait_for(reader.read(), 10.0)
        assert reader.at_eof()
    finally:
        writer.close()


async def test_a_session_that_shows_nothing_and_reads_nothing_is_closed(
    start: StartServer, keys: dict[str, Any]
) -> None:
    # The point browser left alone writes nothing (the clock starts once the app has drawn).
    server = await start(limits=Limits(idle_timeout=1.0))
    acknowledged_state(home_of(server, keys["alice"]))
    conn = await connect(server, keys["alice"])
    _, terminal = await open_terminal(conn)
    await terminal.wait_closed()
    assert b"GV20" in terminal.output
    assert b"acupress: closed after 1 second with no activity." in terminal.output
    assert not server.sessions
    conn.close()


async def test_a_routine_playing_untouched_is_not_idle_until_no_key_for_hours(
    start: StartServer, keys: dict[str, Any]
) -> None:
    # Playback draws all the time: not idle; only the no-key limit (here 5 s) closes it.
    server = await start(limits=Limits(idle_timeout=2.5, quiet_timeout=5.0))
    acknowledged_state(home_of(server, keys["alice"]))
    conn = await connect(server, keys["alice"])
    chan, terminal = await open_terminal(conn)
    await rate_before_routine(chan, terminal, 2)
    pressed = time.monotonic()
    await terminal.wait_closed()
    assert time.monotonic() - pressed >= 5.0 - 0.5
    assert b"closed after 5 seconds with no key pressed." in terminal.output
    conn.close()


async def test_settings_cannot_point_the_journal_outside_the_persons_folder(
    start: StartServer, keys: dict[str, Any], tmp_path: Path
) -> None:
    server = await start()
    home = home_of(server, keys["alice"])
    acknowledged_state(home)
    outside = tmp_path / "elsewhere" / "journal.toml"
    config = home / "config" / "acupress" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(f'journal = "{outside}"\n')
    conn = await connect(server, keys["alice"])
    chan, terminal = await open_terminal(conn, size=(120, 40))
    await terminal.wait_for(b"Settings problem", b"outside your own folder")
    await rate_before_routine(chan, terminal, 6)
    await terminal.wait_for(b"Not saved")  # refused, and said so; never saved elsewhere
    conn.close()
    conn = await connect(server, keys["alice"])
    chan, terminal = await open_terminal(conn, size=(120, 40))
    await terminal.wait_for(*BROWSER)
    chan.write(b"3")
    await terminal.wait_for(b"The journal is unavailable", b"outside your own folder")
    conn.close()
    assert not outside.parent.exists()
    assert not list(server.config.data_dir.rglob("journal.toml"))

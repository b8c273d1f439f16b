"""``acupress serve`` as a person runs it: the command, its messages, and OpenSSH's ``ssh``."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

asyncssh = pytest.importorskip("asyncssh")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from ptyrun import PtyProcess  # noqa: E402
from serveclient import DEADLINE, Guest, Terminal, wait_gone  # noqa: E402

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs Linux ptys"),
]

REPO = Path(__file__).resolve().parent.parent


def acupress(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        **kwargs,  # type: ignore[arg-type]
    )


def test_other_commands_do_not_import_the_serve_extra() -> None:
    code = (
        "import sys\n"
        "from tui.cli import build_parser, main\n"
        "build_parser()\n"
        "main(['points', 'hegu'])\n"
        "heavy = {'asyncssh', 'textual_serve', 'aiohttp', 'cryptography'} & set(sys.modules)\n"
        "print('heavy:', sorted(heavy))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert "heavy: []" in result.stdout


def test_without_the_extra_serve_says_how_to_get_it() -> None:
    for args in (["serve", "--guests"], ["serve", "--web"]):
        code = (
            "import sys\n"
            "sys.modules['asyncssh'] = sys.modules['textual_serve'] = None\n"
            "from tui.cli import main\n"
            f"sys.exit(main({args!r}))\n"
        )
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
        )
        assert result.returncode == 2
        assert "pip install 'acupress[serve]'" in result.stderr
        assert "Traceback" not in result.stderr


def test_with_nobody_allowed_in_serve_refuses_to_start(tmp_path: Path) -> None:
    result = acupress("serve", "--data-dir", str(tmp_path), "--port", "0")
    assert result.returncode == 1
    assert "nobody could log in" in result.stderr
    assert str(tmp_path / "authorized_keys") in result.stderr
    assert "--guests" in result.stderr


def test_a_port_in_use_is_a_message(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = acupress("serve", "--guests", "--data-dir", str(tmp_path), "--port", str(port))
    assert result.returncode == 1
    assert f"cannot listen on 127.0.0.1 port {port}: Address already in use" in result.stderr
    assert "Traceback" not in result.stderr


class ServeProcess:
    """``acupress serve`` in a subprocess, with what it printed on starting."""

    def __init__(self, process: asyncio.subprocess.Process, lines: list[str]) -> None:
        self.process = process
        self.lines = lines
        match = re.search(r"port (\d+)", lines[0])
        assert match, lines
        self.port = int(match.group(1))
        fingerprint = re.search(r"(SHA256:\S+)", lines[1])
        assert fingerprint, lines
        self.fingerprint = fingerprint.group(1)


@pytest.fixture
async def serve(tmp_path: Path) -> AsyncIterator[list[ServeProcess]]:
    started: list[ServeProcess] = []
    yield started
    for server in started:
        if server.process.returncode is None:
            server.process.kill()
            await server.process.wait()


async def start_serve(started: list[ServeProcess], *args: str) -> ServeProcess:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tui",
        "serve",
        *args,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None
    lines = []
    for _ in range(4):  # listening, host key, people, how to connect
        line = await asyncio.wait_for(process.stdout.readline(), DEADLINE)
        assert line, await process.stderr.read() if process.stderr else b""
        lines.append(line.decode())
    server = ServeProcess(process, lines)
    started.append(server)
    return server


async def test_serve_makes_a_host_key_prints_it_and_stops_cleanly(
    tmp_path: Path, serve: list[ServeProcess]
) -> None:
    data = tmp_path / "serve"
    server = await start_serve(serve, "--guests", "--port", "0", "--data-dir", str(data))
    host_key = data / "host_key_ed25519"
    assert "host key (new): SHA256:" in server.lines[1]
    assert "(ED25519)" in server.lines[1]
    assert stat.S_IMODE(host_key.stat().st_mode) == 0o600
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert server.lines[3].strip() == f"connect with: ssh -p {server.port} localhost"
    key = asyncssh.read_private_key(host_key)
    assert key.get_fingerprint() == server.fingerprint
    # The client checks it is talking to that key, and gets a session.
    conn = await asyncssh.connect(
        "127.0.0.1",
        server.port,
        username="someone",
        known_hosts=([key.convert_to_public()], [], []),
        client_keys=[],
        client_factory=Guest,
        agent_path=None,
        config=None,
    )
    _, terminal = await conn.create_session(
        Terminal, term_type="xterm-256color", term_size=(80, 24), encoding=None
    )
    await terminal.wait_for(b"I understand")
    (guest,) = (data / "guests").iterdir()
    server.process.send_signal(signal.SIGTERM)
    assert await asyncio.wait_for(server.process.wait(), DEADLINE) == 0
    await terminal.wait_closed()
    assert not guest.exists()
    assert server.process.stdout is not None
    assert b"stopped" in await server.process.stdout.read()
    conn.close()
    # Started again: the same key, not a new one.
    again = await start_serve(serve, "--guests", "--port", "0", "--data-dir", str(data))
    assert "host key: SHA256:" in again.lines[1]
    assert again.fingerprint == server.fingerprint
    again.process.send_signal(signal.SIGINT)
    assert await asyncio.wait_for(again.process.wait(), DEADLINE) == 0


@pytest.mark.skipif(shutil.which("ssh") is None, reason="needs OpenSSH's ssh (openssh-client)")
async def test_openssh_ssh_gets_the_point_browser_and_plays_a_routine(
    tmp_path: Path, serve: list[ServeProcess]
) -> None:
    """What a person does: `ssh -p PORT localhost` in a terminal of 80x24, as a guest."""
    server = await start_serve(
        serve, "--guests", "--port", "0", "--data-dir", str(tmp_path / "serve")
    )
    known = tmp_path / "known_hosts"
    public = (tmp_path / "serve" / "host_key_ed25519").read_bytes()
    key = asyncssh.import_private_key(public).convert_to_public()
    known.write_text(f"[127.0.0.1]:{server.port} {key.export_public_key().decode()}")
    argv = [
        "ssh",
        "-F",
        "/dev/null",
        "-p",
        str(server.port),
        "-o",
        f"UserKnownHostsFile={known}",
        "-o",
        "StrictHostKeyChecking=yes",
        "-o",
        "IdentityAgent=none",
        "-o",
        "IdentitiesOnly=yes",
        "-o",
        "PreferredAuthentications=publickey,keyboard-interactive",
        "-tt",
        "127.0.0.1",
    ]
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "TERM": "xterm", "HOME": str(tmp_path)}
    loop = asyncio.get_running_loop()
    client = PtyProcess.spawn(argv, size=(80, 24), env=env)
    try:
        await loop.run_in_executor(None, client.wait_for, b"I understand", b"Guest session")
        client.write(b"\r")
        await loop.run_in_executor(None, client.wait_for, b"GV20", b"Quit")
        client.write(b"2")
        await loop.run_in_executor(None, client.wait_for, b"Desk break", b"Play")
        client.write(b"\r")
        await loop.run_in_executor(None, client.wait_for, b"step 1 of 8", b"Next: GV14")
        # Playing: the step's progress line is drawn again as its bar fills.
        await loop.run_in_executor(None, drawn_again, client, b"Step ")
        guests = str(tmp_path / "serve" / "guests").encode()
        app_pids = [
            int(p.name)
            for p in Path("/proc").iterdir()
            if p.name.isdigit() and _served_from(int(p.name), guests)
        ]
        assert len(app_pids) == 1
    finally:
        client.kill()
    for pid in app_pids:
        await wait_gone(pid, 10.0)


def drawn_again(client: PtyProcess, needle: bytes, timeout: float = DEADLINE) -> None:
    """Until *needle* is written again after what the client has seen so far."""
    seen = len(client.output)
    deadline = time.monotonic() + timeout
    while needle not in client.output[seen:]:
        if time.monotonic() > deadline or not client._read_once(deadline - time.monotonic()):
            raise TimeoutError(f"{needle!r} never drawn again")


def _served_from(pid: int, guests: bytes) -> bool:
    """Whether *pid* is an app serving a guest whose folder is under *guests*."""
    try:
        environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    except OSError:
        return False
    return any(v.startswith(b"ACUPRESS_CONFINE=" + guests) for v in environ)

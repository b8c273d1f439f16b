"""Benchmark: what ``acupress serve`` costs, against acupress run locally under a pty.

Not a test (pytest does not collect it). Run from the repository root, with the serve extra:

    python tests/bench_serve.py [--runs 10] [--seconds 20] [--sessions 20]

In one run, with the server started as ``acupress serve`` in its own process and a real
SSH client (asyncssh) in this one, all at 80x24 with TERM=xterm-256color:

1. First full screen: from the SSH connect (TCP, key exchange, login, pty, app start) to
   the first complete point browser, against the app started locally under a pty with the
   same clean environment a served session gets. Alternately, median of --runs each.
2. Playback (``lower-back``, chosen in the app, while breathing): the bytes per second the
   client receives on the wire (SSH framing, encryption and MAC included; counted by a TCP
   relay between client and server), the terminal bytes inside them, and the local figure.
3. --sessions people playing ``lower-back`` at once: the server's total CPU (its own process
   and every app) as a share of one core, and memory per session (PSS and RSS of each app).

Goals (issue 16): first screen over SSH <= 1.3x local; playback <= 1.5 KB/s on the wire;
20 sessions under one core in total.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import asyncssh
from ptyrun import PtyProcess
from serveclient import Terminal, acknowledged_state

from tui.serve import session
from tui.serve.keys import Person

TERM = "xterm-256color"
SIZE = (80, 24)
TO_LOWER_BACK = ((b"2", b"Lower back relief"), (b"j", b""), (b"\r", b"Breathe"))
"""From the browser: Routines, down to "Lower back relief" (the second), play; what then shows."""


def browser_markers() -> tuple[bytes, ...]:
    from tui.core.points import load_catalogue

    first = load_catalogue().points[0]
    return (first.pinyin.encode(), first.name.encode(), b"Quit")


# --- the server -----------------------------------------------------------------------------


class ServeProcess:
    def __init__(self, root: Path, people: int) -> None:
        self.root = root
        self.data = root / "serve"
        self.keys = [asyncssh.generate_private_key("ssh-ed25519") for _ in range(people)]
        self.data.mkdir(mode=0o700)
        (self.data / "authorized_keys").write_text(
            "".join(k.export_public_key().decode() for k in self.keys)
        )
        for key in self.keys:
            folder = Person("", key.get_fingerprint("sha256")).folder
            acknowledged_state(self.data / "people" / folder)
        self.process: asyncio.subprocess.Process | None = None
        self.port = 0

    async def start(self) -> None:
        self.process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "tui",
            "serve",
            "--port",
            "0",
            "--data-dir",
            str(self.data),
            "--max-sessions",
            "64",
            "--rate",
            "1000",
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,
        )
        assert self.process.stdout is not None
        first = (await self.process.stdout.readline()).decode()
        self.port = int(first.rsplit("port", 1)[1])
        for _ in range(3):
            await self.process.stdout.readline()

    async def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            await self.process.wait()

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def apps(self) -> list[int]:
        children = Path(f"/proc/{self.pid}/task/{self.pid}/children").read_text().split()
        return [int(c) for c in children]

    async def connect(self, n: int, port: int | None = None) -> asyncssh.SSHClientConnection:
        return await asyncssh.connect(
            "127.0.0.1",
            port or self.port,
            username="bench",
            client_keys=[self.keys[n]],
            known_hosts=None,
            agent_path=None,
            config=None,
        )


async def open_session(
    conn: asyncssh.SSHClientConnection,
) -> tuple[asyncssh.SSHClientChannel[bytes], Terminal]:
    chan, terminal = await conn.create_session(
        Terminal, term_type=TERM, term_size=SIZE, encoding=None
    )
    return chan, terminal


class CountingRelay:
    """A TCP relay in front of the server that counts the bytes sent back to the client."""

    def __init__(self, target: int) -> None:
        self.target = target
        self.down = 0
        self.port = 0
        self._server: asyncio.Server | None = None

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target)

        async def pump(src: asyncio.StreamReader, dst: asyncio.StreamWriter, count: bool) -> None:
            while data := await src.read(65536):
                if count:
                    self.down += len(data)
                dst.write(data)
                await dst.drain()
            dst.close()

        await asyncio.gather(
            pump(reader, up_writer, False), pump(up_reader, writer, True), return_exceptions=True
        )

    def close(self) -> None:
        if self._server is not None:
            self._server.close()


# --- measures -------------------------------------------------------------------------------


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def memory_kib(pid: int) -> tuple[int, int]:
    """(PSS, RSS) of *pid* in KiB."""
    values = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value, *_ = line.split()
        values[name.rstrip(":")] = int(value)
    return values["Pss"], values["Rss"]


def local_env(root: Path) -> dict[str, str]:
    """The environment a served session gets, for the app started locally."""
    home = session.person_folder(root, "local")
    acknowledged_state(home)
    return session.app_environment(home, TERM)


def first_screen_local(root: Path, markers: tuple[bytes, ...]) -> float:
    started = time.monotonic()
    process = PtyProcess.spawn(list(session.APP_ARGV), size=SIZE, env=local_env(root))
    try:
        process.wait_for(*markers, timeout=60)
        return time.monotonic() - started
    finally:
        process.kill()


async def first_screen_ssh(server: ServeProcess, markers: tuple[bytes, ...]) -> float:
    started = time.monotonic()
    conn = await server.connect(0)
    try:
        _, terminal = await open_session(conn)
        await terminal.wait_for(*markers, timeout=60)
        return time.monotonic() - started
    finally:
        conn.close()
        await conn.wait_closed()


async def to_lower_back(chan: Any, terminal: Terminal) -> None:
    for key, shown in TO_LOWER_BACK:
        start = len(terminal.output)
        chan.write(key)
        await terminal.wait(
            lambda s=start, w=shown: len(terminal.output) > s and w in terminal.output[s:],
            timeout=60,
        )


async def playback_ssh(server: ServeProcess, seconds: float, markers: tuple[bytes, ...]) -> Any:
    relay = CountingRelay(server.port)
    await relay.start()
    conn = await server.connect(1, relay.port)
    try:
        chan, terminal = await open_session(conn)
        await terminal.wait_for(*markers)
        await to_lower_back(chan, terminal)
        wire0, inner0, t0 = relay.down, len(terminal.output), time.monotonic()
        await asyncio.sleep(seconds)  # the measuring window itself
        elapsed = time.monotonic() - t0
        return (relay.down - wire0) / elapsed, (len(terminal.output) - inner0) / elapsed
    finally:
        conn.close()
        relay.close()


def playback_local(root: Path, seconds: float, markers: tuple[bytes, ...]) -> float:
    process = PtyProcess.spawn(list(session.APP_ARGV), size=SIZE, env=local_env(root))
    try:
        process.wait_for(*markers, timeout=60)
        for key, shown in TO_LOWER_BACK:
            start = len(process.output)
            process.write(key)
            while len(process.output) == start or shown not in process.output[start:]:
                if not process._read_once(1.0):
                    raise EOFError("the app ended")
        return len(process.read_for(seconds)) / seconds
    finally:
        process.kill()


async def concurrent(server: ServeProcess, count: int, seconds: float, markers: Any) -> Any:
    conns = []
    try:
        for n in range(count):
            conn = await server.connect(n)
            conns.append(conn)
            chan, terminal = await open_session(conn)
            await terminal.wait_for(*markers, timeout=120)
            await to_lower_back(chan, terminal)
        apps = server.apps()
        assert len(apps) == count, apps
        pids = [server.pid, *apps]
        cpu0 = sum(cpu_seconds(p) for p in pids)
        server0 = cpu_seconds(server.pid)
        t0 = time.monotonic()
        await asyncio.sleep(seconds)  # the measuring window itself
        elapsed = time.monotonic() - t0
        total = (sum(cpu_seconds(p) for p in pids) - cpu0) / elapsed
        own = (cpu_seconds(server.pid) - server0) / elapsed
        memory = [memory_kib(p) for p in apps]
        return total, own, memory, memory_kib(server.pid)
    finally:
        for conn in conns:
            conn.close()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=20.0, help="playback window (s)")
    parser.add_argument("--sessions", type=int, default=20)
    args = parser.parse_args()
    markers = browser_markers()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        server = ServeProcess(root, max(args.sessions, 2))
        await server.start()
        try:
            # Warm up the file cache and bytecode of both.
            first_screen_local(root, markers)
            await first_screen_ssh(server, markers)
            local_times, ssh_times = [], []
            for _ in range(args.runs):
                local_times.append(first_screen_local(root, markers))
                ssh_times.append(await first_screen_ssh(server, markers))
            local_rate = playback_local(root, args.seconds, markers)
            wire_rate, inner_rate = await playback_ssh(server, args.seconds, markers)
            total, own, memory, server_memory = await concurrent(
                server, args.sessions, args.seconds, markers
            )
        finally:
            await server.stop()
    local_first, ssh_first = statistics.median(local_times), statistics.median(ssh_times)
    pss = statistics.mean(m[0] for m in memory) / 1024
    rss = statistics.mean(m[1] for m in memory) / 1024
    print(f"80x24, {TERM}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    print(f"first full screen, median of {args.runs}:")
    print(f"  local under a pty:  {local_first * 1000:6.0f} ms")
    print(
        f"  over SSH:           {ssh_first * 1000:6.0f} ms  "
        f"({ssh_first / local_first:.2f}x local; goal <= 1.3x)"
    )
    print(f"playback of lower-back while breathing, {args.seconds:g} s:")
    print(f"  local terminal:     {local_rate:6.0f} B/s")
    print(f"  SSH, terminal data: {inner_rate:6.0f} B/s")
    print(f"  SSH, on the wire:   {wire_rate:6.0f} B/s  (goal <= 1536 B/s)")
    print(f"{args.sessions} sessions playing lower-back at once, {args.seconds:g} s:")
    print(
        f"  CPU in total:       {total * 100:6.1f}% of one core "
        f"(the server process itself {own * 100:.1f}%; goal < 100%)"
    )
    print(f"  memory per session: PSS {pss:.1f} MiB, RSS {rss:.1f} MiB")
    print(
        f"  server process:     PSS {server_memory[0] / 1024:.1f} MiB, "
        f"RSS {server_memory[1] / 1024:.1f} MiB"
    )


if __name__ == "__main__":
    asyncio.run(main())

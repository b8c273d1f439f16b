"""``acupress serve --web``: the app in Debian's headless chromium, through textual-serve.

The browser is driven over the DevTools protocol (aiohttp, from the serve extra). The
terminal in the page draws on a canvas, so the test reads what it shows from the page's
xterm.js buffer: the Terminal class is found through a closure of the page's own script
and its instance through ``Runtime.queryObjects``.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("textual_serve")
aiohttp = pytest.importorskip("aiohttp")

from tui.serve import guest  # noqa: E402
from tui.serve.limits import MAX_SIZE  # noqa: E402

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs Linux"),
]

CHROMIUM = shutil.which("chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1200,800",
]
DEADLINE = 45.0

READ_SCREEN = """function () {
  const t = this[0];
  if (!t) return "";
  const buffer = t.buffer.active, rows = [];
  for (let i = 0; i < t.rows; i++) rows.push(buffer.getLine(i).translateToString(true));
  return rows.join("\\n");
}"""
FIND_TERMINAL = "function () { return (this && this.Terminal && this.Terminal.prototype) || null }"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def poll(check: Any, what: str, timeout: float = DEADLINE) -> Any:
    """Call the coroutine *check* until it returns something true; that value."""
    deadline = time.monotonic() + timeout
    while True:
        value = await check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        await asyncio.sleep(0.1)  # a page and a process table: nothing to wait on


class Page:
    """One browser tab, spoken to over the DevTools protocol."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.next_id = 0

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        ident = self.next_id
        await self.ws.send_json({"id": ident, "method": method, "params": params})
        while True:
            message = json.loads((await self.ws.receive()).data)
            if message.get("id") == ident:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                result: dict[str, Any] = message["result"]
                return result

    async def terminal_prototype(self) -> str | None:
        """The objectId of xterm.js's Terminal.prototype, from a closure of the page's script."""
        handler = await self.call("Runtime.evaluate", expression="window.onresize")
        if "objectId" not in handler["result"]:
            return None  # the terminal is not made yet
        props = await self.call(
            "Runtime.getProperties", objectId=handler["result"]["objectId"], ownProperties=False
        )
        (scopes,) = [p for p in props["internalProperties"] if p["name"] == "[[Scopes]]"]
        listing = await self.call(
            "Runtime.getProperties", objectId=scopes["value"]["objectId"], ownProperties=True
        )
        for scope in listing["result"]:
            if "objectId" not in scope["value"]:
                continue
            names = await self.call(
                "Runtime.getProperties", objectId=scope["value"]["objectId"], ownProperties=True
            )
            for variable in names["result"]:
                if "objectId" not in variable.get("value", {}):
                    continue
                found = await self.call(
                    "Runtime.callFunctionOn",
                    objectId=variable["value"]["objectId"],
                    functionDeclaration=FIND_TERMINAL,
                )
                if "objectId" in found["result"]:
                    return str(found["result"]["objectId"])
        return None

    async def screen(self, prototype: str) -> str:
        """The text the page's terminal shows now, row by row."""
        instances = await self.call("Runtime.queryObjects", prototypeObjectId=prototype)
        text = await self.call(
            "Runtime.callFunctionOn",
            objectId=instances["objects"]["objectId"],
            functionDeclaration=READ_SCREEN,
            returnByValue=True,
        )
        return str(text["result"]["value"])

    async def press(self, key: str, code: str, keycode: int, text: str) -> None:
        for kind in ("keyDown", "keyUp"):
            await self.call(
                "Input.dispatchKeyEvent",
                type=kind,
                key=key,
                code=code,
                windowsVirtualKeyCode=keycode,
                **({"text": text} if kind == "keyDown" else {}),
            )


@pytest.fixture
async def web_server(tmp_path: Path) -> AsyncIterator[tuple[int, Path]]:
    port = free_port()
    data = tmp_path / "serve"
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tui",
        "serve",
        "--web",
        "--port",
        str(port),
        "--data-dir",
        str(data),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        assert process.stdout is not None
        line = await asyncio.wait_for(process.stdout.readline(), DEADLINE)
        assert f"open http://127.0.0.1:{port}" in line.decode()
        yield port, data
    finally:
        process.send_signal(signal.SIGINT)
        try:
            await asyncio.wait_for(process.wait(), 10)
        except TimeoutError:
            process.kill()
            await process.wait()


@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (installed by .ci/run)")
async def test_the_page_shows_the_point_browser_to_a_guest(
    web_server: tuple[int, Path], tmp_path: Path
) -> None:
    port, data = web_server
    assert CHROMIUM is not None
    profile = tmp_path / "chromium-profile"
    browser = subprocess.Popen(
        [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--remote-debugging-port=0"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    guests = data / "web-guests"
    try:
        active = profile / "DevToolsActivePort"

        async def devtools_port() -> str:
            return active.read_text().split("\n")[0] if active.exists() else ""

        devtools = await poll(devtools_port, "chromium never opened DevTools")
        async with aiohttp.ClientSession() as client:
            targets = await (await client.get(f"http://127.0.0.1:{devtools}/json")).json()
            (tab,) = [t for t in targets if t["type"] == "page"]
            async with client.ws_connect(tab["webSocketDebuggerUrl"], max_msg_size=0) as ws:
                page = Page(ws)
                await page.call("Page.navigate", url=f"http://127.0.0.1:{port}/")
                prototype = await poll(page.terminal_prototype, "no terminal in the page")

                async def shows(*needles: str) -> bool:
                    text = await page.screen(prototype)
                    return all(n in text for n in needles)

                await poll(
                    lambda: shows("I understand", "Guest session"), "no notice, no guest note"
                )
                (home,) = guests.iterdir()  # this browser's own guest folder
                await page.call(
                    "Runtime.evaluate",
                    expression="document.querySelector('.xterm-helper-textarea').focus()",
                )
                await page.press("Enter", "Enter", 13, "\r")
                await poll(lambda: shows("1 Points", "GV20", "Bǎihuì"), "no point browser")
                await page.press("2", "Digit2", 50, "2")
                await poll(lambda: shows("Desk break", "Play"), "no routines")
    finally:
        browser.kill()
        browser.wait()

    # The browser gone, its app ends and its guest folder goes with it.
    async def cleaned_up() -> bool:
        return not home.exists() and not any(guests.iterdir())

    await poll(cleaned_up, "the guest session outlived its browser", timeout=20)


def test_listening_beyond_loopback_warns_that_anyone_is_the_servers_user(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tui.cli import main
    from tui.serve import web

    started: list[tuple[str, int]] = []

    def run(host: str, port: int, data_dir: Path, *, public_url: str | None = None) -> int:
        started.append((host, port))  # stands in for listening: the warning is what is tested
        return 0

    monkeypatch.setattr(web, "run", run)
    data = ["--data-dir", str(tmp_path)]
    assert main(["serve", "--web", *data]) == 0
    assert "warning" not in capsys.readouterr().err
    assert main(["serve", "--web", "--host", "0.0.0.0", "--port", "8080", *data]) == 0
    err = capsys.readouterr().err
    assert "warning: listening on 0.0.0.0 port 8080" in err
    assert "anyone who can reach this port can use acupress as this server's user" in err
    assert started == [("127.0.0.1", 8000), ("0.0.0.0", 8080)]
    assert main(["serve", "--web", "--port", "0", *data]) == 2


RECORDER = """
import json, sys
out = open(sys.argv[1], "wb")
data = b""
while True:
    chunk = sys.stdin.buffer.read1(65536)
    if not chunk:
        break
    data += chunk
    out.write(chunk)
    out.flush()
    if b'"quit"' in data:
        break
"""


def packet(kind: bytes, payload: bytes) -> bytes:
    return kind + len(payload).to_bytes(4, "big") + payload


def packets(data: bytes) -> list[tuple[bytes, bytes]]:
    found = []
    while data:
        size = int.from_bytes(data[1:5], "big")
        found.append((data[:1], data[5 : 5 + size]))
        data = data[5 + size :]
    return found


def test_the_relay_clamps_sizes_merges_a_resize_flood_and_ends_a_stuck_app(tmp_path: Path) -> None:
    """Between textual-serve and the app: keys pass in order, 10,000 resizes become a few."""
    received = tmp_path / "received"
    app = subprocess.Popen([sys.executable, "-c", RECORDER, str(received)], stdin=subprocess.PIPE)
    source, feed = os.pipe()
    relay = guest.Relay(app, source)
    thread = threading.Thread(target=relay.run)
    thread.start()
    try:
        stream = bytearray(packet(b"D", b"2"))
        for n in range(10_000):
            size = {"type": "resize", "width": 65535, "height": 31 + n % 2}
            stream += packet(b"M", json.dumps(size).encode())
        stream += packet(b"D", b"\r")
        stream += packet(b"M", b'{"type": "focus"}')
        os.write(feed, bytes(stream))
        os.write(feed, packet(b"M", b'{"type": "quit"}'))
        thread.join(DEADLINE)
        assert not thread.is_alive()
    finally:
        os.close(feed)
        os.close(source)
        app.kill()
        app.wait()
    got = packets(received.read_bytes())
    keys = [payload for kind, payload in got if kind == b"D"]
    metas = [json.loads(payload) for kind, payload in got if kind == b"M"]
    resizes = [m for m in metas if m["type"] == "resize"]
    assert keys == [b"2", b"\r"]
    assert 1 <= len(resizes) <= 50  # at most one each RESIZE_GAP while the flood is read
    assert {r["width"] for r in resizes} == {MAX_SIZE[0]}
    assert metas[-1] == {"type": "quit"}
    assert {"type": "focus"} in metas


def test_the_relay_ends_an_app_that_does_not_quit(tmp_path: Path) -> None:
    app = subprocess.Popen(
        [sys.executable, "-c", "import signal, time\nwhile True: time.sleep(1)"],
        stdin=subprocess.PIPE,
    )
    source, feed = os.pipe()
    os.close(feed)  # textual-serve has gone
    started = time.monotonic()
    try:
        guest.Relay(app, source).run()
    finally:
        os.close(source)
    assert app.wait(1) == -signal.SIGTERM
    assert time.monotonic() - started < guest.QUIT_GRACE + 3

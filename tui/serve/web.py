"""``acupress serve --web``: the app in a browser, through textual-serve.

textual-serve has no login: whoever can reach the port gets a session, run as the
server's user. So every browser session is a guest (:mod:`tui.serve.guest`: its own
temporary folder, removed when the session ends), the server listens on the loopback
address unless told otherwise, and it warns when told otherwise.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from aiohttp import web
from textual_serve.server import Server

from tui.serve import session

TEMPLATES = Path(__file__).resolve().parent / "templates"
"""acupress's page: textual-serve's, without the fonts it loads from Google."""


def guests_dir(data_dir: Path) -> Path:
    return data_dir / "web-guests"


def command(data_dir: Path) -> str:
    """The shell command textual-serve runs for each browser: one guest session."""
    return shlex.join([sys.executable, "-m", "tui.serve.guest", str(guests_dir(data_dir))])


def warn_public(host: str, port: int) -> None:
    print(
        f"acupress serve: warning: listening on {host} port {port}. There is no login in "
        "the browser: anyone who can reach this port can use acupress as this server's user "
        "(each as a guest, with a journal that lasts one session). Put it behind a proxy "
        "that asks for a login, or listen on 127.0.0.1.",
        file=sys.stderr,
        flush=True,
    )


class WebServer(Server):
    """textual-serve's server with acupress's page and start-up lines."""

    def __init__(self, host: str, port: int, data_dir: Path, public_url: str | None = None) -> None:
        super().__init__(
            command(data_dir),
            host=host,
            port=port,
            title="acupress",
            public_url=public_url,
            templates_path=TEMPLATES,
        )
        self.data_dir = data_dir

    async def on_startup(self, app: web.Application) -> None:
        print(f"acupress serve --web: open {self.public_url} in a browser", flush=True)
        print("every browser session is a guest; Ctrl+C stops the server", flush=True)


def run(host: str, port: int, data_dir: Path, *, public_url: str | None = None) -> int:
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    session.sweep_guest_folders(guests_dir(data_dir))
    WebServer(host, port, data_dir, public_url).serve()
    return 0

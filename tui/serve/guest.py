"""One browser session: ``python -m tui.serve.guest GUESTS_DIR``, run by textual-serve.

textual-serve starts this command for every browser that connects, with the server's
whole environment and its own protocol on stdin and stdout. This makes a fresh guest
folder, runs the app in it with a clean environment (textual-serve's own variables
kept, nothing else of the server's), and removes the folder when the app ends.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

from tui.serve import session

WEB_ENV = (
    "TEXTUAL_DRIVER",
    "TEXTUAL_FPS",
    "TEXTUAL_COLOR_SYSTEM",
    "TERM_PROGRAM",
    "TERM_PROGRAM_VERSION",
    "COLUMNS",
    "ROWS",
)
"""What textual-serve tells the app (its driver and the browser's size): passed on."""


def main(argv: Sequence[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else list(argv)
    if len(args) != 1:
        print("usage: python -m tui.serve.guest GUESTS_DIR", file=sys.stderr)
        return 2
    home = session.new_guest_folder(Path(args[0]))
    try:
        env = session.app_environment(
            home,
            "xterm-256color",
            guest=True,
            extra={name: os.environ[name] for name in WEB_ENV if name in os.environ},
        )
        app = subprocess.Popen(session.APP_ARGV, env=env, cwd=home)

        def forward(signum: int, frame: FrameType | None) -> None:
            app.send_signal(signum)

        for signum in (signal.SIGHUP, signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, forward)
        return app.wait()
    finally:
        session.remove_guest_folder(home)


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: time to the first full screen of acupress against a bare Textual app.

Not a test (pytest does not collect it). Run from the repository root:

    python tests/bench_startup.py [--runs 15]

Both programs run under a pseudo-terminal at 80x24 with TERM=xterm-256color,
alternately, in the same run. "First full screen" is the moment the terminal
has been sent the last piece of the first complete picture: for the bare app,
its one Static; for acupress, the first point in the list and its details.

Both run from compiled bytecode, as after ``pip install`` (which compiles it):
PYTHONDONTWRITEBYTECODE is cleared and the cache goes to a temporary
PYTHONPYCACHEPREFIX, filled by one warm-up run of each. Otherwise an editable
install under PYTHONDONTWRITEBYTECODE=1 would compile acupress from source on
every start (about 25 ms) while Textual's bytecode came from its install.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ptyrun import BARE_APP, PtyProcess


def first_point_markers() -> tuple[bytes, ...]:
    from tui.core.points import load_catalogue

    first = load_catalogue().points[0]
    return (first.pinyin.encode(), first.name.encode(), b"Quit")


def measure(argv: list[str], markers: tuple[bytes, ...], env: dict[str, str]) -> float:
    process = PtyProcess.spawn(argv, env=env)
    try:
        return process.wait_for(*markers, timeout=30)
    finally:
        process.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ)
        env.update(
            TERM="xterm-256color",
            XDG_CONFIG_HOME=f"{home}/config",
            XDG_DATA_HOME=f"{home}/data",
            XDG_STATE_HOME=f"{home}/state",
            PYTHONPYCACHEPREFIX=f"{home}/pycache",
        )
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        bare = Path(home) / "bare.py"
        bare.write_text(BARE_APP)
        # The notice is acknowledged so that the browser is the first screen, as on every later start.
        state = Path(home) / "state" / "acupress"
        state.mkdir(parents=True)
        from tui.core.safety import NOTICE_VERSION

        (state / "state.toml").write_text(
            f"notice_acknowledged = true\nnotice_version = {NOTICE_VERSION}\n"
        )
        markers = first_point_markers()
        bare_times: list[float] = []
        app_times: list[float] = []
        # Warm the file cache and write the bytecode of both.
        measure([sys.executable, str(bare)], (b"bare textual app ready",), env)
        measure([sys.executable, "-m", "tui"], markers, env)
        for _ in range(args.runs):
            bare_times.append(
                measure([sys.executable, str(bare)], (b"bare textual app ready",), env)
            )
            app_times.append(measure([sys.executable, "-m", "tui"], markers, env))
    bare_median = statistics.median(bare_times)
    app_median = statistics.median(app_times)
    print(f"runs: {args.runs} each, 80x24, TERM=xterm-256color")
    print(f"bare Textual app (one Static): median {bare_median * 1000:.0f} ms")
    print(f"acupress point browser:        median {app_median * 1000:.0f} ms")
    print(f"ratio: {app_median / bare_median:.2f}x (budget 1.5x, aim 1.25x)")


if __name__ == "__main__":
    main()

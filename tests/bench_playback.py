"""Benchmark: what playback costs an SSH link and a CPU, against a bare Textual app.

Not a test (pytest does not collect it). Run from the repository root:

    python tests/bench_playback.py [--seconds 20] [--paused-seconds 10] [--no-color]
                                   [--dump DIR] [--repo PATH]

Every program runs under a pseudo-terminal at 80x24 with TERM=xterm-256color and
fresh XDG directories (the safety notice acknowledged). Scenarios, in one run:

- the bare Textual app (one Static), idle: the baseline;
- ``python -m tui play lower-back`` while breathing (after the get-ready
  countdown), then paused with Space;
- the same with ``TEXTUAL_ANIMATIONS=none`` (reduced motion);
- with ``--no-color``, the same with ``NO_COLOR=1``.

For each window it prints the bytes per second written to the terminal, the
child's CPU (user + system, /proc) as a percentage of one core, the frames per
second (bursts of output) and the ratio of bytes/s
and CPU to the baseline. ``--dump DIR`` saves each window's raw output.

Budget (issue 4): playing <= 4 KB/s and <= 5% of one core (aim < 2 KB/s, < 2%);
paused: 0 B/s and <= 0.5%.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ptyrun import BARE_APP, PtyProcess

BURST_GAP = 0.01
"""Output closer together than this (s) counts as one frame."""

BUDGET_PLAYING = (4096.0, 5.0)
BUDGET_PAUSED = (0.0, 0.5)


@dataclass
class Window:
    scenario: str
    seconds: float
    nbytes: int
    cpu: float
    frames: int
    bells: int
    output: bytes

    @property
    def bytes_per_second(self) -> float:
        return self.nbytes / self.seconds

    @property
    def cpu_percent(self) -> float:
        return 100.0 * self.cpu / self.seconds


def measure_window(process: PtyProcess, scenario: str, seconds: float) -> Window:
    """Read for *seconds*; a "frame" is a burst of output with no gap over BURST_GAP inside."""
    cpu0 = process.cpu_seconds()
    start = len(process.output)
    t0 = time.monotonic()
    deadline = t0 + seconds
    frames = 0
    last_data = -1.0
    while (left := deadline - time.monotonic()) > 0:
        before = len(process.output)
        process._read_once(min(left, BURST_GAP))
        if len(process.output) > before:
            now = time.monotonic()
            if now - last_data > BURST_GAP:
                frames += 1
            last_data = now
    elapsed = time.monotonic() - t0
    cpu = process.cpu_seconds() - cpu0
    data = bytes(process.output[start:])
    return Window(scenario, elapsed, len(data), cpu, frames, data.count(b"\x07"), data)


def make_env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TEXTUAL_ANIMATIONS")}
    env.update(
        TERM="xterm-256color",
        COLUMNS="80",
        LINES="24",
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_STATE_HOME=str(home / "state"),
        ACUPRESS_JOURNAL=str(home / "data" / "journal.jsonl"),
    )
    env.update(extra)
    return env


def fresh_home(root: Path, name: str) -> Path:
    home = root / name
    state = home / "state" / "acupress"
    state.mkdir(parents=True)
    from tui.core.safety import NOTICE_VERSION

    (state / "state.toml").write_text(
        f"notice_acknowledged = true\nnotice_version = {NOTICE_VERSION}\n"
    )
    return home


def bench_bare(root: Path, seconds: float) -> list[Window]:
    bare = root / "bare.py"
    bare.write_text(BARE_APP)
    home = fresh_home(root, "bare")
    process = PtyProcess.spawn([sys.executable, str(bare)], env=make_env(home))
    try:
        process.wait_for(b"bare textual app ready", timeout=30)
        process.read_for(1.0)  # let the first paint settle
        return [measure_window(process, "bare Textual app, idle", seconds)]
    finally:
        process.kill()


def bench_play(
    root: Path,
    label: str,
    seconds: float,
    paused_seconds: float,
    repo: Path,
    **extra: str,
) -> list[Window]:
    home = fresh_home(root, label.replace(" ", "-").replace("=", "-"))
    env = make_env(home, **extra)
    env["PYTHONPATH"] = str(repo) + os.pathsep + env.get("PYTHONPATH", "")
    process = PtyProcess.spawn(
        [sys.executable, "-m", "tui", "play", "lower-back"], env=env, cwd=str(repo)
    )
    try:
        # The get-ready countdown lasts about 3 s; measure the breathing itself.
        process.wait_for(b"Breathe", timeout=30)
        playing = measure_window(process, f"{label}, playing", seconds)
        process.write(b" ")
        process.wait_for(b"Paused", timeout=10)
        process.read_for(1.0)  # settle: the pause redraw and any fading notification
        paused = measure_window(process, f"{label}, paused", paused_seconds)
        return [playing, paused]
    finally:
        process.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=20.0, help="playing window (s)")
    parser.add_argument("--paused-seconds", type=float, default=10.0, help="paused window (s)")
    parser.add_argument("--no-color", action="store_true", help="add NO_COLOR=1 rows")
    parser.add_argument("--dump", type=Path, help="save each window's raw output here")
    parser.add_argument(
        "--repo",
        type=Path,
        default=Path(__file__).resolve().parent.parent,
        help="run the app from this checkout (default: this repository)",
    )
    args = parser.parse_args()
    windows: list[Window] = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        windows += bench_bare(root, args.seconds)
        windows += bench_play(root, "play", args.seconds, args.paused_seconds, args.repo)
        windows += bench_play(
            root,
            "play TEXTUAL_ANIMATIONS=none",
            args.seconds,
            args.paused_seconds,
            args.repo,
            TEXTUAL_ANIMATIONS="none",
        )
        if args.no_color:
            windows += bench_play(
                root, "play NO_COLOR=1", args.seconds, args.paused_seconds, args.repo, NO_COLOR="1"
            )
    base = windows[0]
    print(
        f"80x24, TERM=xterm-256color; playing {args.seconds:g} s, paused {args.paused_seconds:g} s"
    )
    header = (
        f"{'scenario':<40} {'bytes/s':>8} {'CPU%':>6} {'frames/s':>8} {'B/frame':>8}"
        f" {'x bytes':>8} {'x CPU':>6}  budget"
    )
    print(header)
    print("-" * len(header))
    for w in windows:
        if w.scenario.endswith("playing"):
            limit_b, limit_c = BUDGET_PLAYING
        elif w.scenario.endswith("paused"):
            limit_b, limit_c = BUDGET_PAUSED
        else:
            limit_b, limit_c = float("inf"), float("inf")
        verdict = ""
        if limit_b != float("inf"):
            ok = w.bytes_per_second <= limit_b and w.cpu_percent <= limit_c
            verdict = "ok" if ok else "OVER"
        per_frame = w.nbytes / w.frames if w.frames else 0.0
        # The bare app usually writes nothing while idle: no ratio to show then.
        ratio_b = f"{w.bytes_per_second / base.bytes_per_second:.1f}" if base.nbytes else "-"
        ratio_c = f"{w.cpu_percent / base.cpu_percent:.1f}" if base.cpu else "-"
        print(
            f"{w.scenario:<40} {w.bytes_per_second:>8.0f} {w.cpu_percent:>6.2f}"
            f" {w.frames / w.seconds:>8.2f} {per_frame:>8.0f} {ratio_b:>8} {ratio_c:>6}  {verdict}"
        )
        if args.dump:
            args.dump.mkdir(parents=True, exist_ok=True)
            name = w.scenario.replace(" ", "_").replace(",", "").replace("=", "-")
            (args.dump / f"{name}.bin").write_bytes(w.output)
    print("budget: playing <= 4096 B/s and <= 5% (aim 2048 B/s, 2%); paused 0 B/s and <= 0.5%")


if __name__ == "__main__":
    main()

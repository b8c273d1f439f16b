"""Run ``acupress`` commands as an unprivileged user, so permission tests mean something
even when the tests run as root (root reads and writes any file).

A forked child drops to ``nobody`` (uid and gid 65534, no supplementary groups) and runs
:func:`tui.cli.main` in the same interpreter; its exit code, stdout and stderr come back
through a pipe. Forking rather than starting a new program means the user needs no access
to the Python installation (which may live in root's home); everything the commands import
is imported before the fork (:func:`warm_up`), since the child may not be able to read the
standard library either. Not root (a developer's machine): the child simply stays who it is.

A child that runs longer than *timeout* seconds is killed and reported as hung.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import select
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

NOBODY = 65534


@dataclass(frozen=True)
class Result:
    code: int | None
    """The exit code; None when the command had to be killed (it hung)."""
    out: str
    err: str


def is_root() -> bool:
    return os.geteuid() == 0


def share(path: Path) -> None:
    """Make *path* reachable by the unprivileged user: every folder above it searchable."""
    for folder in [path, *path.parents]:
        if folder == Path("/"):
            break
        with contextlib.suppress(OSError):
            mode = folder.stat().st_mode
            folder.chmod(mode | 0o011)


def give(path: Path) -> None:
    """Hand *path* to the unprivileged user (when running as root)."""
    if is_root():
        os.chown(path, NOBODY, NOBODY, follow_symlinks=False)


def workspace() -> Path:
    """A fresh folder the unprivileged user owns, under /tmp (not inside root's 0700 temp)."""
    base = Path(tempfile.mkdtemp(prefix="acupress-nobody-", dir="/tmp"))
    base.chmod(0o755)
    give(base)
    return base


_warmed = False


def warm_up(scratch: Path) -> None:
    """Import everything the commands import, by running them once on harmless files."""
    global _warmed
    if _warmed:
        return
    from tui.cli import main

    journal = scratch / "warm-journal.toml"
    routine = scratch / "warm-routine.toml"
    routine.write_text('title = "x"\nareaa = 1\n[[steps]]\npoint = "LI4"\nseconds = 1\n')
    commands = [
        ["points", "LI4"],
        ["points", "show", "LI4", "--json"],
        ["routines"],
        ["routines", "show", "lower-back"],
        ["routines", "check", str(routine)],
        ["routines", "show", str(routine)],
        ["log", "3", "--note", "é", "--at", "2024-01-01 10:00", "--journal", str(journal)],
        ["log", "x", "--journal", str(journal)],
        ["journal", "--journal", str(journal)],
        ["journal", "--json", "--journal", str(journal)],
        ["journal", "stats", "--journal", str(journal)],
        ["journal", "export", "--format", "csv", "--journal", str(journal)],
        ["journal", "export", "--format", "json", "--journal", str(journal)],
        [
            "journal",
            "export",
            "--format",
            "csv",
            "-o",
            str(scratch / "w.csv"),
            "--journal",
            str(journal),
        ],
        ["journal", "delete", "nothing", "--journal", str(journal)],
        ["journal", "stats", "--days", "0"],
    ]
    for argv in commands:
        with (
            contextlib.redirect_stdout(io.TextIOWrapper(io.BytesIO(), encoding="utf-8")),
            contextlib.redirect_stderr(io.TextIOWrapper(io.BytesIO(), encoding="utf-8")),
            contextlib.suppress(SystemExit),
        ):
            main(argv)
    for name in ("encodings.ascii", "encodings.latin_1", "encodings.idna", "csv", "json.decoder"):
        __import__(name)
    for leftover in (journal, routine, scratch / "w.csv"):
        leftover.unlink(missing_ok=True)
    for leftover in scratch.glob("warm-journal.toml*"):
        leftover.unlink()
    _warmed = True


def call_unprivileged(
    function: Callable[[], Any], *, env: Mapping[str, str] | None = None, timeout: float = 20.0
) -> Any:
    """``function()`` run as ``nobody`` in a forked child; its result, which must be JSON.

    Raises :class:`TimeoutError` if it runs longer than *timeout* seconds (it is killed),
    and :class:`RuntimeError` with the child's traceback if it raised.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        status = 0
        try:
            os.close(read_end)
            if is_root():
                os.setgroups([])
                os.setgid(NOBODY)
                os.setuid(NOBODY)
            if env is not None:
                os.environ.clear()
                os.environ.update(env)
            try:
                reply = ["ok", function()]
            except BaseException:
                reply = ["error", traceback.format_exc()]
            data = json.dumps(reply).encode()
            while data:
                data = data[os.write(write_end, data) :]
        except BaseException:
            status = 98
        finally:
            os._exit(status)
    os.close(write_end)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                os.kill(pid, signal.SIGKILL)
                raise TimeoutError(f"killed after {timeout} s: it hung")
            ready, _, _ = select.select([read_end], [], [], left)
            if ready:
                chunk = os.read(read_end, 65536)
                if not chunk:
                    break
                chunks.append(chunk)
    finally:
        os.close(read_end)
        _, status = os.waitpid(pid, 0)
    if not chunks:
        raise RuntimeError(f"the child failed (status {status})")
    kind, value = json.loads(b"".join(chunks))
    if kind == "error":
        raise RuntimeError(f"in the unprivileged child:\n{value}")
    return value


def run_unprivileged(
    argv: Sequence[str], env: Mapping[str, str], *, cwd: Path, timeout: float = 20.0
) -> Result:
    """``acupress *argv`` as ``nobody`` with exactly the environment *env*, in *cwd*."""
    from tui.cli import main

    def command() -> list[object]:
        os.chdir(cwd)
        # Text streams over bytes, like real ones (exports write to the buffer underneath).
        out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="", write_through=True)
        err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="", write_through=True)
        sys.stdout, sys.stderr = out, err
        try:
            code: object = main(list(argv))
        except SystemExit as exit:
            code = exit.code if isinstance(exit.code, int) else 2
        except BaseException:
            code = 99
            err.write(traceback.format_exc())
        texts = [stream.buffer.getvalue().decode("utf-8") for stream in (out, err)]  # type: ignore[attr-defined]
        return [code, *texts]

    try:
        code, out, err = call_unprivileged(command, env=env, timeout=timeout)
    except TimeoutError:
        return Result(None, "", "killed: the command hung")
    return Result(code, out, err)

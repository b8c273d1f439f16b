"""``acupress --diagnose``: what to paste into a bug report.

Versions, the files in use and what chose each one, the checks of the shipped data,
and the terminal as acupress sees it: its size, colours, encoding and locale, and
the decisions the app takes from them (plain ASCII, animations), read from an
:class:`~tui.app.AcupressApp` made but not run, so that they are the app's own.
Nothing is read from the journal: only whether its file is there, and its mode.
Every value from the environment is shown with control characters escaped.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import stat
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.app import AcupressApp

# The environment variables that change what acupress shows, in the order printed.
TERMINAL_VARIABLES = (
    "TERM",
    "COLORTERM",
    "NO_COLOR",
    "TEXTUAL_COLOR_SYSTEM",
    "ACUPRESS_ASCII",
    "TEXTUAL_ANIMATIONS",
    "LC_ALL",
    "LC_CTYPE",
    "LANG",
)
DISTRIBUTIONS = ("textual", "rich", "pydantic", "platformdirs", "tomli-w")


def shown(value: object) -> str:
    """*value* on one line, every character that is not printable escaped (``\\x1b``)."""
    text = str(value)
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def run_diagnose(args: argparse.Namespace) -> int:
    sys.stdout.write("\n".join(report(args)) + "\n")
    return 0


def report(args: argparse.Namespace) -> list[str]:
    lines = [
        "acupress --diagnose: paste this into a bug report (nothing in it comes from your journal)",
        "",
        *_versions(),
        "",
        "files",
        *_files(args),
        "",
        "settings",
        *_settings(args),
        "",
        "terminal",
        *_terminal(args),
    ]
    return [shown(line) for line in lines]


def _row(name: str, text: str) -> str:
    return f"  {name:<18} {text}"


def _versions() -> list[str]:
    from importlib import metadata

    from tui import __version__
    from tui.core.paths import display_path, package_dir

    found = []
    for name in DISTRIBUTIONS:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} (not installed)")
    return [
        f"acupress {__version__} ({display_path(package_dir())})",
        f"Python {platform.python_version()} ({platform.python_implementation()}, "
        f"{display_path(Path(sys.executable))})",
        ", ".join(found),
        f"platform {platform.platform()}",
    ]


def _xdg(variable: str) -> str:
    return f"${variable}" if os.environ.get(variable, "").strip() else "the default"


def _there(path: Path) -> str:
    """What is at *path*, without reading it: a file and its mode, a folder, or nothing."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        return "not there"
    except OSError as error:
        return f"cannot be looked at: {error.strerror}"
    if stat.S_ISLNK(info.st_mode):
        try:
            target = path.stat()
        except OSError:
            return "a dangling symbolic link"
        return f"a symbolic link to {_kind(target.st_mode)}"
    return _kind(info.st_mode)


def _kind(mode: int) -> str:
    from tui.core.files import kind_of

    if stat.S_ISREG(mode):
        return f"a file, mode {stat.S_IMODE(mode):04o}"
    if stat.S_ISDIR(mode):
        return f"a folder, mode {stat.S_IMODE(mode):04o}"
    return kind_of(mode) or f"something else (mode {mode:o})"


def _files(args: argparse.Namespace) -> list[str]:
    from tui.core import paths
    from tui.core.problems import ProblemError
    from tui.core.routine_files import routine_sources

    show = paths.display_path
    config = paths.config_file()
    rows = [
        _row("config", f"{show(config)}: {_there(config)} (from {_xdg('XDG_CONFIG_HOME')})"),
    ]
    try:
        location = paths.resolve_journal(
            args.journal,
            configured=args.settings.journal,
            settings_problems=args.settings_problems,
        )
    except ProblemError as error:
        rows.append(_row("journal", "cannot be used: " + "; ".join(map(str, error.problems))))
    else:
        where = location.path
        rows.append(
            _row("journal", f"{show(where)}: {_there(where)} (chosen by {location.describe()})")
        )
    state = paths.state_dir() / "state.toml"
    rows.append(_row("state", f"{show(state)}: {_there(state)} (from {_xdg('XDG_STATE_HOME')})"))
    users = paths.user_routines_dir()
    files = routine_sources()
    mine = [f for f in files if not f.builtin]
    rows.append(
        _row(
            "your routines",
            f"{show(users)}: {len(mine)} routine file{'s' if len(mine) != 1 else ''}"
            f"{_broken([f.path for f in mine])}",
        )
    )
    shipped = paths.builtin_routines_dir()
    builtin = sorted(shipped.glob("*.toml"))
    rows.append(_row("built-in routines", f"{show(shipped)}: {len(builtin)}{_broken(builtin)}"))
    rows.append(_row("catalogue", f"{show(paths.catalogue_file())}: {_catalogue()}"))
    return rows


def _broken(files: Iterable[Path]) -> str:
    """``, checked: all valid`` or ``, checked: 1 broken (acupress routines check NAME)``."""
    from tui.core.points import load_catalogue
    from tui.core.problems import ProblemError
    from tui.core.routines import load_routine_file

    files = list(files)
    if not files:
        return ""
    try:
        catalogue = load_catalogue(checked=False)
    except ProblemError:
        return ", not checked (the catalogue is damaged)"
    broken = []
    for path in files:
        try:
            load_routine_file(path, catalogue)  # in full
        except ProblemError:
            broken.append(path.stem)
    if not broken:
        return ", checked in full: all valid"
    return f", checked in full: {len(broken)} broken ({', '.join(broken)}; see 'acupress routines')"


def _catalogue() -> str:
    from tui.core.points import load_catalogue
    from tui.core.problems import ProblemError

    try:
        catalogue = load_catalogue()  # in full
    except ProblemError as error:
        return f"DAMAGED, {len(error.problems)} problems; first: {error.problems[0]}"
    return f"{len(catalogue)} points, checked in full: valid"


def _settings(args: argparse.Namespace) -> list[str]:
    settings = args.settings
    rows = [
        _row(
            "in use",
            f"pregnancy_mode={settings.pregnancy_mode} reduce_motion={settings.reduce_motion} "
            f"bell={settings.bell} theme={settings.theme} breathing={settings.breathing}",
        )
    ]
    problems = list(args.settings_problems)
    rows.append(_row("problems", "none" if not problems else str(len(problems))))
    rows += [f"    {problem}" for problem in problems]
    return rows


def _terminal(args: argparse.Namespace) -> list[str]:
    import locale

    stdout = sys.__stdout__
    tty = stdout is not None and stdout.isatty()
    size = shutil.get_terminal_size()
    variables = " ".join(
        f"{name}={os.environ[name]!r}" if name in os.environ else f"{name} unset"
        for name in TERMINAL_VARIABLES
    )
    app = _app(args)
    rows = [
        _row(
            "standard output",
            f"{'a terminal' if tty else 'not a terminal'}, "
            f"{size.columns}x{size.lines} (columns x lines"
            f"{'' if tty else ', from $COLUMNS and $LINES or the default'})",
        ),
        _row("environment", variables),
        _row(
            "encoding",
            f"standard output {getattr(stdout, 'encoding', None)}, preferred "
            f"{locale.getpreferredencoding(False)}, filesystem {sys.getfilesystemencoding()}, "
            f"Python UTF-8 mode {'on' if sys.flags.utf8_mode else 'off'}",
        ),
    ]
    if app is None:
        rows.append(_row("app", "Textual could not be imported"))
        return rows
    colours = app.console.color_system or "none"
    rows += [
        _row("colours", f"{colours}{' (NO_COLOR: shown in monochrome)' if app.no_color else ''}"),
        _row("plain ASCII", "yes" if app.ascii_map else "no"),
        _row("animations", f"{app.animation_level} (reduce_motion {app.settings.reduce_motion})"),
        _row("theme", str(app.theme)),
    ]
    return rows


def _app(args: argparse.Namespace) -> AcupressApp | None:
    """The app as it would start here, made but not run (its decisions are its own)."""
    try:
        from tui.app import AcupressApp
    except ImportError:
        return None
    return AcupressApp(
        settings=args.settings, settings_problems=args.settings_problems, show_notice=False
    )

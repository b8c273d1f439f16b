"""Where the routines are: their files, found but not read.

Enough to name every routine (a shell's completion, a lookup by name) without
reading one; :mod:`tui.core.routines` reads them.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from tui.core import paths

__all__ = ["RoutineFile", "routine_files", "routine_sources"]


def routine_files(directory: Path) -> list[Path]:
    """The ``*.toml`` files of *directory* by name, skipping hidden and editor files."""
    try:
        if not directory.is_dir():
            return []
        # Every x.toml is listed, whatever it is: one that is not a regular file (a folder,
        # a named pipe, a link to nothing) is then shown as broken, with what it is, rather
        # than left out without a word. It is never opened for a blocking read.
        files = [p for p in directory.iterdir() if p.suffix == ".toml"]
    except OSError:
        return []
    return sorted(
        (p for p in files if not p.name.startswith((".", "#", "~"))), key=lambda p: p.name
    )


class RoutineFile(NamedTuple):
    """A routine's file, found but not read."""

    slug: str
    path: Path
    builtin: bool
    replaces_builtin: bool = False


def routine_sources(
    *, builtin_dir: Path | None = None, user_dir: Path | None = None
) -> list[RoutineFile]:
    """Every routine's file, built-in first then the user's, each sorted by slug.

    A user file with a built-in's slug takes the built-in's place. Nothing is read.
    """
    builtin_dir = builtin_dir or paths.builtin_routines_dir()
    user_dir = user_dir or paths.user_routines_dir()
    found = [RoutineFile(p.stem, p, builtin=True) for p in routine_files(builtin_dir)]
    position = {f.slug: i for i, f in enumerate(found)}
    for path in routine_files(user_dir):
        if path.stem in position:
            found[position[path.stem]] = RoutineFile(
                path.stem, path, builtin=False, replaces_builtin=True
            )
        else:
            found.append(RoutineFile(path.stem, path, builtin=False))
    return found

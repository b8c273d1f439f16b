"""Where acupress keeps files. Pure functions: nothing is created until a write needs it.

Follows the XDG base directories on Linux (and each platform's own conventions
elsewhere) through :mod:`platformdirs`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from tui.core import confine
from tui.core.problems import Problem, ProblemError

APP_NAME = "acupress"


# platformdirs is imported where a folder is asked for: the catalogue and the built-in
# routines, inside the package, need none of it.


def config_dir() -> Path:
    """``$XDG_CONFIG_HOME/acupress``: config.toml and user routines."""
    import platformdirs

    return platformdirs.user_config_path(APP_NAME, appauthor=False)


def data_dir() -> Path:
    """``$XDG_DATA_HOME/acupress``: the pain journal."""
    import platformdirs

    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def state_dir() -> Path:
    """``$XDG_STATE_HOME/acupress``: small remembered choices (notice acknowledged, mute)."""
    import platformdirs

    return platformdirs.user_state_path(APP_NAME, appauthor=False)


def config_file() -> Path:
    return config_dir() / "config.toml"


def user_routines_dir() -> Path:
    return config_dir() / "routines"


def default_journal_file() -> Path:
    """The journal when nothing chooses another: ``$XDG_DATA_HOME/acupress/journal.toml``."""
    return data_dir() / "journal.toml"


JOURNAL_ENV = "ACUPRESS_JOURNAL"
JournalSource = Literal["--journal", "ACUPRESS_JOURNAL", "config", "default"]


@dataclass(frozen=True, slots=True)
class JournalLocation:
    """Which journal file is used, and what chose it."""

    path: Path
    source: JournalSource

    def describe(self) -> str:
        """Where the choice came from, for people: ``--journal``, ``the config``..."""
        return {
            "--journal": "--journal",
            "ACUPRESS_JOURNAL": f"${JOURNAL_ENV}",
            "config": f"'journal' in {display_path(config_file())}",
            "default": "the default",
        }[self.source]


def expand_user(path: Path | str) -> Path:
    """*path* with a leading ``~`` or ``~user`` expanded; ``ValueError`` for an unknown user."""
    path = Path(path)
    try:
        return path.expanduser()
    except RuntimeError:
        user = str(path).split("/", 1)[0]
        raise ValueError(f"unknown user '{user[1:]}' in '{path}' (no such home folder)") from None


def resolve_journal(
    explicit: Path | str | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    configured: Path | None = None,
    settings_problems: Iterable[Problem] = (),
) -> JournalLocation:
    """The journal to use: *explicit* (``--journal``), then ``$ACUPRESS_JOURNAL``, then
    *configured* (the config's ``journal``), then :func:`default_journal_file`.

    Raises :class:`ProblemError` (``field="journal"``) rather than falling back to
    another journal silently: for an empty ``--journal``, an unknown ``~user``, or a
    ``journal`` setting the config has but could not use (one of *settings_problems*
    is about it), when neither of the first two chose the journal.
    In a served session (``$ACUPRESS_CONFINE``), a journal outside the
    session's own folder is refused the same way (:mod:`tui.core.confine`).
    """
    location = _choose_journal(
        explicit, environ=environ, configured=configured, settings_problems=settings_problems
    )
    if (outside := confine.check(location.path, environ)) is not None:
        raise ProblemError([replace(outside, field="journal")])
    return location


def _choose_journal(
    explicit: Path | str | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    configured: Path | None = None,
    settings_problems: Iterable[Problem] = (),
) -> JournalLocation:
    environ = os.environ if environ is None else environ
    if explicit is not None:
        text = str(explicit)
        if not text.strip():
            raise _journal_problem("--journal", "an empty path names no file")
        return JournalLocation(_expanded(text, "--journal"), "--journal")
    if from_env := environ.get(JOURNAL_ENV, ""):
        return JournalLocation(_expanded(from_env, f"${JOURNAL_ENV}"), "ACUPRESS_JOURNAL")
    for problem in settings_problems:
        if problem.field == "journal":
            raise ProblemError(
                [
                    problem,
                    Problem(
                        problem.path,
                        None,
                        "fix the 'journal' setting, or give --journal PATH",
                        field="journal",
                    ),
                ]
            )
    if configured is not None:
        return JournalLocation(configured, "config")
    return JournalLocation(default_journal_file(), "default")


def _expanded(text: str, where: str) -> Path:
    try:
        return expand_user(text)
    except ValueError as error:
        raise _journal_problem(where, str(error)) from None


def _journal_problem(where: str, message: str) -> ProblemError:
    return ProblemError([Problem(where, None, message, field="journal")])


def package_dir() -> Path:
    return Path(__file__).resolve().parent.parent


def catalogue_file() -> Path:
    return package_dir() / "data" / "points.toml"


def builtin_routines_dir() -> Path:
    """Built-in routines: inside the installed wheel, or ``routines/`` in a source checkout."""
    shipped = package_dir() / "builtin_routines"
    if shipped.is_dir():
        return shipped
    return package_dir().parent / "routines"


def display_path(path: Path) -> str:
    """*path* with the home directory written as ``~``, as people are used to reading it."""
    try:
        return "~/" + str(path.relative_to(Path.home()))
    except ValueError:
        return str(path)

"""Where acupress keeps files. Pure functions: nothing is created until a write needs it.

Follows the XDG base directories on Linux (and each platform's own conventions
elsewhere) through :mod:`platformdirs`.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "acupress"


def config_dir() -> Path:
    """``$XDG_CONFIG_HOME/acupress``: config.toml and user routines."""
    return platformdirs.user_config_path(APP_NAME, appauthor=False)


def data_dir() -> Path:
    """``$XDG_DATA_HOME/acupress``: the pain journal."""
    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def state_dir() -> Path:
    """``$XDG_STATE_HOME/acupress``: small remembered choices (notice acknowledged, mute)."""
    return platformdirs.user_state_path(APP_NAME, appauthor=False)


def config_file() -> Path:
    return config_dir() / "config.toml"


def user_routines_dir() -> Path:
    return config_dir() / "routines"


def default_journal_file() -> Path:
    """The journal: ``--journal`` and ``ACUPRESS_JOURNAL`` override this, then the config."""
    override = os.environ.get("ACUPRESS_JOURNAL")
    if override:
        return Path(override).expanduser()
    return data_dir() / "journal.toml"


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

"""Small remembered choices: ``$XDG_STATE_HOME/acupress/state.toml``.

Holds whether the safety notice was acknowledged (and which version of it) and
whether playback cues are muted. The app writes this file, not people, so
reading it is forgiving: a missing, unreadable or broken file, or a bad value,
just means the default for that value. It is created on the first write, and
written atomically.
"""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import tomli_w

from tui.core import paths
from tui.core.files import read_regular, write_atomic
from tui.core.problems import Problem, ProblemError


@dataclass(frozen=True, slots=True)
class SavedState:
    """The choices remembered between runs: the safety notice acknowledged, and its version."""

    notice_acknowledged: bool = False
    notice_version: int = 0
    """The :data:`tui.core.safety.NOTICE_VERSION` that was acknowledged."""
    muted: bool = False
    """Written by versions before the bell was one setting (``bell`` in the config): the
    app reads it as the bell off, and clears it once the bell is next switched."""


def state_file() -> Path:
    return paths.state_dir() / "state.toml"


def load_state(path: Path | None = None) -> SavedState:
    """The remembered state; defaults for anything missing or broken. Never raises."""
    path = state_file() if path is None else path
    try:
        raw = read_regular(path)
        data = tomllib.loads(raw.decode("utf-8")) if raw is not None else {}
    except (ProblemError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        return SavedState()
    values: dict[str, object] = {}
    defaults = SavedState()
    for key, default in asdict(defaults).items():
        value = data.get(key)
        # bool is a subclass of int: compare exact types so `notice_version = true` is ignored.
        if type(value) is type(default):
            values[key] = value
    return replace(defaults, **values)  # type: ignore[arg-type]


def save_state(state: SavedState, path: Path | None = None) -> None:
    """Write *state* atomically, creating the directory if needed. Raises ``OSError``."""
    path = state_file() if path is None else path
    write_atomic(path, tomli_w.dumps(asdict(state)).encode("utf-8"))


def _update(path: Path | None, **changes: object) -> Problem | None:
    """Load, change, save; a write failure comes back as a problem instead of an exception."""
    target = state_file() if path is None else path
    state = replace(load_state(target), **changes)  # type: ignore[arg-type]
    try:
        save_state(state, target)
    except ProblemError as error:
        return Problem(target, None, f"cannot save: {error.problems[0].message}")
    except OSError as error:
        reason = error.strerror or str(error)
        return Problem(target, None, f"cannot save: {reason}")
    return None


def notice_acknowledged(path: Path | None = None) -> bool:
    """True when the current safety notice (this :data:`NOTICE_VERSION` or later) was acknowledged."""
    from tui.core.safety import NOTICE_VERSION  # the notice's text is not needed to check

    state = load_state(path)
    return state.notice_acknowledged and state.notice_version >= NOTICE_VERSION


def acknowledge_notice(path: Path | None = None) -> Problem | None:
    """Remember that the notice was read. Returns a problem if that could not be saved
    (the app should carry on; the notice will simply show again next time)."""
    from tui.core.safety import NOTICE_VERSION

    return _update(path, notice_acknowledged=True, notice_version=NOTICE_VERSION)


def is_muted(path: Path | None = None) -> bool:
    return load_state(path).muted


def set_muted(muted: bool, path: Path | None = None) -> Problem | None:
    """Remember the mute choice. Returns a problem if it could not be saved."""
    return _update(path, muted=muted)

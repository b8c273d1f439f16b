"""User settings: ``$XDG_CONFIG_HOME/acupress/config.toml``, validated key by key.

A broken or misspelt config never stops the app or the CLI. :func:`load_settings`
returns the settings it could use together with a list of located problems
(``PATH:LINE: message``): a bad key falls back to its default while every good
key is still used; a file that cannot be read or parsed at all gives defaults.

:func:`save_settings` writes atomically (temporary file in the same directory,
fsync, rename). It edits the file in place where it can, so comments, layout and
keys this version does not know (a typo, or a key from a newer version) are kept;
only the lines of settings whose value changed are rewritten, and a comment at
the end of such a line is lost. It refuses to overwrite a file it cannot parse,
so a hand edit in progress is never thrown away.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from tui.core import confine, paths
from tui.core.files import read_regular, write_atomic, write_target
from tui.core.presets import DEFAULT_PRESET, PRESET_TIMINGS
from tui.core.problems import Problem, ProblemError
from tui.core.tomlfile import closest, decode, line_index, parse_toml, unknown_choice

# Textual's built-in theme names (textual 8.2.8, ``textual.theme.BUILTIN_THEMES``), hard-coded
# because the core must not import Textual. tests/test_settings.py checks they still match.
THEMES: tuple[str, ...] = (
    "textual-dark",
    "textual-light",
    "nord",
    "gruvbox",
    "catppuccin-mocha",
    "dracula",
    "tokyo-night",
    "monokai",
    "flexoki",
    "catppuccin-latte",
    "catppuccin-frappe",
    "catppuccin-macchiato",
    "solarized-light",
    "solarized-dark",
    "rose-pine",
    "rose-pine-moon",
    "rose-pine-dawn",
    "atom-one-dark",
    "atom-one-light",
    "ansi-dark",
    "ansi-light",
)


def breathing_presets() -> tuple[str, ...]:
    """Names of the breathing presets (:data:`tui.core.presets.PRESET_TIMINGS`)."""
    return tuple(PRESET_TIMINGS)


def _switch(value: object) -> bool:
    if type(value) is not bool:
        raise ValueError("must be true or false")
    return value


def _name(kind: str, choices: tuple[str, ...]) -> Callable[[object], str]:
    def check(value: object) -> str:
        if not isinstance(value, str):
            raise ValueError(f'must be a name in quotes, like "{choices[0]}"')
        if value not in choices:
            raise ValueError(unknown_choice(kind, value, choices))
        return value

    return check


def _journal_path(value: object) -> Path | None:
    if value is None:
        return None
    if isinstance(value, Path):
        text = str(value)
    elif isinstance(value, str):
        text = value
    else:
        raise ValueError('must be a path in quotes, like "~/notes/back-journal.toml"')
    if not text.strip():
        raise ValueError("must not be empty; remove the line to use the default journal")
    path = paths.expand_user(text)
    if (outside := confine.check(path)) is not None:  # a served session's own folder
        raise ValueError(outside.message)
    return path


# How each setting is checked: a function returning the value to use or raising ValueError
# with a message for people. Six flat keys are checked here by hand rather than by a pydantic
# model because settings are read before the first paint, and importing pydantic alone would
# cost about a fifth of the start-up budget (tests/bench_startup.py).
_CHECKS: dict[str, Callable[[object], Any]] = {
    "pregnancy_mode": _switch,
    "reduce_motion": _switch,
    "bell": _switch,
    "theme": _name("theme", THEMES),
    "breathing": _name("breathing preset", breathing_presets()),
    "journal": _journal_path,
}


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything ``config.toml`` may set; every field has a default.

    Every value is checked when a ``Settings`` is made: a bad one raises
    ``ValueError`` (``"theme: unknown theme 'nrod' (did you mean 'nord'?)..."``).
    """

    pregnancy_mode: bool = False
    """Mark points cautioned in pregnancy, and warn before a routine that uses them."""
    reduce_motion: bool = False
    """Replace the breathing pacer's animation with a plain countdown."""
    bell: bool = True
    """Ring the terminal bell at each step change during playback."""
    theme: str = "textual-dark"
    """One of Textual's built-in themes (:data:`THEMES`)."""
    breathing: str = DEFAULT_PRESET
    """The default breathing preset for playback."""
    journal: Path | None = None
    """The journal file; ``--journal`` and ``ACUPRESS_JOURNAL`` override it."""

    def __post_init__(self) -> None:
        for key, check in _CHECKS.items():
            try:
                value = check(getattr(self, key))
            except ValueError as error:
                raise ValueError(f"{key}: {error}") from None
            object.__setattr__(self, key, value)


FIELDS: tuple[str, ...] = tuple(field.name for field in fields(Settings))


def updated(settings: Settings, **changes: Any) -> Settings:
    """A copy of *settings* with *changes*; raises ``ValueError`` for a bad value or name."""
    for key in changes:
        if key not in FIELDS:
            raise ValueError(f"unknown setting '{key}'")
    return replace(settings, **changes)


def load_settings(path: Path | None = None) -> tuple[Settings, list[Problem]]:
    """Read *path* (default ``paths.config_file()``): the usable settings and every problem.

    Never raises for bad user input and never creates anything. A missing file
    gives defaults and no problem. A relative ``journal`` is taken relative to the
    config file's folder.
    """
    path = paths.config_file() if path is None else path
    try:
        raw = read_regular(path)
        if raw is None:
            return Settings(), []
        data, source = parse_toml(raw, path), decode(raw, path)
    except ProblemError as error:
        return Settings(), list(error.problems)
    good: dict[str, Any] = {}
    problems: list[Problem] = []
    index = line_index(source)
    for key, value in data.items():
        # `[a.b]` or `a.b = 1` indexes only the full key: point at its first line instead.
        line = index.get((key,)) or min(
            (n for loc, n in index.items() if loc[:1] == (key,)), default=None
        )
        check = _CHECKS.get(key)
        if check is None:
            message = f"unknown field '{key}'"
            hints = closest(key, FIELDS, n=1)
            if hints:
                message += f" (did you mean '{hints[0]}'?)"
            # A misspelt key is about the setting it was meant to be (a misspelt journal must
            # not send ratings to another journal silently).
            problems.append(Problem(path, line, message, field=hints[0] if hints else None))
            continue
        try:
            good[key] = check(value)
        except ValueError as error:
            problems.append(Problem(path, line, f"{key}: {error}", field=key))
    if isinstance(journal := good.get("journal"), Path):
        good["journal"] = _resolve_journal(journal, path)
    problems.sort(key=lambda p: p.line or 0)
    return Settings(**good), problems


def settings_toml(settings: Settings) -> dict[str, Any]:
    """The settings as TOML values (``journal`` left out when unset: TOML has no null)."""
    data: dict[str, Any] = {}
    for key in FIELDS:
        value = getattr(settings, key)
        if value is None:
            continue
        data[key] = str(value) if isinstance(value, Path) else value
    return data


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    """Write *settings* to *path* (default ``paths.config_file()``) atomically; return the file written.

    Keeps whatever else the file holds (comments, unknown keys, tables); rewrites
    only the lines of settings whose value changed, and adds missing settings
    before the first table. Raises :class:`ProblemError` without touching the
    file if the existing file cannot be read or parsed (fix or remove it first),
    and ``OSError`` if it cannot be written. The directory is created only now.
    """
    import tomli_w  # only to write: reading settings is on every command's path

    path = paths.config_file() if path is None else path
    wanted = settings_toml(settings)
    raw = read_regular(write_target(path))  # a dotfiles symlink is written through
    if raw is not None:
        try:
            existing = parse_toml(raw, path)
        except ProblemError as error:
            raise ProblemError(
                [
                    *error.problems,
                    Problem(path, None, "settings not saved: fix or remove this file first"),
                ]
            ) from None
        text = _edit_in_place(decode(raw, path), existing, wanted, path)
    else:
        text = tomli_w.dumps(wanted)
    return write_atomic(path, text.encode("utf-8"))


_HEADER_RE = r"^\s*\["  # compiled where used (re caches it): only to save


def _resolve_journal(journal: Path, config: Path) -> Path:
    """A relative journal path is relative to the config file's folder."""
    journal = paths.expand_user(journal)
    return journal if journal.is_absolute() else config.parent / journal


def _same_value(key: str, old: Any, new: Any, config: Path) -> bool:
    """Whether the file's *old* value already means *new* (``~/j.toml`` is ``/home/me/j.toml``)."""
    if key == "journal" and isinstance(old, str) and isinstance(new, str) and old.strip():
        try:
            return _resolve_journal(Path(old), config) == Path(new)
        except ValueError:  # an unknown ~user: not the same
            return False
    return type(old) is type(new) and bool(old == new)


def _edit_in_place(
    source: str, existing: dict[str, Any], wanted: dict[str, Any], config: Path
) -> str:
    """*source* with the settings in *wanted* set; everything else left as it was."""
    import tomli_w

    lines = source.splitlines(keepends=True)
    index = line_index(source)
    expected = {k: v for k, v in existing.items() if k not in FIELDS}
    missing: list[str] = []
    for key in FIELDS:
        line = index.get((key,))
        if key not in wanted:
            if line is not None and key in existing:
                lines[line - 1] = ""  # unset (journal back to the default)
            continue
        rendered = tomli_w.dumps({key: wanted[key]})
        expected[key] = wanted[key]
        if line is None or key not in existing:
            missing.append(rendered)
        elif _same_value(key, existing[key], wanted[key], config):
            expected[key] = existing[key]  # keep the line, its comment and its spelling
        else:
            ending = "\n" if lines[line - 1].endswith("\n") else ""
            lines[line - 1] = rendered.rstrip("\n") + ending
    if missing:
        first_table = next(
            (n for n, line in enumerate(lines) if re.match(_HEADER_RE, line)), len(lines)
        )
        before = "".join(lines[:first_table])
        if before and not before.endswith("\n"):
            missing.insert(0, "\n")  # the file's last line had no line break
        if first_table < len(lines):
            missing.append("\n")  # a blank line before the table
        lines[first_table:first_table] = missing
    text = "".join(lines)
    try:
        if tomllib.loads(text) == expected:
            return text
    except tomllib.TOMLDecodeError:
        pass
    # The file is laid out in a way the line edit cannot handle (multi-line values and the
    # like): write the same data afresh. Unknown keys and tables are kept; comments are not.
    return tomli_w.dumps(expected)

"""Confinement of a served session: every file it uses stays inside one folder.

``acupress serve`` runs each person's app with ``ACUPRESS_CONFINE`` set to that
person's own folder on the server. Paths that settings can change (today the
journal) are checked here before they are used; outside a served session the
variable is unset and every path is allowed. Pure: reads the environment and
resolves symlinks only when asked.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from tui.core.problems import Problem

ENV = "ACUPRESS_CONFINE"
"""The variable holding the folder a served session must stay inside."""


def root(environ: Mapping[str, str] | None = None) -> Path | None:
    """The folder this process is confined to, or None when it is not confined."""
    value = (os.environ if environ is None else environ).get(ENV, "")
    return Path(value) if value else None


def check(path: Path, environ: Mapping[str, str] | None = None) -> Problem | None:
    """None if *path* may be used; otherwise a problem naming it.

    The path is resolved first (``~``, ``..`` and every symlink, relative to the
    current folder), so a link inside the folder that points out of it is refused too.
    """
    folder = root(environ)
    if folder is None:
        return None
    try:
        allowed = folder.resolve()
        resolved = path.expanduser().resolve()
    except (OSError, RuntimeError) as error:  # a symlink loop, an unknown ~user
        return Problem(path, None, f"cannot be resolved ({error}); not used on this server")
    if resolved == allowed or allowed in resolved.parents:
        return None
    return Problem(path, None, "is outside your own folder on this server; not used")

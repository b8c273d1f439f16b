"""The server's host key, and the people allowed in: one public key each.

The authorized-keys file is OpenSSH's format, one key a line: ``TYPE BASE64 COMMENT``.
Each key is one person, named by its comment (or its fingerprint when it has none).
Their folder on the server is named from the key's SHA-256 fingerprint, never from the
comment, which is only ever shown (with control characters made visible).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

import asyncssh

from tui.core import text as core_text
from tui.core.problems import Problem

MAX_NAME = 60
"""A person's shown name is cut to this many characters."""


class KeyFileError(Exception):
    """A key file that cannot be used; the message says which and why."""


@dataclass(frozen=True, slots=True)
class Person:
    """Someone with a key in the authorized-keys file."""

    name: str
    """The key's comment (control characters made visible), or its fingerprint."""
    fingerprint: str
    """``SHA256:...``, as ``ssh-keygen -l`` prints it."""

    @property
    def folder(self) -> str:
        """Their folder's name: the fingerprint in URL-safe base64 (``sha256-...``)."""
        digest = self.fingerprint.removeprefix("SHA256:")
        return "sha256-" + digest.replace("+", "-").replace("/", "_")


def visible(text: str, limit: int = MAX_NAME) -> str:
    """*text* on one line, every control character shown as an escape, cut to *limit* characters."""
    shown = core_text.visible(text, one_line=True)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


# --- the host key ---------------------------------------------------------------------------


def load_host_key(path: Path) -> tuple[asyncssh.SSHKey, bool]:
    """The host key at *path*, generated there (ed25519, mode 0600) if missing.

    Returns the key and whether it was created now. Refuses a key that others may read,
    as OpenSSH does.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        return _create_host_key(path), True
    except OSError as error:
        raise KeyFileError(f"{path}: cannot read the host key: {error.strerror}") from None
    if not stat.S_ISREG(info.st_mode):
        raise KeyFileError(f"{path}: the host key must be a regular file")
    if info.st_mode & 0o077:
        raise KeyFileError(
            f"{path}: the host key may be read by others (mode {stat.S_IMODE(info.st_mode):04o}); "
            f"run: chmod 600 {path}"
        )
    try:
        return asyncssh.read_private_key(path), False
    except (OSError, asyncssh.KeyImportError) as error:
        raise KeyFileError(f"{path}: not a usable private key: {error}") from None


def _create_host_key(path: Path) -> asyncssh.SSHKey:
    key = asyncssh.generate_private_key("ssh-ed25519", comment="acupress serve host key")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "wb") as file:
            file.write(key.export_private_key())
            file.flush()
            os.fsync(file.fileno())
    except OSError as error:
        raise KeyFileError(f"{path}: cannot write the host key: {error.strerror}") from None
    return key


# --- the people -----------------------------------------------------------------------------


def parse_authorized_keys(text: str, path: Path | str) -> tuple[dict[bytes, Person], list[Problem]]:
    """Every person in an authorized-keys file, by their public key; and the lines refused.

    Key options (``from=``, ``command=``, ``restrict``...) are not supported: acupress could
    not honour them, so a line with options is refused rather than given more than it says.
    """
    people: dict[bytes, Person] = {}
    problems: list[Problem] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split(None, 2)
        if len(parts) < 2:
            problems.append(Problem(path, number, "not a public key (expected TYPE BASE64 NAME)"))
            continue
        try:
            key = asyncssh.import_public_key(" ".join(parts[:2]))
        except (asyncssh.KeyImportError, ValueError):
            if _looks_like_options(parts[0]):
                message = "key options are not supported by acupress serve; remove them"
            else:
                message = f"not a public key acupress can use ({visible(parts[0], 30)})"
            problems.append(Problem(path, number, message))
            continue
        fingerprint = key.get_fingerprint("sha256")
        comment = visible(parts[2].strip()) if len(parts) > 2 else ""
        if key.public_data in people:
            problems.append(
                Problem(path, number, f"the same key as '{people[key.public_data].name}'; ignored")
            )
            continue
        people[key.public_data] = Person(comment or fingerprint, fingerprint)
    return people, problems


def _looks_like_options(token: str) -> bool:
    return "=" in token or "," in token or token in ("restrict", "cert-authority")


class AuthorizedKeys:
    """The authorized-keys file, read again whenever it changes (people can be added live)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._seen: tuple[int, int, int] | None = None
        self._people: dict[bytes, Person] = {}
        self.problems: list[Problem] = []

    def refresh(self) -> list[Problem]:
        """Read the file if it changed; the problems found if it was read, else []."""
        try:
            info = self.path.stat()
        except FileNotFoundError:
            self._seen, self._people = None, {}
            return []
        except OSError as error:
            return [Problem(self.path, None, f"cannot read: {error.strerror}")]
        seen = (info.st_ino, info.st_mtime_ns, info.st_size)
        if seen == self._seen:
            return []
        if not stat.S_ISREG(info.st_mode):
            self._seen, self._people = seen, {}
            return [Problem(self.path, None, "is not a regular file; nobody can log in with a key")]
        try:
            text = self.path.read_text(encoding="utf-8", errors="replace")
        except OSError as error:
            return [Problem(self.path, None, f"cannot read: {error.strerror}")]
        self._people, self.problems = parse_authorized_keys(text, self.path)
        self._seen = seen
        return self.problems

    def __len__(self) -> int:
        return len(self._people)

    def find(self, key: asyncssh.SSHKey) -> Person | None:
        return self._people.get(key.public_data)

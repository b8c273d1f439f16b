"""Reading and writing the files acupress keeps: regular files only, every write atomic.

One policy for every file acupress reads or writes (journal, config, state, routines,
exports):

- **Only regular files.** A path that is a directory, a named pipe (FIFO), a socket or
  a device is refused with a message saying what it is. It is never opened for a
  blocking read (a FIFO is opened non-blocking and looked at before anything is read)
  and never replaced or written beside.
- **Symbolic links are followed** (people keep a journal or a config in a synced folder
  or a dotfiles repository): the file written is the link's target, and the temporary
  files of a write sit beside that target. A link that loops, or that points at nothing
  when something is to be written through it, is refused.
- **Every write replaces the file in one step**: a temporary file in the same
  directory, fsync, rename over the target, fsync of the directory. A reader sees the
  old file or the new one, never half of one; a crash leaves at most a stale temporary
  file (``.NAME.*.tmp``), which the next write under the journal's lock removes.
- **Permissions**: a new file is readable and writable by its owner only (0600), and a
  new directory is 0700; replacing a file keeps the permission bits it had, so a mode
  the user chose is kept.
- **A refused write creates nothing**: every check happens before the first file or
  directory is made.

Problems are :class:`~tui.core.problems.ProblemError` with the path and a sentence.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

from tui.core.problems import Problem, ProblemError

NEW_FILE_MODE = 0o600
NEW_DIR_MODE = 0o700
_READ_FLAGS = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC


def refused(path: Path | str, message: str) -> ProblemError:
    return ProblemError([Problem(path, None, message)])


def kind_of(mode: int) -> str | None:
    """What a file of this ``st_mode`` is, if it is not a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a directory, not a file"
    if stat.S_ISFIFO(mode):
        return "is a named pipe (FIFO), not a file"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a file"
    return "is not a regular file"


def dangling(path: Path) -> str:
    try:
        to = str(path.readlink())
    except OSError:
        to = "?"
    return f"no such file: it is a symbolic link to {to}, which does not exist"


def _reason(error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return "is a symbolic link that loops (it leads back to itself)"
    if error.errno == errno.ENAMETOOLONG:
        return "the path is too long"
    if error.errno == errno.ENOTDIR:
        return "a part of the path is a file, not a folder"
    return error.strerror or str(error)


def _check_path(path: Path) -> None:
    """No file has a NUL in its name (a config can say "\u0000"); the OS would refuse it
    with a ValueError rather than an OSError."""
    if "\x00" in str(path):
        raise refused(path, "the path contains a NUL character (\\x00), which no file name can")


def read_regular(path: Path) -> bytes | None:
    """The bytes of the regular file at *path*, or None if nothing is there.

    Raises :class:`ProblemError` for anything else: a directory, FIFO, socket or
    device (never read, never blocked on), a symbolic link that loops or points at
    nothing, a file that cannot be read.
    """
    _check_path(path)
    try:
        fd = os.open(path, _READ_FLAGS)
    except FileNotFoundError:
        if path.is_symlink():
            raise refused(path, dangling(path)) from None
        return None
    except OSError as error:
        if error.errno == errno.ENXIO:  # opening a socket
            raise refused(path, "is a socket, not a file") from None
        if error.errno in (errno.EACCES, errno.EPERM):
            raise refused(path, f"cannot read: {error.strerror}") from None
        raise refused(path, _reason(error)) from None
    try:
        info = os.fstat(fd)
        if (what := kind_of(info.st_mode)) is not None:
            raise refused(path, what)
        os.set_blocking(fd, True)
        chunks = []
        while chunk := os.read(fd, max(info.st_size + 1, 1 << 16)):
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as error:
        raise refused(path, f"cannot read: {_reason(error)}") from None
    finally:
        os.close(fd)


def write_target(path: Path, *, follow_links: bool = True) -> Path:
    """The file a write to *path* replaces: *path* itself, or the target of its symlink.

    Checks, creating nothing, that the target is a regular file or does not exist yet
    (its folder may not exist yet either), and that the path can be followed. Raises
    :class:`ProblemError` otherwise. With ``follow_links=False`` a symlink at *path* is
    itself what is replaced (for files acupress owns, such as a journal's backup).
    """
    _check_path(path)
    if not follow_links:
        try:
            info = path.lstat()
        except FileNotFoundError:
            return path
        except OSError as error:
            raise refused(path, _reason(error)) from None
        if stat.S_ISLNK(info.st_mode):
            return path
        if (what := kind_of(info.st_mode)) is not None:
            raise refused(path, what)
        return path
    try:
        is_link = path.is_symlink()
        target = path.resolve(strict=False) if is_link else path
    except (OSError, RuntimeError) as error:  # RuntimeError: a symlink loop (Python 3.11)
        reason = _reason(error) if isinstance(error, OSError) else None
        message = reason or "is a symbolic link that loops (it leads back to itself)"
        raise refused(path, message) from None
    try:
        info = target.stat()
    except FileNotFoundError:
        if is_link:
            raise refused(path, f"is a symbolic link to {target}, which does not exist") from None
        return target
    except OSError as error:
        raise refused(path, _reason(error)) from None
    if (what := kind_of(info.st_mode)) is not None:
        raise refused(path, what)
    return target


def check_writable(target: Path) -> None:
    """Refuse to replace an existing file its owner made read-only, or that this user may
    not write (a rename in a folder one may write would replace it all the same)."""
    try:
        exists = target.exists()
    except (OSError, ValueError):
        return
    if exists and not os.access(target, os.W_OK):
        raise refused(target, "cannot write: Permission denied (you may not change this file)")


def make_dirs(directory: Path) -> None:
    """Create *directory* and its missing parents, new ones readable by the owner only."""
    directory.mkdir(parents=True, exist_ok=True, mode=NEW_DIR_MODE)


def write_atomic(path: Path, data: bytes, *, follow_links: bool = True) -> Path:
    """Replace the file at *path* with *data* in one step; return the file written.

    Follows a symlink to its target (see :func:`write_target`, which raises for a path
    that must not be written). Creates missing folders (0700). A new file is 0600; an
    existing one keeps its permission bits, and one this user may not write is refused
    (:func:`check_writable`). Raises ``OSError`` when the disk refuses,
    with the file as it was and no temporary file left behind.
    """
    target = write_target(path, follow_links=follow_links)
    if follow_links or not target.is_symlink():  # a link replaced is not written through
        check_writable(target)
    try:
        info = target.lstat()
        mode = stat.S_IMODE(info.st_mode) if stat.S_ISREG(info.st_mode) else NEW_FILE_MODE
    except FileNotFoundError:
        mode = NEW_FILE_MODE
    make_dirs(target.parent)
    fd, temp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    temp = Path(temp_name)
    try:
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fchmod(fd, mode)
            os.fsync(fd)
        finally:
            os.close(fd)
        temp.replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    fsync_dir(target.parent)
    return target


def fsync_dir(directory: Path) -> None:
    """Make a rename in *directory* durable (best effort: some file systems refuse)."""
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY | os.O_CLOEXEC)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def same_file(a: Path, b: Path) -> bool:
    """Whether *a* and *b* name the same file (after following links), existing or not."""
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and a.samefile(b))
    except (OSError, RuntimeError, ValueError):
        return False

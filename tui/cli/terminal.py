"""The one choke point for what commands write: nothing from a file or a user reaches the
terminal raw, and an output encoding that cannot show a character never crashes a command.

:func:`guarded` wraps ``sys.stdout`` and ``sys.stderr`` for the length of a command. Every
write then passes through :func:`tui.core.text.visible` (control characters, DEL, C1 controls,
bidirectional overrides and isolates written as ``\\x1b``, ``\\u202e``) and
:func:`tui.core.text.encodable` (``é`` as ``e``, ``→`` as ``->``, else ``?``, where the
output encoding lacks a character: ``PYTHONIOENCODING=ascii``). JSON is escaped before it is
written (:func:`tui.cli.common.print_json`), so it passes unchanged and stays lossless.

Data written for another program (``journal export`` to a pipe) goes out exactly through the
``buffer`` underneath; on a terminal it is made visible first, like everything else.
"""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Iterator
from typing import BinaryIO, TextIO

from tui.core.text import encodable, visible


class VisibleWriter(io.TextIOBase):
    """A text stream that writes to *stream* only what is safe to show on a terminal."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self.stream = stream

    def write(self, text: str) -> int:
        shown = visible(text)
        try:
            self.stream.write(shown)
        except UnicodeEncodeError:
            # A text stream encodes the whole string before writing any of it, so nothing
            # was written: write it again with what the encoding lacks replaced.
            self.stream.write(encodable(shown, self.encoding))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()

    def fileno(self) -> int:
        return self.stream.fileno()

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.stream, "encoding", None) or "utf-8"

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return getattr(self.stream, "errors", None)

    @property
    def buffer(self) -> BinaryIO:
        """The bytes underneath, for data written exactly on purpose (``journal export`` to a
        pipe: :func:`tui.cli.journal.write_output`); what goes here is not made visible."""
        self.stream.flush()
        return self.stream.buffer


@contextlib.contextmanager
def guarded() -> Iterator[None]:
    """``sys.stdout`` and ``sys.stderr`` made safe while the block runs (then put back)."""
    saved_out, saved_err = sys.stdout, sys.stderr
    out = saved_out if isinstance(saved_out, VisibleWriter) else VisibleWriter(saved_out)
    err = saved_err if isinstance(saved_err, VisibleWriter) else VisibleWriter(saved_err)
    sys.stdout, sys.stderr = out, err
    try:
        yield
    finally:
        for stream in (out, err):
            with contextlib.suppress(Exception):
                stream.flush()
        sys.stdout, sys.stderr = saved_out, saved_err
        if err.closed and err is not saved_err:
            # A command that lost its reader (``| head``) closes stderr to stay quiet.
            saved_err.close()

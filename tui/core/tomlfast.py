"""``tomllib.loads``, faster where a faster parser provably gives the same answer.

:func:`loads` returns exactly what :func:`tomllib.loads` returns for the same text (the same
keys in the same order, the same types: ``datetime`` with ``datetime.timezone`` offsets, local
dates and times, ``inf``/``nan`` floats with their signs, arbitrarily large integers) and raises
exactly the :class:`tomllib.TOMLDecodeError` that ``tomllib`` raises, with its message, line
and column.

The fast parser is ``toml-rs`` (imported as ``toml_rs``, asked for TOML 1.0.0, the version
``tomllib`` implements), used only when it is installed, of a tested version
(:data:`TESTED_VERSIONS`), and for a text that passes :func:`eligible`:

- no byte order mark at the start: ``toml_rs`` skips one, ``tomllib`` rejects it (the two
  ``valid/utf8-bom-*`` cases of the toml-test suite);
- no array-of-tables header with a dotted name (``[[a.b]]``, found by differential fuzzing):
  ``toml_rs`` accepts ``[[a.b]]`` / ``[a]`` / ``b.c.d = 1``, extending an array of tables
  through a dotted key, which TOML forbids and ``tomllib`` rejects. Checked by a regular
  expression that also matches such text inside strings and comments (those few texts go
  to ``tomllib``, which is slower but never wrong);
- at most :data:`MAX_BRACKETS` ``[`` and ``{`` characters. ``toml_rs`` is built without a
  nesting limit and recurses on the C stack for every nested array or inline table: a
  40 KB file of nested ``[`` kills the process with a segmentation fault (at about 5,000
  levels on an 8 MB main-thread stack; far fewer on the small stacks of other threads),
  where ``tomllib`` raises ``RecursionError`` (and error recovery means text after a
  syntax error is still nested into, so no lexer-based estimate is safe). The nesting depth is at most the number of
  these characters, whatever the text (strings, comments, errors included), so counting
  them is a bound that needs no parsing. Big files are split before they come here
  (see :mod:`tui.core.journal_index`).

Any exception from the fast parser (a syntax error, a date that Python cannot represent,
an integer it does not take) re-parses the text with ``tomllib``, which then either raises
its own error or returns its value: ``tomllib`` always has the last word on what is valid.

Nothing is imported until the first call; without ``toml_rs`` every call is ``tomllib``'s.
"""

from __future__ import annotations

import importlib
import re
import sys
import threading
import tomllib
from collections.abc import Callable
from typing import Any

TESTED_VERSIONS: tuple[str, ...] = ("0.4.",)
"""``toml_rs`` versions (prefixes) that passed the agreement tests; others are not used."""

MAX_BRACKETS = 32
"""More ``[`` and ``{`` than this and the text goes to ``tomllib`` (see the module notes).

Measured: ``toml_rs`` 0.4.3 needs about 1 KB of stack per nesting level; 64 levels crash
a thread with a 64 KB stack and pass with 128 KB (musl's default for threads), so 32
levels leave room on any thread Python starts. A journal entry has 3."""

_MAIN = threading.main_thread()
"""``toml_rs`` is imported on the main thread only, and used on other threads only then.

``toml_rs`` 0.4.3 statically links mimalloc 3.3.2, whose library constructor runs when the
module is loaded and takes the loading thread for "the main thread", known by its thread
pointer (``threading.get_ident()``). When that thread exits, its heap is torn down; a later
thread that gets the same thread pointer (glibc reuses the stack and thread block of an
exited thread) is taken for it, is handed the torn-down heap and crashes the process on its
first allocation (a segmentation fault in ``mi_thread_init``: every time for the second
worker thread, if the first imported ``toml_rs`` and exited). The main thread never exits
before the process does, so once ``toml_rs`` is loaded there, any thread may use it.

So a call on another thread before the first call on the main thread uses ``tomllib`` and
leaves the import to the main thread (the journal screen asks for :func:`fast_parser`);
and if ``toml_rs`` was already loaded when first asked for (by whom, on which thread?),
only the main thread uses it."""

_any_thread = False
"""Whether ``toml_rs`` was loaded by :func:`_resolve` on the main thread (see :data:`_MAIN`)."""

_DOTTED_ARRAY_HEADER = re.compile(r"\[\[[^\]\n]*\.")

_Loads = Callable[[str], dict[str, Any]]
_UNRESOLVED: Any = object()
_fast: _Loads | None = _UNRESOLVED
_fast_name: str | None = None


def _resolve() -> _Loads | None:
    global _fast, _fast_name, _any_thread
    if _fast is _UNRESOLVED:
        if threading.current_thread() is not _MAIN:
            return None  # not loaded here: see _MAIN
        _fast = None
        loaded_before = "toml_rs._toml_rs" in sys.modules  # the extension module
        try:
            module: Any = importlib.import_module("toml_rs")
        except ImportError:
            return None
        _any_thread = not loaded_before
        version = str(getattr(module, "__version__", ""))
        if not version.startswith(TESTED_VERSIONS):
            return None
        raw_loads = module.loads

        def fast(text: str) -> dict[str, Any]:
            data: dict[str, Any] = raw_loads(text, toml_version="1.0.0")
            return data

        _fast = fast
        _fast_name = f"toml-rs {version}"
    return _fast


def fast_parser() -> str | None:
    """The fast parser in use (``"toml-rs 0.4.3"``), or None: every call is ``tomllib``'s."""
    _resolve()
    return _fast_name


def eligible(text: str) -> bool:
    """Whether *text* may go to the fast parser at all (see the module notes)."""
    return (
        not text.startswith("\ufeff")
        and text.count("[") + text.count("{") <= MAX_BRACKETS
        and _DOTTED_ARRAY_HEADER.search(text) is None
    )


def loads(text: str, *, fast: bool = True) -> dict[str, Any]:
    """``tomllib.loads(text)``: the same value or the same error; *fast* False: tomllib only."""
    parse = _resolve() if fast else None
    if (
        parse is not None
        and eligible(text)
        and (_any_thread or threading.current_thread() is _MAIN)
    ):
        try:
            return parse(text)
        except Exception:
            pass  # tomllib decides, and raises its own error with its line and column
    return tomllib.loads(text)

"""tui.core.tomlfast agrees with tomllib: the toml-test suite (TOML 1.0.0), fuzzing, crashes.

The suite's cases are vendored in tests/data/toml-test (see its README). Each valid case
must give, through the wrapper, exactly tomllib's value (types, offsets, key order, NaN
signs); each invalid case must be rejected with tomllib's own message, line and column.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tomlvalues import identical

from tui.core import tomlfast
from tui.core.problems import ProblemError
from tui.core.tomlfile import parse_toml

SUITE = Path(__file__).parent / "data" / "toml-test"
CASES = [
    name
    for name in (SUITE / "files-toml-1.0.0").read_text(encoding="utf-8").split()
    if name.endswith(".toml")
]
VALID = [name for name in CASES if name.startswith("valid/")]
INVALID = [name for name in CASES if name.startswith("invalid/")]

# Valid TOML 1.0 that tomllib (Python 3.11 to 3.13) rejects: a byte order mark at the start.
# tomlfast follows tomllib here too (toml_rs alone would accept them).
TOMLLIB_REJECTS = {"valid/utf8-bom-01.toml", "valid/utf8-bom-02.toml"}


def fast_loads(text: str) -> dict[str, Any]:
    """The fast parser alone, as the wrapper calls it (None when it is not installed)."""
    import toml_rs

    data: dict[str, Any] = toml_rs.loads(text, toml_version="1.0.0")
    return data


_DATETIME = re.compile(
    r"(\d{4})-(\d\d)-(\d\d)[Tt ](\d\d):(\d\d):(\d\d)(?:\.(\d+))?(?:([Zz])|([+-])(\d\d):(\d\d))?$"
)
_TIME = re.compile(r"(\d\d):(\d\d):(\d\d)(?:\.(\d+))?$")


def _micro(fraction: str | None) -> int:
    return int((fraction or "0")[:6].ljust(6, "0"))  # TOML parsers may truncate to µs


def from_tagged(node: Any) -> Any:
    """The suite's tagged JSON (``{"type": "integer", "value": "42"}``) as Python values,
    parsed here independently of any TOML parser, ignoring key order."""
    if isinstance(node, list):
        return [from_tagged(item) for item in node]
    if set(node) != {"type", "value"} or not isinstance(node["value"], str):
        return {key: from_tagged(value) for key, value in node.items()}
    kind, value = node["type"], node["value"]
    if kind == "string":
        return value
    if kind == "integer":
        return int(value)
    if kind == "float":
        return float(value)
    if kind == "bool":
        return {"true": True, "false": False}[value]
    if kind == "date-local":
        return date.fromisoformat(value)
    if kind == "time-local":
        m = _TIME.match(value)
        assert m, value
        return time(int(m[1]), int(m[2]), int(m[3]), _micro(m[4]))
    m = _DATETIME.match(value)
    assert m, value
    zone = None
    if m[8]:
        zone = UTC
    elif m[9]:
        sign = -1 if m[9] == "-" else 1
        zone = timezone(sign * timedelta(hours=int(m[10]), minutes=int(m[11])))
    assert (zone is None) == (kind == "datetime-local"), node
    parts = (int(m[n]) for n in range(1, 7))
    return datetime(*parts, _micro(m[7]), tzinfo=zone)


def unordered(value: Any) -> Any:
    """*value* with every table's keys sorted (the suite's JSON does not keep file order)."""
    if isinstance(value, dict):
        return {key: unordered(value[key]) for key in sorted(value)}
    if isinstance(value, list):
        return [unordered(item) for item in value]
    return value


def read_case(name: str) -> bytes:
    return (SUITE / name).read_bytes()


def test_the_suite_is_complete_and_the_fast_parser_is_in_use() -> None:
    assert len(VALID) == 210
    assert len(INVALID) == 499
    for name in VALID:
        assert (SUITE / name).with_suffix(".json").is_file(), name
    # The test extra installs toml-rs: without it these tests would only test tomllib.
    assert tomlfast.fast_parser() == "toml-rs 0.4.3"


@pytest.mark.parametrize("name", VALID)
def test_valid_case_gives_tomllibs_value(name: str) -> None:
    text = read_case(name).decode("utf-8")
    expected = from_tagged(json.loads((SUITE / name).with_suffix(".json").read_text("utf-8")))
    if name in TOMLLIB_REJECTS:
        with pytest.raises(tomllib.TOMLDecodeError) as reference:
            tomllib.loads(text)
        with pytest.raises(tomllib.TOMLDecodeError) as wrapped:
            tomlfast.loads(text)
        assert str(wrapped.value) == str(reference.value)
        return
    reference_value = tomllib.loads(text)
    assert identical(unordered(reference_value), unordered(expected), nan_sign=False) is None
    assert identical(tomlfast.loads(text), reference_value) is None
    assert identical(tomlfast.loads(text, fast=False), reference_value) is None


@pytest.mark.parametrize("name", INVALID)
def test_invalid_case_is_rejected_with_tomllibs_message(name: str) -> None:
    raw = read_case(name)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:  # 9 cases: rejected before any parser, saying which byte
        with pytest.raises(ProblemError, match="not valid UTF-8 text"):
            parse_toml(raw, name)
        return
    with pytest.raises(tomllib.TOMLDecodeError) as reference:
        tomllib.loads(text)
    with pytest.raises(tomllib.TOMLDecodeError) as wrapped:
        tomlfast.loads(text)
    assert str(wrapped.value) == str(reference.value)  # message, line and column
    assert type(wrapped.value) is tomllib.TOMLDecodeError


def _raw_agreement() -> tuple[list[str], list[str]]:
    """The cases where toml_rs on its own differs from tomllib: (valid, invalid)."""
    valid_diff, invalid_accepted = [], []
    for name in CASES:
        try:
            text = read_case(name).decode("utf-8")
        except UnicodeDecodeError:
            continue
        try:
            reference: Any = tomllib.loads(text)
        except tomllib.TOMLDecodeError:
            reference = None
        try:
            found: Any = fast_loads(text)
        except Exception:
            found = None
        if reference is None and found is not None:
            (valid_diff if name.startswith("valid/") else invalid_accepted).append(name)
        elif reference is not None and (found is None or identical(found, reference)):
            valid_diff.append(name)
    return valid_diff, invalid_accepted


def test_where_the_fast_parser_alone_differs_the_wrapper_uses_tomllib() -> None:
    """The record behind tomlfast.eligible: on the suite, toml_rs 0.4.3 alone differs from
    tomllib on the byte order mark cases only, and the wrapper sends those to tomllib."""
    valid_diff, invalid_accepted = _raw_agreement()
    assert valid_diff == sorted(TOMLLIB_REJECTS)
    assert invalid_accepted == []
    for name in valid_diff:
        assert not tomlfast.eligible(read_case(name).decode("utf-8"))


# --- found by differential fuzzing (the suite does not have them) ------------------------------

FUZZED = [
    # toml_rs accepts an array of tables extended through a dotted key; tomllib rejects it.
    "[[a.b]]\n[a]\nb.y.y = 2\n",
    "[[tab.arr]]\n[tab]\narr.var.val1=1\n",
    '[["a"."a"]]\n[a]\na.a.c = [[1], {x=2}]\n',
    # A byte order mark: toml_rs skips it, tomllib rejects it.
    "\ufeffa = 1\n",
    # Dates and times Python cannot hold: toml_rs raises ValueError, not its decode error.
    "a = 0000-01-01\n",
    "a = 1979-05-27T23:59:60Z\n",
    # Offsets out of range, control characters.
    "a = 1979-05-27T07:32:00+24:00\n",
    'a = "\x7f"\n',
]


@pytest.mark.parametrize("text", FUZZED)
def test_fuzzed_disagreements_get_tomllibs_error(text: str) -> None:
    with pytest.raises(tomllib.TOMLDecodeError) as reference:
        tomllib.loads(text)
    with pytest.raises(tomllib.TOMLDecodeError) as wrapped:
        tomlfast.loads(text)
    assert str(wrapped.value) == str(reference.value)


def test_values_tomllib_takes_but_toml_rs_may_not_are_tomllibs() -> None:
    for text in ("a = 99999999999999999999999\n", "a = 1e400\n", "a = -0.0\nb = -nan\n"):
        assert identical(tomlfast.loads(text), tomllib.loads(text)) is None


def test_deep_nesting_never_reaches_the_fast_parser() -> None:
    """toml_rs recurses without a limit: 20,000 nested arrays crash the interpreter (SIGSEGV).
    Through the wrapper such text goes to tomllib, which raises RecursionError. In a child
    process, so that a crash fails this test rather than ending the test run."""
    code = (
        "import sys, threading; from tui.core import tomlfast\n"
        "assert tomlfast.fast_parser()\n"
        "def run(text):\n"
        "    try:\n"
        "        tomlfast.loads(text)\n"
        "    except (RecursionError, ValueError):\n"
        "        pass\n"
        "for text in ('a = ' + '[' * 20000 + ']' * 20000, 'x = \"\\n' + 'y = ' + '[' * 20000,\n"
        "             'a = ' + '[{b=' * 5000 + '1' + '}]' * 5000):\n"
        "    run(text)\n"
        "    threading.stack_size(65536)\n"
        "    t = threading.Thread(target=run, args=('a = ' + '[' * 33 + ']' * 33,))\n"
        "    t.start(); t.join()\n"
        "print('survived')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "survived"


def test_a_nesting_the_bound_allows_is_safe_on_a_64_kb_thread() -> None:
    """MAX_BRACKETS nested arrays on a thread with a 64 KB stack (smaller than any default)."""
    depth = tomlfast.MAX_BRACKETS // 2
    code = (
        "import threading; from tui.core import tomlfast\n"
        "assert tomlfast.fast_parser()\n"  # loaded on the main thread, so threads use it
        f"text = 'a = ' + '[{{b=' * {depth} + '1' + '}}]' * {depth}\n"
        "assert tomlfast.eligible(text)\n"
        "threading.stack_size(65536)\n"
        "t = threading.Thread(target=tomlfast.loads, args=(text,)); t.start(); t.join()\n"
        "print('survived')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]


# --- differential fuzzing ----------------------------------------------------------------------

SEEDS = [read_case(name).decode("utf-8") for name in VALID if name not in TOMLLIB_REJECTS]
PIECES = [*"[]{}\"'#=\n\t ,.\\azTZ019-:+_e", '"""', "'''", "\r\n", "\\u00", "[[", "]]"]


def _outcome(parse: Any, text: str) -> tuple[str, Any]:
    try:
        return "ok", parse(text)
    except tomllib.TOMLDecodeError as error:
        return "error", str(error)
    except RecursionError:
        return "recursion", None


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.sampled_from(SEEDS),
    edits=st.lists(
        st.tuples(st.floats(0, 1), st.sampled_from(["insert", "delete"]), st.sampled_from(PIECES)),
        min_size=1,
        max_size=4,
    ),
)
def test_mutated_suite_cases_agree(seed: str, edits: list[tuple[float, str, str]]) -> None:
    text = seed
    for where, action, piece in edits:
        at = int(where * len(text))
        text = text[:at] + piece + text[at:] if action == "insert" else text[:at] + text[at + 1 :]
    kind, reference = _outcome(tomllib.loads, text)
    found_kind, found = _outcome(tomlfast.loads, text)
    assert found_kind == kind
    if kind == "ok":
        assert identical(found, reference) is None
    else:
        assert found == reference


_KEYS = st.lists(st.sampled_from(["a", "b", '"a"', "'b'", "a . b"]), min_size=1, max_size=3)
_LINE = st.one_of(
    _KEYS.map(lambda k: f"[{'.'.join(k)}]"),
    _KEYS.map(lambda k: f"[[{'.'.join(k)}]]"),
    st.tuples(
        _KEYS,
        st.sampled_from(["1", "{}", "{x = 1}", "[1]", "[{x = 1}]", "{a.b = 1}", "'s'"]),
    ).map(lambda kv: f"{'.'.join(kv[0])} = {kv[1]}"),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_LINE, min_size=1, max_size=6))
def test_tables_arrays_and_dotted_keys_agree(lines: list[str]) -> None:
    """Where defining and extending tables goes wrong (how the [[a.b]] case was found)."""
    text = "\n".join(lines) + "\n"
    kind, reference = _outcome(tomllib.loads, text)
    found_kind, found = _outcome(tomlfast.loads, text)
    assert found_kind == kind
    if kind == "ok":
        assert identical(found, reference) is None
    else:
        assert found == reference


def _child(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )


_THREADS = (
    "import sys, threading; from tui.core import tomlfast\n"
    "text = '[[entries]]\\nid = \"a\"\\nat = 2026-11-23T09:00:00+01:00\\nlevel = 3\\n'\n"
    "fast = []\n"
    "real = tomlfast._resolve\n"
    "def counting():\n"
    "    parse = real()\n"
    "    return None if parse is None else (lambda t: fast.append(1) or parse(t))\n"
    "tomlfast._resolve = counting\n"
    "idents = []\n"
    "def run():\n"
    "    idents.append(threading.get_ident())\n"
    "    assert tomlfast.loads(text)['entries'][0]['level'] == 3\n"
    "def threads(n):\n"
    "    for _ in range(n):\n"
    "        t = threading.Thread(target=run); t.start(); t.join()\n"
)


def test_other_threads_use_toml_rs_once_the_main_thread_loaded_it() -> None:
    """toml_rs's mimalloc takes the thread that loads it for the main thread: loaded on a
    thread that exits, the next thread given the same thread pointer crashed the process.
    Loaded on the main thread, short-lived threads reusing each other's stacks are safe."""
    code = _THREADS + (
        "assert tomlfast.fast_parser()\n"
        "threads(50)\n"
        "print(len(fast), len(idents) - len(set(idents)))\n"
    )
    done = _child(code)
    assert done.returncode == 0, done.stderr[-2000:]
    calls, reused = map(int, done.stdout.split())
    assert calls == 50  # every thread used toml_rs
    assert reused > 0  # and thread pointers were reused, the case that crashed


def test_a_first_call_off_the_main_thread_leaves_toml_rs_unloaded() -> None:
    code = _THREADS + (
        "threads(5)\n"
        "assert 'toml_rs._toml_rs' not in sys.modules\n"
        "assert not fast\n"
        "assert tomlfast.fast_parser()\n"  # the main thread loads it
        "threads(5)\n"
        "print(len(fast))\n"
    )
    done = _child(code)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["5"]


def test_toml_rs_loaded_by_someone_else_is_used_on_the_main_thread_only() -> None:
    """Loaded before tomlfast asked for it, perhaps on a thread that has exited since."""
    code = _THREADS + (
        "import toml_rs\n"
        "assert tomlfast.fast_parser()\n"
        "threads(5)\n"
        "assert not fast\n"
        "run()\n"
        "print(len(fast))\n"
    )
    done = _child(code)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["1"]

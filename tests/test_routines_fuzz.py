"""No routine file, however mangled, produces a traceback: only located problems.

Four generators: random bytes, mutations of the built-in routines, random TOML-ish
text built from the format's own vocabulary, and well-formed TOML with random
structure (which gets past the parser to the models and the catalogue check).
Each input is fed to :func:`load_routine_file` (which must return a routine or
raise :class:`ProblemError`) and to ``acupress routines check`` (which must
return 0 or 1 and print only ``FILE:LINE: message`` / ``FILE: ok`` lines).
"""

from __future__ import annotations

import io
import re
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.cli import main
from tui.cli import routines as cli_routines
from tui.core import paths
from tui.core.points import Catalogue, load_catalogue
from tui.core.problems import ProblemError
from tui.core.routines import Routine, load_routine_file

FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

BUILTIN_TEXTS = [
    p.read_text(encoding="utf-8") for p in sorted(paths.builtin_routines_dir().glob("*.toml"))
]

KEYS = [
    "title",
    "summary",
    "area",
    "evidence",
    "sources",
    "breathing",
    "transition_seconds",
    "steps",
    "point",
    "side",
    "technique",
    "seconds",
    "cue",
    "inhale",
    "hold_in",
    "exhale",
    "hold_out",
    "secnds",
    "Seconds",
    "tittle",
    '"quoted key"',
    "a.b",
    "steps.point",
]
VALUES = [
    '"BL23"',
    '"gv20"',
    '"ap1"',
    '"XX99"',
    '""',
    '"each"',
    '"center"',
    '"left"',
    '"press"',
    '"calm"',
    '"clam"',
    '"box"',
    "0",
    "-1",
    "5",
    "90",
    "600",
    "601",
    "1e400",
    "nan",
    "inf",
    "-inf",
    "true",
    "false",
    "1979-05-27",
    "07:32:00",
    "[]",
    "[1, 2]",
    '["a", 3]',
    "{}",
    "{ inhale = 4, exhale = 6 }",
    "{ inhale = 1 }",
    '"""multi\nline"""',
    "'''lit'''",
    "0x1F",
    "3.5",
    "1_000",
    '"\\u00e9"',
    '"\\x"',
    "[[1], [[2]]]",
]
HEADERS = [
    "[[steps]]",
    "[breathing]",
    "[steps]",
    "[[breathing]]",
    "[steps.breathing]",
    "[[steps.x]]",
    "[",
    "[[",
    "]]",
]


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


@pytest.fixture(autouse=True)
def loaded_once(catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI reloads the catalogue on every run; reuse one so the fuzzing stays fast."""
    monkeypatch.setattr(cli_routines, "load_catalogue", lambda: catalogue)


PROBLEM_LINE = re.compile(r"^(?P<path>.+?)(:(?P<line>\d+))?: .+$")


def assert_handled(raw: bytes, catalogue: Catalogue) -> None:
    """The core raises only ProblemError, and the CLI prints located lines and exits 0 or 1."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "fuzzed.toml"
        path.write_bytes(raw)
        try:
            routine = load_routine_file(path, catalogue)
        except ProblemError as error:
            valid = False
            lines = raw.count(b"\n") + 1
            for problem in error.problems:
                assert problem.path == path
                assert problem.message
                assert problem.line is None or 1 <= problem.line <= lines
        else:
            valid = True
            assert isinstance(routine, Routine)
            assert routine.total_seconds(catalogue) > 0
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            code = main(["routines", "check", str(path)])
        assert code == (0 if valid else 1)
        assert err.getvalue() == ""
        printed = out.getvalue().splitlines()
        assert printed
        for line in printed:
            match = PROBLEM_LINE.match(line)
            assert match and match.group("path") == str(path), line


@FUZZ
@given(raw=st.binary(max_size=400))
def test_random_bytes(raw: bytes, catalogue: Catalogue) -> None:
    assert_handled(raw, catalogue)


@st.composite
def mutated_builtin(draw: st.DrawFn) -> bytes:
    text = draw(st.sampled_from(BUILTIN_TEXTS))
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(
            st.sampled_from(["delete", "insert", "dup_line", "drop_line", "replace_value", "bytes"])
        )
        lines = text.split("\n")
        if kind == "delete" and text:
            start = draw(st.integers(0, len(text) - 1))
            text = text[:start] + text[start + draw(st.integers(1, 40)) :]
        elif kind == "insert":
            at = draw(st.integers(0, len(text)))
            piece = draw(
                st.sampled_from(
                    ["=", "[", "]", '"', "'", "\n", "{", "}", ",", "#", "\\", "x", "\x00"]
                )
            )
            text = text[:at] + piece + text[at:]
        elif kind == "dup_line":
            i = draw(st.integers(0, len(lines) - 1))
            lines.insert(i, lines[i])
            text = "\n".join(lines)
        elif kind == "drop_line":
            i = draw(st.integers(0, len(lines) - 1))
            del lines[i]
            text = "\n".join(lines)
        elif kind == "replace_value":
            keyed = [i for i, line in enumerate(lines) if " = " in line]
            if keyed:
                i = draw(st.sampled_from(keyed))
                key = lines[i].split(" = ", 1)[0]
                lines[i] = f"{key} = {draw(st.sampled_from(VALUES))}"
                text = "\n".join(lines)
        elif kind == "bytes":
            return text.encode("utf-8") + draw(st.binary(min_size=1, max_size=8))
    return text.encode("utf-8")


@FUZZ
@given(raw=mutated_builtin())
def test_mutations_of_the_builtins(raw: bytes, catalogue: Catalogue) -> None:
    assert_handled(raw, catalogue)


@st.composite
def tomlish(draw: st.DrawFn) -> bytes:
    parts = []
    for _ in range(draw(st.integers(0, 25))):
        choice = draw(st.integers(0, 9))
        if choice < 2:
            parts.append(draw(st.sampled_from(HEADERS)))
        elif choice < 8:
            parts.append(f"{draw(st.sampled_from(KEYS))} = {draw(st.sampled_from(VALUES))}")
        else:
            parts.append(draw(st.text(max_size=20)))
    return "\n".join(parts).encode("utf-8", "surrogatepass")


@FUZZ
@given(raw=tomlish())
def test_random_toml_ish_text(raw: bytes, catalogue: Catalogue) -> None:
    assert_handled(raw, catalogue)


SCALARS = st.one_of(
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.text(max_size=12),
    st.sampled_from(
        ["BL23", "gv20", "li4", "each", "center", "calm", "box", "press", "neck", "XX99"]
    ),
)
FIELD_NAMES = st.sampled_from([*KEYS[:17], "x", "secnds"])
VALUES_TREE = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(FIELD_NAMES, inner, max_size=5)
    ),
    max_leaves=20,
)


@st.composite
def structured(draw: st.DrawFn) -> bytes:
    step = st.fixed_dictionaries(
        {"point": SCALARS, "seconds": SCALARS},
        optional={"side": SCALARS, "technique": SCALARS, "breathing": VALUES_TREE, "cue": SCALARS},
    )
    data: dict[str, Any] = draw(
        st.fixed_dictionaries(
            {"title": SCALARS, "area": SCALARS, "steps": st.lists(step, max_size=4)},
            optional={
                "breathing": VALUES_TREE,
                "transition_seconds": SCALARS,
                "extra": VALUES_TREE,
            },
        )
    )
    try:
        return tomli_w.dumps(data).encode("utf-8", "surrogatepass")
    except (TypeError, ValueError):
        return b""


@FUZZ
@given(raw=structured())
def test_well_formed_toml_with_random_structure(raw: bytes, catalogue: Catalogue) -> None:
    assert_handled(raw, catalogue)

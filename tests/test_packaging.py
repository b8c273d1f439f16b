"""A plain, non-editable install ships the catalogue and the built-in routines."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(out), str(REPO)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    (built,) = out.glob("acupress-*.whl")
    return built


def test_wheel_contains_catalogue_styles_and_every_builtin_routine(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "tui/data/points.toml" in names
    assert "tui/styles.tcss" in names
    routines = sorted(p.name for p in (REPO / "routines").glob("*.toml"))
    assert routines, "no built-in routines in routines/"
    for name in routines:
        assert f"tui/builtin_routines/{name}" in names


def test_wheel_installs_the_manual_page_and_says_what_it_is(wheel: Path) -> None:
    from tui import __version__

    archive = zipfile.ZipFile(wheel)
    page = f"acupress-{__version__}.data/data/share/man/man1/acupress.1"
    assert archive.read(page) == (REPO / "man" / "acupress.1").read_bytes()
    [meta] = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
    metadata = archive.read(meta).decode()
    assert "Classifier: Environment :: Console\n" in metadata
    assert "Curses" not in metadata
    assert "Keywords: acupressure," in metadata
    for label in ("Homepage", "Documentation", "Source", "Issues"):
        assert f"Project-URL: {label}, https://" in metadata


@pytest.mark.slow
def test_fresh_venv_install_runs_from_anywhere(wheel: Path, tmp_path: Path) -> None:
    """Install the wheel into a new venv and use it outside the source tree."""
    target = tmp_path / "venv"
    venv.create(target, with_pip=False)
    python = target / "bin" / "python"
    # pip >= 22.3 installs into another environment with --python.
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--quiet",
            "--no-deps",
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    # The dependencies come from this test environment, after the venv's own site-packages,
    # so the freshly installed copy of acupress is the one imported. (Added after the install:
    # before it, pip would see the test environment's acupress and install nothing.)
    here = sysconfig.get_paths()["purelib"]
    (_site_packages(python) / "test-deps.pth").write_text(here + "\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    where = subprocess.run(
        [str(python), "-c", "import tui; print(tui.__file__)"],
        cwd=elsewhere, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert str(target) in where.stdout, "the fresh venv did not import its own copy"
    shown = subprocess.run(
        [str(python), "-m", "tui", "points", "show", "ap1", "--json"],
        cwd=elsewhere, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["code"] == "LI4"
    listed = subprocess.run(
        [str(python), "-m", "tui", "routines", "--json"],
        cwd=elsewhere, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert listed.returncode == 0, listed.stderr
    slugs = {r["slug"] for r in json.loads(listed.stdout)}
    assert {p.stem for p in (REPO / "routines").glob("*.toml")} <= slugs
    page = target / "share" / "man" / "man1" / "acupress.1"
    assert page.read_bytes() == (REPO / "man" / "acupress.1").read_bytes()
    if shutil.which("man"):
        # man finds pages beside a bin/ on the PATH, as in a pipx or uv tool environment.
        found = subprocess.run(
            ["man", "-w", "acupress"],
            env={**env, "PATH": f"{target / 'bin'}{os.pathsep}/usr/bin:/bin"}, cwd=elsewhere,
            capture_output=True, text=True,
        )  # fmt: skip
        assert found.stdout.strip() == str(page), found.stderr


def _site_packages(python: Path) -> Path:
    out = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return Path(out.stdout.strip())


def test_serve_is_an_extra_and_the_plain_install_does_not_grow(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as built:
        names = set(built.namelist())
        (metadata,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        requires = [
            line.removeprefix("Requires-Dist: ")
            for line in built.read(metadata).decode().splitlines()
            if line.startswith("Requires-Dist: ")
        ]

    def name(requirement: str) -> str:
        return re.split(r"[<>=!~; \[]", requirement, maxsplit=1)[0]

    assert sorted(name(r) for r in requires if "extra ==" not in r) == [
        "platformdirs",
        "pydantic",
        "textual",
        "tomli-w",
    ]
    assert sorted(name(r) for r in requires if "extra == 'serve'" in r) == [
        "asyncssh",
        "textual-serve",
    ]
    assert "tui/serve/templates/app_index.html" in names

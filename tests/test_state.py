"""Remembered state: notice acknowledgement and mute, tolerant of a broken file."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.core import safety, state
from tui.core.state import SavedState, load_state, save_state


@pytest.fixture
def state_path(tmp_path: Path) -> Path:
    return tmp_path / "st" / "acupress" / "state.toml"


def test_default_location_is_xdg_state_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xs"))
    assert state.state_file() == tmp_path / "xs" / "acupress" / "state.toml"


def test_missing_file_gives_defaults_and_creates_nothing(state_path: Path) -> None:
    assert load_state(state_path) == SavedState()
    assert not state.notice_acknowledged(state_path)
    assert not state.is_muted(state_path)
    assert not state_path.parent.exists()


def test_round_trip(state_path: Path) -> None:
    saved = SavedState(notice_acknowledged=True, notice_version=3, muted=True)
    save_state(saved, state_path)
    assert load_state(state_path) == saved


def test_acknowledge_notice_is_remembered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xs"))
    assert not state.notice_acknowledged()
    assert state.acknowledge_notice() is None
    assert state.notice_acknowledged()
    assert (tmp_path / "xs" / "acupress" / "state.toml").is_file()


def test_a_newer_notice_must_be_acknowledged_again(
    state_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    state.acknowledge_notice(state_path)
    monkeypatch.setattr(safety, "NOTICE_VERSION", safety.NOTICE_VERSION + 1)
    assert not state.notice_acknowledged(state_path)
    state.acknowledge_notice(state_path)
    assert state.notice_acknowledged(state_path)


def test_mute_is_kept_and_does_not_touch_the_notice(state_path: Path) -> None:
    state.acknowledge_notice(state_path)
    assert state.set_muted(True, state_path) is None
    assert state.is_muted(state_path)
    assert state.notice_acknowledged(state_path)
    state.set_muted(False, state_path)
    assert not state.is_muted(state_path)
    assert state.notice_acknowledged(state_path)


@pytest.mark.parametrize(
    "content",
    [
        b"notice_acknowledged = \n",  # TOML syntax error
        b"\xff\xfe garbage",  # not UTF-8
        b"",  # empty
    ],
)
def test_broken_file_gives_defaults(state_path: Path, content: bytes) -> None:
    state_path.parent.mkdir(parents=True)
    state_path.write_bytes(content)
    assert load_state(state_path) == SavedState()
    # and it is repaired by the next write
    state.set_muted(True, state_path)
    assert load_state(state_path) == SavedState(muted=True)


def test_bad_values_fall_back_one_by_one(state_path: Path) -> None:
    state_path.parent.mkdir(parents=True)
    state_path.write_text(
        'notice_acknowledged = "yes"\nnotice_version = true\nmuted = true\nextra = 1\n',
        encoding="utf-8",
    )
    assert load_state(state_path) == SavedState(muted=True)


def test_directory_in_the_way_is_tolerated(state_path: Path) -> None:
    state_path.mkdir(parents=True)
    assert load_state(state_path) == SavedState()
    problem = state.acknowledge_notice(state_path)
    assert problem is not None
    assert str(problem).startswith(f"{state_path}: cannot save")
    assert not state.notice_acknowledged(state_path)


def test_save_leaves_no_temporary_files(state_path: Path) -> None:
    for muted in (True, False, True):
        state.set_muted(muted, state_path)
    assert [p.name for p in state_path.parent.iterdir()] == ["state.toml"]

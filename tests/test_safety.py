"""The safety notice: the red flags the issue asks for, cited, and a plain-text rendering."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tui.core import safety
from tui.core.safety import NOTICE, RED_FLAGS, SOURCES, notice_text, red_flag_sources

REQUIRED_RED_FLAGS = {
    "bladder or bowels": "bladder",
    "saddle area": "saddle",
    "leg weakness": "weakness in a leg",
    "fever": "fever",
    "weight loss": "weight loss",
    "history of cancer": "history of cancer",
    "fall or accident": "fall or accident",
    "worse at night": "at night",
}


@pytest.mark.parametrize("needle", REQUIRED_RED_FLAGS.values(), ids=REQUIRED_RED_FLAGS.keys())
def test_each_required_red_flag_is_listed(needle: str) -> None:
    assert any(needle in flag.sign for flag in RED_FLAGS)


def test_every_red_flag_cites_the_ahcpr_table() -> None:
    for flag in RED_FLAGS:
        cited = red_flag_sources(flag)
        assert cited, flag
        assert safety.AHCPR in cited


def test_sources_are_unique_and_complete() -> None:
    ids = [s.id for s in SOURCES]
    assert len(ids) == len(set(ids))
    for flag in RED_FLAGS:
        assert set(flag.sources) <= set(ids)
    for source in SOURCES:
        assert source.url.startswith("https://")
        assert len(source.citation) > 40


def test_citations_name_the_guidelines_precisely() -> None:
    assert "95-0642" in safety.AHCPR.citation
    assert "NBK52120" in safety.AHCPR.citation
    assert "Bigos SJ" in safety.AHCPR.citation
    assert "NG59" in safety.NICE_NG59.citation
    assert "2016" in safety.NICE_NG59.citation and "2020" in safety.NICE_NG59.citation


def test_pregnancy_and_bleeding_cautions() -> None:
    text = " ".join(NOTICE.cautions).lower()
    assert "pregnant" in text
    assert "bleeding disorder" in text
    assert "blood thinners" in text


def test_notice_says_not_medical_advice() -> None:
    assert "not medical advice" in NOTICE.not_advice
    assert "not medical advice" in " ".join(NOTICE.intro)


@pytest.mark.parametrize("width", [40, 60, 78, 100])
def test_notice_text_fits_width_and_has_everything(width: int) -> None:
    text = notice_text(width)
    # Only a single unbreakable word (a URL) may overflow.
    assert all(len(line) <= width or " " not in line.strip() for line in text.splitlines())
    flat = " ".join(text.split())
    for flag in RED_FLAGS:
        assert " ".join(flag.sign.split()) in flat
    for source in SOURCES:
        assert source.url in flat
    assert "not medical advice" in flat
    assert NOTICE.acknowledge_hint not in flat


def test_notice_text_options() -> None:
    assert "Sources:" not in notice_text(78, sources=False)
    assert notice_text(78, hint=True).endswith(NOTICE.acknowledge_hint)
    # absurd widths still give readable text rather than an error
    assert all(len(line) <= 30 or " " not in line.strip() for line in notice_text(5).splitlines())


def test_core_stays_off_textual() -> None:
    code = (
        "import sys; import tui.core.safety, tui.core.settings, tui.core.state; "
        "from tui.core.settings import load_settings; load_settings(); "
        "print('textual' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"

"""The safety notice: every row of the AHCPR red-flag table, split by urgency, each flag cited."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tui.core import safety
from tui.core.safety import (
    AHCPR_TABLE_1,
    NOTICE,
    RED_FLAGS,
    SOURCES,
    notice_text,
)

# Words from each row of AHCPR 1994 Table 1 that the notice must say (in its own words).
AHCPR_ROWS_IN_THE_NOTICE = {
    "major-trauma": ["serious accident", "fall from a height"],
    "minor-trauma": ["small fall", "heavy lift", "older", "osteoporosis"],
    "age": ["over 50", "under 20", "together with any other sign"],
    "cancer": ["history of cancer"],
    "constitutional": ["fever", "chills", "weight loss you cannot explain"],
    "infection-risk": ["urinary infection", "injecting drugs", "steroid", "transplant", "HIV"],
    "supine-night-pain": ["worse when you lie down", "severe at night"],
    "saddle-anaesthesia": ["saddle"],
    "bladder": ["trouble peeing", "leaking urine"],
    "neuro-deficit": ["severe or getting worse"],
    "anal-sphincter": ["losing control of your bowels"],
    "perianal-sensory-loss": ["around your genitals or bottom"],
    "motor-weakness": ["foot that drags", "knee that gives way"],
}

# The cauda equina signs from NHS leaflets, and the other flags the issue names.
NHS_CAUDA_EQUINA = ["down both legs", "erection or ejaculating", "toilet paper"]


def flat(text: str) -> str:
    return " ".join(text.split())


def test_the_table_rows_are_all_named_here() -> None:
    assert set(AHCPR_ROWS_IN_THE_NOTICE) == set(AHCPR_TABLE_1)


@pytest.mark.parametrize("row", AHCPR_TABLE_1)
def test_every_row_of_the_ahcpr_table_is_in_the_notice(row: str) -> None:
    flags = [f for f in RED_FLAGS if row in f.ahcpr_rows]
    assert flags, f"no flag stands for AHCPR row {row!r}"
    assert all(safety.AHCPR.id in f.sources for f in flags)
    text = flat(notice_text(100))
    for words in AHCPR_ROWS_IN_THE_NOTICE[row]:
        assert words in text, (row, words)


def test_weakness_keeps_severe_or_progressive_and_its_cauda_equina_link() -> None:
    [weakness] = [f for f in RED_FLAGS if "neuro-deficit" in f.ahcpr_rows]
    assert "severe or getting worse" in weakness.sign
    assert "cauda equina" in weakness.may_mean
    assert weakness in NOTICE.emergency


@pytest.mark.parametrize("words", NHS_CAUDA_EQUINA)
def test_the_nhs_cauda_equina_signs_are_emergencies(words: str) -> None:
    [flag] = [f for f in NOTICE.emergency if words in f.sign]
    assert "cauda equina" in flag.may_mean
    assert safety.NHS_CES.id in flag.sources


def test_emergencies_and_gp_visits_are_split() -> None:
    assert "999" in NOTICE.emergency_heading and "A&E" in NOTICE.emergency_heading
    assert "GP" in NOTICE.gp_heading
    assert NOTICE.red_flags == RED_FLAGS == NOTICE.emergency + NOTICE.gp
    emergency = flat(" ".join(f.sign for f in NOTICE.emergency))
    gp = flat(" ".join(f.sign for f in NOTICE.gp))
    for words in ("bladder", "saddle", "both legs", "erection", "serious accident"):
        assert words in emergency
    # Sudden, severe back or tummy pain in an older person: a possible aortic aneurysm.
    [aneurysm] = [f for f in NOTICE.emergency if "tummy" in f.sign]
    assert "sudden, severe" in aneurysm.sign and "older" in aneurysm.sign
    assert "aneurysm" in aneurysm.may_mean and safety.NIDIRECT_AAA.id in aneurysm.sources
    for words in ("fever", "weight loss", "history of cancer", "not getting better", "45"):
        assert words in gp
    [inflammatory] = [f for f in NOTICE.gp if "45" in f.sign]
    assert (
        "stiffest in the morning" in inflammatory.sign and "eases as you move" in inflammatory.sign
    )
    assert safety.NICE_NG65.id in inflammatory.sources


def test_every_red_flag_and_caution_cites_known_sources() -> None:
    ids = {s.id for s in SOURCES}
    for flag in RED_FLAGS:
        assert flag.sources and set(flag.sources) <= ids, flag
    for caution in NOTICE.cautions:
        assert caution.sources and set(caution.sources) <= ids, caution
    cited = {s for f in RED_FLAGS for s in f.sources} | {
        s for c in NOTICE.cautions for s in c.sources
    }
    cited |= {safety.NICE_NG59.id}  # the evidence paragraph
    assert cited == ids  # every source listed is used


def test_sources_are_unique_and_complete() -> None:
    ids = [s.id for s in SOURCES]
    assert len(ids) == len(set(ids))
    for source in SOURCES:
        assert source.url.startswith(("https://", "http://"))
        assert len(source.citation) > 40 and 0 < len(source.label) <= 20


def test_citations_name_the_guidelines_precisely() -> None:
    assert "95-0642" in safety.AHCPR.citation
    assert "NBK52120" in safety.AHCPR.citation
    assert "Bigos SJ" in safety.AHCPR.citation
    assert "NG59" in safety.NICE_NG59.citation
    assert "2016" in safety.NICE_NG59.citation and "2020" in safety.NICE_NG59.citation
    assert "NG65" in safety.NICE_NG65.citation


@pytest.mark.parametrize(
    "words",
    [
        "pregnant",
        "bleeding disorder",
        "blood thinners",
        "osteoporosis",
        "spread to the spine",
        "recent fracture",
        "hip surgery",
        "no balls",
        "neuropathy",
        "infected skin",
        "scar",
        "varicose veins",
        "heart, kidney or lung disease",
    ],
)
def test_general_cautions(words: str) -> None:
    assert words in flat(" ".join(c.text for c in NOTICE.cautions))


def test_blood_thinners_mean_gentle_pressure() -> None:
    [caution] = [c for c in NOTICE.cautions if "blood thinners" in c.text]
    assert "gentle pressure only" in caution.text


def test_notice_says_not_medical_advice() -> None:
    assert "not medical advice" in NOTICE.not_advice
    assert "not medical advice" in " ".join(NOTICE.intro)


def test_the_notice_version_was_bumped_for_the_new_notice() -> None:
    assert safety.NOTICE_VERSION >= 2


@pytest.mark.parametrize("width", [40, 60, 78, 100])
def test_notice_text_fits_width_and_has_everything(width: int) -> None:
    text = notice_text(width)
    # Only a single unbreakable word (a URL) may overflow.
    assert all(len(line) <= width or " " not in line.strip() for line in text.splitlines())
    words = flat(text)
    for flag in RED_FLAGS:
        assert flat(flag.sign) in words
    for caution in NOTICE.cautions:
        assert flat(caution.text) in words
    for source in SOURCES:
        assert source.url in words
    assert "not medical advice" in words
    assert NOTICE.acknowledge_hint not in words
    assert words.index(flat(NOTICE.emergency_heading)) < words.index(flat(NOTICE.gp_heading))


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

"""The safety notice, as data: shown on first start, and from help and the command palette.

The red flags (signs that back pain needs a doctor, not self-care) come from the
AHCPR guideline on acute low back problems, whose red-flag table is still the
basis of current lists, and are in line with NICE guideline NG59, which asks
clinicians to rule out cancer, infection, trauma and inflammatory disease first.
The wording here is our own plain summary, not a quotation.

Bump :data:`NOTICE_VERSION` when the meaning of the notice changes, so people
who acknowledged the old one see the new one once.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

NOTICE_VERSION = 1


@dataclass(frozen=True, slots=True)
class Source:
    """A work the app cites."""

    id: str
    citation: str
    url: str
    used_for: str


@dataclass(frozen=True, slots=True)
class RedFlag:
    """A sign that back pain needs a doctor at once, with what it can point to."""

    sign: str
    may_mean: str
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Notice:
    title: str
    intro: tuple[str, ...]
    red_flags_heading: str
    red_flags: tuple[RedFlag, ...]
    cautions_heading: str
    cautions: tuple[str, ...]
    evidence: str
    not_advice: str
    acknowledge_hint: str


AHCPR = Source(
    id="ahcpr-1994",
    citation=(
        "Bigos SJ, Bowyer OR, Braen GR, et al. Acute Low Back Problems in Adults. "
        "Clinical Practice Guideline No. 14. AHCPR Publication No. 95-0642. Rockville, MD: "
        "Agency for Health Care Policy and Research; 1994. Red flags: Table 1, 'Red flags "
        "for potentially serious conditions', in its Quick Reference Guide for Clinicians "
        "No. 14 (NCBI Bookshelf NBK52120)."
    ),
    url="https://www.ncbi.nlm.nih.gov/books/NBK52120/",
    used_for="the red flags in the safety notice",
)
NICE_NG59 = Source(
    id="nice-ng59",
    citation=(
        "National Institute for Health and Care Excellence. Low back pain and sciatica in "
        "over 16s: assessment and management. NICE guideline NG59. London: NICE; published "
        "30 November 2016, last updated 11 December 2020. Recommendation 1.1.1 (alternative "
        "diagnoses) and the recommendations on non-invasive treatment."
    ),
    url="https://www.nice.org.uk/guidance/ng59",
    used_for=(
        "ruling out serious causes before self-care; exercise as the main treatment; "
        "acupuncture not recommended for low back pain"
    ),
)
NHS_ACUPUNCTURE = Source(
    id="nhs-acupuncture",
    citation=(
        "NHS. Acupuncture: safety and regulation. nhs.uk (health A to Z). Advises talking to "
        "a GP first if you have a bleeding disorder or take anticoagulants, and telling the "
        "practitioner if you are pregnant because some points are not used in pregnancy."
    ),
    url="https://www.nhs.uk/conditions/acupuncture/",
    used_for="asking a professional first in pregnancy, bleeding disorders or on blood thinners",
)

SOURCES: tuple[Source, ...] = (AHCPR, NICE_NG59, NHS_ACUPUNCTURE)

_CES = "possible cauda equina syndrome: pressure on the nerves at the base of the spine"
_INFECTION_TUMOUR = "possible infection or tumour"
_FRACTURE = "possible fracture"

RED_FLAGS: tuple[RedFlag, ...] = (
    RedFlag(
        "losing control of your bladder or bowels, or new trouble passing urine",
        _CES,
        (AHCPR.id,),
    ),
    RedFlag(
        "numbness or tingling in the 'saddle' area: around your groin, genitals, bottom "
        "or inner thighs",
        _CES,
        (AHCPR.id,),
    ),
    RedFlag(
        "weakness in a leg or foot that is new or getting worse",
        "possible nerve damage",
        (AHCPR.id,),
    ),
    RedFlag("a fever or chills", _INFECTION_TUMOUR, (AHCPR.id, NICE_NG59.id)),
    RedFlag("weight loss you cannot explain", _INFECTION_TUMOUR, (AHCPR.id,)),
    RedFlag("a history of cancer", "possible spread of cancer", (AHCPR.id, NICE_NG59.id)),
    RedFlag(
        "pain that began after a fall or accident, or after a small strain or lift if you "
        "are older or have osteoporosis",
        _FRACTURE,
        (AHCPR.id, NICE_NG59.id),
    ),
    RedFlag(
        "pain that is worse when you lie down, or severe at night",
        _INFECTION_TUMOUR,
        (AHCPR.id,),
    ),
)

CAUTIONS: tuple[str, ...] = (
    "If you are pregnant, ask your midwife, doctor or a qualified practitioner before using "
    "acupressure. Some points are traditionally avoided in pregnancy; turn on pregnancy mode "
    "in Settings to have them marked and to be warned before a routine that uses them.",
    "If you have a bleeding disorder or take blood thinners (anticoagulants), ask your doctor "
    "first: firm pressure can cause bruising.",
    "Press gently and stop if the pain gets worse. Do not press on broken, bruised or swollen "
    "skin.",
)

NOTICE = Notice(
    title="Before you start: acupressure is self-care, not medical care",
    intro=(
        "acupress shows traditional acupressure points and guided routines for back pain, and "
        "keeps a pain journal. It is self-care information, not medical advice, and it cannot "
        "tell you what is causing your pain.",
        "Most back pain gets better on its own. Rarely, it is a sign of something serious.",
    ),
    red_flags_heading="See a doctor at once (urgent care or emergency) if you have back pain with:",
    red_flags=RED_FLAGS,
    cautions_heading="Ask a professional first:",
    cautions=CAUTIONS,
    evidence=(
        "Acupressure comes from traditional Chinese medicine, and good evidence that it helps "
        "back pain is limited. NICE advises staying active and exercise as the main self-help "
        "for low back pain, and does not recommend acupuncture for it."
    ),
    not_advice=(
        "This is not medical advice and does not replace a doctor, physiotherapist or other "
        "health professional. If you are worried about your pain, get it checked."
    ),
    acknowledge_hint="Press Enter to continue. This notice is always available from help (?).",
)


def red_flag_sources(flag: RedFlag) -> list[Source]:
    """The sources a red flag cites, in the order it lists them."""
    by_id = {source.id: source for source in SOURCES}
    return [by_id[source_id] for source_id in flag.sources]


def notice_text(width: int = 78, *, sources: bool = True, hint: bool = False) -> str:
    """The notice as plain text wrapped to *width* (for the CLI, the README, or a fallback)."""
    width = max(width, 30)

    def para(text: str, indent: str = "", hanging: str = "") -> list[str]:
        return textwrap.wrap(
            text,
            width,
            initial_indent=indent,
            subsequent_indent=hanging or indent,
            break_on_hyphens=False,
            break_long_words=False,  # a URL stays whole (and clickable) even if it overflows
        )

    notice = NOTICE
    lines: list[str] = [*para(notice.title), ""]
    for text in notice.intro:
        lines += [*para(text), ""]
    lines += para(notice.red_flags_heading)
    for flag in notice.red_flags:
        lines += para(f"{flag.sign} ({flag.may_mean})", "  - ", "    ")
    lines.append("")
    lines += para(notice.cautions_heading)
    for caution in notice.cautions:
        lines += para(caution, "  - ", "    ")
    lines.append("")
    lines += [*para(notice.evidence), ""]
    lines += para(notice.not_advice)
    if sources:
        lines += ["", "Sources:"]
        for source in SOURCES:
            lines += para(f"{source.citation} {source.url}", "  - ", "    ")
    if hint:
        lines += ["", *para(notice.acknowledge_hint)]
    return "\n".join(lines)

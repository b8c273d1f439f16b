"""The safety notice, as data: shown on first start, and from help and the command palette.

Its red flags (signs that back pain needs a doctor, not self-care) are split by
urgency: what needs emergency care now, and what needs a GP soon. They cover every
row of Table 1 of the AHCPR guideline on acute low back problems (Bigos et al.
1994), which is still the basis of current lists, plus the signs that NHS patient
leaflets add; each flag names the sources that say so, and :data:`AHCPR_TABLE_1`
records which row of the table each flag stands for. The general cautions (who
should press gently, or ask first) cite their sources the same way. The wording is
our own plain summary, not a quotation.

Bump :data:`NOTICE_VERSION` when the meaning of the notice changes, so people
who acknowledged the old one see the new one once.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

NOTICE_VERSION = 2


@dataclass(frozen=True, slots=True)
class Source:
    """A work the app cites."""

    id: str
    label: str
    """Short name shown after each flag, e.g. ``AHCPR 1994``."""
    citation: str
    url: str
    used_for: str


@dataclass(frozen=True, slots=True)
class RedFlag:
    """A sign that back pain needs a doctor, with what it can point to and who says so."""

    sign: str
    may_mean: str
    sources: tuple[str, ...]
    ahcpr_rows: tuple[str, ...] = ()
    """The rows of AHCPR Table 1 (keys of :data:`AHCPR_TABLE_1`) this flag stands for."""


@dataclass(frozen=True, slots=True)
class Caution:
    """Who should press gently, or ask a professional first, and who says so."""

    text: str
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Notice:
    """The safety notice: when to get help at once, when to see a doctor, the cautions."""

    title: str
    intro: tuple[str, ...]
    emergency_heading: str
    emergency: tuple[RedFlag, ...]
    gp_heading: str
    gp: tuple[RedFlag, ...]
    cautions_heading: str
    cautions: tuple[Caution, ...]
    evidence: str
    not_advice: str
    acknowledge_hint: str

    @property
    def red_flags(self) -> tuple[RedFlag, ...]:
        """Every red flag, the emergency ones first."""
        return self.emergency + self.gp


AHCPR = Source(
    id="ahcpr-1994",
    label="AHCPR 1994",
    citation=(
        "Bigos SJ, Bowyer OR, Braen GR, et al. Acute Low Back Problems in Adults. "
        "Clinical Practice Guideline No. 14. AHCPR Publication No. 95-0642. Rockville, MD: "
        "Agency for Health Care Policy and Research; 1994. Red flags: Table 1, 'Red flags "
        "for potentially serious conditions', in its Quick Reference Guide for Clinicians "
        "No. 14 (NCBI Bookshelf NBK52120)."
    ),
    url="https://www.ncbi.nlm.nih.gov/books/NBK52120/",
    used_for="the red flags in the safety notice (every row of its Table 1)",
)
NICE_NG59 = Source(
    id="nice-ng59",
    label="NICE NG59",
    citation=(
        "National Institute for Health and Care Excellence. Low back pain and sciatica in "
        "over 16s: assessment and management. NICE guideline NG59. London: NICE; published "
        "30 November 2016, last updated 11 December 2020. Recommendation 1.1.1 (alternative "
        "diagnoses: cancer, infection, trauma, inflammatory disease such as spondyloarthritis) "
        "and the recommendations on non-invasive treatment."
    ),
    url="https://www.nice.org.uk/guidance/ng59",
    used_for=(
        "ruling out serious causes before self-care; exercise as the main treatment; "
        "acupuncture not recommended for low back pain"
    ),
)
NICE_NG65 = Source(
    id="nice-ng65",
    label="NICE NG65",
    citation=(
        "National Institute for Health and Care Excellence. Spondyloarthritis in over 16s: "
        "diagnosis and management. NICE guideline NG65. London: NICE; 2017. Section 1.1, "
        "recognition and referral: low back pain that started before the age of 45 and has "
        "lasted longer than 3 months, with features such as improvement with movement or "
        "waking in the second half of the night (criteria as summarised by NHS Lanarkshire's "
        "referral guideline and in the BJGP)."
    ),
    url="https://www.nice.org.uk/guidance/ng65",
    used_for="back pain that may be inflammatory (axial spondyloarthritis)",
)
NHS_CES = Source(
    id="nhs-royal-free-ces",
    label="NHS Royal Free",
    citation=(
        "Royal Free London NHS Foundation Trust. Cauda equina syndrome (patient information "
        "leaflet). Lists pain down one or both legs, numbness between the inner thighs or "
        "around the bottom, altered feeling when using toilet paper, bladder and bowel "
        "changes, and a change in the ability to get an erection or ejaculate; go to A&E "
        "immediately."
    ),
    url="https://royalfree.nhs.uk/patients-and-visitors/patient-information-leaflets/cauda-equina-syndrome",
    used_for="the cauda equina signs and that they need A&E at once",
)
HSC_BACK = Source(
    id="hsc-northern-lbp",
    label="HSC Northern Trust",
    citation=(
        "Northern Health and Social Care Trust (Northern Ireland). Low back pain: when to seek "
        "urgent help. Emergency department or 999 for leg pain or numbness in both legs, "
        "saddle numbness, bladder or bowel changes, and pain after major trauma, or after "
        "minor trauma in older people, with osteoporosis or long-term steroid use; a GP as "
        "soon as possible for pain that worsens lying down, fever, or a change in walking."
    ),
    url="https://www.northerntrust.hscni.net/services/physiotherapy-services/physiotherapy-service-outpatient-service/low-back-pain/",
    used_for="which signs need emergency care and which a GP soon",
)
NHS_GP_BACK = Source(
    id="nhs-bridgwater-back",
    label="NHS Bridgwater Bay",
    citation=(
        "Bridgwater Bay Health (NHS general practice). Back pain. Get help if back pain does "
        "not start to improve within a few weeks, is worse at night or is very severe or "
        "getting worse; contact a GP or NHS 111 at once with a high temperature or weight "
        "loss you cannot explain."
    ),
    url="https://bridgwaterbayhealth.nhs.uk/back-pain",
    used_for="back pain that is not improving, fever and weight loss: see a GP",
)
NIDIRECT_AAA = Source(
    id="nidirect-aaa",
    label="nidirect",
    citation=(
        "nidirect (Northern Ireland government). Abdominal aortic aneurysm. A burst aneurysm "
        "can cause sudden, severe pain in the tummy or lower back, dizziness, sweaty, pale "
        "skin, a fast heartbeat and fainting: call 999. Men aged 65 and over are most at risk."
    ),
    url="https://nidirect.gov.uk/node/10429",
    used_for="sudden severe back or tummy pain in an older person: call 999",
)
NHS_AS = Source(
    id="nhs-royal-devon-as",
    label="NHS Royal Devon",
    citation=(
        "Royal Devon University Healthcare NHS Foundation Trust. Ankylosing spondylitis / axial "
        "spondyloarthritis. Usually starts in the teens or 20s, rarely after 45; stiffness "
        "and pain in the lower back and buttocks, worse in the early morning and easing "
        "through the day."
    ),
    url="https://www.royaldevon.nhs.uk/services/rheumatology-musculoskeletal-system-joints/conditions-we-treat/ankylosing-spondylitis-axial-spondyloarthritis/",
    used_for="morning stiffness that eases with movement, starting young",
)
NHS_ACUPUNCTURE = Source(
    id="nhs-acupuncture",
    label="NHS",
    citation=(
        "NHS. Acupuncture: safety and regulation. nhs.uk (health A to Z; read as quoted in a "
        "reproduction of the page). Advises talking to a GP first if you have a bleeding "
        "disorder or take anticoagulants, no acupuncture where the skin is infected, and "
        "telling the practitioner if you are pregnant because some points are not used in "
        "pregnancy."
    ),
    url="https://www.nhs.uk/conditions/acupuncture/",
    used_for="asking a professional first in pregnancy, bleeding disorders or on blood thinners",
)
UMN_ACUPOINT = Source(
    id="umn-acupoint-safety",
    label="Univ. of Minnesota",
    citation=(
        "University of Minnesota, Earl E. Bakken Center for Spirituality & Healing. Taking "
        "Charge of your health and wellbeing: acupoint therapy safety precautions. Not on "
        "broken, irritated or bruised skin or newly formed scars; adjust pressure with low "
        "platelets, a raised INR (blood thinners) or a clotting disorder; consult a trained "
        "professional if pregnant."
    ),
    url="https://www.takingcharge.csh.umn.edu/survivorship/safety-precautions",
    used_for="where not to press, and gentle pressure with blood thinners",
)
WEBMD_ACUPRESSURE = Source(
    id="webmd-acupressure",
    label="WebMD",
    citation=(
        "WebMD. Are there any precautions with acupressure? (reviewed 2017; sources include "
        "the American Cancer Society). Talk to your doctor first with cancer, arthritis, heart "
        "disease or another long-term condition; avoid deep pressure over cancer that has "
        "spread to the bones, a spinal injury, a bone disease, or varicose veins."
    ),
    url="https://www.webmd.com/balance/qa/are-there-any-precautions-with-acupressure",
    used_for="osteoporosis, bone cancer, spinal injury, varicose veins, serious illness",
)
MSU_CANCER_PAIN = Source(
    id="msu-massage-cautions",
    label="Michigan State Univ.",
    citation=(
        "Michigan State University. Cancer pain: cautions for massage. Where a bone is "
        "weakened by cancer that has spread to it, deep pressure may worsen the pain or even "
        "cause a fracture; avoid deep pressure over the area of any surgery for at least six "
        "weeks."
    ),
    url="http://commtechlab.msu.edu/sites/cancerpain/TreatmentForest/T340.html",
    used_for="bones weakened by cancer, and recent surgery: no deep pressure",
)
NHS_NEUROPATHY = Source(
    id="nhs-fife-neuropathy",
    label="NHS Fife",
    citation=(
        "NHS Fife. Peripheral neuropathy (patient advice sheet). Loss of feeling from nerve "
        "damage, most often from diabetes: you may be unaware of an injury."
    ),
    url="https://nhsfife.org/services/all-services/patient-advice/peripheral-neuropathy",
    used_for="reduced feeling in the skin: pressing too hard is easy",
)
MURPHY_2019 = Source(
    id="murphy-2019",
    label="Murphy 2019",
    citation=(
        "Murphy SL, Harris RE, Keshavarzi NR, Zick SM. Self-administered acupressure for "
        "chronic low back pain: a randomized controlled pilot trial. Pain Medicine. "
        "2019;20(12):2588-2597. The only adverse events came from pressing too hard."
    ),
    url="https://doi.org/10.1093/pm/pnz138",
    used_for="pressing too hard is the usual harm of self-acupressure",
)

SOURCES: tuple[Source, ...] = (
    AHCPR,
    NICE_NG59,
    NICE_NG65,
    NHS_CES,
    HSC_BACK,
    NHS_GP_BACK,
    NIDIRECT_AAA,
    NHS_AS,
    NHS_ACUPUNCTURE,
    UMN_ACUPOINT,
    WEBMD_ACUPRESSURE,
    MSU_CANCER_PAIN,
    NHS_NEUROPATHY,
    MURPHY_2019,
)

# Table 1 of the AHCPR guideline, row by row (in our words), with the condition it may point to.
AHCPR_TABLE_1: dict[str, str] = {
    "major-trauma": "History: major trauma, such as a vehicle accident or a fall from height "
    "(possible fracture)",
    "minor-trauma": "History: minor trauma or even strenuous lifting in an older or potentially "
    "osteoporotic person (possible fracture)",
    "age": "History: age over 50 or under 20 (possible tumour or infection)",
    "cancer": "History: a history of cancer (possible tumour)",
    "constitutional": "History: constitutional symptoms such as recent fever or chills, or "
    "unexplained weight loss (possible tumour or infection)",
    "infection-risk": "History: risk factors for spinal infection: a recent bacterial infection "
    "(such as a urinary tract infection), IV drug abuse, or immune suppression (from steroids, "
    "a transplant or HIV) (possible infection)",
    "supine-night-pain": "History: pain that worsens when lying on the back; severe pain at "
    "night (possible tumour or infection)",
    "saddle-anaesthesia": "History: saddle anaesthesia (possible cauda equina syndrome)",
    "bladder": "History: recent onset of bladder dysfunction, such as urinary retention, "
    "increased frequency or overflow incontinence (possible cauda equina syndrome)",
    "neuro-deficit": "History: severe or progressive neurological deficit in the lower "
    "extremity (possible cauda equina syndrome)",
    "anal-sphincter": "Examination: unexpected laxity of the anal sphincter (possible cauda "
    "equina syndrome)",
    "perianal-sensory-loss": "Examination: perianal or perineal sensory loss (possible cauda "
    "equina syndrome)",
    "motor-weakness": "Examination: major motor weakness: knee extension (quadriceps), or "
    "the ankle's plantar flexors, evertors and dorsiflexors (foot drop) (possible cauda "
    "equina syndrome)",
}

_CES = "possible cauda equina syndrome"
_CES_FIRST = f"{_CES}: pressure on the nerves at the base of the spine"
_FRACTURE = "possible fracture of the spine"

EMERGENCY: tuple[RedFlag, ...] = (
    RedFlag(
        "new trouble peeing (you cannot go, or do not feel when your bladder is full), "
        "leaking urine, or losing control of your bowels",
        _CES_FIRST,
        (AHCPR.id, NHS_CES.id, HSC_BACK.id),
        ("bladder", "anal-sphincter"),
    ),
    RedFlag(
        "numbness, tingling or pins and needles in the 'saddle' area (between your inner "
        "thighs, around your genitals or bottom), or a change in feeling when you wipe with "
        "toilet paper",
        _CES,
        (AHCPR.id, NHS_CES.id, HSC_BACK.id),
        ("saddle-anaesthesia", "perianal-sensory-loss"),
    ),
    RedFlag(
        "pain, numbness or weakness down both legs",
        _CES,
        (NHS_CES.id, HSC_BACK.id),
    ),
    RedFlag(
        "weakness in a leg or foot that is severe or getting worse: a foot that drags or "
        "slaps down, or a knee that gives way",
        _CES + ", or severe pressure on a nerve",
        (AHCPR.id, HSC_BACK.id),
        ("neuro-deficit", "motor-weakness"),
    ),
    RedFlag(
        "new problems getting an erection or ejaculating, or losing feeling in your genitals "
        "during sex",
        _CES,
        (NHS_CES.id,),
    ),
    RedFlag(
        "back pain that started after a serious accident, such as a car crash or a fall from "
        "a height",
        _FRACTURE,
        (AHCPR.id, HSC_BACK.id),
        ("major-trauma",),
    ),
    RedFlag(
        "back pain after a small fall, a knock or even a heavy lift if you are older, have "
        "osteoporosis or have taken steroid tablets for a long time",
        _FRACTURE,
        (AHCPR.id, HSC_BACK.id),
        ("minor-trauma",),
    ),
    RedFlag(
        "sudden, severe pain in your back or tummy, especially if you are older (men over 65 "
        "are most at risk), perhaps with dizziness, sweating or fainting",
        "possible burst aortic aneurysm, a swelling of the main blood vessel in the tummy: "
        "call 999",
        (NIDIRECT_AAA.id,),
    ),
)

GP: tuple[RedFlag, ...] = (
    RedFlag(
        "a fever (a high temperature) or chills",
        "possible infection",
        (AHCPR.id, HSC_BACK.id, NHS_GP_BACK.id),
        ("constitutional",),
    ),
    RedFlag(
        "weight loss you cannot explain",
        "possible cancer or infection",
        (AHCPR.id, NHS_GP_BACK.id),
        ("constitutional",),
    ),
    RedFlag(
        "a history of cancer",
        "possible spread of cancer to the spine",
        (AHCPR.id, NICE_NG59.id),
        ("cancer",),
    ),
    RedFlag(
        "a higher risk of an infection in the spine: a recent bacterial infection such as a "
        "urinary infection, injecting drugs, or a weakened immune system (from steroid "
        "tablets, an organ transplant or HIV)",
        "possible infection of the spine",
        (AHCPR.id, NICE_NG59.id),
        ("infection-risk",),
    ),
    RedFlag(
        "pain that is worse when you lie down, or severe at night",
        "possible tumour or infection",
        (AHCPR.id, HSC_BACK.id),
        ("supine-night-pain",),
    ),
    RedFlag(
        "being over 50 or under 20, together with any other sign in this list",
        "at these ages the other signs weigh more: age is one of the guideline's red flags "
        "for a tumour or infection",
        (AHCPR.id,),
        ("age",),
    ),
    RedFlag(
        "a change in the way you walk, or feeling unsteady on your feet",
        "a sign a doctor needs to check",
        (HSC_BACK.id,),
    ),
    RedFlag(
        "back pain that is not getting better after a few weeks, or is very severe or getting "
        "worse",
        "most back pain improves within a few weeks; this needs checking",
        (NHS_GP_BACK.id,),
    ),
    RedFlag(
        "back pain that started before you were 45 and has lasted more than 3 months, is "
        "stiffest in the morning and eases as you move (not with rest), or wakes you in the "
        "second half of the night",
        "possible inflammatory back pain: axial spondyloarthritis, such as ankylosing spondylitis",
        (NICE_NG65.id, NHS_AS.id, NICE_NG59.id),
    ),
)

RED_FLAGS: tuple[RedFlag, ...] = EMERGENCY + GP

CAUTIONS: tuple[Caution, ...] = (
    Caution(
        "If you are pregnant, ask your midwife, doctor or a qualified practitioner before "
        "using acupressure. Some points are traditionally avoided in pregnancy and some need "
        "gentle pressure only; turn on pregnancy mode in Settings to have them marked and to "
        "be warned before a routine that uses them.",
        (NHS_ACUPUNCTURE.id, UMN_ACUPOINT.id),
    ),
    Caution(
        "If you have osteoporosis, cancer that has spread to the spine or other bones, or a "
        "recent fracture or operation (such as spinal or hip surgery): no firm pressure, and "
        "no balls or other tools on your spine, ribs or hips. Ask your doctor first.",
        (WEBMD_ACUPRESSURE.id, MSU_CANCER_PAIN.id),
    ),
    Caution(
        "If you take blood thinners (anticoagulants) or have a bleeding disorder: gentle "
        "pressure only, and ask your doctor first; firm pressure can bruise.",
        (NHS_ACUPUNCTURE.id, UMN_ACUPOINT.id),
    ),
    Caution(
        "If the feeling in your skin is reduced, for example from diabetes (neuropathy): press "
        "lightly and check your skin afterwards, as you may not feel that you are pressing "
        "too hard.",
        (NHS_NEUROPATHY.id,),
    ),
    Caution(
        "Never press on broken, bruised, swollen, inflamed or infected skin, on a new scar or "
        "on varicose veins.",
        (UMN_ACUPOINT.id, NHS_ACUPUNCTURE.id, WEBMD_ACUPRESSURE.id),
    ),
    Caution(
        "If you have serious heart, kidney or lung disease, cancer, or another serious "
        "long-term illness, ask your doctor before you start.",
        (WEBMD_ACUPRESSURE.id,),
    ),
    Caution(
        "Press firmly enough to feel it but never to sharp pain, and stop if the pain gets "
        "worse or spreads. In a trial of self-acupressure the only problems came from "
        "pressing too hard.",
        (MURPHY_2019.id,),
    ),
)

NOTICE = Notice(
    title="Before you start: acupressure is self-care, not medical care",
    intro=(
        "acupress shows traditional acupressure points and guided routines for back pain, and "
        "keeps a pain journal. It is self-care information, not medical advice, and it cannot "
        "tell you what is causing your pain.",
        "Most back pain gets better on its own. Rarely, it is a sign of something serious.",
    ),
    emergency_heading=(
        "Call 999 (or your local emergency number) or go to A&E now if you have back pain "
        "with any of these:"
    ),
    emergency=EMERGENCY,
    gp_heading=(
        "See a GP soon (or call NHS 111 in the UK) if you have back pain with any of these:"
    ),
    gp=GP,
    cautions_heading="Press gently, or ask a professional first:",
    cautions=CAUTIONS,
    evidence=(
        "Acupressure comes from traditional Chinese medicine, and good evidence that it helps "
        "back pain is limited. NICE advises staying active and exercise as the main self-help "
        "for low back pain, and does not recommend acupuncture for it (NICE NG59)."
    ),
    not_advice=(
        "This is not medical advice and does not replace a doctor, physiotherapist or other "
        "health professional. If you are worried about your pain, get it checked."
    ),
    acknowledge_hint="Press Enter to continue. This notice is always available from help (?).",
)


def _by_id() -> dict[str, Source]:
    return {source.id: source for source in SOURCES}


def cited_labels(source_ids: tuple[str, ...]) -> str:
    """``AHCPR 1994; NHS Royal Free``: the short names of the sources, for the notice."""
    by_id = _by_id()
    return "; ".join(by_id[source_id].label for source_id in source_ids)


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
    for heading, flags in (
        (notice.emergency_heading, notice.emergency),
        (notice.gp_heading, notice.gp),
    ):
        lines += para(heading)
        for flag in flags:
            lines += para(
                f"{flag.sign} ({flag.may_mean}) [{cited_labels(flag.sources)}]", "  - ", "    "
            )
        lines.append("")
    lines += para(notice.cautions_heading)
    for caution in notice.cautions:
        lines += para(f"{caution.text} [{cited_labels(caution.sources)}]", "  - ", "    ")
    lines.append("")
    lines += [*para(notice.evidence), ""]
    lines += para(notice.not_advice)
    if sources:
        lines += ["", "Sources:"]
        for source in SOURCES:
            lines += para(f"{source.label}: {source.citation} {source.url}", "  - ", "    ")
    if hint:
        lines += ["", *para(notice.acknowledge_hint)]
    return "\n".join(lines)

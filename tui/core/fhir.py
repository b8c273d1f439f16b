"""The journal as an HL7 FHIR R4 (4.0.1) Bundle of Observations, for a clinic's system.

Pure: entries and the export time in, JSON data out. Choices, each checked against the
R4 specification (https://hl7.org/fhir/R4/observation.html):

- ``Bundle.type`` is ``collection``: a set of resources handed over as one file, not a
  ``transaction`` that would write to a server by itself. Each ``fullUrl`` is a
  ``urn:uuid`` derived from the entry's id (the same entry gets the same one in every
  export, so a system that has seen it can tell), and is also the Observation's ``id``
  and its ``identifier`` (system ``urn:ietf:rfc:3986``, the way FHIR names a URI).
- ``code`` is LOINC 72514-3, "Pain severity - 0-10 verbal numeric rating [Score] -
  Reported" (0 = no pain, 10 = worst pain imaginable, as in acupress); ``category`` is
  ``survey`` (a rating the person gives, from the R4 observation-category codes);
  ``valueQuantity`` carries the level with the UCUM unit ``{score}``.
- ``status`` is ``final``: the person recorded the rating; acupress keeps no drafts.
- ``effectiveDateTime`` is the rating's local time with its UTC offset, as recorded.
- There is no ``subject``: acupress does not know who the person is (R4 allows
  ``subject`` 0..1), and a made-up Patient would only create a stranger in the clinic's
  records. The clinic files the Bundle under the person who handed it over.
- ``bodySite`` is 0..1 in R4, while an entry can name several areas. One Observation per
  area would count one rating several times, so each entry is one Observation and its
  ``bodySite`` one CodeableConcept whose ``text`` names every area ("lower back; neck").
  No SNOMED CT codes are given: text alone is valid, and a code nobody here can check
  is worse than none.
- The note, if any, is ``note[0].text`` exactly as written (R4 Annotation.text is
  markdown; receivers may render it). A rating given around a routine gets a second
  annotation saying which routine, before or after, and its session.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from tui.core.areas import LABELS
from tui.core.journal.entry import Entry

FHIR_VERSION = "4.0.1"
LOINC = "http://loinc.org"
PAIN_CODE = "72514-3"
PAIN_DISPLAY = "Pain severity - 0-10 verbal numeric rating [Score] - Reported"
CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category"
UCUM = "http://unitsofmeasure.org"
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:acupress:journal-entry")


def entry_uuid(entry: Entry) -> str:
    return str(uuid.uuid5(_NAMESPACE, entry.id))


def observation(entry: Entry) -> dict[str, Any]:
    """One entry as an R4 Observation."""
    key = entry_uuid(entry)
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "id": key,
        "identifier": [{"system": "urn:ietf:rfc:3986", "value": f"urn:uuid:{key}"}],
        "status": "final",
        "category": [
            {"coding": [{"system": CATEGORY_SYSTEM, "code": "survey", "display": "Survey"}]}
        ],
        "code": {
            "coding": [{"system": LOINC, "code": PAIN_CODE, "display": PAIN_DISPLAY}],
            "text": "Pain severity (0-10)",
        },
        "effectiveDateTime": entry.at.isoformat(),
        "valueQuantity": {
            "value": entry.level,
            "unit": "{score}",
            "system": UCUM,
            "code": "{score}",
        },
    }
    if entry.areas:
        resource["bodySite"] = {"text": "; ".join(LABELS[a] for a in entry.areas)}
    notes = []
    if entry.note:
        notes.append({"text": entry.note})
    if entry.routine:
        context = f"Rated {entry.phase or 'around'} the acupressure routine '{entry.routine}'"
        notes.append({"text": context + (f" (session {entry.session})." if entry.session else ".")})
    if notes:
        resource["note"] = notes
    return resource


def bundle(entries: Iterable[Entry], timestamp: datetime) -> dict[str, Any]:
    """Every entry, oldest first, as an R4 ``collection`` Bundle made at *timestamp*."""
    observations = [observation(e) for e in sorted(entries, key=lambda e: e.at)]
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": timestamp.isoformat(),
        "entry": [{"fullUrl": f"urn:uuid:{o['id']}", "resource": o} for o in observations],
    }

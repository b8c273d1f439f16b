"""``journal export --format fhir``: an HL7 FHIR R4 Bundle, validated against the FHIR models.

In-process, against the R4B models of ``fhir.resources`` 8 (pydantic 2): no release of
``fhir.resources`` built on pydantic 2 has R4 (4.0.1) itself, and Observation and Bundle are
the same in R4 and R4B. Where ``ACUPRESS_FHIR_R4_PYTHON`` names a Python with
``fhir.resources`` 6.4 (R4 4.0.1, pydantic 1; ``.ci/run`` makes one), the Bundle is also
validated against R4 4.0.1 itself; in CI that check must run.
"""

from __future__ import annotations

import json
import os
import subprocess
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle

from tui.cli import main
from tui.core.fhir import bundle, entry_uuid
from tui.core.journal.entry import Entry, new_entry
from tui.core.journal.store import JournalStore

Capture = pytest.CaptureFixture[str]
# R4 ObservationStatus, a required binding (https://hl7.org/fhir/R4/valueset-observation-status.html).
R4_STATUS = {
    "registered",
    "preliminary",
    "final",
    "amended",
    "corrected",
    "cancelled",
    "entered-in-error",
    "unknown",
}


def entries() -> list[Entry]:
    west = timezone(-timedelta(hours=5))
    return [
        new_entry(
            7,
            ["lower-back", "buttock-hip"],
            "after <gardening> & *lifting*",
            at=datetime(2026, 3, 1, 8, 30, tzinfo=west),
        ),
        new_entry(0, [], None, at=datetime(2026, 3, 2, 21, tzinfo=UTC)),
        new_entry(
            4,
            ["neck"],
            None,
            at=datetime(2026, 3, 3, 7, tzinfo=UTC),
            routine="desk-break",
            phase="after",
            session="s9",
        ),
    ]


def export(capsys: Capture, tmp_path: Path, items: list[Entry]) -> dict[str, Any]:
    journal = tmp_path / "j.toml"
    JournalStore(journal).append_new(items)
    code = main(["journal", "export", "--format", "fhir", "--journal", str(journal)])
    out, _ = capsys.readouterr()
    assert code == 0
    data: dict[str, Any] = json.loads(out)
    return data


def test_the_bundle_validates_against_the_fhir_models(capsys: Capture, tmp_path: Path) -> None:
    data = export(capsys, tmp_path, entries())
    parsed = Bundle.model_validate(data)
    assert parsed.type == "collection" and len(parsed.entry) == 3
    for item in parsed.entry:
        assert item.resource.get_resource_type() == "Observation"


def test_each_rating_is_a_loinc_72514_3_observation(capsys: Capture, tmp_path: Path) -> None:
    made = entries()
    data = export(capsys, tmp_path, made)
    first, second, third = (e["resource"] for e in data["entry"])  # oldest first
    for resource, entry in zip((first, second, third), made, strict=True):
        assert resource["status"] in R4_STATUS and resource["status"] == "final"
        assert resource["code"]["coding"] == [
            {
                "system": "http://loinc.org",
                "code": "72514-3",
                "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
            }
        ]
        assert resource["category"][0]["coding"][0]["code"] == "survey"
        assert resource["valueQuantity"]["value"] == entry.level
        assert resource["valueQuantity"]["code"] == "{score}"
        assert datetime.fromisoformat(resource["effectiveDateTime"]) == entry.at
        assert "subject" not in resource
        assert resource["id"] == entry_uuid(entry)
    assert first["effectiveDateTime"] == "2026-03-01T08:30:00-05:00"  # the offset as recorded
    # R4 Observation.bodySite is 0..1: one CodeableConcept naming every area, text only.
    assert first["bodySite"] == {"text": "lower back; buttock or hip"}
    assert "bodySite" not in second
    assert first["note"] == [{"text": "after <gardening> & *lifting*"}]
    assert "note" not in second
    assert third["note"] == [
        {"text": "Rated after the acupressure routine 'desk-break' (session s9)."}
    ]
    urls = [e["fullUrl"] for e in data["entry"]]
    assert urls == [f"urn:uuid:{e['resource']['id']}" for e in data["entry"]]
    assert len(set(urls)) == 3


def test_the_same_entry_gets_the_same_identity_in_every_export() -> None:
    made = entries()
    one = bundle(made, datetime(2026, 3, 4, tzinfo=UTC))
    two = bundle(list(reversed(made)), datetime(2026, 3, 5, tzinfo=UTC))
    assert one["entry"] == two["entry"]
    assert one["timestamp"] == "2026-03-04T00:00:00+00:00"


def test_a_wrong_shape_is_caught_by_the_model(capsys: Capture, tmp_path: Path) -> None:
    """The validation can fail: bodySite as a list (0..* in R5, 0..1 in R4) is refused."""
    data = export(capsys, tmp_path, entries())
    data["entry"][0]["resource"]["bodySite"] = [data["entry"][0]["resource"]["bodySite"]]
    with pytest.raises(ValueError, match="bodySite"):
        Bundle.model_validate(data)


def test_the_bundle_validates_against_r4_4_0_1(capsys: Capture, tmp_path: Path) -> None:
    python = os.environ.get("ACUPRESS_FHIR_R4_PYTHON")
    if not python:
        if os.environ.get("CI"):
            pytest.fail("CI must set ACUPRESS_FHIR_R4_PYTHON (see .ci/run)")
        pytest.skip("no Python with fhir.resources 6.4 (R4 4.0.1); .ci/run makes one")
    bundle_file = tmp_path / "bundle.json"
    bundle_file.write_text(json.dumps(export(capsys, tmp_path, entries())), encoding="utf-8")
    check = (
        "import json, sys, fhir.resources as f\n"
        "from fhir.resources.bundle import Bundle\n"
        "assert f.__fhir_version__ == '4.0.1', f.__fhir_version__\n"
        "b = Bundle.parse_file(sys.argv[1])\n"
        "print(len(b.entry), b.entry[0].resource.bodySite.text)\n"
    )
    done = subprocess.run(
        [python, "-c", check, str(bundle_file)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["3", "lower", "back;", "buttock", "or", "hip"]
    bad = json.loads(bundle_file.read_text(encoding="utf-8"))
    resource = bad["entry"][0]["resource"]
    resource["bodySite"] = [resource["bodySite"]]  # 0..1 in R4
    bundle_file.write_text(json.dumps(bad), encoding="utf-8")
    done = subprocess.run(
        [python, "-c", check, str(bundle_file)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode != 0 and "bodySite" in done.stderr

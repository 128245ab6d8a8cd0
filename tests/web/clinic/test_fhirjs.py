"""FHIR.js, the npm package `fhir` (Lantana Group), validates every exported bundle against its
own copy of the R4 structure definitions and value sets: a second, independent reader of what
toxfill sends beside the JSON Schema and the invariants of test_fhir_conformance.py.

It is installed by `npm ci --prefix tools/fhir-validate` (as .ci/run does); without it these
tests skip, unless TOXFILL_REQUIRE_FHIRJS=1.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from tests.web.clinic.test_fhir_conformance import export

from toxfill.web.clinic.demo import load_demo
from toxfill.web.clinic.fhir import Audience
from toxfill.web.clinic.models import Clinic, Membership, Patient

TOOL = Path(__file__).resolve().parents[3] / "tools" / "fhir-validate"


def _node() -> str:
    node = shutil.which("node")
    if node is None or not (TOOL / "node_modules" / "fhir").is_dir():
        if os.environ.get("TOXFILL_REQUIRE_FHIRJS") == "1":
            pytest.fail("TOXFILL_REQUIRE_FHIRJS=1 but node or tools/fhir-validate is missing")
        pytest.skip("FHIR.js is not installed: npm ci --prefix tools/fhir-validate")
    return node


def fhirjs_messages(documents: list[dict[str, Any]], where: Path) -> dict[str, list[str]]:
    """What FHIR.js reports of each document, by severity (error, warning, info), each as
    '<n> <location>: <message>'."""
    node = _node()
    named = where / "documents.json"
    named.write_text(json.dumps(documents), encoding="utf-8")
    ran = subprocess.run(
        [node, str(TOOL / "validate.js"), str(named)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr
    results = [json.loads(line) for line in ran.stdout.splitlines()]
    assert len(results) == len(documents), ran.stdout
    found: dict[str, list[str]] = {"error": [], "warning": [], "info": []}
    for result in results:
        for m in result["messages"]:
            found.setdefault(m["severity"], []).append(
                f"{result['index']} {m['location']}: {m['message']}"
            )
    return found


@pytest.mark.parametrize("audience", list(Audience))
def test_fhirjs_finds_no_error_in_any_demo_patients_bundle(
    db: Any, tmp_path: Path, audience: Audience
) -> None:
    # given the demo clinic's patients, exported as the clinic's export view sends them
    load_demo(patients=10)
    clinic = Clinic.objects.get(is_demo=True)
    doctor = Membership.objects.get(clinic=clinic, user__username="demo-provider")
    bundles = [
        export(doctor, p, audience) for p in Patient.objects.filter(clinic=clinic).order_by("id")
    ]
    # when FHIR.js validates each
    found = fhirjs_messages(bundles, tmp_path)
    # then it finds no error; it warns only of codes outside the value sets R4 gives as
    # examples (toxfill's own codes, HL7 v3 routes where the example is SNOMED CT's routes)
    assert bundles
    assert found["error"] == []
    assert [w for w in found["warning"] if "not found in value set" not in w] == []


@pytest.mark.parametrize(
    ("resource", "found"),
    [
        pytest.param(
            {"resourceType": "Patient", "gender": "unknown", "nickname": "Ana"},
            "nickname",
            id="element_r4_does_not_define",
        ),
        pytest.param(
            {"resourceType": "Patient", "gender": "woman"},
            "gender",
            id="code_outside_its_required_value_set",
        ),
        pytest.param(
            {"resourceType": "Procedure", "subject": {"reference": "urn:uuid:x"}},
            "status",
            id="required_element_missing",
        ),
    ],
)
def test_fhirjs_reports_what_r4_forbids(
    tmp_path: Path, resource: dict[str, Any], found: str
) -> None:
    # given a resource that breaks one R4 rule, when FHIR.js validates it, then it says where
    errors = fhirjs_messages([resource], tmp_path)["error"]
    assert any(found in error for error in errors), errors

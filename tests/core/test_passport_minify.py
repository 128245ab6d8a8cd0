"""A card's bundle minified as the SMART Health Cards spec asks ("Health Cards are Compact":
no Resource.id, Resource.meta but security, DomainResource.text, CodeableConcept.text or
Coding.display; resource:N fullUrls and references), without contact details; each result
checked by the independent rules of tests/health_cards.py."""

from __future__ import annotations

import json
from typing import Any

import pytest
from tests import health_cards

from toxfill.passport.fit import single_qr_card
from toxfill.passport.minify import minified_bundle, without_contact_details

PATIENT = "urn:uuid:0a6b"
NURSE = "urn:uuid:77c1"
NARRATIVE = {"status": "generated", "div": '<div xmlns="http://www.w3.org/1999/xhtml">Ana</div>'}


def bundle(*more: dict[str, Any]) -> dict[str, Any]:
    return {
        "resourceType": "Bundle",
        "id": "b1",
        "meta": {"tag": [{"code": "patient"}]},
        "identifier": {"value": "0a6b"},
        "type": "collection",
        "entry": [
            {
                "fullUrl": PATIENT,
                "resource": {
                    "resourceType": "Patient",
                    "id": "0a6b",
                    "meta": {
                        "profile": [
                            "http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient"
                        ]
                    },
                    "text": NARRATIVE,
                    "name": [{"text": "Ana Silva", "family": "Silva", "given": ["Ana"]}],
                    "telecom": [{"system": "email", "value": "ana@example.org"}],
                    "address": [{"city": "Albany"}],
                    "birthDate": "1985-04-02",
                },
            },
            {
                "fullUrl": NURSE,
                "resource": {
                    "resourceType": "Practitioner",
                    "id": "77c1",
                    "name": [{"text": "Paula Reyes"}],
                    "qualification": [{"code": {"text": "RN"}, "issuer": {"display": "NY"}}],
                },
            },
            *more,
        ],
    }


PROCEDURE = {
    "fullUrl": "urn:uuid:5e5e",
    "resource": {
        "resourceType": "Procedure",
        "id": "5e5e",
        "status": "completed",
        "code": {
            "coding": [
                {"system": "urn:toxfill:option", "code": "botulinum-toxin", "display": "Toxin"}
            ],
            "text": "Botulinum toxin",
        },
        "subject": {"reference": PATIENT},
        "performer": [{"actor": {"reference": "Practitioner/77c1"}}],
        "recorder": {"reference": "https://elsewhere.example/Practitioner/9", "display": "Dr Who"},
        "note": [{"text": "Lot C1234A"}],
        "performedDateTime": "2026-11-27",
    },
}


def test_it_keeps_only_what_the_spec_allows_at_the_top() -> None:
    out = minified_bundle(bundle())
    assert set(out) == {"resourceType", "type", "entry"}
    assert [e["fullUrl"] for e in out["entry"]] == ["resource:0", "resource:1"]


def test_it_drops_ids_meta_and_narratives() -> None:
    patient = minified_bundle(bundle())["entry"][0]["resource"]
    assert not {"id", "meta", "text"} & set(patient)


def test_it_keeps_meta_security_alone() -> None:
    given = bundle()
    given["entry"][0]["resource"]["meta"]["security"] = [
        {"system": "s", "code": "IAL1.2", "display": "x"}
    ]
    patient = minified_bundle(given)["entry"][0]["resource"]
    assert patient["meta"] == {"security": [{"system": "s", "code": "IAL1.2"}]}


def test_it_drops_codeable_concept_text_and_coding_display_but_not_other_texts() -> None:
    procedure = minified_bundle(bundle(PROCEDURE))["entry"][2]["resource"]
    assert procedure["code"] == {
        "coding": [{"system": "urn:toxfill:option", "code": "botulinum-toxin"}]
    }
    assert procedure["note"] == [{"text": "Lot C1234A"}]  # an Annotation's text is its content
    patient = minified_bundle(bundle())["entry"][0]["resource"]
    assert patient["name"][0]["text"] == "Ana Silva"  # a HumanName's text is the name


def test_it_points_references_at_resource_n_and_drops_those_outside_the_bundle() -> None:
    procedure = minified_bundle(bundle(PROCEDURE))["entry"][2]["resource"]
    assert procedure["subject"] == {"reference": "resource:0"}
    assert procedure["performer"] == [{"actor": {"reference": "resource:1"}}]  # Type/id too
    assert procedure["recorder"] == {"display": "Dr Who"}


def test_it_leaves_out_an_element_whose_required_part_was_only_text() -> None:
    # Practitioner.qualification.code is 1..1: a code of text only leaves nothing to keep
    nurse = minified_bundle(bundle())["entry"][1]["resource"]
    assert "qualification" not in nurse


def test_it_leaves_out_contact_details() -> None:
    text = json.dumps(minified_bundle(bundle()))
    assert "ana@example.org" not in text
    assert "Albany" not in text


def test_the_result_passes_the_independent_minification_rules() -> None:
    health_cards.check_minified(minified_bundle(bundle(PROCEDURE)))


def test_the_readable_copy_keeps_ids_and_narratives_but_no_contact_details() -> None:
    readable = without_contact_details(bundle(PROCEDURE))
    patient = readable["entry"][0]["resource"]
    assert "telecom" not in patient
    assert "address" not in patient
    assert "text" not in patient  # its narrative may repeat them
    assert readable["entry"][2]["resource"]["code"]["text"] == "Botulinum toxin"


def test_an_unknown_resource_type_still_loses_id_and_narrative() -> None:
    odd = {
        "fullUrl": "urn:uuid:1",
        "resource": {"resourceType": "Nonsense", "id": "1", "text": NARRATIVE, "x": 1},
    }
    assert minified_bundle(bundle(odd))["entry"][2]["resource"] == {
        "resourceType": "Nonsense",
        "x": 1,
    }


def dose(n: int) -> dict[str, Any]:
    return {
        "fullUrl": f"urn:uuid:d{n}",
        "resource": {
            "resourceType": "MedicationAdministration",
            "status": "completed",
            "medicationCodeableConcept": {
                "coding": [{"system": "urn:toxfill:product", "code": f"p{n}"}]
            },
            "subject": {"reference": PATIENT},
            "effectiveDateTime": "2026-11-27",
        },
    }


def by_length(limit: int) -> Any:
    return lambda b: "x" * len(json.dumps(b, separators=(",", ":")))


def test_a_card_that_fits_leaves_out_nothing() -> None:
    fitted = single_qr_card(bundle(PROCEDURE, dose(1)), by_length(0), limit=10_000)
    assert fitted.left_out == ()


@pytest.mark.parametrize(
    ("limit", "left_out"),
    [
        pytest.param(1500, ("the follow-up visits planned",), id="follow_ups_first"),
        pytest.param(
            1300,
            ("the follow-up visits planned", "the provider's details"),
            id="then_the_provider",
        ),
        pytest.param(
            800,
            (
                "the follow-up visits planned",
                "the provider's details",
                "2 of the 3 products given (the last ones recorded)",
            ),
            id="then_products_from_the_last",
        ),
    ],
)
def test_a_card_too_large_for_one_code_says_what_it_leaves_out(
    limit: int, left_out: tuple[str, ...]
) -> None:
    visit = {
        "fullUrl": "urn:uuid:v",
        "resource": {
            "resourceType": "Appointment",
            "status": "proposed",
            "participant": [{"actor": {"reference": PATIENT}, "status": "needs-action"}],
            "description": "Follow-up (review) in two weeks, at the clinic, with the same provider",
        },
    }
    fitted = single_qr_card(
        bundle(PROCEDURE, dose(1), dose(2), dose(3), visit), by_length(0), limit=limit
    )
    assert fitted.left_out == left_out
    assert fitted.token is not None
    assert len(fitted.token) <= limit


def test_a_card_that_cannot_fit_is_none_never_a_split_set() -> None:
    fitted = single_qr_card(bundle(PROCEDURE), by_length(0), limit=10)
    assert fitted.token is None

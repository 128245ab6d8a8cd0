"""The language a patient reads (issue 24, item 6): recorded by the clinic through the API and
the edit page, kept in the change history, refused when toxfill does not speak it, and sent
to a receiving EHR as Patient.communication."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.test import Client
from tests.web.clinic.test_patient_edit import edit_form

from toxfill.web.clinic.fhir import bundle_json, patient_bundle
from toxfill.web.clinic.models import Membership, Patient


def test_a_patient_registered_through_the_api_reads_spanish(
    client_for: Callable[[Membership], Client],
    front_desk: Membership,
    at: Callable[[Membership, str], str],
) -> None:
    body = {"given_name": "Lucía", "family_name": "Ortega", "date_of_birth": "1988-02-03"}

    spanish = client_for(front_desk).post(
        at(front_desk, "/patients"), {**body, "preferred_language": "es"}, "application/json"
    )
    unsaid = client_for(front_desk).post(at(front_desk, "/patients"), body, "application/json")

    assert spanish.status_code == 201, spanish.content
    assert spanish.json()["preferred_language"] == "es"
    assert unsaid.json()["preferred_language"] == "en"  # English unless the clinic says


def test_a_language_toxfill_does_not_speak_is_refused_naming_the_field_and_the_choices(
    client_for: Callable[[Membership], Client],
    front_desk: Membership,
    patient: Patient,
    at: Callable[[Membership, str], str],
) -> None:
    response = client_for(front_desk).patch(
        at(front_desk, f"/patients/{patient.public_id}"),
        {"version": patient.version, "preferred_language": "fr"},
        "application/json",
    )

    assert response.status_code == 422
    [problem] = response.json()["detail"]
    assert problem["loc"] == ["body", "preferred_language"]
    assert "use en (English), es (Español)" in problem["msg"]
    patient.refresh_from_db()
    assert patient.preferred_language == "en"


def test_the_edit_page_records_the_language_and_the_history_keeps_the_change(
    front_desk: Membership, patient: Patient, client_for: Callable[[Membership], Client]
) -> None:
    url = f"/clinic/{front_desk.clinic.public_id}/patients/{patient.public_id}/edit/"
    client = client_for(front_desk)
    page = client.get(url).content.decode()
    assert '<option value="es" lang="es">Español</option>' in page
    form = edit_form(patient, preferred_language="es")

    assert client.post(url, form).status_code == 302

    patient.refresh_from_db()
    assert patient.preferred_language == "es"
    latest = patient.history.first()
    changed = {c.field for c in latest.diff_against(latest.prev_record).changes}
    assert changed - {"version"} == {"preferred_language"}
    record = client.get(f"/clinic/{front_desk.clinic.public_id}/patients/{patient.public_id}/")
    assert "<dt>Reads in</dt><dd>Español</dd>" in record.content.decode()


def test_the_fhir_patient_says_the_language_as_a_bcp_47_tag(patient: Patient) -> None:
    patient.preferred_language = "es"

    bundle = json.loads(bundle_json(patient_bundle(patient, sessions=[])))

    resource = next(
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"
    )
    assert resource["communication"] == [
        {
            "language": {
                "coding": [{"system": "urn:ietf:bcp:47", "code": "es", "display": "Spanish"}]
            },
            "preferred": True,
        }
    ]


def test_a_patient_registered_before_it_was_asked_reads_english_and_no_language_is_guessed(
    client_for: Callable[[Membership], Client],
    front_desk: Membership,
    patient: Patient,
    at: Callable[[Membership, str], str],
) -> None:
    """NULL, as the migration left every earlier patient (a value would change the hash of
    every history row written before): English for what they receive, nothing claimed."""
    Patient.objects.filter(pk=patient.pk).update(preferred_language=None)
    patient.refresh_from_db()

    shown = client_for(front_desk).get(at(front_desk, f"/patients/{patient.public_id}"))
    bundle = json.loads(bundle_json(patient_bundle(patient, sessions=[])))

    assert patient.reads_in == "en"
    assert shown.json()["preferred_language"] is None
    resource = next(
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"
    )
    assert "communication" not in resource

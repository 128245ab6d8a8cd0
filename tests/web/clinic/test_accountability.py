"""Nothing lost, everything accountable: history with its actor, voiding, the access log,
stale writes refused, and one clinic's records unreachable from another's."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from django.test import Client

from toxfill.web.clinic.actions.patients import update_patient
from toxfill.web.clinic.errors import StaleWrite
from toxfill.web.clinic.models import Membership, Patient, PatientAccess

Url = Callable[[Membership, str], str]
Signed = Callable[[Membership], Client]


def test_it_keeps_every_version_of_a_patient_with_who_changed_it(
    front_desk: Membership, provider: Membership, patient: Patient
) -> None:
    update_patient(provider, patient.public_id, version=1, changes={"phone": "+1 555 0100"})

    versions = list(patient.history.order_by("history_id"))
    assert [v.history_type for v in versions] == ["+", "~"]
    assert [v.history_user_id for v in versions] == [front_desk.user_id, provider.user_id]
    assert [v.phone for v in versions] == ["", "+1 555 0100"]


def test_it_voids_a_patient_without_deleting_it(
    manager: Membership, patient: Patient, client_for: Signed, at: Url
) -> None:
    client = client_for(manager)

    voided = client.post(
        at(manager, f"/patients/{patient.public_id}/void"),
        {"version": 1, "reason": "duplicate of an earlier record"},
        content_type="application/json",
    )

    assert voided.status_code == 200
    assert voided.json()["void_reason"] == "duplicate of an earlier record"
    assert voided.json()["voided_by"]["id"] == str(manager.public_id)
    assert Patient.objects.filter(pk=patient.pk).exists()
    listed = client.get(at(manager, "/patients")).json()["results"]
    assert str(patient.public_id) not in [p["id"] for p in listed]
    assert client.get(at(manager, f"/patients/{patient.public_id}")).json()["voided_at"]


def test_it_refuses_a_void_without_a_reason(
    manager: Membership, patient: Patient, client_for: Signed, at: Url
) -> None:
    response = client_for(manager).post(
        at(manager, f"/patients/{patient.public_id}/void"),
        {"version": 1, "reason": " "},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "reason"]


def test_it_logs_who_viewed_a_patient_and_shows_the_log_to_auditors(
    provider: Membership, auditor: Membership, patient: Patient, client_for: Signed, at: Url
) -> None:
    client_for(provider).get(at(provider, f"/patients/{patient.public_id}"))

    log = client_for(auditor).get(at(auditor, "/access-log")).json()["results"]

    assert PatientAccess.objects.filter(member=provider, patient=patient).count() == 1
    assert log[0]["member"]["id"] == str(provider.public_id)
    assert log[0]["patient"] == str(patient.public_id)
    assert log[0]["what"] == "record"
    assert log[0]["viewed_at"].endswith(("-05:00", "-04:00"))  # New York time


def test_it_refuses_a_stale_write_with_409_and_keeps_the_newer_one(
    provider: Membership, front_desk: Membership, patient: Patient, client_for: Signed, at: Url
) -> None:
    # given two people who both read version 1, and the first saves
    url = at(provider, f"/patients/{patient.public_id}")
    first = client_for(provider).patch(
        url, {"version": 1, "phone": "111"}, content_type="application/json"
    )

    # when the second saves from the same version
    second = client_for(front_desk).patch(
        url, {"version": 1, "phone": "222"}, content_type="application/json"
    )

    # then the second is refused, clearly, and nothing is overwritten
    assert first.status_code == 200
    assert first.json()["version"] == 2
    assert second.status_code == 409
    assert second.json()["detail"][0]["loc"] == ["body", "version"]
    assert "changed by someone else" in second.json()["detail"][0]["msg"]
    patient.refresh_from_db()
    assert patient.phone == "111"


def test_it_refuses_a_stale_write_in_the_action_too(provider: Membership, patient: Patient) -> None:
    update_patient(provider, patient.public_id, version=1, changes={"phone": "1"})

    with pytest.raises(StaleWrite):
        update_patient(provider, patient.public_id, version=1, changes={"phone": "2"})


def test_it_answers_another_clinics_record_exactly_like_a_missing_one(
    provider: Membership, lakeside_patient: Patient, client_for: Signed, at: Url
) -> None:
    client = client_for(provider)

    theirs = client.get(at(provider, f"/patients/{lakeside_patient.public_id}"))
    missing = client.get(at(provider, f"/patients/{uuid.uuid4()}"))

    assert theirs.status_code == missing.status_code == 404
    assert theirs.json() == missing.json()
    assert str(lakeside_patient.public_id) not in theirs.content.decode()


def test_it_never_writes_to_another_clinics_record(
    provider: Membership, lakeside_patient: Patient, client_for: Signed, at: Url
) -> None:
    response = client_for(provider).patch(
        at(provider, f"/patients/{lakeside_patient.public_id}"),
        {"version": 1, "phone": "0"},
        content_type="application/json",
    )

    assert response.status_code == 404
    lakeside_patient.refresh_from_db()
    assert lakeside_patient.phone == ""


def test_it_hides_clinical_notes_from_the_front_desk(
    front_desk: Membership, charted: object, client_for: Signed, at: Url
) -> None:
    response = client_for(front_desk).get(at(front_desk, "/sessions"))

    assert response.status_code == 403
    assert "tolerated" not in response.content.decode()

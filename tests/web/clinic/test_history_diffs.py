"""The change history says who changed what: each change's actor by name, username and role
(or the patient link, or the system), never by an internal ID, and the fields that changed
with their old and new values, computed from consecutive snapshots; secrets never shown."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from toxfill.web.clinic.actions.patients import update_patient, void_patient
from toxfill.web.clinic.models import AdverseEvent, Membership, Patient, Photo, TreatmentSession
from toxfill.web.patient_link.actions import file_patient_report, issue_patient_link

Url = Callable[[Membership, str], str]


def _history(
    auditor: Membership, client_for: Callable[[Membership], Client], at: Url, patient: Patient
) -> list[dict[str, Any]]:
    response = client_for(auditor).get(at(auditor, f"/patients/{patient.public_id}/history"))
    assert response.status_code == 200, response.content
    return response.json()  # type: ignore[no-any-return]


def _new_phone(front_desk: Membership, patient: Patient, phone: str) -> Patient:
    return update_patient(
        front_desk, patient.public_id, version=patient.version, changes={"phone": phone}
    )


def test_a_change_names_its_actor_by_name_username_and_role_never_an_internal_id(
    front_desk: Membership,
    auditor: Membership,
    patient: Patient,
    client_for: Callable[[Membership], Client],
    at: Url,
) -> None:
    # given fred at the front desk changed Ana's phone
    _new_phone(front_desk, patient, "+1 212 555 0100")

    # when the auditor reads her history
    latest = _history(auditor, client_for, at, patient)[0]

    # then fred is named as the members API names him, and his user's ID is nowhere
    assert latest["record"] == {"kind": "patient", "id": str(patient.public_id)}
    assert latest["by"] == {
        "kind": "member",
        "name": "fred",
        "username": "fred",
        "role": "front-desk",
        "member_id": str(front_desk.public_id),
    }
    assert "by_user_id" not in latest
    assert str(front_desk.user.pk) not in {str(v) for v in latest["by"].values()}


def test_a_change_lists_only_the_fields_it_changed_with_old_and_new_values(
    front_desk: Membership,
    auditor: Membership,
    patient: Patient,
    client_for: Callable[[Membership], Client],
    at: Url,
) -> None:
    _new_phone(front_desk, patient, "+1 212 555 0100")

    latest = _history(auditor, client_for, at, patient)[0]

    assert latest["change"] == "changed"
    assert latest["version"] == 2
    assert latest["changes"] == [
        {"field": "phone", "old": "", "new": "+1 212 555 0100", "withheld": False}
    ]
    assert "fields" not in latest  # the whole snapshot is no longer repeated


def test_consecutive_changes_are_each_compared_with_the_one_before(
    front_desk: Membership,
    auditor: Membership,
    patient: Patient,
    client_for: Callable[[Membership], Client],
    at: Url,
) -> None:
    changed = _new_phone(front_desk, patient, "+1 212 555 0100")
    _new_phone(front_desk, changed, "+1 212 555 0199")

    newest, older = _history(auditor, client_for, at, patient)[:2]

    assert newest["changes"] == [
        {"field": "phone", "old": "+1 212 555 0100", "new": "+1 212 555 0199", "withheld": False}
    ]
    assert older["changes"][0]["old"] == ""


def test_the_creation_lists_the_values_set_with_no_old_values(
    auditor: Membership,
    front_desk: Membership,
    patient: Patient,
    client_for: Callable[[Membership], Client],
    at: Url,
) -> None:
    created = _history(auditor, client_for, at, patient)[-1]

    assert created["record"]["kind"] == "patient"
    assert created["change"] == "created"
    assert created["by"]["name"] == "fred"
    fields = {c["field"]: (c["old"], c["new"]) for c in created["changes"]}
    assert fields["family_name"] == (None, "Silva")
    assert fields["date_of_birth"] == (None, "1985-04-02")
    assert fields["health_factors"] == (None, ["anticoagulant-or-antiplatelet"])
    assert "phone" not in fields  # left blank: nothing was set


def test_a_void_names_who_voided_by_name_and_role(
    front_desk: Membership,
    auditor: Membership,
    patient: Patient,
    client_for: Callable[[Membership], Client],
    at: Url,
) -> None:
    void_patient(front_desk, patient.public_id, version=patient.version, reason="duplicate")

    latest = _history(auditor, client_for, at, patient)[0]

    fields = {c["field"]: (c["old"], c["new"]) for c in latest["changes"]}
    assert fields["voided_by"] == (None, "fred (front-desk)")
    assert fields["void_reason"] == ("", "duplicate")
    assert latest["reason"] == "voided: duplicate"


def test_only_the_auditor_reads_the_history(
    personas: dict[str, Membership],
    patient: Patient,
    client_for: Callable[[Membership], Client],
    at: Url,
) -> None:
    for role, expected in [("provider", 403), ("front_desk", 403), ("manager", 403)]:
        member = personas[role]
        response = client_for(member).get(at(member, f"/patients/{patient.public_id}/history"))
        assert response.status_code == expected, role


def test_the_history_costs_the_same_queries_however_long_it_is(
    front_desk: Membership,
    auditor: Membership,
    patient: Patient,
    client_for: Callable[[Membership], Client],
    at: Url,
) -> None:
    client = client_for(auditor)
    url = at(auditor, f"/patients/{patient.public_id}/history")
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as short:
        client.get(url)
    for number in range(6):
        patient = _new_phone(front_desk, patient, f"+1 212 555 010{number}")
    void_patient(front_desk, patient.public_id, version=patient.version, reason="duplicate")
    with CaptureQueriesContext(connection) as long:
        answer = client.get(url)

    assert [c["record"]["kind"] for c in answer.json()].count("patient") == 8
    assert len(long.captured_queries) == len(short.captured_queries)


# --- the page -------------------------------------------------------------------------------


def test_the_history_page_shows_who_and_what_changed(
    front_desk: Membership,
    auditor: Membership,
    patient: Patient,
    client_for: Callable[[Membership], Client],
) -> None:
    _new_phone(front_desk, patient, "+1 212 555 0100")
    client = client_for(auditor)
    base = f"/clinic/{auditor.clinic.public_id}/patients/{patient.public_id}/"

    record = client.get(base).content.decode()
    response = client.get(base + "history/")

    assert f'href="{base}history/"' in record
    assert response.status_code == 200
    page = response.content.decode()
    assert "fred" in page
    assert "front-desk" in page
    assert "<strong>Phone</strong>: — → +1 212 555 0100" in page
    assert "<strong>Health factors</strong>: anticoagulant-or-antiplatelet" in page
    assert "<td>Consent</td>" in page  # the consents fred took are part of her record


def test_the_history_page_is_refused_to_other_roles(
    provider: Membership, patient: Patient, client_for: Callable[[Membership], Client]
) -> None:
    base = f"/clinic/{provider.clinic.public_id}/patients/{patient.public_id}/"

    assert client_for(provider).get(base + "history/").status_code == 403
    assert "history/" not in client_for(provider).get(base).content.decode()


# --- actors who are not members, and values not shown ---------------------------------------


def test_a_draft_the_patient_filed_through_their_link_names_the_patient_link(
    provider: Membership,
    auditor: Membership,
    charted: TreatmentSession,
    client_for: Callable[[Membership], Client],
    at: Url,
) -> None:
    # given Ana reported swelling through her link, which drafted an adverse event
    issued = issue_patient_link(provider, charted.patient.public_id)
    file_patient_report(
        issued.link,
        charted,
        symptoms=["swelling"],
        days_since=2,
        urgency="self-care",
        knowledge_version="test",
    )
    draft = AdverseEvent.objects.get(actions__startswith="Draft:")

    # when the auditor reads her record's history
    changes = _history(auditor, client_for, at, charted.patient)

    # then the draft's creation names the patient link, not a member
    [created] = [c for c in changes if c["record"]["id"] == str(draft.public_id)]
    assert created["record"]["kind"] == "adverse-event"
    assert created["by"]["kind"] == "patient-link"
    assert (created["by"]["username"], created["by"]["role"]) == (None, None)
    assert created["reason"].startswith("via the patient link: draft from patient report")


def test_a_write_with_no_person_behind_it_is_the_system_and_storage_names_are_withheld(
    provider: Membership,
    auditor: Membership,
    charted: TreatmentSession,
    client_for: Callable[[Membership], Client],
    at: Url,
) -> None:
    # given a photo row saved by toxfill itself, with no acting user (a task, a data fix)
    photo = Photo.objects.create(
        clinic_id=provider.clinic_id,
        session=charted,
        patient=charted.patient,
        angle="front",
        image="photos/storage-name.webp",
        thumbnail="photos/storage-thumb.webp",
        width=10,
        height=10,
        taken_by=provider,
    )

    response = client_for(auditor).get(
        at(auditor, f"/patients/{charted.patient.public_id}/history")
    )

    [created] = [c for c in response.json() if c["record"]["id"] == str(photo.public_id)]
    assert created["by"] == {
        "kind": "system",
        "name": "toxfill",
        "username": None,
        "role": None,
        "member_id": None,
    }
    fields = {c["field"]: c for c in created["changes"]}
    assert fields["image"] == {"field": "image", "old": None, "new": None, "withheld": True}
    assert fields["thumbnail"]["withheld"] is True
    assert fields["taken_by"]["new"] == "Paula Reyes (provider)"
    assert "storage-name" not in response.content.decode()


def test_every_time_in_the_history_and_access_log_carries_its_offset(
    front_desk: Membership,
    auditor: Membership,
    patient: Patient,
    client_for: Callable[[Membership], Client],
    at: Url,
) -> None:
    # given a change to Ana's record and a read of it
    _new_phone(front_desk, patient, "+1 212 555 0100")
    changes = _history(auditor, client_for, at, patient)
    reads = client_for(auditor).get(at(auditor, "/access-log")).json()["results"]
    # then each time says its offset from UTC, so the log reads the same in any zone
    times = [row["changed_at"] for row in changes] + [row["viewed_at"] for row in reads]
    assert len(times) >= 2
    for written in times:
        instant = dt.datetime.fromisoformat(written)
        assert instant.utcoffset() is not None, written
        assert abs(instant - timezone.now()) < dt.timedelta(minutes=5), written

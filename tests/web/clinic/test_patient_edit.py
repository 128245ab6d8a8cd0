"""Editing a patient's details in the workspace (issue 22): saved with the change history, the
version check of the API (a form opened before someone else saved keeps what was typed and
overwrites nothing), and each bad field named."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from toxfill.errors import InputError
from toxfill.web.api import api
from toxfill.web.clinic.actions.patients import register_patient, update_patient
from toxfill.web.clinic.models import Membership, Patient


def edit_form(patient: Patient, **changes: Any) -> dict[str, Any]:
    """The edit page's form as the patient's record fills it, with `changes`."""
    form = {
        "version": str(patient.version),
        "given_name": patient.given_name,
        "family_name": patient.family_name,
        "date_of_birth": patient.date_of_birth.isoformat(),
        "email": patient.email,
        "phone": patient.phone,
        "allergies": patient.allergies,
        "health_factors": list(patient.health_factors),
        "preferred_language": patient.preferred_language,
    }
    return {**form, **changes}


def _url(member: Membership, patient: Patient) -> str:
    return f"/clinic/{member.clinic.public_id}/patients/{patient.public_id}/edit/"


def test_the_front_desk_changes_a_phone_number_and_the_history_keeps_who(
    front_desk: Membership, patient: Patient, client_for: Callable[[Membership], Client]
) -> None:
    client = client_for(front_desk)
    page = client.get(_url(front_desk, patient)).content.decode()
    assert f'autocomplete="off" value="{patient.given_name}"' in page

    response = client.post(_url(front_desk, patient), edit_form(patient, phone="+1 212 555 0199"))

    assert response.status_code == 302
    patient.refresh_from_db()
    assert patient.phone == "+1 212 555 0199"
    latest = patient.history.first()
    assert latest.history_user == front_desk.user


def test_a_form_opened_before_another_save_overwrites_nothing(
    front_desk: Membership,
    provider: Membership,
    patient: Patient,
    client_for: Callable[[Membership], Client],
) -> None:
    # given the form opened at version 1, and then a colleague saves an allergy
    opened = edit_form(patient, phone="+1 212 555 0123")
    update_patient(
        provider, patient.public_id, version=patient.version, changes={"allergies": "latex"}
    )

    response = client_for(front_desk).post(_url(front_desk, patient), opened)

    assert response.status_code == 409
    text = response.content.decode()
    assert "someone else changed this record" in text
    assert 'value="+1 212 555 0123"' in text  # what was typed is kept
    patient.refresh_from_db()
    assert (patient.allergies, patient.phone) == ("latex", "")


def test_each_bad_field_is_named(
    front_desk: Membership, patient: Patient, client_for: Callable[[Membership], Client]
) -> None:
    client = client_for(front_desk)
    empty = client.post(_url(front_desk, patient), edit_form(patient, given_name="  "))
    assert empty.status_code == 422
    assert (
        '<a href="#given_name">Given name: is required: it is empty</a>' in empty.content.decode()
    )

    bad_day = client.post(_url(front_desk, patient), edit_form(patient, date_of_birth="1985-02-30"))
    assert bad_day.status_code == 422
    assert "Date of birth: give a real date" in bad_day.content.decode()

    unknown = client.post(
        _url(front_desk, patient), edit_form(patient, health_factors=["nonsense"])
    )
    assert unknown.status_code == 422
    assert 'href="#health_factors"' in unknown.content.decode()
    patient.refresh_from_db()
    assert patient.version == 1


def test_every_way_in_refuses_a_blank_name(front_desk: Membership, patient: Patient) -> None:
    """The rule lives in the actions: the API, the page and any later caller share it."""
    with pytest.raises(InputError, match="is required: it is empty"):
        register_patient(
            front_desk, given_name="Ben", family_name="  ", date_of_birth=dt.date(1980, 5, 1)
        )
    with pytest.raises(InputError, match="is required: it is empty"):
        update_patient(front_desk, patient.public_id, version=1, changes={"given_name": ""})


def test_a_page_with_no_version_is_named_not_taken_for_a_colleagues_save(
    front_desk: Membership, patient: Patient, client_for: Callable[[Membership], Client]
) -> None:
    answer = client_for(front_desk).post(_url(front_desk, patient), edit_form(patient, version="x"))
    assert answer.status_code == 422
    assert "The page: is not a version of this record" in answer.content.decode()


def test_the_api_documents_a_name_as_it_checks_one(
    client_for: Callable[[Membership], Client], front_desk: Membership, patient: Patient
) -> None:
    """The document's pattern and the check agree (the fuzz test sent a name of only spaces
    and line breaks, which the document allowed and the API refused as schema validation)."""
    schema = api.get_openapi_schema()["components"]["schemas"]["PatientChange"]
    pattern = re.compile(schema["properties"]["given_name"]["anyOf"][0]["pattern"])
    url = f"/api/v1/clinic/{front_desk.clinic.public_id}/patients/{patient.public_id}"

    for name, kept in [("\n\u205f\u2007", False), ("Ana\u0007", False), (" Ana María ", True)]:
        response = client_for(front_desk).patch(
            url, {"version": 1, "given_name": name}, content_type="application/json"
        )
        assert bool(pattern.match(name)) is kept
        assert response.status_code == (200 if kept else 422), name
        if not kept:
            assert response.json()["detail"][0]["loc"] == ["body", "given_name"]


def test_a_null_in_a_change_leaves_the_field_as_it_is(
    client_for: Callable[[Membership], Client], front_desk: Membership, patient: Patient
) -> None:
    """`"health_factors": null` was a 500 (found by the clinic API's fuzz test)."""
    url = f"/api/v1/clinic/{front_desk.clinic.public_id}/patients/{patient.public_id}"
    body = {"version": 1, "health_factors": None, "email": None, "phone": "555 0100"}

    response = client_for(front_desk).patch(url, body, content_type="application/json")

    assert response.status_code == 200
    patient.refresh_from_db()
    assert patient.health_factors == ["anticoagulant-or-antiplatelet"]
    assert (patient.email, patient.phone) == ("ana@example.org", "555 0100")

"""Who the FHIR API opens to: a personal token with the `fhir-read` scope (which opens nothing
else), of a person who works at the clinic in the address, in a role that may read what is
asked; the `read` and `read-write` tokens do not open it. A patient of another clinic is as
missing as one that never was."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone
from tests.web.clinic.fhir_client import (
    fhir_base,
    fhir_get,
    fhir_token,
    outcome_issue,
    read_everything,
    read_patient,
)
from tests.web.clinic.people import https_client

from toxfill.web.clinic.models import (
    ApiToken,
    Membership,
    Patient,
    PatientAccess,
    TreatmentSession,
)

Browser = Callable[[Membership], Client]


# --- who may: a fhir-read token, at the person's clinic, in a role that may read it -----------


def test_it_asks_for_a_token(provider: Membership, patient: Patient) -> None:
    answer = fhir_get(f"{fhir_base(provider)}/Patient/{patient.public_id}")
    assert answer.status_code == 401
    assert outcome_issue(answer)["code"] == "login"
    assert answer["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "secret",
    [
        pytest.param("tfx_not-a-token-anyone-was-given", id="unknown"),
        pytest.param("tfc_a-calendar-feed-secret", id="calendar_feed"),
    ],
)
def test_it_refuses_a_token_it_does_not_know(
    secret: str, provider: Membership, patient: Patient
) -> None:
    answer = fhir_get(f"{fhir_base(provider)}/Patient/{patient.public_id}", secret)
    assert answer.status_code == 401
    assert outcome_issue(answer)["code"] == "login"
    assert 'error="invalid_token"' in answer["WWW-Authenticate"]


def test_it_refuses_an_expired_token(provider: Membership, patient: Patient) -> None:
    secret = fhir_token(provider)
    ApiToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    answer = fhir_get(f"{fhir_base(provider)}/Patient/{patient.public_id}", secret)
    assert answer.status_code == 401


def test_a_signed_in_browser_opens_nothing(
    provider: Membership, patient: Patient, client_for: Browser
) -> None:
    """Only a token: another site's page cannot read a record through a visitor's cookie."""
    answer = client_for(provider).get(f"{fhir_base(provider)}/Patient/{patient.public_id}")
    assert answer.status_code == 401


@pytest.mark.parametrize("scope", ["read", "read-write"])
def test_it_refuses_the_clinic_api_tokens_naming_the_scope_it_needs(
    scope: str, provider: Membership, patient: Patient
) -> None:
    """A token opens only the doors its owner chose when making it: a `read` token made for a
    script is not also a door to the whole record in FHIR."""
    secret = fhir_token(provider, scope)
    answer = fhir_get(f"{fhir_base(provider)}/Patient/{patient.public_id}/$everything", secret)
    assert answer.status_code == 403
    issue = outcome_issue(answer)
    assert issue["code"] == "forbidden"
    assert f"'{scope}'" in issue["diagnostics"]
    assert "'fhir-read'" in issue["diagnostics"]
    assert not PatientAccess.objects.filter(what__startswith="fhir").exists()


@pytest.mark.parametrize(
    ("method", "path"),
    [
        pytest.param("get", "/patients", id="read"),
        pytest.param("get", "", id="my_clinics_at_the_clinic"),
        pytest.param("post", "/patients", id="write"),
    ],
)
def test_the_clinic_api_refuses_a_fhir_read_token(
    method: str, path: str, provider: Membership
) -> None:
    secret = fhir_token(provider)
    url = f"/api/v1/clinic/{provider.clinic.public_id}{path}" if path else "/api/v1/clinic"
    answer = getattr(https_client(), method)(
        url, content_type="application/json", headers={"Authorization": f"Bearer {secret}"}
    )
    assert answer.status_code == 403
    (error,) = answer.json()["detail"]
    assert "'fhir-read'" in error["msg"]


def test_a_person_makes_a_fhir_read_token_and_reads_with_it(
    provider: Membership, patient: Patient, client_for: Browser
) -> None:
    # given paula, signed in, making a token for her EHR with the fhir-read scope
    made = client_for(provider).post(
        "/api/v1/clinic/tokens",
        {"name": "the EHR", "scope": "fhir-read"},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    assert made.json()["scope"] == "fhir-read"
    # when the EHR reads Ana with it, then it is answered
    answer = fhir_get(f"{fhir_base(provider)}/Patient/{patient.public_id}", made.json()["secret"])
    assert answer.status_code == 200


@pytest.mark.parametrize(
    ("role", "read", "everything"),
    [
        pytest.param("provider", 200, 200, id="provider"),
        pytest.param("manager", 200, 200, id="manager"),
        pytest.param("auditor", 200, 200, id="auditor"),
        # sees patients, not their treatments
        pytest.param("front_desk", 200, 403, id="front_desk"),
    ],
)
def test_the_role_at_the_clinic_decides_what_a_token_reads(
    role: str,
    read: int,
    everything: int,
    personas: dict[str, Membership],
    patient: Patient,
    charted: TreatmentSession,
) -> None:
    member = personas[role]
    assert (
        read_patient(member, patient).status_code,
        read_everything(member, patient).status_code,
    ) == (
        read,
        everything,
    )


@pytest.mark.parametrize("operation", ["", "/$everything"])
def test_another_clinics_patient_is_as_missing_as_one_that_never_was(
    operation: str, provider: Membership, lakeside_patient: Patient
) -> None:
    # given Liam, a Lakeside patient, and paula's token at Riverside
    secret = fhir_token(provider)
    base = fhir_base(provider)
    # when her EHR asks Riverside for Liam, for an ID nobody has, and for no ID at all
    answers = [
        fhir_get(f"{base}/Patient/{patient_id}{operation}", secret)
        for patient_id in (lakeside_patient.public_id, uuid.uuid4(), "not-an-id")
    ]
    # then each is the same 404, word for word, and nothing is logged
    assert [a.status_code for a in answers] == [404, 404, 404]
    assert outcome_issue(answers[0])["code"] == "not-found"
    assert answers[0].content == answers[1].content == answers[2].content
    assert not PatientAccess.objects.exists()


def test_a_clinic_the_person_does_not_work_at_is_not_there(
    provider: Membership, outsider: Membership, lakeside_patient: Patient
) -> None:
    # given paula's token, and Lakeside's base, where she does not work
    answer = fhir_get(
        f"{fhir_base(outsider)}/Patient/{lakeside_patient.public_id}", fhir_token(provider)
    )
    assert answer.status_code == 404
    assert outcome_issue(answer)["code"] == "not-found"


def test_a_membership_that_ended_reads_nothing(provider: Membership, patient: Patient) -> None:
    secret = fhir_token(provider)
    Membership.objects.filter(pk=provider.pk).update(ended_at=timezone.now())
    answer = fhir_get(f"{fhir_base(provider)}/Patient/{patient.public_id}", secret)
    assert answer.status_code == 404


def test_a_voided_patient_is_gone(front_desk: Membership, patient: Patient) -> None:
    """Nothing is deleted: a voided record is FHIR's deleted resource (410), and nothing of
    it is shown or logged as read."""
    Patient.objects.filter(clinic_id=patient.clinic_id, pk=patient.pk).update(
        voided_at=timezone.now(), voided_by=front_desk, void_reason="a duplicate"
    )
    answer = read_patient(front_desk, patient)
    assert answer.status_code == 410
    assert outcome_issue(answer)["code"] == "deleted"
    assert not PatientAccess.objects.exists()

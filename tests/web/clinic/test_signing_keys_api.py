"""The clinic's passport signing keys in the API and for the operator: everyone at the clinic
sees the public halves, newest first; a manager rotates the key with a reason (logged), and
the passports signed before still verify against the published JWKS."""

from __future__ import annotations

import logging
from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from tests.web.clinic.people import https_client

from toxfill import passport
from toxfill.web.clinic.models import ClinicKey, Membership, Patient, TreatmentSession
from toxfill.web.clinic.signing.keys import signing_key
from toxfill.web.patient_link.actions import issue_patient_link

Url = Callable[[Membership, str], str]
Browser = Callable[[Membership], Client]
REASON = {"reason": "the key was pasted into a support ticket"}


def _jwks(member: Membership) -> dict[str, Any]:
    response = Client().get(f"/clinics/{member.clinic.public_id}/.well-known/jwks.json")
    assert response.status_code == 200
    keys: dict[str, Any] = response.json()
    return keys


def _keys_anywhere(document: Any) -> set[str]:
    """Every object key in a JSON document, at any depth."""
    if isinstance(document, dict):
        return set(document) | {k for v in document.values() for k in _keys_anywhere(v)}
    if isinstance(document, list):
        return {k for v in document for k in _keys_anywhere(v)}
    return set()


def _rotate(client: Client, url: str, body: Any = REASON) -> Any:
    return client.post(url, body, content_type="application/json")


@pytest.fixture
def first_key(manager: Membership) -> dict[str, Any]:
    """Riverside's first signing key (private), made when it first signed a passport."""
    return signing_key(manager.clinic)


def test_it_lists_the_public_halves_and_nothing_private(
    manager: Membership, first_key: dict[str, Any], client_for: Browser, at: Url
) -> None:
    response = client_for(manager).get(at(manager, "/signing-keys"))
    assert response.status_code == 200
    listed = response.json()
    assert [set(key) for key in listed] == [
        {"kid", "created_at", "retired_at", "withdrawn_at", "public_jwk"}
    ]
    assert listed[0]["kid"] == first_key["kid"]
    assert listed[0]["retired_at"] is None
    assert listed[0]["created_at"].endswith(("-04:00", "-05:00"))  # in New York's time
    assert listed[0]["public_jwk"] == passport.public_jwk(first_key)
    assert listed[0]["public_jwk"] == _jwks(manager)["keys"][0]
    assert "d" not in _keys_anywhere(listed)
    assert first_key["d"] not in response.content.decode()


def test_it_rotates_for_a_manager_and_keeps_the_old_key_published(
    manager: Membership, first_key: dict[str, Any], client_for: Browser, at: Url
) -> None:
    client = client_for(manager)
    response = _rotate(client, at(manager, "/signing-keys/rotate"))
    assert response.status_code == 201
    new = response.json()
    assert new["kid"] != first_key["kid"]
    assert new["retired_at"] is None
    assert "d" not in _keys_anywhere(new)
    assert signing_key(manager.clinic)["kid"] == new["kid"]  # it signs from now on
    # newest first, the old one marked retired
    listed = client.get(at(manager, "/signing-keys")).json()
    assert [key["kid"] for key in listed] == [new["kid"], first_key["kid"]]
    assert listed[0]["retired_at"] is None
    assert listed[1]["retired_at"] is not None
    # both published, oldest first as before
    assert [key["kid"] for key in _jwks(manager)["keys"]] == [first_key["kid"], new["kid"]]


def test_a_passport_signed_before_the_rotation_still_verifies(
    manager: Membership,
    provider: Membership,
    patient: Patient,
    charted: TreatmentSession,
    client_for: Browser,
    at: Url,
) -> None:
    # given Ana's signed passport, from the link paula printed for her
    issued = issue_patient_link(provider, patient.public_id)
    phone = https_client()
    assert phone.get(f"/p/{issued.token}").status_code == 302
    before = passport.passport_from_text(phone.get("/p/passport.smart-health-card").text)
    old_kid = passport.read_passport(before, _jwks(manager)).key_id
    # when mia rotates Riverside's key
    rotated = _rotate(client_for(manager), at(manager, "/signing-keys/rotate"))
    assert rotated.status_code == 201
    # then the earlier passport still verifies, and a new one is signed with the new key
    jwks = _jwks(manager)
    assert passport.read_passport(before, jwks).key_id == old_kid
    after = passport.passport_from_text(phone.get("/p/passport.smart-health-card").text)
    assert passport.read_passport(after, jwks).key_id == rotated.json()["kid"] != old_kid


def test_it_logs_who_rotated_which_key_and_why_and_no_key_material(
    manager: Membership,
    first_key: dict[str, Any],
    client_for: Browser,
    at: Url,
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger="toxfill.signing_keys"):
        new = _rotate(client_for(manager), at(manager, "/signing-keys/rotate")).json()
    [record] = [r for r in caplog.records if r.name == "toxfill.signing_keys"]
    line = record.getMessage()
    assert str(manager.clinic.public_id) in line
    assert str(manager.public_id) in line
    assert "mia" in line
    assert f"retired {first_key['kid']}, new {new['kid']}" in line
    assert REASON["reason"] in line
    assert first_key["d"] not in line
    assert ClinicKey.objects.get(kid=new["kid"]).sealed_jwk not in line


@pytest.mark.parametrize("role", ["manager", "provider", "front_desk", "auditor"])
def test_everyone_at_the_clinic_reads_the_keys(
    role: str,
    personas: dict[str, Membership],
    first_key: dict[str, Any],
    client_for: Browser,
    at: Url,
) -> None:
    member = personas[role]
    response = client_for(member).get(at(member, "/signing-keys"))
    assert response.status_code == 200
    assert [key["kid"] for key in response.json()] == [first_key["kid"]]


@pytest.mark.parametrize("role", ["provider", "front_desk", "auditor"])
def test_only_a_manager_rotates(
    role: str,
    personas: dict[str, Membership],
    first_key: dict[str, Any],
    client_for: Browser,
    at: Url,
) -> None:
    member = personas[role]
    response = _rotate(client_for(member), at(member, "/signing-keys/rotate"))
    assert response.status_code == 403
    assert response.json()["detail"][0]["type"] == "forbidden"
    assert signing_key(member.clinic)["kid"] == first_key["kid"]
    assert ClinicKey.objects.filter(clinic_id=member.clinic_id).count() == 1


def test_another_clinic_reads_and_rotates_nothing(
    manager: Membership,
    outsider: Membership,
    first_key: dict[str, Any],
    client_for: Browser,
    at: Url,
) -> None:
    # oscar manages Lakeside; Riverside's keys do not exist for him
    oscar = client_for(outsider)
    listed = oscar.get(at(manager, "/signing-keys"))
    rotated = _rotate(oscar, at(manager, "/signing-keys/rotate"))
    assert listed.status_code == rotated.status_code == 404
    assert listed.json() == rotated.json()
    assert signing_key(manager.clinic)["kid"] == first_key["kid"]
    # and his own clinic's list has none of Riverside's keys
    own = oscar.get(at(outsider, "/signing-keys")).json()
    assert first_key["kid"] not in [key["kid"] for key in own]


def test_it_needs_a_session_or_token(manager: Membership, at: Url) -> None:
    assert https_client().get(at(manager, "/signing-keys")).status_code == 401
    assert _rotate(https_client(), at(manager, "/signing-keys/rotate")).status_code == 401


@pytest.mark.parametrize(
    "body", [{}, {"reason": ""}, {"reason": "   \n"}, {"reason": "x" * 501}, {"reason": None}]
)
def test_it_needs_a_reason(
    body: dict[str, Any],
    manager: Membership,
    first_key: dict[str, Any],
    client_for: Browser,
    at: Url,
) -> None:
    response = _rotate(client_for(manager), at(manager, "/signing-keys/rotate"), body)
    assert response.status_code == 422
    assert [error["loc"] for error in response.json()["detail"]] == [["body", "reason"]]
    assert signing_key(manager.clinic)["kid"] == first_key["kid"]


# the operator's command, for a clinic without anyone at the API


def _command(*args: str) -> str:
    out = StringIO()
    call_command("rotate_signing_key", *args, stdout=out)
    return out.getvalue()


def test_the_command_rotates_in_a_managers_name_and_prints_the_new_key(
    manager: Membership, first_key: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    clinic = str(manager.clinic.public_id)
    with caplog.at_level(logging.WARNING, logger="toxfill.signing_keys"):
        printed = _command("--clinic", clinic, "--manager", "mia", "--reason", "secret key lost")
    new_kid = signing_key(manager.clinic)["kid"]
    assert new_kid != first_key["kid"]
    assert new_kid in printed
    assert [key["kid"] for key in _jwks(manager)["keys"]] == [first_key["kid"], new_kid]
    assert "secret key lost" in caplog.text


@pytest.mark.parametrize(
    ("clinic", "username", "reason", "error"),
    [
        ("7d5f1c52-3b0e-4c8e-9a41-2f6d8e0b9c13", "mia", "leaked", "no clinic with the ID"),
        ("riverside", "mia", "leaked", "no clinic with the ID"),
        ("{riverside}", "nobody", "leaked", "'nobody' does not work at Riverside"),
        ("{riverside}", "oscar", "leaked", "'oscar' does not work at Riverside"),
        ("{riverside}", "paula", "leaked", "'paula' is not a manager at Riverside"),
        ("{riverside}", "audrey", "leaked", "'audrey' is not a manager at Riverside"),
        ("{riverside}", "mia", "  ", "--reason: say why"),
    ],
)
def test_the_command_says_what_is_wrong_and_rotates_nothing(
    clinic: str,
    username: str,
    reason: str,
    error: str,
    personas: dict[str, Membership],
    first_key: dict[str, Any],
) -> None:
    riverside = personas["manager"].clinic
    clinic = clinic.replace("{riverside}", str(riverside.public_id))
    with pytest.raises(CommandError, match=error):
        _command("--clinic", clinic, "--manager", username, "--reason", reason)
    assert signing_key(riverside)["kid"] == first_key["kid"]
    assert ClinicKey.objects.filter(clinic=riverside).count() == 1

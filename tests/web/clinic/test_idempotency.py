"""An `Idempotency-Key` on a clinic API write: a retry gets the first answer and writes
nothing; the same key on another request, or a malformed key, is a 422 naming the header.
Every write under /api/v1/clinic/ is found from the API's routes and tried."""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from tests.web.clinic.people import BACKEND, PASSWORD, join

from toxfill.documents import MAX_DOCUMENT_BYTES
from toxfill.web.api import api
from toxfill.web.clinic.actions import patients as patient_actions
from toxfill.web.clinic.actions.idempotency import KEPT_FOR
from toxfill.web.clinic.actions.invitations import invite_member
from toxfill.web.clinic.actions.patients import record_consent, register_patient
from toxfill.web.clinic.actions.tokens import create_token
from toxfill.web.clinic.models import (
    IdempotentRequest,
    Membership,
    Patient,
    ProductLot,
    TreatmentSession,
)
from toxfill.web.clinic.tasks import forget_idempotency_keys
from toxfill.web.patient_link.actions import issue_patient_link

PARAMETER = re.compile(r"\{(\w+)\}")
NOW = timezone.now()

# Writes that take no key, and why.
WITHOUT_KEY = {
    ("post", "/api/v1/clinic/login"): "no one is signed in yet to own a key; it writes no record",
}
# Made only from a signed-in session, never with a token: the test sends them from one.
SESSION_ONLY = {
    ("post", "/api/v1/clinic/tokens"),
    ("post", "/api/v1/clinic/tokens/{token_id}/revoke"),
    ("post", "/api/v1/clinic/{clinic_id}/calendar-feeds"),
    ("post", "/api/v1/clinic/{clinic_id}/calendar-feeds/revoke"),
}
INVITEE = "invitee"  # the person invited, who answers the invitation


def clinic_api_writes() -> list[tuple[str, str]]:
    paths = api.get_openapi_schema()["paths"]
    return sorted(
        (method, path)
        for path, operations in paths.items()
        if path.startswith("/api/v1/clinic/")
        for method in operations
        if method in ("post", "put", "patch", "delete")
    )


@pytest.fixture
def cy(front_desk: Membership) -> Patient:
    """Cy, consented to toxin and never treated: a session can be charted for him at once."""
    patient = register_patient(
        front_desk, given_name="Cy", family_name="Park", date_of_birth=dt.date(1990, 3, 3)
    )
    record_consent(
        front_desk, patient.public_id, treatment="botulinum-toxin", text_version="2026-01",
        signed_at=NOW - dt.timedelta(days=1), signed_by="Cy Park",
    )  # fmt: skip
    return patient


def _writes(
    r: dict[str, Any], personas: dict[str, Membership]
) -> dict[tuple[str, str], tuple[str, dict[str, Any]]]:
    """Each write: who may send it, and a body it succeeds with."""
    c = "/api/v1/clinic/{clinic_id}"
    session: TreatmentSession = r["session"]
    event = session.events.get()
    followup = session.followups.get()
    consent = r["patient"].consents.first()
    void = {"reason": "entered in error"}
    return {
        ("post", "/api/v1/clinic/logout"): ("provider", {}),
        ("post", "/api/v1/clinic/tokens"): ("provider", {"name": "the booking system"}),
        ("post", "/api/v1/clinic/tokens/{token_id}/revoke"): ("provider", {}),
        ("post", c + "/members"): (
            "manager",
            {"username": "nina", "role": "auditor", "password": "correct horse battery"},
        ),
        ("patch", c + "/members/{member_id}"): (
            "manager",
            {"version": personas["auditor"].version, "licence_type": "RN"},
        ),
        ("post", c + "/members/{member_id}/end"): (
            "manager",
            {"version": personas["auditor"].version, **void},
        ),
        ("post", c + "/patients"): (
            "front_desk",
            {"given_name": "Dee", "family_name": "Lane", "date_of_birth": "1970-01-01"},
        ),
        ("patch", c + "/patients/{patient_id}"): (
            "front_desk",
            {"version": r["patient"].version, "phone": "555-0101"},
        ),
        ("post", c + "/patients/{patient_id}/void"): (
            "front_desk",
            {"version": r["patient"].version, **void},
        ),
        ("post", c + "/patients/{patient_id}/consents"): (
            "front_desk",
            {
                "treatment": "photo",
                "text_version": "2026-01",
                "signed_at": NOW.isoformat(),
                "signed_by": "Ana Silva",
            },
        ),
        ("post", c + "/consents/{consent_id}/withdraw"): (
            "front_desk",
            {"version": consent.version, "withdrawn_at": NOW.isoformat()},
        ),
        ("post", c + "/consents/{consent_id}/void"): (
            "front_desk",
            {"version": consent.version, **void},
        ),
        ("post", c + "/sessions"): (
            "provider",
            {
                "patient": str(r["cy"].public_id),
                "performed_at": NOW.isoformat(),
                "points": [
                    {
                        "zone": "glabella",
                        "product": "botox",
                        "lot": str(r["lot"].public_id),
                        "dose": "20",
                    }
                ],
            },
        ),
        ("patch", c + "/sessions/{session_id}"): (
            "provider",
            {"version": session.version, "notes": "tolerated well"},
        ),
        ("post", c + "/sessions/{session_id}/void"): (
            "provider",
            {"version": session.version, **void},
        ),
        ("post", c + "/lots"): (
            "manager",
            {"product": "botox", "quantity": "100", "lot_number": "N1", "expires_on": "2099-01-01"},
        ),
        ("post", c + "/lots/{lot_id}/count"): (
            "manager",
            {"version": r["lot"].version, "quantity_on_hand": "90", "reason": "counted"},
        ),
        ("post", c + "/lots/{lot_id}/void"): ("manager", {"version": r["lot"].version, **void}),
        ("post", c + "/followups"): (
            "front_desk",
            {"patient": str(r["patient"].public_id), "due_on": "2099-01-01", "purpose": "review"},
        ),
        ("patch", c + "/followups/{followup_id}"): (
            "front_desk",
            {"version": followup.version, "status": "booked"},
        ),
        ("post", c + "/followups/{followup_id}/void"): (
            "front_desk",
            {"version": followup.version, **void},
        ),
        ("post", c + "/events"): (
            "provider",
            {
                "session": str(session.public_id),
                "onset_at": NOW.isoformat(),
                "symptoms": ["bruising"],
            },
        ),
        ("patch", c + "/events/{event_id}"): (
            "provider",
            {"version": event.version, "severity": "mild"},
        ),
        ("post", c + "/events/{event_id}/void"): ("provider", {"version": event.version, **void}),
        ("post", c + "/signing-keys/rotate"): ("manager", {"reason": "yearly rotation"}),
        ("post", c + "/patients/{patient_id}/links"): ("provider", {"days": 30}),
        ("post", c + "/links/{link_id}/revoke"): ("front_desk", {}),
        ("post", c + "/invitations/{invitation_id}/withdraw"): ("manager", {}),
        ("post", "/api/v1/clinic/invitations/{invitation_id}/accept"): (INVITEE, {}),
        ("post", "/api/v1/clinic/invitations/{invitation_id}/decline"): (INVITEE, {}),
        ("post", c + "/calendar-feeds"): ("provider", {}),
        ("post", c + "/calendar-feeds/revoke"): ("provider", {}),
        ("put", c + "/calendar-settings"): ("manager", {"patient_names": True}),
    }


@pytest.fixture
def records(
    personas: dict[str, Membership],
    patient: Patient,
    charted: TreatmentSession,
    botox_lot: ProductLot,
    cy: Patient,
) -> dict[str, Any]:
    provider = personas["provider"]
    spare, _ = create_token(provider.user, name="a spare token")
    return {
        "clinic_id": provider.clinic.public_id,
        "patient_id": patient.public_id,
        "session_id": charted.public_id,
        "event_id": charted.events.get().public_id,
        "followup_id": charted.followups.get().public_id,
        "consent_id": patient.consents.first().public_id,  # type: ignore[union-attr]
        "lot_id": botox_lot.public_id,
        "member_id": personas["auditor"].public_id,
        "token_id": spare.public_id,
        "link_id": issue_patient_link(personas["provider"], patient.public_id).link.public_id,
        "invitation_id": invite_member(
            personas["manager"], username="ivy", role="auditor", password=PASSWORD
        ).public_id,
        "patient": patient,
        "session": charted,
        "lot": botox_lot,
        "cy": cy,
    }


def _token_client(member: Membership) -> Client:
    """A client that sends a personal token: a key belongs to the person, however they call."""
    _, secret = create_token(member.user, name="tests", scope="read-write")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}", **{"wsgi.url_scheme": "https"})


def _client_for(operation: tuple[str, str], role: str, personas: dict[str, Membership]) -> Client:
    if role != INVITEE and operation not in SESSION_ONLY:
        return _token_client(personas[role])
    user = User.objects.get(username="ivy") if role == INVITEE else personas[role].user
    client = Client(**{"wsgi.url_scheme": "https"})
    client.force_login(user, backend=BACKEND)
    return client


def _send(client: Client, method: str, url: str, body: bytes, key: str | None) -> Any:
    headers = {} if key is None else {"Idempotency-Key": key}
    return getattr(client, method)(url, body, content_type="application/json", headers=headers)


def _writes_except_keys(captured: CaptureQueriesContext) -> list[str]:
    table = IdempotentRequest._meta.db_table
    return [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].split(" ", 1)[0] in ("INSERT", "UPDATE", "DELETE")
        and f'"{table}"' not in q["sql"].split("WHERE")[0]
    ]


@pytest.mark.parametrize("operation", [w for w in clinic_api_writes() if w not in WITHOUT_KEY])
def test_each_write_is_done_once_per_key_and_a_retry_gets_the_first_answer(
    operation: tuple[str, str], records: dict[str, Any], personas: dict[str, Membership]
) -> None:
    writes = _writes(records, personas)
    assert operation in writes, f"add {operation} to the table of writes in this test"
    role, body = writes[operation]
    method, route = operation
    url = PARAMETER.sub(lambda m: str(records[m.group(1)]), route)
    client = _client_for(operation, role, personas)
    sent = json.dumps(body).encode()
    # given a write that was done, its answer lost on the way
    first = _send(client, method, url, sent, "retry-me 1")
    assert 200 <= first.status_code < 300, first.content
    # when the client sends it again with the same key
    with CaptureQueriesContext(connection) as captured:
        again = _send(client, method, url, sent, "retry-me 1")
    # then nothing is written again, and it gets the first answer (or, for an answer that
    # held a secret shown once, is told it was done)
    assert _writes_except_keys(captured) == []
    if again.status_code == 409:
        assert again.json()["detail"][0]["type"] == "answer_not_kept"
        assert IdempotentRequest.objects.get(key="retry-me 1").body == b""
    else:
        assert (again.status_code, again.content) == (first.status_code, first.content)
        assert again["Idempotent-Replayed"] == "true"
    # and the same key on a different request is refused, naming the header
    other = _send(client, method, url, sent + b" ", "retry-me 1")
    assert other.status_code == 422
    assert other.json()["detail"][0]["loc"] == ["header", "Idempotency-Key"]


def test_the_table_of_writes_names_only_writes_that_exist(
    records: dict[str, Any], personas: dict[str, Membership]
) -> None:
    assert set(_writes(records, personas)) | set(WITHOUT_KEY) == set(clinic_api_writes())


@pytest.mark.parametrize(
    "key",
    [
        pytest.param("", id="empty"),
        pytest.param("k" * 256, id="256_characters"),
        pytest.param("tab\there", id="a_control_character"),
    ],
)
def test_it_refuses_a_key_that_is_not_1_to_255_printable_characters(
    key: str,
    front_desk: Membership,
    at: Callable[[Membership, str], str],
) -> None:
    body = b'{"given_name": "Dee", "family_name": "Lane", "date_of_birth": "1970-01-01"}'
    response = _send(_token_client(front_desk), "post", at(front_desk, "/patients"), body, key)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["header", "Idempotency-Key"]
    assert not Patient.objects.filter(given_name="Dee").exists()


def test_a_keyed_body_over_the_limit_is_a_413_naming_the_body_not_an_html_400(
    front_desk: Membership, at: Callable[[Membership, str], str]
) -> None:
    # The key's fingerprint reads the body: one too large must still get the API's answer.
    notes = "x" * (MAX_DOCUMENT_BYTES + 1)
    body = json.dumps({"given_name": "Dee", "family_name": "Lane", "notes": notes}).encode()
    response = _send(_token_client(front_desk), "post", at(front_desk, "/patients"), body, "k1")
    assert response.status_code == 413
    assert response.json()["detail"][0]["loc"] == ["body"]
    assert not Patient.objects.filter(given_name="Dee").exists()


def test_it_writes_each_request_without_a_key(
    front_desk: Membership, at: Callable[[Membership, str], str]
) -> None:
    body = b'{"given_name": "Dee", "family_name": "Lane", "date_of_birth": "1970-01-01"}'
    client = _token_client(front_desk)
    for _ in range(2):
        assert _send(client, "post", at(front_desk, "/patients"), body, None).status_code == 201
    assert Patient.objects.filter(given_name="Dee").count() == 2


def test_it_forgets_a_failed_write_so_the_corrected_retry_can_use_the_key(
    front_desk: Membership, at: Callable[[Membership, str], str]
) -> None:
    client = _token_client(front_desk)
    bad = b'{"given_name": "Dee", "family_name": "Lane", "date_of_birth": "1970-13-01"}'
    assert _send(client, "post", at(front_desk, "/patients"), bad, "k1").status_code == 422
    good = bad.replace(b"-13-", b"-12-")
    assert _send(client, "post", at(front_desk, "/patients"), good, "k1").status_code == 201


def test_a_key_is_the_persons_own(
    front_desk: Membership, manager: Membership, at: Callable[[Membership, str], str]
) -> None:
    # given fred used a key; when a colleague sends the same key, it is hers, not his
    colleague = join(manager, "flo", "front-desk")
    body = b'{"given_name": "Dee", "family_name": "Lane", "date_of_birth": "1970-01-01"}'
    for member in (front_desk, colleague):
        response = _send(_token_client(member), "post", at(member, "/patients"), body, "k1")
        assert response.status_code == 201
    assert Patient.objects.filter(given_name="Dee").count() == 2


def test_it_forgets_a_key_after_24_hours(
    front_desk: Membership, at: Callable[[Membership, str], str]
) -> None:
    client = _token_client(front_desk)
    body = b'{"given_name": "Dee", "family_name": "Lane", "date_of_birth": "1970-01-01"}'
    # given a write whose retry within the day is answered as before
    assert _send(client, "post", at(front_desk, "/patients"), body, "k1").status_code == 201
    assert "Idempotent-Replayed" in _send(client, "post", at(front_desk, "/patients"), body, "k1")
    # when a day has passed, then the key is free again: the same request is a new write
    IdempotentRequest.objects.update(created_at=timezone.now() - KEPT_FOR - dt.timedelta(1))
    later = _send(client, "post", at(front_desk, "/patients"), body, "k1")
    assert later.status_code == 201
    assert "Idempotent-Replayed" not in later
    assert Patient.objects.filter(given_name="Dee").count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_retries_racing_write_once(
    front_desk: Membership, at: Callable[[Membership, str], str], monkeypatch: Any
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one write at a time anyway; the race needs PostgreSQL")
    # given a write slow enough that its retry arrives while it is still being made
    register = patient_actions.register_patient

    def slowly(*args: Any, **kwargs: Any) -> Patient:
        made = register(*args, **kwargs)
        time.sleep(0.5)
        return made

    monkeypatch.setattr(patient_actions, "register_patient", slowly)
    url = at(front_desk, "/patients")
    body = b'{"given_name": "Dee", "family_name": "Lane", "date_of_birth": "1970-01-01"}'
    clients = [_token_client(front_desk), _token_client(front_desk)]
    answers: list[Any] = [None, None]

    def send(n: int) -> None:
        try:
            answers[n] = _send(clients[n], "post", url, body, "racing")
        finally:
            connection.close()

    # when the request and its retry are sent at once
    threads = [threading.Thread(target=send, args=(n,)) for n in (0, 1)]
    threads[0].start()
    time.sleep(0.1)
    threads[1].start()
    for thread in threads:
        thread.join()
    # then one patient is registered, and both get the same answer
    assert Patient.objects.filter(given_name="Dee").count() == 1
    assert [a.status_code for a in answers] == [201, 201]
    assert answers[0].content == answers[1].content


def test_the_api_document_offers_the_header_on_each_write_that_takes_it() -> None:
    paths = api.get_openapi_schema()["paths"]
    for method, path in clinic_api_writes():
        names = [p["name"] for p in paths[path][method].get("parameters", [])]
        assert ("Idempotency-Key" in names) == ((method, path) not in WITHOUT_KEY), path


def test_a_replay_is_refused_to_someone_who_has_left_the_clinic(
    front_desk: Membership, at: Callable[[Membership, str], str]
) -> None:
    client = _token_client(front_desk)
    body = b'{"given_name": "Dee", "family_name": "Lane", "date_of_birth": "1970-01-01"}'
    assert _send(client, "post", at(front_desk, "/patients"), body, "k1").status_code == 201
    # when fred's membership ends, his retry gets nothing back from the clinic
    Membership.objects.filter(pk=front_desk.pk).update(ended_at=timezone.now())

    again = _send(client, "post", at(front_desk, "/patients"), body, "k1")

    assert again.status_code == 404
    assert b"Dee" not in again.content


def test_the_hourly_task_forgets_every_persons_keys_after_a_day(
    front_desk: Membership, manager: Membership, at: Callable[[Membership, str], str]
) -> None:
    body = b'{"given_name": "Dee", "family_name": "Lane", "date_of_birth": "1970-01-01"}'
    _send(_token_client(front_desk), "post", at(front_desk, "/patients"), body, "k1")
    IdempotentRequest.objects.update(created_at=timezone.now() - KEPT_FOR - dt.timedelta(1))

    forgotten = forget_idempotency_keys.call_local()

    assert forgotten == 1
    assert not IdempotentRequest.objects.exists()

"""Every clinic endpoint, for every role, at their own clinic and at another.

Allowed: anything but 401, 403 or 404. Refused by role: 403. Another clinic's URL: 404, the
same answer as a clinic that does not exist.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from tests.web.clinic.people import https_client

from toxfill.web.clinic.models import Membership, TreatmentSession

P, F, M, A = "provider", "front_desk", "manager", "auditor"
EVERYONE = {P, F, M, A}
ROLES = [P, F, M, A]
Ids = dict[str, str]


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str  # {patient}, {consent}, {lot}, {session}, {event}, {followup}, {member}, {leaver}
    allowed: frozenset[str]
    body: Callable[[Ids], dict[str, Any]] | None = None


def _void(ids: Ids) -> dict[str, Any]:
    return {"version": 1, "reason": "entered in error"}


ENDPOINTS = {
    # members: everyone sees who works here; managers change it
    "list members": Endpoint("get", "/members", frozenset(EVERYONE)),
    "add member": Endpoint(
        "post",
        "/members",
        frozenset({M}),
        lambda ids: {"username": "nina", "role": "provider", "password": "a long passphrase 42"},
    ),
    "member detail": Endpoint("get", "/members/{member}", frozenset(EVERYONE)),
    "change member": Endpoint(
        "patch", "/members/{member}", frozenset({M}), lambda ids: {"version": 1, "role": "auditor"}
    ),
    "end membership": Endpoint("post", "/members/{leaver}/end", frozenset({M}), _void),
    # patients and consents: front desk and providers register; everyone reads
    "list patients": Endpoint("get", "/patients", frozenset(EVERYONE)),
    "register patient": Endpoint(
        "post",
        "/patients",
        frozenset({P, F}),
        lambda ids: {"given_name": "Bea", "family_name": "Lund", "date_of_birth": "1979-02-03"},
    ),
    "patient detail": Endpoint("get", "/patients/{patient}", frozenset(EVERYONE)),
    "change patient": Endpoint(
        "patch", "/patients/{patient}", frozenset({P, F}), lambda ids: {"version": 1, "phone": "1"}
    ),
    "void patient": Endpoint("post", "/patients/{patient}/void", frozenset({F, M}), _void),
    "list consents": Endpoint("get", "/patients/{patient}/consents", frozenset(EVERYONE)),
    "record consent": Endpoint(
        "post",
        "/patients/{patient}/consents",
        frozenset({P, F}),
        lambda ids: {
            "treatment": "photo",
            "text_version": "2026-01",
            "signed_at": "2026-01-05T10:00:00-05:00",
            "signed_by": "Ana Silva",
        },
    ),
    "withdraw consent": Endpoint(
        "post",
        "/consents/{consent}/withdraw",
        frozenset({P, F}),
        lambda ids: {"version": 1, "withdrawn_at": dt.datetime.now(dt.UTC).isoformat()},
    ),
    "void consent": Endpoint("post", "/consents/{consent}/void", frozenset({P, F}), _void),
    "patient history": Endpoint("get", "/patients/{patient}/history", frozenset({A})),
    # sessions: providers chart; clinical roles read; never the front desk
    "list sessions": Endpoint("get", "/sessions", frozenset({P, M, A})),
    "chart session": Endpoint(
        "post",
        "/sessions",
        frozenset({P}),
        lambda ids: {
            "patient": ids["patient"],
            "performed_at": dt.datetime.now(dt.UTC).isoformat(),
            "points": [{"zone": "forehead", "product": "botox", "lot": ids["lot"], "dose": "4"}],
            "override_reasons": {"retreatment-interval": "touch-up agreed at review"},
        },
    ),
    "session detail": Endpoint("get", "/sessions/{session}", frozenset({P, M, A})),
    "change notes": Endpoint(
        "patch", "/sessions/{session}", frozenset({P}), lambda ids: {"version": 1, "notes": "ok"}
    ),
    "void session": Endpoint("post", "/sessions/{session}/void", frozenset({P}), _void),
    # lots: managers receive and count; clinical roles read
    "list lots": Endpoint("get", "/lots", frozenset({P, M, A})),
    "receive lot": Endpoint(
        "post",
        "/lots",
        frozenset({M}),
        lambda ids: {
            "product": "xeomin",
            "quantity": "100",
            "lot_number": "X1",
            "expires_on": "2099-01-01",
        },
    ),
    "lot detail": Endpoint("get", "/lots/{lot}", frozenset({P, M, A})),
    "count lot": Endpoint(
        "post",
        "/lots/{lot}/count",
        frozenset({M}),
        lambda ids: {"version": 1, "quantity_on_hand": "90", "reason": "stock count"},
    ),
    "void lot": Endpoint("post", "/lots/{lot}/void", frozenset({M}), _void),
    # follow-ups: the due list, kept by the front desk and providers
    "list follow-ups": Endpoint("get", "/followups", frozenset(EVERYONE)),
    "schedule follow-up": Endpoint(
        "post",
        "/followups",
        frozenset({P, F}),
        lambda ids: {"patient": ids["patient"], "due_on": "2099-01-01", "purpose": "call"},
    ),
    "set follow-up status": Endpoint(
        "patch",
        "/followups/{followup}",
        frozenset({P, F}),
        lambda ids: {"version": 1, "status": "booked"},
    ),
    "void follow-up": Endpoint("post", "/followups/{followup}/void", frozenset({P, F}), _void),
    # adverse events: providers record and grade; clinical roles read
    "list events": Endpoint("get", "/events", frozenset({P, M, A})),
    "record event": Endpoint(
        "post",
        "/events",
        frozenset({P}),
        lambda ids: {
            "session": ids["session"],
            "onset_at": dt.datetime.now(dt.UTC).isoformat(),
            "symptoms": ["swelling"],
        },
    ),
    "event detail": Endpoint("get", "/events/{event}", frozenset({P, M, A})),
    "grade event": Endpoint(
        "patch", "/events/{event}", frozenset({P}), lambda ids: {"version": 1, "severity": "mild"}
    ),
    "void event": Endpoint("post", "/events/{event}/void", frozenset({P}), _void),
    # the access log: auditors only
    "access log": Endpoint("get", "/access-log", frozenset({A})),
}


@pytest.fixture
def ids(charted: TreatmentSession, personas: dict[str, Membership]) -> Ids:
    patient = charted.patient
    return {
        "patient": str(patient.public_id),
        "consent": str(patient.consents.order_by("id").first().public_id),  # type: ignore[union-attr]
        "lot": str(charted.points.get().lot.public_id),
        "session": str(charted.public_id),
        "event": str(charted.events.get().public_id),
        "followup": str(charted.followups.get().public_id),
        "member": str(personas[P].public_id),
        "leaver": str(personas[F].public_id),
    }


def _call(client: Client, url: str, endpoint: Endpoint, ids: Ids) -> Any:
    if endpoint.method == "get":
        return client.get(url)
    body = endpoint.body(ids) if endpoint.body else {}
    return getattr(client, endpoint.method)(url, body, content_type="application/json")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", list(ENDPOINTS))
def test_it_lets_each_role_do_what_its_role_allows_at_its_own_clinic(
    name: str,
    role: str,
    ids: Ids,
    personas: dict[str, Membership],
    client_for: Callable[[Membership], Client],
    at: Callable[[Membership, str], str],
) -> None:
    # given a member of Riverside in `role`
    endpoint = ENDPOINTS[name]
    member = personas[role]

    # when they call the endpoint at Riverside
    response = _call(client_for(member), at(member, endpoint.path.format(**ids)), endpoint, ids)

    # then their role decides: allowed, or a 403 in the API's error format
    if role in endpoint.allowed:
        assert response.status_code not in (401, 403, 404), response.content
        assert response.status_code < 500
    else:
        assert response.status_code == 403, response.content
        assert response.json()["detail"][0]["type"] == "forbidden"


@pytest.mark.parametrize("name", list(ENDPOINTS))
def test_it_answers_404_for_every_endpoint_of_another_clinic(
    name: str,
    ids: Ids,
    personas: dict[str, Membership],
    client_for: Callable[[Membership], Client],
    at: Callable[[Membership, str], str],
) -> None:
    # given oscar, a manager at Lakeside, and Riverside's URLs
    endpoint = ENDPOINTS[name]
    riverside_url = at(personas[P], endpoint.path.format(**ids))

    # when he calls Riverside's endpoint
    response = _call(client_for(personas["outsider"]), riverside_url, endpoint, ids)

    # then Riverside does not exist for him
    assert response.status_code == 404, response.content
    assert response.json()["detail"] == [
        {"loc": ["path", "clinic"], "msg": "no such clinic", "type": "not_found", "nearest": []}
    ]


def test_it_answers_401_without_a_session_or_token(
    manager: Membership, at: Callable[[Membership, str], str]
) -> None:
    response = https_client().get(at(manager, "/patients"))

    assert response.status_code == 401
    assert response.json()["detail"][0]["type"] == "unauthorized"

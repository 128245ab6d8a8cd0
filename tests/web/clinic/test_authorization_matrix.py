"""Authorization as a property: every clinic API operation (read from the API's OpenAPI
document) and every workspace page (read from the URL patterns), for every role, answers as
the role table below says, whatever the records' state and whoever's they are.

The table is the README's role table ("Clinic records"), door by door. For each door and role:

- own clinic, live records: a role the table allows is answered (not 401, 403, 404 or 405,
  never a 5xx); any other role gets 403;
- own clinic, voided records (ended memberships, revoked links): the same 403 for a wrong
  role; an allowed role is answered, or gets 404 where the table says a voided record is gone;
- own clinic, another clinic's record IDs (in the path or the body): 404 for an allowed role,
  the same 403 as ever for a wrong one (the role decides before any record is looked up);
- another clinic's address, or the role's membership ended: 404, as for no clinic at all.

A door added without a row here fails `test_it_has_a_row_for_every_door`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.http import HttpResponseBase
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from tests.web.clinic.every_record import Ids, World, build_world, remove_photo_files
from tests.web.clinic.people import BACKEND, PASSWORD, https_client

from toxfill.web.api import api
from toxfill.web.clinic.models import (
    Membership,
)

ROLES = ("provider", "front_desk", "manager", "auditor")
ALL = frozenset(ROLES)
NOBODY: frozenset[str] = frozenset()
# The README's role table, row by row.
PATIENT_WRITERS = frozenset({"provider", "front_desk"})  # register and edit, take consent
PATIENT_VOIDERS = frozenset({"front_desk", "manager"})
CLINICAL = frozenset({"provider", "manager", "auditor"})  # sessions, points, events: read
CHARTERS = frozenset({"provider"})
SCHEDULERS = frozenset({"provider", "front_desk"})  # follow-ups: book and close
LOT_READERS = frozenset({"provider", "manager", "auditor"})
MANAGERS = frozenset({"manager"})  # lots, members, signing keys: write
RECALL_WORKERS = frozenset({"provider", "manager"})  # tick a lot's recall: reached
AUDITORS = frozenset({"auditor"})
LINK_ISSUERS = frozenset({"provider", "front_desk", "manager"})
LINK_ADDRESS = frozenset({"provider", "manager"})  # see a link's address: may read sessions

ANSWERED = "answered"
GONE = "gone"  # a voided record is not there to act on: 404

Body = Callable[[Ids], dict[str, Any]]


@dataclass(frozen=True)
class Door:
    """Who may pass, with what a request sends (built from the records' IDs)."""

    allowed: frozenset[str]
    body: Body | None = None
    voided: str = ANSWERED
    names: tuple[str, ...] = field(default=())  # record kinds the body names


def _when(days: int = 0) -> str:
    return (timezone.now() - dt.timedelta(days=1) + dt.timedelta(days=days)).isoformat()


def _void(_: Ids) -> dict[str, Any]:
    return {"version": 1, "reason": "entered in error"}


def _session_in(ids: Ids) -> dict[str, Any]:
    point = {"zone": "glabella", "product": "botox", "lot": ids["lot_id"], "dose": "4"}
    return {"patient": ids["patient_id"], "performed_at": _when(), "points": [point]}


def _none(_: Ids) -> dict[str, Any]:
    return {}


# --- the API: every operation under /api/v1/clinic/{clinic_id}/ --------------------------------

API: dict[str, Door] = {
    "GET /{clinic_id}/members": Door(ALL),
    "POST /{clinic_id}/members": Door(
        MANAGERS, lambda _: {"username": "newcomer", "role": "auditor", "password": PASSWORD}
    ),
    "GET /{clinic_id}/members/{member_id}": Door(ALL),
    "PATCH /{clinic_id}/members/{member_id}": Door(
        MANAGERS, lambda _: {"version": 1, "role": "front-desk"}
    ),
    "POST /{clinic_id}/members/{member_id}/end": Door(MANAGERS, _void),
    "GET /{clinic_id}/patients": Door(ALL),
    "POST /{clinic_id}/patients": Door(
        PATIENT_WRITERS,
        lambda _: {"given_name": "Zoe", "family_name": "Ng", "date_of_birth": "1990-01-01"},
    ),
    "GET /{clinic_id}/patients/{patient_id}": Door(ALL),
    "PATCH /{clinic_id}/patients/{patient_id}": Door(
        PATIENT_WRITERS, lambda _: {"version": 1, "phone": "555 0100"}
    ),
    "POST /{clinic_id}/patients/{patient_id}/void": Door(PATIENT_VOIDERS, _void),
    "GET /{clinic_id}/patients/{patient_id}/consents": Door(ALL),
    "GET /{clinic_id}/patients/{patient_id}/fhir.json": Door(CLINICAL),
    "GET /{clinic_id}/exports/sessions.csv": Door(CLINICAL),
    "GET /{clinic_id}/exports/points.csv": Door(CLINICAL),
    "POST /{clinic_id}/patients/{patient_id}/consents": Door(
        PATIENT_WRITERS,
        lambda _: {
            "treatment": "botulinum-toxin",
            "text_version": "2026-01",
            "signed_at": _when(),
            "signed_by": "the patient",
        },
    ),
    "POST /{clinic_id}/consents/{consent_id}/withdraw": Door(
        PATIENT_WRITERS, lambda _: {"version": 1, "withdrawn_at": _when()}
    ),
    "POST /{clinic_id}/consents/{consent_id}/void": Door(PATIENT_WRITERS, _void),
    "GET /{clinic_id}/sessions": Door(CLINICAL),
    "POST /{clinic_id}/sessions": Door(CHARTERS, _session_in, names=("patient_id", "lot_id")),
    "GET /{clinic_id}/sessions/{session_id}": Door(CLINICAL),
    "PATCH /{clinic_id}/sessions/{session_id}": Door(
        CHARTERS, lambda _: {"version": 1, "notes": "tolerated well"}
    ),
    "POST /{clinic_id}/sessions/{session_id}/void": Door(CHARTERS, _void),
    "GET /{clinic_id}/lots": Door(LOT_READERS),
    "POST /{clinic_id}/lots": Door(
        MANAGERS,
        lambda _: {
            "product": "botox",
            "quantity": "100",
            "lot_number": "N1",
            "expires_on": "2099-01-31",
        },
    ),
    "GET /{clinic_id}/lots/{lot_id}": Door(LOT_READERS),
    "GET /{clinic_id}/lots/{lot_id}/recall.csv": Door(LOT_READERS),
    "POST /{clinic_id}/lots/{lot_id}/count": Door(
        MANAGERS, lambda _: {"version": 1, "quantity_on_hand": "50", "reason": "counted"}
    ),
    "POST /{clinic_id}/lots/{lot_id}/void": Door(MANAGERS, _void),
    "GET /{clinic_id}/followups": Door(ALL),
    "POST /{clinic_id}/followups": Door(
        SCHEDULERS,
        lambda ids: {
            "patient": ids["patient_id"],
            "due_on": (timezone.now() + dt.timedelta(days=10)).date().isoformat(),
            "purpose": "review",
        },
        names=("patient_id",),
    ),
    "PATCH /{clinic_id}/followups/{followup_id}": Door(
        SCHEDULERS, lambda _: {"version": 1, "status": "booked"}
    ),
    "POST /{clinic_id}/followups/{followup_id}/void": Door(SCHEDULERS, _void),
    "GET /{clinic_id}/events": Door(CLINICAL),
    "POST /{clinic_id}/events": Door(
        CHARTERS,
        lambda ids: {"session": ids["session_id"], "onset_at": _when(), "symptoms": ["bruising"]},
        names=("session_id",),
    ),
    "GET /{clinic_id}/events/{event_id}": Door(CLINICAL),
    "GET /{clinic_id}/events/{event_id}/medwatch.txt": Door(CLINICAL),
    "GET /{clinic_id}/events/{event_id}/medwatch.pdf": Door(CLINICAL),
    "PATCH /{clinic_id}/events/{event_id}": Door(
        CHARTERS, lambda _: {"version": 1, "severity": "mild"}
    ),
    "POST /{clinic_id}/events/{event_id}/void": Door(CHARTERS, _void),
    "GET /{clinic_id}/access-log": Door(AUDITORS),
    "GET /{clinic_id}/patients/{patient_id}/history": Door(AUDITORS),
    "GET /{clinic_id}/signing-keys": Door(ALL),
    "POST /{clinic_id}/signing-keys/rotate": Door(MANAGERS, lambda _: {"reason": "routine"}),
    "POST /{clinic_id}/patients/{patient_id}/links": Door(
        LINK_ISSUERS, lambda _: {"email": True}, voided=GONE
    ),
    "GET /{clinic_id}/patients/{patient_id}/links": Door(ALL),
    "GET /{clinic_id}/link-access-log": Door(AUDITORS),
    "POST /{clinic_id}/links/{link_id}/revoke": Door(LINK_ISSUERS),
    # What the link opens, for the roles that may read it (a voided patient's link is gone; a
    # revoked link of a live patient answers 410, test_passport_api.py).
    "GET /{clinic_id}/links/{link_id}/passport.pdf": Door(CLINICAL, voided=GONE),
    "GET /{clinic_id}/links/{link_id}/passport.smart-health-card": Door(CLINICAL, voided=GONE),
    "GET /{clinic_id}/links/{link_id}/passport.fhir.json": Door(CLINICAL, voided=GONE),
    "GET /{clinic_id}/invitations": Door(MANAGERS),
    "POST /{clinic_id}/invitations/{invitation_id}/withdraw": Door(MANAGERS),
    "GET /{clinic_id}/calendar-feeds": Door(ALL),  # one's own
    "POST /{clinic_id}/calendar-feeds": Door(ALL, _none),
    "POST /{clinic_id}/calendar-feeds/revoke": Door(ALL, _none),
    "GET /{clinic_id}/calendar-settings": Door(ALL),
    "PUT /{clinic_id}/calendar-settings": Door(MANAGERS, lambda _: {"patient_names": True}),
}

# A person's own account, not a clinic's: no role decides, any signed-in person is answered.
PERSONAL = {
    "POST /login",
    "POST /logout",
    "GET ",  # /api/v1/clinic, your clinics (also at /api/v1/clinic/, left out of the document)
    "GET /tokens",
    "POST /tokens",
    "GET /invitations",
}
# Published for whoever verifies a passport: no sign-in, no role (test_passport_api.py).
PUBLIC = {"GET /{clinic_id}/signing-keys/jwks.json"}
PERSONAL_RECORDS = {  # another person's token or invitation: 404
    "POST /tokens/{token_id}/revoke",
    "POST /invitations/{invitation_id}/accept",
    "POST /invitations/{invitation_id}/decline",
}


# --- the workspace: every page under /clinic/<clinic>/ -------------------------------------

PAGES: dict[str, dict[str, Door]] = {
    "clinic:dashboard": {"GET": Door(ALL)},
    "clinic:patients": {"GET": Door(ALL)},
    "clinic:patient": {
        "GET": Door(ALL),
        "POST": Door(
            PATIENT_WRITERS, lambda _: {"treatment": "botulinum-toxin", "text_version": "2026-01"}
        ),
    },
    "clinic:patient-edit": {"GET": Door(PATIENT_WRITERS), "POST": Door(PATIENT_WRITERS, _none)},
    "clinic:chart": {"GET": Door(CHARTERS), "POST": Door(CHARTERS, _none)},
    "clinic:patient-fhir": {"GET": Door(CLINICAL)},
    "clinic:photos": {"GET": Door(CLINICAL), "POST": Door(CHARTERS, _none)},
    "clinic:photo-file": {"GET": Door(CLINICAL, voided=GONE)},  # a voided photo is not served
    "clinic:scan": {"GET": Door(CHARTERS)},
    "clinic:mixing": {"GET": Door(CHARTERS)},
    "clinic:read-label": {"GET": Door(MANAGERS)},
    "clinic:access-log": {"GET": Door(AUDITORS)},
    "clinic:session": {"GET": Door(CLINICAL)},
    "clinic:event-new": {"GET": Door(CHARTERS), "POST": Door(CHARTERS, _none)},
    "clinic:events": {"GET": Door(CLINICAL)},
    "clinic:event": {"GET": Door(CLINICAL), "POST": Door(CHARTERS, _none)},
    "clinic:medwatch": {"GET": Door(CLINICAL)},
    "clinic:medwatch-pdf": {"GET": Door(CLINICAL)},
    "clinic:lots": {"GET": Door(LOT_READERS), "POST": Door(MANAGERS, _none)},
    "clinic:lot": {"GET": Door(LOT_READERS)},
    "clinic:recall-csv": {"GET": Door(LOT_READERS)},
    "clinic:recall-reached": {"POST": Door(RECALL_WORKERS, lambda _: {"contacted": "yes"})},
    "clinic:followups": {"GET": Door(ALL)},
    "clinic:followup-status": {
        "POST": Door(SCHEDULERS, lambda _: {"version": 1, "status": "booked"})
    },
    "clinic:followups-ics": {"GET": Door(ALL)},
    "clinic:feed-new": {"POST": Door(ALL, _none)},  # one's own address
    "clinic:feed-stop": {"POST": Door(ALL, _none)},
    "clinic:calendar-names": {"POST": Door(MANAGERS, lambda _: {"patient_names": "on"})},
    "clinic:members": {"GET": Door(ALL)},
    "clinic:invite": {
        "POST": Door(
            MANAGERS, lambda _: {"username": "newcomer", "role": "auditor", "password": PASSWORD}
        )
    },
    "clinic:withdraw": {"POST": Door(MANAGERS, _none)},
    # Turning it off (nobody here has a second factor, which turning it on needs)
    "clinic:require-two-factor": {"POST": Door(MANAGERS, _none)},
    "clinic:clinic-phone": {"POST": Door(MANAGERS, _none)},
    "clinic:emergency-plan": {"POST": Door(MANAGERS, _none)},
    "clinic:member-sign-out": {"POST": Door(MANAGERS, _none)},
    "clinic:member-second-factor-reset": {"POST": Door(MANAGERS, _none)},
    "clinic:patient-history": {"GET": Door(AUDITORS)},
    "clinic:reports": {"GET": Door(CLINICAL)},
    "clinic:exports": {"GET": Door(CLINICAL)},
    "clinic:sessions-csv": {"GET": Door(CLINICAL)},
    "clinic:points-csv": {"GET": Door(CLINICAL)},
    "patient-links": {
        "GET": Door(ALL),
        "POST": Door(LINK_ADDRESS, _none, voided=GONE),  # the printed sheet shows the address
        "POST email": Door(LINK_ISSUERS, lambda _: {"send": "email"}, voided=GONE),
        "POST revoke": Door(
            LINK_ISSUERS, lambda ids: {"revoke": ids["link_id"]}, names=("link_id",)
        ),
    },
    "passport-import": {"GET": Door(ALL), "POST": Door(ALL, lambda _: {"card_text": "x"})},
}

# Under /clinic/ but before any clinic is chosen: signing in and out, the clinic picker.
PAGES_WITHOUT_A_CLINIC = {
    "clinic:home",
    "clinic:login",
    # A forgotten password, before any sign-in (test_forgotten_password.py)
    "clinic:forgot-password",
    "clinic:forgot-password-sent",
    "clinic:reset-password-done",
    "clinic:logout",
    "clinic:accept",  # one's own invitation (another person's: 404, test_invitations.py)
    "clinic:decline",
    # One's own second factors, and the second step of signing in (test_two_factor.py)
    "clinic:second-step",
    "clinic:signin-passkey-options",
    "clinic:signin-passkey",
    "clinic:two-factor",
    "clinic:two-factor-app",
    "clinic:two-factor-app-remove",
    "clinic:passkey-options",
    "clinic:passkey-add",
    "clinic:passkey-remove",
    "clinic:recovery-codes",
    # One's own password and browsers, and the password asked again (test_password_change.py,
    # test_signed_in_browsers.py, test_confirm_password.py)
    "clinic:password",
    "clinic:password-changed",
    "clinic:browsers",
    "clinic:confirm-password",
    # The server's operator, an account marked staff: 404 to everyone else (test_operator.py)
    "clinic:operator",
}
# Opened by a calendar app with the feed's own secret, never a session: no role decides
# (test_feed_and_token_scopes.py holds who its secret opens it for).
# The first manager's one-time link opens with Django's password-reset token, before any
# sign-in (test_open_clinic.py).
# A forgotten password's link likewise (test_forgotten_password.py).
PAGES_BY_SECRET = {"clinic:followups-feed", "clinic:set-password", "clinic:reset-password"}


def api_operations() -> set[str]:
    paths = api.get_openapi_schema()["paths"]
    prefix = "/api/v1/clinic"
    return {
        f"{method.upper()} {path[len(prefix) :]}"
        for path, operations in paths.items()
        if path == prefix or path.startswith(prefix + "/")
        for method in operations
    }


def _patterns(patterns: list[Any], prefix: str, namespace: str) -> Iterator[tuple[str, str]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{pattern.namespace}:" if pattern.namespace else namespace
            yield from _patterns(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield prefix + str(pattern.pattern), namespace + pattern.name


def workspace_pages() -> dict[str, str]:
    """Every page under /clinic/, by URL name: its route."""
    return {
        name: route
        for route, name in _patterns(get_resolver().url_patterns, "", "")
        if route.startswith("clinic/")
    }


def test_it_has_a_row_for_every_door() -> None:
    assert api_operations() == set(API) | PERSONAL | PERSONAL_RECORDS | PUBLIC
    assert set(workspace_pages()) == set(PAGES) | PAGES_WITHOUT_A_CLINIC | PAGES_BY_SECRET


@pytest.fixture
def world(personas: dict[str, Membership]) -> Iterator[World]:
    yield build_world(personas)
    remove_photo_files()


# --- the property --------------------------------------------------------------------------

Send = Callable[[Client, Ids], int]


def _status(response: HttpResponseBase) -> int:
    if response.streaming:  # read to the end, which closes the file it streams
        b"".join(response.streaming_content)  # type: ignore[attr-defined]
    return response.status_code


def _api_send(operation: str, door: Door) -> Send:
    method, path = operation.split(" ", 1)

    def send(client: Client, ids: Ids) -> int:
        url = "/api/v1/clinic" + path.format(**ids)
        if method == "GET":
            return _status(client.get(url))
        call = getattr(client, method.lower())
        body = door.body(ids) if door.body else {}
        return _status(call(url, body, content_type="application/json"))

    return send


def _page_send(name: str, how: str, door: Door) -> Send:
    route = workspace_pages()[name]

    def send(client: Client, ids: Ids) -> int:
        url = "/" + _fill(route, ids)
        if how == "GET":
            return _status(client.get(url))
        return _status(client.post(url, door.body(ids) if door.body else {}))

    return send


def _fill(route: str, ids: Ids) -> str:
    """The route with its <converter:name> parts filled from the IDs (<uuid:clinic> is the
    clinic's own)."""
    out = route
    for part in route.split("<")[1:]:
        spec = part.split(">", 1)[0]
        name = spec.split(":")[-1]
        value = ids["clinic_id"] if name == "clinic" else ids[name]
        out = out.replace(f"<{spec}>", value)
    return out


RECORD_KINDS = (
    "patient_id",
    "consent_id",
    "session_id",
    "lot_id",
    "followup_id",
    "event_id",
    "photo_id",
    "member_id",
    "link_id",
    "invitation_id",
)


def _names_records(route: str, door: Door) -> bool:
    return any(kind in route for kind in RECORD_KINDS) or bool(door.names)


def _answered(status: int) -> bool:
    return status not in (401, 403, 404, 405) and status < 500


def _check(world: World, role: str, route: str, door: Door, send: Send) -> None:
    member = world.personas[role]
    client = https_client()
    client.force_login(member.user, backend=BACKEND)
    client.raise_request_exception = False
    allowed = role in door.allowed
    seen: dict[str, int] = {}
    # another clinic's address: not a clinic of theirs
    seen["other clinic"] = send(client, world.other_clinic)
    names = _names_records(route, door)
    if names:
        seen["their records"] = send(client, world.theirs)
        seen["voided"] = send(client, world.voided)
    seen["live"] = send(client, world.own)
    Membership.objects.filter(pk=member.pk).update(ended_at=timezone.now())
    seen["ended membership"] = send(client, world.own)

    expected: dict[str, int | str] = {"other clinic": 404, "ended membership": 404}
    if names:
        expected["their records"] = 404 if allowed else 403
        gone = door.voided == GONE
        expected["voided"] = (404 if gone else ANSWERED) if allowed else 403
    expected["live"] = ANSWERED if allowed else 403
    got = {k: ANSWERED if expected[k] == ANSWERED and _answered(v) else v for k, v in seen.items()}
    assert got == expected, f"statuses seen: {seen}"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("operation", sorted(API))
def test_it_lets_through_each_api_operation_exactly_the_roles_the_table_allows(
    operation: str, role: str, world: World
) -> None:
    door = API[operation]
    _check(world, role, operation, door, _api_send(operation, door))


PAGE_DOORS = sorted((name, how) for name, doors in PAGES.items() for how in doors)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "how"), PAGE_DOORS)
def test_it_lets_through_each_workspace_page_exactly_the_roles_the_table_allows(
    name: str, how: str, role: str, world: World
) -> None:
    door = PAGES[name][how]
    _check(world, role, workspace_pages()[name], door, _page_send(name, how, door))


@pytest.mark.parametrize("role", ROLES)
def test_it_answers_any_signed_in_person_on_their_own_account(
    role: str, world: World, client_for: Callable[[Membership], Client]
) -> None:
    client = client_for(world.personas[role])
    assert client.get("/api/v1/clinic/").status_code == 200
    assert client.get("/api/v1/clinic/tokens").status_code == 200
    made = client.post("/api/v1/clinic/tokens", {"name": "t"}, content_type="application/json")
    assert made.status_code == 201
    revoke = f"/api/v1/clinic/tokens/{made.json()['id']}/revoke"
    # someone else's token is no token of theirs; their own is revoked
    other = client_for(world.personas["outsider"]).post(revoke)
    own = client.post(revoke)
    assert (other.status_code, own.status_code) == (404, 200)

"""A clinic with real records for the clinic API's fuzz test, and the hooks that steer the
fuzzer's IDs to them.

Random UUIDs name nothing: every operation on a record would answer 404 and no handler past
the look-up would run. So each ID the fuzzer generates (in the path, the query or the body)
is, more often than not, swapped for the ID of a record of the right kind at the clinic.
Only an ID that is a well-formed UUID is swapped: a malformed one is the fuzzer's negative
case (a 422 is expected), and making it valid would make that case a positive one.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from hypothesis import strategies as st
from tests.web.clinic.people import PASSWORD

from toxfill.web.clinic.actions.invitations import invite_member
from toxfill.web.clinic.actions.patients import register_patient
from toxfill.web.clinic.actions.tokens import create_token
from toxfill.web.clinic.models import (
    AdverseEvent,
    Consent,
    FollowUp,
    Invitation,
    Membership,
    Patient,
    ProductLot,
    TreatmentSession,
)
from toxfill.web.patient_link.actions import issue_patient_link
from toxfill.web.patient_link.models import PatientLink

ROLES = ("provider", "front_desk", "manager", "auditor")

# Which kind of record an ID names, by the parameter or field that carries it.
PATH_KINDS = {
    "clinic_id": "clinic",
    "patient_id": "patient",
    "session_id": "session",
    "lot_id": "lot",
    "consent_id": "consent",
    "followup_id": "followup",
    "event_id": "event",
    "member_id": "member",
    "invitation_id": "invitation",
    "token_id": "token",
    "link_id": "link",
}
QUERY_KINDS = {"patient": "patient", "lot": "lot"}
BODY_KINDS = {"patient": "patient", "session": "session", "provider": "provider", "lot": "lot"}


@dataclass
class Known:
    """The public IDs of the records of each kind at the fuzzed clinic, and the token the
    running test signs in with."""

    ids: dict[str, list[str]] = field(default_factory=dict)
    token: str = ""

    def add(self, kind: str, *public_ids: uuid.UUID) -> None:
        self.ids.setdefault(kind, []).extend(str(public_id) for public_id in public_ids)

    def swap(self, kind: str | None, value: Any) -> st.SearchStrategy[Any]:
        """A known ID of the kind (three times in four), or the generated value as it is."""
        if kind is None or not _is_uuid(value) or not self.ids.get(kind):
            return st.just(value)
        known = st.sampled_from(self.ids[kind])
        return st.one_of(known, known, known, st.just(value))


KNOWN = Known()
"""Filled by `clinic_records` for the test that is running; read by the hooks."""


def _is_uuid(value: Any) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return isinstance(value, str)


def _swapped(values: Any, kinds: dict[str, str]) -> st.SearchStrategy[Any]:
    if not isinstance(values, dict):
        return st.just(values)
    names = list(values)
    parts = [KNOWN.swap(kinds.get(name), values[name]) for name in names]
    return st.tuples(*parts).map(lambda chosen: dict(zip(names, chosen, strict=True)))


def swap_path(path_parameters: Any) -> st.SearchStrategy[Any]:
    return _swapped(path_parameters, PATH_KINDS)


def swap_query(query: Any) -> st.SearchStrategy[Any]:
    return _swapped(query, QUERY_KINDS)


def swap_body(body: Any) -> st.SearchStrategy[Any]:
    """The IDs in a JSON body (a session's patient, its points' lots, an event's session)."""
    if not isinstance(body, dict):
        return st.just(body)
    fields = {name: value for name, value in body.items() if name != "points"}
    swapped = _swapped(fields, BODY_KINDS)
    points = body.get("points")
    if not isinstance(points, list):
        return swapped.map(lambda chosen: {**body, **chosen})
    each = [
        _swapped(point, BODY_KINDS) if isinstance(point, dict) else st.just(point)
        for point in points
    ]
    return st.tuples(swapped, st.tuples(*each)).map(
        lambda both: {**body, **both[0], "points": list(both[1])}
    )


def clinic_records(personas: dict[str, Membership], charted: TreatmentSession) -> dict[str, str]:
    """Riverside's records (conftest.py's: Ana, her consents, two lots, a charted session with
    its follow-up and adverse event) and more: a second patient, a pending invitation, a
    patient link; a read-write token for each role. Their IDs go into KNOWN; the tokens are
    returned by role."""
    manager, provider = personas["manager"], personas["provider"]
    clinic = manager.clinic
    patient = charted.patient
    register_patient(
        personas["front_desk"],
        given_name="Ben",
        family_name="Okafor",
        date_of_birth=dt.date(1979, 11, 20),
    )
    invite_member(manager, username="ivy", role="provider", password=PASSWORD)
    issue_patient_link(provider, patient.public_id)
    KNOWN.ids.clear()
    KNOWN.add("clinic", clinic.public_id)
    for kind, rows in _rows(clinic.id):
        KNOWN.add(kind, *rows)
    KNOWN.add("provider", provider.public_id)
    tokens = {}
    for role in ROLES:
        member = personas[role]
        token, secret = create_token(member.user, name="fuzz", scope="read-write")
        KNOWN.add("token", token.public_id)
        tokens[role] = secret
    return tokens


def _rows(clinic_row_id: int) -> Iterator[tuple[str, list[uuid.UUID]]]:
    models: dict[str, Any] = {
        "patient": Patient,
        "session": TreatmentSession,
        "lot": ProductLot,
        "consent": Consent,
        "followup": FollowUp,
        "event": AdverseEvent,
        "member": Membership,
        "invitation": Invitation,
        "link": PatientLink,
    }
    for kind, model in models.items():
        found = model.objects.filter(clinic_id=clinic_row_id).values_list("public_id", flat=True)
        yield kind, list(found)

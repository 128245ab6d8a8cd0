"""With a read replica, a member's pages read it, except just after they wrote: then their own
reads go to the primary, so a nurse always sees what she just saved, and nobody else's do.

The replica is the test database itself (Django's test mirror, tests/settings.py), so each
test checks which database a read went to, not what it found there.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connections
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from tests.web.clinic.people import PASSWORD, https_client

from toxfill.web.clinic.actions.tokens import create_token
from toxfill.web.clinic.models import Membership, Patient
from toxfill.web.db_router import PRIMARY, REPLICA, ROUTER

pytestmark = pytest.mark.django_db(transaction=True, databases=[PRIMARY, REPLICA])

NEW_PATIENT = {"given_name": "Dee", "family_name": "Lane", "date_of_birth": "1970-01-01"}


@pytest.fixture(autouse=True)
def replica_router() -> Iterator[None]:
    with override_settings(DATABASE_ROUTERS=[ROUTER]):
        yield


def patients_read_from(read: Callable[[], Any]) -> set[str]:
    """The databases a request read the clinic's patients from."""
    found = set()
    for alias in (PRIMARY, REPLICA):
        with CaptureQueriesContext(connections[alias]) as captured:
            answer = read()
        assert answer.status_code == 200
        if any(
            q["sql"].lstrip().startswith("SELECT") and '"clinic_patient"' in q["sql"]
            for q in captured.captured_queries
        ):
            found.add(alias)
    return found


def page(client: Client, member: Membership) -> Callable[[], Any]:
    return lambda: client.get(f"/clinic/{member.clinic.public_id}/patients/")


def api_list(client: Client, member: Membership) -> Callable[[], Any]:
    return lambda: client.get(f"/api/v1/clinic/{member.clinic.public_id}/patients")


def register(client: Client, member: Membership) -> Any:
    return client.post(
        f"/api/v1/clinic/{member.clinic.public_id}/patients",
        json.dumps(NEW_PATIENT),
        content_type="application/json",
    )


def test_after_saving_a_nurse_reads_the_primary_and_her_colleague_the_replica(
    front_desk: Membership,
    provider: Membership,
    patient: Patient,
    client_for: Callable[[Membership], Client],
) -> None:
    nurse, colleague = client_for(front_desk), client_for(provider)
    # given a nurse whose pages read the replica
    assert patients_read_from(page(nurse, front_desk)) == {REPLICA}
    # when she registers a patient
    assert register(nurse, front_desk).status_code == 201
    # then her next pages read the primary, whichever node serves them
    assert patients_read_from(page(nurse, front_desk)) == {PRIMARY}
    assert patients_read_from(api_list(nurse, front_desk)) == {PRIMARY}
    # and her colleague's still read the replica
    assert patients_read_from(page(colleague, provider)) == {REPLICA}


def test_a_write_that_failed_leaves_reads_on_the_replica(
    front_desk: Membership, patient: Patient, client_for: Callable[[Membership], Client]
) -> None:
    nurse = client_for(front_desk)
    refused = nurse.post(
        f"/api/v1/clinic/{front_desk.clinic.public_id}/patients",
        json.dumps({**NEW_PATIENT, "date_of_birth": "yesterday"}),
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert patients_read_from(api_list(nurse, front_desk)) == {REPLICA}


def test_viewing_a_record_is_logged_without_sending_the_viewer_to_the_primary(
    front_desk: Membership, patient: Patient, client_for: Callable[[Membership], Client]
) -> None:
    nurse = client_for(front_desk)
    # when she opens a record (its view is written to the access log)
    record = nurse.get(f"/clinic/{front_desk.clinic.public_id}/patients/{patient.public_id}/")
    assert record.status_code == 200
    # then her next page still reads the replica
    assert patients_read_from(page(nurse, front_desk)) == {REPLICA}


def test_a_token_that_wrote_reads_the_primary_and_another_token_the_replica(
    front_desk: Membership, patient: Patient
) -> None:
    def token_client() -> Client:
        _, secret = create_token(front_desk.user, name="sync", scope="read-write")
        return Client(HTTP_AUTHORIZATION=f"Bearer {secret}", **{"wsgi.url_scheme": "https"})

    writer, reader = token_client(), token_client()
    assert register(writer, front_desk).status_code == 201
    assert patients_read_from(api_list(writer, front_desk)) == {PRIMARY}
    assert patients_read_from(api_list(reader, front_desk)) == {REPLICA}


def test_signing_in_is_a_write_whose_session_reads_the_primary(
    front_desk: Membership, patient: Patient
) -> None:
    # given a member who signs in (the answer sets a new session cookie)
    browser = https_client()
    user: User = front_desk.user
    signed_in = browser.post(
        "/api/v1/clinic/login",
        {"username": user.username, "password": PASSWORD},
        content_type="application/json",
    )
    assert signed_in.status_code == 200
    # then that session's next page reads the primary
    assert patients_read_from(page(browser, front_desk)) == {PRIMARY}

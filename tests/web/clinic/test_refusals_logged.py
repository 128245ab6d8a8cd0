"""A refused request is a log line (the checklist's ASVS 16.3.2): Django's request log names
the path and the status of every 401, 403 and 404, and the access log adds the visitor's
address. The line names no person: the access log's address and time lead to them."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest
from django.test import Client
from tests.web.clinic.people import https_client

from toxfill.web.clinic.models import Membership, Patient

Url = Callable[[Membership, str], str]


def _refusals(caplog: pytest.LogCaptureFixture) -> list[tuple[int, str]]:
    return [
        (r.status_code, r.getMessage())  # type: ignore[attr-defined]
        for r in caplog.records
        if r.name == "django.request" and r.levelno == logging.WARNING
    ]


def test_a_role_refused_a_door_is_logged_with_the_path_and_status(
    provider: Membership,
    client_for: Callable[[Membership], Client],
    at: Url,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger="django.request")
    path = at(provider, "/access-log")  # auditors only

    answer = client_for(provider).get(path)

    assert answer.status_code == 403
    assert _refusals(caplog) == [(403, f"Forbidden: {path}")]


def test_another_clinics_record_and_no_credentials_are_logged_too(
    outsider: Membership,
    patient: Patient,
    client_for: Callable[[Membership], Client],
    at: Url,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger="django.request")
    theirs = f"{at(outsider, '')}/patients/{patient.public_id}"

    client_for(outsider).get(theirs)
    https_client().get(theirs)

    assert [status for status, _ in _refusals(caplog)] == [404, 401]
    assert all(theirs in line for _, line in _refusals(caplog))


def test_refused_input_and_a_paused_sign_in_are_logged(
    provider: Membership,
    client_for: Callable[[Membership], Client],
    at: Url,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger="django.request")
    guesser = https_client()

    client_for(provider).post(at(provider, "/patients"), {}, content_type="application/json")
    for _ in range(6):
        guesser.post(
            "/api/v1/clinic/login",
            {"username": "paula", "password": "a wrong guess"},
            content_type="application/json",
        )

    statuses = [status for status, _ in _refusals(caplog)]
    assert statuses[0] == 422
    assert statuses[-1] == 429

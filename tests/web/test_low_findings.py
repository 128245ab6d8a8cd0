"""Issue 19, item 9: the low findings, each pinned by a test that failed before its fix."""

from __future__ import annotations

import base64
import datetime as dt
import logging
from collections.abc import Callable
from types import SimpleNamespace

import pytest
from django.test import Client
from gunicorn.config import Config
from tests.web.patient_link.conftest import *  # noqa: F403 - the clinic personas, links and data

from toxfill.web.clinic.models import Membership, Patient, TreatmentSession
from toxfill.web.patient_link.redact import NoLinkTokens, RedactingLogger, redacted

# --- a. a tampered list cursor is a 422 naming `cursor`, never a 500 --------------------------

LISTS = ["/patients", "/sessions", "/lots", "/followups", "/events", "/access-log"]
LISTS += ["/link-access-log"]


def _cursor(raw: str) -> str:
    return base64.b64encode(raw.encode()).decode()


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize(
    "raw",
    [
        pytest.param("p=garbage", id="not_a_position"),
        pytest.param("p=2026-13-45", id="no_such_date"),
        pytest.param("p=2026-01-01T09:00:00", id="an_instant_without_its_zone"),
        pytest.param("p=0001-01-01T00:00:00%2B14:00", id="before_the_calendar_in_utc"),
        pytest.param("p=9999-12-31T23:59:59-14:00", id="after_the_calendar_in_utc"),
        pytest.param("p=%00", id="nul"),
        pytest.param("o=-1", id="negative_offset"),
        pytest.param("r=maybe", id="not_a_direction"),
    ],
)
def test_it_refuses_a_tampered_cursor_on_every_list_with_a_422_naming_cursor(
    path: str,
    raw: str,
    auditor: Membership,
    charted: TreatmentSession,
    client_for: Callable[[Membership], Client],
    at: Callable[[Membership, str], str],
) -> None:
    client = client_for(auditor)
    client.raise_request_exception = False

    response = client.get(at(auditor, f"{path}?cursor={_cursor(raw)}"))

    assert response.status_code == 422, response.content
    assert response.json()["detail"][0]["loc"] == ["query", "cursor"]
    assert response.json()["detail"][0]["type"] == "invalid"


@pytest.mark.parametrize("path", [p for p in LISTS if p != "/followups"])
def test_it_refuses_a_date_where_the_list_is_ordered_by_an_instant(
    path: str,
    auditor: Membership,
    client_for: Callable[[Membership], Client],
    at: Callable[[Membership, str], str],
) -> None:
    client = client_for(auditor)
    client.raise_request_exception = False

    response = client.get(at(auditor, f"{path}?cursor={_cursor('p=2026-01-01')}"))

    assert response.status_code == 422, response.content
    assert response.json()["detail"][0]["loc"] == ["query", "cursor"]


def test_it_still_follows_a_cursor_it_gave(
    auditor: Membership,
    charted: TreatmentSession,
    front_desk: Membership,
    client_for: Callable[[Membership], Client],
    at: Callable[[Membership, str], str],
) -> None:
    for n in range(3):
        Patient.objects.create(
            clinic_id=auditor.clinic_id, given_name=f"P{n}", family_name="Test",
            date_of_birth=dt.date(1980, 1, 1),
        )  # fmt: skip
    client = client_for(auditor)
    first = client.get(at(auditor, "/patients?page_size=2")).json()

    second = client.get(first["next"])

    assert second.status_code == 200
    assert len(second.json()["results"]) == 2


# --- b. a revoke of something that is not an ID -----------------------------------------------


def test_it_answers_a_revoke_of_a_link_that_is_not_an_id_as_no_such_link(
    front_desk: Membership, patient: Patient, client_for: Callable[[Membership], Client]
) -> None:
    client = client_for(front_desk)
    client.raise_request_exception = False
    url = f"/clinic/{front_desk.clinic.public_id}/patients/{patient.public_id}/links"

    response = client.post(url, {"revoke": "not-a-link"})

    assert response.status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        pytest.param("/api/v1/clinic/tokens/not-a-token/revoke", id="token"),
        pytest.param("/api/v1/clinic/{clinic}/links/not-a-link/revoke", id="link"),
    ],
)
def test_it_answers_an_api_revoke_of_something_not_an_id_with_a_422_on_the_path(
    path: str, front_desk: Membership, client_for: Callable[[Membership], Client]
) -> None:
    client = client_for(front_desk)
    client.raise_request_exception = False

    response = client.post(
        path.format(clinic=front_desk.clinic.public_id), "{}", content_type="application/json"
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][0] == "path"


# --- c. a patient link's token never reaches a log, however its path is spelled -------------


@pytest.mark.parametrize(
    "path",
    [
        pytest.param("/p/Zx3-secret_token/", id="trailing_slash"),
        pytest.param("//p/Zx3-secret_token", id="doubled_slash_before"),
        pytest.param("/p//Zx3-secret_token", id="doubled_slash_after"),
        pytest.param("/p/Zx3-secret_token//", id="doubled_trailing_slash"),
        pytest.param("/%70/Zx3-secret_token", id="percent_encoded_p"),
        pytest.param("/p%2FZx3-secret_token", id="percent_encoded_slash"),
        pytest.param("/p/Zx3-%73ecret_token", id="percent_encoded_token"),
        pytest.param("/p/Zx3-%2573ecret_token", id="percent_encoded_twice"),
        pytest.param("/P/Zx3-secret_token", id="capital_p"),
        pytest.param("/p/./Zx3-secret_token", id="dot_segment"),
        pytest.param("/p/Zx3-secret_token/more", id="deeper"),
        pytest.param("//p//calendar//abc~secret.ics", id="calendar_doubled_slashes"),
    ],
)
def test_it_keeps_every_spelling_of_a_link_path_out_of_djangos_request_log(path: str) -> None:
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "%s: %s", ("Not Found", path), None
    )

    NoLinkTokens().filter(record)

    assert "ecret" not in record.getMessage()
    assert record.getMessage().startswith("Not Found: /p/")


@pytest.mark.parametrize(
    "path",
    [
        pytest.param("/", id="home"),
        pytest.param("/p/", id="passport_page"),
        pytest.param("/p/plan/", id="plan_page_trailing_slash"),
        pytest.param("/after-treatment", id="public_page"),
    ],
)
def test_it_leaves_every_other_path_as_it_was(path: str) -> None:
    assert redacted(path) == path


def test_it_keeps_a_link_token_out_of_the_access_logs_request_line_and_referer() -> None:
    logger = RedactingLogger(Config())
    environ = {
        "PATH_INFO": "/p/Zx3-secret_token/",
        "RAW_URI": "//p/Zx3-secret_token/?x=1",
        "REQUEST_METHOD": "GET",
        "QUERY_STRING": "x=1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": "https://toxfill.example.org/p/Zx3-secret_token/",
    }
    headers = [("REFERER", environ["HTTP_REFERER"])]
    request = SimpleNamespace(headers=headers, method="GET", path=environ["PATH_INFO"], query="")
    response = SimpleNamespace(status="404 Not Found", response_length=0, headers=[], sent=0)

    atoms = logger.atoms(response, request, environ, dt.timedelta(seconds=0.01))

    shown = {key: value for key, value in atoms.items() if isinstance(value, str)}
    assert not [key for key, value in shown.items() if "ecret" in value]
    assert atoms["f"] == "https://toxfill.example.org/p/…"
    assert atoms["r"] == "GET /p/… HTTP/1.1"

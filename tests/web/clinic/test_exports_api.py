"""The exports through the API: the CSVs, a patient's FHIR bundle and an adverse event's
MedWatch report (text and PDF) are the very files the exports pages send, for the same roles,
logged the same way; a personal token fetches them as a script would. (Every role against
every door, whoever's the records: test_authorization_matrix.py.)"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

import pytest
from django.http import HttpResponseBase
from django.test import Client
from tests.web.clinic.fhir_conformance import record_of
from tests.web.clinic.people import https_client

from toxfill.web.clinic.actions.tokens import create_token
from toxfill.web.clinic.models import Membership, PatientAccess, ProductLot, TreatmentSession

Url = Callable[[Membership, str], str]
Browser = Callable[[Membership], Client]


def _exports(session: TreatmentSession, lot: ProductLot) -> dict[str, tuple[str, str]]:
    """Each export: (its API path below the clinic, its page path below the clinic)."""
    event = session.events.get().public_id
    patient = session.patient.public_id
    return {
        "sessions csv": ("/exports/sessions.csv", "exports/sessions.csv"),
        "points csv": ("/exports/points.csv", "exports/points.csv"),
        "recall csv": (f"/lots/{lot.public_id}/recall.csv", f"lots/{lot.public_id}/recall.csv"),
        "fhir": (f"/patients/{patient}/fhir.json", f"patients/{patient}/fhir.json"),
        "medwatch": (f"/events/{event}/medwatch.txt", f"events/{event}/medwatch.txt"),
        "medwatch pdf": (f"/events/{event}/medwatch.pdf", f"events/{event}/medwatch.pdf"),
    }


EXPORTS = ("sessions csv", "points csv", "recall csv", "fhir", "medwatch", "medwatch pdf")
MEDIA_TYPES = {
    "sessions csv": "text/csv; charset=utf-8",
    "points csv": "text/csv; charset=utf-8",
    "recall csv": "text/csv; charset=utf-8",
    "fhir": "application/fhir+json",
    "medwatch": "text/plain; charset=utf-8",
    "medwatch pdf": "application/pdf",
}


def _shows(export: str, session: TreatmentSession) -> bytes:
    """Something of Ana's session each export holds: the file is not an empty one."""
    if export == "fhir":
        return b"Silva"
    if export == "medwatch":
        return b"lot C1234A"
    if export == "medwatch pdf":
        return b"%PDF-"
    return str(session.public_id).encode()


def _body(response: HttpResponseBase) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)  # type: ignore[attr-defined]
    return response.content  # type: ignore[attr-defined,no-any-return]


def _page(member: Membership, path: str) -> str:
    return f"/clinic/{member.clinic.public_id}/{path}"


@pytest.mark.parametrize("export", EXPORTS)
def test_it_sends_the_file_the_page_sends(
    export: str,
    provider: Membership,
    charted: TreatmentSession,
    botox_lot: ProductLot,
    client_for: Browser,
    at: Url,
) -> None:
    # given Ana's session, follow-up and adverse event, and paula, who may read them
    api_path, page_path = _exports(charted, botox_lot)[export]
    browser = client_for(provider)
    # when she fetches the export through the API and from its page
    answer = browser.get(at(provider, api_path))
    page = browser.get(_page(provider, page_path))
    # then both are the same file, with the same media type and download name
    assert answer.status_code == page.status_code == 200
    assert answer["Content-Type"] == page["Content-Type"] == MEDIA_TYPES[export]
    assert answer["Content-Disposition"] == page["Content-Disposition"]
    sent = _body(answer)
    if export == "fhir":  # each export of a bundle has its own identifier and timestamp
        assert record_of(sent) == record_of(_body(page))
    else:
        assert sent == _body(page)
    assert _shows(export, charted) in sent


@pytest.mark.parametrize("export", EXPORTS)
def test_it_logs_the_read_as_the_page_does(
    export: str,
    provider: Membership,
    charted: TreatmentSession,
    botox_lot: ProductLot,
    client_for: Browser,
    at: Url,
) -> None:
    api_path, page_path = _exports(charted, botox_lot)[export]
    browser = client_for(provider)

    def logged(url: str) -> list[tuple[int, int, str]]:
        before = PatientAccess.objects.order_by("-id").values_list("id", flat=True).first() or 0
        _body(browser.get(url))
        rows = PatientAccess.objects.filter(id__gt=before)
        return sorted(rows.values_list("member_id", "patient_id", "what"))

    # when paula fetches the export through the API, then from its page
    through_the_api = logged(at(provider, api_path))
    # then each wrote the same line: Ana, read by paula, and which export
    assert through_the_api == logged(_page(provider, page_path))
    assert [(member, patient) for member, patient, _ in through_the_api] == [
        (provider.id, charted.patient_id)
    ]


@pytest.mark.parametrize("export", EXPORTS)
def test_it_refuses_the_front_desk_which_may_not_read_treatments(
    export: str,
    front_desk: Membership,
    charted: TreatmentSession,
    botox_lot: ProductLot,
    client_for: Browser,
    at: Url,
) -> None:
    api_path, _ = _exports(charted, botox_lot)[export]
    answer = client_for(front_desk).get(at(front_desk, api_path))
    assert answer.status_code == 403
    assert answer.json()["detail"][0]["type"] == "forbidden"
    assert not PatientAccess.objects.filter(member=front_desk).exists()


@pytest.mark.parametrize("export", EXPORTS)
def test_another_clinic_finds_nothing(
    export: str,
    provider: Membership,
    outsider: Membership,
    charted: TreatmentSession,
    botox_lot: ProductLot,
    client_for: Browser,
    at: Url,
) -> None:
    # given oscar, who manages Lakeside (a role that reads treatments there)
    api_path, _ = _exports(charted, botox_lot)[export]
    # when he asks at Riverside's address, or names Riverside's records at his own
    at_riverside = client_for(outsider).get(at(provider, api_path))
    at_lakeside = client_for(outsider).get(at(outsider, api_path))
    # then there is nothing: Riverside is no clinic of his, its records none of Lakeside's
    assert at_riverside.status_code == 404
    assert at_riverside.json()["detail"][0]["type"] == "not_found"
    if api_path.startswith("/exports/"):
        assert at_lakeside.status_code == 200  # Lakeside's own (empty) export
        assert charted.patient.family_name.encode() not in _body(at_lakeside)
    else:
        assert at_lakeside.status_code == 404


def test_a_read_token_fetches_an_export_as_a_script_would(
    provider: Membership, charted: TreatmentSession, at: Url
) -> None:
    _, secret = create_token(provider.user, name="nightly export")
    answer = https_client().get(
        at(provider, "/exports/points.csv"), headers={"Authorization": f"Bearer {secret}"}
    )
    assert answer.status_code == 200
    rows = _body(answer).decode("utf-8-sig").splitlines()
    assert rows[0] == "session,performed_at,patient,zone,product,lot,dose,unit"
    assert str(charted.public_id) in rows[1]


def test_it_needs_a_session_or_a_token(provider: Membership, at: Url) -> None:
    answer = https_client().get(at(provider, "/exports/sessions.csv"))
    assert answer.status_code == 401


def test_the_medwatch_report_dates_the_event_in_the_clinics_time_zone(
    provider: Membership, charted: TreatmentSession, client_for: Browser, at: Url
) -> None:
    # given an event that began at 23:30 in New York, when it was already tomorrow in UTC
    event = charted.events.get()
    event.onset_at = dt.datetime(2026, 3, 10, 23, 30, tzinfo=ZoneInfo("America/New_York"))
    event.save(update_fields=["onset_at"])
    # when the report is fetched through the API
    report = client_for(provider).get(at(provider, f"/events/{event.public_id}/medwatch.txt"))
    # then it is dated as the clinic lived it
    assert "Date of event: 2026-03-10" in report.content.decode()


def test_it_documents_each_export_with_its_media_type(client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    clinic = "/api/v1/clinic/{clinic_id}"
    documented = {
        "sessions csv": paths[f"{clinic}/exports/sessions.csv"],
        "points csv": paths[f"{clinic}/exports/points.csv"],
        "recall csv": paths[f"{clinic}/lots/{{lot_id}}/recall.csv"],
        "fhir": paths[f"{clinic}/patients/{{patient_id}}/fhir.json"],
        "medwatch": paths[f"{clinic}/events/{{event_id}}/medwatch.txt"],
        "medwatch pdf": paths[f"{clinic}/events/{{event_id}}/medwatch.pdf"],
    }
    for export, operations in documented.items():
        content = operations["get"]["responses"]["200"]["content"]
        assert list(content) == [MEDIA_TYPES[export].split(";")[0]], export

"""Issuing, opening, expiring and revoking a patient link; what a link can and cannot reach."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from tests.web.clinic.people import https_client

from toxfill.web.clinic.actions.patients import register_patient
from toxfill.web.clinic.errors import NotAllowed, RecordNotFound
from toxfill.web.clinic.models import Membership, Patient
from toxfill.web.patient_link import throttle
from toxfill.web.patient_link.actions import IssuedLink, issue_patient_link, revoke_patient_link
from toxfill.web.patient_link.models import LinkAccess, PatientLink


def test_it_stores_only_the_sha256_of_the_token(issued: IssuedLink) -> None:
    # given a link just issued
    stored = PatientLink.objects.get(pk=issued.link.pk)
    # then the database holds the digest, never the token, which is long and random
    assert stored.digest == hashlib.sha256(issued.token.encode()).hexdigest()
    assert issued.token not in str(PatientLink.objects.values().get(pk=issued.link.pk))
    assert len(issued.token) >= 43


@pytest.mark.parametrize("role", ["provider", "manager"])
def test_it_lets_providers_and_managers_issue(
    role: str, request: pytest.FixtureRequest, patient: Patient
) -> None:
    member: Membership = request.getfixturevalue(role)
    issued = issue_patient_link(member, patient.public_id)
    assert issued.link.issued_by == member


def test_it_refuses_the_auditor(auditor: Membership, patient: Patient) -> None:
    with pytest.raises(NotAllowed):
        issue_patient_link(auditor, patient.public_id)


def test_it_cannot_issue_for_another_clinics_patient(
    provider: Membership, lakeside_patient: Patient
) -> None:
    with pytest.raises(RecordNotFound):
        issue_patient_link(provider, lakeside_patient.public_id)


def test_it_opens_with_the_token_and_then_drops_it_from_the_address(issued: IssuedLink) -> None:
    browser = https_client()
    response = browser.get(f"/p/{issued.token}")
    assert response.status_code == 302
    assert response["Location"] == "/p/"
    assert issued.token not in response["Location"]
    page = browser.get("/p/")
    assert page.status_code == 200
    assert "Ana Silva" in page.content.decode()


def test_it_says_clearly_when_a_link_has_expired(issued: IssuedLink) -> None:
    PatientLink.objects.filter(pk=issued.link.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    response = https_client().get(f"/p/{issued.token}")
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()


def test_it_closes_a_revoked_link_even_in_an_open_browser(
    ana: Client, issued: IssuedLink, front_desk: Membership
) -> None:
    revoke_patient_link(front_desk, issued.link.public_id)
    assert ana.get("/p/").status_code == 403
    response = https_client().get(f"/p/{issued.token}")
    assert response.status_code == 410
    assert "turned off" in response.content.decode()


def test_it_answers_an_unknown_token_without_a_hint(db: object) -> None:
    response = https_client().get("/p/not-a-real-token-at-all")
    assert response.status_code == 404
    assert "does not open" in response.content.decode()


def test_it_throttles_guessing_from_one_address(issued: IssuedLink) -> None:
    browser = https_client()
    for n in range(throttle.PER_IP):
        assert browser.get(f"/p/guess-{n}").status_code == 404
    # then even the right token waits, from that address
    response = browser.get(f"/p/{issued.token}")
    assert response.status_code == 429
    assert response["Retry-After"] == "60"


def test_it_throttles_one_link_opened_too_often(
    ana: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A window longer than any run of the loop: on a busy machine 120 pages can take a minute.
    monkeypatch.setattr(throttle, "WINDOW_SECONDS", 3600)
    for _ in range(throttle.PER_LINK):
        ana.get("/p/")
    assert ana.get("/p/").status_code == 429


def test_it_never_shows_another_patients_data(
    ana: Client, liam_link: IssuedLink, lakeside_patient: Patient
) -> None:
    # given Ana's link and a link of Liam's at another clinic
    # when Ana reads everything her link reaches
    pages = [ana.get(p).content for p in ("/p/", "/p/plan", "/p/report", "/p/passport.fhir.json")]
    # then Liam appears nowhere
    for page in pages:
        assert b"Liam" not in page
        assert str(lakeside_patient.public_id).encode() not in page


def test_it_opens_no_clinic_page_or_api(ana: Client, front_desk: Membership) -> None:
    clinic = front_desk.clinic.public_id
    assert ana.get(f"/api/v1/clinic/{clinic}/patients").status_code == 401
    response = ana.get(f"/clinic/{clinic}/passports/import")
    assert response.status_code == 302  # to sign in


def test_it_logs_every_page_opened_through_the_link(ana: Client, issued: IssuedLink) -> None:
    ana.get("/p/")
    ana.get("/p/plan")
    seen = list(LinkAccess.objects.filter(link=issued.link).values_list("what", flat=True))
    assert seen == ["passport", "plan"]


def test_it_keeps_the_token_out_of_the_logs(
    issued: IssuedLink, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    browser = https_client()
    browser.get(f"/p/{issued.token}")
    browser.get("/p/")
    browser.get(f"/p/{issued.token}x")  # a wrong one too
    assert issued.token not in caplog.text


@pytest.mark.parametrize(
    "path", ["/p/", "/p/plan", "/p/report", "/p/passport.pdf", "/p/passport.fhir.json"]
)
def test_it_tells_no_cache_to_keep_a_link_page(ana: Client, path: str) -> None:
    response = ana.get(path)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


def test_it_issues_and_revokes_through_the_api(
    provider: Membership,
    patient: Patient,
    client_for: Callable[[Membership], Client],
) -> None:
    base = f"/api/v1/clinic/{provider.clinic.public_id}"
    browser = client_for(provider)
    made = browser.post(
        f"{base}/patients/{patient.public_id}/links", {"days": 30}, content_type="application/json"
    )
    assert made.status_code == 201
    body = made.json()
    assert body["url"].startswith(("http://testserver/p/", "https://testserver/p/"))
    assert body["state"] == "open"
    listed = browser.get(f"{base}/patients/{patient.public_id}/links").json()
    assert "url" not in listed[0]
    revoked = browser.post(f"{base}/links/{body['id']}/revoke")
    assert revoked.json()["state"] == "revoked"
    assert https_client().get(urlsplit(body["url"]).path).status_code == 410


def test_it_refuses_the_auditor_through_the_api(
    auditor: Membership, patient: Patient, client_for: Callable[[Membership], Client]
) -> None:
    base = f"/api/v1/clinic/{auditor.clinic.public_id}"
    response = client_for(auditor).post(
        f"{base}/patients/{patient.public_id}/links", {}, content_type="application/json"
    )
    assert response.status_code == 403


def test_it_prints_the_link_once_on_the_aftercare_sheet(
    provider: Membership,
    patient: Patient,
    charted: object,
    client_for: Callable[[Membership], Client],
) -> None:
    # when paula issues a link from Ana's record in the workspace
    url = f"/clinic/{provider.clinic.public_id}/patients/{patient.public_id}/links"
    sheet = client_for(provider).post(url).content.decode()
    # then the sheet shows the address and its QR code, with the aftercare
    start = sheet.index("/p/")
    address = sheet[start : sheet.index("<", start)]
    assert "<svg" in sheet
    assert "shown only now" in sheet
    assert "After your" in sheet
    assert https_client().get(address).status_code == 302
    # and the list of links never shows it again
    assert address not in client_for(provider).get(url).content.decode()


def test_it_lets_no_auditor_issue_from_the_workspace(
    auditor: Membership, patient: Patient, client_for: Callable[[Membership], Client]
) -> None:
    url = f"/clinic/{auditor.clinic.public_id}/patients/{patient.public_id}/links"
    assert client_for(auditor).post(url).status_code == 403
    assert not PatientLink.objects.exists()


def test_it_shows_the_auditor_every_page_opened_through_a_link(
    ana: Client,
    auditor: Membership,
    provider: Membership,
    patient: Patient,
    client_for: Callable[[Membership], Client],
) -> None:
    ana.get("/p/")
    url = f"/api/v1/clinic/{auditor.clinic.public_id}/link-access-log"
    rows = client_for(auditor).get(url).json()["results"]
    assert [(r["what"], r["patient"]) for r in rows] == [("passport", str(patient.public_id))]
    assert client_for(provider).get(url).status_code == 403


def test_it_prints_a_link_from_the_command_line(
    provider: Membership, patient: Patient, auditor: Membership
) -> None:
    out = io.StringIO()
    call_command("patient_link", "paula", str(patient.public_id), stdout=out)
    address = out.getvalue().split()[-1]
    assert https_client().get(urlsplit(address).path).status_code == 302
    with pytest.raises(CommandError, match="may not issue"):
        call_command("patient_link", "audrey", str(patient.public_id), stdout=out)


def test_it_revokes_from_a_patients_page_only_that_patients_links(
    client_for: Callable[[Membership], Client],
    provider: Membership,
    front_desk: Membership,
    issued: IssuedLink,
) -> None:
    # given Ana's link, and Ben, another patient of the same clinic
    ben = register_patient(
        front_desk,
        given_name="Ben",
        family_name="Okafor",
        date_of_birth=dt.date(1979, 8, 30),
    )
    browser = client_for(provider)
    bens_links = f"/clinic/{provider.clinic.public_id}/patients/{ben.public_id}/links"

    # when Ana's link is named on Ben's page
    response = browser.post(bens_links, {"revoke": str(issued.link.public_id)}, secure=True)

    # then it is a link that does not exist there, and Ana's link stays open
    assert response.status_code == 404
    assert PatientLink.objects.get(pk=issued.link.pk).revoked_at is None

"""A patient link opens every dose, lot and adverse event of its patient: only the roles that
may read those see its address (provider, manager: the issuers among them) or open it while
signed in (and the auditor). The front desk issues links by email to the patient's own
address, never seeing them; a colleague opening a link is in the clinic's access log under
their own name."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client, override_settings
from tests.web.clinic.people import https_client

from toxfill.web.clinic.errors import Busy, NotAllowed
from toxfill.web.clinic.models import Membership, Patient, PatientAccess, TreatmentSession
from toxfill.web.patient_link.actions import IssuedLink, issue_patient_link, send_patient_link
from toxfill.web.patient_link.models import LinkAccess, PatientLink

SITE = "https://testserver/"


def _emailed_address() -> str:
    """The link address in the one email sent."""
    [sent] = mail.outbox
    found = re.search(r"https?://\S+/p/\S+", sent.body)
    assert found is not None
    return found.group(0)


def _links_page(member: Membership, patient: Patient) -> str:
    return f"/clinic/{member.clinic.public_id}/patients/{patient.public_id}/links"


def _api(member: Membership, patient: Patient) -> str:
    return f"/api/v1/clinic/{member.clinic.public_id}/patients/{patient.public_id}/links"


# --- issuing: the front desk sends, and never sees ------------------------------------------


def test_it_never_hands_the_front_desk_a_token(front_desk: Membership, patient: Patient) -> None:
    with pytest.raises(NotAllowed, match="send it by email"):
        issue_patient_link(front_desk, patient.public_id)
    assert not PatientLink.objects.exists()


def test_it_emails_the_front_desks_link_to_the_patients_own_address(
    front_desk: Membership, patient: Patient, dilution: TreatmentSession
) -> None:
    # when fred sends Ana a link
    link = send_patient_link(front_desk, patient.public_id, site=SITE)
    # then it went to her address on file, with no health detail, and it opens
    [sent] = mail.outbox
    assert sent.to == ["ana@example.org"]
    assert "glabella" not in sent.body
    assert "Botox" not in sent.body
    assert link.issued_by == front_desk
    assert https_client().get(urlsplit(_emailed_address()).path).status_code == 302


def test_it_answers_the_front_desks_api_issue_without_the_address(
    front_desk: Membership, patient: Patient, client_for: Callable[[Membership], Client]
) -> None:
    # when fred issues a link through the API, by email
    response = client_for(front_desk).post(
        _api(front_desk, patient), {"email": True}, content_type="application/json"
    )
    # then the answer names where it went, and holds neither the address nor its token
    assert response.status_code == 201
    assert response.json()["url"] is None
    assert response.json()["emailed_to"] == "ana@example.org"
    token = _emailed_address().rsplit("/", 1)[1]
    assert token not in response.content.decode()


def test_it_refuses_to_show_the_front_desk_an_address_through_the_api(
    front_desk: Membership, patient: Patient, client_for: Callable[[Membership], Client]
) -> None:
    response = client_for(front_desk).post(
        _api(front_desk, patient), {}, content_type="application/json"
    )
    assert response.status_code == 403
    assert "send it by email" in response.json()["detail"][0]["msg"]
    assert not PatientLink.objects.exists()
    assert not mail.outbox


def test_it_still_answers_a_provider_with_the_address(
    provider: Membership, patient: Patient, client_for: Callable[[Membership], Client]
) -> None:
    response = client_for(provider).post(
        _api(provider, patient), {}, content_type="application/json"
    )
    assert response.status_code == 201
    assert "/p/" in response.json()["url"]
    assert not mail.outbox


def test_it_names_the_missing_email_with_a_422(
    front_desk: Membership, patient: Patient, client_for: Callable[[Membership], Client]
) -> None:
    # given Ana has no email address on file
    Patient.objects.filter(pk=patient.pk).update(email="")
    # when fred sends her a link through the API
    response = client_for(front_desk).post(
        _api(front_desk, patient), {"email": True}, content_type="application/json"
    )
    # then the answer names the field, and nothing was issued
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "email"]
    assert not PatientLink.objects.exists()


def test_it_offers_the_front_desk_only_the_email_on_the_links_page(
    front_desk: Membership,
    patient: Patient,
    dilution: TreatmentSession,
    client_for: Callable[[Membership], Client],
) -> None:
    browser = client_for(front_desk)
    # given fred on Ana's links page
    shown = browser.get(_links_page(front_desk, patient)).content.decode()
    assert "print the aftercare sheet" not in shown
    # when he emails her a link
    sent = browser.post(_links_page(front_desk, patient), {"send": "email"})
    # then the page says where it went, and shows no address
    assert sent.status_code == 200
    assert "emailed to ana@example.org" in sent.content.decode()
    assert "/p/" not in sent.content.decode()
    assert len(mail.outbox) == 1
    # and the print sheet stays closed to him
    assert browser.post(_links_page(front_desk, patient)).status_code == 403


def test_it_offers_the_auditor_no_button_to_issue_or_revoke(
    auditor: Membership,
    issued: IssuedLink,
    patient: Patient,
    client_for: Callable[[Membership], Client],
) -> None:
    # given an open link of Ana's, when audrey reads her links page
    shown = client_for(auditor).get(_links_page(auditor, patient)).content.decode()
    # then she sees the link listed, with nothing she may not do
    assert "open" in shown
    assert "Issue a new link" not in shown
    assert "Email a new link" not in shown
    assert "Revoke" not in shown


MAIL_SERVER_DOWN = override_settings(
    EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
    EMAIL_HOST="127.0.0.1",
    EMAIL_PORT=9,
    EMAIL_TIMEOUT=2,
)


def test_it_revokes_a_link_whose_email_could_not_be_sent(
    front_desk: Membership, patient: Patient
) -> None:
    # given a mail server that refuses the connection
    with MAIL_SERVER_DOWN, pytest.raises(Busy, match="the link was cancelled") as refused:
        send_patient_link(front_desk, patient.public_id, site=SITE)
    # then the link nobody received is closed, and the answer says when to try again
    assert PatientLink.objects.get().state() == "revoked"
    assert refused.value.retry_after > 0


def test_the_front_desk_is_told_in_words_to_try_again_when_the_email_could_not_go(
    front_desk: Membership, patient: Patient, client_for: Callable[[Membership], Client]
) -> None:
    api = f"/api/v1/clinic/{front_desk.clinic.public_id}/patients/{patient.public_id}/links"
    page = f"/clinic/{front_desk.clinic.public_id}/patients/{patient.public_id}/links"
    browser = client_for(front_desk)

    with MAIL_SERVER_DOWN:
        by_api = browser.post(api, {"email": True}, content_type="application/json")
        by_page = browser.post(page, {"send": "email"})

    assert (by_api.status_code, by_page.status_code) == (503, 503)
    assert int(by_api["Retry-After"]) > 0
    assert by_api.json()["detail"][0]["type"] == "busy"
    assert "the link was cancelled" in by_page.content.decode()


# --- opening: a colleague is themself, and needs a role that reads treatments ---------------


def test_it_refuses_the_front_desk_a_link_it_opens_signed_in(
    front_desk: Membership, issued: IssuedLink, client_for: Callable[[Membership], Client]
) -> None:
    browser = client_for(front_desk)
    # when fred, signed in, opens Ana's link
    response = browser.get(f"/p/{issued.token}")
    # then a 403 page refuses him, and no page behind it opens
    assert response.status_code == 403
    assert "Your role does not open patient records" in response.content.decode()
    assert browser.get("/p/").status_code == 403
    assert not LinkAccess.objects.exists()


def test_it_refuses_the_front_desk_in_a_browser_where_the_link_is_open(
    ana: Client, front_desk: Membership
) -> None:
    # given Ana's link open in a browser, where fred then signs in
    ana.force_login(front_desk.user, backend="toxfill.web.clinic.auth.ClinicBackend")
    # then the record is closed to him
    response = ana.get("/p/")
    assert response.status_code == 403
    assert "C1234A" not in response.content.decode()


@pytest.mark.parametrize("role", ["provider", "manager", "auditor"])
def test_it_logs_a_colleague_opening_a_link_under_their_own_name(
    role: str,
    request: pytest.FixtureRequest,
    issued: IssuedLink,
    patient: Patient,
    client_for: Callable[[Membership], Client],
) -> None:
    member: Membership = request.getfixturevalue(role)
    browser = client_for(member)
    # when a colleague who may read treatments opens Ana's link
    assert browser.get(f"/p/{issued.token}").status_code == 302
    assert browser.get("/p/").status_code == 200
    # then the clinic's access log names them, and the link's log (the patient's) does not
    rows = list(PatientAccess.objects.filter(patient=patient).values_list("member", "what"))
    assert rows == [(member.pk, "patient link: passport")]
    assert not LinkAccess.objects.exists()
    assert PatientLink.objects.get().last_opened_at is None


def test_it_lets_no_colleague_send_a_report_in_the_patients_name(
    issued: IssuedLink, provider: Membership, client_for: Callable[[Membership], Client]
) -> None:
    browser = client_for(provider)
    browser.get(f"/p/{issued.token}")
    response = browser.post("/p/report", {"symptoms": ["bruising"]})
    assert response.status_code == 403
    assert "Only the patient sends this" in response.content.decode()


def test_it_lets_a_colleague_of_another_clinic_open_it_as_a_visitor(
    issued: IssuedLink, outsider: Membership, client_for: Callable[[Membership], Client]
) -> None:
    # oscar works at Lakeside: at Riverside he is nobody's colleague (a patient, maybe)
    browser = client_for(outsider)
    assert browser.get(f"/p/{issued.token}").status_code == 302
    assert browser.get("/p/").status_code == 200
    assert LinkAccess.objects.count() == 1
    assert not PatientAccess.objects.exists()

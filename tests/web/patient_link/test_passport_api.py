"""The passport a link gives, through the clinic API: the PDF, the signed card and the
patient's FHIR bundle the link's pages send, for the roles that may read what the link opens,
logged as a colleague opening the link; and the clinic's published keys, for anyone."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from io import BytesIO

import pytest
from django.test import Client, override_settings
from pypdf import PdfReader
from tests.web.clinic.fhir_conformance import record_of

from toxfill import passport
from toxfill.web.clinic.models import Membership, PatientAccess
from toxfill.web.clinic.signing.keys import signing_key
from toxfill.web.patient_link.actions import IssuedLink, revoke_patient_link
from toxfill.web.patient_link.models import LinkAccess

Url = Callable[[Membership, str], str]
Browser = Callable[[Membership], Client]
PASSPORTS = ("passport.pdf", "passport.smart-health-card", "passport.fhir.json")


def _passport(link: IssuedLink, name: str) -> str:
    return f"/links/{link.link.public_id}/{name}"


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


def _keys(client: Client, member: Membership, at: Url) -> dict[str, object]:
    keys: dict[str, object] = client.get(at(member, "/signing-keys/jwks.json")).json()
    return keys


def test_it_sends_the_pdf_the_patient_downloads(
    ana: Client, issued: IssuedLink, provider: Membership, client_for: Browser, at: Url
) -> None:
    # when paula, Ana's provider, fetches the passport of Ana's link, and Ana downloads hers
    answer = client_for(provider).get(at(provider, _passport(issued, "passport.pdf")))
    page = ana.get("/p/passport.pdf")
    # then both are the same passport
    assert answer.status_code == 200
    assert answer["Content-Type"] == page["Content-Type"] == "application/pdf"
    assert answer["Content-Disposition"] == page["Content-Disposition"]
    assert "Treatment passport: Ana Silva" in _text(answer.content)
    assert _text(answer.content) == _text(page.content)


def test_it_sends_the_fhir_bundle_the_patient_downloads(
    ana: Client, issued: IssuedLink, provider: Membership, client_for: Browser, at: Url
) -> None:
    answer = client_for(provider).get(at(provider, _passport(issued, "passport.fhir.json")))
    page = ana.get("/p/passport.fhir.json")
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/fhir+json"
    assert record_of(answer.content) == record_of(page.content)  # each has its own identifier
    assert b"tolerated well" not in answer.content  # the clinical notes stay at the clinic


def test_it_sends_a_card_that_verifies_against_the_published_keys(
    ana: Client, issued: IssuedLink, manager: Membership, client_for: Browser, at: Url
) -> None:
    # given the card Ana downloads from her link
    from_the_page = passport.read_passport(
        passport.passport_from_text(ana.get("/p/passport.smart-health-card").content.decode()),
        _keys(Client(), manager, at),
    )
    # when mia, the manager, fetches the card of Ana's link through the API
    answer = client_for(manager).get(at(manager, _passport(issued, "passport.smart-health-card")))
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/smart-health-card"
    # then it verifies against the key set the API publishes to anyone, and says the same
    card = passport.read_passport(
        passport.passport_from_text(answer.content.decode()), _keys(Client(), manager, at)
    )
    assert card.issuer == from_the_page.issuer
    assert record_of(card.bundle) == record_of(from_the_page.bundle)


@pytest.mark.parametrize("name", PASSPORTS)
def test_it_logs_the_fetch_as_a_colleague_opening_the_link(
    name: str, issued: IssuedLink, auditor: Membership, client_for: Browser, at: Url
) -> None:
    # when audrey, the auditor, fetches what Ana's link gives
    answer = client_for(auditor).get(at(auditor, _passport(issued, name)))
    # then the clinic's access log has it under her name; the link's own log (the patient's
    # openings) does not
    assert answer.status_code == 200
    logged = PatientAccess.objects.filter(member=auditor).values_list("patient_id", "what")
    assert list(logged) == [(issued.link.patient_id, f"patient link: {_what(name)}")]
    assert not LinkAccess.objects.filter(link=issued.link).exists()


def _what(name: str) -> str:
    """What the link's page for the file writes in the log."""
    return {
        "passport.pdf": "passport pdf",
        "passport.smart-health-card": "passport signed card",
        "passport.fhir.json": "passport fhir",
    }[name]


@pytest.mark.parametrize("name", PASSPORTS)
def test_it_refuses_the_front_desk_which_may_not_read_what_the_link_opens(
    name: str, issued: IssuedLink, front_desk: Membership, client_for: Browser, at: Url
) -> None:
    answer = client_for(front_desk).get(at(front_desk, _passport(issued, name)))
    assert answer.status_code == 403
    assert answer.json()["detail"][0]["type"] == "forbidden"
    assert not PatientAccess.objects.filter(member=front_desk).exists()


@pytest.mark.parametrize("name", PASSPORTS)
def test_another_clinic_finds_no_link(
    name: str,
    issued: IssuedLink,
    liam_link: IssuedLink,
    provider: Membership,
    outsider: Membership,
    client_for: Browser,
    at: Url,
) -> None:
    # oscar, at Lakeside, asks at Riverside's address; paula names Lakeside's link at Riverside
    at_riverside = client_for(outsider).get(at(provider, _passport(issued, name)))
    their_link = client_for(provider).get(at(provider, _passport(liam_link, name)))
    assert at_riverside.status_code == their_link.status_code == 404
    assert their_link.json()["detail"][0]["loc"] == ["path", "patient link"]


@pytest.mark.parametrize("name", PASSPORTS)
def test_a_revoked_link_gives_nothing_any_more(
    name: str, issued: IssuedLink, provider: Membership, client_for: Browser, at: Url
) -> None:
    revoke_patient_link(provider, issued.link.public_id)
    answer = client_for(provider).get(at(provider, _passport(issued, name)))
    assert answer.status_code == 410
    assert answer.json()["detail"][0]["type"] == "link_closed"
    assert "revoked" in answer.json()["detail"][0]["msg"]


def test_it_answers_json_when_the_signing_key_cannot_be_opened(
    issued: IssuedLink,
    provider: Membership,
    client_for: Browser,
    at: Url,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # given Riverside's key, sealed under a secret key since lost
    with override_settings(SECRET_KEY="a-secret-key-since-lost", SECRET_KEY_FALLBACKS=[]):
        signing_key(issued.link.clinic)
    # when paula fetches the passport, whose QR codes are the signed card
    with caplog.at_level(logging.ERROR, logger="toxfill.patient_link"):
        answer = client_for(provider).get(at(provider, _passport(issued, "passport.pdf")))
    # then the API says so in its error format, and the log says why
    assert answer.status_code == 503
    assert answer.json()["detail"][0]["type"] == "unsigned"
    assert "TOXFILL_SECRET_KEY_FALLBACKS" in caplog.text


def test_anyone_fetches_the_published_keys_as_from_the_issuer_address(
    issued: IssuedLink, manager: Membership, at: Url
) -> None:
    # given a passport Riverside signed (so it has a key)
    signing_key(manager.clinic)
    # when someone not signed in fetches the key set from the API and from the issuer address
    answer = Client().get(at(manager, "/signing-keys/jwks.json"))
    issuer = Client().get(f"/clinics/{manager.clinic.public_id}/.well-known/jwks.json")
    # then both are the same public keys, as cacheable and open to any verifier
    assert answer.status_code == 200
    assert answer.json() == issuer.json()
    assert answer.json()["keys"]
    assert all("d" not in key for key in answer.json()["keys"])
    for header in ("Content-Type", "Cache-Control", "Access-Control-Allow-Origin"):
        assert answer[header] == issuer[header], header


def test_no_clinic_no_keys(db: None) -> None:
    answer = Client().get(f"/api/v1/clinic/{uuid.uuid4()}/signing-keys/jwks.json")
    assert answer.status_code == 404
    assert answer.json()["detail"][0]["type"] == "not_found"


def test_it_documents_the_passports_and_the_public_keys(client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    link = "/api/v1/clinic/{clinic_id}/links/{link_id}"
    media = {
        name: list(paths[f"{link}/{name}"]["get"]["responses"]["200"]["content"])
        for name in PASSPORTS
    }
    assert media == {
        "passport.pdf": ["application/pdf"],
        "passport.smart-health-card": ["application/smart-health-card"],
        "passport.fhir.json": ["application/fhir+json"],
    }
    keys = paths["/api/v1/clinic/{clinic_id}/signing-keys/jwks.json"]["get"]
    assert keys["security"] == []  # no sign-in

"""The passport's SMART Health Card and Link as a verifier takes them (issue 21, item 2): the
card checked by an independent verifier (tests/health_cards.py: jwcrypto and the FHIR R4
schema, not what toxfill signs and minifies with), and the PDF's QR codes scanned with zbar."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client
from pypdf import PdfReader
from tests import health_cards
from tests.web.clinic.people import https_client

from toxfill.web.clinic.models import InjectionPoint, Membership, ProductLot, TreatmentSession

SITE = "http://testserver"  # the test client's site (the verifier allows http only there)


def jwks_of(member: Membership) -> dict[str, object]:
    response = Client().get(f"/clinics/{member.clinic.public_id}/.well-known/jwks.json")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"  # the spec: JWKS with CORS enabled
    keys: dict[str, object] = response.json()
    return keys


def receiver() -> tuple[health_cards.Post, health_cards.Get]:
    """Another clinic's program reaching toxfill: plain requests, no session, no CSRF token."""
    other = https_client(enforce_csrf_checks=True)

    def post(url: str, body: bytes) -> tuple[int, bytes]:
        assert url.startswith(SITE)
        reply = other.post(url[len(SITE) :], body, content_type="application/json")
        return reply.status_code, reply.content

    def get(url: str) -> tuple[int, str, bytes]:
        reply = other.get(url[len(SITE) :])
        return reply.status_code, reply["Content-Type"], reply.content

    return post, get


@pytest.fixture
def zbarimg() -> str:
    found = shutil.which("zbarimg")
    if found is None:
        if os.environ.get("TOXFILL_REQUIRE_ZBAR") == "1":
            pytest.fail(
                "TOXFILL_REQUIRE_ZBAR=1 but zbarimg is missing (apt-get install zbar-tools)"
            )
        pytest.skip("zbarimg is not installed (apt-get install zbar-tools, or run .ci/run)")
    return found


def scanned(pdf: bytes, zbarimg: str, tmp_path: Path) -> list[str]:
    """The text of every QR code among the PDF's images, as a phone's scanner reads it."""
    texts = []
    for n, image in enumerate(
        img for page in PdfReader(io.BytesIO(pdf)).pages for img in page.images
    ):
        path = tmp_path / f"code-{n}.png"
        image.image.save(path)  # type: ignore[union-attr]
        result = subprocess.run(
            [zbarimg, "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(path)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        texts.append(result.stdout.strip())
    return texts


def test_the_signed_card_passes_an_independent_verifier(ana: Client, provider: Membership) -> None:
    # Given Ana's whole record as a .smart-health-card file
    response = ana.get("/p/passport.smart-health-card")
    (token,) = json.loads(response.content)["verifiableCredential"]
    # Then a verifier built from the spec takes it: header, thumbprint kid, claims, minified
    card = health_cards.verify_card(token, jwks_of(provider))
    kinds = [e["resource"]["resourceType"] for e in card.bundle["entry"]]
    assert {"Patient", "Procedure", "MedicationAdministration"} <= set(kinds)
    assert card.payload["iss"] == f"{SITE}/clinics/{provider.clinic.public_id}"


def test_the_card_carries_no_contact_details(ana: Client, provider: Membership) -> None:
    response = ana.get("/p/passport.smart-health-card")
    (token,) = json.loads(response.content)["verifiableCredential"]
    card = health_cards.verify_card(token, jwks_of(provider))
    assert "ana@example.org" not in card.payload_text  # Ana's email is on her record
    assert all("telecom" not in e["resource"] for e in card.bundle["entry"])


def test_the_pdf_carries_one_card_qr_and_one_health_link_qr_that_scan_and_verify(
    ana: Client, provider: Membership, zbarimg: str, tmp_path: Path
) -> None:
    # Given the passport PDF Ana downloads
    pdf = ana.get("/p/passport.pdf").content
    # When another clinic's phone scans its codes
    texts = scanned(pdf, zbarimg, tmp_path)
    # Then one is a single-QR SMART Health Card of her latest session, which verifies
    (card_text,) = [t for t in texts if t.startswith("shc:/")]
    card = health_cards.verify_card(
        health_cards.jws_of_qr(card_text), jwks_of(provider), single_qr=True
    )
    assert any(e["resource"]["resourceType"] == "Procedure" for e in card.bundle["entry"])
    # And the other a SMART Health Link whose files decrypt: her whole record, signed, and FHIR
    (link_text,) = [t for t in texts if "shlink:/" in t]
    post, get = receiver()
    files = dict(health_cards.resolve_shlink(link_text, post, get, recipient="Lakeside Clinic"))
    (token,) = json.loads(files["application/smart-health-card"])["verifiableCredential"]
    health_cards.verify_card(token, jwks_of(provider))
    fhir = json.loads(files["application/fhir+json"])
    assert fhir["resourceType"] == "Bundle"
    assert b"ana@example.org" not in files["application/fhir+json"]
    assert len(texts) == 2  # no chunked set: the spec deprecated it


def test_a_session_too_large_for_one_code_says_what_it_leaves_out(
    ana: Client,
    provider: Membership,
    dilution: TreatmentSession,
    botox_lot: ProductLot,
    zbarimg: str,
    tmp_path: Path,
) -> None:
    # Given a session of 30 injection points (a full-face treatment charted point by point)
    zones = ["forehead", "glabella", "crows-feet-right", "crows-feet-left", "chin", "neck"]
    for n in range(30):
        InjectionPoint.objects.create(
            clinic_id=provider.clinic_id,
            session=dilution,
            zone=zones[n % len(zones)],
            product="botox",
            lot=botox_lot,
            dose=Decimal("2"),
            unit="U",
        )
    # When Ana opens her passport and downloads the PDF
    response = ana.get("/p/")
    page = response.content.decode()
    pdf = ana.get("/p/passport.pdf").content
    # Then the page and the PDF say what the card leaves out, and the card still is one code
    card_part = page[page.find("Your latest treatment") :][:600] or page[:600]
    assert "To fit one code it leaves out" in page, (response.status_code, card_part)
    assert "products given" in page
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "To fit one code it leaves out" in text
    (card_text,) = [t for t in scanned(pdf, zbarimg, tmp_path) if t.startswith("shc:/")]
    health_cards.verify_card(health_cards.jws_of_qr(card_text), jwks_of(provider), single_qr=True)


def test_the_passport_page_shows_the_latest_session_card(ana: Client) -> None:
    page = ana.get("/p/").content.decode()
    assert "Your latest treatment as a code" in page
    assert "<svg" in page


def test_the_health_link_expires_with_its_patient_link_or_in_30_days(
    ana: Client, provider: Membership
) -> None:
    from toxfill.web.patient_link.models import HealthLink

    ana.get("/p/passport.pdf")
    row = HealthLink.objects.filter(clinic_id=provider.clinic_id).get()
    assert row.expires_at <= row.created_at + dt.timedelta(days=30)


def test_a_session_too_large_even_alone_says_so_and_shows_no_code(
    ana: Client, dilution: TreatmentSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a latest session that fits no single code, whatever is left out
    from toxfill.passport.fit import FittedCard
    from toxfill.web.patient_link import documents

    too_large = FittedCard(None, ("everything: even the session alone is too large",))
    monkeypatch.setattr(documents, "single_qr_card", lambda bundle, sign, **_: too_large)

    # When Ana opens her passport
    page = ana.get("/p/").content.decode()

    # Then it says so and points to the PDF's whole-record code, with no card code drawn
    assert "has too many details for one code" in page
    assert 'class="tf-qr"' not in page

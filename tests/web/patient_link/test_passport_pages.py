"""The passport behind the link (page, PDF, FHIR, signed card), and another clinic checking it
(the clinic's published keys, the import page, the CLI)."""

from __future__ import annotations

import base64
import json
import re
import zlib
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client
from pypdf import PdfReader
from tests.calendars import read_calendar
from tests.web.clinic.fhir_conformance import problems
from typer.testing import CliRunner

from toxfill import passport
from toxfill.cli import app
from toxfill.knowledge import bundled_knowledge
from toxfill.web.clinic.errors import NotAllowed
from toxfill.web.clinic.models import Membership, TreatmentSession
from toxfill.web.clinic.signing.keys import rotate_signing_key
from toxfill.web.patient_link.actions import IssuedLink


def test_it_shows_every_session_with_provider_licence_lot_dose_and_dilution(
    ana: Client, dilution: TreatmentSession
) -> None:
    page = ana.get("/p/").content.decode()
    assert "Riverside" in page
    assert "Paula Reyes" in page
    assert "RN, RN-123456, NY" in page
    assert "C1234A" in page  # the lot
    assert "20 units" in page
    assert "2.50 mL" in page  # the dilution
    assert bundled_knowledge().zones["glabella"].label in page


def test_it_warns_that_toxin_units_differ_between_products(ana: Client) -> None:
    page = ana.get("/p/").content.decode()
    assert "not the same between brands" in page
    assert bundled_knowledge().units_warning.text in page


def test_it_downloads_a_pdf_another_clinic_can_read(ana: Client) -> None:
    response = ana.get("/p/passport.pdf")
    assert response["Content-Type"] == "application/pdf"
    pdf_path = Path(__file__).parent / "passport-test.pdf"
    try:
        pdf_path.write_bytes(response.content)
        reader = PdfReader(pdf_path)
        text = "\n".join(page.extract_text() for page in reader.pages)
    finally:
        pdf_path.unlink(missing_ok=True)
    assert "Treatment passport: Ana Silva" in text
    assert "C1234A" in text
    assert "20 U" in text
    assert "Signed copy for another clinic" in text
    assert any(page.images for page in reader.pages)  # the QR code(s)


def test_it_downloads_the_patient_subset_as_fhir(ana: Client) -> None:
    response = ana.get("/p/passport.fhir.json")
    assert response["Content-Type"] == "application/fhir+json"
    bundle = json.loads(response.content)
    kinds = {e["resource"]["resourceType"] for e in bundle["entry"]}
    assert {"Patient", "Procedure", "MedicationAdministration"} <= kinds
    assert "tolerated well" not in response.content.decode()  # clinical notes stay at the clinic
    assert problems(bundle) == []  # R4's schema and invariants, and the US Core it claims


def _pdf_text(ana: Client) -> str:
    pdf_path = Path(__file__).parent / "passport-licence-test.pdf"
    try:
        pdf_path.write_bytes(ana.get("/p/passport.pdf").content)
        return "\n".join(page.extract_text() for page in PdfReader(pdf_path).pages)
    finally:
        pdf_path.unlink(missing_ok=True)


def test_it_shows_the_same_licence_facts_in_the_pdf_and_the_fhir_bundle(
    ana: Client, provider: Membership
) -> None:
    # given Ana's provider licensed as RN RN-123456 in NY, expiring in 2099
    # when Ana downloads her passport as a PDF and as FHIR
    text = _pdf_text(ana)
    bundle = json.loads(ana.get("/p/passport.fhir.json").content)
    (practitioner,) = [
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Practitioner"
    ]
    (licence,) = practitioner["qualification"]
    # then both show the licence's kind, number and state (public in a state's licence
    # look-up), as licences.licence_shown decides, and neither the expiry the clinic keeps
    shown = (
        licence["code"]["text"],
        licence["identifier"][0]["value"],
        licence["issuer"]["display"],
    )
    assert shown == ("RN", "RN-123456", "NY")
    assert "licence: RN, RN-123456, NY" in text
    expiry = provider.licence_expires
    assert expiry is not None
    assert "period" not in licence
    assert expiry.isoformat() not in json.dumps(bundle)
    assert str(expiry.year) not in text


@pytest.fixture
def card(ana: Client) -> str:
    response = ana.get("/p/passport.smart-health-card")
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def jwks(card: str, front_desk: Membership) -> dict[str, object]:
    response = Client().get(f"/clinics/{front_desk.clinic.public_id}/.well-known/jwks.json")
    assert response.status_code == 200
    keys: dict[str, object] = response.json()
    return keys


def test_it_signs_the_card_with_the_clinics_published_key(
    card: str, jwks: dict[str, object], front_desk: Membership
) -> None:
    token = passport.passport_from_text(card)
    verified = passport.read_passport(token, jwks)
    assert verified.issuer.endswith(f"/clinics/{front_desk.clinic.public_id}")
    assert verified.resources("Patient")[0]["name"][0]["family"] == "Silva"
    assert all("d" not in key for key in jwks["keys"])  # type: ignore[union-attr]


def _tampered(card: str) -> str:
    """The card with the patient's name changed after signing, as a forger would."""
    head, body, signature = passport.passport_from_text(card).split(".")
    inflated = zlib.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)), -15)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    deflated = packer.compress(inflated.replace(b"Silva", b"Sylva")) + packer.flush()
    forged = base64.urlsafe_b64encode(deflated).rstrip(b"=").decode()
    return json.dumps({"verifiableCredential": [f"{head}.{forged}.{signature}"]})


def test_it_verifies_a_passport_on_the_import_page(
    card: str,
    manager: Membership,
    client_for: Callable[[Membership], Client],
) -> None:
    url = f"/clinic/{manager.clinic.public_id}/passports/import"
    page = client_for(manager).post(url, {"card_text": card})
    text = page.content.decode()
    assert page.status_code == 200
    assert "Verified: signed by its issuer and unchanged" in text
    assert "Ana" in text
    assert "no-store" in page["Cache-Control"]


def test_it_fails_a_tampered_passport_on_the_import_page(
    card: str, manager: Membership, client_for: Callable[[Membership], Client]
) -> None:
    url = f"/clinic/{manager.clinic.public_id}/passports/import"
    page = client_for(manager).post(url, {"card_text": _tampered(card)})
    assert page.status_code == 422
    text = page.content.decode()
    assert "Not verified: do not rely on this passport" in text
    assert "Verified: signed" not in text


def test_it_verifies_with_the_cli(card: str, jwks: dict[str, object], tmp_path: Path) -> None:
    (tmp_path / "ana.smart-health-card").write_text(card)
    (tmp_path / "jwks.json").write_text(json.dumps(jwks))
    result = CliRunner().invoke(
        app,
        [
            "passport",
            "verify",
            str(tmp_path / "ana.smart-health-card"),
            "--keys",
            str(tmp_path / "jwks.json"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Signature good, issuer not verified" in result.output  # a key set given, not fetched
    assert "Patient" in result.output


def test_it_fails_a_tampered_passport_with_the_cli_exit_2(
    card: str, jwks: dict[str, object], tmp_path: Path
) -> None:
    (tmp_path / "forged.smart-health-card").write_text(_tampered(card))
    (tmp_path / "jwks.json").write_text(json.dumps(jwks))
    result = CliRunner().invoke(
        app,
        [
            "passport",
            "verify",
            str(tmp_path / "forged.smart-health-card"),
            "--keys",
            str(tmp_path / "jwks.json"),
        ],
    )
    assert result.exit_code == 2
    assert "changed after the clinic signed it" in result.output


def test_it_keeps_one_key_per_clinic_across_downloads(
    ana: Client, card: str, jwks: dict[str, object]
) -> None:
    again = ana.get("/p/passport.smart-health-card").content.decode()
    assert passport.read_passport(passport.passport_from_text(again), jwks)
    assert len(jwks["keys"]) == 1  # type: ignore[arg-type]


def test_it_shows_the_plan_calendar_and_aftercare(ana: Client, issued: IssuedLink) -> None:
    page = ana.get("/p/plan").content.decode()
    assert "My next visits" in page
    assert "review visit" in page
    assert "Aftercare" in page
    start = page.index("/p/calendar/")
    address = page[start : page.index('"', start)]
    calendar = Client().get(address)
    assert calendar.status_code == 200
    events = read_calendar(calendar.content).events  # as a second parser reads it
    assert any("review visit" in (e.summary or "") for e in events)
    assert calendar["Cache-Control"] == "no-store"


def test_it_still_verifies_old_passports_after_the_key_is_rotated(
    card: str, manager: Membership, provider: Membership
) -> None:
    # when mia rotates Riverside's signing key
    new_kid = rotate_signing_key(manager)
    # then the JWKS publishes both, and the earlier passport still verifies
    keys = Client().get(f"/clinics/{manager.clinic.public_id}/.well-known/jwks.json").json()
    assert new_kid in [k["kid"] for k in keys["keys"]]
    assert len(keys["keys"]) == 2
    assert passport.read_passport(passport.passport_from_text(card), keys)
    # and a provider may not rotate it
    with pytest.raises(NotAllowed):
        rotate_signing_key(provider)


def _drawn_points(page: str) -> list[tuple[str, str]]:
    """The (cx, cy) of each point drawn in the page's session drawing."""
    drawing = page[page.index('class="session-map"') :]
    return re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)" r="1.6"', drawing)


def test_the_passport_draws_the_points_where_the_session_page_does(
    ana: Client,
    dilution: TreatmentSession,
    provider: Membership,
    client_for: Callable[[Membership], Client],
) -> None:
    # a glabella point placed left of the middle of the frown area
    dilution.points.update(view="face", x=Decimal("46"), y=Decimal("30"))
    passport = ana.get("/p/").content.decode()
    session = client_for(provider).get(
        f"/clinic/{provider.clinic.public_id}/sessions/{dilution.public_id}/"
    )

    assert _drawn_points(passport) == [("46.0", "43.5")]  # the face is drawn 1.45 times taller
    assert _drawn_points(session.content.decode()) == _drawn_points(passport)
    assert "20 U" in passport[passport.index('class="session-map"') :]

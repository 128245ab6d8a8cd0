"""An adverse event's MedWatch report (Form FDA 3500) from the event page, as text and as a
PDF: sections A to G in the form's order with the record's values, the recorder named as
reporter, a fixed number of queries, and nothing of another clinic's. (The API's copies and
their access log: test_exports_api.py; the form's rules: tests/core/test_medwatch.py.)"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from toxfill.web.clinic.models import (
    AdverseEvent,
    InjectionPoint,
    Membership,
    Patient,
    ProductLot,
    TreatmentSession,
)

Browser = Callable[[Membership], Client]
GS = "\x1d"
SECTIONS = (
    "A. Patient information",
    "B. Adverse event, product problem",
    "C. Product availability",
    "D. Suspect products",
    "E. Suspect medical device",
    "F. Other (concomitant) medical products",
    "G. Reporter",
)


@pytest.fixture
def vessel_emergency(
    provider: Membership,
    patient: Patient,
    botox_lot: ProductLot,
    voluma_lot: ProductLot,
) -> AdverseEvent:
    """Ana, who takes a blood thinner and is allergic to lidocaine, had Botox at the glabella
    and Voluma (received by scanning its label, expiry printed as day 00) in the left cheek;
    the next day her cheek blanched. paula triaged it an emergency, gave 300 U of
    hyaluronidase, and it resolved."""
    patient.allergies = "lidocaine (rash)"
    patient.save(update_fields=["allergies"])
    voluma_lot.scanned = f"01003012345678901726110010V1{GS}21S99"
    voluma_lot.serial = "S99"
    voluma_lot.save(update_fields=["scanned", "serial"])
    performed_at = dt.datetime(2026, 3, 10, 15, 0, tzinfo=dt.UTC)
    session = TreatmentSession.objects.create(
        clinic_id=provider.clinic_id, patient=patient, provider=provider, performed_at=performed_at
    )
    for zone, product, lot, dose, unit, depth in (
        ("glabella", "botox", botox_lot, "20", "U", "intramuscular"),
        ("cheek-left", "juvederm-voluma", voluma_lot, "0.5", "mL", "supraperiosteal"),
    ):
        InjectionPoint.objects.create(
            clinic_id=provider.clinic_id, session=session, zone=zone, product=product, lot=lot,
            dose=Decimal(dose), unit=unit, depth=depth,
        )  # fmt: skip
    return AdverseEvent.objects.create(
        clinic_id=provider.clinic_id,
        session=session,
        patient=patient,
        onset_at=performed_at + dt.timedelta(days=1),
        symptoms=["skin-blanching"],
        urgency="emergency",
        triage=[
            {
                "headline": "Call emergency services now.",
                "reasons": [
                    {"text": "Pale skin can mean filler is blocking a blood vessel. Act fast."}
                ],
            }
        ],
        severity="severe",
        actions="Hyaluronidase 300 U at 10:05, warm compress",
        hyaluronidase_units=Decimal(300),
        outcome="resolved",
        recorded_by=provider,
    )


def _page(member: Membership, event: AdverseEvent, kind: str) -> str:
    return f"/clinic/{member.clinic.public_id}/events/{event.public_id}/medwatch.{kind}"


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _in_order(text: str, parts: tuple[str, ...]) -> bool:
    at = [text.find(part) for part in parts]
    return -1 not in at and at == sorted(at)


VALUES = (
    "AS (initials only)",
    "Yes: hyaluronidase 300 U was given to dissolve the filler",
    "Allergies: lidocaine (rash)",
    "C1234A",
    "intramuscular",
    "(01)00301234567890(17)261100(10)V1(21)S99",
    "Paula Reyes (recorded this event)",
)


def test_it_sends_the_report_as_text_with_sections_a_to_g_in_order(
    provider: Membership, vessel_emergency: AdverseEvent, client_for: Browser
) -> None:
    response = client_for(provider).get(_page(provider, vessel_emergency, "txt"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert _in_order(text, tuple(s.upper() for s in SECTIONS))
    for value in VALUES:
        assert value in text
    assert "B3 Date of event: 2026-03-11" in text  # the clinic's day, in New York
    assert (
        "Triaged on entry by toxfill as emergency: Pale skin can mean filler is blocking a blood "
        "vessel." in text
    )


def test_it_sends_the_same_report_as_a_pdf_that_reads_a_to_g_in_order(
    provider: Membership, vessel_emergency: AdverseEvent, client_for: Browser
) -> None:
    response = client_for(provider).get(_page(provider, vessel_emergency, "pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="medwatch-{vessel_emergency.public_id}.pdf"'
    )
    text = _pdf_text(response.content)
    assert _in_order(text, SECTIONS)
    flat = " ".join(text.split())  # table cells wrap onto several lines
    for value in VALUES:
        assert value in flat or value in text.replace("\n", ""), value


def _elements(node: Any) -> Iterator[DictionaryObject]:
    node = node.get_object()
    if isinstance(node, ArrayObject):
        for kid in node:
            yield from _elements(kid)
    elif isinstance(node, DictionaryObject) and "/S" in node:
        yield node
        if "/K" in node:
            yield from _elements(node["/K"])


def test_the_pdf_is_tagged_with_a_heading_per_section_and_table_header_cells(
    provider: Membership, vessel_emergency: AdverseEvent, client_for: Browser
) -> None:
    content = client_for(provider).get(_page(provider, vessel_emergency, "pdf")).content
    root = PdfReader(io.BytesIO(content)).trailer["/Root"]
    assert root["/Lang"] == "en-US"
    assert root["/MarkInfo"]["/Marked"]
    elements = list(_elements(root["/StructTreeRoot"]["/K"]))
    tags = [str(e["/S"]) for e in elements]
    assert tags.count("/H1") == 1
    assert tags.count("/H2") == len(SECTIONS)
    assert {"/Table", "/TH", "/TD", "/H3", "/Link"} <= set(tags)
    header_cells = [e for e in elements if e["/S"] == "/TH"]
    assert all(cell["/A"].get_object()["/Scope"] == "/Column" for cell in header_cells)


def test_the_pdf_embeds_every_font_it_uses(
    provider: Membership, vessel_emergency: AdverseEvent, client_for: Browser
) -> None:
    content = client_for(provider).get(_page(provider, vessel_emergency, "pdf")).content
    for page in PdfReader(io.BytesIO(content)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = (
                font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            )
            assert "/FontFile2" in descendant["/FontDescriptor"].get_object(), font["/BaseFont"]


def test_it_names_the_recorder_as_reporter_when_the_manager_downloads_it(
    manager: Membership, vessel_emergency: AdverseEvent, client_for: Browser
) -> None:
    # given mia, the manager, downloads the report of the event paula recorded
    text = client_for(manager).get(_page(manager, vessel_emergency, "txt")).content.decode()
    # then paula is the reporter, with her licence, and mia is named as the one who prepared it
    assert "  Name: Paula Reyes (recorded this event)" in text
    assert "  Occupation: RN (licence RN-123456, NY)" in text
    assert "for mia (Manager)" in text
    assert "ask Paula Reyes to check it and send it" in text


def test_the_event_page_offers_the_report_as_text_and_as_pdf(
    provider: Membership, vessel_emergency: AdverseEvent, client_for: Browser
) -> None:
    page = f"/clinic/{provider.clinic.public_id}/events/{vessel_emergency.public_id}/"
    html = client_for(provider).get(page).content.decode()
    assert (
        f'href="{_page(provider, vessel_emergency, "txt")}" download>MedWatch report (text)' in html
    )
    assert (
        f'href="{_page(provider, vessel_emergency, "pdf")}" download>MedWatch report (PDF)' in html
    )


@pytest.mark.parametrize("kind", ["txt", "pdf"])
def test_another_clinic_finds_no_report(
    kind: str,
    provider: Membership,
    outsider: Membership,
    vessel_emergency: AdverseEvent,
    client_for: Browser,
) -> None:
    # given oscar, who manages Lakeside, names Riverside's event at his own clinic
    response = client_for(outsider).get(_page(outsider, vessel_emergency, kind))
    # then there is no such event, and nothing of Ana is sent
    assert response.status_code == 404
    assert b"Silva" not in response.content


@pytest.mark.parametrize("kind", ["txt", "pdf"])
def test_it_reads_the_report_in_as_many_queries_for_six_points_as_for_two(
    kind: str,
    provider: Membership,
    vessel_emergency: AdverseEvent,
    botox_lot: ProductLot,
    client_for: Browser,
    django_assert_num_queries: Any,
) -> None:
    browser = client_for(provider)
    url = _page(provider, vessel_emergency, kind)
    # two to know who asks (test_signed_in_member.py), then the event, the access-log line (3:
    # the clinic's audit chain locked, the row, the chain moved on), the session and its points
    # with their lots
    with django_assert_num_queries(8):
        assert browser.get(url).status_code == 200
    for zone in ("forehead", "crows-feet-left", "crows-feet-right", "chin"):
        InjectionPoint.objects.create(
            clinic_id=provider.clinic_id, session=vessel_emergency.session, zone=zone,
            product="botox", lot=botox_lot, dose=Decimal(4), unit="U",
        )  # fmt: skip
    with django_assert_num_queries(8):
        assert browser.get(url).status_code == 200

"""The printed aftercare sheet in the language the patient reads: a Spanish reader's sheet says
everything it tells the patient in Spanish (lang="es" on it), while the staff's notes and the
workspace around it stay English; an English reader's sheet is unchanged."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client
from tests.web.test_spanish_pages import all_spanish, page_of

from toxfill.web.clinic.actions.clinics import set_clinic_phone
from toxfill.web.clinic.actions.patients import update_patient
from toxfill.web.clinic.models import Membership, Patient, TreatmentSession

START = '<div class="tf-sheet" lang="'
END = '<p class="actions no-print">'


@pytest.fixture
def phoned(manager: Membership, dilution: TreatmentSession) -> None:
    set_clinic_phone(manager, phone="+1 (555) 010-0199", out_of_hours="")


def reads_spanish(front_desk: Membership, patient: Patient) -> None:
    update_patient(
        front_desk, patient.public_id, version=patient.version, changes={"preferred_language": "es"}
    )


def sheet(member: Membership, patient: Patient, client_for: Callable[[Membership], Client]) -> str:
    url = f"/clinic/{member.clinic.public_id}/patients/{patient.public_id}/links"
    response = client_for(member).post(url)
    assert response.status_code == 200
    return str(response.content.decode())


def body(page: str) -> str:
    """The sheet the patient takes home, less its address (a token is not words)."""
    part = page[page.index(START) : page.index(END)]
    return re.sub(r"<code>[^<]*</code>", "", part)


@pytest.mark.usefixtures("phoned")
def test_a_spanish_readers_sheet_says_it_all_in_spanish(
    front_desk: Membership,
    provider: Membership,
    patient: Patient,
    dilution: TreatmentSession,
    client_for: Callable[[Membership], Client],
) -> None:
    reads_spanish(front_desk, patient)

    page = sheet(provider, patient, client_for)

    all_spanish(page_of(body(page)), "the aftercare sheet")
    assert f'{START}es">' in page
    assert "<h1>Cuidados para Ana Silva</h1>" in page
    assert "Llame a Riverside:" in page
    assert "<title>Código QR de su enlace personal</title>" in page
    assert "Después de su tratamiento: Toxina botulínica" in page
    assert "Llame ahora a los servicios de emergencia" in page
    assert "proveedor de salud con licencia" in page
    # the clinic's workspace and the staff's notes stay English
    assert '<html lang="en">' in page
    assert "This link is shown only now." in page
    assert "Print this sheet" in page


@pytest.mark.usefixtures("phoned")
def test_an_english_readers_sheet_is_in_english(
    provider: Membership,
    patient: Patient,
    dilution: TreatmentSession,
    client_for: Callable[[Membership], Client],
) -> None:
    page = sheet(provider, patient, client_for)

    assert f'{START}en">' in page
    assert "<h1>Aftercare for Ana Silva</h1>" in page
    assert "Questions or worries after your treatment? Call us:" in page
    assert "<title>QR code of your personal link</title>" in page
    assert '<h2 id="g-1">After your Botulinum toxin' in page
    assert "Call emergency services now</strong> if you get any of these:" in page
    assert "This sheet informs a talk with a licensed provider. It does not replace one." in page

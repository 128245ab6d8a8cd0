"""What a Spanish-reading patient gets from their link, in Spanish: the passport PDF (its text,
its QR codes' alternate text, its dates, its /Lang, the same tagged structure as the English),
the calendar of their visits (the same events on the same days), and the email that brings the
link. An English reader's are what they were.

The link's pages take the language the link views activate; here the documents are asked for
under translation.override, as those views will, or with the patient's language given.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.test import Client, RequestFactory
from django.utils import translation
from pypdf import PdfReader
from tests import tagged_pdfs
from tests.calendars import read_calendar
from tests.web.test_spanish_pages import all_spanish, as_page, harder_than_grade_8

from toxfill.knowledge import bundled_knowledge
from toxfill.web.clinic.actions.followups import schedule_followup
from toxfill.web.clinic.models import Membership, Patient, TreatmentSession
from toxfill.web.patient_link import documents, reads, views
from toxfill.web.patient_link.actions import IssuedLink, send_patient_link
from toxfill.web.patient_link.models import PatientLink
from toxfill.wording import long_date

SITE = "https://testserver/"
SPANISH_MONTH = re.compile(
    r"\d{1,2} de (enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre"
    r"|noviembre|diciembre) de \d{4}"
)


def passport_in(link: PatientLink, language: str) -> bytes:
    """The passport PDF as the link's download makes it, with `language` active."""
    request = RequestFactory().get("/p/passport.pdf", secure=True)
    with translation.override(language):
        response = views.passport_pdf_file(request, link)
    assert response.status_code == 200
    return response.content


def calendar_in(link: PatientLink, language: str) -> bytes:
    """The visits calendar as the subscription address serves it to a calendar app (which
    sends no language choice), for a patient who reads `language`."""
    Patient.objects.filter(pk=link.patient_id).update(preferred_language=language)
    factory = RequestFactory()
    address = views.calendar_url(factory.get("/p/plan", secure=True), link)
    signed = address.rsplit("/", 1)[-1].removesuffix(".ics")
    response = views.calendar(factory.get(address, secure=True), signed)
    assert response.status_code == 200
    return response.content


def pdf_text(data: bytes) -> list[str]:
    """Every line a reader meets: the pages' text (the footer's too), the title and the QR
    codes' alternate text."""
    reader = PdfReader(io.BytesIO(data))
    lines = [line for page in reader.pages for line in page.extract_text().splitlines()]
    doc = tagged_pdfs.read(data)
    alts = [figure.alt for figure in doc.document.find("Figure")]
    return [str(doc.pdf.docinfo.Title), *lines, *alts]


@pytest.fixture
def spanish_reader(patient: Patient) -> Patient:
    """Ana, reading Spanish (the demo's Gus Reyes does too)."""
    patient.preferred_language = "es"
    patient.save(update_fields=["preferred_language"])
    return patient


@pytest.fixture
def spanish_passport(issued: IssuedLink, spanish_reader: Patient) -> bytes:
    """Ana's passport in Spanish: one Botox session at Riverside, 20 units in the glabella."""
    return passport_in(issued.link, "es")


@pytest.fixture
def english_passport(ana: Client) -> bytes:
    return ana.get("/p/passport.pdf").content


def test_the_spanish_passport_is_all_spanish_and_easy_to_read(spanish_passport: bytes) -> None:
    lines = pdf_text(spanish_passport)

    all_spanish(as_page(lines), "passport.pdf")
    assert harder_than_grade_8([("passport.pdf", as_page(lines))]) == []


def test_the_spanish_passport_is_tagged_in_spanish_with_the_english_structure(
    spanish_passport: bytes, english_passport: bytes
) -> None:
    spanish, english = tagged_pdfs.read(spanish_passport), tagged_pdfs.read(english_passport)

    assert tagged_pdfs.all_problems(spanish_passport) == []
    assert spanish.pdf.Root.Lang == "es"
    assert spanish.pdf.docinfo.Title == "Pasaporte de tratamientos"
    assert [node.tag for node in spanish.document.walk()] == [
        node.tag for node in english.document.walk()
    ]
    assert [spanish.text_of(h) for h in spanish.document.find("H1")] == [
        "Pasaporte de tratamientos: Ana Silva"
    ]
    session, signed = (spanish.text_of(h) for h in spanish.document.find("H2"))
    assert SPANISH_MONTH.fullmatch(session.removesuffix(" en Riverside"))
    assert signed == "Copia firmada para otra clínica"


def test_the_spanish_passport_names_doses_from_the_spanish_knowledge_base(
    spanish_passport: bytes, dilution: TreatmentSession
) -> None:
    doc = tagged_pdfs.read(spanish_passport)
    kb = bundled_knowledge("es")

    (table,) = doc.document.find("Table")
    assert [doc.text_of(th) for th in table.find("TH")] == [
        "Zona",
        "Producto",
        "Lote",
        "Dosis",
        "Dilución",
    ]
    (row,) = table.find("TBody")[0].find("TR")
    cells = [doc.text_of(td) for td in row.find("TD")]
    assert cells[0] == kb.zones["glabella"].label
    assert cells[2:] == ["C1234A", "20 U", "2.50 mL de líquido para mezclar"]
    paragraphs = [doc.text_of(p) for p in doc.document.find("P")]
    assert f"Unidades de toxina: {kb.units_warning.text}" in paragraphs
    assert any("proveedor de salud con licencia" in p for p in paragraphs)
    assert f"Nació el {long_date(dilution.patient.date_of_birth, 'es')}." in paragraphs[0]


def test_the_spanish_passports_qr_codes_say_what_they_are_in_spanish(
    spanish_passport: bytes,
) -> None:
    doc = tagged_pdfs.read(spanish_passport)

    figures = doc.document.find("Figure")
    assert len(figures) == 2
    assert all("Código QR: " in f.alt and "copia firmada de su registro" in f.alt for f in figures)
    assert SPANISH_MONTH.search(figures[0].alt)


def test_the_passport_takes_the_language_it_is_given_outside_a_request(
    issued: IssuedLink, spanish_reader: Patient
) -> None:
    link = issued.link
    kb = bundled_knowledge(spanish_reader.reads_in)
    entries = reads.passport_entries(kb, reads.sessions(link))
    codes = documents.PassportCodes(session=None, shared="", shared_until=None)

    data = documents.passport_pdf(link, entries, kb, codes)

    doc = tagged_pdfs.read(data)
    assert doc.pdf.Root.Lang == "es"
    all_spanish(as_page(pdf_text(data)), "passport.pdf without codes")


def test_an_english_readers_passport_says_what_it_said(
    english_passport: bytes, dilution: TreatmentSession
) -> None:
    doc = tagged_pdfs.read(english_passport)

    assert doc.pdf.Root.Lang == "en-US"
    born = dilution.patient.date_of_birth
    paragraphs = [doc.text_of(p) for p in doc.document.find("P")]
    assert paragraphs[0].startswith(f"Born {born.day} {born:%B %Y}. Issued by Riverside on ")
    assert paragraphs[0].endswith(
        "This record informs a conversation with a licensed provider; it does not replace one."
    )
    assert "Provider: Paula Reyes (licence: RN, RN-123456, NY)" in paragraphs
    assert [f.alt for f in doc.document.find("Figure")][1] == (
        "QR code: link to a signed copy of your record, every treatment (SMART Health Link)"
    )
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(english_passport)).pages)
    assert "Page 1 of 2" in text


def test_the_spanish_calendar_has_the_english_events_in_spanish(
    issued: IssuedLink, spanish_reader: Patient
) -> None:
    spanish = read_calendar(calendar_in(issued.link, "es"))
    english = read_calendar(calendar_in(issued.link, "en"))

    assert [(e.uid, e.dtstart, e.dtend) for e in spanish.events] == [
        (e.uid, e.dtstart, e.dtend) for e in english.events
    ]
    option = bundled_knowledge("es").options["botulinum-toxin"].label
    assert [e.summary for e in spanish.events] == [f"Riverside: visita de revisión ({option})"]
    assert [e.summary for e in english.events] == [
        f"Riverside: review visit ({bundled_knowledge().options['botulinum-toxin'].label})"
    ]
    lines = [e.summary or "" for e in spanish.events] + [
        e.description or "" for e in spanish.events
    ]
    all_spanish(as_page(lines), "my-visits.ics")


def test_a_visit_the_clinic_named_itself_is_kept_as_written_in_either_language(
    issued: IssuedLink, spanish_reader: Patient, front_desk: Membership, ana: Client
) -> None:
    """A follow-up's purpose is free text ("call"): the planner's purposes have Spanish, a
    clinic's own did not, and the Spanish calendar answered 500 (LookupError) for it."""
    due = dt.date.today() + dt.timedelta(days=3)
    schedule_followup(front_desk, spanish_reader.public_id, due_on=due, purpose="call")

    spanish = read_calendar(calendar_in(issued.link, "es"))
    english = read_calendar(calendar_in(issued.link, "en"))

    assert "Riverside: visita: call (tratamiento)" in [e.summary for e in spanish.events]
    assert "Riverside: call visit (treatment)" in [e.summary for e in english.events]
    Patient.objects.filter(pk=spanish_reader.pk).update(preferred_language="es")
    assert "visita: call" in ana.get("/p/plan").content.decode()  # the plan page says it too


def test_the_calendar_takes_the_language_it_is_given(
    issued: IssuedLink, spanish_reader: Patient
) -> None:
    rows = list(reads.upcoming(issued.link))

    body = documents.followups_ics(issued.link, rows, bundled_knowledge("es"))

    assert "Riverside: mis visitas" in body.decode()


def test_the_link_email_speaks_the_patients_language(
    front_desk: Membership, spanish_reader: Patient, dilution: TreatmentSession
) -> None:
    # when fred, at the English clinic side, sends Ana (who reads Spanish) her link
    link = send_patient_link(front_desk, spanish_reader.public_id, site=SITE)
    # then its subject, its words and its date are Spanish
    [sent] = mail.outbox
    assert sent.subject == "Su enlace personal de Riverside"
    assert SPANISH_MONTH.search(sent.body)
    assert "Sirve hasta el " in sent.body
    address = re.search(r"https?://\S+/p/\S+", sent.body)
    assert address is not None
    words = sent.body.replace(address.group(0), "")
    all_spanish(as_page([sent.subject, *words.splitlines()]), "the link email")
    assert link.patient.preferred_language == "es"


def test_the_link_email_to_an_english_reader_says_what_it_said(
    front_desk: Membership, patient: Patient, dilution: TreatmentSession
) -> None:
    link = send_patient_link(front_desk, patient.public_id, site=SITE)

    [sent] = mail.outbox
    address = re.search(r"https?://\S+/p/\S+", sent.body)
    assert address is not None
    day = link.expires_at.astimezone(ZoneInfo(link.clinic.time_zone)).date()
    assert sent.subject == "Your personal link from Riverside"
    assert sent.body == (
        f"Riverside sent you your personal link:\n\n{address.group(0)}\n\n"
        "It shows your treatments, your next visits and what to do if you feel unwell. "
        "No password needed: keep it private, like a key; do not forward this email.\n"
        f"It works until {day.day} {day:%B %Y}. If you did not expect it, tell Riverside.\n"
    )

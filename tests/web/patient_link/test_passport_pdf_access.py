"""The passport PDF as a screen reader gets it: tagged, in English (and in Spanish for a
Spanish reader, tests/web/patient_link/test_documents_in_spanish.py), its doses a table with
column headers and its QR codes figures that say what they are (issue 21, item 4).

Read back with pikepdf and pypdf (tests/tagged_pdfs.py), never with fpdf2, which writes it.
"""

from __future__ import annotations

import pytest
from django.test import Client
from tests import tagged_pdfs
from tests.web.patient_link.test_documents_in_spanish import passport_in

from toxfill.web.patient_link.actions import IssuedLink


@pytest.fixture
def passport_pdf(ana: Client) -> bytes:
    """Ana's passport: one Botox session at Riverside, 20 units in the glabella, lot C1234A."""
    response = ana.get("/p/passport.pdf")
    assert response.status_code == 200
    return response.content


def test_it_passes_every_tagged_pdf_check(passport_pdf: bytes) -> None:
    assert tagged_pdfs.all_problems(passport_pdf) == []


def test_it_passes_every_tagged_pdf_check_in_spanish_too(issued: IssuedLink) -> None:
    spanish = passport_in(issued.link, "es")

    assert tagged_pdfs.all_problems(spanish) == []
    doc = tagged_pdfs.read(spanish)
    assert doc.pdf.Root.Lang == "es"
    (table,) = doc.document.find("Table")
    assert {th.attributes["/Scope"] for th in table.find("TH")} == {"/Column"}
    assert tagged_pdfs.images_outside_figures(doc) == []
    assert all(figure.alt.startswith("Código QR: ") for figure in doc.document.find("Figure"))


def test_it_is_titled_and_in_english(passport_pdf: bytes) -> None:
    doc = tagged_pdfs.read(passport_pdf)

    assert doc.pdf.Root.Lang == "en-US"
    assert doc.pdf.docinfo.Title == "Treatment passport"
    assert [doc.text_of(h) for h in doc.document.find("H1")] == ["Treatment passport: Ana Silva"]
    session, signed = (doc.text_of(h) for h in doc.document.find("H2"))
    assert session.endswith(" at Riverside")
    assert signed == "Signed copy for another clinic"


def test_its_doses_are_a_table_with_column_headers(passport_pdf: bytes) -> None:
    doc = tagged_pdfs.read(passport_pdf)

    (table,) = doc.document.find("Table")
    headers = table.find("TH")
    assert [doc.text_of(th) for th in headers] == ["Zone", "Product", "Lot", "Dose", "Dilution"]
    assert {th.attributes["/Scope"] for th in headers} == {"/Column"}
    (row,) = table.find("TBody")[0].find("TR")
    cells = [doc.text_of(td) for td in row.find("TD")]
    assert cells[2:] == ["C1234A", "20 U", "2.50 mL diluent"]


def test_its_qr_codes_are_figures_saying_what_they_are(passport_pdf: bytes) -> None:
    doc = tagged_pdfs.read(passport_pdf)

    figures = doc.document.find("Figure")
    assert figures
    assert all("signed copy of your record" in figure.alt for figure in figures)
    assert tagged_pdfs.images_outside_figures(doc) == []
    assert sum(len(page.get_images()) for page in doc.pdf.pages) == len(figures)

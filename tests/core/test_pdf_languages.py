"""The consultation summary PDF in Spanish: tagged /Lang es, its headings, links and pictures
in Spanish, its sources marked English as they were published, and the same statuses as the
English summary; the English summary unchanged."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from tests import tagged_pdfs
from tests.core.test_cli_decide import english_left

from toxfill.decide import decide
from toxfill.intake import parse_intake
from toxfill.knowledge import bundled_knowledge
from toxfill.render.consultation_words import say
from toxfill.render.pdf import decision_pdf
from toxfill.scales import STATUS_TERMS

# Bob, 35, frown lines and lips, allergic to lidocaine, a toxin seven weeks ago; not sure yet
# which way he leans, sure of himself but not of the information.
INTAKE = {
    "age": 35,
    "concerns": ["glabellar-lines", "lip-volume"],
    "health": ["allergy-lidocaine"],
    "preferences": {"reversibility": 3},
    "recent_treatments": [{"option": "botulinum-toxin", "date": "2026-10-01"}],
    "today": "2026-11-23",
}


def summary_pdf(language: str) -> bytes:
    kb = bundled_knowledge(language)
    decision = decide(kb, parse_intake(kb, INTAKE))
    return decision_pdf(decision, kb, "unsure", {"sure": "yes", "understand": "no"})


@pytest.fixture(scope="module")
def spanish() -> bytes:
    return summary_pdf("es")


@pytest.fixture(scope="module")
def english() -> bytes:
    return summary_pdf("en")


def text(pdf: bytes) -> str:
    words = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return re.sub(r"\s+", " ", words)


def statuses(pdf: bytes, language: str) -> list[str]:
    """The status of each option heading (H3), in the order drawn, as IDs."""
    ids = {say(language, term.label).upper(): term.id for term in STATUS_TERMS}
    tagged = tagged_pdfs.read(pdf)
    headings = [tagged.text_of(node) for node in tagged.document.find("H3")]
    return [ids[heading.rpartition(": ")[2]] for heading in headings]


def test_the_spanish_summary_is_tagged_spanish_and_passes_every_check(spanish: bytes) -> None:
    tagged = tagged_pdfs.read(spanish)

    assert tagged.pdf.Root.Lang == "es"
    assert tagged.pdf.docinfo.Title == "Resumen de toxfill para su consulta"
    assert tagged_pdfs.all_problems(spanish) == []
    headings = [tagged.text_of(node) for node in tagged.document.find("H2")]
    assert tagged.text_of(tagged.document.find("H1")[0]) == "Su resumen para la consulta"
    assert headings[0] == "De un vistazo"
    assert "Preguntas para su proveedor de salud" in headings
    assert headings[-1] == "Fuentes"


def test_its_sources_are_marked_english_and_linked_in_spanish(spanish: bytes) -> None:
    tagged = tagged_pdfs.read(spanish)
    (sources,) = [
        node
        for node in tagged.document.find("L")
        if node.find("Lbl") and tagged.text_of(node.find("Lbl")[0]) == "[1]"
    ]

    assert sources.obj.Lang == "en-US"
    for n, item in enumerate(sources.find("LI"), start=1):
        (link,) = item.find("Link")
        assert str(link.annotations[0].Contents).startswith(f"Fuente {n}: ")
    assert "Una cuadrícula de 100 puntos: 2 rellenos." in [
        figure.alt for figure in tagged.document.find("Figure")
    ]


def test_everything_before_the_sources_is_spanish(spanish: bytes) -> None:
    words = text(spanish)
    mine = words[: words.rindex("Fuentes")]

    assert english_left(mine) == []
    assert "Página 1 de " in mine
    assert "Se inclina por Todavía no lo sé" in mine
    assert "¿Se siente seguro de cuál es la mejor opción para usted? Sí" in mine
    assert "¿Conoce los beneficios y los riesgos de cada opción? No" in mine
    assert "Se puede volver a poner desde el 30 de diciembre de 2026." in mine


def test_the_spanish_summary_gives_every_option_its_english_status(
    spanish: bytes, english: bytes
) -> None:
    assert statuses(spanish, "es") == statuses(english, "en")
    assert "not-suitable" in statuses(spanish, "es")


def test_the_english_summary_stays_english(english: bytes) -> None:
    tagged = tagged_pdfs.read(english)
    (sources,) = [
        node
        for node in tagged.document.find("L")
        if node.find("Lbl") and tagged.text_of(node.find("Lbl")[0]) == "[1]"
    ]

    assert tagged.pdf.Root.Lang == "en-US"
    assert "/Lang" not in sources.obj
    assert "Your consultation summary" in text(english)
    assert "Page 1 of " in text(english)

"""The consultation summary PDF: readable back, complete, and safe with any character."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from toxfill.decide import Decision, decide
from toxfill.intake import parse_intake
from toxfill.knowledge import KnowledgeBase
from toxfill.render.pdf import decision_pdf


@pytest.fixture(scope="module")
def decision(kb: KnowledgeBase) -> Decision:
    """Bob, 35, wants his frown lines and lips treated and is allergic to lidocaine."""
    intake = parse_intake(
        kb,
        {
            "age": 35,
            "concerns": ["glabellar-lines", "lip-volume"],
            "health": ["allergy-lidocaine"],
            "preferences": {"reversibility": 3},
            "today": "2026-11-23",
        },
    )
    return decide(kb, intake)


@pytest.fixture(scope="module")
def text(decision: Decision, kb: KnowledgeBase) -> str:
    """Bob's summary, as the words a PDF reader extracts (drawn once for the module)."""
    return words(decision_pdf(decision, kb))


def words(pdf: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return re.sub(r"\s+", " ", text)


def test_it_writes_a_pdf(decision: Decision, kb: KnowledgeBase) -> None:
    pdf = decision_pdf(decision, kb)

    assert pdf.startswith(b"%PDF-")
    assert PdfReader(io.BytesIO(pdf)).metadata.title == "toxfill consultation summary"


def test_it_repeats_the_persons_answers(text: str) -> None:
    assert "Age 35" in text
    assert "Frown lines between the eyebrows" in text
    assert "Allergy to lidocaine or similar numbing medicines" in text
    assert "Can be undone: matters a lot (3 of 3)" in text
    assert "23 November 2026" in text


def test_it_gives_every_option_a_status_and_its_reasons(text: str) -> None:
    assert 'Botulinum toxin ("Botox" and similar): RECOMMENDED' in text
    assert "No treatment: SUITABLE" in text
    assert "Fat grafting (your own fat as a filler): NOT SUITABLE" in text
    assert "Approved for frown lines between the eyebrows at your age" in text


def test_it_has_questions_sources_version_and_disclaimer(
    text: str, decision: Decision, kb: KnowledgeBase
) -> None:
    assert "Questions to ask your provider" in text
    assert "Are you a licensed provider" in text
    assert "[1] " in text
    assert decision.sources[0].url.split("//")[1][:20] in text.replace(" ", "")
    assert f"knowledge base {kb.version}" in text
    assert kb.meta.disclaimer.split(".")[0] in text
    assert "How sure are these figures?" in text


def test_it_shows_the_serious_risks_beside_the_benefits_with_how_rare_they_are(text: str) -> None:
    """IPDAS C1 (harms in equal detail); FIL-RISK-1, FIL-RISK-9, TOX-BOX-1."""
    assert "What can go wrong, and how rare it is:" in text
    assert "Serious risk: Filler blocking a blood vessel" in text
    assert "0.001%" in text
    assert "Serious risk: Toxin spreading beyond the injection area" in text


def test_it_opens_with_the_best_fit_for_each_concern(text: str) -> None:
    assert "At a glance" in text
    assert text.index("At a glance") < text.index("Your answers")
    assert "Best fit: Botulinum toxin" in text


def test_it_carries_the_leaning_and_the_sure_test(decision: Decision, kb: KnowledgeBase) -> None:
    sure = {"sure": "yes", "understand": "yes", "ratio": "no", "encouragement": "yes"}

    text = words(decision_pdf(decision, kb, "botulinum-toxin", sure))

    assert 'You are leaning toward Botulinum toxin ("Botox" and similar)' in text
    assert "Risk-benefit ratio: Are you clear about which benefits and risks matter most" in text
    assert "You said no to at least one question" in text


def test_it_says_when_the_leaning_is_not_answered_yet(text: str) -> None:
    assert "Not answered yet" in text


def test_it_draws_a_stated_rate_and_says_where_none_is_known(text: str) -> None:
    """TOX-AE-3: a drooping eyelid in about 2 in 100 people treated for frown lines."""
    assert "2 in 100" in text
    assert "No one knows how often this happens, so there is no picture." in text

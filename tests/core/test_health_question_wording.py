"""The decision aid's health questions in plain words: each question and its hint reads at
about the 8th grade, and a medical term appears only in the hint, explained ("doctors call...")."""

from __future__ import annotations

import pytest
from tests.readability import GRADE_8, reading_grade

from toxfill.knowledge import bundled_knowledge
from toxfill.knowledge.models import HealthFactor

KB = bundled_knowledge()
FACTORS = list(KB.health_factors.values())
# Words a person may not know: a question never leans on them.
JARGON = (
    "gram-positive",
    "bacterial",
    "anaphylaxis",
    "aminoglycoside",
    "anticholinergic",
    "neuromuscular",
    "bovine",
    "anticoagulant",
    "antiplatelet",
    "hypertrophic",
    "keloid",
    "immunosuppress",
    "urinary retention",
    "cardiovascular",
)


@pytest.mark.parametrize("factor", FACTORS, ids=[f.id for f in FACTORS])
def test_each_health_question_reads_at_grade_8_or_below(factor: HealthFactor) -> None:
    assert reading_grade(factor.question) <= GRADE_8, factor.question
    assert reading_grade(factor.description) <= GRADE_8, factor.description


@pytest.mark.parametrize("factor", FACTORS, ids=[f.id for f in FACTORS])
def test_no_health_question_uses_a_medical_term(factor: HealthFactor) -> None:
    question = factor.question.lower()
    assert [word for word in JARGON if word in question] == []


def test_a_medical_term_in_a_hint_is_explained() -> None:
    hint = KB.health_factors["allergy-gram-positive-bacterial-protein"].description

    assert "Doctors call these germs gram-positive bacteria" in hint

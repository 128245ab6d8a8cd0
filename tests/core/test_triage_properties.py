"""Triage invariants over many generated reports (hypothesis)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toxfill.knowledge import bundled_knowledge
from toxfill.knowledge.translation import LANGUAGES
from toxfill.triage import TriageResult, parse_report, triage
from toxfill.triage.places import places_for

KB = bundled_knowledge()
# Every property holds in every language: the words change, never the answer.
KBS = {language: bundled_knowledge(language) for language in LANGUAGES}
TREATMENTS = [o.id for o in KB.options.values() if o.administration.injected]


@st.composite
def reports(draw: st.DrawFn) -> dict[str, Any]:
    """A report with any treatments and symptoms, and a zone where one of them is injected."""
    treatment = draw(st.sampled_from(TREATMENTS))
    others = draw(st.lists(st.sampled_from(TREATMENTS), max_size=2, unique=True))
    raw: dict[str, Any] = {
        "treatment": treatment,
        "days_since": draw(st.integers(min_value=0, max_value=800)),
        "symptoms": draw(
            st.lists(st.sampled_from(list(KB.symptoms)), min_size=1, max_size=5, unique=True)
        ),
    }
    if draw(st.booleans()):
        raw["other_treatments"] = others
    given_ = [treatment, *raw.get("other_treatments", [])]
    if draw(st.booleans()):
        raw["zone"] = draw(st.sampled_from(places_for(KB, given_)))
    return raw


def run(raw: dict[str, Any], language: str = "en") -> TriageResult:
    kb = KBS[language]
    return triage(kb, parse_report(kb, raw))


@pytest.mark.parametrize("language", LANGUAGES)
@settings(max_examples=300, deadline=None)
@given(reports(), st.sampled_from(list(KB.symptoms)))
def test_adding_a_symptom_never_lowers_the_urgency(
    language: str, raw: dict[str, Any], extra: str
) -> None:
    before = run(raw, language)
    after = run({**raw, "symptoms": [*raw["symptoms"], extra]}, language)

    assert after.urgency.rank >= before.urgency.rank


@pytest.mark.parametrize("language", LANGUAGES)
@settings(max_examples=200, deadline=None)
@given(reports(), st.randoms(use_true_random=False))
def test_the_result_does_not_depend_on_the_order_of_symptoms(
    language: str, raw: dict[str, Any], rng: Any
) -> None:
    shuffled = list(raw["symptoms"])
    rng.shuffle(shuffled)

    assert run(raw, language).urgency == run({**raw, "symptoms": shuffled}, language).urgency
    assert {r.rule for r in run(raw, language).reasons} == {
        r.rule for r in run({**raw, "symptoms": shuffled}, language).reasons
    }


@pytest.mark.parametrize("language", LANGUAGES)
@settings(max_examples=200, deadline=None)
@given(reports())
def test_the_urgency_is_the_highest_of_the_symptoms_and_always_explained(
    language: str,
    raw: dict[str, Any],
) -> None:
    result = run(raw, language)

    assert result.urgency.rank == max(s.urgency.rank for s in result.symptoms)
    assert result.reasons[0].urgency == result.urgency
    assert result.advice
    for reason in result.reasons:
        assert set(reason.sources) <= set(KB.sources)

"""The same answers in English and Spanish: every triage case of the suite, triaged in both,
reaches the same urgency for the same reasons, with the same sources and as many lines of
advice, of what to tell and of what would make it more urgent. Only the words differ."""

from __future__ import annotations

from typing import Any

import pytest
from tests.core.test_triage_cases import CASES

from toxfill.knowledge import bundled_knowledge
from toxfill.triage import TriageResult, parse_report, triage

ENGLISH = bundled_knowledge("en")
SPANISH = bundled_knowledge("es")


def both(report: dict[str, Any]) -> tuple[TriageResult, TriageResult]:
    english = triage(ENGLISH, parse_report(ENGLISH, report))
    spanish = triage(SPANISH, parse_report(SPANISH, report))
    return english, spanish


@pytest.mark.parametrize(("report", "expected"), CASES)
def test_every_case_gets_the_same_answer_in_english_and_spanish(
    report: dict[str, Any], expected: str
) -> None:
    english, spanish = both(report)

    assert spanish.urgency == english.urgency == expected
    assert [(s.symptom, s.urgency) for s in spanish.symptoms] == [
        (s.symptom, s.urgency) for s in english.symptoms
    ]
    assert [(r.rule, r.urgency, r.sources, r.symptoms) for r in spanish.reasons] == [
        (r.rule, r.urgency, r.sources, r.symptoms) for r in english.reasons
    ]
    assert [s.id for s in spanish.sources] == [s.id for s in english.sources]
    for field in (
        "advice",
        "tell",
        "worse_if",
        "watch_for",
        "aftercare_steps",
        "aftercare_once_seen",
    ):
        assert len(getattr(spanish, field)) == len(getattr(english, field)), field
    assert (english.language, spanish.language) == ("en", "es")


@pytest.mark.parametrize(("report", "expected"), CASES[::7])
def test_a_spanish_answer_says_nothing_in_english(report: dict[str, Any], expected: str) -> None:
    english, spanish = both(report)
    english_lines = {
        english.headline,
        english.disclaimer,
        *english.advice,
        *english.tell,
        *english.worse_if,
        *(r.text for r in english.reasons),
        *(
            n.text
            for n in (*english.watch_for, *english.aftercare_steps, *english.aftercare_normal)
        ),
    }
    spanish_text = spanish.model_dump_json()

    assert not [line for line in english_lines if line and line in spanish_text]

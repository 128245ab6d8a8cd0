"""The consultation summary's first screen and the person's own leaning (IPDAS, SURE test)."""

from __future__ import annotations

import pytest

from toxfill.decide import decide
from toxfill.intake import parse_intake
from toxfill.knowledge import KnowledgeBase
from toxfill.render.consultation import ConsultationSummary, consultation_summary, reflect

CHOICES = (("ha-filler", "Hyaluronic acid filler"), ("no-treatment", "No treatment"))


def summary(kb: KnowledgeBase, **intake: object) -> ConsultationSummary:
    raw = {"age": 42, "today": "2026-11-23", **intake}
    return consultation_summary(decide(kb, parse_intake(kb, raw)), kb)


def test_the_first_screen_has_one_line_per_concern(kb: KnowledgeBase) -> None:
    """TOX-IND-1: toxin is approved for frown lines; FIL-PROD-5: HA filler for smile lines."""
    glance = summary(kb, concerns=["glabellar-lines", "nasolabial-folds"]).at_a_glance

    assert [g.concern for g in glance] == ["glabellar-lines", "nasolabial-folds"]
    assert glance[0].text == 'Best fit: Botulinum toxin ("Botox" and similar).'
    assert glance[0].badge is not None
    assert glance[0].badge.status == "recommended"


def test_a_medical_concern_points_to_its_specialist(kb: KnowledgeBase) -> None:
    glance = summary(kb, concerns=["chronic-migraine"]).at_a_glance[0]

    assert glance.badge is not None
    assert glance.badge.status == "refer"
    assert glance.text.startswith("A neurologist")


def test_an_unanswered_preference_is_not_called_unimportant(kb: KnowledgeBase) -> None:
    answers = summary(kb, concerns=["glabellar-lines"], preferences={"longevity": 0}).answers
    matters = next(a for a in answers if a.label == "What matters to you").values

    assert any(v.endswith("doesn't matter (0 of 3)") for v in matters)
    assert sum(v.endswith(": not answered") for v in matters) == len(matters) - 1


def test_leaning_choices_are_the_open_options_no_treatment_and_dont_know(
    kb: KnowledgeBase,
) -> None:
    choices = summary(kb, concerns=["nasolabial-folds"]).leaning_choices

    ids = [c for c, _ in choices]
    assert "ha-filler" in ids
    assert "botulinum-toxin" not in ids  # not approved for smile lines
    assert ids[-2:] == ["no-treatment", "unsure"]


@pytest.mark.parametrize(
    ("answers", "score", "advice"),
    [
        pytest.param(
            dict.fromkeys(("sure", "understand", "ratio", "encouragement"), "yes"),
            4,
            "Share your choice",
            id="all_yes",
        ),
        pytest.param(
            {"sure": "yes", "understand": "no", "ratio": "yes", "encouragement": "yes"},
            3,
            "Talk it over with your provider",
            id="one_no",
        ),
        pytest.param({"sure": "yes"}, None, "Answer all four", id="unfinished"),
    ],
)
def test_the_sure_test_scores_yeses_and_a_no_means_not_ready(
    answers: dict[str, str], score: int | None, advice: str
) -> None:
    """SURE (Legare 2010): any no suggests the person is not yet sure of the choice."""
    reflection = reflect(CHOICES, "ha-filler", answers)

    assert reflection.score == score
    assert advice in reflection.advice
    assert reflection.leaning_label == "Hyaluronic acid filler"


def test_an_unknown_leaning_or_answer_counts_as_not_answered() -> None:
    reflection = reflect(CHOICES, "botox-party", {"sure": "maybe"})

    assert reflection.leaning == ""
    assert not reflection.answered

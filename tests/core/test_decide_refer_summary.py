"""A medical use is referred to a specialist with its cautions in the one-line summary, and
CaHA's jawline approval (S-DC-RAD-JAWLINE) reaches the decision aid."""

from __future__ import annotations

from typing import Any

from toxfill.decide import Decision, decide
from toxfill.intake import parse_intake
from toxfill.knowledge import KnowledgeBase
from toxfill.render.consultation import consultation_summary

TODAY = "2026-11-23"


def run(kb: KnowledgeBase, **intake: Any) -> Decision:
    return decide(kb, parse_intake(kb, {"age": 45, "today": TODAY, **intake}))


def test_a_referral_lists_the_cautions_to_talk_over_first(kb: KnowledgeBase) -> None:
    """TOX-PREG-1 (pregnancy, medical use) and TOX-BOX-1, TOX-WP-1 (swallowing trouble)."""
    decision = run(
        kb,
        concerns=["cervical-dystonia"],
        health=["pregnant", "breathing-or-swallowing-problems"],
    )

    [row] = decision.per_concern["cervical-dystonia"]
    glance = consultation_summary(decision, kb).at_a_glance[0]

    assert row.status == "refer"
    assert row.cautions == ("breathing-or-swallowing-problems", "pregnant")
    assert glance.badge is not None
    assert glance.badge.label == "See a specialist"
    assert glance.text == (
        'A neurologist decides. Ask them about botulinum toxin ("Botox" and similar). '
        "Talk over with them first: breathing or swallowing problems; "
        "pregnant or could be pregnant."
    )


def test_a_referral_names_a_health_answer_the_person_was_not_sure_of(kb: KnowledgeBase) -> None:
    """TOX-PREG-1: not sure about pregnancy is a caution to settle with the specialist."""
    decision = run(kb, concerns=["cervical-dystonia"], health_unsure=["pregnant"])

    glance = consultation_summary(decision, kb).at_a_glance[0]

    assert glance.text.endswith(
        "Talk over with them first: not sure: pregnant or could be pregnant."
    )


def test_a_referral_without_cautions_says_only_who_decides(kb: KnowledgeBase) -> None:
    decision = run(kb, concerns=["cervical-dystonia"])

    glance = consultation_summary(decision, kb).at_a_glance[0]

    assert decision.per_concern["cervical-dystonia"][0].cautions == ()
    assert "Talk over" not in glance.text


def test_radiesse_plus_is_approved_for_the_jawline_from_age_22(kb: KnowledgeBase) -> None:
    """S-DC-RAD-JAWLINE: "loss of jawline contour in adults over the age of 21" (2021)."""
    adult = run(kb, age=22, concerns=["jawline-definition"])
    young = run(kb, age=21, concerns=["jawline-definition"])

    caha = {row.option: row for row in adult.per_concern["jawline-definition"]}["caha-filler"]
    assert caha.status == "recommended"
    assert caha.products == ("radiesse",)
    approved = [r for r in adult.option("caha-filler").reasons if r.kind == "approved"]
    assert "S-DC-RAD-JAWLINE" in approved[0].sources
    assert young.option("caha-filler").per_concern["jawline-definition"] == "not-suitable"


def test_a_lidocaine_allergy_rules_out_caha_for_the_jawline_only(kb: KnowledgeBase) -> None:
    """S-DC-RAD-JAWLINE, S-RAD-ISI: the jawline approval is Radiesse (+), which has lidocaine;
    for smile lines plain Radiesse, without lidocaine, remains to talk over."""
    decision = run(
        kb, concerns=["jawline-definition", "nasolabial-folds"], health=["allergy-lidocaine"]
    )

    caha = decision.option("caha-filler")

    assert caha.per_concern == {"jawline-definition": "not-suitable", "nasolabial-folds": "caution"}
    [excluded] = caha.excluded_products
    assert (excluded.product, excluded.concern) == ("radiesse", "jawline-definition")
    assert "S-DC-RAD-JAWLINE" in excluded.sources

"""Where a stated preference lost, said in one sentence per concern (an Option Grid's trade-off),
and the reasons read as sentences, not as a template with a label dropped in."""

from __future__ import annotations

from typing import Any

import pytest

from toxfill.decide import Decision, decide
from toxfill.intake import parse_intake
from toxfill.knowledge import KnowledgeBase


def run(kb: KnowledgeBase, **fields: Any) -> Decision:
    raw = {"age": 42, "concerns": ["nasolabial-folds"], "today": "2026-11-23", **fields}
    return decide(kb, parse_intake(kb, raw))


def test_a_longer_lasting_filler_that_cannot_be_dissolved_is_the_trade_off(
    kb: KnowledgeBase,
) -> None:
    """FIL-REV: HA can be dissolved; CaHA lasts longer and cannot (both cited in the KB)."""
    decision = run(kb, preferences={"longevity": 2, "reversibility": 3})

    [trade] = decision.trade_offs
    assert decision.per_concern["nasolabial-folds"][0].option == "ha-filler"
    assert (trade.option, trade.alternative) == ("ha-filler", "caha-filler")
    assert (trade.gains, trade.costs) == ("longevity", "reversibility")
    assert trade.text == (
        "Calcium hydroxylapatite filler lasts longer but cannot be dissolved, which you said "
        "matters."
    )
    assert trade.sources
    assert set(trade.sources) <= {s.id for s in decision.sources}


def test_there_is_no_trade_off_when_nothing_is_said_to_matter(kb: KnowledgeBase) -> None:
    assert run(kb).trade_offs == ()


def test_a_health_answer_that_ranks_an_option_lower_is_named_as_the_reason(
    kb: KnowledgeBase,
) -> None:
    """Autoimmune disease is a caution for HA filler, not for PLLA (FIL cautions)."""
    decision = run(kb, health=["autoimmune-disease"], preferences={"reversibility": 3})

    [trade] = decision.trade_offs
    assert trade.costs == "safety"
    assert trade.text.endswith("your health answers mean it needs a talk with your provider first.")


def test_an_option_that_is_not_a_first_choice_says_so(kb: KnowledgeBase) -> None:
    decision = run(kb, preferences={"longevity": 3})

    [trade] = decision.trade_offs
    assert trade.costs == "first-choice"
    assert "not a first choice" in trade.text


def test_trade_offs_are_in_the_json_document(kb: KnowledgeBase) -> None:
    document = run(kb, preferences={"longevity": 2, "reversibility": 3}).to_json()

    assert document["trade_offs"][0]["concern"] == "nasolabial-folds"
    assert document["schema"] == "toxfill.decision/1"


@pytest.mark.parametrize("option", ["fat-grafting", "plla-filler", "pmma-filler"])
def test_an_unapproved_option_is_named_without_its_gloss(kb: KnowledgeBase, option: str) -> None:
    decision = run(kb, concerns=["crows-feet"])

    [reason] = [r for r in decision.option(option).reasons if r.kind == "not-approved"]
    label = kb.options[option].label.partition(" (")[0]
    assert reason.text.startswith(f"{label} has no FDA-approved use for crow's feet")
    assert "(" not in reason.text.split(" for ")[0]

"""The team's steps on an adverse event follow the mechanism behind the patient's triage, the
most urgent first, and the treatment given (triage.yaml staff_actions)."""

from __future__ import annotations

from pathlib import Path

import pytest

from toxfill.errors import KnowledgeError
from toxfill.knowledge import KnowledgeBase
from toxfill.knowledge.loader import load_knowledge
from toxfill.knowledge.models import TriageMechanism
from toxfill.triage.staff import danger_first, staff_actions


def _reason(rule: str, urgency: str) -> dict[str, str]:
    return {"rule": rule, "urgency": urgency}


def test_a_vessel_blockage_after_ha_filler_gives_hyaluronidase_first_aid(
    kb: KnowledgeBase,
) -> None:
    """FIL-VO-4 (stop, aspirate, get help), FIL-VO-7 (immediate high-dose hyaluronidase for
    vascular compromise), FIL-VO-5 (off-label)."""
    steps = staff_actions(kb, [_reason("filler-vessel-skin", "emergency")], {"ha-filler"})

    assert [s.mechanism for s in steps] == [TriageMechanism.VESSEL_BLOCKAGE] * 2
    text = " ".join(a for s in steps for a in s.actions)
    assert text.startswith("Stop injecting at once")
    assert "hyaluronidase at once, at the high dose" in text
    assert "off-label" in text
    assert "No reversal agent" not in " ".join(s.text for s in steps)


def test_after_a_filler_no_enzyme_dissolves_it_says_so(kb: KnowledgeBase) -> None:
    """FIL-VO-10: hyaluronidase does not apply to CaHA, PLLA or PMMA."""
    steps = staff_actions(kb, [_reason("filler-vessel-skin", "emergency")], {"caha-filler"})

    assert any(s.text.startswith("No reversal agent") for s in steps)
    assert not any("high dose" in a for s in steps for a in s.actions)


def test_the_most_urgent_mechanism_leads(kb: KnowledgeBase) -> None:
    """TOX-BOX-1 (spread: swallowing, breathing) before an urgent local problem."""
    reasons = [_reason("allergic-reaction-pattern", "emergency")]
    reasons.insert(0, _reason("toxin-spread-breathing-swallowing", "emergency"))
    steps = staff_actions(kb, reasons, {"botulinum-toxin"})

    assert [s.mechanism for s in steps] == [TriageMechanism.TOXIN_SPREAD, TriageMechanism.ALLERGY]


def test_a_rule_no_longer_in_the_knowledge_base_gives_no_steps(kb: KnowledgeBase) -> None:
    assert staff_actions(kb, [_reason("a-rule-since-renamed", "urgent")], set()) == ()


def test_symptoms_read_danger_first_keeping_the_order_given() -> None:
    symptoms = [
        {"symptom": "bruising", "urgency": "self-care"},
        {"symptom": "skin-blanching", "urgency": "emergency"},
        {"symptom": "swelling", "urgency": "self-care"},
        {"symptom": "severe-pain", "urgency": "emergency"},
    ]
    assert [s["symptom"] for s in danger_first(symptoms)] == [
        "skin-blanching",
        "severe-pain",
        "bruising",
        "swelling",
    ]


def test_every_step_is_cited_and_an_unknown_option_fails_loading(
    kb: KnowledgeBase, kb_copy: Path
) -> None:
    assert kb.staff_actions
    assert all(step.sources for step in kb.staff_actions)
    triage = kb_copy / "triage.yaml"
    triage.write_text(
        triage.read_text()
        + "\nstaff_actions:\n  - mechanism: allergy\n    options: [no-such-option]\n"
        "    text: x\n    actions: [y]\n    sources: [S-NONE]\n"
    )
    with pytest.raises(KnowledgeError, match=r"no-such-option|S-NONE"):
        load_knowledge(kb_copy)


def test_an_answer_stored_by_an_older_toxfill_still_reads(kb: KnowledgeBase) -> None:
    """A stored triage answer is data from the past: missing or renamed keys never break."""
    reasons = [{"rule": "filler-vessel-skin"}, {"urgency": "no-longer-a-level"}, {}]
    assert staff_actions(kb, reasons, {"ha-filler"})
    symptoms = [{"symptom": "bruising"}, {"symptom": "skin-blanching", "urgency": "emergency"}]
    assert [s["symptom"] for s in danger_first(symptoms)] == ["skin-blanching", "bruising"]

"""Answers kept per knowledge base: computed once per key, and never more than the limit."""

from __future__ import annotations

import pytest

from toxfill.knowledge import base, load_knowledge
from toxfill.triage import parse_report, triage


def test_an_answer_is_computed_once_per_key() -> None:
    kb = load_knowledge()
    calls: list[str] = []

    def compute() -> str:
        calls.append("computed")
        return "answer"

    assert kb.remember(("test", 1), compute) == "answer"
    assert kb.remember(("test", 1), compute) == "answer"
    assert calls == ["computed"]


def test_the_kept_answers_never_grow_past_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(base, "MEMO_LIMIT", 3)
    kb = load_knowledge()

    for n in range(10):
        kb.remember(("test", n), lambda n=n: n)

    assert len(kb._memo) <= 3
    assert kb.remember(("test", 9), lambda: -1) == 9


def test_a_kept_answer_gives_the_same_triage_as_a_fresh_one() -> None:
    kept = load_knowledge()
    report = {"treatment": "ha-filler", "days_since": 1, "symptoms": ["bruising"]}
    first = triage(kept, parse_report(kept, report))
    again = triage(kept, parse_report(kept, report))
    fresh_kb = load_knowledge()
    fresh_kb._memo.clear()

    assert first == again == triage(fresh_kb, parse_report(fresh_kb, report))
    assert first.worse_if  # the lines the kept answer feeds

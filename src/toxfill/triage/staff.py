"""The clinic team's side of a triage answer: the steps for each mechanism behind it, most
urgent first, and the symptoms in order of danger."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

from toxfill.knowledge import KnowledgeBase
from toxfill.knowledge.models import StaffActions, UrgencyLevel


def staff_actions(
    kb: KnowledgeBase, reasons: Iterable[Mapping[str, Any]], options: Collection[str]
) -> tuple[StaffActions, ...]:
    """The team's steps for the mechanisms of a triage answer's `reasons` (as stored: each
    with its `rule` and `urgency`), the most urgent reason's mechanism first; steps kept for
    some treatments only when one of `options` was given."""
    rules = kb.rules_by_id
    ranked = sorted(reasons, key=lambda r: -_rank(r.get("urgency")))
    mechanisms = dict.fromkeys(
        rules[reason["rule"]].mechanism for reason in ranked if reason.get("rule") in rules
    )
    return tuple(
        actions
        for mechanism in mechanisms
        for actions in kb.staff_actions
        if actions.mechanism is mechanism
        and (not actions.options or not set(actions.options).isdisjoint(options))
    )


def danger_first(symptoms: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """A triage answer's symptoms (each with its `urgency`), the most urgent first; ties keep
    the order the person gave."""
    return sorted(symptoms, key=lambda s: -_rank(s.get("urgency")))


def _rank(urgency: object) -> int:
    """An urgency's rank; one a stored answer lacks, or no longer names, last: a record
    written by an older toxfill still shows."""
    try:
        return UrgencyLevel(str(urgency)).rank
    except ValueError:
        return -1

"""Which triage rules apply to a symptom in a report, and which of them explains first.

A rule applies when every condition it names holds. An unknown zone or day never rules a rule
out, nor an unknown age where the zone is known: the safer reading wins, so a danger rule can
only be switched off by something the person said. Among the rules of one urgency a pattern of
signs leads, then a treatment's own rule, then the floor: after toxin, trouble breathing is
explained first as the toxin spreading, and as an allergy first only when allergy signs are
reported with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from toxfill.knowledge.base import KnowledgeBase
from toxfill.knowledge.models import Option, TriageRule


class Context(NamedTuple):
    """What every rule reads from a report."""

    kb: KnowledgeBase
    given: tuple[Option, ...]  # the treatments, the main one first
    area: str | None  # where it was injected, when known
    days: int | None
    age: int | None
    pregnant: bool | None
    reported: frozenset[str]


def lead_order(kb: KnowledgeBase, rules: Sequence[TriageRule]) -> list[TriageRule]:
    """`rules` once each, the one that explains first leading: most urgent, then the most
    specific (a pattern, then a treatment's own rule, then the floor), then file order."""
    order = kb.rule_order
    unique = {rule.id: rule for rule in rules}.values()
    return sorted(unique, key=lambda r: (-r.urgency.rank, -r.specificity, order[r.id]))


def matching(context: Context, symptom: str) -> list[TriageRule]:
    """The rules that apply to `symptom`, in lead order."""
    found = [r for r in context.kb.rules_for[symptom] if applies(r, context, symptom)]
    return lead_order(context.kb, found)


def applies(rule: TriageRule, context: Context, symptom: str) -> bool:
    """Whether `rule` speaks for `symptom` in this report."""
    reported = context.reported
    if rule.with_any:
        # A pattern: both halves reported; it then speaks for every symptom in it.
        if not (reported & set(rule.symptoms) and reported & set(rule.with_any)):
            return False
        if symptom not in rule.symptoms and symptom not in rule.with_any:
            return False
    elif not rule.any_symptom and symptom not in rule.symptoms:
        return False
    if rule.at_least > 1 and len(reported & set(rule.symptoms)) < rule.at_least:
        return False
    if context.days is not None and context.days < rule.from_day:
        return False
    if rule.options and not any(option.id in rule.options for option in context.given):
        return False
    if rule.max_age is not None:
        if context.age is not None and context.age > rule.max_age:
            return False
        # An unknown age is read as young only where the rest is known to fit (toxin in a
        # limb): assuming both the age and the zone would make every droop after toxin an
        # emergency.
        if context.age is None and rule.zones and context.area is None:
            return False
    if rule.pregnant and context.pregnant is not True:
        return False
    return not rule.zones or _in_zones(context, rule.zones)


def _in_zones(context: Context, zones: Sequence[str]) -> bool:
    """True when the area is unknown, is one of `zones`, or holds one of them (an injection
    in "the whole face" may have been in any part of it)."""
    if context.area is None or context.area in zones:
        return True
    return any(context.kb.areas[zone].within == context.area for zone in zones)

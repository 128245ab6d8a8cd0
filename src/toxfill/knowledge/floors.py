"""Every symptom has a floor, and nothing in the knowledge base says less than it.

A floor is a triage rule with no condition: the least urgency a symptom has after any
treatment, on any day, in any zone, at any age. A symptom with no floor, a rule that could
never raise a symptom above its floor, and an aftercare note that calls normal what a rule
makes more urgent are loading errors: they are the places where an answer would otherwise fall
through to a default or contradict itself.
"""

from __future__ import annotations

from toxfill.errors import KnowledgeError
from toxfill.knowledge.base import KnowledgeBase
from toxfill.knowledge.models import TriageRule, UrgencyLevel

FILE = "triage.yaml"


def check_floors(kb: KnowledgeBase) -> None:
    """Raise KnowledgeError naming the first symptom or rule that breaks the floors."""
    floors: dict[str, list[TriageRule]] = {s: [] for s in kb.symptoms}
    for rule in kb.triage_rules:
        if not rule.conditional:
            for symptom in rule.symptoms:
                floors[symptom].append(rule)
    for symptom, rules in floors.items():
        if not rules:
            raise KnowledgeError(
                FILE,
                symptom,
                "no floor: name this symptom in a rule with no condition, so that it has an "
                "urgency after any treatment",
            )
        if len(rules) > 1:
            names = ", ".join(r.id for r in rules)
            raise KnowledgeError(FILE, symptom, f"more than one floor ({names}): keep one")
    for rule in kb.triage_rules:
        if rule.pattern:
            continue  # a pattern of signs means more than each alone, never less
        for symptom in rule.symptoms:
            floor = floors[symptom][0]
            if rule.urgency.rank < floor.urgency.rank:
                raise KnowledgeError(
                    FILE,
                    rule.id,
                    f"says {rule.urgency.value} for {symptom}, below its floor "
                    f"{floor.urgency.value} ({floor.id}): it could never decide",
                )
    _check_normal_reactions(kb)


def _check_normal_reactions(kb: KnowledgeBase) -> None:
    """What aftercare calls normal for some days, no rule makes more urgent in those days."""
    for care in kb.aftercare.values():
        for note in care.normal:
            days = note.usually_resolves_days or 0
            for symptom in note.symptoms:
                for rule in kb.triage_rules:
                    if (
                        symptom in rule.symptoms
                        and not rule.pattern
                        and rule.urgency is not UrgencyLevel.SELF_CARE
                        and (not rule.options or care.option in rule.options)
                        and rule.from_day <= days
                        and not rule.pregnant
                    ):
                        raise KnowledgeError(
                            FILE,
                            f"aftercare {care.option}",
                            f"calls {symptom} normal for {days} days, but rule {rule.id} makes "
                            f"it {rule.urgency.value}",
                        )

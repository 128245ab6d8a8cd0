"""Which health questions can change an answer: found by running the rules, not listed by hand.

A question is worth asking for a concern when a "yes" to it, and nothing else, changes what
the decision aid says about some option for that concern: its status, the products left, the
products ruled out, or the health factors to talk over first. A question that changes nothing
need not be asked; one that changes something for any option is asked, so a person is never
spared a question whose answer matters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from toxfill.decide.assessment import Assessment, assess, labelled
from toxfill.intake import MAX_AGE, Intake
from toxfill.knowledge.base import KnowledgeBase
from toxfill.knowledge.models import Concern, Option, OptionKind

# Health answers do not depend on the date; recent treatments are asked after them.
_ANY_DAY = dt.date(2000, 1, 1)


def health_questions(
    kb: KnowledgeBase, concern_ids: Iterable[str], age: int | None = None
) -> list[str]:
    """The health factors whose answer can change the decision for these concerns (at `age`,
    or at any age when it is not known), in vocabulary order. Worked out once per knowledge
    base for each set of concerns and age: it runs the rules a few hundred times."""
    known = tuple(sorted({c for c in concern_ids if c in kb.concerns}))
    key = ("health-questions", known, age)
    return list(kb.remember(key, lambda: _health_questions(kb, known, age)))


def _health_questions(
    kb: KnowledgeBase, concern_ids: tuple[str, ...], age: int | None
) -> tuple[str, ...]:
    asked: set[str] = set()
    for concern_id in concern_ids:
        concern = kb.concerns[concern_id]
        options = [
            o
            for o in kb.options.values()
            if o.kind is not OptionKind.NONE and labelled(kb, o, concern_id)
        ]
        for at in [age] if age is not None else _ages_that_differ(kb, options, concern):
            asked |= _changing(kb, options, concern, at)
    return tuple(h for h in kb.health_factors if h in asked)


def _changing(kb: KnowledgeBase, options: list[Option], concern: Concern, age: int) -> set[str]:
    intake = Intake(age=age, concerns=(concern.id,), today=_ANY_DAY)
    found = set()
    for option in options:
        without = _said(assess(kb, intake, option, concern))
        for factor in kb.health_factors:
            if factor in found:
                continue
            answered = intake.model_copy(update={"health": (factor,)})
            if _said(assess(kb, answered, option, concern)) != without:
                found.add(factor)
    return found


def _said(assessment: Assessment) -> tuple[object, ...]:
    """What a person is told about one option for one concern."""
    return (
        assessment.status,
        tuple(assessment.products),
        tuple(e.product for e in assessment.excluded),
        tuple(assessment.cautions),
    )


def _ages_that_differ(kb: KnowledgeBase, options: list[Option], concern: Concern) -> list[int]:
    """One age in each band of ages over which the approved uses stay the same: the labels'
    own bounds (a band starts at a minimum age or just past a maximum)."""
    uses = [
        u for o in options for u in [*o.uses, *(u for p in kb.products_of(o.id) for u in p.uses)]
    ]
    bounds = {u.min_age for u in uses if u.concern == concern.id and u.labelled}
    bounds |= {
        u.max_age + 1
        for u in uses
        if u.concern == concern.id and u.labelled and u.max_age is not None
    }
    return sorted(a for a in bounds if a <= MAX_AGE)


__all__ = ["health_questions"]

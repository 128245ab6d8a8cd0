"""The follow-ups of a saved session, from the planner (C4): its rules, never a copy of them.

The planner is asked for a plan that starts on the session day with what was treated. Its dates
give the gaps between one option's treatments (first, course sessions, maintenance) and its
check-up after a first treatment. A patient who already had `k` sessions of an option is at
step `k` of that sequence: the next course session while the course lasts (Sculptra: three,
3 weeks apart), else the next maintenance treatment (toxin: when the effect starts to wear off,
never sooner than the label's minimum). The check-up (toxin: about 2 weeks) follows a patient's
first treatment of an option only. A medical use is the specialist's to plan, as in the
planner: it gets no follow-up here, and neither does a point whose concern is unknown (not
named, in a zone with several usual concerns): the planner plans a treatment for a concern.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from toxfill.errors import InputError
from toxfill.knowledge.base import KnowledgeBase
from toxfill.knowledge.models import Option
from toxfill.plan import (
    MAX_HORIZON_MONTHS,
    CarePlan,
    PlannedTreatment,
    PlanRequest,
    check_plan_request,
    make_plan,
)
from toxfill.records.inputs import TreatedSession
from toxfill.records.points import read_points


@dataclass(frozen=True)
class FollowUpDue:
    """A follow-up visit the planner gives for a saved session."""

    due_on: dt.date
    purpose: str  # "review", "course" or "maintenance", as the planner names them
    option: str
    concerns: tuple[str, ...]
    product: str | None
    text: str
    sources: tuple[str, ...]


def plan_follow_ups(
    kb: KnowledgeBase, session: TreatedSession, history: Sequence[TreatedSession] = ()
) -> tuple[FollowUpDue, ...]:
    """The follow-ups of a saved session, from the planner: a review, the next course session
    or the next maintenance treatment. `history` is the patient's earlier sessions."""
    treatments = _plannable(kb, session)
    if not treatments:
        return ()
    plan = make_plan(
        kb,
        PlanRequest(start=session.day, horizon_months=MAX_HORIZON_MONTHS, treatments=treatments),
    )
    follow_ups = []
    for option_id in dict.fromkeys(t.option for t in treatments):
        option = kb.options[option_id]
        planned = [t for t in treatments if t.option == option_id]
        earlier = _sessions_with(kb, option_id, session.day, history)
        follow_ups += _for_option(plan, option, planned, session.day, earlier)
    return tuple(sorted(follow_ups, key=lambda f: (f.due_on, f.option)))


def _plannable(kb: KnowledgeBase, session: TreatedSession) -> tuple[PlannedTreatment, ...]:
    """Each (option, concern) treated, with its product when only one was used; only those the
    planner accepts (cosmetic uses with an approved or known off-label basis)."""
    used: dict[tuple[str, str], set[str]] = {}
    for point in read_points(kb, session.points):
        if point.concern is not None:
            used.setdefault((point.option.id, point.concern.id), set()).add(point.product.id)
    accepted = []
    for (option_id, concern_id), products in used.items():
        treatment = PlannedTreatment(
            option=option_id,
            concern=concern_id,
            product=next(iter(products)) if len(products) == 1 else None,
        )
        request = PlanRequest(start=session.day, horizon_months=1, treatments=(treatment,))
        try:
            check_plan_request(kb, request, today=session.day)
        except InputError:
            continue  # a medical use, or none known: the planner plans nothing for it
        accepted.append(treatment)
    return tuple(accepted)


def _sessions_with(
    kb: KnowledgeBase, option_id: str, day: dt.date, history: Sequence[TreatedSession]
) -> int:
    return sum(
        1
        for past in history
        if past.day < day
        and any(p.option.id == option_id for p in read_points(kb, past.points, "history"))
    )


def _for_option(
    plan: CarePlan,
    option: Option,
    planned: Sequence[PlannedTreatment],
    day: dt.date,
    earlier: int,
) -> list[FollowUpDue]:
    concerns = tuple(t.concern for t in planned)
    products = {t.product for t in planned}
    product = products.pop() if len(products) == 1 else None
    given: list[tuple[dt.date, str]] = []  # the option's treatment visits and their purpose
    for visit in plan.visits:
        entries = [t for t in visit.treatments if t.option == option.id and t.purpose != "review"]
        if entries:
            given.append((visit.date, entries[0].purpose))
    reviews = [
        visit.date
        for visit in plan.visits
        if any(t.option == option.id and t.purpose == "review" for t in visit.treatments)
    ]
    notes = [n for t in plan.treatments if t.option == option.id for n in t.notes]
    follow_ups = []
    if earlier == 0 and reviews and option.review is not None:
        follow_ups.append(
            FollowUpDue(
                due_on=day + (reviews[0] - plan.start),
                purpose="review",
                option=option.id,
                concerns=concerns,
                product=product,
                text=f"A check-up about {option.review.after_days} days after a first "
                f"{option.label} treatment. {option.review.text}",
                sources=option.review.sources,
            )
        )
    gaps = [(later[0] - sooner[0], later[1]) for sooner, later in pairwise(given)]
    if gaps:
        gap, purpose = gaps[min(earlier, len(gaps) - 1)]
        if purpose == "course" and option.course is not None:
            text = (
                f"Session {min(earlier, len(gaps) - 1) + 2} of the {option.label} course of "
                f"{option.course.sessions}. {option.course.text}"
            )
            sources = option.course.sources
        else:
            text = (
                f"The next {option.label} treatment, {gap.days} days on, when the effect is "
                "expected to start wearing off and never sooner than the label allows."
            )
            sources = tuple(dict.fromkeys(s for n in notes for s in n.sources))
        follow_ups.append(
            FollowUpDue(
                due_on=day + gap,
                purpose=purpose,
                option=option.id,
                concerns=concerns,
                product=product,
                text=text,
                sources=sources,
            )
        )
    return follow_ups

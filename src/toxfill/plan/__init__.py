"""C4: a dated visit schedule for one or more treatments, with yearly visits, cost and effect.

The planner takes cosmetic uses only: a medical use is the specialist's to plan. An approved use
is planned as it is; a known off-label use (recorded off-label in the knowledge base, used in a
cited combination study, or of an approved product whose action suits that kind of concern) is
planned and marked off-label everywhere, with the reason and its sources.

Each option is scheduled as one chain of treatments, however many concerns it treats, so two
treatments of one option are never closer than its label's minimum interval. A treatment due
within MERGE_WINDOW_DAYS of another visit joins that visit, but only by moving earlier when
its label minimum still holds, so adding a treatment can only add visits to the others.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from toxfill.knowledge.base import KnowledgeBase
from toxfill.knowledge.models import Cited, Combination, Permanence
from toxfill.plan.chain import (
    DAYS_PER_MONTH as DAYS_PER_MONTH,
)
from toxfill.plan.chain import (
    MAX_HORIZON_MONTHS as MAX_HORIZON_MONTHS,
)
from toxfill.plan.chain import (
    MAX_PRICE_USD as MAX_PRICE_USD,
)
from toxfill.plan.chain import (
    MAX_START_YEARS as MAX_START_YEARS,
)
from toxfill.plan.chain import (
    MAX_TREATMENTS as MAX_TREATMENTS,
)
from toxfill.plan.chain import (
    MERGE_WINDOW_DAYS,
    PURPOSE_ORDER,
    SCHEMA,
    Purpose,
    _Chain,
    add_months,
)
from toxfill.plan.effect import _curve, _reading, _shape
from toxfill.plan.models import (
    CarePlan,
    CostRange,
    EffectPoint,
    EffectShape,
    PerYear,
    VisitTreatment,
)
from toxfill.plan.models import TreatmentPlan as TreatmentPlan
from toxfill.plan.models import Visit as Visit
from toxfill.plan.request import PLAN_HINTS as PLAN_HINTS
from toxfill.plan.request import PlannedTreatment as PlannedTreatment
from toxfill.plan.request import PlanRequest, parse_plan_request
from toxfill.plan.request import check_plan_request as check_plan_request
from toxfill.plan.uses import Note, UseBasis, plannable_uses, use_basis
from toxfill.plan.uses import approved_for as approved_for
from toxfill.plan.words import say
from toxfill.wording import in_words, usd


def make_plan(kb: KnowledgeBase, request: PlanRequest) -> CarePlan:
    """The dated visits for `request` (already checked), with yearly figures and effect curves."""
    end = add_months(request.start, request.horizon_months)
    chains = _chains(kb, request)
    plan_notes = _apply_combinations(kb, chains)
    visits = _schedule(chains, request.start, end)
    # One curve per option, shared by every concern it treats.
    curves = {chain.option.id: tuple(_curve(chain, request.start, end)) for chain in chains}
    treatments = [
        _treatment_plan(kb.language, chain, entry, curves[chain.option.id])
        for chain in chains
        for entry in chain.entries
    ]
    per_year, cost_notes = _per_year(kb, request, visits, chains)
    notes = [*plan_notes, *cost_notes]
    cited = [s for t in treatments for n in t.notes for s in n.sources]
    cited += [s for n in notes for s in n.sources]
    return CarePlan(
        knowledge_version=kb.version,
        start=request.start,
        end=end,
        visits=tuple(visits),
        per_year=per_year,
        treatments=tuple(treatments),
        notes=tuple(notes),
        sources=kb.sources_for(cited),
        disclaimer=kb.meta.disclaimer,
        language=kb.language,
    )


def _chains(kb: KnowledgeBase, request: PlanRequest) -> list[_Chain]:
    chains: dict[str, _Chain] = {}
    for entry in request.treatments:
        option = kb.options[entry.option]
        chain = chains.get(option.id)
        if chain is None:
            chain = chains[option.id] = _Chain(option, [], option.duration, None)
        chain.entries.append(entry)
        product = kb.products[entry.product] if entry.product else None
        basis = use_basis(kb, option, kb.concerns[entry.concern], product)
        if basis is not None and basis.note is not None:
            chain.off_label[entry.concern] = basis.note
    for chain in chains.values():
        kinds = {kb.concerns[e.concern].kind for e in chain.entries}
        products = [kb.products[e.product] for e in chain.entries if e.product]
        minimums = [p.retreatment_min for p in products if p.retreatment_min]
        minimums += [chain.option.retreatment_min] if chain.option.retreatment_min else []
        applying = [m for m in minimums if m.use_kind is None or m.use_kind in kinds]
        chain.minimum = max(applying, key=lambda m: m.days, default=None)
        durations = {p.duration for p in products if p.duration}
        if len(durations) == 1 and len(products) == len(chain.entries):
            chain.duration = durations.pop()
    return list(chains.values())


def _apply_combinations(kb: KnowledgeBase, chains: Sequence[_Chain]) -> list[Note]:
    """A combination with a cited duration figure lengthens the measured option's interval,
    but only for the pair that was studied: every option planned for the same studied concern,
    and the measured option planned for nothing else (SHR-COMB-1 measured frown lines only)."""
    by_option = {chain.option.id: chain for chain in chains}
    notes = []
    for combination in kb.combinations.values():
        effect = combination.duration_effect
        if effect is None or not set(combination.options) <= set(by_option):
            continue
        shared = _studied_concerns(combination, [by_option[o] for o in combination.options])
        chain = by_option[effect.alone_option]
        if not shared or any(e.concern not in shared for e in chain.entries):
            continue
        chain.scale = effect.combined_weeks / effect.alone_weeks
        language = kb.language
        others = [kb.options[o].label for o in combination.options if o != chain.option.id]
        text = say(
            language,
            "{option} is planned with {others} for {concern}, as in the study. There the result"
            " lasted about {combined} weeks with both against {alone_weeks} weeks with {option}"
            " alone, so its interval here is {scale} times as long.",
            option=chain.option.label,
            others=f" {say(language, 'and')} ".join(others),
            concern=in_words([kb.concerns[c].label.lower() for c in shared], language),
            combined=f"{effect.combined_weeks:g}",
            alone_weeks=f"{effect.alone_weeks:g}",
            scale=f"{chain.scale:.1f}",
        )
        notes.append(Note(text=text, sources=combination.sources))
    return notes


def _studied_concerns(combination: Combination, chains: Sequence[_Chain]) -> list[str]:
    """The studied concerns that every option of the combination is planned for."""
    planned = [{e.concern for e in chain.entries} for chain in chains]
    return [c for c in combination.concerns if all(c in concerns for concerns in planned)]


def _schedule(chains: Sequence[_Chain], start: dt.date, end: dt.date) -> list[Visit]:
    for chain in chains:
        chain.due = chain.earliest = start
    visits: list[Visit] = []
    while True:
        pending = [c.due for c in chains if c.due and c.due < end]
        pending += [c.review_due for c in chains if c.review_due and c.review_due < end]
        if not pending:
            return visits
        day = min(pending)
        window = day + dt.timedelta(days=MERGE_WINDOW_DAYS)
        given: list[VisitTreatment] = []
        for chain in chains:
            if chain.review_due == day:  # a check-up keeps its date
                given += _entries(chain, "review")
                chain.review_due = None
            if chain.due and chain.due <= window and chain.earliest and chain.earliest <= day:
                given += _entries(chain, chain.purpose)
                if chain.purpose == "initial" and chain.option.review:
                    chain.review_due = day + dt.timedelta(days=chain.option.review.after_days)
                chain.given.append(day)
                chain.schedule_next()
        purpose = min((t.purpose for t in given), key=PURPOSE_ORDER.index)
        visits.append(Visit(date=day, purpose=purpose, treatments=tuple(given)))


def _entries(chain: _Chain, purpose: Purpose) -> list[VisitTreatment]:
    return [
        VisitTreatment(
            option=chain.option.id,
            concern=e.concern,
            product=e.product,
            purpose=purpose,
            off_label=e.concern in chain.off_label,
        )
        for e in chain.entries
    ]


def _treatment_plan(
    language: str, chain: _Chain, entry: PlannedTreatment, curve: tuple[EffectPoint, ...]
) -> TreatmentPlan:
    option = chain.option
    off_label = chain.off_label.get(entry.concern)
    notes: list[Note] = [off_label] if off_label else []
    interval = chain.interval_days
    if option.course:
        course = option.course
        notes.append(
            _note(
                say(
                    language,
                    "A first course of {sessions} sessions, about {weeks} weeks apart: {claim}",
                    sessions=course.sessions,
                    weeks=course.weeks_apart,
                    claim=course.text,
                ),
                course,
            )
        )
    if chain.duration is not None and interval is not None:
        notes.append(
            _note(
                say(
                    language,
                    "Repeated about every {days} days, when the effect is expected to start"
                    " wearing off: {claim}",
                    days=interval,
                    claim=chain.duration.text,
                ),
                chain.duration,
            )
        )
    if chain.minimum is not None:
        notes.append(
            _note(
                say(
                    language,
                    "Never sooner than {days} days apart: {claim}",
                    days=chain.minimum.days,
                    claim=chain.minimum.text,
                ),
                chain.minimum,
            )
        )
    if option.reversibility.permanence is Permanence.PERMANENT:
        notes.append(
            _note(
                say(language, "Permanent: no maintenance treatments are planned."),
                option.reversibility,
            )
        )
    elif chain.duration is None:
        notes.append(
            _note(
                say(
                    language,
                    "No reliable duration figure, so no repeat is planned; ask your provider.",
                ),
                option.duration_note or option.regulatory,
            )
        )
    if option.review:
        notes.append(
            _note(
                say(
                    language,
                    "A check-up about {days} days after the first treatment.",
                    days=option.review.after_days,
                ),
                option.review,
            )
        )
    return TreatmentPlan(
        option=option.id,
        concern=entry.concern,
        product=entry.product,
        off_label=off_label is not None,
        interval_days=interval,
        minimum_interval_days=chain.minimum.days if chain.minimum else None,
        treatments_in_horizon=len(chain.given),
        notes=tuple(notes),
        curve=curve,
        effect=_shape(chain),
        reading=_reading(language, chain),
    )


def _note(text: str, claim: Cited) -> Note:
    return Note(text=text, sources=claim.sources)


def _per_year(
    kb: KnowledgeBase, request: PlanRequest, visits: Sequence[Visit], chains: Sequence[_Chain]
) -> tuple[PerYear, list[Note]]:
    years = request.horizon_months / 12
    language = kb.language
    low = high = 0
    notes = []
    for chain in chains:
        option_id = chain.option.id
        treated = sum(
            1
            for v in visits
            for t in v.treatments
            if t.option == option_id and t.purpose != "review"
        )
        override = request.prices.get(option_id)
        cost = kb.costs.get(option_id)
        if override is not None:
            low += treated * override.low_usd
            high += treated * override.high_usd
            notes.append(
                Note(
                    text=say(
                        language,
                        "{option}: your prices, {amount} each.",
                        option=chain.option.label,
                        amount=usd(override.low_usd, override.high_usd),
                    )
                )
            )
        elif cost is not None:
            low += treated * cost.low_usd
            high += treated * cost.high_usd
            notes.append(
                _note(
                    say(
                        language,
                        "{option}: {amount} {unit} ({year}), counted once per treated area."
                        " {claim}",
                        option=chain.option.label,
                        amount=usd(cost.low_usd, cost.high_usd),
                        unit=cost.unit,
                        year=cost.year,
                        claim=cost.text,
                    ),
                    cost,
                )
            )
        else:
            notes.append(
                Note(
                    text=say(
                        language,
                        "{option}: no reliable price was found, so it is not in the cost; add"
                        " your own price.",
                        option=chain.option.label,
                    )
                )
            )
    per_year = PerYear(
        visits=round(len(visits) / years, 1),
        cost_usd=CostRange(low=round(low / years), high=round(high / years)),
    )
    return per_year, notes


__all__ = [
    "SCHEMA",
    "CarePlan",
    "EffectShape",
    "PlanRequest",
    "UseBasis",
    "add_months",
    "make_plan",
    "parse_plan_request",
    "plannable_uses",
    "use_basis",
]

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

import bisect
import calendar
import datetime as dt
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, TypeAdapter

from toxfill.compare import SUITED_ACTIONS
from toxfill.documents import (
    MAX_ITEMS,
    Document,
    Id,
    IsoDate,
    Whole,
    validate,
    vocabulary,
    whole_number,
)
from toxfill.errors import InputError
from toxfill.knowledge.base import KnowledgeBase
from toxfill.knowledge.models import (
    Cited,
    Combination,
    Concern,
    ConcernKind,
    MinimumInterval,
    MonthsRange,
    Option,
    OptionKind,
    Permanence,
    Product,
    Regulation,
    Source,
)
from toxfill.results import Result
from toxfill.wording import in_words, usd

SCHEMA = "toxfill.plan/1"
MAX_HORIZON_MONTHS = 120
MAX_TREATMENTS = 16
MAX_START_YEARS = 5  # a plan starts at most this many years before or after today
MAX_PRICE_USD = 1_000_000
MERGE_WINDOW_DAYS = 14
DAYS_PER_MONTH = 365.25 / 12
CURVE_STEP_DAYS = 7
# A single duration figure ("about 18 months") is drawn fading over its last sixth, so the
# chart shows a fade, not a cliff, without going past the figure the source gives.
SINGLE_FIGURE_FADE_SHARE = 1 / 6

Purpose = Literal["initial", "course", "maintenance", "review"]
PURPOSE_ORDER: tuple[Purpose, ...] = ("initial", "course", "maintenance", "review")


# --- the request ----------------------------------------------------------------------------


class PlannedTreatment(Document):
    option: Id = Field(
        description="An option ID, e.g. botulinum-toxin.", json_schema_extra=vocabulary("options")
    )
    concern: Id = Field(
        description="The concern it treats, e.g. glabellar-lines.",
        json_schema_extra=vocabulary("concerns"),
    )
    product: Id | None = Field(
        default=None,
        description="A product ID, if chosen.",
        json_schema_extra=vocabulary("products"),
    )


Dollars = Annotated[int, Field(ge=0, le=MAX_PRICE_USD, strict=True), BeforeValidator(whole_number)]


class Price(Document):
    low_usd: Dollars
    high_usd: Dollars


class PlanRequest(Document):
    start: IsoDate = Field(
        description=f"The first visit (YYYY-MM-DD), within {MAX_START_YEARS} years of today."
    )
    horizon_months: Whole = Field(
        ge=1, le=MAX_HORIZON_MONTHS, strict=True, description="How far ahead to plan, 1-120."
    )
    treatments: tuple[PlannedTreatment, ...] = Field(min_length=1, max_length=MAX_TREATMENTS)
    prices: dict[Id, Price] = Field(
        default_factory=dict,
        max_length=MAX_ITEMS,
        description="Your own prices per option, instead of the averages.",
        json_schema_extra=vocabulary("options"),
    )


PLAN_HINTS: Mapping[str, str] = {
    "_fields": "start horizon_months treatments prices",
    "horizon_months": f"must be a whole number of months from 1 to {MAX_HORIZON_MONTHS} (10 years)",
    "treatments": "name at least one treatment: an option and the concern it treats",
    "prices": f"must be whole dollars, from 0 to {MAX_PRICE_USD:,}",
}


def parse_plan_request(kb: KnowledgeBase, raw: Any, today: dt.date | None = None) -> PlanRequest:
    """Validate a plan request; raise InputError naming the first bad field."""
    return check_plan_request(kb, validate(PlanRequest, raw, PLAN_HINTS, "request"), today)


def check_plan_request(
    kb: KnowledgeBase, request: PlanRequest, today: dt.date | None = None
) -> PlanRequest:
    """Every treatment must be a real option with an approved or known off-label cosmetic use
    for its concern; a medical concern is refused, pointing to its specialist. The plan starts
    within MAX_START_YEARS of `today` (default: the date today)."""
    today = today or dt.date.today()
    earliest = add_months(today, -12 * MAX_START_YEARS)
    latest = add_months(today, 12 * MAX_START_YEARS)
    if not earliest <= request.start <= latest:
        raise InputError(
            "start",
            f"must be within {MAX_START_YEARS} years of today: from {earliest.isoformat()} "
            f"to {latest.isoformat()}, not {request.start.isoformat()}",
        )
    seen: set[tuple[str, str]] = set()
    for index, treatment in enumerate(request.treatments):
        where = f"treatments[{index}]"
        option = kb.option(treatment.option, f"{where}.option")
        if option.kind is OptionKind.NONE:
            raise InputError(f"{where}.option", "no-treatment has no visits to plan")
        concern = kb.concern(treatment.concern, f"{where}.concern")
        if concern.kind is ConcernKind.MEDICAL:
            raise InputError(
                f"{where}.concern",
                f"{concern.id} is a medical condition: a {concern.specialist} decides on its "
                "treatment and when to repeat it, so toxfill does not plan it (the decision aid "
                "lists the approved products to discuss)",
            )
        product = None
        if treatment.product is not None:
            product = kb.product(treatment.product, f"{where}.product")
            if product.option != option.id:
                raise InputError(f"{where}.product", f"{product.id} is not a {option.id} product")
        if use_basis(kb, option, concern, product) is None:
            field = f"{where}.product" if product else f"{where}.concern"
            what = product.id if product else option.id
            approved = ", ".join(approved_for(kb, concern.id)) or "none"
            raise InputError(
                field,
                f"{what} has no approved or known off-label use for {concern.id} "
                f"(approved for it: {approved})",
            )
        if (option.id, concern.id) in seen:
            raise InputError(where, f"{option.id} for {concern.id} is listed twice")
        seen.add((option.id, concern.id))
    for option_id in request.prices:
        kb.option(option_id, f"prices.{option_id}")
        price = request.prices[option_id]
        if price.low_usd > price.high_usd:
            raise InputError(f"prices.{option_id}", "low_usd is above high_usd")
    return request


# --- approved and off-label uses --------------------------------------------------------------


class Note(Result):
    text: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class UseBasis:
    """Why a use may be planned: approved, or off-label with the cited reason."""

    off_label: bool
    note: Note | None = None


def approved_for(kb: KnowledgeBase, concern_id: str) -> list[str]:
    """Option IDs with a labelled use for the concern, in knowledge-base order."""
    return [o.id for o in kb.options.values() if _labelled(kb, o, concern_id)]


def use_basis(
    kb: KnowledgeBase, option: Option, concern: Concern, product: Product | None = None
) -> UseBasis | None:
    """Approved, off-label with a cited reason, or None when no use of it is known at all."""
    products = [product] if product else kb.products_of(option.id)
    uses = [u for p in products for u in p.uses if u.concern == concern.id]
    if product is None:
        uses += [u for u in option.uses if u.concern == concern.id]
    if any(u.labelled for u in uses):
        return UseBasis(off_label=False)
    recorded = [u for u in uses if not u.labelled]
    if recorded:
        return UseBasis(
            off_label=True,
            note=Note(
                text=f"Off-label: {recorded[0].text} A provider may still propose it; "
                "the label's evidence does not cover it.",
                sources=tuple(dict.fromkeys(s for u in recorded for s in u.sources)),
            ),
        )
    name = product.label if product else f"No {option.label} product"
    unapproved = f"Off-label: {name} is {'not ' if product else ''}FDA-approved for " + (
        f"{concern.label.lower()}."
    )
    studied = [
        c for c in kb.combinations.values() if option.id in c.options and concern.id in c.concerns
    ]
    if studied:
        return UseBasis(
            off_label=True,
            note=Note(
                text=f"{unapproved} It was used for this in a published study. " + studied[0].text,
                sources=tuple(dict.fromkeys((*option.regulatory.sources, *studied[0].sources))),
            ),
        )
    labelled_class = option.regulatory.category in {
        Regulation.BIOLOGIC_DRUG,
        Regulation.MEDICAL_DEVICE,
    }
    suits = option.mechanism.action in SUITED_ACTIONS.get(concern.nature, frozenset())
    if labelled_class and suits and option.reversibility.permanence is not Permanence.PERMANENT:
        return UseBasis(
            off_label=True,
            note=Note(
                text=f"{unapproved} It works on this kind of concern "
                f"({option.mechanism.text.rstrip('.')}), so a provider may propose it, but no "
                "approval study covers this use.",
                sources=tuple(
                    dict.fromkeys((*option.regulatory.sources, *option.mechanism.sources))
                ),
            ),
        )
    return None


def plannable_uses(kb: KnowledgeBase) -> list[tuple[str, str, bool]]:
    """Every (option, cosmetic concern, off-label?) the planner accepts, for menus."""
    return [
        (option.id, concern.id, basis.off_label)
        for option in kb.options.values()
        if option.kind is not OptionKind.NONE
        for concern in kb.concerns.values()
        if concern.kind is ConcernKind.COSMETIC
        and (basis := use_basis(kb, option, concern)) is not None
    ]


def _labelled(kb: KnowledgeBase, option: Option, concern_id: str) -> bool:
    uses = [*option.uses, *(u for p in kb.products_of(option.id) for u in p.uses)]
    return any(u.concern == concern_id and u.labelled for u in uses)


# --- the plan -------------------------------------------------------------------------------


class VisitTreatment(Result):
    option: str
    concern: str
    product: str | None
    purpose: Purpose
    off_label: bool = Field(default=False, description="Not an approved use: see its notes.")


class Visit(Result):
    date: dt.date
    purpose: Purpose
    treatments: tuple[VisitTreatment, ...]


class CostRange(Result):
    low: int
    high: int


class PerYear(Result):
    visits: float
    cost_usd: CostRange


class EffectPoint(Result):
    date: dt.date
    effect: float = Field(description="Expected share of the full effect, 0 to 1.")


class EffectShape(Result):
    """What one treatment does over time, from the option's cited onset and duration."""

    full_by_days: int = Field(description="Days until the full effect (the onset's upper end).")
    fades_from_days: int | None = Field(description="Days until it starts to fade; None: never.")
    gone_by_days: int | None = Field(description="Days until it is gone; None: never.")

    def at(self, age_days: float) -> float:
        """The expected share of the full effect `age_days` after one treatment, 0 to 1."""
        if age_days < 0:
            return 0.0
        if self.full_by_days and age_days < self.full_by_days:
            return age_days / self.full_by_days
        if self.fades_from_days is None or self.gone_by_days is None:
            return 1.0
        if age_days <= self.fades_from_days:
            return 1.0
        if age_days >= self.gone_by_days:
            return 0.0
        return 1 - (age_days - self.fades_from_days) / (self.gone_by_days - self.fades_from_days)


class TreatmentPlan(Result):
    option: str
    concern: str
    product: str | None
    off_label: bool = Field(
        default=False, description="Not an approved use; the first note says why and cites it."
    )
    interval_days: int | None = Field(description="Days between maintenance treatments.")
    minimum_interval_days: int | None = Field(description="The label's minimum, if any.")
    treatments_in_horizon: int
    notes: tuple[Note, ...]
    curve: tuple[EffectPoint, ...] = Field(
        description="Expected effect: weekly over the first year, then monthly, plus each point "
        "where the line bends; empty if unknown."
    )
    effect: EffectShape | None = Field(
        default=None, description="One treatment's effect over time; None if no duration figure."
    )
    reading: str = Field(default="", description="The chart in one plain line.")


class CarePlan(Result):
    schema_: Literal["toxfill.plan/1"] = Field(default="toxfill.plan/1", alias="schema")
    knowledge_version: str
    start: dt.date
    end: dt.date
    visits: tuple[Visit, ...]
    per_year: PerYear
    treatments: tuple[TreatmentPlan, ...]
    notes: tuple[Note, ...]
    sources: tuple[Source, ...]
    disclaimer: str


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _days(months: float) -> int:
    return round(months * DAYS_PER_MONTH)


@dataclass
class _Chain:
    """One option's treatments over time, for every concern it treats in this plan."""

    option: Option
    entries: list[PlannedTreatment]
    duration: MonthsRange | None
    minimum: MinimumInterval | None
    scale: float = 1.0  # a cited combination lengthening the effect
    off_label: dict[str, Note] = field(default_factory=dict)  # concern -> why it is off-label
    notes: list[Note] = field(default_factory=list)
    given: list[dt.date] = field(default_factory=list)
    due: dt.date | None = None
    earliest: dt.date | None = None
    purpose: Purpose = "initial"
    review_due: dt.date | None = None

    @property
    def interval_days(self) -> int | None:
        if self.duration is None or self.option.reversibility.permanence is Permanence.PERMANENT:
            return None
        wears_off = _days(self.duration.low * self.scale)
        return max(wears_off, self.minimum.days if self.minimum else 0)

    def schedule_next(self) -> None:
        """After a treatment on given[-1]: the next course session or maintenance, if any."""
        last = self.given[-1]
        course = self.option.course
        if course and len(self.given) < course.sessions:
            self.due = self.earliest = last + dt.timedelta(weeks=course.weeks_apart)
            self.purpose = "course"
            return
        interval = self.interval_days
        if interval is None:
            self.due = self.earliest = None
            return
        self.due = last + dt.timedelta(days=interval)
        self.earliest = last + dt.timedelta(days=self.minimum.days if self.minimum else 0)
        self.purpose = "maintenance"


def make_plan(kb: KnowledgeBase, request: PlanRequest) -> CarePlan:
    """The dated visits for `request` (already checked), with yearly figures and effect curves."""
    end = add_months(request.start, request.horizon_months)
    chains = _chains(kb, request)
    plan_notes = _apply_combinations(kb, chains)
    visits = _schedule(chains, request.start, end)
    # One curve per option, shared by every concern it treats.
    curves = {chain.option.id: tuple(_curve(chain, request.start, end)) for chain in chains}
    treatments = [
        _treatment_plan(chain, entry, curves[chain.option.id])
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
        concern = in_words([kb.concerns[c].label.lower() for c in shared])
        text = (
            f"{chain.option.label} is planned with "
            + " and ".join(kb.options[o].label for o in combination.options if o != chain.option.id)
            + f" for {concern}, as in the study. There the result lasted about "
            f"{effect.combined_weeks:g} weeks with both against {effect.alone_weeks:g} weeks with "
            f"{chain.option.label} alone, so its interval here is {chain.scale:.1f} times as long."
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
    chain: _Chain, entry: PlannedTreatment, curve: tuple[EffectPoint, ...]
) -> TreatmentPlan:
    option = chain.option
    off_label = chain.off_label.get(entry.concern)
    notes: list[Note] = [off_label] if off_label else []
    interval = chain.interval_days
    if option.course:
        course = option.course
        notes.append(
            _note(
                f"A first course of {course.sessions} sessions, about "
                f"{course.weeks_apart} weeks apart: {course.text}",
                course,
            )
        )
    if chain.duration is not None and interval is not None:
        notes.append(
            _note(
                f"Repeated about every {interval} days, when the effect is expected to start "
                f"wearing off: {chain.duration.text}",
                chain.duration,
            )
        )
    if chain.minimum is not None:
        notes.append(
            _note(
                f"Never sooner than {chain.minimum.days} days apart: {chain.minimum.text}",
                chain.minimum,
            )
        )
    if option.reversibility.permanence is Permanence.PERMANENT:
        notes.append(
            _note("Permanent: no maintenance treatments are planned.", option.reversibility)
        )
    elif chain.duration is None:
        notes.append(
            _note(
                "No reliable duration figure, so no repeat is planned; ask your provider.",
                option.duration_note or option.regulatory,
            )
        )
    if option.review:
        notes.append(
            _note(
                f"A check-up about {option.review.after_days} days after the first treatment.",
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
        reading=_reading(chain),
    )


def _note(text: str, claim: Cited) -> Note:
    return Note(text=text, sources=claim.sources)


def _shape(chain: _Chain) -> EffectShape | None:
    """Rises over the onset, holds, then fades over the duration range (TOX-DUR-1: 3-4 months
    fades from month 3 to month 4); permanent options hold; no figure, no shape."""
    option, duration = chain.option, chain.duration
    rise = option.onset.high if option.onset else 0
    if option.reversibility.permanence is Permanence.PERMANENT:
        return EffectShape(full_by_days=rise, fades_from_days=None, gone_by_days=None)
    if duration is None:
        return None
    gone = _days(duration.high * chain.scale)
    fades_from = _days(duration.low * chain.scale)
    if fades_from >= gone:
        fades_from = _days(duration.high * chain.scale * (1 - SINGLE_FIGURE_FADE_SHARE))
    return EffectShape(
        full_by_days=rise, fades_from_days=max(fades_from, rise), gone_by_days=max(gone, rise + 1)
    )


def _curve(chain: _Chain, start: dt.date, end: dt.date) -> list[EffectPoint]:
    """Expected effect after each treatment: rises over the onset, holds, then fades.

    Sampled weekly over the first year and monthly after it (what a chart can show), plus
    every day where the line bends (a treatment, full effect, fading starts, gone) and weekly
    through each rise, so a dip at a repeat is never skipped. Each day looks only at the
    treatments still working then, so a 10-year plan costs about as much as a 1-year one.
    """
    shape = _shape(chain)
    if shape is None:
        return []
    # Days as ordinals (whole numbers): the same days and ages as dates, without a date and a
    # timedelta object per step (measured: about half the cost of a 10-year plan).
    given = sorted(day.toordinal() for day in chain.given)
    first, last = start.toordinal(), end.toordinal()
    full_by, lasts = shape.full_by_days, shape.gone_by_days
    first_year = min(end, add_months(start, 12)).toordinal()
    days = set(range(first, first_year + 1, CURVE_STEP_DAYS))
    days.update(range(first, last + 1, CURVE_STEP_DAYS * 4))
    bends = [d for d in (full_by, shape.fades_from_days, lasts) if d is not None]
    for treated in given:
        days.update(range(treated, treated + full_by + 1, 7))
        days.update(treated + d for d in bends)
    days.add(last)
    at = shape.at
    points = []
    for day in sorted(d for d in days if first <= d <= last):
        newest = bisect.bisect_right(given, day)
        oldest = 0 if lasts is None else bisect.bisect_left(given, day - lasts)
        effect = 0.0  # the strongest of the treatments working that day (none: 0)
        for treated in given[oldest:newest]:
            effect = max(effect, at(day - treated))
        points.append({"date": dt.date.fromordinal(day), "effect": round(effect, 3)})
    # Hundreds of points: built in one validation pass, several times faster than one by one.
    return list(_effect_points().validate_python(points))


@functools.cache
def _effect_points() -> TypeAdapter[tuple[EffectPoint, ...]]:
    return TypeAdapter(tuple[EffectPoint, ...])


def _reading(chain: _Chain) -> str:
    """The chart in one plain line, e.g. 'Full effect in about 2 weeks. It fades between
    month 3 and month 4. This plan repeats it about every 3 months.'"""
    shape = _shape(chain)
    if shape is None:
        return "No one knows how long it lasts, so no curve is drawn. Ask your provider."
    rise = shape.full_by_days
    full = "Full effect right away." if rise == 0 else f"Full effect in about {_spell(rise)}."
    if shape.fades_from_days is None or shape.gone_by_days is None:
        return f"{full} It does not wear off."
    first, last = _month(shape.fades_from_days), _month(shape.gone_by_days)
    fades = (
        f"It fades around month {last}."
        if first == last or chain.duration is None or chain.duration.low == chain.duration.high
        else f"It fades between month {first} and month {last}."
    )
    interval = chain.interval_days
    repeat = f" This plan repeats it about every {_spell(interval)}." if interval else ""
    return f"{full} {fades}{repeat}"


def _month(days: int) -> int:
    return max(1, round(days / DAYS_PER_MONTH))


def _spell(days: int) -> str:
    """14 -> '2 weeks', 91 -> '3 months', 5 -> '5 days'."""
    if days < 14:
        return f"{days} day{'s' if days != 1 else ''}"
    if days < 60:
        weeks = round(days / 7)
        return f"{weeks} weeks"
    months = _month(days)
    return f"{months} month{'s' if months != 1 else ''}"


def _per_year(
    kb: KnowledgeBase, request: PlanRequest, visits: Sequence[Visit], chains: Sequence[_Chain]
) -> tuple[PerYear, list[Note]]:
    years = request.horizon_months / 12
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
                    text=f"{chain.option.label}: your prices, "
                    f"{usd(override.low_usd, override.high_usd)} each."
                )
            )
        elif cost is not None:
            low += treated * cost.low_usd
            high += treated * cost.high_usd
            notes.append(
                _note(
                    f"{chain.option.label}: {usd(cost.low_usd, cost.high_usd)} {cost.unit} "
                    f"({cost.year}), counted once per treated area. {cost.text}",
                    cost,
                )
            )
        else:
            notes.append(
                Note(
                    text=f"{chain.option.label}: no reliable price was found, so it is not "
                    "in the cost; add your own price."
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

"""The planner's request: what to plan, from when, for how long, at whose prices; checked
against the knowledge base before anything is planned."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

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
from toxfill.knowledge.models import ConcernKind, OptionKind
from toxfill.plan.chain import (
    MAX_HORIZON_MONTHS,
    MAX_PRICE_USD,
    MAX_START_YEARS,
    MAX_TREATMENTS,
    add_months,
)
from toxfill.plan.uses import approved_for, use_basis


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

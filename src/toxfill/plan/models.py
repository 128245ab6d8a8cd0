"""The documents a plan is made of (toxfill.plan/1)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from toxfill.knowledge.models import Source
from toxfill.plan.chain import Purpose
from toxfill.plan.uses import Note
from toxfill.results import Result


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
    language: str = Field(
        default="en",
        description="The language its words are in: en (English), es (Spanish). The visits, "
        "dates, intervals, costs and sources are the same in every language.",
    )

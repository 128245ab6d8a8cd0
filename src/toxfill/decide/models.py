"""The decision document the decision aid returns: statuses, reasons, harms, each cited."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from toxfill.decide.words import say
from toxfill.intake import Intake
from toxfill.knowledge.models import Source
from toxfill.results import Result
from toxfill.scales import Status

SCHEMA = "toxfill.decision/1"

# Best first: an option's overall status is the best of its per-concern statuses.
STATUS_ORDER: tuple[Status, ...] = (
    Status.RECOMMENDED,
    Status.SUITABLE,
    Status.CAUTION,
    Status.REFER,
    Status.NOT_SUITABLE,
)


class Reason(Result):
    text: str
    sources: tuple[str, ...] = Field(min_length=1)
    kind: str = Field(description="approved, off-label, age, excluded, contraindication, ...")
    concern: str | None = None


class Question(Result):
    text: str
    sources: tuple[str, ...] = ()


class ExcludedProduct(Result):
    product: str
    concern: str = Field(description="The concern it is ruled out for.")
    because: str
    sources: tuple[str, ...]


class ConcernStatus(Result):
    option: str
    status: Status
    fit: float
    products: tuple[str, ...] = Field(description="Approved products that remain for this use.")
    available_from: dt.date | None = None
    cautions: tuple[str, ...] = Field(
        default=(), description="Health factors (IDs) to talk over first, for a caution or refer."
    )


class OptionDecision(Result):
    option: str
    label: str
    status: Status
    concerns: tuple[str, ...] = Field(description="The person's concerns it is approved for.")
    fit: float = Field(description="How well it matches the preferences, 0 to 1.")
    reasons: tuple[Reason, ...]
    excluded_products: tuple[ExcludedProduct, ...] = ()
    discuss: tuple[Question, ...] = Field(default=(), description="What to talk over first.")
    available_from: dt.date | None = Field(
        default=None, description="The earliest date a repeat treatment is possible."
    )
    per_concern: dict[str, Status] = Field(default_factory=dict)
    benefits: tuple[Reason, ...] = Field(
        default=(), description="What it does, how soon and for how long, cited."
    )
    harms: tuple[Harm, ...] = Field(
        default=(),
        description="Common side effects, then every serious risk with how rare it is.",
    )


class Rate(Result):
    """A figure a source states, as marked people in a picture of 100 or 10,000 (IPDAS)."""

    count: int = Field(ge=1, description="People marked in the picture.")
    out_of: Literal[100, 10000] = Field(description="People in the picture.")
    figure: str = Field(description="The figure as the source words it, e.g. '2 in 100'.")
    statement: str = Field(description="The cited sentence the figure comes from.")
    language: str = Field(default="en", description="The language of `figure` and `statement`.")

    @property
    def in_words(self) -> str:
        """'2 in 100', '11 in 10,000' ('2 de cada 100' in Spanish)."""
        out_of = f"{self.out_of:,}"
        return say(self.language, "{count} in {out_of}", count=self.count, out_of=out_of)

    @property
    def source_words(self) -> str:
        """The figure as the source gives it, when that differs: '0.11%'."""
        return "" if self.figure == self.in_words else self.figure


class Harm(Result):
    """Something that can go wrong, with how rare it is, cited (IPDAS: harms beside benefits)."""

    risk: str = Field(description="A risk ID, or 'common-side-effects'.")
    label: str
    serious: bool = Field(description="Can kill or leave lasting harm.")
    text: str
    how_rare: str = Field(description="How often it happens, in the sources' figures or words.")
    sources: tuple[str, ...] = Field(min_length=1)
    rate: Rate | None = Field(
        default=None,
        description="The stated figure to draw; None where the sources give no usable rate.",
    )


class PreferenceEffect(Result):
    preference: str
    label: str
    weight: int
    text: str
    sources: tuple[str, ...] = ()


class Part(Result):
    option: str
    concern: str


class Suggestion(Result):
    options: tuple[str, ...]
    concerns: tuple[str, ...] = Field(description="The person's concerns the study treated.")
    text: str
    sources: tuple[str, ...]
    off_label: tuple[Part, ...] = Field(
        default=(), description="Parts of the studied combination that are not approved."
    )


class TradeOff(Result):
    """Where a stated preference lost, in one sentence (an Option Grid's trade-off)."""

    concern: str
    option: str = Field(description="The best fit for the concern.")
    alternative: str = Field(description="An open option that does better on `gains`.")
    gains: str = Field(description="The preference the alternative does better on.")
    costs: str = Field(
        description="Why the alternative is not first: the preference the best fit does "
        "better on, 'safety' when the person's health answers rank it lower, or "
        "'first-choice' when it is suitable but not a first choice for the concern."
    )
    text: str
    sources: tuple[str, ...] = ()


class Decision(Result):
    schema_: Literal["toxfill.decision/1"] = Field(default="toxfill.decision/1", alias="schema")
    knowledge_version: str
    intake: Intake
    options: tuple[OptionDecision, ...]
    per_concern: dict[str, tuple[ConcernStatus, ...]]
    preference_effects: tuple[PreferenceEffect, ...]
    combinations: tuple[Suggestion, ...]
    questions: tuple[Question, ...]
    trade_offs: tuple[TradeOff, ...] = Field(
        default=(), description="Per concern, where a stated preference lost, in one sentence."
    )
    sources: tuple[Source, ...] = Field(description="Every source cited above.")
    disclaimer: str
    language: str = Field(
        default="en",
        description="The language its words are in: en (English), es (Spanish). The IDs, "
        "statuses, products, dates and sources are the same in every language.",
    )

    def option(self, option_id: str) -> OptionDecision:
        return next(o for o in self.options if o.option == option_id)


__all__ = [
    "SCHEMA",
    "STATUS_ORDER",
    "ConcernStatus",
    "Decision",
    "ExcludedProduct",
    "Harm",
    "OptionDecision",
    "Part",
    "PreferenceEffect",
    "Question",
    "Rate",
    "Reason",
    "Suggestion",
    "TradeOff",
]

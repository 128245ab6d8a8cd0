"""The report a person makes after a treatment, checked whole: every ID known, and treatment,
concern and zone fitting together. Input that contradicts itself is an error, never a guess."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from toxfill.documents import MAX_ITEMS, Document, Id, validate, vocabulary, whole_number
from toxfill.errors import InputError, UnknownIdError
from toxfill.knowledge.base import KnowledgeBase
from toxfill.knowledge.models import OptionKind
from toxfill.triage.places import check_places

SCHEMA = "toxfill.triage/1"
MAX_DAYS = 3650
MAX_AGE = 120


class Report(Document):
    """What a person reports after a treatment."""

    treatment: Id = Field(
        description="The option ID, e.g. ha-filler or botulinum-toxin.",
        json_schema_extra=vocabulary("options"),
    )
    other_treatments: tuple[Id, ...] = Field(
        default=(),
        max_length=MAX_ITEMS,
        description="Other treatments at the same visit, e.g. a filler with a toxin.",
        json_schema_extra=vocabulary("options"),
    )
    product: Id | None = Field(
        default=None,
        description="The product ID, if known.",
        json_schema_extra=vocabulary("products"),
    )
    concern: Id | None = Field(
        default=None,
        description="What was treated, e.g. lip-volume; it must fit the treatment.",
        json_schema_extra=vocabulary("concerns"),
    )
    zone: Id | None = Field(
        default=None,
        description="Where it was injected: an area (toxfill vocab areas, e.g. bladder) or a "
        "charting zone (toxfill vocab zones, e.g. nasal-dorsum); it must fit the treatment "
        "and the concern.",
        json_schema_extra=vocabulary("places"),
    )
    # Required, but may be null: the danger-sign step asks no date, and a red flag must not wait.
    days_since: (
        Annotated[int, Field(ge=0, le=MAX_DAYS, strict=True), BeforeValidator(whole_number)] | None
    ) = Field(
        description="Days since treatment; null when not known (treated as possibly long ago).",
    )
    symptoms: tuple[Id, ...] = Field(
        min_length=1,
        max_length=MAX_ITEMS,
        description="Symptom IDs, at least one.",
        json_schema_extra=vocabulary("symptoms"),
    )
    age: (
        Annotated[int, Field(ge=0, le=MAX_AGE, strict=True), BeforeValidator(whole_number)] | None
    ) = Field(default=None, description="Age in years, if known.")
    pregnant: bool | None = Field(
        default=None, strict=True, description="Pregnant now, if known (true or false)."
    )

    @property
    def treatments(self) -> tuple[str, ...]:
        """Every treatment of the visit, the main one first, each once."""
        return tuple(dict.fromkeys((self.treatment, *self.other_treatments)))


REPORT_HINTS: Mapping[str, str] = {
    "_fields": "treatment other_treatments product concern zone days_since symptoms age pregnant",
    "days_since": f"must be a whole number of days from 0 to {MAX_DAYS}, or null if not known",
    "age": f"must be a whole number of years from 0 to {MAX_AGE}",
    "symptoms": "name at least one symptom (see `toxfill vocab symptoms`)",
}


def parse_report(kb: KnowledgeBase, raw: Any) -> Report:
    """Validate a report; raise InputError naming the first bad field. Never guesses."""
    return check_report(kb, validate(Report, raw, REPORT_HINTS, "report"))


def check_report(kb: KnowledgeBase, report: Report) -> Report:
    """Every ID known, and treatment, product, concern and zone consistent with each other."""
    option = kb.option(report.treatment, "treatment")
    if option.kind is OptionKind.NONE:
        raise InputError("treatment", "name the treatment you had, e.g. ha-filler")
    for index, other in enumerate(report.other_treatments):
        if kb.option(other, f"other_treatments[{index}]").kind is OptionKind.NONE:
            raise InputError(f"other_treatments[{index}]", "name a treatment, e.g. ha-filler")
    if report.product is not None:
        product = kb.product(report.product)
        if product.option != option.id:
            raise InputError("product", f"'{product.id}' is a {product.option} product")
    for index, symptom in enumerate(report.symptoms):
        if symptom not in kb.symptoms:
            raise UnknownIdError(f"symptoms[{index}]", "symptom", symptom, kb.symptoms.keys())
    check_places(kb, report.treatments, report.concern, report.zone)
    return report.model_copy(update={"symptoms": tuple(dict.fromkeys(report.symptoms))})

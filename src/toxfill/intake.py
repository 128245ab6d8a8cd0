"""C3 input: a person's intake, checked field by field against the vocabulary."""

from __future__ import annotations

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
from toxfill.errors import InputError, UnknownIdError
from toxfill.knowledge.base import KnowledgeBase

MAX_AGE = 120
MAX_RECENT_TREATMENTS = 16


Weight = Annotated[int, Field(ge=0, le=3, strict=True), BeforeValidator(whole_number)]


class RecentTreatment(Document):
    option: Id = Field(
        description="The option ID, e.g. botulinum-toxin.", json_schema_extra=vocabulary("options")
    )
    date: IsoDate = Field(description="When it was given (YYYY-MM-DD), no later than today.")
    product: Id | None = Field(
        default=None,
        description="The product ID, if known.",
        json_schema_extra=vocabulary("products"),
    )


class Intake(Document):
    """What a person tells the decision aid."""

    age: Whole = Field(ge=0, le=MAX_AGE, strict=True, description="Age in whole years.")
    concerns: tuple[Id, ...] = Field(
        min_length=1,
        max_length=MAX_ITEMS,
        description="Concern IDs, at least one.",
        json_schema_extra=vocabulary("concerns"),
    )
    health: tuple[Id, ...] = Field(
        default=(),
        max_length=MAX_ITEMS,
        description="Health factor IDs that apply.",
        json_schema_extra=vocabulary("health"),
    )
    health_unsure: tuple[Id, ...] = Field(
        default=(),
        max_length=MAX_ITEMS,
        description="Health factor IDs the person is not sure about: each is a caution to "
        "discuss, never taken as a no.",
        json_schema_extra=vocabulary("health"),
    )
    preferences: dict[Id, Weight] = Field(
        default_factory=dict,
        max_length=MAX_ITEMS,
        description="Preference ID to weight: 0 (no matter) to 3 (a lot).",
        json_schema_extra=vocabulary("preferences"),
    )
    recent_treatments: tuple[RecentTreatment, ...] = Field(
        default=(),
        max_length=MAX_RECENT_TREATMENTS,
        description="Earlier treatments that may still matter.",
    )
    today: IsoDate = Field(description="The date of the decision (YYYY-MM-DD).")


def parse_intake(kb: KnowledgeBase, raw: Any) -> Intake:
    """Validate an intake document; raise InputError naming the first bad field."""
    return check_ids(kb, validate(Intake, raw, INTAKE_HINTS, "intake"))


INTAKE_HINTS: Mapping[str, str] = {
    "_fields": "age concerns health health_unsure preferences recent_treatments today",
    "age": f"must be a whole number from 0 to {MAX_AGE}",
    "preferences": "must be 0, 1, 2 or 3",
    "concerns": "name at least one concern (see `toxfill vocab concerns`)",
}


def check_ids(kb: KnowledgeBase, intake: Intake) -> Intake:
    """Check every ID against the vocabulary and every date against today; drop repeats."""
    for index, concern in enumerate(intake.concerns):
        _known(f"concerns[{index}]", "concern", concern, kb.concerns)
    for index, factor in enumerate(intake.health):
        _known(f"health[{index}]", "health factor", factor, kb.health_factors)
    for index, factor in enumerate(intake.health_unsure):
        _known(f"health_unsure[{index}]", "health factor", factor, kb.health_factors)
        if factor in intake.health:
            raise InputError(
                f"health_unsure[{index}]", f"'{factor}' is listed as both yes and not sure"
            )
    for preference in intake.preferences:
        _known(f"preferences.{preference}", "preference", preference, kb.preferences)
    for index, treatment in enumerate(intake.recent_treatments):
        field = f"recent_treatments[{index}]"
        option = kb.option(treatment.option, f"{field}.option")
        if treatment.product is not None:
            product = kb.product(treatment.product, f"{field}.product")
            if product.option != option.id:
                raise InputError(
                    f"{field}.product",
                    f"'{product.id}' is a {product.option} product, not {option.id}",
                )
        if treatment.date > intake.today:
            raise InputError(
                f"{field}.date",
                f"{treatment.date.isoformat()} is after today ({intake.today.isoformat()})",
            )
    return intake.model_copy(
        update={
            "concerns": tuple(dict.fromkeys(intake.concerns)),
            "health": tuple(dict.fromkeys(intake.health)),
            "health_unsure": tuple(dict.fromkeys(intake.health_unsure)),
        }
    )


def _known(field: str, kind: str, value: str, table: Mapping[str, object]) -> None:
    if value not in table:
        raise UnknownIdError(field, kind, value, table.keys())

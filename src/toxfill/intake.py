"""C3 input: a person's intake, checked field by field against the vocabulary."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from toxfill.errors import InputError, UnknownIdError
from toxfill.knowledge.base import KnowledgeBase

MAX_AGE = 120


def _iso_date(value: object) -> object:
    """Dates are ISO 8601 strings (or dates); a number is not a date."""
    if isinstance(value, str | dt.date):
        return value
    raise ValueError("must be a date written as YYYY-MM-DD")


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
Weight = Annotated[int, Field(ge=0, le=3, strict=True)]


class _In(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RecentTreatment(_In):
    option: str = Field(description="The option ID, e.g. botulinum-toxin.")
    date: IsoDate = Field(description="When it was given (YYYY-MM-DD).")
    product: str | None = Field(default=None, description="The product ID, if known.")


class Intake(_In):
    """What a person tells the decision aid."""

    age: int = Field(ge=0, le=MAX_AGE, strict=True, description="Age in whole years.")
    concerns: tuple[str, ...] = Field(min_length=1, description="Concern IDs, at least one.")
    health: tuple[str, ...] = Field(default=(), description="Health factor IDs that apply.")
    preferences: dict[str, Weight] = Field(
        default_factory=dict, description="Preference ID to weight: 0 (no matter) to 3 (a lot)."
    )
    recent_treatments: tuple[RecentTreatment, ...] = Field(
        default=(), description="Earlier treatments that may still matter."
    )
    today: IsoDate = Field(description="The date of the decision (YYYY-MM-DD).")


def parse_intake(kb: KnowledgeBase, raw: Any) -> Intake:
    """Validate an intake document; raise InputError naming the first bad field."""
    if not isinstance(raw, Mapping):
        raise InputError("intake", "expected a JSON object with age, concerns and today")
    try:
        intake = Intake.model_validate(raw)
    except ValidationError as exc:
        raise InputError(*explain(exc.errors()[0])) from None
    return check_ids(kb, intake)


def explain(error: Mapping[str, Any], hints: Mapping[str, str] | None = None) -> tuple[str, str]:
    """A pydantic error as (field, problem) in plain words, e.g. ('age', 'must be ...').

    `hints` says, per top-level field, what a valid value is; the intake's own by default.
    """
    return field_name(error["loc"]), _problem(error, INTAKE_HINTS if hints is None else hints)


INTAKE_HINTS: Mapping[str, str] = {
    "_fields": "age concerns health preferences recent_treatments today",
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
        }
    )


def field_name(location: Sequence[int | str]) -> str:
    """('recent_treatments', 0, 'date') -> 'recent_treatments[0].date'."""
    name = ""
    for part in location:
        if isinstance(part, int):
            name += f"[{part}]"
        else:
            name += f".{part}" if name else str(part)
    return name or "intake"


def _problem(error: Mapping[str, Any], hints: Mapping[str, str]) -> str:
    kind = error["type"]
    given = f", not {error['input']!r}" if "input" in error else ""
    hint = hints.get(str(error["loc"][0])) if error["loc"] else None
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        known = hints.get("_fields", "").replace(" ", ", ")
        return "is not a known field" + (f" (known fields: {known})" if known else "")
    bounds = {"greater_than", "greater_than_equal", "less_than", "less_than_equal"}
    if hint and kind in bounds:
        return hint + given
    if hint and kind == "too_short":
        return hint
    if kind.startswith("date"):
        return f"must be a real date written as YYYY-MM-DD{given}"
    if kind.startswith("int"):
        return f"must be a whole number{given}"
    if kind.startswith("float"):
        return f"must be a number{given}"
    return str(error["msg"])


def _known(field: str, kind: str, value: str, table: Mapping[str, object]) -> None:
    if value not in table:
        raise UnknownIdError(field, kind, value, table.keys())

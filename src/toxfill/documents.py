"""Input documents (intake, plan request, report): validated with pydantic, and every error
worded for people, naming the field and what a valid value is."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError

from toxfill.errors import InputError

M = TypeVar("M", bound=BaseModel)


class Document(BaseModel):
    """A document a person or program sends: frozen, and no unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


def _iso_date(value: object) -> object:
    """Dates are ISO 8601 strings (or dates); a number is not a date."""
    if isinstance(value, str | dt.date):
        return value
    raise ValueError("must be a date written as YYYY-MM-DD")


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]


def validate(model: type[M], raw: Any, hints: Mapping[str, str], name: str) -> M:
    """`raw` as a `model`, or InputError naming the first bad field in plain words."""
    if not isinstance(raw, Mapping):
        fields = hints.get("_fields", "").replace(" ", ", ")
        raise InputError(name, f"expected a JSON object with {fields}")
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise InputError(*explain(exc.errors()[0], hints)) from None


def explain(error: Mapping[str, Any], hints: Mapping[str, str]) -> tuple[str, str]:
    """A pydantic error as (field, problem) in plain words, e.g. ('age', 'must be ...').

    `hints` says, per top-level field, what a valid value is; `_fields` lists the fields.
    """
    return field_name(error["loc"]), _problem(error, hints)


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
    if kind.startswith("bool"):
        return f"must be true or false{given}"
    return str(error["msg"])

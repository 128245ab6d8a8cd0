"""Input documents (intake, plan request, report): validated with pydantic, and every error
worded for people, naming the field and what a valid value is.

Every input is bounded before any work is done on it: a document has at most
MAX_DOCUMENT_BYTES, MAX_DEPTH levels of nesting and no repeated keys; an ID has at most
ID_MAX_LENGTH characters and the kebab-case pattern; a list has at most MAX_ITEMS entries;
a number is finite; a date falls between EARLIEST_DATE and LATEST_DATE.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping, Sequence
from typing import Annotated, Any, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
)
from pydantic.config import JsonDict

from toxfill.errors import ID_MAX_LENGTH, ID_PATTERN, InputError, shown

M = TypeVar("M", bound=BaseModel)

MAX_DOCUMENT_BYTES = 64 * 1024
"""The largest input document: a full intake is about 2 KB."""

MAX_DEPTH = 8
"""The deepest nesting of objects and arrays in a document (an intake needs 3)."""

MAX_ITEMS = 64
"""The most entries in any list of IDs: more than any vocabulary has."""

MAX_NUMBER_DIGITS = 32
"""The most characters a JSON number may have; no field needs more than a handful."""

EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2199, 12, 31)
"""Every date in a document: far enough from year 9999 that no schedule can step past it."""

Id = Annotated[
    str,
    StringConstraints(strict=True, max_length=ID_MAX_LENGTH, pattern=ID_PATTERN),
    Field(description=f"An ID: lowercase kebab-case, at most {ID_MAX_LENGTH} characters."),
]
"""An ID from the vocabulary: checked for length and shape before any lookup."""

VOCABULARY_KEY = "x-vocabulary"
"""Marks, in a field's JSON schema, the vocabulary its IDs come from (`toxfill vocab`): the
API lists that vocabulary as the field's enum, the core still answers an unknown ID with the
nearest valid ones."""


def vocabulary(kind: str) -> JsonDict:
    """`json_schema_extra` for a field of IDs of one kind, e.g. vocabulary("concerns")."""
    return {VOCABULARY_KEY: kind}


class Document(BaseModel):
    """A document a person or program sends: frozen, and no unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_date(value: object) -> object:
    """Dates are ISO 8601 calendar dates (YYYY-MM-DD) or date objects within the window; a
    number, a datetime or a date with a time is not a date."""
    if isinstance(value, dt.datetime):
        raise ValueError("must be a real date written as YYYY-MM-DD, without a time")
    if isinstance(value, str):
        problem = f"must be a real date written as YYYY-MM-DD, not {shown(value)}"
        if not _ISO_DATE.fullmatch(value):
            raise ValueError(problem)
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(problem) from None
    if not isinstance(value, dt.date):
        raise ValueError(f"must be a real date written as YYYY-MM-DD, not {shown(value)}")
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValueError(
            f"must be a date from {EARLIEST_DATE.isoformat()} to {LATEST_DATE.isoformat()}, "
            f"not {value.isoformat()}"
        )
    return value


IsoDate = Annotated[
    dt.date,
    BeforeValidator(_iso_date),
    Field(json_schema_extra={"pattern": r"^(19[0-9]{2}|2[01][0-9]{2})-[0-9]{2}-[0-9]{2}$"}),
]
"""A calendar date between EARLIEST_DATE and LATEST_DATE; never a datetime."""


def whole_number(value: object) -> object:
    """A whole number is an integer, or a number with nothing after the point (JSON does not
    tell 3 from 3.0); never true or false, never text such as "3"."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise ValueError(f"must be a whole number, not {shown(value)}")


Whole = Annotated[int, BeforeValidator(whole_number)]
"""A whole number from a document: 3 or 3.0, but not 3.5, true or "3". Bounds go on the field
(`x: Whole = Field(ge=0)`) or before the validator (`Annotated[int, Field(ge=0),
BeforeValidator(whole_number)]`), or the OpenAPI document loses them."""


def read_json(text: str | bytes, name: str) -> Any:
    """Parse one JSON document, bounded: or InputError naming `name` (the document) and what
    is wrong. Refuses oversized documents, invalid UTF-8, repeated keys, NUL characters, deep
    nesting, and numbers too long to be real values; NaN and Infinity are left for the fields
    to refuse, so that the error names the field."""
    if len(text if isinstance(text, bytes) else text.encode()) > MAX_DOCUMENT_BYTES:
        raise InputError(name, f"is larger than {MAX_DOCUMENT_BYTES // 1024} KB")
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(name, f"is not UTF-8 (byte {exc.start})") from None
    try:
        document = json.loads(text, object_pairs_hook=_no_repeated_keys, parse_int=_bounded_int)
    except InputError as exc:
        raise InputError(name, exc.problem) from None
    except json.JSONDecodeError as exc:
        raise InputError(
            name, f"is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    except RecursionError:
        raise InputError(name, f"is nested more than {MAX_DEPTH} levels deep") from None
    _check_shape(document, name)
    return document


def _no_repeated_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    document: dict[str, Any] = {}
    for key, value in pairs:
        if key in document:
            raise InputError("", f"repeats the key {shown(key)}: each key once, please")
        document[key] = value
    return document


def _bounded_int(digits: str) -> int:
    if len(digits) > MAX_NUMBER_DIGITS:
        raise InputError("", f"has a number of {len(digits)} digits: too large to be a value")
    return int(digits)


def _check_shape(document: Any, name: str) -> None:
    """No nesting deeper than MAX_DEPTH and no NUL character, checked without recursion."""
    stack = [(document, 0)]
    while stack:
        value, level = stack.pop()
        if isinstance(value, str) and "\x00" in value:
            raise InputError(name, "contains a NUL character")
        if isinstance(value, dict | list):
            if level >= MAX_DEPTH:
                raise InputError(name, f"is nested more than {MAX_DEPTH} levels deep")
            children = [*value, *value.values()] if isinstance(value, dict) else value
            stack.extend((child, level + 1) for child in children)


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
    given = f", not {shown(error['input'])}" if "input" in error else ""
    hint = hints.get(str(error["loc"][0])) if error["loc"] else None
    context = error.get("ctx") or {}
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
    if kind == "too_long":
        return f"has too many entries: at most {context.get('max_length')}"
    if hint and kind == "string_too_long":
        return hint
    if kind == "string_too_long":
        return f"must be at most {context.get('max_length')} characters{given}"
    if kind == "string_pattern_mismatch":
        return f"must be an ID in lowercase words joined by hyphens, e.g. ha-filler{given}"
    if kind == "string_too_short":
        if isinstance(error.get("input"), str) and not error["input"].strip():
            return "is required: it is empty"
        return f"must be at least {context.get('min_length')} characters{given}"
    if kind.startswith("string"):
        return f"must be text in quotes{given}"
    if kind == "finite_number":
        return f"must be a finite number{given}"
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    if kind.startswith("date"):
        return f"must be a real date written as YYYY-MM-DD{given}"
    if kind.startswith("int"):
        return f"must be a whole number{given}"
    if kind.startswith("float"):
        return f"must be a number{given}"
    if kind.startswith("bool"):
        return f"must be true or false{given}"
    if kind in {"dict_type", "model_type", "model_attributes_type"}:
        return f"must be a JSON object{given}"
    if kind in {"tuple_type", "list_type"}:
        return f"must be a JSON list{given}"
    return str(error["msg"])

"""The API's one error shape (`ErrorResponse`) and how a toxfill error becomes one: shared
by the root API's handlers and every router (guide, clinic, patient link)."""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema

from toxfill.errors import InputError, UnknownIdError


class FieldError(Schema):
    loc: list[str | int]
    msg: str
    type: str
    nearest: list[str] = Field(default_factory=list)


class ErrorResponse(Schema):
    detail: list[FieldError]


BAD_INPUT = {422: ErrorResponse}
BAD_BODY = {413: ErrorResponse, 422: ErrorResponse}
NOT_FOUND = {404: ErrorResponse, 422: ErrorResponse}


def location(where: str, field: str) -> list[str | int]:
    """'recent_treatments[0].date' -> [where, 'recent_treatments', 0, 'date']."""
    parts: list[str | int] = [where]
    if field == where:
        return parts
    for name in field.replace("]", "").replace("[", ".").split("."):
        parts.append(int(name) if name.isdigit() else name)
    return parts


def field_error(exc: InputError, where: str, kind: str = "invalid") -> dict[str, Any]:
    unknown = isinstance(exc, UnknownIdError)
    return {
        "loc": location(where, exc.field),
        "msg": exc.problem,
        "type": "unknown_id" if unknown else kind,
        "nearest": exc.nearest if isinstance(exc, UnknownIdError) else [],
    }

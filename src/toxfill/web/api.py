"""The JSON API (/api/v1), documented by OpenAPI at /api/v1/docs. Thin: parse, call, return."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, NinjaAPI, Schema
from ninja.errors import ValidationError as NinjaValidationError
from ninja.responses import Status

from toxfill import __version__
from toxfill.compare import Comparison, compare
from toxfill.errors import InputError, ToxfillError, UnknownIdError
from toxfill.knowledge import bundled_knowledge
from toxfill.profile import OptionProfile, describe

api = NinjaAPI(
    title="toxfill API",
    version=f"{__version__} (v1)",
    description="Compare botulinum toxin and dermal filler options; every statement cites its "
    "source. Errors are 422 with field-level details; unknown IDs come with the nearest valid IDs.",
    urls_namespace="api-v1",
)


class OptionSummary(Schema):
    option: str
    label: str
    kind: str
    summary: str


class FieldError(Schema):
    loc: list[str]
    msg: str
    type: str
    nearest: list[str] = Field(default_factory=list)


class ErrorResponse(Schema):
    detail: list[FieldError]


def _field_error(exc: ToxfillError, location: str) -> dict[str, Any]:
    if isinstance(exc, InputError):
        error: dict[str, Any] = {"loc": [location, exc.field], "msg": exc.problem}
        error["type"] = "unknown_id" if isinstance(exc, UnknownIdError) else "invalid"
        error["nearest"] = exc.nearest if isinstance(exc, UnknownIdError) else []
        return error
    return {"loc": [location], "msg": str(exc), "type": "invalid", "nearest": []}


@api.exception_handler(InputError)
def input_error(request: HttpRequest, exc: InputError) -> HttpResponse:
    location = "body" if request.method == "POST" else "query"
    return api.create_response(request, {"detail": [_field_error(exc, location)]}, status=422)


@api.exception_handler(NinjaValidationError)
def validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    detail = [
        {
            "loc": [str(part) for part in error.get("loc", ())],
            "msg": str(error.get("msg", "invalid")),
            "type": str(error.get("type", "invalid")),
            "nearest": [],
        }
        for error in exc.errors
    ]
    return api.create_response(request, {"detail": detail}, status=422)


@api.get("/options", response=list[OptionSummary], tags=["knowledge"])
def list_options(request: HttpRequest) -> list[dict[str, str]]:
    """Every treatment option, including no treatment."""
    return [
        {"option": o.id, "label": o.label, "kind": o.kind, "summary": o.summary}
        for o in bundled_knowledge().options.values()
    ]


@api.get(
    "/options/{option_id}",
    response={200: OptionProfile, 404: ErrorResponse},
    by_alias=True,
    tags=["knowledge"],
)
def option_detail(request: HttpRequest, option_id: str) -> Any:
    """Everything the knowledge base says about one option, cited."""
    try:
        return describe(bundled_knowledge(), option_id)
    except InputError as exc:
        return Status(404, {"detail": [_field_error(exc, "path")]})


@api.get(
    "/compare",
    response={200: Comparison, 422: ErrorResponse},
    by_alias=True,
    tags=["comparison"],
)
def compare_options(request: HttpRequest, options: str) -> Comparison:
    """Compare two or more options: `?options=botulinum-toxin,ha-filler`."""
    ids = [part.strip() for part in options.split(",") if part.strip()]
    return compare(bundled_knowledge(), ids)


@api.get("/sources", tags=["knowledge"])
def list_sources(request: HttpRequest) -> dict[str, Any]:
    """Every source the knowledge base cites."""
    kb = bundled_knowledge()
    return {
        "schema": "toxfill.sources/1",
        "knowledge_version": kb.version,
        "sources": [s.model_dump(mode="json") for s in kb.sources.values()],
    }

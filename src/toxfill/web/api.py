"""The JSON API (/api/v1), documented by OpenAPI at /api/v1/docs. Thin: parse, call, return.

Every error, whatever caused it, is one JSON shape (`ErrorResponse`) with the field at fault:
422 for bad input (unparseable JSON included), 413 for a body over the size limit, 404 for an
unknown document or path. IDs are documented as enums from the knowledge base.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, NinjaAPI, Router, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.docs import Swagger
from ninja.parser import Parser
from ninja.responses import Status
from ninja.types import DictStrAny

from toxfill import __version__
from toxfill.compare import Comparison
from toxfill.decide import Decision, decide
from toxfill.documents import MAX_DOCUMENT_BYTES, Id, IsoDate, explain, read_json, vocabulary
from toxfill.dosing import MIXING_HINTS, DoseTable, Mixing, MixingRequest, dose_table, reconstitute
from toxfill.errors import ID_MAX_LENGTH, InputError, UnknownIdError
from toxfill.intake import INTAKE_HINTS, Intake, check_ids
from toxfill.knowledge import bundled_knowledge
from toxfill.plan import PLAN_HINTS, CarePlan, PlanRequest, check_plan_request, make_plan
from toxfill.profile import OptionProfile, describe
from toxfill.render.ics import plan_ics
from toxfill.render.svg import plan_svg
from toxfill.triage import (
    REPORT_HINTS,
    AftercareGuide,
    Report,
    TriageResult,
    aftercare_for,
    check_report,
    triage,
)
from toxfill.web.clinic import api as clinic_api
from toxfill.web.guide.cache import comparison
from toxfill.web.openapi import COMMA_SEPARATED, document_vocabularies
from toxfill.web.patient_link import api as patient_link_api

MAX_COMPARED = 16
OPTIONS_QUERY_LENGTH = MAX_COMPARED * (ID_MAX_LENGTH + 1)


class JsonDocuments(Parser):
    """Request bodies are read as toxfill reads every JSON document: bounded, strict."""

    def parse_body(self, request: HttpRequest) -> DictStrAny:
        document: DictStrAny = read_json(request.body, "body")
        return document


class ToxfillAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: DictStrAny | None = None
    ) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return document_vocabularies(schema, bundled_knowledge())


api = ToxfillAPI(
    title="toxfill API",
    version=f"{__version__} (v1)",
    description="Compare botulinum toxin and dermal filler options; every statement cites its "
    "source. Every error has one shape: `detail`, a list of field errors with `loc` (where: "
    "`body`, `query` or `path`, then the field), `msg`, `type` and, for an unknown ID, the "
    f"`nearest` valid IDs. Bad input is 422 (unparseable JSON, repeated keys and nesting "
    f"deeper than the documents need included), a body over {MAX_DOCUMENT_BYTES // 1024} KB "
    "is 413, an unknown document or path is 404.",
    urls_namespace="api-v1",
    parser=JsonDocuments(),
    docs=Swagger(settings={"layout": "BaseLayout", "deepLinking": True}),
)


class OptionEntry(Schema):
    option: str
    label: str
    kind: str
    summary: str


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


def _location(where: str, field: str) -> list[str | int]:
    """'recent_treatments[0].date' -> [where, 'recent_treatments', 0, 'date']."""
    parts: list[str | int] = [where]
    if field == where:
        return parts
    for name in field.replace("]", "").replace("[", ".").split("."):
        parts.append(int(name) if name.isdigit() else name)
    return parts


def _field_error(exc: InputError, where: str, kind: str = "invalid") -> dict[str, Any]:
    unknown = isinstance(exc, UnknownIdError)
    return {
        "loc": _location(where, exc.field),
        "msg": exc.problem,
        "type": "unknown_id" if unknown else kind,
        "nearest": exc.nearest if isinstance(exc, UnknownIdError) else [],
    }


def _errors(request: HttpRequest, status: int, *details: dict[str, Any]) -> HttpResponse:
    return api.create_response(request, {"detail": list(details)}, status=status)


@api.exception_handler(InputError)
def input_error(request: HttpRequest, exc: InputError) -> HttpResponse:
    where = "query" if request.method in ("GET", "HEAD") else "body"
    return _errors(request, 422, _field_error(exc, where))


API_HINTS = {
    **INTAKE_HINTS,
    **PLAN_HINTS,
    **REPORT_HINTS,
    **MIXING_HINTS,
    "options": "name two or more option IDs separated by commas, e.g. botulinum-toxin,ha-filler",
    "_fields": "",
}


@api.exception_handler(NinjaValidationError)
def validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    """Ninja's field errors, worded like toxfill's own and located the same way."""
    detail = []
    for error in exc.errors:
        where, *rest = [part if isinstance(part, int) else str(part) for part in error["loc"]]
        where = str(where)
        if where == "body" and len(rest) > 1:
            rest = rest[1:]  # drop the operation's parameter name: the body is the document
        field, problem = explain({**error, "loc": tuple(rest)}, API_HINTS)
        detail.append(
            {"loc": _location(where, field), "msg": problem, "type": error["type"], "nearest": []}
        )
    return _errors(request, 422, *detail)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """A body that is not a JSON document toxfill reads is bad input: 422, naming the body."""
    if isinstance(exc.__cause__, InputError):
        return _errors(request, 422, _field_error(exc.__cause__, "body", "json_invalid"))
    error = {"loc": [], "msg": str(exc), "type": "http", "nearest": []}
    return _errors(request, exc.status_code, error)


@api.exception_handler(RequestDataTooBig)
def body_too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    problem = f"is larger than {MAX_DOCUMENT_BYTES // 1024} KB"
    error = {"loc": ["body"], "msg": problem, "type": "too_large", "nearest": []}
    return _errors(request, 413, error)


def _or_404(lookup: Callable[[], object]) -> object:
    """The looked-up document, or 404 naming the nearest valid IDs for an unknown one."""
    try:
        return lookup()
    except InputError as exc:
        return Status(404, {"detail": [_field_error(exc, "path")]})


@api.get("/options", response=list[OptionEntry], tags=["knowledge"])
def list_options(request: HttpRequest) -> list[dict[str, str]]:
    """Every treatment option, including no treatment."""
    return [
        {"option": o.id, "label": o.label, "kind": o.kind, "summary": o.summary}
        for o in bundled_knowledge().options.values()
    ]


OptionId = Annotated[Id, Field(json_schema_extra=vocabulary("options"))]


@api.get(
    "/options/{option}",
    response={200: OptionProfile, **NOT_FOUND},
    by_alias=True,
    tags=["knowledge"],
)
def option_detail(request: HttpRequest, option: OptionId) -> Any:
    """Everything the knowledge base says about one option, cited."""
    return _or_404(lambda: describe(bundled_knowledge(), option))


OptionList = Annotated[
    str,
    Field(
        max_length=OPTIONS_QUERY_LENGTH,
        description=f"Two to {MAX_COMPARED} option IDs, separated by commas.",
        json_schema_extra={**vocabulary("options"), COMMA_SEPARATED: MAX_COMPARED},
    ),
]


@api.get(
    "/compare",
    response={200: Comparison, **BAD_INPUT},
    by_alias=True,
    tags=["comparison"],
)
def compare_options(request: HttpRequest, options: OptionList) -> Comparison:
    """Compare two or more options: `?options=botulinum-toxin,ha-filler`."""
    ids = [part.strip() for part in options.split(",") if part.strip()]
    return comparison(ids)


class DecideRequest(Intake):
    """An intake; `today` defaults to the server's date."""

    today: IsoDate | None = Field(  # type: ignore[assignment]
        default=None, description="The date of the decision (YYYY-MM-DD); default today."
    )


@api.post(
    "/decide",
    response={200: Decision, **BAD_BODY},
    by_alias=True,
    tags=["decision aid"],
)
def decide_for(request: HttpRequest, intake: DecideRequest) -> Decision:
    """The decision aid: a cited status for every option, per concern, best first."""
    kb = bundled_knowledge()
    fields = intake.model_dump(exclude={"today"})
    checked = check_ids(kb, Intake(**fields, today=intake.today or timezone.localdate()))
    return decide(kb, checked)


@api.post("/plan", response={200: CarePlan, **BAD_BODY}, by_alias=True, tags=["care plan"])
def plan_for(request: HttpRequest, body: PlanRequest) -> CarePlan:
    """A care plan: dated visits, visits and cost per year, expected effect over time."""
    kb = bundled_knowledge()
    return make_plan(kb, check_plan_request(kb, body, timezone.localdate()))


def _file(content_type: str, what: str) -> dict[str, Any]:
    """The OpenAPI description of a download answered with 200."""
    return {
        "responses": {
            200: {
                "description": what,
                "content": {content_type: {"schema": {"type": "string"}}},
                "headers": {
                    "Content-Disposition": {
                        "description": "attachment; filename=...",
                        "schema": {"type": "string"},
                    }
                },
            }
        }
    }


@api.post(
    "/plan/ics",
    response=BAD_BODY,
    tags=["care plan"],
    openapi_extra=_file("text/calendar", "The visits as an iCalendar file."),
)
def plan_calendar(request: HttpRequest, body: PlanRequest) -> HttpResponse:
    """The same plan as an iCalendar file: one event per visit, with a reminder a week before."""
    kb = bundled_knowledge()
    content = plan_ics(make_plan(kb, check_plan_request(kb, body, timezone.localdate())), kb)
    return _download(content, "text/calendar; charset=utf-8", "toxfill-care-plan.ics")


@api.post(
    "/plan/svg",
    response=BAD_BODY,
    tags=["care plan"],
    openapi_extra=_file("image/svg+xml", "The expected effect over time as an SVG chart."),
)
def plan_chart(request: HttpRequest, body: PlanRequest) -> HttpResponse:
    """The same plan's expected effect over time as an SVG chart."""
    kb = bundled_knowledge()
    plan = make_plan(kb, check_plan_request(kb, body, timezone.localdate()))
    return _download(plan_svg(plan, kb).encode(), "image/svg+xml", "toxfill-care-plan.svg")


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@api.post(
    "/reconstitute",
    response={200: Mixing, **BAD_BODY},
    by_alias=True,
    tags=["dosing (providers)"],
)
def reconstitute_vial(request: HttpRequest, body: MixingRequest) -> Mixing:
    """For providers: units per 0.1 mL after mixing, with the label's storage limit and the
    warning that units of different toxin products are not interchangeable."""
    return reconstitute(bundled_knowledge(), body.product, body.units, body.diluent_ml)


@api.post("/triage", response={200: TriageResult, **BAD_BODY}, by_alias=True, tags=["triage"])
def triage_report(request: HttpRequest, body: Report) -> TriageResult:
    """After a treatment: the urgency of what a person feels, with advice and sources.
    One red-flag symptom sets the urgency whatever else is reported."""
    kb = bundled_knowledge()
    return triage(kb, check_report(kb, body))


ToxinId = Annotated[Id, Field(json_schema_extra=vocabulary("toxins"))]


@api.get(
    "/doses",
    response={200: DoseTable, **BAD_INPUT},
    by_alias=True,
    tags=["dosing (providers)"],
)
def label_doses(request: HttpRequest, product: ToxinId | None = None) -> DoseTable:
    """For providers: label reference doses per use, with the units warning."""
    return dose_table(bundled_knowledge(), product)


@api.get(
    "/aftercare/{option}",
    response={200: AftercareGuide, **NOT_FOUND},
    by_alias=True,
    tags=["triage"],
)
def aftercare_guide(request: HttpRequest, option: OptionId) -> Any:
    """What is normal after a treatment, for how long, what to avoid, and when to get help."""
    return _or_404(lambda: aftercare_for(bundled_knowledge(), option))


@api.get("/sources", tags=["knowledge"])
def list_sources(request: HttpRequest) -> dict[str, object]:
    """Every source the knowledge base cites."""
    return bundled_knowledge().sources_document()


# Its own router, added last: a catch-all on the default router would shadow every router.
unknown_paths = Router()


@unknown_paths.api_operation(
    ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"],
    "/{path:rest}",
    include_in_schema=False,
)
def unknown_path(request: HttpRequest, rest: str) -> HttpResponse:
    """Any other path under /api/v1/: the JSON 404, never the site's HTML page."""
    problem = "no such API path; the paths are listed at /api/v1/openapi.json"
    error = {"loc": ["path"], "msg": problem, "type": "not_found", "nearest": []}
    return _errors(request, 404, error)


# The clinic records (C6) under /api/v1/clinic/, refusing in the same error format.
api.add_router("/clinic/", clinic_api.router)
api.add_router("/clinic/", patient_link_api.router)
clinic_api.answer_errors(api)
api.add_router("", unknown_paths)

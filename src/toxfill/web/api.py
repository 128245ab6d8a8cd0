"""The JSON API (/api/v1), documented by OpenAPI at /api/v1/docs. Thin: parse, call, return."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, NinjaAPI, Schema
from ninja.errors import ValidationError as NinjaValidationError
from ninja.responses import Status

from toxfill import __version__
from toxfill.compare import Comparison, compare
from toxfill.decide import Decision, decide
from toxfill.documents import IsoDate, explain
from toxfill.dosing import DoseTable, Mixing, dose_table, reconstitute
from toxfill.errors import InputError, UnknownIdError
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
    loc: list[str | int]
    msg: str
    type: str
    nearest: list[str] = Field(default_factory=list)


class ErrorResponse(Schema):
    detail: list[FieldError]


def _location(where: str, field: str) -> list[str | int]:
    """'recent_treatments[0].date' -> [where, 'recent_treatments', 0, 'date']."""
    parts: list[str | int] = [where]
    for name in field.replace("]", "").replace("[", ".").split("."):
        parts.append(int(name) if name.isdigit() else name)
    return parts


def _field_error(exc: InputError, where: str) -> dict[str, Any]:
    nearest = exc.nearest if isinstance(exc, UnknownIdError) else []
    kind = "unknown_id" if isinstance(exc, UnknownIdError) else "invalid"
    return {
        "loc": _location(where, exc.field),
        "msg": exc.problem,
        "type": kind,
        "nearest": nearest,
    }


@api.exception_handler(InputError)
def input_error(request: HttpRequest, exc: InputError) -> HttpResponse:
    where = "query" if request.method in ("GET", "HEAD") else "body"
    return api.create_response(request, {"detail": [_field_error(exc, where)]}, status=422)


API_HINTS = {
    **INTAKE_HINTS,
    **PLAN_HINTS,
    **REPORT_HINTS,
    "units": "must be a whole number of units, more than 0",
    "diluent_ml": "must be a number of millilitres, more than 0",
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
    return api.create_response(request, {"detail": detail}, status=422)


def _or_404(lookup: Callable[[], object]) -> object:
    """The looked-up document, or 404 naming the nearest valid IDs for an unknown one."""
    try:
        return lookup()
    except InputError as exc:
        return Status(404, {"detail": [_field_error(exc, "path")]})


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
    return _or_404(lambda: describe(bundled_knowledge(), option_id))


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


class DecideRequest(Intake):
    """An intake; `today` defaults to the server's date."""

    today: IsoDate | None = Field(  # type: ignore[assignment]
        default=None, description="The date of the decision (YYYY-MM-DD); default today."
    )


@api.post(
    "/decide",
    response={200: Decision, 422: ErrorResponse},
    by_alias=True,
    tags=["decision aid"],
)
def decide_for(request: HttpRequest, intake: DecideRequest) -> Decision:
    """The decision aid: a cited status for every option, per concern, best first."""
    kb = bundled_knowledge()
    fields = intake.model_dump(exclude={"today"})
    checked = check_ids(kb, Intake(**fields, today=intake.today or timezone.localdate()))
    return decide(kb, checked)


@api.post("/plan", response={200: CarePlan, 422: ErrorResponse}, by_alias=True, tags=["care plan"])
def plan_for(request: HttpRequest, body: PlanRequest) -> CarePlan:
    """A care plan: dated visits, visits and cost per year, expected effect over time."""
    kb = bundled_knowledge()
    return make_plan(kb, check_plan_request(kb, body))


@api.post("/plan/ics", response={422: ErrorResponse}, tags=["care plan"])
def plan_calendar(request: HttpRequest, body: PlanRequest) -> HttpResponse:
    """The same plan as an iCalendar file: one event per visit, with a reminder a week before."""
    kb = bundled_knowledge()
    content = plan_ics(make_plan(kb, check_plan_request(kb, body)), kb)
    return _download(content, "text/calendar; charset=utf-8", "toxfill-care-plan.ics")


@api.post("/plan/svg", response={422: ErrorResponse}, tags=["care plan"])
def plan_chart(request: HttpRequest, body: PlanRequest) -> HttpResponse:
    """The same plan's expected effect over time as an SVG chart."""
    kb = bundled_knowledge()
    content = plan_svg(make_plan(kb, check_plan_request(kb, body)), kb).encode()
    return _download(content, "image/svg+xml", "toxfill-care-plan.svg")


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class ReconstituteRequest(Schema):
    product: str = Field(description="A toxin product ID, e.g. botox.")
    units: int = Field(gt=0, description="Units in the vial.")
    diluent_ml: float = Field(gt=0, description="Millilitres of diluent added.")


@api.post(
    "/reconstitute",
    response={200: Mixing, 422: ErrorResponse},
    by_alias=True,
    tags=["dosing (providers)"],
)
def reconstitute_vial(request: HttpRequest, body: ReconstituteRequest) -> Mixing:
    """For providers: units per 0.1 mL after mixing, with the label's storage limit and the
    warning that units of different toxin products are not interchangeable."""
    return reconstitute(bundled_knowledge(), body.product, body.units, body.diluent_ml)


@api.post(
    "/triage", response={200: TriageResult, 422: ErrorResponse}, by_alias=True, tags=["triage"]
)
def triage_report(request: HttpRequest, body: Report) -> TriageResult:
    """After a treatment: the urgency of what a person feels, with advice and sources.
    One red-flag symptom sets the urgency whatever else is reported."""
    kb = bundled_knowledge()
    return triage(kb, check_report(kb, body))


@api.get(
    "/doses",
    response={200: DoseTable, 422: ErrorResponse},
    by_alias=True,
    tags=["dosing (providers)"],
)
def label_doses(request: HttpRequest, product: str | None = None) -> DoseTable:
    """For providers: label reference doses per use, with the units warning."""
    return dose_table(bundled_knowledge(), product)


@api.get(
    "/aftercare/{option_id}",
    response={200: AftercareGuide, 404: ErrorResponse},
    by_alias=True,
    tags=["triage"],
)
def aftercare_guide(request: HttpRequest, option_id: str) -> Any:
    """What is normal after a treatment, for how long, what to avoid, and when to get help."""
    return _or_404(lambda: aftercare_for(bundled_knowledge(), option_id))


@api.get("/sources", tags=["knowledge"])
def list_sources(request: HttpRequest) -> dict[str, object]:
    """Every source the knowledge base cites."""
    return bundled_knowledge().sources_document()


# The clinic records (C6) under /api/v1/clinic/, refusing in the same error format.
api.add_router("/clinic/", clinic_api.router)
clinic_api.answer_errors(api)

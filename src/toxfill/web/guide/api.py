"""The public side's JSON operations (/api/v1/options, compare, decide, plan, triage, dosing,
aftercare, sources), joined to the root API (toxfill.web.api). Thin: parse, call, return."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from toxfill.compare import Comparison
from toxfill.decide import Decision, decide
from toxfill.documents import Id, IsoDate, vocabulary
from toxfill.dosing import DoseTable, Mixing, MixingRequest, dose_table, reconstitute
from toxfill.errors import ID_MAX_LENGTH, InputError
from toxfill.intake import Intake, check_ids
from toxfill.knowledge import bundled_knowledge
from toxfill.plan import CarePlan, PlanRequest, check_plan_request, make_plan
from toxfill.profile import OptionProfile, describe
from toxfill.render.ics import MAX_REVISION, CalendarIdentity, plan_ics
from toxfill.render.svg import plan_svg
from toxfill.triage import (
    AftercareGuide,
    Report,
    TriageResult,
    aftercare_for,
    check_report,
    triage,
)
from toxfill.web.errors import BAD_BODY, BAD_INPUT, NOT_FOUND, field_error
from toxfill.web.guide.cache import comparison_json
from toxfill.web.language import page_knowledge, page_language
from toxfill.web.openapi import COMMA_SEPARATED, file_response

MAX_COMPARED = 16
OPTIONS_QUERY_LENGTH = MAX_COMPARED * (ID_MAX_LENGTH + 1)


router = Router()


class OptionEntry(Schema):
    option: str
    label: str
    kind: str
    summary: str


def _or_404(lookup: Callable[[], object]) -> object:
    """The looked-up document, or 404 naming the nearest valid IDs for an unknown one."""
    try:
        return lookup()
    except InputError as exc:
        return Status(404, {"detail": [field_error(exc, "path")]})


@router.get("/options", response=list[OptionEntry], tags=["knowledge"])
def list_options(request: HttpRequest) -> list[dict[str, str]]:
    """Every treatment option, including no treatment."""
    return [
        {"option": o.id, "label": o.label, "kind": o.kind, "summary": o.summary}
        for o in page_knowledge().options.values()
    ]


OptionId = Annotated[Id, Field(json_schema_extra=vocabulary("options"))]


@router.get(
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


@router.get(
    "/compare",
    response={200: Comparison, **BAD_INPUT},
    by_alias=True,
    tags=["comparison"],
)
def compare_options(request: HttpRequest, options: OptionList) -> HttpResponse:
    """Compare two or more options: `?options=botulinum-toxin,ha-filler`. Written in the
    language the request's Accept-Language prefers among English (en) and Spanish (es), English
    otherwise; the document's `language` and the Content-Language header name it. IDs, which
    values are the same, numbers and sources are the same in every language."""
    ids = [part.strip() for part in options.split(",") if part.strip()]
    # The same options always give the same document: it is serialized once per process.
    document = comparison_json(ids, page_language())
    return HttpResponse(document, content_type="application/json; charset=utf-8")


class DecideRequest(Intake):
    """An intake; `today` defaults to the server's date."""

    today: IsoDate | None = Field(  # type: ignore[assignment]
        default=None, description="The date of the decision (YYYY-MM-DD); default today."
    )


@router.post(
    "/decide",
    response={200: Decision, **BAD_BODY},
    by_alias=True,
    tags=["decision aid"],
)
def decide_for(request: HttpRequest, intake: DecideRequest) -> Decision:
    """The decision aid: a cited status for every option, per concern, best first. Written in
    the language the request's Accept-Language prefers among English (en) and Spanish (es),
    English otherwise; the document's `language` names it. The IDs, statuses, products, dates
    and sources are the same in every language."""
    kb = page_knowledge()
    fields = intake.model_dump(exclude={"today"})
    checked = check_ids(kb, Intake(**fields, today=intake.today or timezone.localdate()))
    return decide(kb, checked)


@router.post("/plan", response={200: CarePlan, **BAD_BODY}, by_alias=True, tags=["care plan"])
def plan_for(request: HttpRequest, body: PlanRequest) -> CarePlan:
    """A care plan: dated visits, visits and cost per year, expected effect over time. Written
    in the language the request's Accept-Language prefers among English (en) and Spanish (es),
    English otherwise; the document's `language` names it. The visits, dates, intervals, costs
    and sources are the same in every language."""
    return _plan(body)


def _plan(body: PlanRequest) -> CarePlan:
    """The plan for a request, checked against the knowledge base; it starts from today."""
    kb = page_knowledge()
    return make_plan(kb, check_plan_request(kb, body, timezone.localdate()))


@router.post(
    "/plan/ics",
    response=BAD_BODY,
    tags=["care plan"],
    openapi_extra=file_response("text/calendar", "The visits as an iCalendar file."),
)
def plan_calendar(
    request: HttpRequest,
    body: PlanRequest,
    plan_id: Annotated[
        uuid.UUID | None,
        Query(
            description="The plan's calendar ID from an earlier file: the new file updates "
            "those events instead of adding copies. Without it the events are new."
        ),
    ] = None,
    revision: Annotated[
        int,
        Query(ge=0, le=MAX_REVISION, description="With plan_id: one more than the last file's."),
    ] = 0,
) -> HttpResponse:
    """The same plan as an iCalendar file: one event per visit, with a reminder a week before.
    Each event's UID is the plan ID and the visit's number, its SEQUENCE the revision."""
    identity = CalendarIdentity(plan_id or uuid.uuid4(), revision)
    content = plan_ics(_plan(body), page_knowledge(), identity)
    return _download(content, "text/calendar; charset=utf-8", "toxfill-care-plan.ics")


@router.post(
    "/plan/svg",
    response=BAD_BODY,
    tags=["care plan"],
    openapi_extra=file_response("image/svg+xml", "The expected effect over time as an SVG chart."),
)
def plan_chart(request: HttpRequest, body: PlanRequest) -> HttpResponse:
    """The same plan's expected effect over time as an SVG chart."""
    svg = plan_svg(_plan(body), page_knowledge())
    return _download(svg.encode(), "image/svg+xml", "toxfill-care-plan.svg")


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@router.post(
    "/reconstitute",
    response={200: Mixing, **BAD_BODY},
    by_alias=True,
    tags=["dosing (providers)"],
)
def reconstitute_vial(request: HttpRequest, body: MixingRequest) -> Mixing:
    """For providers: units per 0.1 mL after mixing, with the label's storage limit and the
    warning that units of different toxin products are not interchangeable."""
    return reconstitute(bundled_knowledge(), body.product, body.units, body.diluent_ml)


@router.post("/triage", response={200: TriageResult, **BAD_BODY}, by_alias=True, tags=["triage"])
def triage_report(request: HttpRequest, body: Report) -> TriageResult:
    """After a treatment: the urgency of what a person feels, with advice and sources.
    One red-flag symptom sets the urgency whatever else is reported. Written in the language
    the request's Accept-Language prefers among English (en) and Spanish (es), English
    otherwise; the document's `language` and the Content-Language header name it. IDs,
    urgency and sources are the same in every language."""
    kb = page_knowledge()
    return triage(kb, check_report(kb, body))


ToxinId = Annotated[Id, Field(json_schema_extra=vocabulary("toxins"))]


@router.get(
    "/doses",
    response={200: DoseTable, **BAD_INPUT},
    by_alias=True,
    tags=["dosing (providers)"],
)
def label_doses(request: HttpRequest, product: ToxinId | None = None) -> DoseTable:
    """For providers: label reference doses per use, with the units warning."""
    return dose_table(bundled_knowledge(), product)


@router.get(
    "/aftercare/{option}",
    response={200: AftercareGuide, **NOT_FOUND},
    by_alias=True,
    tags=["triage"],
)
def aftercare_guide(
    request: HttpRequest,
    option: OptionId,
    also: Annotated[list[OptionId], Query(max_length=MAX_COMPARED)] = [],  # noqa: B006
) -> Any:
    """What is normal after a treatment, for how long, what to avoid, and when to get help;
    with `?also=ha-filler` (repeatable), one sheet for a visit, each sign at one urgency."""
    return _or_404(lambda: aftercare_for(page_knowledge(), [option, *also]))


@router.get("/sources", tags=["knowledge"])
def list_sources(request: HttpRequest) -> dict[str, object]:
    """Every source the knowledge base cites."""
    return bundled_knowledge().sources_document()

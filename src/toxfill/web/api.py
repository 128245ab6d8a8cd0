"""The JSON API (/api/v1), documented by OpenAPI at /api/v1/docs. Thin: parse, call, return.

Every error, whatever caused it, is one JSON shape (`ErrorResponse`) with the field at fault:
422 for bad input (unparseable JSON included), 413 for a body over the size limit, 404 for an
unknown document or path. IDs are documented as enums from the knowledge base.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.datastructures import MultiValueDict
from ninja import NinjaAPI, Router
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.docs import Swagger
from ninja.operation import Operation
from ninja.parser import Parser
from ninja.types import DictStrAny

from toxfill import __version__
from toxfill.documents import MAX_DOCUMENT_BYTES, explain, read_json
from toxfill.dosing import MIXING_HINTS
from toxfill.errors import InputError
from toxfill.intake import INTAKE_HINTS
from toxfill.knowledge import bundled_knowledge
from toxfill.plan import PLAN_HINTS
from toxfill.triage import REPORT_HINTS
from toxfill.web.clinic import api as clinic_api
from toxfill.web.error_answers import TOO_LARGE
from toxfill.web.errors import field_error, location
from toxfill.web.guide import api as guide_api
from toxfill.web.openapi import (
    declare_public_operations,
    document_body_limit,
    document_links,
    document_vocabularies,
    drop_unused_components,
)
from toxfill.web.patient_link import api as patient_link_api


class JsonDocuments(Parser):
    """Request bodies are read as toxfill reads every JSON document: bounded, strict."""

    def parse_body(self, request: HttpRequest) -> DictStrAny:
        document: DictStrAny = read_json(request.body, "body")
        return document

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> DictStrAny:
        """A parameter that takes one value, sent twice, is refused (422 naming it), as a JSON
        document's repeated key is: which one was meant cannot be known, and ninja kept the
        last, so `?product=a&product=b` was read as b alone."""
        for key, values in data.lists():
            if key not in list_fields and len(values) > 1:
                raise InputError(key, "is sent more than once: send it once, with one value")
        return super().parse_querydict(data, list_fields, request)


class ToxfillAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        """The public operations keep the IDs they were first published with, from when they
        lived in this module, so clients generated from the OpenAPI document keep working."""
        if operation.view_func.__module__ == guide_api.__name__:
            return f"toxfill_web_api_{operation.view_func.__name__}"
        return super().get_openapi_operation_id(operation)

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: DictStrAny | None = None
    ) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        clinic_api.document_idempotency_keys(schema)
        declare_public_operations(schema)
        document_body_limit(schema, MAX_DOCUMENT_BYTES // 1024)
        document_links(schema, "/api/v1/clinic/")
        drop_unused_components(schema)
        return document_vocabularies(schema, bundled_knowledge())


TAGS = {
    "knowledge": "The options, their profiles and the sources the knowledge base cites.",
    "comparison": "Options side by side, every statement cited.",
    "decision aid": "Which options suit a person's concerns, health and preferences, and why.",
    "care plan": "Dated visits, yearly visits and cost, and the expected effect over time; as "
    "JSON, an iCalendar file or an SVG chart.",
    "dosing (providers)": "Label reference doses and reconstitution, for providers.",
    "triage": "How urgent a symptom after a treatment is, and the aftercare for a visit.",
    "clinic: account": "Signing in and out, personal tokens, your clinics and invitations.",
    "clinic: members": "Who works at a clinic, in which role; invitations (managers).",
    "clinic: patients": "Patients and their consents; each view of a record is logged.",
    "clinic: sessions": "Treatment sessions and their injection points, checked against the "
    "rules as they are charted.",
    "clinic: lots": "Product lots received, counted and drawn from.",
    "clinic: follow-ups": "The follow-up visits due, booked, done or missed.",
    "clinic: calendar feeds": "Calendar subscription addresses for the follow-ups.",
    "clinic: adverse events": "Adverse events: recorded, triaged and graded.",
    "clinic: exports": "Files for other programs: CSV, a patient's FHIR R4 bundle, an adverse "
    "event's MedWatch report (FDA Form 3500, text or PDF); the same as the exports pages send, "
    "and logged the same way.",
    "clinic: audit": "The access log and the change history (auditors).",
    "clinic: signing keys": "The keys that sign the clinic's treatment passports, and the "
    "published key set (JWKS) that verifies them.",
    "clinic: patient links": "A patient's personal links, what they open, and the passport "
    "each link gives.",
}


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
    # Relative: the paths start with /api/v1, on whatever host serves this document.
    servers=[{"url": "/", "description": "the toxfill serving this document"}],
    openapi_extra={
        "info": {"license": {"name": "MIT", "identifier": "MIT"}},  # pyproject.toml's
        "tags": [{"name": name, "description": text} for name, text in TAGS.items()],
    },
    parser=JsonDocuments(),
    # No deep links: Swagger UI puts each one inside the operation's button (nested controls).
    docs=Swagger(settings={"layout": "BaseLayout", "deepLinking": False}),
)


def _errors(request: HttpRequest, status: int, *details: dict[str, Any]) -> HttpResponse:
    return api.create_response(request, {"detail": list(details)}, status=status)


@api.exception_handler(InputError)
def input_error(request: HttpRequest, exc: InputError) -> HttpResponse:
    where = "query" if request.method in ("GET", "HEAD") else "body"
    return _errors(request, 422, field_error(exc, where))


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
            {"loc": location(where, field), "msg": problem, "type": error["type"], "nearest": []}
        )
    return _errors(request, 422, *detail)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """A body that is not a JSON document toxfill reads is bad input: 422, naming the body."""
    if isinstance(exc.__cause__, InputError):
        return _errors(request, 422, field_error(exc.__cause__, "body", "json_invalid"))
    error = {"loc": [], "msg": str(exc), "type": "http", "nearest": []}
    return _errors(request, exc.status_code, error)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    """A record that is missing, or another clinic's: the same JSON 404, naming nothing."""
    error = {"loc": ["path"], "msg": str(exc) or "not found", "type": "not_found", "nearest": []}
    return _errors(request, 404, error)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    """Not allowed for this person's role: JSON, never Django's HTML 403 page."""
    msg = str(exc) or "your role may not do this"
    return _errors(request, 403, {"loc": [], "msg": msg, "type": "forbidden", "nearest": []})


@api.exception_handler(RequestDataTooBig)
def body_too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    error = {"loc": ["body"], "msg": TOO_LARGE, "type": "too_large", "nearest": []}
    return _errors(request, 413, error)


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


api.add_router("", guide_api.router)
api.add_router("", clinic_api.clinics)  # /api/v1/clinic: the clinics you work at
# The clinic records (C6) under /api/v1/clinic/, refusing in the same error format.
for clinic_router in (clinic_api.router, patient_link_api.router):
    clinic_api.honour_idempotency_keys(clinic_router)
api.add_router("/clinic/", clinic_api.router)
api.add_router("/clinic/", patient_link_api.router)
clinic_api.answer_errors(api)
api.add_router("", unknown_paths)

"""An error answered in the kind its route speaks: the API's error shape under /api/, an
OperationOutcome under /fhir/, a JSON object to a script that sent or asked for JSON, and a
page to a person. The handlers Django calls for a whole request (handler400, handler500)
answer here, outside any view that would know its own format."""

from __future__ import annotations

import json
from collections.abc import Mapping

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.views import defaults

from toxfill.documents import MAX_DOCUMENT_BYTES

JSON = "application/json"
TOO_LARGE = f"is larger than {MAX_DOCUMENT_BYTES // 1024} KB"


def answer(
    request: HttpRequest,
    status: int,
    *,
    kind: str,
    where: str,
    problem: str,
    fhir_code: str,
    page: str,
    context: Mapping[str, object] | None = None,
) -> HttpResponse:
    """`problem` said about `where` (a field, `body` or `server`), as `kind` in the API's
    error shape, as `fhir_code` in an OperationOutcome, or on the page `page`."""
    path = request.path_info
    if path.startswith("/fhir/"):
        issue = {"severity": "error", "code": fhir_code, "diagnostics": f"{where} {problem}"}
        outcome = {"resourceType": "OperationOutcome", "issue": [issue]}
        return HttpResponse(
            json.dumps(outcome), status=status, content_type="application/fhir+json"
        )
    if path.startswith("/api/"):
        error = {"loc": [where], "msg": problem, "type": kind, "nearest": []}
        return HttpResponse(json.dumps({"detail": [error]}), status=status, content_type=JSON)
    if _speaks_json(request):
        # the shape of the pages' own JSON answers (passkeys, health-link manifests)
        body = json.dumps({"error": f"the {where} {problem}"})
        return HttpResponse(body, status=status, content_type=JSON)
    return HttpResponse(loader.get_template(page).render(dict(context or {})), status=status)


def _speaks_json(request: HttpRequest) -> bool:
    sent = request.content_type or ""
    asked = request.headers.get("Accept", "")
    return sent == JSON or sent.endswith("+json") or (JSON in asked and "text/html" not in asked)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler400: a body over the limit is 413 in the route's own kind of answer (Django
    raises RequestDataTooBig wherever the body is first read, a view or the CSRF check, and
    would answer every route with its HTML 400 page); any other bad request is Django's."""
    if not isinstance(exception, RequestDataTooBig):
        return defaults.bad_request(request, exception)
    return answer(
        request,
        413,
        kind="too_large",
        where="body",
        problem=TOO_LARGE,
        fhir_code="too-long",
        page="413.html",
        context={"kilobytes": MAX_DOCUMENT_BYTES // 1024},
    )

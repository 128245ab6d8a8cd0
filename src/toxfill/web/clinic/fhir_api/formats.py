"""What every FHIR answer shares: its media type, JSON only, and OperationOutcome for refusals."""

from __future__ import annotations

import json
from collections.abc import Mapping
from html import escape
from typing import Any

from django.http import HttpRequest, HttpResponse

# The FHIR R4 JSON media type, with the version parameter R4 defines (http.html#version-parameter).
FHIR_JSON = "application/fhir+json; fhirVersion=4.0"
# What a client may ask for by Accept or _format: JSON, under its FHIR and plain names (and the
# DSTU2-era `application/json+fhir` some clients still send). `_format=json` is FHIR's short form.
JSON_MEDIA_TYPES = frozenset({"application/fhir+json", "application/json", "application/json+fhir"})
FORMATS = JSON_MEDIA_TYPES | {"json"}
ANY = frozenset({"*/*", "application/*"})


class FhirProblem(Exception):
    """A refusal as FHIR says it: an HTTP status, an OperationOutcome issue code
    (http://hl7.org/fhir/R4/valueset-issue-type.html) and what to do about it."""

    def __init__(
        self, status: int, code: str, diagnostics: str, headers: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(diagnostics)
        self.status = status
        self.code = code
        self.diagnostics = diagnostics
        self.headers = dict(headers or {})

    def response(self) -> HttpResponse:
        answer = fhir_response(operation_outcome(self.code, self.diagnostics), self.status)
        for name, value in self.headers.items():
            answer[name] = value
        return answer


def operation_outcome(code: str, diagnostics: str) -> dict[str, Any]:
    """One error issue, with the narrative a resource should carry (dom-6)."""
    return {
        "resourceType": "OperationOutcome",
        "text": {"status": "generated", "div": narrative(diagnostics)},
        "issue": [{"severity": "error", "code": code, "diagnostics": diagnostics}],
    }


def narrative(text: str) -> str:
    return f'<div xmlns="http://www.w3.org/1999/xhtml"><p>{escape(text)}</p></div>'


def fhir_response(document: Mapping[str, Any], status: int = 200) -> HttpResponse:
    body = json.dumps(document, ensure_ascii=False)
    return HttpResponse(body, content_type=FHIR_JSON, status=status)


def _media_type(value: str) -> str:
    # A `+` in a query string arrives as a space when the client did not escape it.
    return value.split(";", 1)[0].strip().lower().replace(" ", "+")


def _quality(parameters: list[str]) -> float:
    for parameter in parameters:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "q":
            try:
                return float(value)
            except ValueError:
                return 0.0
    return 1.0


def require_json(request: HttpRequest) -> None:
    """Refuse (406) a client that accepts no JSON. `_format` wins over Accept, as FHIR says
    (http.html#mime-type); no Accept at all, `*/*` or `application/*` is JSON."""
    asked = request.GET.get("_format")
    if asked is not None:
        if _media_type(asked) in FORMATS:
            return
        raise FhirProblem(
            406,
            "not-supported",
            f"_format={asked!r}: this server answers in JSON only; send _format=json, "
            "application/fhir+json or application/json",
        )
    accept = request.headers.get("Accept", "").strip()
    if not accept:
        return
    for offer in accept.split(","):
        media, *parameters = offer.split(";")
        kind = _media_type(media)
        if (kind in JSON_MEDIA_TYPES or kind in ANY) and _quality(parameters) > 0:
            return
    raise FhirProblem(
        406,
        "not-supported",
        f"Accept: {accept[:200]}: this server answers in JSON only; accept "
        "application/fhir+json or application/json",
    )

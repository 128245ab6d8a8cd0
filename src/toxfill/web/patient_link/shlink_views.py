"""The addresses a SMART Health Link's receiver calls: its manifest (POST JSON) and a file's
short-lived location (GET). An API for other programs: no session, no CSRF token (a receiver
has none), open to any origin, never cached; each answers with JSON, or the file's JWE."""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from toxfill.passport.shlink import Reply
from toxfill.web.client_address import client_address
from toxfill.web.error_answers import TOO_LARGE
from toxfill.web.patient_link import shlinks


@csrf_exempt
def manifest(request: HttpRequest, clinic: str, manifest_id: str) -> HttpResponse:
    if request.method == "OPTIONS":  # a browser's preflight before a cross-origin JSON POST
        response = _open(HttpResponse(status=204))
        response["Access-Control-Allow-Methods"] = "POST, OPTIONS"
        response["Access-Control-Allow-Headers"] = "Content-Type"
        response["Access-Control-Max-Age"] = "600"
        return response
    if request.method != "POST":
        response = _send(
            shlinks.json_reply(405, {"error": 'POST a JSON object: {"recipient": "who asks"}'})
        )
        response["Allow"] = "POST, OPTIONS"
        return response
    try:
        body = request.body
    except RequestDataTooBig:  # answered here, not by handler400: a receiver needs the CORS
        return _send(shlinks.json_reply(413, {"error": f"the body {TOO_LARGE}"}))
    reply = shlinks.answer_manifest(
        clinic, manifest_id, body, request.build_absolute_uri("/"), client_address(request)
    )
    return _send(reply)


@require_GET
def file(request: HttpRequest, ticket: str) -> HttpResponse:
    return _send(shlinks.answer_file(ticket, client_address(request)))


def _send(reply: Reply) -> HttpResponse:
    response = _open(HttpResponse(reply.body, status=reply.status, content_type=reply.content_type))
    if reply.status == 429:
        response["Retry-After"] = "60"
    # Not logged by Django's request logger: the address carries the manifest ID, a secret.
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


def _open(response: HttpResponse) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response

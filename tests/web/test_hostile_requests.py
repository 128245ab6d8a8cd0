"""Hostile requests get the documented JSON error, never a 500, an HTML page or a traceback; every
answer that may carry a person's answers is never cached; every page has a content security
policy and a permissions policy."""

from __future__ import annotations

import io
import json
import logging
from typing import Any

import pytest
from django.test import Client
from tests.dates import next_december_first
from tests.web.own_loop import run_in_own_loop

from toxfill.documents import MAX_DOCUMENT_BYTES
from toxfill.web.asgi import BodySizeGuard

START = next_december_first().isoformat()  # the planner takes starts within 5 years of today
PLAN = {
    "start": START,
    "horizon_months": 12,
    "treatments": [{"option": "botulinum-toxin", "concern": "glabellar-lines"}],
}
REPORT = {"treatment": "ha-filler", "days_since": 1, "symptoms": ["bruising"]}
MIXING = {"product": "botox", "units": 100, "diluent_ml": 2.5}

# The clinic's middleware (sign-in throttling) may look at the database on any request.
pytestmark = pytest.mark.django_db


def post(client: Client, path: str, body: str | bytes) -> Any:
    return client.post(path, body, content_type="application/json")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        pytest.param("{", "is not valid JSON", id="unparseable"),
        pytest.param('{"treatment": "ha-filler", "treatment": "x"}', "repeats the key", id="dup"),
        pytest.param("[" * 5000 + "]" * 5000, "nested more than", id="deep_nesting"),
        pytest.param('{"days_since": ' + "9" * 5000 + "}", "5000 digits", id="huge_int"),
        pytest.param(b'{"treatment": "\xff"}', "not UTF-8", id="not_utf8"),
        pytest.param('{"treatment": "ha-filler\\u0000"}', "NUL character", id="nul"),
    ],
)
def test_a_body_that_is_not_a_document_is_422_naming_the_body(
    client: Client, body: str | bytes, message: str
) -> None:
    response = post(client, "/api/v1/triage", body)

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["body"]
    assert message in error["msg"]


@pytest.mark.parametrize(
    ("change", "loc", "message"),
    [
        pytest.param({"days_since": 1e999}, ["body", "days_since"], "", id="infinity"),
        pytest.param({"days_since": True}, ["body", "days_since"], "whole number", id="true"),
        pytest.param({"days_since": "1"}, ["body", "days_since"], "whole number", id="text"),
        pytest.param({"treatment": "x" * 100}, ["body", "treatment"], "at most 64", id="long_id"),
        pytest.param({"treatment": "HA_FILLER"}, ["body", "treatment"], "lowercase", id="shape"),
        pytest.param(
            {"symptoms": ["bruising"] * 65}, ["body", "symptoms"], "at most 64", id="long_list"
        ),
    ],
)
def test_a_hostile_field_is_422_naming_it(
    client: Client, change: dict[str, object], loc: list[object], message: str
) -> None:
    response = post(client, "/api/v1/triage", json.dumps({**REPORT, **change}))

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == loc
    assert message in error["msg"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        pytest.param({"units": True}, "units", id="true"),
        pytest.param({"units": "100"}, "units", id="text_units"),
        pytest.param({"diluent_ml": "1"}, "diluent_ml", id="text_millilitres"),
        pytest.param({"extra": 1}, "extra", id="extra_field"),
    ],
)
def test_reconstitute_is_strict(client: Client, change: dict[str, object], field: str) -> None:
    response = post(client, "/api/v1/reconstitute", json.dumps({**MIXING, **change}))

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", field]


@pytest.mark.parametrize(
    ("start", "message"),
    [
        pytest.param("9999-12-31", "from 1900-01-01 to 2199-12-31", id="year_9999"),
        pytest.param("2026-12-01T00:00:00", "real date", id="datetime"),
        pytest.param("2100-01-01", "within 5 years of today", id="far_future"),
    ],
)
def test_a_plan_start_out_of_the_window_is_422(client: Client, start: str, message: str) -> None:
    response = post(client, "/api/v1/plan", json.dumps({**PLAN, "start": start}))

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", "start"]
    assert message in error["msg"]


def test_a_body_over_the_limit_is_413_in_the_error_format(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    body = json.dumps({**REPORT, "treatment": "x" * 2_400_000})

    response = post(client, "/api/v1/triage", body)

    assert response.status_code == 413
    assert response.json()["detail"][0]["loc"] == ["body"]
    assert "Traceback" not in caplog.text


def test_an_unknown_api_path_is_a_json_404(client: Client) -> None:
    response = client.get("/api/v1/no-such-thing")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"][0]["type"] == "not_found"


def test_a_bad_host_header_is_logged_as_one_line(client: Client) -> None:
    handlers = logging.getLogger("django.security").handlers
    handler = next(h for h in handlers if isinstance(h, logging.StreamHandler) and h.filters)
    logged = io.StringIO()
    previous = handler.setStream(logged)  # type: ignore[attr-defined]
    try:
        response = client.get("/api/v1/options", HTTP_HOST="evil.example")
    finally:
        handler.setStream(previous)  # type: ignore[attr-defined]

    assert response.status_code == 400
    assert "evil.example" in logged.getvalue()
    assert "Traceback" not in logged.getvalue()
    assert logged.getvalue().count("\n") == 1


def test_the_size_guard_refuses_a_large_api_body_before_reading_it() -> None:
    answered: list[dict[str, Any]] = []
    reached = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        reached.append(scope)

    async def receive() -> dict[str, Any]:
        raise AssertionError("the body must not be read")

    async def send(message: dict[str, Any]) -> None:
        answered.append(message)

    scope = {
        "type": "http",
        "path": "/api/v1/decide",
        "headers": [(b"content-length", str(MAX_DOCUMENT_BYTES + 1).encode())],
    }
    run_in_own_loop(lambda: BodySizeGuard(app)(scope, receive, send))

    assert not reached
    assert answered[0]["status"] == 413
    assert json.loads(answered[1]["body"])["detail"][0]["type"] == "too_large"


def test_the_size_guards_refusal_has_the_privacy_headers_every_answer_has() -> None:
    answered: list[dict[str, Any]] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        raise AssertionError("the guard answers alone")

    async def send(message: dict[str, Any]) -> None:
        answered.append(message)

    scope = {"type": "http", "path": "/clinic/", "headers": [(b"content-length", b"99999999")]}
    run_in_own_loop(lambda: BodySizeGuard(app)(scope, app, send))

    headers = dict(answered[0]["headers"])
    assert headers[b"cache-control"] == b"no-store"
    assert b"camera=()" in headers[b"permissions-policy"]
    assert b"script-src 'self'" in headers[b"content-security-policy"]


# --- privacy headers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        pytest.param("post", "/api/v1/triage", REPORT, id="api_triage"),
        pytest.param("post", "/api/v1/plan", PLAN, id="api_plan"),
        pytest.param("post", "/api/v1/plan/ics", PLAN, id="api_ics"),
        pytest.param("post", "/api/v1/plan/svg", PLAN, id="api_svg"),
        pytest.param("post", "/api/v1/decide", {"age": 40, "concerns": ["crows-feet"]}, id="api"),
        pytest.param("get", "/after-treatment/result?treatments=ha-filler&days_since=1", None),
        pytest.param("get", "/decide/result?age=42&concerns=crows-feet", None, id="decide"),
        pytest.param("get", "/decide/summary.pdf?age=42&concerns=crows-feet", None, id="pdf"),
        pytest.param("get", f"/plan/result?start={START}&horizon_months=12", None, id="plan"),
        pytest.param(
            "get", f"/plan/calendar.ics?start={START}&horizon_months=12", None, id="calendar"
        ),
    ],
)
def test_answers_are_never_stored_by_a_cache(
    client: Client, method: str, path: str, body: dict[str, Any] | None
) -> None:
    if method == "post":
        response = client.post(path, body, content_type="application/json")
    else:
        response = client.get(path)

    assert response.status_code < 500
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize("path", ["/", "/compare", "/api/v1/docs", "/api/v1/options", "/nope"])
def test_every_page_has_a_strict_content_security_and_permissions_policy(
    client: Client, path: str
) -> None:
    response = client.get(path)

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "camera=()" in response["Permissions-Policy"]


def test_the_api_docs_are_served_from_the_site_with_a_language_and_viewport(
    client: Client,
) -> None:
    page = client.get("/api/v1/docs").content.decode()

    assert '<html lang="en">' in page
    assert 'name="viewport"' in page
    assert "cdn" not in page.lower()
    bundle = client.get("/static/ninja/swagger-ui-bundle.js")
    bundle.close()
    assert bundle.status_code == 200


def test_the_openapi_document_lists_ids_as_enums_and_every_status(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    report = schema["components"]["schemas"]["Report"]["properties"]

    assert "vision-loss" in report["symptoms"]["items"]["enum"]
    assert (
        "ha-filler" in paths["/api/v1/options/{option}"]["get"]["parameters"][0]["schema"]["enum"]
    )
    assert {"200", "413", "422"} <= set(paths["/api/v1/triage"]["post"]["responses"])
    assert "text/calendar" in paths["/api/v1/plan/ics"]["post"]["responses"]["200"]["content"]
    assert "image/svg+xml" in paths["/api/v1/plan/svg"]["post"]["responses"]["200"]["content"]
    assert {"200", "404", "422"} <= set(paths["/api/v1/aftercare/{option}"]["get"]["responses"])

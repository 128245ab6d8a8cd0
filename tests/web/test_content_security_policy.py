"""The Content-Security-Policy middleware: the site's policy, built once, on every response; a
view's own policy (django-csp's decorators, a nonce) still built for it."""

from __future__ import annotations

import pytest
from csp.constants import HEADER, HEADER_REPORT_ONLY, NONCE
from csp.exceptions import CSPNonceError
from csp.utils import build_policy
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory, override_settings

from toxfill.web.headers import ContentSecurityPolicy


def answer(response: HttpResponse, request: HttpRequest | None = None) -> HttpResponse:
    request = request or RequestFactory().get("/compare")
    middleware = ContentSecurityPolicy(lambda request: response)
    answered = middleware(request)
    assert isinstance(answered, HttpResponse)
    return answered


def test_a_response_gets_the_policy_django_csp_builds_from_settings() -> None:
    response = answer(HttpResponse("page"))

    assert response[HEADER] == build_policy()
    assert "frame-ancestors 'none'" in response[HEADER]
    assert HEADER_REPORT_ONLY not in response


def test_a_header_the_view_set_is_kept() -> None:
    own = HttpResponse("page")
    own[HEADER] = "default-src 'none'"

    assert answer(own)[HEADER] == "default-src 'none'"


def test_a_views_own_update_is_built_for_it_and_not_kept_for_the_next() -> None:
    own = HttpResponse("map")
    own._csp_update = {"img-src": ["https://tiles.example"]}  # type: ignore[attr-defined]

    assert "https://tiles.example" in answer(own)[HEADER]
    assert "https://tiles.example" not in answer(HttpResponse("page"))[HEADER]


def test_an_exempt_response_gets_no_policy() -> None:
    exempt = HttpResponse("file")
    exempt._csp_exempt = True  # type: ignore[attr-defined]

    assert HEADER not in answer(exempt)


def test_a_nonce_asked_for_during_the_request_is_in_the_policy() -> None:
    request = RequestFactory().get("/")
    response = HttpResponse("page")

    def view(request: HttpRequest) -> HttpResponse:
        str(request.csp_nonce)  # type: ignore[attr-defined]
        return response

    middleware = ContentSecurityPolicy(view)
    with override_settings(
        CONTENT_SECURITY_POLICY={"DIRECTIVES": {"script-src": ["'self'", NONCE]}}
    ):
        middleware(request)

    assert f"'nonce-{request._csp_nonce}'" in response[HEADER]  # type: ignore[attr-defined]


def test_a_nonce_asked_for_after_the_header_is_written_is_refused() -> None:
    request = RequestFactory().get("/")
    answer(HttpResponse("page"), request)

    with pytest.raises(CSPNonceError):
        str(request.csp_nonce)  # type: ignore[attr-defined]


def test_changed_settings_are_read_again() -> None:
    policy = {"DIRECTIVES": {"default-src": ["'self'"], "img-src": ["'self'", "https://cdn"]}}
    with override_settings(CONTENT_SECURITY_POLICY_REPORT_ONLY=policy):
        response = answer(HttpResponse("page"))

        assert response[HEADER_REPORT_ONLY] == build_policy(report_only=True)
        assert "https://cdn" in response[HEADER_REPORT_ONLY]
    assert HEADER_REPORT_ONLY not in answer(HttpResponse("page"))


def test_excluded_prefixes_get_no_policy() -> None:
    policy = {"EXCLUDE_URL_PREFIXES": ["/api/"], "DIRECTIVES": {"default-src": ["'self'"]}}
    with override_settings(CONTENT_SECURITY_POLICY=policy):
        assert HEADER not in answer(HttpResponse("{}"), RequestFactory().get("/api/v1/options"))
        assert answer(HttpResponse("page"))[HEADER] == "default-src 'self'"

"""A request body over the limit (64 KB) is refused with 413 in the kind of answer its route
speaks, wherever Django first reads it: a page's form (in the view, or in the CSRF check
before it), a page's script sending JSON, a FHIR client. It was Django's HTML 400 page for
every route outside the API."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.core.exceptions import DisallowedHost, RequestDataTooBig
from django.test import Client, RequestFactory
from tests.web.clinic.fhir_client import assert_meets_the_fhir_schema
from tests.web.clinic.people import https_client

from toxfill.documents import MAX_DOCUMENT_BYTES
from toxfill.web.clinic.models import Membership
from toxfill.web.error_answers import bad_request

OVER = "x" * (MAX_DOCUMENT_BYTES + 1)


def test_a_form_over_the_limit_gets_a_413_page_that_says_so() -> None:
    for checked in (False, True):  # read by the view, or first by the CSRF check
        response = https_client(enforce_csrf_checks=checked).post(
            "/clinic/sign-in/", {"username": "mia", "password": OVER}
        )

        assert response.status_code == 413, checked
        page = response.content.decode()
        assert "What you sent is too big" in page
        assert "at most 64 KB" in page
        assert "Nothing was saved" in page


def test_json_over_the_limit_from_a_pages_script_gets_json(
    provider: Membership, client_for: Callable[[Membership], Client]
) -> None:
    response = client_for(provider).post(
        "/clinic/two-factor/passkeys/add",
        json.dumps({"name": OVER, "credential": {}}),
        content_type="application/json",
    )

    assert response.status_code == 413
    assert response.json() == {"error": "the body is larger than 64 KB"}


def test_a_fhir_client_gets_an_operation_outcome() -> None:
    request = RequestFactory().post("/fhir/r4/clinic/x/Patient", OVER, "application/fhir+json")

    response = bad_request(request, RequestDataTooBig("too big"))

    assert response.status_code == 413
    outcome = json.loads(response.content)
    (issue,) = outcome["issue"]
    assert (issue["code"], issue["diagnostics"]) == ("too-long", "body is larger than 64 KB")
    assert_meets_the_fhir_schema(outcome)  # the receiver's own standard


def test_any_other_bad_request_is_still_a_400() -> None:
    request = RequestFactory().get("/")

    assert bad_request(request, DisallowedHost("evil.example")).status_code == 400

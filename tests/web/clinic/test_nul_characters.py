"""A NUL character (which PostgreSQL cannot store or compare) anywhere a request carries text is
a 400 (a 422 in the API) naming where it was, on SQLite and PostgreSQL alike: never a 500 from
the database."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from toxfill.web.clinic.models import Membership

NUL = "\x00"


@pytest.mark.parametrize(
    ("path", "query", "where"),
    [
        pytest.param("patients/", {"q": f"ann{NUL}"}, "q", id="patient_search"),
        pytest.param("follow-ups/", {"status": NUL}, "status", id="followups_filter"),
        pytest.param("reports/", {"year": f"2026{NUL}"}, "year", id="reports_year"),
        pytest.param("events/", {f"x{NUL}": "1"}, "name of the query parameter", id="param_name"),
    ],
)
def test_it_refuses_a_nul_in_a_query_parameter_naming_it(
    client_for: Callable[[Membership], Client],
    manager: Membership,
    path: str,
    query: dict[str, str],
    where: str,
) -> None:
    browser = client_for(manager)

    response = browser.get(f"/clinic/{manager.clinic.public_id}/{path}", query, secure=True)

    assert response.status_code == 400
    assert where in response.content.decode()


@pytest.mark.django_db
def test_it_refuses_a_nul_in_the_session_cookie() -> None:
    browser = Client()
    browser.cookies["sessionid"] = f"abcdefgh{NUL}ijkl"

    response = browser.get("/clinic/", secure=True)

    assert response.status_code == 400
    assert "sessionid" in response.content.decode()


@pytest.mark.django_db
def test_it_refuses_a_nul_in_a_signed_out_form_field_naming_it() -> None:
    browser = Client(enforce_csrf_checks=False)

    response = browser.post("/clinic/sign-in/", {"username": f"al{NUL}ice", "password": "x"})

    assert response.status_code == 400
    assert "username" in response.content.decode()


@pytest.mark.django_db
def test_it_refuses_a_nul_in_the_api_query_in_the_apis_error_shape(
    client_for: Callable[[Membership], Client], manager: Membership
) -> None:
    browser = client_for(manager)

    response = browser.get(
        f"/api/v1/clinic/{manager.clinic.public_id}/patients", {"q": NUL}, secure=True
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "q"]


@pytest.mark.django_db
def test_a_form_sent_to_the_api_is_refused_not_a_500(
    client_for: Callable[[Membership], Client], manager: Membership
) -> None:
    """Parsing a form here spent the body before the API's Idempotency-Key digest read it: a
    500 (found by the clinic API's fuzz test). The API reads JSON: a form is a 422."""
    browser = client_for(manager)

    response = browser.post(
        f"/api/v1/clinic/{manager.clinic.public_id}/lots",
        {"product": "botox"},  # multipart, as a browser's form sends it
        HTTP_IDEMPOTENCY_KEY="retry-1",
        secure=True,
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][0] == "body"


@pytest.mark.django_db
def test_a_page_form_that_cannot_be_read_is_refused_naming_it() -> None:
    browser = Client()

    page = browser.post("/clinic/sign-in/", content_type="multipart/form-data", secure=True)

    assert page.status_code == 400
    assert "The form cannot be read" in page.content.decode()

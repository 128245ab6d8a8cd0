"""A database too busy to answer (no pooled connection free, PostgreSQL out of connections,
SQLite's writer lock held) is a 503 with Retry-After, in the API's error shape or as a page,
never a 500; any other failure is still the 500 page."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client
from tests.web.clinic.fhir_client import assert_meets_the_fhir_schema

from toxfill.web.overload import database_busy


class PoolTimeout(Exception):
    """Stands in for psycopg_pool.PoolTimeout (matched by name, as the pool may be absent)."""


def pool_timeout() -> BaseException:
    try:
        raise PoolTimeout("couldn't get a connection after 20.00 sec")
    except PoolTimeout as cause:
        try:
            raise OperationalError(str(cause)) from cause
        except OperationalError as wrapped:
            return wrapped


FAILURES: dict[str, Callable[[], BaseException]] = {
    "pool_timeout": pool_timeout,
    "too_many_clients": lambda: OperationalError("FATAL: sorry, too many clients already"),
    "sqlite_locked": lambda: OperationalError(str(sqlite3.OperationalError("database is locked"))),
}


@pytest.fixture
def failing_database(monkeypatch: pytest.MonkeyPatch) -> Callable[[BaseException], None]:
    def fail_with(exc: BaseException) -> None:
        def refuse(self: Any) -> None:
            raise exc

        monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", refuse)

    return fail_with


@pytest.mark.parametrize("failure", FAILURES)
def test_it_answers_the_api_503_with_retry_after_when_the_database_is_busy(
    failing_database: Callable[[BaseException], None], failure: str
) -> None:
    failing_database(FAILURES[failure]())
    browser = Client(raise_request_exception=False)
    browser.cookies["sessionid"] = "a" * 32  # signed in: the session is read from the database

    response = browser.get(
        "/api/v1/clinic/3f1e8a52-3a5b-4a57-9e1c-0c1f1d1e2f3a/patients", secure=True
    )

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json()["detail"][0]["type"] == "busy"


def test_it_answers_a_page_503_in_words_when_the_database_is_busy(
    failing_database: Callable[[BaseException], None],
) -> None:
    failing_database(pool_timeout())
    browser = Client(raise_request_exception=False)

    response = browser.get("/p/some-link-token-that-needs-the-database", secure=True)

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    page = response.content.decode()
    assert "try again in 5 seconds" in page
    assert 'href="tel:911"' in page


def test_any_other_failure_is_still_a_500(
    failing_database: Callable[[BaseException], None],
) -> None:
    failing_database(OperationalError("relation does not exist"))
    browser = Client(raise_request_exception=False)

    response = browser.get("/p/some-link-token-that-needs-the-database", secure=True)

    assert response.status_code == 500
    assert "Retry-After" not in response


@pytest.mark.parametrize(
    ("exc", "busy"),
    [
        pytest.param(RuntimeError("boom"), False, id="other"),
        pytest.param(OperationalError("database is locked"), True, id="sqlite"),
        pytest.param(pool_timeout(), True, id="pool"),
    ],
)
def test_it_tells_a_busy_database_from_other_failures(exc: BaseException, busy: bool) -> None:
    assert database_busy(exc) is busy


def test_it_answers_a_fhir_client_503_with_an_operation_outcome(
    failing_database: Callable[[BaseException], None],
) -> None:
    failing_database(pool_timeout())
    browser = Client(raise_request_exception=False)

    response = browser.get(
        "/fhir/r4/clinic/3f1e8a52-3a5b-4a57-9e1c-0c1f1d1e2f3a/Patient/x",
        HTTP_AUTHORIZATION="Bearer tfx_" + "a" * 40,
        secure=True,
    )

    assert response.status_code == 503
    assert response.json()["issue"][0]["code"] == "transient"
    assert_meets_the_fhir_schema(response.json())  # the receiver's own standard

"""A server too busy to reach its database says so: 503 with Retry-After, not a 500.

Under more load than its connections serve, a request waits `POOL_TIMEOUT` for one of its
worker's pooled PostgreSQL connections (psycopg_pool.PoolTimeout), PostgreSQL refuses a
connection over its `max_connections`, or SQLite's one writer holds the lock past its wait.
None of these is a fault in toxfill or in the request: the same request a moment later
succeeds. Clients, proxies and load balancers retry a 503 after Retry-After and count it as
overload, where a 500 reads as a bug. Django calls `server_error` (handler500) inside the
`except` block of the failed request, so the exception is `sys.exc_info()`'s."""

from __future__ import annotations

import sys

from django.http import HttpRequest, HttpResponse
from django.views import defaults

from toxfill.web.error_answers import answer

RETRY_AFTER_SECONDS = 5
_BUSY_MESSAGES = (
    "too many clients already",  # PostgreSQL's max_connections
    "remaining connection slots are reserved",
    "database is locked",  # SQLite's writer lock outlasted the wait
)


def database_busy(exc: BaseException | None) -> bool:
    """Whether the exception, or one it was raised from, says the database is busy."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if type(exc).__name__ == "PoolTimeout":  # psycopg_pool's, without importing it
            return True
        if any(message in str(exc) for message in _BUSY_MESSAGES):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a 503 with Retry-After when the database was busy, Django's 500 page else."""
    if not database_busy(sys.exc_info()[1]):
        return defaults.server_error(request)
    response = answer(
        request,
        503,
        kind="busy",
        where="server",
        problem=f"is busy: try again in {RETRY_AFTER_SECONDS} seconds",
        fhir_code="transient",
        page="503.html",
        context={"seconds": RETRY_AFTER_SECONDS},
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response

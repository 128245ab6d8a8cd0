"""Reads from a streaming replica, everything else from the primary (TOXFILL_REPLICA_URL).

Django's database router decides, query by query: the "replica" database serves the reads of
a request that only reads (GET, HEAD, OPTIONS) by someone who has not just written. Everything
else reads the primary: writes, anything inside a transaction (an `atomic` block sees its own
writes), a request that writes (from its first write on), a member's requests for
READ_YOUR_WRITES_SECONDS after they wrote, and every read outside a request (commands, the
reminder worker). So are the tables whose answer must be the same on every node at once,
whatever the replica's lag: sessions, the sign-in lockout's failures, the rate-limit cache
table, and the credentials a revocation must stop at once (API tokens, calendar feeds, patient
links).

Read-your-writes works across nodes: the mark that a member wrote is kept in the shared cache
(Redis with TOXFILL_REDIS_URL) under a digest of their session cookie or token, not in a
process, so a nurse who saves a session sees it on the next page whichever node serves it.

Each process asks the replica how far behind it is (pg_last_xact_replay_timestamp, at most
every CHECK_EVERY_SECONDS) and reads the primary while the replica is further behind than
REPLICA_MAX_LAG_SECONDS or does not answer. A replica that still answers but has lost its
primary (no WAL arriving) reports no lag: monitor replication itself as well
(pg_stat_replication on the primary).
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import MiddlewareNotUsed
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, HttpResponseBase

PRIMARY = DEFAULT_DB_ALIAS
REPLICA = "replica"
ROUTER = "toxfill.web.db_router.PrimaryReplicaRouter"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# Always read from the primary: apps by label, models by app_label.model_name.
PRIMARY_APPS = frozenset({"sessions", "axes", "django_cache"})
PRIMARY_MODELS = frozenset({"clinic.apitoken", "clinic.calendarfeed", "patient_link.patientlink"})
# Writes that do not make their writer read the primary: each read of a patient's record is
# logged (one row a page, moving the end of its clinic's audit chain), and nobody reads that
# log back on their next page.
NOT_READ_BACK = frozenset(
    {"clinic.patientaccess", "clinic.auditchainhead", "patient_link.linkaccess"}
)

CHECK_EVERY_SECONDS = 2.0
# Seconds since the last transaction the replica applied, or 0 when it has applied all it
# received (an idle primary sends nothing, which is not lag); NULL on a server not replicating.
LAG = """
    SELECT CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
                ELSE extract(epoch FROM now() - pg_last_xact_replay_timestamp()) END
"""


@dataclass
class RequestReads:
    """What the router knows of the request it serves."""

    replica: bool  # this request may read the replica
    wrote: bool = False  # it has written something its member may read back


_request: contextvars.ContextVar[RequestReads | None] = contextvars.ContextVar(
    "toxfill_request_reads", default=None
)


@contextlib.contextmanager
def request_reads(replica: bool) -> Iterator[RequestReads]:
    """Route the reads of the code inside as one request's (the replica if `replica`)."""
    reads = RequestReads(replica)
    token = _request.set(reads)
    try:
        yield reads
    finally:
        _request.reset(token)


def _label(model: Any) -> tuple[str, str]:
    meta = model._meta  # the database cache's entry has an app label and a model name only
    return meta.app_label, f"{meta.app_label}.{meta.model_name}"


def _primary_only(model: Any) -> bool:
    app, label = _label(model)
    return app in PRIMARY_APPS or label in PRIMARY_MODELS


class PrimaryReplicaRouter:
    """Django's router for the primary ("default") and its streaming replica ("replica")."""

    def db_for_read(self, model: Any, **hints: Any) -> str:
        reads = _request.get()
        if (
            reads is None
            or not reads.replica
            or reads.wrote
            or _primary_only(model)
            or connections[PRIMARY].in_atomic_block
            or not replica_usable()
        ):
            return PRIMARY
        return REPLICA

    def db_for_write(self, model: Any, **hints: Any) -> str:
        reads = _request.get()
        if reads is not None and not _primary_only(model) and _label(model)[1] not in NOT_READ_BACK:
            reads.wrote = True
        return PRIMARY

    def allow_relation(self, first: Any, second: Any, **hints: Any) -> bool | None:
        """A row read from the replica is the primary's row: it may be linked to one written."""
        both = {first._state.db, second._state.db}
        return True if both <= {PRIMARY, REPLICA} else None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == PRIMARY  # the replica copies the primary's schema with its data


@dataclass
class _Health:
    usable: bool = True
    checked_at: float = float("-inf")


_health = _Health()
_checking = threading.Lock()


def replica_usable() -> bool:
    """Whether the replica answers and is at most REPLICA_MAX_LAG_SECONDS behind, as last
    checked by this process; one thread checks again when the answer is older than
    CHECK_EVERY_SECONDS, the others go on with the last answer meanwhile."""
    if time.monotonic() - _health.checked_at < CHECK_EVERY_SECONDS:
        return _health.usable
    if not _checking.acquire(blocking=False):
        return _health.usable
    try:
        lag = replica_lag()
        _health.usable = lag is not None and lag <= settings.REPLICA_MAX_LAG_SECONDS
        _health.checked_at = time.monotonic()
        return _health.usable
    finally:
        _checking.release()


def replica_lag() -> float | None:
    """Seconds the replica is behind the primary, 0 for a database that does not replicate
    (the test mirror), None when it does not answer within a second. Asked on a connection
    of its own, not one of the pool's, which would wait for the pool's timeout instead."""
    connection = connections[REPLICA]
    if connection.vendor != "postgresql":
        return 0.0
    import psycopg

    params = connection.get_connection_params()
    params.update(connect_timeout=1, autocommit=True, options="-c statement_timeout=1000")
    try:
        with psycopg.connect(**params) as probe:
            row = probe.execute(LAG).fetchone()
    except psycopg.Error:
        return None
    return float(row[0]) if row is not None and row[0] is not None else 0.0


def _caller(request: HttpRequest, response: HttpResponseBase | None = None) -> str | None:
    """Who is asking, as a digest of the credential they send: their token, or their session
    cookie (the one this response sets, after a sign-in)."""
    credential = request.META.get("HTTP_AUTHORIZATION")
    if not credential:
        name = settings.SESSION_COOKIE_NAME
        set_now = response.cookies.get(name) if response is not None else None
        credential = set_now.value if set_now is not None else request.COOKIES.get(name)
    if not credential:
        return None
    return "read-your-writes:" + hashlib.sha256(credential.encode()).hexdigest()[:32]


class ReadYourWrites:
    """Marks the requests that may read the replica, and, after a member writes (a write
    request that succeeded, or any write the router saw), sends their reads to the primary
    for READ_YOUR_WRITES_SECONDS, on every node. Not used without the router."""

    sync_capable = True
    async_capable = False  # a sync middleware: the whole chain runs in one thread (asgi.py)

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        if ROUTER not in settings.DATABASE_ROUTERS:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        safe = request.method in SAFE_METHODS
        mark = _caller(request)
        replica = safe and not (mark is not None and cache.get(mark))
        with request_reads(replica) as reads:
            response = self.get_response(request)
        wrote = reads.wrote or (not safe and response.status_code < 400)
        if wrote and (mark := _caller(request, response)) is not None:
            cache.set(mark, True, settings.READ_YOUR_WRITES_SECONDS)
        return response

"""The audit tables refuse UPDATE, DELETE and TRUNCATE from anyone (migration 0013's
triggers), the test harness included: Django wipes the database after each transactional test
(DELETE on SQLite, TRUNCATE on PostgreSQL). The suite wipes it as a database's owner would,
with the triggers out of the way for that moment only; `triggers_off` is also how a test edits
an audit row directly, as an attacker with the database would.

PostgreSQL: `session_replication_role = replica` turns ordinary triggers off for the session
(a superuser's setting; the suite connects as one). SQLite: the triggers are dropped and then
made again from their own SQL.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import pytest


@contextlib.contextmanager
def triggers_off(connection: Any) -> Iterator[None]:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = DEFAULT")
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE ?",
            ["%append_only%"],
        )
        triggers = cursor.fetchall()
        for name, _sql in triggers:
            cursor.execute(f'DROP TRIGGER "{name}"')
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for _name, sql in triggers:
                cursor.execute(sql)


@pytest.fixture(autouse=True, scope="session")
def flush_past_the_audit_triggers() -> Iterator[None]:
    from django.db.backends.base.operations import BaseDatabaseOperations

    flush = BaseDatabaseOperations.execute_sql_flush

    def execute_sql_flush(self: Any, sql_list: list[str]) -> None:
        with triggers_off(self.connection):
            flush(self, sql_list)

    BaseDatabaseOperations.execute_sql_flush = execute_sql_flush  # type: ignore[method-assign]
    yield
    BaseDatabaseOperations.execute_sql_flush = flush  # type: ignore[method-assign]

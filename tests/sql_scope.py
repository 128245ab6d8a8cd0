"""Every query on a clinic's table names its clinic (issue 20, item 2).

A pytest plugin: while a test uses the database, every statement Django sends is parsed
(sqlglot, not Django: the check must not share the code it checks) and each clinic table it
reads, updates or deletes from must be pinned to one clinic: `t.clinic_id = <value>` (or `IN`
values) among the conditions every row must meet (the WHERE and JOIN ... ON conjuncts of its own
SELECT), or `t.clinic_id = u.clinic_id` with `u` pinned. That predicate is what lets an index
that starts with `clinic_id` serve the query at any size, and what routes it to one shard on a
distributed PostgreSQL (Citus), where the clinic tables are distributed by `clinic_id`.

A clinic table is one whose model has a `clinic` foreign key (the history tables too), less the
reference tables below. Statements already known to be unscoped are listed, with why, in
tests/sql_scope_known.txt by their fingerprint; a new one fails the test that sent it.
`TOXFILL_SQL_SCOPE_REPORT=<file>` writes every unscoped statement seen, known or new.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import pytest
import sqlglot
from sqlglot import exp

from toxfill.web.clinic import citus

KNOWN = Path(__file__).with_name("sql_scope_known.txt")

# Small tables with a clinic that are read before any clinic is known, which a distributed
# database replicates to every node: the staff and link directories (clinic/citus.py).
REFERENCE_TABLES = citus.DIRECTORIES

DATABASE_FIXTURES = frozenset({"db", "transactional_db", "django_db_setup", "live_server"})


@dataclass(frozen=True)
class Unscoped:
    fingerprint: str
    tables: tuple[str, ...]
    sql: str


def _sender() -> str:
    """Where in toxfill the statement came from: its innermost frame outside Django, or "?"
    for a test's own read (a test may look at any row it likes)."""
    for frame in reversed(traceback.extract_stack()):
        if "/toxfill/" in frame.filename and "/site-packages/" not in frame.filename:
            return f"{frame.filename.rsplit('/toxfill/', 1)[1]}:{frame.lineno}"
    return "?"


@cache
def clinic_tables() -> frozenset[str]:
    from django.apps import apps

    return frozenset(
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if any(getattr(field, "attname", None) == "clinic_id" for field in model._meta.fields)
        and model._meta.db_table not in REFERENCE_TABLES
    )


def fingerprint(sql: str) -> str:
    shape = re.sub(r"%s(\s*,\s*%s)*", "%s", sql)
    shape = re.sub(r"\b(LIMIT|OFFSET)\s+\d+", r"\1 n", shape)
    return hashlib.sha1(shape.encode()).hexdigest()[:12]


def _column(node: exp.Expression) -> exp.Column | None:
    node = node.unnest()
    return node if isinstance(node, exp.Column) and node.name == "clinic_id" else None


def _is_value(node: exp.Expression) -> bool:
    return isinstance(node.unnest(), exp.Placeholder | exp.Literal | exp.Parameter)


def _conjuncts(condition: exp.Expression | None) -> Iterator[exp.Expression]:
    if condition is None:
        return
    condition = condition.unnest()
    if isinstance(condition, exp.And):
        yield from _conjuncts(condition.left)
        yield from _conjuncts(condition.right)
    else:
        yield condition


def _own(node: exp.Expression, scope: exp.Expression) -> bool:
    return node.find_ancestor(exp.Select, exp.Update, exp.Delete) is scope


def _unpinned(scope: exp.Expression) -> list[str]:
    """The clinic tables of one SELECT, UPDATE or DELETE that no condition pins to a clinic."""
    tables = {
        table.alias_or_name: table.name
        for table in scope.find_all(exp.Table)
        if _own(table, scope) and table.name in clinic_tables()
    }
    if not tables:
        return []
    conditions: list[exp.Expression] = []
    for key in ("where", "joins"):
        found = scope.args.get(key)
        for part in found if isinstance(found, list) else [found]:
            if part is not None:
                conditions.extend(
                    _conjuncts(part.args.get("this") if key == "where" else part.args.get("on"))
                )
    single = next(iter(tables)) if len(tables) == 1 else None
    pinned: set[str] = set()
    links: list[tuple[str, str]] = []

    def alias(column: exp.Column) -> str | None:
        return column.table or single

    for condition in conditions:
        if isinstance(condition, exp.EQ):
            left, right = _column(condition.left), _column(condition.right)
            if left and right and alias(left) and alias(right):
                links.append((alias(left), alias(right)))  # type: ignore[arg-type]
            elif left and _is_value(condition.right) and alias(left):
                pinned.add(alias(left))  # type: ignore[arg-type]
            elif right and _is_value(condition.left) and alias(right):
                pinned.add(alias(right))  # type: ignore[arg-type]
        elif isinstance(condition, exp.In):
            column = _column(condition.this)
            values = condition.expressions
            if column and alias(column) and values and all(_is_value(v) for v in values):
                pinned.add(alias(column))  # type: ignore[arg-type]
    changed = True
    while changed:
        changed = False
        for a, b in links:
            if (a in pinned) != (b in pinned):
                pinned.update((a, b))
                changed = True
    return sorted(tables[name] for name in tables if name not in pinned)


@lru_cache(maxsize=50_000)
def check(sql: str) -> Unscoped | None:
    """The statement's unpinned clinic tables, or None when every one is pinned."""
    head = sql.lstrip()[:10].upper()
    if not head.startswith(("SELECT", "UPDATE", "DELETE", "WITH")):
        return None  # INSERT carries its clinic in the row; DDL and SAVEPOINTs read nothing
    try:
        tree = sqlglot.parse_one(sql.replace("%s", "?"))
    except sqlglot.errors.ParseError:
        return None
    scopes = [tree, *tree.find_all(exp.Select, exp.Update, exp.Delete)]
    tables = sorted({table for scope in scopes for table in _unpinned(scope)})
    return Unscoped(fingerprint(sql), tuple(tables), sql) if tables else None


@cache
def known() -> frozenset[str]:
    if not KNOWN.exists():
        return frozenset()
    lines = KNOWN.read_text().splitlines()
    return frozenset(line.split()[0] for line in lines if line.strip() and not line.startswith("#"))


REPORT = os.environ.get("TOXFILL_SQL_SCOPE_REPORT")


def _report(found: list[tuple[Unscoped, str]], test: str) -> None:
    if REPORT and found:
        with open(REPORT, "a") as report:
            for item, sender in found:
                tables = ",".join(item.tables)
                report.write(f"{item.fingerprint}\t{tables}\t{sender}\t{test}\t{item.sql}\n")


@pytest.fixture(autouse=True)
def every_clinic_query_names_its_clinic(request: pytest.FixtureRequest) -> Iterator[None]:
    if not DATABASE_FIXTURES.intersection(
        request.fixturenames
    ) and not request.node.get_closest_marker("django_db"):
        yield
        return
    from django.db import connections

    seen: list[tuple[Unscoped, str]] = []

    def watch(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        found = check(sql)
        if found is not None:
            sender = _sender()
            if sender != "?" and "/migrations/" not in sender:
                seen.append((found, sender))
        return execute(sql, params, many, context)

    with contextlib.ExitStack() as watching:  # the read replica's statements too
        for alias in connections:
            watching.enter_context(connections[alias].execute_wrapper(watch))
        yield
    _report(seen, request.node.nodeid)
    new = {item.fingerprint: item for item, _ in seen if item.fingerprint not in known()}
    if new:
        lines = [
            f"{item.fingerprint} {','.join(item.tables)}: {item.sql[:400]}" for item in new.values()
        ]
        pytest.fail(
            "queries on clinic tables without their clinic_id (scope them, or list them with "
            "why in tests/sql_scope_known.txt):\n" + "\n".join(lines),
            pytrace=False,
        )

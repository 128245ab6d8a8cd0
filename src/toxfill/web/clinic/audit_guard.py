"""The database's refusal to change or delete audit rows, for the migrations after 0019 that
add an audit table or rebuild one: the trigger SQL stays migration 0019's, written once.

SQLite rebuilds a table to add a column with a default, and the rebuilt table has lost its
triggers (tests/web/clinic/test_audit_rows.py checks every audit table has them): such a
migration guards the table again. PostgreSQL alters the table in place, triggers and all."""

from __future__ import annotations

import importlib
from typing import Any

from django.db import migrations

_AUDIT_CHAIN = importlib.import_module("toxfill.web.clinic.migrations.0019_audit_chain")


def _make(vendor: str, table: str) -> list[str]:
    if vendor == "postgresql":
        return list(_AUDIT_CHAIN._pg_triggers(table))
    if vendor == "sqlite":
        return list(_AUDIT_CHAIN._sqlite_triggers(table))
    return []


def _drop(vendor: str, table: str) -> list[str]:
    if vendor == "postgresql":
        return [
            f'DROP TRIGGER IF EXISTS "{table}_{name}" ON "{table}";'
            for name in ("append_only", "no_truncate")
        ]
    if vendor == "sqlite":
        return [
            f'DROP TRIGGER IF EXISTS "{table}_append_only_{op}";' for op in ("update", "delete")
        ]
    return []


def guard(*tables: str) -> migrations.RunPython:
    """New audit tables: the triggers made (and dropped when the migration is reversed)."""

    def forward(apps: Any, schema_editor: Any) -> None:
        for table in tables:
            for statement in _make(schema_editor.connection.vendor, table):
                schema_editor.execute(statement)

    def backward(apps: Any, schema_editor: Any) -> None:
        for table in tables:
            for statement in _drop(schema_editor.connection.vendor, table):
                schema_editor.execute(statement)

    return migrations.RunPython(forward, backward)


def guard_again_after_rebuild(*tables: str) -> migrations.RunPython:
    """Audit tables SQLite has just rebuilt: their triggers made again."""

    def forward(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "sqlite":
            return
        for table in tables:
            for statement in [*_drop("sqlite", table), *_make("sqlite", table)]:
                schema_editor.execute(statement)

    return migrations.RunPython(forward, migrations.RunPython.noop)

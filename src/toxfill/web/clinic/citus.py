"""How a chain's tables would be laid out on a distributed PostgreSQL (Citus), read from the
models themselves so the plan can never fall behind them.

Every table whose rows belong to one clinic is distributed by `clinic_id`, all co-located
with the sessions, so a clinic's rows live on one node and a join between them never leaves
it. What every request reads before it knows the clinic (the clinics, accounts, the staff
directory) is a reference table, copied to every node. Citus asks three things of that
layout, which `check` proves of the models and `statements` writes out:

- a distributed table's primary key and unique constraints include `clinic_id`;
- a foreign key between distributed tables includes `clinic_id` on both sides;
- a reference table never points at a distributed one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from graphlib import TopologicalSorter
from typing import Any

from django.apps import apps
from django.db import models

SHARD_COLUMN = "clinic_id"
ANCHOR = "clinic_patient"  # every distributed table is co-located with the patients

# Rows with a clinic that are read before the clinic is known, small and rarely written:
# copied to each node. The staff directory (who is asking: a person's memberships and
# invitations across clinics) and the link directory (which clinic holds a patient's link).
DIRECTORIES = frozenset(
    {
        "clinic_membership",
        "clinic_historicalmembership",
        "clinic_invitation",
        "clinic_historicalinvitation",
        "patient_link_linkdirectory",
    }
)

# Written on every clinic write, keyed by the person rather than the clinic: distributed by
# the person, on its own, so a retry's look-up goes to one node.
BY_OTHER_KEY = {"clinic_idempotentrequest": "user_id"}

# The apps whose tables a chain shares; Django's own and the sign-in limiter's are reference
# tables too (they have no clinic), and so are the authenticator apps' secrets (otp_totp),
# listed so a new app must be placed on purpose.
APPS = ("clinic", "patient_link", "auth", "contenttypes", "sessions", "axes", "otp_totp")


@dataclass(frozen=True)
class ForeignKey:
    table: str
    column: str
    target: str
    constraint: str


@dataclass
class CitusPlan:
    reference: list[str] = field(default_factory=list)
    distributed: list[str] = field(default_factory=list)
    primary_keys: dict[str, str] = field(default_factory=dict)  # distributed table: its key
    by_other_key: dict[str, str] = field(default_factory=dict)
    keys: list[ForeignKey] = field(default_factory=list)  # between distributed tables
    problems: list[str] = field(default_factory=list)

    def statements(self) -> list[str]:
        """The SQL, in the order it runs: keys that include the clinic first (plain
        PostgreSQL takes them too), then Citus's own calls."""
        out: list[str] = []
        for fk in self.keys:
            out.append(f'ALTER TABLE "{fk.table}" DROP CONSTRAINT "{fk.constraint}";')
        for table in self.distributed:
            out.append(f'ALTER TABLE "{table}" DROP CONSTRAINT "{table}_pkey";')
            key = self.primary_keys[table]
            out.append(f'ALTER TABLE "{table}" ADD PRIMARY KEY ("{SHARD_COLUMN}", "{key}");')
        for fk in self.keys:
            out.append(
                f'ALTER TABLE "{fk.table}" ADD CONSTRAINT "{fk.constraint}" FOREIGN KEY '
                f'("{SHARD_COLUMN}", "{fk.column}") REFERENCES "{fk.target}" '
                f'("{SHARD_COLUMN}", "id") DEFERRABLE INITIALLY DEFERRED;'
            )
        for table, column in self.by_other_key.items():
            out.append(f'ALTER TABLE "{table}" DROP CONSTRAINT "{table}_pkey";')
            out.append(f'ALTER TABLE "{table}" ADD PRIMARY KEY ("{column}", "id");')
        out.append("CREATE EXTENSION IF NOT EXISTS citus;")
        # The audit tables' triggers (migration 0013) only refuse a change, reading no other
        # table, so they are safe on every shard; Citus distributes a table with triggers only
        # when told so.
        out.append("SET citus.enable_unsafe_triggers = on;")
        out.extend(f"SELECT create_reference_table('{table}');" for table in self.reference)
        for table in self.distribution_order():
            colocation = "" if table == ANCHOR else f", colocate_with => '{ANCHOR}'"
            out.append(f"SELECT create_distributed_table('{table}', '{SHARD_COLUMN}'{colocation});")
        out.extend(
            f"SELECT create_distributed_table('{table}', '{column}', colocate_with => 'none');"
            for table, column in self.by_other_key.items()
        )
        return out

    def distribution_order(self) -> list[str]:
        """The distributed tables, each after the tables it points at (Citus distributes a
        table only once what its foreign keys reference is distributed)."""
        after: dict[str, set[str]] = {table: set() for table in self.distributed}
        for fk in self.keys:
            if fk.target != fk.table:
                after[fk.table].add(fk.target)
        order = [t for t in TopologicalSorter(after).static_order() if t != ANCHOR]
        return [ANCHOR, *order]  # the anchor points at no distributed table (see `plan`)

    def plain_postgresql(self) -> list[str]:
        """The statements plain PostgreSQL runs as well: the keys, before Citus's calls."""
        statements = self.statements()
        return statements[: statements.index("CREATE EXTENSION IF NOT EXISTS citus;")]


def plan(connection: Any | None = None) -> CitusPlan:
    """The layout of every model of APPS. With a `connection`, the foreign keys it replaces
    are named as that database named them; without one, by PostgreSQL's default pattern
    (`<table>_<column>_fkey`), enough to check the layout."""
    models_ = [m for m in apps.get_models() if m._meta.app_label in APPS]
    distributed = {
        m._meta.db_table
        for m in models_
        if _has_shard_column(m) and m._meta.db_table not in DIRECTORIES
    }
    names = _foreign_key_names(connection, distributed) if connection is not None else {}
    result = CitusPlan(
        reference=sorted(
            m._meta.db_table
            for m in models_
            if m._meta.db_table not in distributed and m._meta.db_table not in BY_OTHER_KEY
        ),
        by_other_key=dict(BY_OTHER_KEY),
        distributed=sorted(distributed),
        primary_keys={
            m._meta.db_table: m._meta.pk.column for m in models_ if m._meta.db_table in distributed
        },
    )
    for model in models_:
        table = model._meta.db_table
        for fk in _foreign_keys(model):
            target = fk.related_model._meta.db_table
            if table in distributed and target in distributed:
                name = names.get((table, fk.column), f"{table}_{fk.column}_fkey")
                result.keys.append(ForeignKey(table, fk.column, target, name))
            elif table not in distributed and target in distributed:
                result.problems.append(
                    f"{table}.{fk.column}: a reference table points at {target}, "
                    "which is distributed"
                )
        if table in distributed:
            result.problems.extend(_unique_without_clinic(model))
    result.problems.extend(
        f"{ANCHOR}.{fk.column}: the co-location anchor points at {fk.target}"
        for fk in result.keys
        if fk.table == ANCHOR
    )
    return result


def _foreign_key_names(connection: Any, tables: Iterable[str]) -> dict[tuple[str, str], str]:
    """The foreign key constraints' names as the database has them, by (table, column)."""
    found: dict[tuple[str, str], str] = {}
    with connection.cursor() as cursor:
        for table in tables:
            for name, info in connection.introspection.get_constraints(cursor, table).items():
                if info["foreign_key"] and len(info["columns"]) == 1:
                    found[(table, info["columns"][0])] = name
    return found


def _has_shard_column(model: type[models.Model]) -> bool:
    return any(f.column == SHARD_COLUMN for f in model._meta.concrete_fields)


def _foreign_keys(model: type[models.Model]) -> list[Any]:
    return [
        f
        for f in model._meta.concrete_fields
        if f.is_relation and f.db_constraint and f.column != SHARD_COLUMN  # type: ignore[attr-defined]
    ]


def _column(model: type[models.Model], name: str) -> str:
    found: Any = model._meta.get_field(name)
    return str(found.column)


def _unique_without_clinic(model: type[models.Model]) -> list[str]:
    table = model._meta.db_table
    unique: list[tuple[str, ...]] = [tuple(f) for f in model._meta.unique_together]
    unique += [
        tuple(_column(model, name) for name in c.fields)
        for c in model._meta.constraints
        if isinstance(c, models.UniqueConstraint) and c.fields
    ]
    unique += [(f.column,) for f in model._meta.concrete_fields if f.unique and not f.primary_key]
    return [
        f"{table}: unique ({', '.join(columns)}) does not include {SHARD_COLUMN}"
        for columns in unique
        if SHARD_COLUMN not in columns and "clinic" not in columns
    ]

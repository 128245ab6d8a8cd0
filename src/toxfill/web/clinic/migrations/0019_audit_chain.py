"""The audit trail proves itself: each history and access-log row gets its place and hash in
its clinic's chain (the rows already written are chained in the order they were written), and
the database refuses to change or delete them (a trigger on PostgreSQL and on SQLite).

The chain's format is toxfill.web.clinic.audit_chain's; the backfill below uses it on the
tables as they are here.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from typing import Any

import django.db.models.deletion
from django.db import migrations, models

# Every audit table as it is at this migration: model, the column naming its clinic, and
# the column saying when the row was written (the order the chain is backfilled in).
AUDIT_MODELS = (
    ("HistoricalAdverseEvent", "clinic_id", "history_date"),
    ("HistoricalClinic", "id", "history_date"),
    ("HistoricalConsent", "clinic_id", "history_date"),
    ("HistoricalFollowUp", "clinic_id", "history_date"),
    ("HistoricalInjectionPoint", "clinic_id", "history_date"),
    ("HistoricalInvitation", "clinic_id", "history_date"),
    ("HistoricalMembership", "clinic_id", "history_date"),
    ("HistoricalPatient", "clinic_id", "history_date"),
    ("HistoricalPhoto", "clinic_id", "history_date"),
    ("HistoricalProductLot", "clinic_id", "history_date"),
    ("HistoricalRecallContact", "clinic_id", "history_date"),
    ("HistoricalTreatmentSession", "clinic_id", "history_date"),
    ("PatientAccess", "clinic_id", "viewed_at"),
)
TABLES = tuple("clinic_" + name.lower() for name, _clinic, _written in AUDIT_MODELS)
BATCH = 2000

REFUSE_PG = """
CREATE OR REPLACE FUNCTION toxfill_audit_rows_are_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit rows are append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;
"""


def _pg_triggers(table: str) -> list[str]:
    return [
        f'CREATE TRIGGER "{table}_append_only" BEFORE UPDATE OR DELETE ON "{table}" '
        "FOR EACH ROW EXECUTE FUNCTION toxfill_audit_rows_are_append_only();",
        f'CREATE TRIGGER "{table}_no_truncate" BEFORE TRUNCATE ON "{table}" '
        "FOR EACH STATEMENT EXECUTE FUNCTION toxfill_audit_rows_are_append_only();",
    ]


def _sqlite_triggers(table: str) -> list[str]:
    return [
        f'CREATE TRIGGER "{table}_append_only_{op.lower()}" BEFORE {op} ON "{table}" '
        f"BEGIN SELECT RAISE(ABORT, 'audit rows are append-only: {op} on {table} refused'); END;"
        for op in ("UPDATE", "DELETE")
    ]


def refuse_changes(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(REFUSE_PG, params=None)  # its % are the message's, not markers
        for table in TABLES:
            for statement in _pg_triggers(table):
                schema_editor.execute(statement)
    elif vendor == "sqlite":
        for table in TABLES:
            for statement in _sqlite_triggers(table):
                schema_editor.execute(statement)


def allow_changes(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(f'DROP TRIGGER IF EXISTS "{table}_append_only" ON "{table}";')
            schema_editor.execute(f'DROP TRIGGER IF EXISTS "{table}_no_truncate" ON "{table}";')
        schema_editor.execute("DROP FUNCTION IF EXISTS toxfill_audit_rows_are_append_only();")
    elif vendor == "sqlite":
        for table in TABLES:
            for op in ("update", "delete"):
                schema_editor.execute(f'DROP TRIGGER IF EXISTS "{table}_append_only_{op}";')


def chain_written_rows(apps: Any, schema_editor: Any) -> None:
    """Chain, clinic by clinic, the rows written before the chain began: in the order they
    were written (time, then table, then ID), as appends would have chained them."""
    from toxfill.web.clinic.audit_chain import GENESIS, row_hash

    audit = [
        (apps.get_model("clinic", name), clinic, written) for name, clinic, written in AUDIT_MODELS
    ]
    head_model = apps.get_model("clinic", "AuditChainHead")
    clinics = apps.get_model("clinic", "Clinic")._default_manager.order_by("pk")
    for clinic_id in list(clinics.values_list("pk", flat=True)):
        seq, previous = 0, GENESIS
        # The clinic's order read in full before any row is updated (SQLite does not promise
        # what a read still open sees of the table it is updating).
        order = list(_written_order(audit, clinic_id))
        for batch in _batches(iter(order)):
            changed = _fetched(audit, batch)
            for index, pk in batch:
                row = changed[index][pk]
                seq += 1
                row.chain_seq = seq
                row.chain_hash = previous = row_hash(previous, row, clinic_id)
            for index, rows in changed.items():
                model = audit[index][0]
                model._default_manager.bulk_update(
                    list(rows.values()), ["chain_seq", "chain_hash"], batch_size=500
                )
        if seq:
            head_model._default_manager.create(clinic_id=clinic_id, seq=seq, hash=previous)


def _written_order(audit: list[Any], clinic_id: int) -> Iterator[tuple[int, int]]:
    def keys(index: int) -> Iterator[tuple[Any, int, int]]:
        model, clinic, written = audit[index]
        found = model._default_manager.filter(**{clinic: clinic_id}).order_by(written, "pk")
        for when, pk in found.values_list(written, "pk").iterator():
            yield when, index, pk

    for _when, index, pk in heapq.merge(*(keys(i) for i in range(len(audit)))):
        yield index, pk


def _batches(order: Iterator[tuple[int, int]]) -> Iterator[list[tuple[int, int]]]:
    batch: list[tuple[int, int]] = []
    for item in order:
        batch.append(item)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _fetched(audit: list[Any], batch: list[tuple[int, int]]) -> dict[int, dict[int, Any]]:
    wanted: dict[int, list[int]] = {}
    for index, pk in batch:
        wanted.setdefault(index, []).append(pk)
    return {index: audit[index][0]._default_manager.in_bulk(pks) for index, pks in wanted.items()}


def _chain_fields(model_name: str) -> list[migrations.operations.base.Operation]:
    return [
        migrations.AddField(
            model_name=model_name,
            name="chain_seq",
            field=models.PositiveBigIntegerField(default=0, editable=False),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name=model_name,
            name="chain_hash",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
    ]


def _one_row_a_place(model_name: str, clinic: str) -> migrations.AddConstraint:
    name = (
        "clinic_patientaccess_chain_seq"
        if model_name == "PatientAccess"
        else f"clinic_history{model_name.lower().removeprefix('historical')}_chain_seq"
    )
    field = "id" if model_name == "HistoricalClinic" else "clinic"
    return migrations.AddConstraint(
        model_name=model_name.lower(),
        constraint=models.UniqueConstraint(fields=(field, "chain_seq"), name=name),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("clinic", "0018_recall_contacts"),
    ]

    operations = [
        migrations.CreateModel(
            name="AuditChainHead",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("seq", models.PositiveBigIntegerField(default=0)),
                ("hash", models.CharField(default="0" * 64, max_length=64)),
                (
                    "clinic",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="clinic.clinic",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("clinic",), name="clinic_auditchainhead_clinic")
                ],
            },
        ),
        *(op for name, _clinic, _written in AUDIT_MODELS for op in _chain_fields(name)),
        migrations.RunPython(chain_written_rows, migrations.RunPython.noop, elidable=False),
        *(_one_row_a_place(name, clinic) for name, clinic, _written in AUDIT_MODELS),
        migrations.RunPython(refuse_changes, allow_changes),
    ]

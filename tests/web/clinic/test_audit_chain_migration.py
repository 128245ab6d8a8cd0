"""Migration 0013 chains the history and access-log rows written before the chain began, in
the order they were written, and guards them from then on; migrating back takes it all away
again (a test of a migration back and forth)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from typer.testing import CliRunner

from toxfill.cli import app
from toxfill.web.clinic.actions.access import record_patient_view
from toxfill.web.clinic.audit_chain import audit_models
from toxfill.web.clinic.models import AuditChainHead, Membership, Patient, TreatmentSession

BEFORE = [("clinic", "0018_recall_contacts")]


def _migrate(targets: list[tuple[str, str]] | None = None) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())


def _written(clinic_id: int) -> list[tuple[int, Any]]:
    """The clinic's audit rows as (place, when written), in chain order."""
    rows = [
        (row.chain_seq, getattr(row, "history_date", None) or row.viewed_at)
        for model in audit_models()
        for row in model._default_manager.filter(
            **{getattr(model, "audit_clinic_attname", "clinic_id"): clinic_id}
        )
    ]
    return sorted(rows, key=lambda row: row[0])


@pytest.fixture
def before_the_chain(
    transactional_db: None, charted: TreatmentSession, provider: Membership, patient: Patient
) -> Iterator[int]:
    """Riverside's history and access log as they were before migration 0013: no places, no
    hashes, no head. Migrated to the latest afterwards."""
    record_patient_view(provider, patient, "record")
    rows = len(_written(provider.clinic_id))
    _migrate(BEFORE)
    yield rows
    _migrate()


def test_it_chains_the_rows_written_before_in_the_order_they_were_written(
    before_the_chain: int, provider: Membership
) -> None:
    # given rows written before the chain began
    # when the database is migrated
    _migrate()
    # then every row has its place, in the order written, and the chains verify
    written = _written(provider.clinic_id)
    assert [seq for seq, _when in written] == list(range(1, before_the_chain + 1))
    assert [when for _seq, when in written] == sorted(when for _seq, when in written)
    assert AuditChainHead.objects.get(clinic_id=provider.clinic_id).seq == before_the_chain
    result = CliRunner().invoke(app, ["audit", "verify"])
    assert result.exit_code == 0, result.output


def test_from_then_on_the_rows_are_guarded_and_new_ones_follow(
    before_the_chain: int, provider: Membership
) -> None:
    # given the rows chained by the migration (each migration back and forth takes a while:
    # one test for what follows it)
    _migrate()
    # then the database refuses to delete them
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute('DELETE FROM "clinic_patientaccess"')
    # and a new view takes the next place
    record_patient_view(provider, Patient.objects.get(clinic_id=provider.clinic_id), "record")
    assert _written(provider.clinic_id)[-1][0] == before_the_chain + 1
    assert CliRunner().invoke(app, ["audit", "verify"]).exit_code == 0

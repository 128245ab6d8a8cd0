"""The audit trail (every history table and the access logs, the clinic's and its links') is
written once: the application
refuses to change or delete a row however it is asked (a save, a delete, a queryset update or
delete, a bulk update), and the database refuses the same statements whoever sends them (the
triggers of migration 0013, on SQLite and PostgreSQL; TRUNCATE too on PostgreSQL)."""

from __future__ import annotations

import importlib
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, models, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from PIL import Image
from simple_history.models import HistoricalChanges

from toxfill.knowledge import bundled_knowledge
from toxfill.web.clinic.actions.access import record_patient_view
from toxfill.web.clinic.actions.patients import record_consent
from toxfill.web.clinic.actions.photos import add_photo
from toxfill.web.clinic.actions.recall import mark_recall_contact
from toxfill.web.clinic.actions.templates import TemplatePoint, save_template
from toxfill.web.clinic.audit_chain import audit_models
from toxfill.web.clinic.models import (
    AppendOnlyError,
    Membership,
    Patient,
    PatientAccess,
    TreatmentSession,
)
from toxfill.web.patient_link.actions import issue_patient_link
from toxfill.web.patient_link.models import HealthLink
from toxfill.web.patient_link.shlinks import record_access, share_record

# Where each app's audit tables joined the chain: their columns then are what every hash covers.
CHAIN_BEGAN = {
    "clinic": ("clinic", "0019_audit_chain"),
    "patient_link": ("patient_link", "0013_link_accesses_chained"),
}
LINK_ACCESS_TABLES = {"patient_link_linkaccess", "patient_link_healthlinkaccess"}
AUDIT_TABLES = sorted(model._meta.db_table for model in audit_models())


@pytest.fixture
def viewed(provider: Membership, patient: Patient) -> PatientAccess:
    """Paula has opened Ana's record: one access-log row."""
    record_patient_view(provider, patient, "record")
    return PatientAccess.objects.get(clinic_id=provider.clinic_id, member=provider)


@pytest.fixture
def every_table(
    charted: TreatmentSession, provider: Membership, front_desk: Membership, viewed: PatientAccess
) -> int:
    """Riverside with a row in every audit table (a photo too); its ID."""
    record_consent(
        front_desk, charted.patient.public_id, treatment="photo", text_version="2026-01",
        signed_at=timezone.now(), signed_by="Ana Silva",
    )  # fmt: skip
    image = io.BytesIO()
    Image.new("RGB", (32, 24), (200, 150, 120)).save(image, "JPEG")
    image.seek(0)
    add_photo(provider, charted.public_id, angle="front", upload=image, size=1000)
    lot = charted.points.first().lot  # type: ignore[union-attr]
    mark_recall_contact(provider, lot.public_id, charted.patient.public_id, contacted=True)
    issued = issue_patient_link(provider, charted.patient.public_id)
    share_record(issued.link, bundled_knowledge(), "https://testserver/")
    health_link = HealthLink.objects.get(clinic_id=charted.clinic_id)
    record_access(health_link, "Lakeside Clinic", "manifest")  # both link access logs
    place = TemplatePoint("glabella", "face", Decimal(50), Decimal(30), Decimal(4))
    save_template(provider, name="Glabella", product="botox", points=[place])
    for model in audit_models():
        assert _rows_of(model, charted.clinic_id).exists(), model._meta.db_table
    return charted.clinic_id


def _rows_of(model: type[models.Model], clinic_id: int) -> Any:
    column = getattr(model, "audit_clinic_attname", "clinic_id")
    return model._default_manager.filter(**{column: clinic_id})


def test_the_audit_trail_is_every_history_table_and_the_access_log() -> None:
    history = {
        m._meta.db_table
        for m in audit_models()
        if issubclass(m, HistoricalChanges) and m._meta.app_label == "clinic"
    }
    assert set(AUDIT_TABLES) == history | {"clinic_patientaccess"} | LINK_ACCESS_TABLES
    assert len(history) == 13  # clinic, member, invitation, patient, consent, session, ...


def test_the_migration_guards_every_audit_table() -> None:
    # a history table added later must get its trigger (and its chain columns) in a migration
    guarded = set()
    for app, name in [*CHAIN_BEGAN.values(), ("clinic", "0021_treatment_templates")]:
        guarded |= set(importlib.import_module(f"toxfill.web.{app}.migrations.{name}").TABLES)
    assert sorted(guarded) == AUDIT_TABLES


def test_an_access_row_cannot_be_saved_again(viewed: PatientAccess) -> None:
    viewed.what = "nothing to see"
    with pytest.raises(AppendOnlyError, match="append-only"):
        viewed.save()
    assert PatientAccess.objects.filter(clinic_id=viewed.clinic_id).get().what == "record"


def test_an_access_row_cannot_be_deleted(viewed: PatientAccess) -> None:
    with pytest.raises(AppendOnlyError):
        viewed.delete()
    assert PatientAccess.objects.filter(clinic_id=viewed.clinic_id).exists()


def test_a_history_row_cannot_be_saved_again_or_deleted(patient: Patient) -> None:
    version = patient.history.get()
    version.given_name = "Someone else"
    with pytest.raises(AppendOnlyError):
        version.save()
    with pytest.raises(AppendOnlyError):
        version.delete()
    assert patient.history.get().given_name == "Ana"


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda rows: rows.update(chain_hash="0" * 64), id="update"),
        pytest.param(lambda rows: rows.delete(), id="delete"),
        pytest.param(lambda rows: rows.bulk_update(list(rows), ["chain_hash"]), id="bulk_update"),
        pytest.param(
            lambda rows: rows.update_or_create(pk=0, defaults={"chain_seq": 9}),
            id="update_or_create",
        ),
    ],
)
def test_no_queryset_of_audit_rows_changes_or_deletes_them(change: Any, every_table: int) -> None:
    # given Riverside's audit trail, rows in every table; when asked to change or delete them
    # in bulk, then each table refuses
    for model in audit_models():
        with pytest.raises(AppendOnlyError):
            change(_rows_of(model, every_table))


def test_a_records_history_queryset_refuses_too(patient: Patient) -> None:
    with pytest.raises(AppendOnlyError):
        patient.history.all().update(given_name="Someone else")
    with pytest.raises(AppendOnlyError):
        Patient.history.filter(clinic_id=patient.clinic_id).delete()


@pytest.mark.parametrize(
    "statement", ["UPDATE {table} SET chain_seq = chain_seq", "DELETE FROM {table}"]
)
def test_the_database_refuses_to_change_or_delete_audit_rows_whoever_asks(
    statement: str, every_table: int
) -> None:
    # given a row in every audit table; when a statement sent past the application (as its
    # database role could) changes or deletes them, then the database refuses each
    for table in AUDIT_TABLES:
        sql = statement.format(table=connection.ops.quote_name(table))
        refused = pytest.raises(DatabaseError, match="append-only")
        with refused, transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert PatientAccess.objects.filter(clinic_id=every_table).count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL's")
def test_postgresql_refuses_to_truncate_an_audit_table(every_table: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no checks left pending to stop it
    for table in AUDIT_TABLES:
        refused = pytest.raises(DatabaseError, match="append-only")
        with refused, transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f'TRUNCATE "{table}"')


def test_every_audit_table_has_its_triggers(db: Any) -> None:
    # SQLite rebuilds a table to alter it, and a rebuilt table has lost its triggers: a later
    # migration that alters an audit table on SQLite must make them again
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT c.relname, count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
                " WHERE t.tgname LIKE %s AND t.tgenabled = 'O' GROUP BY c.relname",
                ["%append_only%"],
            )
            found = dict(cursor.fetchall())
            cursor.execute(
                "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
                " WHERE t.tgname LIKE %s",
                ["%no_truncate%"],
            )
            truncating = {name for (name,) in cursor.fetchall()}
            assert truncating == set(AUDIT_TABLES)
            assert found == dict.fromkeys(AUDIT_TABLES, 1)
        else:
            cursor.execute(
                "SELECT tbl_name, count(*) FROM sqlite_master WHERE type = 'trigger'"
                " AND name LIKE %s GROUP BY tbl_name",
                ["%append_only%"],
            )
            assert dict(cursor.fetchall()) == dict.fromkeys(AUDIT_TABLES, 2)


def test_columns_of_the_audit_tables_are_only_ever_added_empty() -> None:
    """A row's hash covers its columns (NULL and empty ones left out): a column removed or
    retyped, or one added with a value in every earlier row, would break every chain."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for model in audit_models():
        state = loader.project_state(CHAIN_BEGAN[model._meta.app_label])
        try:
            was_model = state.apps.get_model(model._meta.label)
        except LookupError:
            continue  # a table made after the chain began: every row has all its columns
        then = {f.attname: f for f in was_model._meta.concrete_fields}
        now = {f.attname: f for f in model._meta.concrete_fields}
        for name, was in then.items():
            assert name in now, f"{model._meta.db_table}.{name} was removed"
            field = now[name]
            assert field.db_type(connection) == was.db_type(connection), name
            assert getattr(field, "decimal_places", None) == getattr(was, "decimal_places", None)
        for name in now.keys() - then.keys():
            field = now[name]
            empty = field.null or (isinstance(field, models.CharField | models.TextField)
                                   and field.default == "")  # fmt: skip
            assert empty, f"{model._meta.db_table}.{name} was added with a value in old rows"


@pytest.mark.parametrize(
    "command",
    [
        pytest.param(["clean_old_history", "--auto", "--days", "0"], id="clean_old_history"),
        pytest.param(["clean_duplicate_history", "--auto"], id="clean_duplicate_history"),
    ],
)
def test_django_simple_historys_pruning_commands_are_refused(
    command: list[str], patient: Patient
) -> None:
    # given Ana's history, with a version that repeats the one before (a duplicate)
    patient.save()
    rows = Patient.history.filter(clinic_id=patient.clinic_id).count()
    # when an operator runs the package's commands that delete history, then they are refused
    with pytest.raises(AppendOnlyError):
        call_command(*command, stdout=io.StringIO())
    assert Patient.history.filter(clinic_id=patient.clinic_id).count() == rows

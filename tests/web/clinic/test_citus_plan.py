"""The Citus layout (clinic/citus.py): every clinic table has its place, the keys Citus asks
for hold on plain PostgreSQL under the demo clinic's year of records, and with them the
database itself refuses a record that points into another clinic."""

from __future__ import annotations

import io
import uuid
from typing import Any

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction

from toxfill.web.clinic import citus
from toxfill.web.clinic.demo import load_demo
from toxfill.web.clinic.models import Clinic, InjectionPoint, ProductLot

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the plan's keys are PostgreSQL's"
)


def test_every_table_with_a_clinic_is_distributed_unless_it_is_a_directory() -> None:
    layout = citus.plan()
    for model in apps.get_models():
        table = model._meta.db_table
        if any(f.column == "clinic_id" for f in model._meta.concrete_fields):
            assert (table in layout.distributed) != (table in citus.DIRECTORIES), table
    assert "clinic_injectionpoint" in layout.distributed
    assert "clinic_clinic" in layout.reference
    assert "auth_user" in layout.reference


def test_every_app_with_tables_is_placed_on_purpose() -> None:
    with_tables = {m._meta.app_label for m in apps.get_models() if m._meta.managed}
    assert with_tables <= set(citus.APPS)


def test_the_models_meet_what_citus_asks() -> None:
    """Unique constraints include clinic_id, no reference table points at a distributed one,
    and the co-location anchor points at no distributed table."""
    assert citus.plan().problems == []


def test_tables_are_distributed_after_what_they_point_at() -> None:
    layout = citus.plan()
    order = layout.distribution_order()
    assert order[0] == citus.ANCHOR
    assert sorted(order) == layout.distributed
    for fk in layout.keys:
        if fk.table != fk.target:
            assert order.index(fk.target) < order.index(fk.table), fk


def test_the_plan_needs_postgresql() -> None:
    if connection.vendor == "postgresql":
        pytest.skip("this database is PostgreSQL")
    with pytest.raises(CommandError, match="DATABASE_URL names a sqlite database"):
        call_command("citus_plan")


@on_postgresql
def test_the_plan_is_printed_for_postgresql() -> None:
    out = io.StringIO()
    call_command("citus_plan", stdout=out)
    script = out.getvalue()
    assert "SELECT create_distributed_table('clinic_patient', 'clinic_id');" in script
    assert "SELECT create_reference_table('clinic_membership');" in script
    assert script.index("COMMIT;") < script.index("CREATE EXTENSION IF NOT EXISTS citus;")


@on_postgresql
def test_the_keys_hold_on_a_clinic_year_and_refuse_a_lot_of_another_clinic() -> None:
    layout = citus.plan(connection)
    with connection.cursor() as cursor:
        for statement in layout.plain_postgresql():
            cursor.execute(statement)
    load_demo()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the demo's rows all check out
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    point = InjectionPoint.objects.filter(clinic__is_demo=True, lot__isnull=False).first()
    assert point is not None
    assert point.lot is not None
    other: Any = ProductLot.objects.filter(clinic_id=point.clinic_id, pk=point.lot_id).get()
    other.pk, other.public_id, other.lot_number = None, uuid.uuid4(), "ELSEWHERE-1"
    other.clinic = Clinic.objects.create(name="Elsewhere")
    other.save()
    with pytest.raises(IntegrityError, match="clinic_injectionpoint_lot_id"):
        _point_at_lot_and_check(point, other)


def _point_at_lot_and_check(point: InjectionPoint, lot: ProductLot) -> None:
    with transaction.atomic():
        InjectionPoint.objects.filter(clinic_id=point.clinic_id, pk=point.pk).update(lot_id=lot.pk)
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

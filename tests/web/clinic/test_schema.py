"""The shape of the clinic's tables: clinic_id leads every index (the Citus seam), public IDs
are random, doses are decimals."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection, models

from toxfill.web.clinic.models import Clinic, InjectionPoint, Patient

pytestmark = pytest.mark.django_db
# A person's own rows, whatever clinic they work at: their API tokens, their second factors
# (passkeys and recovery codes), the browsers they are signed in on, and the idempotency keys
# they sent (some writes, such as making a token, belong to no clinic), kept for a day.
TENANT_FREE = {
    "clinic_clinic",
    "clinic_historicalclinic",
    "clinic_apitoken",
    "clinic_passkey",
    "clinic_recoverycode",
    "clinic_idempotentrequest",
    "clinic_signedinbrowser",
}


def _clinical_tables() -> list[str]:
    tables = [m._meta.db_table for m in apps.get_app_config("clinic").get_models()]
    return sorted(t for t in tables if t not in TENANT_FREE)


@pytest.mark.parametrize("table", _clinical_tables())
def test_it_leads_every_index_and_unique_constraint_with_clinic_id(table: str) -> None:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
        columns = {c.name for c in connection.introspection.get_table_description(cursor, table)}

    assert "clinic_id" in columns
    for name, constraint in constraints.items():
        if constraint["primary_key"] or constraint["foreign_key"] or constraint["check"]:
            continue
        if constraint["index"] or constraint["unique"]:
            assert constraint["columns"][0] == "clinic_id", (name, constraint["columns"])


def test_it_identifies_records_in_urls_by_random_uuid() -> None:
    for model in (Clinic, Patient, InjectionPoint):
        assert isinstance(model._meta.get_field("public_id"), models.UUIDField)


def test_it_keeps_doses_as_decimals() -> None:
    assert isinstance(InjectionPoint._meta.get_field("dose"), models.DecimalField)

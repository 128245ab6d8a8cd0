"""The access log: every view of a patient's record, by whom and when."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

from toxfill.web.clinic.models import Membership, Patient, PatientAccess


def record_patient_view(member: Membership, patient: Patient, what: str) -> None:
    """Log that `member` viewed `what` of the patient's record (one row, no transaction
    needed). Called by every read that shows a patient's record."""
    PatientAccess.objects.create(
        clinic_id=member.clinic_id, member=member, patient=patient, what=what
    )


def record_patients_seen(
    member: Membership, patient_ids: QuerySet[Any, Any] | Iterable[int], what: str
) -> None:
    """Log that `member` saw `what` of each of these patients (a list, a recall, an export):
    one INSERT ... SELECT however many there are, so a long list costs one query, and only
    patients of the member's own clinic are named. `patient_ids` are the patients' row IDs:
    a list, or a `values()` queryset (for an export, logged before its rows are read)."""
    if not isinstance(patient_ids, QuerySet):
        patient_ids = sorted(set(patient_ids))
        if not patient_ids:
            return
    seen = (
        Patient.objects.filter(clinic_id=member.clinic_id, id__in=patient_ids)
        .order_by()
        .values("id")
    )
    select, params = seen.query.sql_with_params()
    table = PatientAccess._meta.db_table
    columns = ", ".join(
        connection.ops.quote_name(column)
        for column in ("clinic_id", "member_id", "patient_id", "viewed_at", "what")
    )
    viewed_at = connection.ops.adapt_datetimefield_value(timezone.now())
    sql = (
        f"INSERT INTO {connection.ops.quote_name(table)} ({columns}) "
        f"SELECT %s, %s, seen.id, %s, %s FROM ({select}) seen"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, (member.clinic_id, member.pk, viewed_at, what[:40], *params))

"""The access log: every view of a patient's record, by whom and when. Its rows are audit
rows: each takes its place in the clinic's hash chain as it is written (audit_chain)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from toxfill.web.clinic.models import Membership, Patient, PatientAccess


def record_patient_view(member: Membership, patient: Patient, what: str) -> None:
    """Log that `member` viewed `what` of the patient's record (one row). Called by every
    read that shows a patient's record."""
    PatientAccess.objects.create(
        clinic_id=member.clinic_id, member=member, patient=patient, what=what
    )


def record_patients_seen(
    member: Membership, patient_ids: QuerySet[Any, Any] | Iterable[int], what: str
) -> None:
    """Log that `member` saw `what` of each of these patients (a list, a recall, an export):
    the same few queries however many there are (which of them are the clinic's patients, then
    one insert under the clinic's chain lock), and only patients of the member's own clinic are
    named. `patient_ids` are the patients' row IDs: a list, or a `values()` queryset (for an
    export, logged before its rows are read)."""
    if not isinstance(patient_ids, QuerySet):
        patient_ids = sorted(set(patient_ids))
        if not patient_ids:
            return
    seen = Patient.objects.filter(clinic_id=member.clinic_id, id__in=patient_ids).order_by()
    now = timezone.now()
    rows = [
        PatientAccess(
            clinic_id=member.clinic_id, member=member, patient_id=pk, viewed_at=now, what=what[:40]
        )
        for pk in sorted(seen.values_list("id", flat=True))
    ]
    if rows:
        PatientAccess.objects.bulk_create(rows)

"""The access log: every view of a patient's record, by whom and when."""

from __future__ import annotations

from toxfill.web.clinic.models import Membership, Patient, PatientAccess


def record_patient_view(member: Membership, patient: Patient, what: str) -> None:
    """Log that `member` viewed `what` of the patient's record (one row, no transaction
    needed). Called by every read that shows a patient's record."""
    PatientAccess.objects.create(
        clinic_id=member.clinic_id, member=member, patient=patient, what=what
    )

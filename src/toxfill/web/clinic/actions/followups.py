"""Follow-ups: made by charting (from the planner) or by hand, then booked, done or missed."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import transaction

from toxfill.errors import InputError
from toxfill.web.clinic.actions.changes import locked, save_changed, save_new, void
from toxfill.web.clinic.models import FollowUp, FollowUpStatus, Membership, Patient
from toxfill.web.clinic.roles import Permission, require


def schedule_followup(
    member: Membership, patient_id: uuid.UUID, *, due_on: dt.date, purpose: str, note: str = ""
) -> FollowUp:
    """A follow-up the planner did not make, e.g. a call after an adverse event."""
    require(member, Permission.SCHEDULE)
    if not purpose.strip():
        raise InputError("purpose", "say what the follow-up is for")
    with transaction.atomic():
        patient = locked(
            Patient.objects.filter(clinic_id=member.clinic_id), patient_id, "patient", None
        )
        if patient.voided_at is not None:
            raise InputError("patient", "is voided")
        followup = FollowUp(
            clinic_id=member.clinic_id,
            patient=patient,
            due_on=due_on,
            purpose=purpose.strip(),
            note=note,
        )
        save_new(followup, member)
    return followup


def set_followup_status(
    member: Membership, followup_id: uuid.UUID, *, version: int, status: str
) -> FollowUp:
    require(member, Permission.SCHEDULE)
    if status not in FollowUpStatus.values:
        raise InputError("status", f"must be one of {', '.join(FollowUpStatus.values)}")
    with transaction.atomic():
        followup = locked(
            FollowUp.objects.filter(clinic_id=member.clinic_id), followup_id, "follow-up", version
        )
        if followup.voided_at is not None:
            raise InputError("follow-up", "is voided")
        followup.status = status
        save_changed(followup, member, ["status"])
    return followup


def void_followup(
    member: Membership, followup_id: uuid.UUID, *, version: int, reason: str
) -> FollowUp:
    require(member, Permission.SCHEDULE)
    with transaction.atomic():
        followup = locked(
            FollowUp.objects.filter(clinic_id=member.clinic_id), followup_id, "follow-up", version
        )
        void(followup, member, reason)
    return followup

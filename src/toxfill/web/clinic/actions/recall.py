"""A lot's recall, worked through: the clinic ticks each patient it has reached."""

from __future__ import annotations

import uuid

from django.db import transaction
from django.utils import timezone

from toxfill.errors import InputError
from toxfill.web.clinic import audit_chain
from toxfill.web.clinic.actions.changes import save_changed, save_new
from toxfill.web.clinic.errors import RecordNotFound
from toxfill.web.clinic.models import (
    InjectionPoint,
    Membership,
    Patient,
    ProductLot,
    RecallContact,
)
from toxfill.web.clinic.roles import Permission, may, require


def mark_recall_contact(
    member: Membership, lot_id: uuid.UUID, patient_id: uuid.UUID, *, contacted: bool
) -> RecallContact:
    """Tick (or untick) a patient of a lot's recall as reached, by this member, now. Those
    who chart or manage lots may: the people who work a recall."""
    if not may(member, Permission.CHART):
        require(member, Permission.MANAGE_LOTS)
    clinic_id = member.clinic_id
    lot = ProductLot.objects.filter(clinic_id=clinic_id, public_id=lot_id).first()
    patient = Patient.objects.filter(clinic_id=clinic_id, public_id=patient_id).first()
    if lot is None:
        raise RecordNotFound("lot")
    if patient is None:
        raise RecordNotFound("patient")
    received = InjectionPoint.objects.filter(
        clinic_id=clinic_id, lot=lot, session__patient=patient, session__voided_at__isnull=True
    )
    if not received.exists():
        raise InputError("patient", "did not receive this lot: there is nothing to recall")
    with transaction.atomic():
        audit_chain.hold(clinic_id)  # before the tick's lock: see audit_chain
        contact = (
            RecallContact.objects.select_for_update()
            .filter(clinic_id=clinic_id, lot=lot, patient=patient)
            .first()
        )
        when = timezone.now() if contacted else None
        who = member if contacted else None
        if contact is None:
            contact = RecallContact(
                clinic_id=clinic_id, lot=lot, patient=patient, contacted_at=when, contacted_by=who
            )
            save_new(contact, member, "recall: reached" if contacted else "")
        elif (contact.contacted_at is not None) != contacted:
            contact.contacted_at, contact.contacted_by = when, who
            reason = "recall: reached" if contacted else "recall: not reached after all"
            save_changed(contact, member, ["contacted_at", "contacted_by"], reason)
    return contact

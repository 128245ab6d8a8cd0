"""Reminder emails to patients a set number of days before a follow-up is due, in the language
each patient reads.

Sent by the scheduler (clinic/tasks.py), not a member: the row records when it was sent, so
each follow-up is reminded once. The email and the log name no treatment or health detail.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from simple_history.utils import get_history_manager_for_model

from toxfill.web.clinic import audit_chain
from toxfill.web.clinic.models import Clinic, FollowUp, FollowUpStatus

log = logging.getLogger("toxfill.reminders")

REMINDED = "reminder emailed to the patient"
"""The reason the change history gives for a reminder's `reminded_at`."""


def remind_followups(*, on: dt.date, days_before: int, limit: int = 500) -> int:
    """Email every patient with an open follow-up due `days_before` days after `on` (or
    sooner, if a reminder was missed), not yet reminded; returns how many were sent."""
    due_by = on + dt.timedelta(days=days_before)
    sent = 0
    # One clinic at a time: each read and update stays in one clinic's rows (and shard).
    for clinic_id in Clinic.objects.order_by("pk").values_list("pk", flat=True):
        if sent < limit:
            sent += _remind_at(clinic_id, on=on, due_by=due_by, limit=limit - sent)
    return sent


def _remind_at(clinic_id: int, *, on: dt.date, due_by: dt.date, limit: int) -> int:
    due = FollowUp.objects.filter(
        clinic_id=clinic_id,
        status__in=(FollowUpStatus.DUE, FollowUpStatus.BOOKED),
        voided_at__isnull=True,
        reminded_at__isnull=True,
        due_on__gte=on,
        due_on__lte=due_by,
        patient__voided_at__isnull=True,
    ).exclude(patient__email="")
    sent = 0
    for pk in list(due.order_by("due_on").values_list("pk", flat=True)[:limit]):
        # One follow-up a transaction: the clinic's audit chain, locked before the follow-up
        # (see audit_chain), is held for one email at a time, not a whole batch.
        with transaction.atomic():
            audit_chain.hold(clinic_id)
            # skip_locked: two schedulers running at once never send the same reminder twice;
            # the conditions are checked again under the lock
            followup = (
                due.select_for_update(skip_locked=True, of=("self",))
                .select_related("patient", "clinic")
                .filter(pk=pk)
                .first()
            )
            if followup is None:
                continue
            _remind(followup)
        sent += 1
    return sent


def _remind(followup: FollowUp) -> None:
    context = {"followup": followup, "patient": followup.patient, "clinic": followup.clinic}
    # In the language the patient reads, its dates too, whatever the scheduler's own.
    with translation.override(followup.patient.reads_in):
        subject = render_to_string("clinic/email/reminder_subject.txt", context).strip()
        message = render_to_string("clinic/email/reminder.txt", context)
    send_mail(
        subject=subject,
        message=message,
        from_email=None,
        recipient_list=[followup.patient.email],
    )
    followup.reminded_at = timezone.now()
    FollowUp.objects.filter(clinic_id=followup.clinic_id, pk=followup.pk).update(
        reminded_at=followup.reminded_at
    )
    # A queryset UPDATE bypasses save(): its history row is written here, by toxfill itself
    # (no user). The version stays: an email sent makes no open form stale.
    get_history_manager_for_model(FollowUp).bulk_history_create(
        [followup], update=True, default_change_reason=REMINDED
    )
    log.info("follow-up reminder sent: follow-up %s, due %s", followup.public_id, followup.due_on)

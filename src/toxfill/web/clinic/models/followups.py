"""Follow-ups: the visits the planner says a session needs, and what became of them."""

from __future__ import annotations

import datetime as dt

from django.db import models

from toxfill.web.clinic.models.base import (
    ClinicHistory,
    ClinicRecord,
    SameClinicForeignKey,
    Voidable,
)

# A follow-up kept no later than this many days after its due date was kept on time: a week
# is close enough for a two-week check-up and a months-long maintenance gap alike, and it is
# what a front desk can book around one clinic week. Kept early counts as on time.
ON_TIME_GRACE_DAYS = 7


def kept_on_time(due_on: dt.date, completed_on: dt.date) -> bool:
    """Whether a follow-up due on `due_on` and kept on `completed_on` was kept on time."""
    return completed_on <= due_on + dt.timedelta(days=ON_TIME_GRACE_DAYS)


class FollowUpStatus(models.TextChoices):
    DUE = "due", "Due"
    BOOKED = "booked", "Booked"
    DONE = "done", "Done"
    MISSED = "missed", "Missed"
    CANCELLED = "cancelled", "Cancelled"


class FollowUp(ClinicRecord, Voidable):
    patient = SameClinicForeignKey(
        "clinic.Patient", on_delete=models.PROTECT, db_index=False, related_name="followups"
    )
    session = SameClinicForeignKey(
        "clinic.TreatmentSession",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        db_index=False,
        related_name="followups",
    )
    due_on = models.DateField()
    option = models.CharField(max_length=64, blank=True)  # the treatment it follows up
    product = models.CharField(max_length=64, blank=True)
    purpose = models.CharField(max_length=40)  # review, course, maintenance (the planner's)
    note = models.TextField(blank=True)  # the planner's words for it
    status = models.CharField(
        max_length=12, choices=FollowUpStatus.choices, default=FollowUpStatus.DUE
    )
    reminded_at = models.DateTimeField(null=True, blank=True)  # the patient's reminder email
    completed_on = models.DateField(null=True, blank=True)  # the day it was kept: done only
    history = ClinicHistory()

    class Meta(ClinicRecord.Meta):
        # The due lists read current rows soonest first and stop at a page: indexes in that
        # order (the open ones alone for the workspace's list) end the scan at the page's end
        # however many follow-ups a clinic has kept over the years.
        indexes = (
            models.Index(
                fields=["clinic", "due_on", "id"],
                condition=models.Q(voided_at__isnull=True),
                name="clinic_followup_due_list",
            ),
            models.Index(
                fields=["clinic", "due_on", "id"],
                condition=models.Q(
                    voided_at__isnull=True,
                    status__in=[FollowUpStatus.DUE, FollowUpStatus.BOOKED],
                ),
                name="clinic_followup_open_due_list",
            ),
            models.Index(
                fields=["clinic", "status", "due_on", "id"], name="clinic_followup_status_due"
            ),
            models.Index(fields=["clinic", "patient", "due_on"]),
            models.Index(fields=["clinic", "session"]),
        )

    @property
    def kept_late(self) -> bool:
        """Done, but later than the grace allows (see `kept_on_time`)."""
        return (
            self.status == FollowUpStatus.DONE
            and self.completed_on is not None
            and not kept_on_time(self.due_on, self.completed_on)
        )

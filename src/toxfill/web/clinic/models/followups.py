"""Follow-ups: the visits the planner says a session needs, and what became of them."""

from __future__ import annotations

from django.db import models

from toxfill.web.clinic.models.base import ClinicHistory, ClinicRecord, Voidable


class FollowUpStatus(models.TextChoices):
    DUE = "due", "Due"
    BOOKED = "booked", "Booked"
    DONE = "done", "Done"
    MISSED = "missed", "Missed"
    CANCELLED = "cancelled", "Cancelled"


class FollowUp(ClinicRecord, Voidable):
    patient = models.ForeignKey(
        "clinic.Patient", on_delete=models.PROTECT, db_index=False, related_name="followups"
    )
    session = models.ForeignKey(
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
    history = ClinicHistory()

    class Meta(ClinicRecord.Meta):
        indexes = (
            models.Index(fields=["clinic", "status", "due_on"]),
            models.Index(fields=["clinic", "patient", "due_on"]),
            models.Index(fields=["clinic", "session"]),
        )

"""Adverse events: triaged by the core on entry, graded by the clinician."""

from __future__ import annotations

from django.db import models

from toxfill.web.clinic.models.base import (
    ClinicHistory,
    ClinicRecord,
    SameClinicForeignKey,
    Voidable,
)


class Severity(models.TextChoices):
    MILD = "mild", "Mild"
    MODERATE = "moderate", "Moderate"
    SEVERE = "severe", "Severe"
    LIFE_THREATENING = "life-threatening", "Life-threatening"


class Outcome(models.TextChoices):
    ONGOING = "ongoing", "Ongoing"
    RESOLVED = "resolved", "Resolved"
    RESOLVED_WITH_SEQUELAE = "resolved-with-sequelae", "Resolved with lasting effects"
    UNKNOWN = "unknown", "Unknown"


class EventOrigin(models.TextChoices):
    """Who first told the clinic: kept as recorded, whatever grading later writes."""

    CLINIC = "clinic", "Recorded at the clinic"
    PATIENT_LINK = "patient-link", "Reported by the patient through their link"


class AdverseEvent(ClinicRecord, Voidable):
    session = SameClinicForeignKey(
        "clinic.TreatmentSession", on_delete=models.PROTECT, db_index=False, related_name="events"
    )
    patient = SameClinicForeignKey(
        "clinic.Patient", on_delete=models.PROTECT, db_index=False, related_name="events"
    )
    onset_at = models.DateTimeField()
    symptoms = models.JSONField(default=list)  # symptom IDs from the vocabulary
    urgency = models.CharField(max_length=16)  # computed by triage on entry, never typed in
    triage = models.JSONField(default=list, blank=True)  # the triage results, most urgent first
    knowledge_version = models.CharField(max_length=40, blank=True)
    severity = models.CharField(max_length=20, choices=Severity.choices, blank=True)
    actions = models.TextField(blank=True)
    hyaluronidase_units = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    outcome = models.CharField(max_length=24, choices=Outcome.choices, default=Outcome.ONGOING)
    reported_to_regulator = models.BooleanField(default=False)
    reported_on = models.DateField(null=True, blank=True)
    # For a patient's report, the provider who reviews it (the session's), not who wrote it.
    recorded_by = models.ForeignKey(
        "clinic.Membership", on_delete=models.PROTECT, db_index=False, related_name="+"
    )
    origin = models.CharField(
        max_length=16,
        choices=EventOrigin.choices,
        default=EventOrigin.CLINIC,
        db_default=EventOrigin.CLINIC,
    )
    history = ClinicHistory()

    class Meta(ClinicRecord.Meta):
        indexes = (
            models.Index(fields=["clinic", "session"]),
            models.Index(fields=["clinic", "patient", "onset_at"]),
            models.Index(fields=["clinic", "urgency", "onset_at"]),
        )

"""Before and after photos: files in Django storage (never a public URL), rows here."""

from __future__ import annotations

from django.db import models

from toxfill.web.clinic.models.base import (
    ClinicHistory,
    ClinicRecord,
    SameClinicForeignKey,
    Voidable,
)


class Angle(models.TextChoices):
    FRONT = "front", "Front"
    LEFT_OBLIQUE = "left-oblique", "Left oblique"
    RIGHT_OBLIQUE = "right-oblique", "Right oblique"
    LEFT_PROFILE = "left-profile", "Left profile"
    RIGHT_PROFILE = "right-profile", "Right profile"
    TREATED_AREA = "treated-area", "Treated area, close"


class Photo(ClinicRecord, Voidable):
    """One photo of a session at a standard angle; location data stripped on upload. `image`
    and `thumbnail` are names in the "photos" storage, served only through the workspace."""

    session = SameClinicForeignKey(
        "clinic.TreatmentSession", on_delete=models.PROTECT, db_index=False, related_name="photos"
    )
    patient = SameClinicForeignKey(
        "clinic.Patient", on_delete=models.PROTECT, db_index=False, related_name="photos"
    )
    angle = models.CharField(max_length=20, choices=Angle.choices)
    image = models.CharField(max_length=200)
    thumbnail = models.CharField(max_length=200)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    taken_by = models.ForeignKey(
        "clinic.Membership", on_delete=models.PROTECT, db_index=False, related_name="+"
    )
    history = ClinicHistory()

    class Meta(ClinicRecord.Meta):
        indexes = (
            models.Index(fields=["clinic", "patient", "angle", "created_at"]),
            models.Index(fields=["clinic", "session"]),
        )

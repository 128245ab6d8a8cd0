"""Who viewed which patient's record, and when; and the API tokens people sign in with."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class PatientAccess(models.Model):
    """One view of a patient's record. Append-only: no history, never changed."""

    clinic = models.ForeignKey(
        "clinic.Clinic", on_delete=models.PROTECT, db_index=False, related_name="+"
    )
    member = models.ForeignKey(
        "clinic.Membership", on_delete=models.PROTECT, db_index=False, related_name="+"
    )
    patient = models.ForeignKey(
        "clinic.Patient", on_delete=models.PROTECT, db_index=False, related_name="+"
    )
    viewed_at = models.DateTimeField(default=timezone.now)
    what = models.CharField(max_length=40)  # which part: record, sessions, events, history

    class Meta:
        indexes = (
            models.Index(fields=["clinic", "viewed_at"]),
            models.Index(fields=["clinic", "patient", "viewed_at"]),
        )

    def __str__(self) -> str:
        return f"{self.member_id} viewed {self.patient_id} ({self.what}) at {self.viewed_at}"


class TokenScope(models.TextChoices):
    READ = "read", "Read"  # GET only: a write is refused with 403
    READ_WRITE = "read-write", "Read and write"


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 digest is stored: the secret is shown once.
    A token belongs to a person, not a clinic; the membership is checked on every call.
    It reads, or reads and writes, until it expires or is revoked; it never makes tokens."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens"
    )
    public_id = models.UUIDField(unique=True)
    name = models.CharField(max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    scope = models.CharField(max_length=20, choices=TokenScope.choices, default=TokenScope.READ)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name

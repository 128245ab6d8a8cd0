"""Who viewed which patient's record, and when; the API tokens people sign in with; and the
calendar feeds their calendar apps read the follow-ups through."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from toxfill.web.clinic.models.audit import AuditRow
from toxfill.web.clinic.models.base import SameClinicForeignKey, SameClinicRow


class PatientAccess(AuditRow, SameClinicRow):
    """One view of a patient's record. An audit row: append-only, in the clinic's chain."""

    clinic = models.ForeignKey(
        "clinic.Clinic", on_delete=models.PROTECT, db_index=False, related_name="+"
    )
    member = models.ForeignKey(
        "clinic.Membership", on_delete=models.PROTECT, db_index=False, related_name="+"
    )
    patient = SameClinicForeignKey(
        "clinic.Patient", on_delete=models.PROTECT, db_index=False, related_name="+"
    )
    viewed_at = models.DateTimeField(default=timezone.now)
    what = models.CharField(max_length=40)  # which part: record, sessions, events, history

    class Meta:
        indexes = (
            models.Index(fields=["clinic", "viewed_at"]),
            models.Index(fields=["clinic", "patient", "viewed_at"]),
        )
        constraints = (
            models.UniqueConstraint(
                fields=["clinic", "chain_seq"], name="clinic_patientaccess_chain_seq"
            ),
        )

    def __str__(self) -> str:
        return f"{self.member_id} viewed {self.patient_id} ({self.what}) at {self.viewed_at}"


class TokenScope(models.TextChoices):
    READ = "read", "Read"  # GET only: a write is refused with 403
    READ_WRITE = "read-write", "Read and write"
    # The read-only FHIR API under /fhir/r4/ and nothing else: /api/v1 refuses it (403), and
    # the two scopes above do not open FHIR (a token opens only the doors chosen when made).
    FHIR_READ = "fhir-read", "FHIR read"


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 digest is stored: the secret is shown once.
    A token belongs to a person, not a clinic; the membership is checked on every call.
    It reads, reads and writes, or reads FHIR only (its scope), until it expires or is revoked;
    it never makes tokens."""

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


class CalendarFeed(SameClinicRow):
    """One person's subscription to one clinic's follow-ups, for a calendar app that cannot
    sign in. Its secret (shown once, only the SHA-256 digest kept) reads that one calendar and
    nothing else; a person has at most one live feed per clinic."""

    clinic = models.ForeignKey(
        "clinic.Clinic", on_delete=models.PROTECT, db_index=False, related_name="+"
    )
    member = models.ForeignKey(
        "clinic.Membership", on_delete=models.PROTECT, db_index=False, related_name="+"
    )
    public_id = models.UUIDField()
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # clinic_id leads each, like every clinical table's: a feed is looked up by the
        # clinic in its address and its secret's digest.
        constraints = (
            models.UniqueConstraint(
                fields=["clinic", "public_id"], name="clinic_calendarfeed_public_id"
            ),
            models.UniqueConstraint(fields=["clinic", "digest"], name="clinic_calendarfeed_digest"),
            models.UniqueConstraint(
                fields=["clinic", "member"],
                condition=models.Q(revoked_at__isnull=True),
                name="clinic_calendarfeed_one_live_per_member",
            ),
        )

    def __str__(self) -> str:
        return f"calendar feed of {self.member_id}"

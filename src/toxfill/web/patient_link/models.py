"""The patient link's tables: links (a token digest, never the token), the clinics' passport
signing keys, what a link opened, and the reports a patient sent, with their notifications."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from toxfill.web.clinic.models.base import ClinicRecord, SameClinicForeignKey, SameClinicRow


class PatientLink(ClinicRecord):
    """A personal link to one patient's record. Only the SHA-256 digest of its token is
    stored: the token is shown once, at issue. It expires, and can be revoked."""

    patient = SameClinicForeignKey(
        "clinic.Patient", on_delete=models.PROTECT, db_index=False, related_name="+"
    )
    digest = models.CharField(max_length=64, unique=True)
    issued_by = models.ForeignKey(
        "clinic.Membership", on_delete=models.PROTECT, db_index=False, related_name="+"
    )
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        "clinic.Membership",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        db_index=False,
        related_name="+",
    )
    last_opened_at = models.DateTimeField(null=True, blank=True)

    class Meta(ClinicRecord.Meta):
        indexes = (models.Index(fields=["clinic", "patient", "created_at"]),)

    def __str__(self) -> str:
        return f"link {self.public_id}"

    def state(self) -> str:
        """open, expired or revoked"""
        if self.revoked_at is not None:
            return "revoked"
        return "expired" if self.expires_at <= timezone.now() else "open"


class ClinicKey(SameClinicRow):
    """A clinic's EC P-256 key for signing passports, as a JWK. The private half never leaves
    the server and is stored sealed (sealing.py), so a database dump cannot sign; the public
    half, in clear, is published at /clinics/<id>/.well-known/jwks.json. A retired key stays
    published, so passports it signed before it was retired still verify; a withdrawn one does
    not."""

    clinic = models.ForeignKey(
        "clinic.Clinic", on_delete=models.PROTECT, db_index=False, related_name="+"
    )
    kid = models.CharField(max_length=64)
    sealed_jwk = models.TextField()  # the private JWK, encrypted: sealing.seal()
    public_jwk = models.JSONField()  # as published in the JWKS: passport.public_jwk()
    created_at = models.DateTimeField(default=timezone.now)
    retired_at = models.DateTimeField(null=True, blank=True)
    # Set when the key was retired as compromised: withdrawn from the published set at once,
    # so nothing it signed, before or after, verifies any more.
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["clinic", "kid"], name="link_clinic_kid"),
            # one current key per clinic, however many requests make the first one at once
            models.UniqueConstraint(
                fields=["clinic"],
                condition=models.Q(retired_at__isnull=True),
                name="link_clinic_one_current_key",
            ),
        )

    def __str__(self) -> str:
        return self.kid


class LinkAccess(SameClinicRow):
    """One page or download opened through a link: the access log's patient-side rows."""

    clinic = models.ForeignKey(
        "clinic.Clinic", on_delete=models.PROTECT, db_index=False, related_name="+"
    )
    link = SameClinicForeignKey(
        PatientLink, on_delete=models.PROTECT, db_index=False, related_name="+"
    )
    patient = SameClinicForeignKey(
        "clinic.Patient", on_delete=models.PROTECT, db_index=False, related_name="+"
    )
    viewed_at = models.DateTimeField(default=timezone.now)
    what = models.CharField(max_length=40)

    class Meta:
        indexes = (models.Index(fields=["clinic", "patient", "viewed_at"]),)

    def __str__(self) -> str:
        return f"{self.link_id} opened {self.what} at {self.viewed_at}"


class PatientReport(ClinicRecord):
    """A problem the patient reported through their link, with their consent to send it.
    Stored before anything else happens; the draft adverse event follows from it."""

    link = SameClinicForeignKey(
        PatientLink, on_delete=models.PROTECT, db_index=False, related_name="+"
    )
    patient = SameClinicForeignKey(
        "clinic.Patient", on_delete=models.PROTECT, db_index=False, related_name="+"
    )
    session = SameClinicForeignKey(
        "clinic.TreatmentSession", on_delete=models.PROTECT, db_index=False, related_name="+"
    )
    lot = SameClinicForeignKey(
        "clinic.ProductLot",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        db_index=False,
        related_name="+",
    )
    reference = models.CharField(max_length=16)
    symptoms = models.JSONField(default=list)
    days_since = models.PositiveIntegerField(null=True, blank=True)
    urgency = models.CharField(max_length=16)
    consented_at = models.DateTimeField()
    event = SameClinicForeignKey(
        "clinic.AdverseEvent",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        db_index=False,
        related_name="+",
    )
    knowledge_version = models.CharField(max_length=40, blank=True)

    class Meta(ClinicRecord.Meta):
        constraints = (
            *ClinicRecord.Meta.constraints,
            models.UniqueConstraint(fields=["clinic", "reference"], name="link_report_reference"),
        )
        indexes = (
            models.Index(fields=["clinic", "urgency", "created_at"]),
            # a link's reports in the last hour (the cap), and its open draft
            models.Index(fields=["clinic", "link", "created_at"]),
        )

    def __str__(self) -> str:
        return self.reference


class Notification(SameClinicRow):
    """A message to a member, shown on their dashboard: a report from a patient. Its email
    goes out at once, or, within the email interval, counted in the member's next email."""

    clinic = models.ForeignKey(
        "clinic.Clinic", on_delete=models.PROTECT, db_index=False, related_name="+"
    )
    recipient = models.ForeignKey(
        "clinic.Membership", on_delete=models.PROTECT, db_index=False, related_name="+"
    )
    report = SameClinicForeignKey(
        PatientReport, on_delete=models.PROTECT, db_index=False, related_name="+"
    )
    urgency = models.CharField(max_length=16)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # When the email that told the member went out (none while it waits for the interval);
    # set too when the member has no address, so it waits for nothing.
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = (
            models.Index(fields=["clinic", "recipient", "read_at"]),
            models.Index(fields=["clinic", "recipient", "emailed_at"]),
        )

    def __str__(self) -> str:
        return f"{self.urgency} report {self.report_id} for {self.recipient_id}"


class Satisfaction(models.IntegerChoices):
    VERY_UNHAPPY = 1, "Very unhappy"
    UNHAPPY = 2, "Unhappy"
    OKAY = 3, "Okay"
    HAPPY = 4, "Happy"
    VERY_HAPPY = 5, "Very happy"


class Symmetry(models.TextChoices):
    EVEN = "even", "Both sides look the same"
    SLIGHTLY_UNEVEN = "slightly-uneven", "A little uneven"
    UNEVEN = "uneven", "Clearly uneven"


class SideEffects(models.TextChoices):
    NONE = "none", "None"
    MILD = "mild", "Mild, and gone by now"
    ONGOING = "ongoing", "Still there"
    NEEDED_CARE = "needed-care", "I needed to see a doctor or nurse"


class OutcomeReview(ClinicRecord):
    """The patient's own two-week review of a first toxin or filler session."""

    link = SameClinicForeignKey(
        PatientLink, on_delete=models.PROTECT, db_index=False, related_name="+"
    )
    session = SameClinicForeignKey(
        "clinic.TreatmentSession", on_delete=models.PROTECT, db_index=False, related_name="+"
    )
    option = models.CharField(max_length=64)  # the treatment reviewed, an option ID
    satisfaction = models.PositiveSmallIntegerField(choices=Satisfaction.choices)
    symmetry = models.CharField(max_length=20, choices=Symmetry.choices)
    side_effects = models.CharField(max_length=20, choices=SideEffects.choices)

    class Meta(ClinicRecord.Meta):
        constraints = (
            *ClinicRecord.Meta.constraints,
            models.UniqueConstraint(
                fields=["clinic", "session", "option"], name="link_one_review_per_session"
            ),
        )

    def __str__(self) -> str:
        return f"review of {self.session_id} ({self.option})"

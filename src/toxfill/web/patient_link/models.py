"""The patient link's tables: links (a token digest, never the token), what a link opened, the
reports a patient sent, with their notifications, and which link carried a two-week review."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from toxfill.web.clinic.models.audit import AuditRow
from toxfill.web.clinic.models.base import ClinicRecord, SameClinicForeignKey, SameClinicRow


class PatientLink(ClinicRecord):
    """A personal link to one patient's record. Only the SHA-256 digest of its token is
    stored: the token is shown once, at issue. It expires, and can be revoked."""

    patient = SameClinicForeignKey(
        "clinic.Patient", on_delete=models.PROTECT, db_index=False, related_name="+"
    )
    digest = models.CharField(max_length=64)
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
        constraints = (
            *ClinicRecord.Meta.constraints,
            models.UniqueConstraint(fields=["clinic", "digest"], name="patient_link_digest"),
        )
        indexes = (models.Index(fields=["clinic", "patient", "created_at"]),)

    def __str__(self) -> str:
        return f"link {self.public_id}"

    def state(self) -> str:
        """open, expired or revoked"""
        if self.revoked_at is not None:
            return "revoked"
        return "expired" if self.expires_at <= timezone.now() else "open"


class LinkDirectory(models.Model):
    """Which clinic holds a link, by what its visitor brings (the token's digest, or the link's
    ID from a signed calendar address): read before any clinic is known, so the link itself is
    then read at its clinic. Small and written once a link: a distributed database copies it to
    every node (a reference table), and it is what keeps digests unique across clinics."""

    digest = models.CharField(max_length=64, unique=True)
    link_public_id = models.UUIDField(unique=True)
    clinic = models.ForeignKey(
        "clinic.Clinic", on_delete=models.PROTECT, db_index=False, related_name="+"
    )

    def __str__(self) -> str:
        return f"link {self.link_public_id} at clinic {self.clinic_id}"


class LinkAccess(AuditRow, SameClinicRow):
    """One page or download opened through a link: the access log's patient-side rows. An
    audit row: append-only, in the clinic's chain."""

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
        constraints = (
            models.UniqueConstraint(
                fields=["clinic", "chain_seq"], name="patient_link_linkaccess_chain_seq"
            ),
        )

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


class SentReview(SameClinicRow):
    """Which link a patient's two-week review came through. The review is the clinic's record
    (clinic.OutcomeReview); the link that carried it is the link's own to keep."""

    clinic = models.ForeignKey(
        "clinic.Clinic", on_delete=models.PROTECT, db_index=False, related_name="+"
    )
    review = SameClinicForeignKey(
        "clinic.OutcomeReview", on_delete=models.PROTECT, db_index=False, related_name="+"
    )
    link = SameClinicForeignKey(
        PatientLink, on_delete=models.PROTECT, db_index=False, related_name="+"
    )

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["clinic", "review"], name="link_one_link_per_review"),
        )

    def __str__(self) -> str:
        return f"review {self.review_id} sent through link {self.link_id}"


class HealthLink(ClinicRecord):
    """A SMART Health Link to the record a patient link opens, as its passport PDF prints it.

    Neither of its secrets is kept: of the manifest ID (256 random bits, in its address) only
    the SHA-256 digest, and the key to its files not at all. The files were encrypted with the
    key when the link was made and only their ciphertext is kept (compact JWE): the key is in
    the QR code alone, so the database cannot read them. It expires, can be revoked, and closes
    with its patient link."""

    link = SameClinicForeignKey(
        PatientLink, on_delete=models.PROTECT, db_index=False, related_name="+"
    )
    digest = models.CharField(max_length=64)
    # [{"contentType": ..., "jwe": ...}], in the manifest's order
    files = models.JSONField(default=list)
    flag = models.CharField(max_length=3, blank=True)
    # A link flagged P: its passcode as Django's password hasher keeps one (never the passcode
    # itself), and how many wrong passcodes it still takes before it stops working for good.
    passcode_hash = models.CharField(max_length=200, blank=True)
    passcode_attempts_left = models.PositiveSmallIntegerField(default=0)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    access_count = models.PositiveIntegerField(default=0)
    last_accessed_at = models.DateTimeField(null=True, blank=True)

    class Meta(ClinicRecord.Meta):
        constraints = (
            *ClinicRecord.Meta.constraints,
            models.UniqueConstraint(fields=["clinic", "digest"], name="health_link_digest"),
        )
        indexes = (models.Index(fields=["clinic", "link", "created_at"]),)

    def __str__(self) -> str:
        return f"health link {self.public_id}"


class HealthLinkAccess(AuditRow, SameClinicRow):
    """One request to a health link's manifest or file, with the recipient it named. An audit
    row: append-only, in the clinic's chain."""

    clinic = models.ForeignKey(
        "clinic.Clinic", on_delete=models.PROTECT, db_index=False, related_name="+"
    )
    health_link = SameClinicForeignKey(
        HealthLink, on_delete=models.PROTECT, db_index=False, related_name="+"
    )
    recipient = models.CharField(max_length=200, blank=True)
    what = models.CharField(max_length=20)
    accessed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = (models.Index(fields=["clinic", "health_link", "accessed_at"]),)
        constraints = (
            models.UniqueConstraint(
                fields=["clinic", "chain_seq"], name="patient_link_healthlinkaccess_chain_seq"
            ),
        )

    def __str__(self) -> str:
        return f"{self.health_link_id} {self.what} for {self.recipient!r} at {self.accessed_at}"

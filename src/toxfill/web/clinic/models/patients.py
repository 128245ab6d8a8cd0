"""Patients and their consents."""

from __future__ import annotations

from django.db import models

from toxfill.knowledge.translation import ENGLISH, LANGUAGES
from toxfill.web.clinic.models.base import (
    ClinicHistory,
    ClinicRecord,
    SameClinicForeignKey,
    Voidable,
)


class Patient(ClinicRecord, Voidable):
    """Identity, contact, and what bears on treatment: health factors (vocabulary IDs,
    checked against the knowledge base) and allergies in the clinician's words."""

    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    health_factors = models.JSONField(default=list, blank=True)
    allergies = models.TextField(blank=True)
    # The language of everything the patient receives: the link's pages, the aftercare sheet,
    # the passport and the emails (read it as `reads_in`). NULL for a patient registered before
    # it was asked, who reads English: a column added with a value in every row would change
    # the hash of every history row written before (audit_chain), and SQLite adds a NULL column
    # in place, where a column with a default rebuilds the table (losing its triggers).
    preferred_language = models.CharField(  # noqa: DJ001 (NULL on purpose: see above)
        max_length=8, null=True, blank=True, default=None, choices=list(LANGUAGES.items())
    )
    history = ClinicHistory()

    class Meta(ClinicRecord.Meta):
        indexes = (models.Index(fields=["clinic", "family_name", "given_name"]),)

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def reads_in(self) -> str:
        """The language the patient reads: the one recorded, else English."""
        return self.preferred_language or ENGLISH

    @property
    def reads_in_name(self) -> str:
        return LANGUAGES[self.reads_in]


class Consent(ClinicRecord, Voidable):
    """A signed consent for one kind of treatment (an option ID, e.g. botulinum-toxin, or
    "photo" for clinical photographs). Withdrawn is the patient's choice; voided, a mistake."""

    patient = SameClinicForeignKey(
        Patient, on_delete=models.PROTECT, db_index=False, related_name="consents"
    )
    treatment = models.CharField(max_length=64)
    text_version = models.CharField(max_length=40)  # which wording of the form was signed
    signed_at = models.DateTimeField()
    signed_by = models.CharField(max_length=200)  # the patient, or who signed for them
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        "clinic.Membership", on_delete=models.PROTECT, db_index=False, related_name="+"
    )
    history = ClinicHistory()

    class Meta(ClinicRecord.Meta):
        indexes = (models.Index(fields=["clinic", "patient", "treatment"]),)

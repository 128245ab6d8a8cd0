"""A clinic (the tenant) and its members: one person can work at two clinics in two roles."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from toxfill.records.emergency_plan import EscalationContact
from toxfill.records.phone import tel_uri
from toxfill.web.clinic.models.base import ClinicHistory, ClinicRecord


class Clinic(models.Model):
    """The tenant. Times are stored in UTC and shown in `time_zone`."""

    public_id = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    name = models.CharField(max_length=200)
    time_zone = models.CharField(max_length=64, default="UTC")  # an IANA zone name
    jurisdiction = models.CharField(max_length=100, blank=True)  # where it is licensed
    is_demo = models.BooleanField(default=False)  # its members sign in only in demo mode
    # Calendar apps sync to phones and clouds outside the clinic: names only if a manager says.
    calendar_shows_patient_names = models.BooleanField(default=False)
    # Everyone signs in with a second factor (an authenticator app or a passkey): a manager's
    # switch; a member without one is sent to set one up before anything else.
    requires_two_factor = models.BooleanField(default=False)
    # What a patient calls with a worry: shown as a call button on the aftercare sheet and the
    # patient's link, beside the emergency number (never instead of it). A manager sets both.
    phone = models.CharField(max_length=40, blank=True)
    out_of_hours = models.CharField(max_length=300, blank=True)  # e.g. "After 6 pm, call ..."
    # The team's side of an emergency, in the clinic's own words (where the hyaluronidase is,
    # the dose its protocol sets, who gives it) and whom to call: shown on every adverse event
    # beside the cited steps. A manager sets both; contacts are [{"name", "phone"}], NULL for
    # none (an empty column keeps the hashes of the clinic's earlier history rows as they were).
    emergency_protocol = models.TextField(blank=True, default="", max_length=2000)
    escalation_contacts = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=1)
    history = ClinicHistory()

    def __str__(self) -> str:
        return self.name

    @property
    def tel(self) -> str:
        """The clinic's number as a `tel:` address a phone dials with one tap ("" if none)."""
        return tel_uri(self.phone) if self.phone else ""

    @property
    def contacts(self) -> tuple[EscalationContact, ...]:
        """The people the team calls in an emergency, each with a `tel:` address."""
        return tuple(
            EscalationContact(name=c["name"], phone=c["phone"])
            for c in self.escalation_contacts or ()
        )


class Role(models.TextChoices):
    PROVIDER = "provider", "Provider"  # charts sessions and adverse events
    FRONT_DESK = "front-desk", "Front desk"  # patients, consent, scheduling; no clinical notes
    MANAGER = "manager", "Manager"  # members, lots, reports
    AUDITOR = "auditor", "Auditor"  # reads everything, and the access log; writes nothing


class Membership(ClinicRecord):
    """A person's role at one clinic; a provider's licence details live here too, because
    the licence is checked against the jurisdiction the clinic works in."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, db_index=False, related_name="+"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    licence_type = models.CharField(max_length=100, blank=True)  # e.g. registered nurse
    licence_number = models.CharField(max_length=100, blank=True)
    licence_jurisdiction = models.CharField(max_length=100, blank=True)
    licence_valid_from = models.DateField(null=True, blank=True)
    licence_expires = models.DateField(null=True, blank=True)
    # A US provider's National Provider Identifier: public in the NPPES registry, checked by
    # records.checked_npi when it is written
    npi = models.CharField(max_length=10, blank=True)
    # The clinic whose manager entered the licence (or proposed it and its holder accepted):
    # only that clinic's managers change it, so another clinic cannot type a licence onto
    # someone whose licence is vouched for elsewhere.
    licence_verified_at = models.ForeignKey(
        "clinic.Clinic",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        db_index=False,
        related_name="+",
    )
    ended_at = models.DateTimeField(null=True, blank=True)  # memberships end, never vanish
    history = ClinicHistory()

    class Meta(ClinicRecord.Meta):
        constraints = (
            *ClinicRecord.Meta.constraints,
            models.UniqueConstraint(fields=["clinic", "user"], name="clinic_membership_user"),
        )

    def __str__(self) -> str:
        return f"{self.user} ({self.role})"

    @property
    def active(self) -> bool:
        return self.ended_at is None

    @property
    def display_name(self) -> str:
        """The person's full name, or their username when they gave none."""
        return display_name(self.user.first_name, self.user.last_name, self.user.get_username())


def display_name(first_name: str, last_name: str, username: str) -> str:
    """A member's name as shown (Membership.display_name), from their account's columns: as
    Django's User.get_full_name, else the username."""
    return f"{first_name} {last_name}".strip() or username

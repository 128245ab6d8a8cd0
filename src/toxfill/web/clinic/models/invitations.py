"""An invitation to work at a clinic: nobody becomes a member without saying yes."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from toxfill.web.clinic.models.base import ClinicHistory, ClinicRecord
from toxfill.web.clinic.models.clinics import Role

INVITATION_LIFETIME = dt.timedelta(days=14)
LICENCE_FIELDS = (
    "licence_type",
    "licence_number",
    "licence_jurisdiction",
    "licence_valid_from",
    "licence_expires",
    "npi",
)


PENDING = "pending"  # an invitation with no answer yet, not expired


class Answer(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"  # by a manager of the clinic
    EXPIRED = "expired", "Expired"  # closed when the clinic invited the person again


class Invitation(ClinicRecord):
    """A clinic's offer of a role to a person, which only that person, signed in, accepts.

    The licence fields are the inviting manager's proposal: they reach the membership only
    when its holder accepts them. Until then the person has no access to the clinic.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, db_index=False, related_name="+"
    )
    invited_by = models.ForeignKey(
        "clinic.Membership", on_delete=models.PROTECT, db_index=False, related_name="+"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    licence_type = models.CharField(max_length=100, blank=True)
    licence_number = models.CharField(max_length=100, blank=True)
    licence_jurisdiction = models.CharField(max_length=100, blank=True)
    licence_valid_from = models.DateField(null=True, blank=True)
    licence_expires = models.DateField(null=True, blank=True)
    npi = models.CharField(max_length=10, blank=True)
    expires_at = models.DateTimeField()
    answer = models.CharField(max_length=20, choices=Answer.choices, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    history = ClinicHistory()

    class Meta(ClinicRecord.Meta):
        constraints = (
            *ClinicRecord.Meta.constraints,
            # one open invitation per person and clinic, even when two managers race
            models.UniqueConstraint(
                fields=["clinic", "user"], condition=Q(answer=""), name="clinic_invitation_open"
            ),
        )

    def __str__(self) -> str:
        return f"{self.user} invited as {self.role}"

    @property
    def status(self) -> str:
        """pending, expired (unanswered past `expires_at`), or the answer."""
        if self.answer:
            return self.answer
        return PENDING if timezone.now() < self.expires_at else Answer.EXPIRED.value

    @property
    def proposed_licence(self) -> dict[str, object]:
        """The licence fields the inviting manager filled in."""
        fields = {name: getattr(self, name) for name in LICENCE_FIELDS}
        return {name: value for name, value in fields.items() if value not in ("", None)}

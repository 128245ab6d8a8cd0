"""The clinic's passport signing keys."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from toxfill.web.clinic.models.base import SameClinicRow


class ClinicKey(SameClinicRow):
    """A clinic's EC P-256 key for signing passports, as a JWK. The private half never leaves
    the server and is stored sealed (signing/sealing.py), so a database dump cannot sign; the
    public half, in clear, is published at /clinics/<id>/.well-known/jwks.json. A retired key
    stays published, so passports it signed before it was retired still verify; a withdrawn
    one does not."""

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
        # The table and its constraints keep the names they were made with in the patient
        # link app, which held the keys before the clinic did: renaming a table moves no data.
        db_table = "patient_link_clinickey"
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

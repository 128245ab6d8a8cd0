"""A person's second factors for signing in: passkeys and recovery codes. (The authenticator
app's secret is django-otp's TOTPDevice.) Like API tokens, they belong to the person, not to a
clinic: one passkey opens every clinic the person works at."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Passkey(models.Model):
    """A WebAuthn credential (a passkey or a security key). Only its public half is kept:
    `credential` is the authenticator's attested credential data (ID, algorithm and public
    key), as python-fido2 reads it back."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="passkeys"
    )
    name = models.CharField(max_length=64)
    credential_id = models.BinaryField(max_length=1023, unique=True)
    credential = models.BinaryField(max_length=4096)
    # The authenticator's signature counter: one that goes backwards is a cloned key. Synced
    # passkeys always say 0, which is allowed.
    sign_count = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name


class RecoveryCode(models.Model):
    """One single-use code for when the phone or the passkey is lost: shown once, kept only as
    a SHA-256 digest (each code has 120 random bits, so a fast hash is enough)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes"
    )
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"recovery code of {self.user_id}"

"""Writes sent to the clinic API with an Idempotency-Key, and the answers they got."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class IdempotentRequest(models.Model):
    """One write, by the person's key: a retry with the same key is answered from here and
    writes nothing. Kept per person (a token and a session of the same person share keys),
    not per clinic: a few writes (tokens, signing out) belong to no clinic."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, db_index=False, related_name="+"
    )
    key = models.CharField(max_length=255)
    digest = models.CharField(max_length=64)  # SHA-256 of the method, path and body
    created_at = models.DateTimeField(default=timezone.now)
    status = models.PositiveSmallIntegerField(default=0)
    content_type = models.CharField(max_length=100, blank=True)
    # Empty for an answer that held a secret shown once (a token, a patient's link).
    body = models.BinaryField(default=b"")
    answer_kept = models.BooleanField(default=True)

    class Meta:
        constraints = (
            # Two retries racing: the second insert waits for the first, then fails.
            models.UniqueConstraint(fields=("user", "key"), name="clinic_idempotency_key_once"),
        )

    def __str__(self) -> str:
        return f"{self.user_id} {self.key!r}: {self.status}"

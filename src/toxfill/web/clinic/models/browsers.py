"""The browsers a person is signed in on: one row per signed-in session, so that they can see
where they are signed in and end the others, and a manager can end all of someone's."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class SignedInBrowser(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, db_index=False, related_name="+"
    )
    # The session's key, as django_session keeps it: what ends the session on the server.
    session_key = models.CharField(max_length=40, unique=True)
    signed_in_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)  # to the minute (idle_sign_out)
    address = models.CharField(max_length=64, blank=True)
    agent = models.CharField(max_length=200, blank=True)  # the browser's User-Agent, cut short

    class Meta:
        indexes = (models.Index(fields=["user", "signed_in_at"]),)

    def __str__(self) -> str:
        return f"{self.user_id} signed in at {self.signed_in_at} from {self.address}"

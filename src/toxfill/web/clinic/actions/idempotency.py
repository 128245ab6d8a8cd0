"""Idempotency keys: a write is done once per key, and a retry gets the first answer."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone

from toxfill.web.clinic.models import IdempotentRequest

KEPT_FOR = dt.timedelta(hours=24)


def claim_idempotency_key(user: User, key: str, digest: str) -> tuple[IdempotentRequest, bool]:
    """The person's request under `key`: claimed now (True), or the earlier one (False).

    Call it inside the transaction that makes the write: the claim is undone with the write,
    and a concurrent claim of the same key waits on the unique constraint until this one
    commits (then it finds the answer) or rolls back (then it claims the key itself).
    The person's keys older than KEPT_FOR are forgotten first."""
    IdempotentRequest.objects.filter(user=user, created_at__lt=timezone.now() - KEPT_FOR).delete()
    try:
        with transaction.atomic():
            return IdempotentRequest.objects.create(user=user, key=key, digest=digest), True
    except IntegrityError:
        return IdempotentRequest.objects.get(user=user, key=key), False


def forget_old_idempotency_keys() -> int:
    """Every person's keys older than KEPT_FOR, answers and all: how many were deleted."""
    deleted, _ = IdempotentRequest.objects.filter(created_at__lt=timezone.now() - KEPT_FOR).delete()
    return deleted


def keep_answer(
    claim: IdempotentRequest, status: int, content_type: str, body: bytes, *, secret: bool
) -> None:
    """Store the answer a claimed request got; an answer holding a secret shown once is not
    stored (only that it was given)."""
    claim.status, claim.content_type = status, content_type
    claim.body, claim.answer_kept = (b"", False) if secret else (body, True)
    claim.save(update_fields=["status", "content_type", "body", "answer_kept"])

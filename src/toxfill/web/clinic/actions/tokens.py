"""Personal API tokens: made by their owner, shown once, stored as a digest, revocable.

A token has the least power asked for: a scope (`read` unless `read-write` is asked for) and
an expiry (90 days unless told, at most a year)."""

from __future__ import annotations

import datetime as dt
import uuid

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from toxfill.errors import InputError
from toxfill.web.clinic.auth import new_token_secret
from toxfill.web.clinic.errors import RecordNotFound
from toxfill.web.clinic.models import ApiToken, TokenScope

DEFAULT_DAYS = 90
MAX_DAYS = 365


def create_token(
    user: User,
    *,
    name: str,
    scope: str = TokenScope.READ,
    expires_in_days: int = DEFAULT_DAYS,
) -> tuple[ApiToken, str]:
    """A new token and its secret; the secret is not kept and cannot be shown again."""
    if not name.strip():
        raise InputError("name", "name the token, e.g. the program that will use it")
    if scope not in TokenScope.values:
        raise InputError("scope", f"must be one of {', '.join(TokenScope.values)}")
    if not 1 <= expires_in_days <= MAX_DAYS:
        raise InputError("expires_in_days", f"must be from 1 to {MAX_DAYS} days")
    secret, digest = new_token_secret()
    now = timezone.now()
    token = ApiToken.objects.create(
        user=user,
        public_id=uuid.uuid4(),
        name=name.strip(),
        digest=digest,
        scope=scope,
        created_at=now,
        expires_at=now + dt.timedelta(days=expires_in_days),
    )
    return token, secret


def revoke_token(user: User, token_id: uuid.UUID) -> ApiToken:
    """Revoke one of the user's own tokens; another person's token does not exist for them."""
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().filter(user=user, public_id=token_id).first()
        if token is None:
            raise RecordNotFound("token")
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
    return token

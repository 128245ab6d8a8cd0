"""Personal API tokens: made by their owner, shown once, stored as a digest, revocable."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from toxfill.errors import InputError
from toxfill.web.clinic.auth import new_token_secret
from toxfill.web.clinic.errors import RecordNotFound
from toxfill.web.clinic.models import ApiToken


def create_token(user: User, *, name: str) -> tuple[ApiToken, str]:
    """A new token and its secret; the secret is not kept and cannot be shown again."""
    if not name.strip():
        raise InputError("name", "name the token, e.g. the program that will use it")
    secret, digest = new_token_secret()
    token = ApiToken.objects.create(
        user=user, public_id=uuid.uuid4(), name=name.strip(), digest=digest
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

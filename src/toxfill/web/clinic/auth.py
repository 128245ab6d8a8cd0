"""Signing in: passwords (argon2, throttled by django-axes) and personal API tokens.

Demo members (of a clinic marked `is_demo`) have passwords printed on the console, so they
can sign in only while the site runs in demo mode (TOXFILL_DEMO=1).
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User

from toxfill.web.clinic.models import ApiToken, Membership

TOKEN_PREFIX = "tfx_"


def is_demo_user(user: AbstractBaseUser | AnonymousUser) -> bool:
    if user.pk is None:
        return False
    return Membership.objects.filter(user_id=int(user.pk), clinic__is_demo=True).exists()


def may_sign_in(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Active, and not a demo member outside demo mode."""
    if not getattr(user, "is_active", False):
        return False
    return bool(settings.DEMO) or not is_demo_user(user)


class ClinicBackend(ModelBackend):
    """Django's own password check, refusing demo members outside demo mode."""

    def user_can_authenticate(self, user: Any) -> bool:
        return may_sign_in(user)


def new_token_secret() -> tuple[str, str]:
    """A fresh secret (shown once) and the digest that is all the database keeps."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    return secret, token_digest(secret)


def token_digest(secret: str) -> str:
    # The secret has 256 random bits: a fast hash is enough, no salt or stretching needed.
    return hashlib.sha256(secret.encode()).hexdigest()


def user_for_token(secret: str) -> User | None:
    """The person a live token belongs to, or None for an unknown or revoked one."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 100:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=token_digest(secret), revoked_at__isnull=True)
        .first()
    )
    if token is None or token.revoked_at is not None:
        return None
    user = token.user
    return user if may_sign_in(user) else None

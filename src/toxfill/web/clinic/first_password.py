"""The one-time link where a new account chooses its first password: a clinic's first manager
(opened by the operator) or a new operator. Django's password-reset token: it works once (it
is keyed to the password it replaces) and lapses after PASSWORD_RESET_TIMEOUT."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.contrib.auth.tokens import PasswordResetTokenGenerator, default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode


def sign_in_link(site: str, user: User) -> str:
    """A link on `site` (e.g. https://clinic.example.org) that lets `user` choose a password
    once."""
    return one_time_link(site, user, "clinic:set-password", default_token_generator)


def one_time_link(site: str, user: User, view: str, tokens: PasswordResetTokenGenerator) -> str:
    """A link on `site` to `view` for `user`, with a token from `tokens` that works once."""
    path = reverse(
        view,
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": tokens.make_token(user),
        },
    )
    return site.rstrip("/") + path

"""Who is calling: a signed-in session (with CSRF) or a personal token, and as which member."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from toxfill.web.clinic import scoping
from toxfill.web.clinic.auth import may_sign_in, user_for_token
from toxfill.web.clinic.models import Membership


class ClinicSession(SessionAuth):
    """Django's session, with its CSRF check on writes; demo members only in demo mode."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        return user if user is not None and may_sign_in(user) else None


class PersonalToken(HttpBearer):
    """`Authorization: Bearer tfx_...`: a personal token, looked up by its digest."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        return user_for_token(token)


AUTH = [PersonalToken(), ClinicSession()]


def acting(request: HttpRequest, clinic_id: uuid.UUID) -> Membership:
    """The caller's membership of the clinic in the URL; 404 for a clinic they do not work at."""
    user: User = request.auth  # type: ignore[attr-defined]
    return scoping.member_of(user, clinic_id)


def caller(request: HttpRequest) -> User:
    user: User = request.auth  # type: ignore[attr-defined]
    return user

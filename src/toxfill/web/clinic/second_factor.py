"""The second step of signing in: after the password, a code from an authenticator app, a
passkey or a recovery code. It is due for everyone who has set up a second factor, and for
everyone at a clinic whose managers require it (who set one up first, before anything else).

The password step does not sign such a person in: it keeps who passed it in the session
(PENDING, for a few minutes), and Django's login() runs only once the second step is passed
too, so every page and API operation sees a visitor until then. A session that passed it
carries VERIFIED; a clinic that requires two-factor sign-in opens only to such a session
(its pages: views/workspace.py; its API: api/security.py), which also catches a session that
began before a manager turned the switch on.

Wrong codes and refused passkeys count as failed sign-ins for django-axes, for the same
username and address as wrong passwords, so its pauses hold at both steps.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth import login, user_login_failed
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp.plugins.otp_totp.models import TOTPDevice

from toxfill.web.clinic import scoping
from toxfill.web.clinic.auth import may_sign_in
from toxfill.web.clinic.models import Passkey, RecoveryCode

PENDING = "toxfill_sign_in_pending"
VERIFIED = "toxfill_second_factor"  # how the second step was passed: totp, passkey, recovery
# Time to find the phone or the key, or to set one up (scanning a QR code included).
PENDING_SECONDS = 10 * 60


@dataclass(frozen=True)
class Pending:
    """Someone who gave the right password and has the second step still to do."""

    user: User
    next: str
    enrol: bool  # no second factor yet: set one up first (a clinic of theirs requires it)


@dataclass(frozen=True)
class Factors:
    """What a person has set up, as their Two-factor sign-in page shows it."""

    app: TOTPDevice | None
    passkeys: list[Passkey]
    codes_left: int
    codes_made: bool
    required_by: list[str]  # the names of the clinics of theirs that require a second factor

    @property
    def any(self) -> bool:
        return self.app is not None or bool(self.passkeys)


def factors(user: User) -> Factors:
    codes = RecoveryCode.objects.filter(user=user)
    return Factors(
        app=TOTPDevice.objects.filter(user=user, confirmed=True).first(),
        passkeys=list(Passkey.objects.filter(user=user).order_by("created_at", "pk")),
        codes_left=codes.filter(used_at__isnull=True).count(),
        codes_made=codes.exists(),
        required_by=[
            m.clinic.name
            for m in scoping.memberships(user).filter(clinic__requires_two_factor=True)
        ],
    )


def has_second_factor(user: User) -> bool:
    """An authenticator app or a passkey set up (recovery codes alone are not a factor)."""
    return bool(
        TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        or Passkey.objects.filter(user=user).exists()
    )


def required_for(user: User) -> bool:
    """Whether a clinic the person works at requires two-factor sign-in."""
    return scoping.memberships(user).filter(clinic__requires_two_factor=True).exists()


def verified(request: HttpRequest) -> bool:
    return VERIFIED in request.session


def begin(request: HttpRequest, user: User, next_url: str) -> str | None:
    """After a right password: where to go for the second step, or None when none is due
    (the caller signs the person in as before). Nobody is signed in here."""
    factor = has_second_factor(user)
    if not factor and not required_for(user):
        return None
    request.session.cycle_key()  # a fresh key for the half-signed-in session
    request.session[PENDING] = {
        "user": user.pk,
        "backend": getattr(user, "backend", ""),
        "at": time.time(),
        "next": next_url,
    }
    return reverse("clinic:second-step" if factor else "clinic:two-factor")


def pending(request: HttpRequest) -> Pending | None:
    """Who is half-way through signing in in this session, for at most PENDING_SECONDS."""
    data: dict[str, Any] | None = request.session.get(PENDING)
    if not data or time.time() - float(data["at"]) > PENDING_SECONDS:
        return None
    user = User.objects.filter(pk=data["user"]).first()
    if user is None or not may_sign_in(user):
        return None
    return Pending(user, str(data["next"]), enrol=not has_second_factor(user))


def finish(request: HttpRequest, user: User, how: str) -> str:
    """Both steps passed (or the first factor just set up): sign the person in, and say where
    they were going."""
    data = request.session.pop(PENDING, None) or {}
    login(request, user, backend=data.get("backend") or None)
    request.session[VERIFIED] = how
    return str(data.get("next") or reverse("clinic:home"))


def mark_verified(request: HttpRequest, how: str) -> None:
    """A signed-in person just proved a second factor (setting it up): this session counts."""
    request.session.cycle_key()
    request.session[VERIFIED] = how


def safe_next(request: HttpRequest, raw: str | None) -> str:
    """A `next` address on this site, or the start page."""
    if raw and url_has_allowed_host_and_scheme(
        raw, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return raw
    return reverse("clinic:home")


def enrol_first(request: HttpRequest) -> HttpResponse:
    """A signed-in person whose clinic requires a second factor this session has not shown:
    to the page that sets one up (or, having one, asks for it by signing in again)."""
    return redirect(
        f"{reverse('clinic:two-factor')}?{urlencode({'next': request.get_full_path()})}"
    )


# --- django-axes at the second step ------------------------------------------------------


def _credentials(user: User) -> dict[str, str]:
    return {"username": user.get_username()}


def paused(request: HttpRequest, user: User) -> bool:
    """Whether django-axes pauses this username from this address (or the address): then
    nothing is checked, and AxesMiddleware answers with its 429, as for a password."""
    credentials = _credentials(user)
    if not AxesProxyHandler.is_locked(request, credentials):
        return False
    request.axes_locked_out = True  # type: ignore[attr-defined]
    request.axes_credentials = credentials  # type: ignore[attr-defined]
    return True


def count_failure(request: HttpRequest, user: User) -> None:
    """A wrong code or a refused passkey, counted as django-axes counts a wrong password."""
    user_login_failed.send(sender=__name__, credentials=_credentials(user), request=request)

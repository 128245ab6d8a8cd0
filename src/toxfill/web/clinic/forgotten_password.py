"""A forgotten password (ASVS 5.0 V6.4.3): a member asks at the sign-in page for a link by
email, which sets a new password once, within LINK_MINUTES, and signs nobody in; the second
factor is still asked at the next sign-in, and every session of the person is ended.

The page answers the same whether or not the address belongs to anyone, and as fast: the
email is composed and sent by the reminder worker (Huey), whose queue holds only the person's
ID and the site's address, never the link. Asking is rate-limited as signing in is, by
address and by the email address asked for, whether or not that address exists."""

from __future__ import annotations

import logging

from django.contrib.auth.models import User
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils.http import base36_to_int

from toxfill.web.cache import count_in_window
from toxfill.web.clinic.first_password import one_time_link

LINK_MINUTES = 60
# As signing in (settings.AXES_*): 20 tries from one address, 5 for one account, per 15 minutes.
WINDOW_SECONDS = 15 * 60
PER_ADDRESS = 20
PER_EMAIL = 5
log = logging.getLogger("toxfill.sign_in")


class ForgottenPasswordTokens(PasswordResetTokenGenerator):
    """Django's password-reset token (keyed to the password it replaces and the last sign-in,
    so it works once), under its own salt, so a first-password link (first_password.py, valid
    for days) is not one of these, and lapsing after LINK_MINUTES."""

    key_salt = "toxfill.web.clinic.forgotten_password"

    def check_token(self, user: User | None, token: str | None) -> bool:
        if not super().check_token(user, token):
            return False
        made = base36_to_int(str(token).split("-")[0])
        return self._num_seconds(self._now()) - made <= LINK_MINUTES * 60


tokens = ForgottenPasswordTokens()


class TooManyRequests(Exception):
    """Asked too often from this address or for this email address: wait `retry_after` s."""

    retry_after = WINDOW_SECONDS


def spend(address: str, email: str) -> None:
    """Count one request; TooManyRequests past either limit. The keys are hashed: no address
    sits in the cache in the clear."""
    over = [
        _count("address:" + address) > PER_ADDRESS,
        _count("email:" + email.strip().lower()) > PER_EMAIL,
    ]
    if any(over):
        raise TooManyRequests


def _count(key: str) -> int:
    return count_in_window("forgotten-password", key, WINDOW_SECONDS)


def reset_link(site: str, user: User) -> str:
    return one_time_link(site, user, "clinic:reset-password", tokens)


def email_reset_link(user_id: int, site: str) -> bool:
    """Email the person a link on `site` that sets a new password; whether one was sent (not
    to a person who left, or who never chose a password: their first link is the way in)."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email or not user.has_usable_password():
        return False
    context = {"user": user, "link": reset_link(site, user), "minutes": LINK_MINUTES}
    subject = render_to_string("clinic/email/password_reset_subject.txt", context).strip()
    body = render_to_string("clinic/email/password_reset.txt", context)
    send_mail(subject, body, None, [user.email])
    log.info("password reset link emailed: %s", user.get_username())
    return True


def accounts_for(email: str) -> list[int]:
    """The active accounts with this email address that have a password to replace."""
    candidates = User.objects.filter(email__iexact=email.strip(), is_active=True)
    return [user.pk for user in candidates if user.has_usable_password()]

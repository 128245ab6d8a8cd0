"""How toxfill sends email (patient links, reminders, forgotten-password links): Django's SMTP
backend, encrypted by default (ASVS 5.0 V12.3.1).

TOXFILL_EMAIL_HOST      the mail server; unset, email is printed to the server's output instead
TOXFILL_EMAIL_SECURITY  starttls (the default: plain SMTP that must switch to TLS before anything
                        is sent, or nothing is), tls (TLS from the first byte, "SMTPS"), or none
                        (a relay on this machine only: localhost, 127.0.0.1 or ::1)
TOXFILL_EMAIL_PORT      587 with starttls, 465 with tls, 25 with none, unless set
TOXFILL_EMAIL_USER      the account to sign in to the mail server as (none: no sign-in)
TOXFILL_EMAIL_PASSWORD  its password, or TOXFILL_EMAIL_PASSWORD_FILE naming a file holding it
                        (a container secret or systemd credential); sent only over TLS
TOXFILL_EMAIL_FROM      the sender (toxfill <noreply@localhost>)

The server's certificate is checked against the system's trusted authorities and its name
(Python's default context); a server that offers no STARTTLS, or whose certificate is not
trusted, gets no email rather than an unencrypted one.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.core.mail.backends import smtp

from toxfill.web.connection_tls import on_this_machine
from toxfill.web.environment import env_choice, env_int

SECURITY = ("starttls", "tls", "none")
DEFAULT_PORTS = {"starttls": 587, "tls": 465, "none": 25}
SEND_TIMEOUT_SECONDS = 30  # a mail server that hangs must not hold a worker for ever


def email_settings() -> dict[str, object]:
    """Django's EMAIL_* settings from the environment; a bad value names its setting."""
    host = os.environ.get("TOXFILL_EMAIL_HOST", "").strip()
    sender = os.environ.get("TOXFILL_EMAIL_FROM", "toxfill <noreply@localhost>")
    if not host:
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
            "DEFAULT_FROM_EMAIL": sender,
        }
    security = env_choice("TOXFILL_EMAIL_SECURITY", "starttls", SECURITY)
    if security == "none" and not on_this_machine(host):
        raise ImproperlyConfigured(
            f"TOXFILL_EMAIL_SECURITY=none sends email unencrypted, so only to a relay on this "
            f"machine (localhost, 127.0.0.1 or ::1), not to {host!r}: use starttls (port 587) "
            "or tls (port 465)"
        )
    user = os.environ.get("TOXFILL_EMAIL_USER", "").strip()
    password = _password()
    if password and not user:
        raise ImproperlyConfigured(
            "TOXFILL_EMAIL_PASSWORD is set but TOXFILL_EMAIL_USER is not: name the account too"
        )
    if password and security == "none":
        raise ImproperlyConfigured(
            "TOXFILL_EMAIL_PASSWORD is sent only over TLS: set TOXFILL_EMAIL_SECURITY to "
            "starttls or tls, or sign in to no account through a relay on this machine"
        )
    return {
        "EMAIL_BACKEND": "toxfill.web.email_config.ClosingSMTPBackend",
        "EMAIL_HOST": host,
        "EMAIL_PORT": env_int("TOXFILL_EMAIL_PORT", DEFAULT_PORTS[security], 1, 65535),
        "EMAIL_USE_TLS": security == "starttls",
        "EMAIL_USE_SSL": security == "tls",
        "EMAIL_HOST_USER": user,
        "EMAIL_HOST_PASSWORD": password,
        "EMAIL_TIMEOUT": SEND_TIMEOUT_SECONDS,
        "DEFAULT_FROM_EMAIL": sender,
    }


class ClosingSMTPBackend(smtp.EmailBackend):
    """Django's SMTP backend, ending the connection when opening fails half-way (a server that
    offers no STARTTLS, a refused password): Django's keeps the connection it could not finish
    until someone calls close(), which a failed send_mail never does."""

    def open(self) -> bool | None:
        try:
            return super().open()
        except OSError:  # smtplib's and ssl's errors are OSErrors
            with contextlib.suppress(OSError):
                self.close()
            raise


def _password() -> str:
    if password := os.environ.get("TOXFILL_EMAIL_PASSWORD", ""):
        return password
    named = os.environ.get("TOXFILL_EMAIL_PASSWORD_FILE", "").strip()
    if not named:
        return ""
    try:
        return Path(named).expanduser().read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise ImproperlyConfigured(
            f"TOXFILL_EMAIL_PASSWORD_FILE: {named} cannot be read ({exc.strerror or exc})"
        ) from None

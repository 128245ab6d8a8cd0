"""One log line for every sign-in, refused sign-in and sign-out, on every way in (the page,
the API, the second step), with the person's username and the visitor's address: what an
operator needs to see credential stuffing or a stolen password being tried. No password, no
code, never a patient."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth import user_logged_in, user_logged_out, user_login_failed
from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest

from toxfill.web.client_address import client_address
from toxfill.web.clinic.second_factor import has_second_factor

log = logging.getLogger("toxfill.sign_in")


def _from(request: HttpRequest | None) -> str:
    return client_address(request) if request is not None else "no request"


def _signed_in(sender: Any, request: HttpRequest, user: AbstractBaseUser, **_: Any) -> None:
    # Someone with a second factor cannot sign in with the password alone, so this says
    # which kind of sign-in it was without asking the session how far it got.
    how = "password and second factor" if has_second_factor(user) else "password"  # type: ignore[arg-type]
    log.info("signed in: %s with %s from %s", user.get_username(), how, _from(request))


def _signed_out(sender: Any, request: HttpRequest, user: AbstractBaseUser | None, **_: Any) -> None:
    if user is not None:
        log.info("signed out: %s from %s", user.get_username(), _from(request))


def _refused(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **_: Any
) -> None:
    # Django has already masked the password in `credentials`; only the username is logged.
    username = str(credentials.get("username", ""))[:150]
    log.warning("sign-in refused: %r from %s", username, _from(request))


def connect() -> None:
    """Called once from the app's ready(); the dispatch UIDs keep a second call harmless."""
    user_logged_in.connect(_signed_in, dispatch_uid="toxfill.sign_in_log.in")
    user_logged_out.connect(_signed_out, dispatch_uid="toxfill.sign_in_log.out")
    user_login_failed.connect(_refused, dispatch_uid="toxfill.sign_in_log.refused")

"""Each sign-in and sign-out noted where the person can see it (actions/browsers.py)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import user_logged_in, user_logged_out
from django.contrib.auth.models import User
from django.http import HttpRequest

from toxfill.web.client_address import client_address
from toxfill.web.clinic.actions.browsers import note_sign_in, note_sign_out
from toxfill.web.clinic.idle_sign_out import note_signed_in


def _signed_in(sender: Any, request: HttpRequest | None, user: User, **_: Any) -> None:
    session = getattr(request, "session", None)
    if request is None or session is None or not session.session_key:
        return  # a test client's force_login with no request, or a session-less API client
    note_signed_in(session)  # the first page after signing in need not write the session
    note_sign_in(
        user,
        session.session_key,
        address=client_address(request),
        agent=request.headers.get("User-Agent", ""),
    )


def _signed_out(sender: Any, request: HttpRequest | None, **_: Any) -> None:
    session = getattr(request, "session", None)
    if session is not None and session.session_key:
        note_sign_out(session.session_key)


def connect() -> None:
    user_logged_in.connect(_signed_in, dispatch_uid="toxfill.browser_log.in")
    user_logged_out.connect(_signed_out, dispatch_uid="toxfill.browser_log.out")

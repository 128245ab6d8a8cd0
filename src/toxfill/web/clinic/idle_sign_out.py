"""Signed out after a time without activity (HIPAA 45 CFR 164.312(a)(2)(iii), automatic
logoff; ASVS 5.0 V7.3.1): a clinic screen left open at the front desk stops showing records.

A signed-in session notes when it was last used, at most once a minute (a session write per
request would cost a database write per page). A request that comes more than
TOXFILL_IDLE_MINUTES (30 by default) after that finds itself signed out: the session is ended
on the server, the request goes on as a visitor's (a page asks to sign in, the API answers
401), and the sign-in page says why. Bearer tokens carry no session and are not affected: a
script's token is revoked, not timed out.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse

from toxfill.web.clinic.actions.browsers import note_seen

LAST_SEEN = "_toxfill_last_seen"
SIGNED_OUT_IDLE = "_toxfill_signed_out_idle"
NOTED_EVERY = 60  # seconds: how stale "last seen" may get before it is written again
PASSWORD_GIVEN = "_toxfill_password_given"
PASSWORD_FRESH_SECONDS = 10 * 60

log = logging.getLogger("toxfill.sign_in")


class SignOutWhenIdle:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        if SESSION_KEY in session:
            now = int(time.time())
            seen = session.get(LAST_SEEN)
            if isinstance(seen, int) and now - seen > settings.TOXFILL_IDLE_MINUTES * 60:
                log.info("signed out after %d idle minutes", (now - seen) // 60)
                logout(request)
                request.session[SIGNED_OUT_IDLE] = settings.TOXFILL_IDLE_MINUTES
            elif not isinstance(seen, int) or now - seen >= NOTED_EVERY:
                session[LAST_SEEN] = now
                if session.session_key:  # shown on the person's list of their browsers
                    note_seen(session.session_key, dt.datetime.fromtimestamp(now, dt.UTC))
        return self.get_response(request)


def note_signed_in(session: SessionBase) -> None:
    """The password was given now (at sign-in, or again to confirm it): the idle clock starts
    here, and changes to how the person signs in are allowed for a while."""
    now = int(time.time())
    session[LAST_SEEN] = session[PASSWORD_GIVEN] = now


def password_given_lately(request: HttpRequest) -> bool:
    """Whether this session gave the password within PASSWORD_FRESH_SECONDS (ASVS 5.0 V7.5.1:
    changing a second factor or recovery codes asks for it again after that)."""
    given = request.session.get(PASSWORD_GIVEN)
    return isinstance(given, int) and time.time() - given <= PASSWORD_FRESH_SECONDS


def signed_out_idle(request: HttpRequest) -> int | None:
    """The idle minutes after which this browser was signed out, once (for the sign-in
    page to say so), else None."""
    minutes = request.session.pop(SIGNED_OUT_IDLE, None)
    return minutes if isinstance(minutes, int) else None

"""Who is calling: a signed-in session (with CSRF) or a personal token, and as which member."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlsplit

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth

from toxfill.web.clinic import scoping, second_factor
from toxfill.web.clinic.auth import live_token, may_sign_in, member_from_session
from toxfill.web.clinic.errors import (
    SecondFactorRequired,
    SessionRequired,
    TokenScopeElsewhere,
    TokenScopeTooNarrow,
)
from toxfill.web.clinic.models import Membership, TokenScope


class ClinicSession(SessionAuth):
    """Django's session, with its CSRF check on writes; demo members only in demo mode.

    A request that carries a token (`Authorization`), or no session cookie, is not a session
    request: it is not checked for CSRF, so a revoked or unknown token is a 401, not a 403
    "CSRF check failed"."""

    def __call__(self, request: HttpRequest) -> Any:
        if "HTTP_AUTHORIZATION" in request.META or self.param_name not in request.COOKIES:
            return None
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        clinic_id = _clinic_in_path(request)
        member = member_from_session(request, clinic_id) if clinic_id is not None else None
        if member is not None:  # read with its account: `acting` needs no query of its own
            _members(request)[member.clinic.public_id] = member
            return member.user
        user = super().authenticate(request, key)
        return user if user is not None and may_sign_in(user) else None


def _clinic_in_path(request: HttpRequest) -> uuid.UUID | None:
    match = request.resolver_match
    raw = match.kwargs.get("clinic_id") if match is not None else None
    try:
        return uuid.UUID(str(raw)) if raw is not None else None
    except ValueError:
        return None  # ninja answers the path's 422 itself


def _members(request: HttpRequest) -> dict[uuid.UUID, Membership]:
    known: dict[uuid.UUID, Membership] = request.__dict__.setdefault("clinic_members", {})
    return known


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class PersonalToken(HttpBearer):
    """`Authorization: Bearer tfx_...`: a live personal token, looked up by its digest. A
    `read` token sending a write is refused (403, naming the scope), and so is a `fhir-read`
    token, whatever it sends: it opens the FHIR API (/fhir/r4/) and nothing here."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        found = live_token(token)
        if found is None:
            return None
        if found.scope == TokenScope.FHIR_READ:
            raise TokenScopeElsewhere(found.scope, "'read' or 'read-write'", "the clinic API")
        if found.scope != TokenScope.READ_WRITE and request.method not in SAFE_METHODS:
            raise TokenScopeTooNarrow(found.scope)
        setattr(request, "api_token", found)  # noqa: B010  read by require_session
        return found.user


AUTH = [PersonalToken(), ClinicSession()]


def acting(request: HttpRequest, clinic_id: uuid.UUID) -> Membership:
    """The caller's membership of the clinic in the URL; 404 for a clinic they do not work at,
    403 from a session without a second factor at a clinic that requires one. Looked up once a
    request: the pager logs the patients a page shows as the same member."""
    known = _members(request)
    if clinic_id not in known:
        user: User = request.auth  # type: ignore[attr-defined]
        known[clinic_id] = scoping.member_of(user, clinic_id)
    member = known[clinic_id]
    if member.clinic.requires_two_factor and not _token_or_second_factor(request):
        raise SecondFactorRequired
    return member


def _token_or_second_factor(request: HttpRequest) -> bool:
    """A personal token, or a session that passed the second step of signing in."""
    return getattr(request, "api_token", None) is not None or second_factor.verified(request)


def require_second_factor_if_due(request: HttpRequest) -> None:
    """Refuse (403) what a person does across clinics (making a token) from a session without
    a second factor, when a clinic of theirs requires one."""
    if not _token_or_second_factor(request) and second_factor.required_for(caller(request)):
        raise SecondFactorRequired


def require_session(request: HttpRequest, what: str) -> None:
    """Refuse (403) a request signed with a token: tokens and feeds come from a session."""
    if getattr(request, "api_token", None) is not None:
        raise SessionRequired(what)


def caller(request: HttpRequest) -> User:
    user: User = request.auth  # type: ignore[attr-defined]
    return user


def _same_origin(request: HttpRequest, url: str) -> bool:
    parts = urlsplit(url)
    return (parts.scheme, parts.netloc) == (request.scheme, request.get_host())


def refuse_cross_site(request: HttpRequest) -> None:
    """Login CSRF: a page on another site must not sign its visitor in (to an account of the
    attacker's choosing). Only JSON is read, which another site's page can send only after a
    CORS preflight this site never grants; and a browser's Origin (or, without one, Referer)
    must be this site. A client that is not a browser sends neither header and is not
    refused: there is no visitor's browser to sign in."""
    if request.content_type != "application/json":
        raise HttpError(415, "send the sign-in as JSON (Content-Type: application/json)")
    origin = request.META.get("HTTP_ORIGIN")
    referer = request.META.get("HTTP_REFERER")
    if origin is None and referer is None:
        return
    if _same_origin(request, str(origin if origin is not None else referer)):
        return
    raise PermissionDenied("sign in from this site's own pages (the request came from another)")

"""Signing in and out, personal tokens, and the clinics the caller works at."""

import datetime as dt
import uuid
from typing import Any

from django.contrib.auth import authenticate, login, logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import Field, Router, Schema
from ninja.responses import Status

from toxfill.errors import InputError
from toxfill.web.clinic import scoping, second_factor
from toxfill.web.clinic.actions.tokens import DEFAULT_DAYS, MAX_DAYS, create_token, revoke_token
from toxfill.web.clinic.actions.two_factor import check_second_factor_code
from toxfill.web.clinic.api.idempotency import answer_shown_once
from toxfill.web.clinic.api.schemas import ERRORS, ErrorOut, Input
from toxfill.web.clinic.api.security import (
    AUTH,
    caller,
    refuse_cross_site,
    require_second_factor_if_due,
    require_session,
)
from toxfill.web.clinic.auth import CLEAR_SITE_DATA, PasswordChecksBusy
from toxfill.web.clinic.models import ApiToken, Membership, TokenScope

router = Router(tags=["clinic: account"])
# The list of your clinics was published at /api/v1/clinic/ and still answers there; OpenAPI
# tools refuse a path that ends in a slash, so the document names its twin without one.
clinics = Router(tags=["clinic: account"])


class LoginIn(Input):
    username: str = Field(max_length=150)
    password: str = Field(max_length=1000)
    code: str | None = Field(
        default=None,
        max_length=40,
        description="for an account with two-factor sign-in: the 6-digit code its "
        "authenticator app shows, or one of its recovery codes (passkeys sign in on the "
        "sign-in page, /clinic/sign-in/)",
    )


class ClinicOut(Schema):
    id: uuid.UUID
    name: str
    time_zone: str
    role: str

    @staticmethod
    def resolve_id(member: Membership) -> uuid.UUID:
        return member.clinic.public_id

    @staticmethod
    def resolve_name(member: Membership) -> str:
        return member.clinic.name

    @staticmethod
    def resolve_time_zone(member: Membership) -> str:
        return member.clinic.time_zone


class TokenIn(Input):
    name: str = Field(min_length=1, max_length=100)
    scope: TokenScope = Field(
        default=TokenScope.READ,
        description="`read` (GET only; a write is refused with 403), `read-write`, or "
        "`fhir-read` (only the read-only FHIR R4 API under /fhir/r4/, which the other two do "
        "not open; this API refuses it with 403)",
    )
    expires_in_days: int = Field(
        default=DEFAULT_DAYS,
        ge=1,
        le=MAX_DAYS,
        description=f"days until the token stops working: 1 to {MAX_DAYS}",
    )


class TokenOut(Schema):
    id: uuid.UUID = Field(alias="public_id")
    name: str
    scope: TokenScope
    created_at: dt.datetime
    expires_at: dt.datetime
    revoked_at: dt.datetime | None


class NewTokenOut(TokenOut):
    secret: str = Field(description="Shown once: only its digest is kept.")


@router.post(
    "/login",
    response={200: list[ClinicOut], **ERRORS, 415: ErrorOut, 429: ErrorOut},
    auth=None,
)
def sign_in(request: HttpRequest, body: LoginIn) -> object:
    """Start a session (throttled by django-axes): the answer lists your clinics. JSON only,
    from this site's pages or a client that is not a browser; 429 with Retry-After while the
    server is checking too many passwords at once."""
    refuse_cross_site(request)
    try:
        user = authenticate(request, username=body.username, password=body.password)
    except PasswordChecksBusy:
        return busy()
    if user is None:
        raise InputError("password", "the username or password is wrong, or sign-in is paused")
    if second_factor.has_second_factor(user):
        if second_factor.paused(request, user):  # AxesMiddleware answers with its 429
            raise InputError("code", SECOND_STEP)
        how = check_second_factor_code(user, body.code or "")
        if how is None:
            if body.code:
                second_factor.count_failure(request, user)
            raise InputError("code", SECOND_STEP)
        login(request, user)
        request.session[second_factor.VERIFIED] = how
    elif second_factor.required_for(user):
        raise InputError("code", FIRST_FACTOR)
    else:
        login(request, user)
    return scoping.memberships(user)


SECOND_STEP = (
    "this account signs in with a second factor: send `code`, the 6 digits its authenticator "
    "app shows now or an unused recovery code (a passkey signs in on /clinic/sign-in/)"
)
FIRST_FACTOR = (
    "a clinic you work at requires two-factor sign-in: sign in on /clinic/sign-in/ once to "
    "set up an authenticator app or a passkey"
)


def busy() -> HttpResponse:
    """The API's error shape, with when to ask again."""
    problem = "too many sign-ins are being checked at once: try again in a moment"
    error = {"loc": [], "msg": problem, "type": "busy", "nearest": []}
    response = JsonResponse({"detail": [error]}, status=429)
    response["Retry-After"] = str(PasswordChecksBusy.retry_after)
    return response


@router.post("/logout", response={204: None, 401: ErrorOut, 403: ErrorOut}, auth=AUTH)
def sign_out(request: HttpRequest, response: HttpResponse) -> Status[Any]:
    """End this session (its cookie stops working) and ask the browser to drop what it cached
    or stored for the site; a personal token is not affected."""
    logout(request)
    response["Clear-Site-Data"] = CLEAR_SITE_DATA
    return Status(204, None)


@router.get("/", response={200: list[ClinicOut], **ERRORS}, auth=AUTH, include_in_schema=False)
@clinics.get("/clinic", response={200: list[ClinicOut], **ERRORS}, auth=AUTH)
def my_clinics(request: HttpRequest) -> object:
    """The clinics you work at, with your role at each."""
    return scoping.memberships(caller(request))


@router.get("/tokens", response={200: list[TokenOut], **ERRORS}, auth=AUTH)
def my_tokens(request: HttpRequest) -> object:
    """Your personal API tokens, newest first (never their secrets)."""
    return scoping.tokens(caller(request))


@router.post("/tokens", response={201: NewTokenOut, **ERRORS}, auth=AUTH)
@answer_shown_once
def new_token(request: HttpRequest, body: TokenIn) -> Status[Any]:
    """A personal API token; its secret is in this answer and nowhere else, ever. Only from a
    signed-in session: a request with a token is refused (403)."""
    require_session(request, "personal tokens")
    require_second_factor_if_due(request)
    token, secret = create_token(
        caller(request), name=body.name, scope=body.scope, expires_in_days=body.expires_in_days
    )
    setattr(token, "secret", secret)  # noqa: B010  shown once, never stored
    return Status(201, token)


@router.post("/tokens/{token_id}/revoke", response={200: TokenOut, **ERRORS}, auth=AUTH)
def revoke(request: HttpRequest, token_id: uuid.UUID) -> ApiToken:
    """Only from a signed-in session: a request with a token is refused (403)."""
    require_session(request, "personal tokens")
    return revoke_token(caller(request), token_id)

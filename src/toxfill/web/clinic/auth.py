"""Signing in: passwords (argon2, throttled by django-axes), personal API tokens, and the
secrets of calendar feeds.

A password check costs memory and time whoever asks, unknown usernames included (Django
hashes a dummy password for them, so the answer's timing reveals nothing): so the hash is
sized for a server, a process runs only a few checks at once, and django-axes pauses an
address and a username+address after repeated failures.

Demo members (of a clinic marked `is_demo`) have passwords printed on the console, so they
can sign in only while the site runs in demo mode (TOXFILL_DEMO=1).
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from asgiref.sync import sync_to_async
from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth import get_user as session_user
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db.models import Exists, OuterRef, QuerySet, Sum
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from toxfill.web.clinic.models import ApiToken, CalendarFeed, Clinic, Membership

TOKEN_PREFIX = "tfx_"  # a personal API token
FEED_PREFIX = "tfc_"  # a calendar feed, which reads one calendar and nothing else


# Set on a user read together with their membership or token (member_from_session,
# live_token): whether they work at a demo clinic, so the check needs no query of its own.
DEMO_FLAG = "works_at_a_demo_clinic"

# Sent with a sign-out: the browser drops what it cached and stored for the site (pages are
# no-store already; this covers what a script or the back button could still find). Not
# "cookies": that would clear every cookie of the registrable domain, other sites' too.
CLEAR_SITE_DATA = '"cache", "storage"'


def _demo_memberships(user_column: str) -> QuerySet[Membership]:
    """For an Exists(): whether the person in the outer row's `user_column` works at a demo."""
    return Membership.objects.filter(user_id=OuterRef(user_column), clinic__is_demo=True)


def is_demo_user(user: AbstractBaseUser | AnonymousUser) -> bool:
    if user.pk is None:
        return False
    known: bool | None = getattr(user, DEMO_FLAG, None)
    if known is not None:
        return known
    return Membership.objects.filter(user_id=int(user.pk), clinic__is_demo=True).exists()


def may_sign_in(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Active, and not a demo member outside demo mode."""
    if not getattr(user, "is_active", False):
        return False
    return bool(settings.DEMO) or not is_demo_user(user)


class ServerArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id at OWASP's server size: 19 MiB, 2 passes, 1 lane (Django's default takes
    100 MiB and 8 lanes a check). The algorithm's name is unchanged, so a hash made at another
    size still verifies, and Django re-hashes it at this one when its owner signs in."""

    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1


class PasswordChecksBusy(Exception):
    """This process is already checking as many passwords as it may: ask again shortly."""

    retry_after = 1


# How long a sign-in waits for a free check before being told to come back.
CHECK_WAIT_SECONDS = 0.5
_checks = threading.BoundedSemaphore(settings.LOGIN_CONCURRENT_CHECKS)


@contextmanager
def password_check() -> Iterator[None]:
    """Hold one of this process's few password checks (LOGIN_CONCURRENT_CHECKS): a flood of
    sign-ins queues briefly, then gets PasswordChecksBusy instead of taking the memory."""
    if not _checks.acquire(timeout=CHECK_WAIT_SECONDS):
        raise PasswordChecksBusy
    try:
        yield
    finally:
        _checks.release()


class ClinicBackend(ModelBackend):
    """Django's own password check, a few at a time per process, refusing demo members
    outside demo mode."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username is None or password is None:
            return None  # nothing to hash: Django asks each backend in turn
        with password_check():
            return super().authenticate(request, username, password, **kwargs)

    async def aauthenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        # Through the same cap (ModelBackend's own async check would bypass it).
        return await sync_to_async(self.authenticate)(request, username, password, **kwargs)

    def user_can_authenticate(self, user: Any) -> bool:
        return may_sign_in(user)

    def get_user(self, user_id: Any) -> User | None:
        known = _read_with_membership.get()
        if known is not None and known.pk == user_id:
            return known if self.user_can_authenticate(known) else None
        return super().get_user(user_id)


# The account member_from_session read, offered to ClinicBackend.get_user while Django checks
# the session, so the check reads no account of its own.
_read_with_membership: ContextVar[User | None] = ContextVar("read_with_membership", default=None)


def member_from_session(request: HttpRequest, clinic_id: uuid.UUID) -> Membership | None:
    """The signed-in person's current membership of a clinic, with its clinic and their account,
    in one query, the demo check included; Django then checks the session against that account
    as it always does (its backend, the password hash) and it becomes `request.user`.

    None when the session names nobody, the account is already read, or the person does not
    work at the clinic: the caller then goes the usual way (request.user), which answers it."""
    user_id = request.session.get(SESSION_KEY)
    if user_id is None or hasattr(request, "_cached_user"):
        return None
    member = (
        Membership.objects.filter(
            user_id=user_id, clinic__public_id=clinic_id, ended_at__isnull=True
        )
        .select_related("clinic", "user")
        .annotate(**{DEMO_FLAG: Exists(_demo_memberships("user_id"))})
        .first()
    )
    if member is None:
        return None
    setattr(member.user, DEMO_FLAG, getattr(member, DEMO_FLAG))
    offered = _read_with_membership.set(member.user)
    try:
        user = session_user(request)
    finally:
        _read_with_membership.reset(offered)
    # The lazy request.user that AuthenticationMiddleware set returns what is cached here.
    request._cached_user = user  # type: ignore[attr-defined]
    return member if user is member.user else None


class LoginFailures(AxesDatabaseHandler):  # type: ignore[misc]
    """django-axes' database handler (one count for every worker and node) with two limits:
    AXES_FAILURE_LIMIT wrong passwords for one username from one address, and the larger
    AXES_ADDRESS_FAILURE_LIMIT from one address for any usernames. AXES_LOCKOUT_PARAMETERS
    lists the two in that order. A successful sign-in forgives only its own username's
    failures from that address, never another username's."""

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        account, address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        if address >= settings.AXES_ADDRESS_FAILURE_LIMIT:
            return max(account, int(settings.AXES_FAILURE_LIMIT))
        return int(account)

    def reset_user_attempts(
        self, request: HttpRequest, credentials: dict[str, Any] | None = None
    ) -> int:
        account: QuerySet[Any]
        account, _address = self.filter_user_attempts(request, credentials)
        count, _ = account.delete()
        return count


def new_token_secret(prefix: str = TOKEN_PREFIX) -> tuple[str, str]:
    """A fresh secret (shown once) and the digest that is all the database keeps."""
    secret = prefix + secrets.token_urlsafe(32)
    return secret, token_digest(secret)


def token_digest(secret: str) -> str:
    # The secret has 256 random bits: a fast hash is enough, no salt or stretching needed.
    return hashlib.sha256(secret.encode()).hexdigest()


def _looks_like(secret: str, prefix: str) -> bool:
    return secret.startswith(prefix) and len(secret) <= 100


def live_token(secret: str) -> ApiToken | None:
    """The live (unexpired, unrevoked) token with this secret, its owner allowed to sign in;
    None for anything else, a calendar feed's secret included."""
    if not _looks_like(secret, TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=token_digest(secret), revoked_at__isnull=True, expires_at__gt=timezone.now())
        .annotate(**{DEMO_FLAG: Exists(_demo_memberships("user_id"))})
        .first()
    )
    if token is None:
        return None
    setattr(token.user, DEMO_FLAG, getattr(token, DEMO_FLAG))
    return token if may_sign_in(token.user) else None


def live_feed(clinic_id: uuid.UUID, secret: str) -> CalendarFeed | None:
    """The clinic's unrevoked calendar feed with this secret, of a member who still works there
    and may sign in; None for anything else: a personal API token, or another clinic's feed."""
    if not _looks_like(secret, FEED_PREFIX):
        return None
    clinic = Clinic.objects.filter(public_id=clinic_id).first()
    feed = (
        CalendarFeed.objects.select_related("clinic", "member__user", "member__clinic")
        .filter(clinic_id=clinic.pk, digest=token_digest(secret), revoked_at__isnull=True)
        .first()
        if clinic is not None
        else None
    )
    if feed is None or not feed.member.active or not may_sign_in(feed.member.user):
        return None
    return feed


def feed_address(request: HttpRequest, clinic_id: uuid.UUID, secret: str) -> str:
    """The address a calendar app subscribes to. The secret rides in the query string, which
    the access logs never record."""
    path = reverse("clinic:followups-feed", kwargs={"clinic": clinic_id})
    return request.build_absolute_uri(f"{path}?token={secret}")

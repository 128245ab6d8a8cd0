"""Where a person is signed in (ASVS 5.0 V7.4.3, V7.4.5, V7.5.2): each sign-in is noted with
its session, a sign-out forgets it, and ending sessions deletes them on the server, so the
browsers holding them are signed out at their next request. A change of password or second
factor ends every other session of the person, and a manager can end all of a member's."""

from __future__ import annotations

import datetime as dt
import logging
import uuid

from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from toxfill.web.clinic import scoping
from toxfill.web.clinic.models import Membership, SignedInBrowser
from toxfill.web.clinic.roles import Permission, require

AGENT_KEPT = 200
log = logging.getLogger("toxfill.sign_in")


def note_sign_in(user: User, session_key: str, *, address: str, agent: str) -> None:
    SignedInBrowser.objects.update_or_create(
        session_key=session_key,
        defaults={"user": user, "address": address[:64], "agent": agent[:AGENT_KEPT]},
    )


def note_sign_out(session_key: str) -> None:
    SignedInBrowser.objects.filter(session_key=session_key).delete()


def renamed_session(before: str | None, after: str | None) -> None:
    """The session took a new key (a second factor shown): the browser keeps its row."""
    if before and after and before != after:
        SignedInBrowser.objects.filter(session_key=before).update(session_key=after)


def note_seen(session_key: str, at: dt.datetime) -> None:
    SignedInBrowser.objects.filter(session_key=session_key).update(last_seen_at=at)


def signed_in_browsers(user: User) -> QuerySet[SignedInBrowser]:
    """The person's browsers whose sessions are still open, the latest sign-in first; rows of
    sessions that lapsed are forgotten on the way."""
    live = Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
    SignedInBrowser.objects.filter(user=user).exclude(session_key__in=live).delete()
    return SignedInBrowser.objects.filter(user=user).order_by("-signed_in_at", "-pk")


def end_other_sessions(user: User, keep: str | None) -> int:
    """End every session of `user` but `keep` (this browser's); how many were ended."""
    with transaction.atomic():
        others = SignedInBrowser.objects.filter(user=user).exclude(session_key=keep or "")
        keys = list(others.values_list("session_key", flat=True))
        Session.objects.filter(session_key__in=keys).delete()
        others.delete()
    if keys:
        log.info("signed out elsewhere: %s, %d session(s)", user.get_username(), len(keys))
    return len(keys)


def end_member_sessions(manager: Membership, membership_id: uuid.UUID) -> int:
    """A manager signs a member of their clinic out everywhere (a lost phone, a shared
    computer left signed in). Ending the membership closes the clinic to them for good; this
    only makes them sign in again."""
    require(manager, Permission.MANAGE_MEMBERS)
    member = scoping.members(manager).select_related("user").get(public_id=membership_id)
    ended = end_other_sessions(member.user, keep=None)
    log.info(
        "%s signed %s out everywhere at %s",
        manager.user.get_username(),
        member.user.get_username(),
        manager.clinic.name,
    )
    return ended

"""Calendar feeds: each person's own read-only subscription to a clinic's follow-ups, and the
manager's choice of whether the feeds name patients.

A feed's secret is shown once and stored as a digest; making a new one revokes the old, so a
person has at most one live address per clinic. Whether calendars name patients is a clinic
setting (off by default: calendar apps sync to phones and clouds the clinic does not control);
a change is kept in the clinic's history and logged at WARNING, as a security event.
"""

from __future__ import annotations

import logging
import uuid

from django.db import transaction
from django.utils import timezone

from toxfill.web.clinic import audit_chain
from toxfill.web.clinic.auth import FEED_PREFIX, new_token_secret
from toxfill.web.clinic.models import CalendarFeed, Clinic, Membership
from toxfill.web.clinic.roles import Permission, require

log = logging.getLogger("toxfill.calendar_feeds")


def _stop_live_feed(member: Membership) -> CalendarFeed | None:
    """Revoke the member's live feed at their clinic, if there is one (inside a transaction)."""
    feed = (
        CalendarFeed.objects.select_for_update()
        .filter(clinic_id=member.clinic_id, member=member, revoked_at__isnull=True)
        .first()
    )
    if feed is not None:
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at"])
    return feed


def create_calendar_feed(member: Membership) -> tuple[CalendarFeed, str]:
    """A new feed of the clinic's follow-ups for this member, and its secret (not kept); the
    member's previous feed, if any, stops working."""
    require(member, Permission.VIEW_SCHEDULE)
    secret, digest = new_token_secret(FEED_PREFIX)
    with transaction.atomic():
        _stop_live_feed(member)
        feed = CalendarFeed.objects.create(
            clinic_id=member.clinic_id, member=member, public_id=uuid.uuid4(), digest=digest
        )
    return feed, secret


def revoke_calendar_feed(member: Membership) -> CalendarFeed | None:
    """Stop the member's live feed at their clinic; None when there was none."""
    with transaction.atomic():
        return _stop_live_feed(member)


def set_calendar_patient_names(member: Membership, *, shown: bool) -> Clinic:
    """Whether the clinic's calendars (feeds and downloads) name the patient. Managers only."""
    require(member, Permission.MANAGE_SETTINGS)
    with transaction.atomic():
        audit_chain.hold(member.clinic_id)  # before the clinic's lock: see audit_chain
        clinic = Clinic.objects.select_for_update().get(pk=member.clinic_id)
        changed = clinic.calendar_shows_patient_names != shown
        if changed:
            clinic.calendar_shows_patient_names = shown
            clinic.version += 1
            clinic._history_user = member.user  # type: ignore[attr-defined]
            clinic.save(update_fields=["calendar_shows_patient_names", "version"])
    if changed:
        log.warning(
            "calendar patient names turned %s at clinic %s by member %s (%s)",
            "on" if shown else "off",
            clinic.public_id,
            member.public_id,
            member.user.get_username(),
        )
    return clinic

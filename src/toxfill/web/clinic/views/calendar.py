"""The clinic's open follow-ups as iCalendar: downloaded from the workspace, or read by a
calendar app through a person's own feed address; and the buttons that make and stop that
address, and the manager's switch for naming patients in calendars."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.cache import get_conditional_response
from django.views.decorators.cache import never_cache

from toxfill.knowledge import bundled_knowledge
from toxfill.web.clinic import scoping
from toxfill.web.clinic.actions.access import record_patients_seen
from toxfill.web.clinic.actions.feeds import (
    create_calendar_feed,
    revoke_calendar_feed,
    set_calendar_patient_names,
)
from toxfill.web.clinic.auth import feed_address, live_feed
from toxfill.web.clinic.ics import follow_up_calendar
from toxfill.web.clinic.models import FollowUp, FollowUpStatus, Membership
from toxfill.web.clinic.views.followups import OPEN, due_list
from toxfill.web.clinic.views.workspace import today, workspace

# Bumped when the calendar's words or layout change, so apps holding a tag fetch it again.
CALENDAR_FORMAT = 1
OVERDUE_DAYS = 90  # an open follow-up older than this is the due list's, not the calendar's
AHEAD_DAYS = 365


@never_cache
def calendar_feed(request: HttpRequest, clinic: uuid.UUID) -> HttpResponse:
    """The calendar for a calendar app to subscribe to, which cannot sign in: the person's own
    feed secret for this clinic (`?token=tfc_...`, revocable) is the only key that opens it;
    a personal API token or a session does not."""
    feed = live_feed(clinic, request.GET.get("token", ""))
    if feed is None:
        return HttpResponse("a live calendar feed address of this clinic is needed", status=401)
    return _calendar(request, feed.member)


@workspace
def calendar(request: HttpRequest, member: Membership) -> HttpResponse:
    """The clinic's open follow-ups as all-day events, with no health details."""
    return _calendar(request, member)


def event_title(followup: FollowUp, *, with_name: bool) -> str:
    """ "Follow-up: review · toxin": the patient's name only where the clinic has chosen it."""
    option = bundled_knowledge().options.get(followup.option)
    title = f"Follow-up: {followup.purpose} · {option.kind if option else 'treatment'}"
    return f"{title} · {followup.patient}" if with_name else title


def _calendar(request: HttpRequest, member: Membership) -> HttpResponse:
    """Open follow-ups due from `OVERDUE_DAYS` ago to `AHEAD_DAYS` ahead: what a calendar app
    shows a clinic, in a file whose size follows the clinic's pace, not its years of history
    (the due list has the rest)."""
    with_name = member.clinic.calendar_shows_patient_names
    day = today(member)
    rows = scoping.followups(member).filter(
        status__in=OPEN,
        due_on__gte=day - dt.timedelta(days=OVERDUE_DAYS),
        due_on__lte=day + dt.timedelta(days=AHEAD_DAYS),
    )
    if with_name:
        rows = rows.select_related("patient")
    shown = list(rows.order_by("due_on", "id"))
    record_patients_seen(member, [f.patient_id for f in shown], "follow-up calendar")
    tag = _calendar_tag(member, shown, with_name)
    # A calendar app polling a feed that has not changed (If-None-Match, RFC 9110): nothing
    # to build or send.
    if (unchanged := get_conditional_response(request, etag=tag)) is not None:
        unchanged["ETag"] = tag
        return unchanged
    ics = follow_up_calendar(
        f"{member.clinic.name}: follow-ups",
        "clinic follow-ups",
        shown,
        lambda row: event_title(row, with_name=with_name),
        lambda row: {"status": "CONFIRMED" if row.status == FollowUpStatus.BOOKED else "TENTATIVE"},
    )
    response = HttpResponse(ics, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="follow-ups.ics"'
    response["ETag"] = tag
    return response


def _calendar_tag(member: Membership, shown: list[FollowUp], with_name: bool) -> str:
    """A weak entity tag of what the calendar says: the same follow-ups at the same versions,
    days and statuses, under the same name, say the same thing (only DTSTAMP, the time it
    was written, differs, hence weak)."""
    knowledge = bundled_knowledge().meta.version  # the treatment words in each title
    digest = hashlib.sha256(
        f"{CALENDAR_FORMAT}|{knowledge}|{member.clinic.name}|{with_name}".encode()
    )
    for row in shown:
        who = str(row.patient) if with_name else ""
        digest.update(
            f"|{row.public_id}:{row.version}:{row.due_on}:{row.status}:{row.purpose}:"
            f"{row.option}:{who}".encode()
        )
    return f'W/"{digest.hexdigest()[:32]}"'


@workspace
def make_feed(request: HttpRequest, member: Membership) -> HttpResponse:
    """Make the person's feed address (their previous one stops working) and show it, once."""
    if request.method != "POST":
        return redirect("clinic:followups", clinic=member.clinic.public_id)
    _feed, secret = create_calendar_feed(member)
    address = feed_address(request, member.clinic.public_id, secret)
    return due_list(request, member, new_feed_url=address)


@workspace
def stop_feed(request: HttpRequest, member: Membership) -> HttpResponse:
    if request.method == "POST":
        revoke_calendar_feed(member)
    return redirect("clinic:followups", clinic=member.clinic.public_id)


@workspace
def calendar_names(request: HttpRequest, member: Membership) -> HttpResponse:
    """The manager's switch: whether the clinic's calendars name patients."""
    if request.method == "POST":
        set_calendar_patient_names(member, shown=request.POST.get("patient_names") == "on")
    return redirect("clinic:followups", clinic=member.clinic.public_id)

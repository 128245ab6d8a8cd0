"""Follow-ups: the due list per clinic and per provider, marking them booked, done or missed
(the calendar of them is views/calendar.py's)."""

from __future__ import annotations

import datetime as dt
import uuid
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from toxfill.errors import InputError
from toxfill.web.clinic import scoping
from toxfill.web.clinic.actions.access import record_patient_view, record_patients_seen
from toxfill.web.clinic.actions.followups import set_followup_status
from toxfill.web.clinic.errors import StaleWrite
from toxfill.web.clinic.models import FollowUpStatus, Membership, Role
from toxfill.web.clinic.views.paging import PER_PAGE, requested_page
from toxfill.web.clinic.views.workspace import page, today, workspace

OPEN = (FollowUpStatus.DUE, FollowUpStatus.BOOKED)
STATUSES = (FollowUpStatus.BOOKED, FollowUpStatus.DONE, FollowUpStatus.MISSED)
FIELDS = {"completed_on": "the date kept", "follow-up": "the follow-up", "status": "the status"}


@workspace
def followups(request: HttpRequest, member: Membership) -> HttpResponse:
    return due_list(request, member)


def due_list(
    request: HttpRequest,
    member: Membership,
    error: str = "",
    status: int = 200,
    new_feed_url: str = "",
) -> HttpResponse:
    day = today(member)
    rows = scoping.followups(member).filter(status__in=OPEN).order_by("due_on", "id")
    providers = list(scoping.members(member).filter(role=Role.PROVIDER, ended_at__isnull=True))
    chosen = request.GET.get("provider", "")
    if chosen:
        rows = rows.filter(
            session__provider__public_id__in=[
                p.public_id for p in providers if str(p.public_id) == chosen
            ]
        )
    shown, page_error = requested_page(request, rows.select_related("session__provider__user"))
    record_patients_seen(member, [f.patient_id for f in shown.rows], "follow-ups")
    return page(
        request,
        member,
        "clinic/followups.html",
        {
            "shown": shown,
            "per_page": PER_PAGE,
            "query": urlencode({"provider": chosen}) if chosen else "",
            "today": day,
            "providers": providers,
            "chosen": chosen,
            "statuses": STATUSES,
            "error": error or page_error,
            "feed": scoping.calendar_feeds(member).filter(revoked_at__isnull=True).first(),
            "new_feed_url": new_feed_url,
        },
        422 if page_error and status == 200 else status,
    )


@workspace
def set_status(request: HttpRequest, member: Membership, followup_id: uuid.UUID) -> HttpResponse:
    if request.method != "POST":
        return redirect("clinic:followups", clinic=member.clinic.public_id)
    error = ""
    status = request.POST.get("status", "")
    try:
        set_followup_status(
            member,
            followup_id,
            version=int(request.POST.get("version", "0")),
            status=status,
            completed_on=_kept_on(request) if status == FollowUpStatus.DONE else None,
        )
    except InputError as exc:
        error = f"Not saved: {FIELDS.get(exc.field, exc.field)} {exc.problem}."
    except (ValueError, StaleWrite):
        pass  # a stale or garbled change leaves the list showing how it now stands
    if request.headers.get("HX-Request"):  # htmx: just the row, as it now stands
        row = scoping.followup(member, followup_id)
        record_patient_view(member, row.patient, "follow-up")
        return page(
            request,
            member,
            "clinic/_followup_row.html",
            {
                "f": row,
                "today": today(member),
                "statuses": STATUSES,
                "changed": True,
                "error": error,
            },
        )
    if error:
        return due_list(request, member, error, status=422)
    return redirect("clinic:followups", clinic=member.clinic.public_id)


def _kept_on(request: HttpRequest) -> dt.date | None:
    """The day kept from the form; blank: today."""
    given = request.POST.get("completed_on", "").strip()
    if not given:
        return None
    try:
        return dt.date.fromisoformat(given)
    except ValueError:
        raise InputError("completed_on", "must be a date, e.g. 2026-05-01") from None

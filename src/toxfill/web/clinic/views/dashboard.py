"""The clinic dashboard: today's sessions, follow-ups due and overdue, open adverse events
(emergencies first) and lots that expire within 30 days, each shown only to roles that read it."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Case, IntegerField, Value, When
from django.http import HttpRequest, HttpResponse

from toxfill.web.clinic import scoping
from toxfill.web.clinic.actions.access import record_patients_seen
from toxfill.web.clinic.models import FollowUpStatus, Membership, Outcome
from toxfill.web.clinic.roles import Permission, may
from toxfill.web.clinic.views.workspace import page, today, workspace

SOON_DAYS = 7  # follow-ups shown as coming up
EXPIRY_DAYS = 30  # lots shown as expiring
# Lots that expired within this many days and still show stock: to be taken off the shelf.
# Older ones are the lots page's to show, so the dashboard reads a bounded range.
EXPIRED_SHOWN_DAYS = 90
MAX_EXPIRING = 50

URGENCY_ORDER = Case(
    When(urgency="emergency", then=Value(0)),
    When(urgency="urgent", then=Value(1)),
    When(urgency="routine", then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)


@workspace
def dashboard(request: HttpRequest, member: Membership) -> HttpResponse:
    day = today(member)
    context: dict[str, Any] = {"today": day}
    zone = ZoneInfo(member.clinic.time_zone)
    start = dt.datetime.combine(day, dt.time.min, zone)
    if may(member, Permission.VIEW_SCHEDULE) and not may(member, Permission.VIEW_CLINICAL):
        # the front desk: who was seen today, by whom, when; nothing clinical
        context["visits"] = list(
            scoping.visits(member).filter(
                performed_at__gte=start, performed_at__lt=start + dt.timedelta(days=1)
            )
        )
    if may(member, Permission.VIEW_CLINICAL):
        context["sessions"] = list(
            scoping.sessions(member)
            .filter(performed_at__gte=start, performed_at__lt=start + dt.timedelta(days=1))
            .order_by("performed_at")
        )
        context["events"] = list(
            scoping.events(member)
            .filter(outcome=Outcome.ONGOING)
            .order_by(URGENCY_ORDER, "-onset_at")[:50]
        )
        context["emergencies"] = [e for e in context["events"] if e.urgency == "emergency"]
    if may(member, Permission.VIEW_SCHEDULE):
        due = list(
            scoping.followups(member)
            .filter(
                status__in=(FollowUpStatus.DUE, FollowUpStatus.BOOKED),
                due_on__lte=day + dt.timedelta(days=SOON_DAYS),
            )
            .order_by("due_on")[:100]
        )
        context["overdue"] = [f for f in due if f.due_on < day]
        context["due"] = [f for f in due if f.due_on >= day]
    if may(member, Permission.VIEW_LOTS):
        context["expiring"] = list(
            scoping.lots(member)
            .filter(
                expires_on__gte=day - dt.timedelta(days=EXPIRED_SHOWN_DAYS),
                expires_on__lte=day + dt.timedelta(days=EXPIRY_DAYS),
                quantity_on_hand__gt=0,
            )
            .order_by("expires_on")[:MAX_EXPIRING]
        )
    shown = [context.get(part, []) for part in ("sessions", "events", "overdue", "due")]
    record_patients_seen(member, [row.patient_id for rows in shown for row in rows], "dashboard")
    context["soon_days"] = SOON_DAYS
    context["expiry_days"] = EXPIRY_DAYS
    return page(request, member, "clinic/dashboard.html", context)

"""Follow-ups: made by charting (from the planner) or by hand, then booked, done or missed;
kept by a later session of the same treatment."""

from __future__ import annotations

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from toxfill.errors import InputError
from toxfill.knowledge import bundled_knowledge
from toxfill.web.clinic import audit_chain
from toxfill.web.clinic.actions.changes import locked, save_changed, save_new, void
from toxfill.web.clinic.models import (
    FollowUp,
    FollowUpStatus,
    Membership,
    Patient,
    TreatmentSession,
)
from toxfill.web.clinic.roles import Permission, require

OPEN = (FollowUpStatus.DUE, FollowUpStatus.BOOKED)
REVIEW = "review"  # the planner's check-up after a first treatment

# A session keeps an open follow-up of the same treatment due up to KEEP_EARLY_DAYS after it.
# Early: a toxin wears off weeks sooner or later from one patient to the next, so a
# retreatment three weeks before the planned maintenance date is that maintenance visit, not
# an extra one; four weeks also covers a course session (three weeks apart) given early.
# Late: the next treatment (maintenance, course) is kept whenever the patient comes back for
# it, however late (the reports count it late); a check-up ("review", about two weeks after a
# first treatment, to judge its result) only up to REVIEW_LATE_DAYS after its due date: a
# session months on is a new treatment, not that check-up, which stays for a person to close.
KEEP_EARLY_DAYS = 28
REVIEW_LATE_DAYS = 28


def schedule_followup(
    member: Membership, patient_id: uuid.UUID, *, due_on: dt.date, purpose: str, note: str = ""
) -> FollowUp:
    """A follow-up the planner did not make, e.g. a call after an adverse event."""
    require(member, Permission.SCHEDULE)
    if not purpose.strip():
        raise InputError("purpose", "say what the follow-up is for")
    with transaction.atomic():
        patient = locked(
            Patient.objects.filter(clinic_id=member.clinic_id), patient_id, "patient", None
        )
        if patient.voided_at is not None:
            raise InputError("patient", "is voided")
        followup = FollowUp(
            clinic_id=member.clinic_id,
            patient=patient,
            due_on=due_on,
            purpose=purpose.strip(),
            note=note,
        )
        save_new(followup, member)
    return followup


def set_followup_status(
    member: Membership,
    followup_id: uuid.UUID,
    *,
    version: int,
    status: str,
    completed_on: dt.date | None = None,
) -> FollowUp:
    """Book, close or reopen a follow-up. Done records the day it was kept, `completed_on`
    (the clinic's today unless given; not in the future, not before the follow-up was made);
    any other status clears it."""
    require(member, Permission.SCHEDULE)
    if status not in FollowUpStatus.values:
        raise InputError("status", f"must be one of {', '.join(FollowUpStatus.values)}")
    if completed_on is not None and status != FollowUpStatus.DONE:
        raise InputError("completed_on", "give it only when marking the follow-up done")
    with transaction.atomic():
        followup = locked(
            FollowUp.objects.filter(clinic_id=member.clinic_id), followup_id, "follow-up", version
        )
        if followup.voided_at is not None:
            raise InputError("follow-up", "is voided")
        if status == FollowUpStatus.DONE:
            today = _local_day(member, timezone.now())
            kept = completed_on or today
            made = _made_on(member, followup)
            if kept > today:
                raise InputError(
                    "completed_on", f"cannot be in the future: give {_day(today)} or earlier"
                )
            if kept < made:
                raise InputError(
                    "completed_on",
                    f"cannot be before the follow-up was made: give a day from {_day(made)} "
                    f"to {_day(today)}",
                )
            followup.completed_on = kept
        else:
            followup.completed_on = None
        followup.status = status
        save_changed(followup, member, ["status", "completed_on"])
    return followup


def keep_followups_for_session(member: Membership, session: TreatmentSession) -> list[FollowUp]:
    """Mark done the follow-ups a just-charted session kept, on the session's day.

    Kept: the patient's open (due or booked, not voided) follow-ups for a treatment option
    given in the session, made before the session's day, and due no more than
    `KEEP_EARLY_DAYS` after it; due before it, they are kept late (a check-up only up to
    `REVIEW_LATE_DAYS` late). Follow-ups with no option (made by hand) are left for a person
    to close, as are the session's own new follow-ups.

    Earlier still, a retreatment replaces the recall it came before: when no follow-up of an
    option was kept in that window, the option's next open recall (not a check-up) is closed
    as kept early, since the session has just planned its own.
    """
    require(member, Permission.CHART)
    kb = bundled_knowledge()
    day = _local_day(member, session.performed_at)
    products = set(session.points.values_list("product", flat=True))
    options = {kb.products[p].option for p in products if p in kb.products}
    if not options:
        return []
    kept = []
    with transaction.atomic():
        audit_chain.hold(member.clinic_id)  # before the follow-ups' locks: see audit_chain
        candidates = (
            _open_before(member, session)
            .filter(option__in=options, due_on__lte=day + dt.timedelta(days=KEEP_EARLY_DAYS))
            .filter(~Q(purpose=REVIEW) | Q(due_on__gte=day - dt.timedelta(days=REVIEW_LATE_DAYS)))
        )
        for followup in candidates:
            if _made_on(member, followup) >= day:
                continue  # made the same day or later: not what this session came back for
            _close(member, followup, day, f"kept: session {session.public_id}")
            kept.append(followup)
        for option in sorted(options - {f.option for f in kept}):
            replaced = _next_recall(
                member, session, option, after=day + dt.timedelta(KEEP_EARLY_DAYS)
            )
            if replaced is not None and _made_on(member, replaced) < day:
                reason = f"kept early: session {session.public_id} came before it was due"
                _close(member, replaced, day, reason)
                kept.append(replaced)
    return kept


def _open_before(member: Membership, session: TreatmentSession) -> QuerySet[FollowUp]:
    """The patient's open follow-ups other than the session's own, locked, soonest first."""
    return (
        FollowUp.objects.select_for_update(of=("self",))
        .filter(
            clinic_id=member.clinic_id,
            patient_id=session.patient_id,
            status__in=OPEN,
            voided_at__isnull=True,
        )
        .exclude(session_id=session.pk)
        .select_related("session")
        .order_by("due_on", "id")
    )


def _next_recall(
    member: Membership, session: TreatmentSession, option: str, *, after: dt.date
) -> FollowUp | None:
    """The option's first open recall (a next treatment, not a check-up) due after `after`."""
    recalls = _open_before(member, session).filter(option=option, due_on__gt=after)
    return recalls.exclude(purpose=REVIEW).first()


def _close(member: Membership, followup: FollowUp, day: dt.date, reason: str) -> None:
    followup.status = FollowUpStatus.DONE
    followup.completed_on = day
    save_changed(followup, member, ["status", "completed_on"], reason)


def void_followup(
    member: Membership, followup_id: uuid.UUID, *, version: int, reason: str
) -> FollowUp:
    require(member, Permission.SCHEDULE)
    with transaction.atomic():
        followup = locked(
            FollowUp.objects.filter(clinic_id=member.clinic_id), followup_id, "follow-up", version
        )
        void(followup, member, reason)
    return followup


def _local_day(member: Membership, instant: dt.datetime) -> dt.date:
    return instant.astimezone(ZoneInfo(member.clinic.time_zone)).date()


def _made_on(member: Membership, followup: FollowUp) -> dt.date:
    """The clinic's day the follow-up began: its session's, else the day it was written."""
    if followup.session is not None:
        return _local_day(member, followup.session.performed_at)
    return _local_day(member, followup.created_at)


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"

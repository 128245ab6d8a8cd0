"""The patient link's writes: issuing and revoking links (clinic members, role-checked),
filing a patient's report and sending their two-week review (the link itself is the actor)."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone, translation

from toxfill.errors import InputError
from toxfill.web.clinic import audit_chain
from toxfill.web.clinic.actions.events import add_to_draft, adds_to_draft, triage_draft
from toxfill.web.clinic.actions.reviews import record_outcome_review
from toxfill.web.clinic.errors import Busy, RecordNotFound
from toxfill.web.clinic.history import PATIENT_LINK
from toxfill.web.clinic.models import (
    AdverseEvent,
    Clinic,
    EventOrigin,
    Membership,
    Outcome,
    OutcomeReview,
    Patient,
    TreatmentSession,
)
from toxfill.web.clinic.roles import Permission, require
from toxfill.web.patient_link.models import (
    LinkAccess,
    LinkDirectory,
    Notification,
    PatientLink,
    PatientReport,
    SentReview,
)
from toxfill.web.patient_link.reads import Pending
from toxfill.web.patient_link.tokens import link_address, new_token

log = logging.getLogger("toxfill.patient_link")

DEFAULT_DAYS = 365
MAX_DAYS = 2 * 365
EMERGENCY = "emergency"

# Reports one link files in an hour. A worried patient sends again, and a few sends are worth
# the clinic's time (a new symptom, a change for the worse); forty in a few seconds (issue 19)
# made forty drafts and forty emails. Past the cap the patient still gets their triage
# answer, and what a report adds folds into the open draft; an emergency is never held back.
REPORTS_PER_HOUR = 4
REPORT_WINDOW = dt.timedelta(hours=1)
# At most one email to a provider in this time; the next one counts the reports since. The
# dashboard is where an emergency shows at once; the email only says to sign in and look.
EMAIL_INTERVAL = dt.timedelta(minutes=30)


@dataclass(frozen=True)
class IssuedLink:
    """A new link and its token. The token is not stored: show it now, or never."""

    link: PatientLink
    token: str


def require_issuer(member: Membership) -> None:
    """NotAllowed (403) unless the member's role issues and revokes links."""
    require(member, Permission.ISSUE_LINKS)


def issue_patient_link(
    member: Membership, patient_id: uuid.UUID, *, days: int = DEFAULT_DAYS
) -> IssuedLink:
    """A personal link to the patient's record, valid for `days` (at most two years), its
    token for the member to hand over: only for roles that may read the sessions it opens."""
    require_issuer(member)
    require(member, Permission.SEE_LINK_ADDRESS)
    return _issue(member, _patient(member, patient_id, days), days)


def send_patient_link(
    member: Membership, patient_id: uuid.UUID, *, site: str, days: int = DEFAULT_DAYS
) -> PatientLink:
    """Issue a link and email it to the patient's own address on file (Django's email
    backend), so the member who sends it never sees it. `site` is the site's root address."""
    require_issuer(member)
    patient = _patient(member, patient_id, days)
    if not patient.email:
        raise InputError(
            "email",
            "the patient has no email address on file: add one to their record, "
            "or ask a provider or manager to print the link on the aftercare sheet",
        )
    issued = _issue(member, patient, days)
    subject, message = _link_email(issued, link_address(site, issued.token))
    try:
        send_mail(
            subject=subject,
            message=message,
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[patient.email],
        )
    except Exception as exc:
        # A link nobody received must not stay open: nobody can ever see its token.
        revoke_patient_link(member, issued.link.public_id)
        log.warning("patient link %s not emailed: %s", issued.link.public_id, type(exc).__name__)
        raise Busy("emails (the mail server did not take it; the link was cancelled)", 60) from None
    log.info("patient link %s emailed by member %s", issued.link.public_id, member.pk)
    return issued.link


def _patient(member: Membership, patient_id: uuid.UUID, days: int) -> Patient:
    """The live patient a link is for, once `days` is known to be valid."""
    if not 1 <= days <= MAX_DAYS:
        raise InputError("days", f"must be between 1 and {MAX_DAYS}")
    patient = (
        Patient.objects.filter(
            clinic_id=member.clinic_id, public_id=patient_id, voided_at__isnull=True
        )
        .select_related("clinic")
        .first()
    )
    if patient is None:
        raise RecordNotFound("patient")
    return patient


def _link_email(issued: IssuedLink, address: str) -> tuple[str, str]:
    """The subject and text, in the patient's language: the address and how long it works,
    never a health detail."""
    patient = issued.link.patient
    clinic = patient.clinic
    context = {
        "clinic": clinic,
        "address": address,
        "until": issued.link.expires_at.astimezone(ZoneInfo(clinic.time_zone)).date(),
    }
    with translation.override(patient.reads_in):
        return (
            render_to_string("clinic/email/patient_link_subject.txt", context).strip(),
            render_to_string("clinic/email/patient_link.txt", context),
        )


def _issue(member: Membership, patient: Patient, days: int) -> IssuedLink:
    token, digest = new_token()
    with transaction.atomic():
        link = PatientLink.objects.create(
            clinic_id=member.clinic_id,
            patient=patient,
            digest=digest,
            issued_by=member,
            expires_at=timezone.now() + dt.timedelta(days=days),
        )
        LinkDirectory.objects.create(
            digest=digest, link_public_id=link.public_id, clinic_id=member.clinic_id
        )
    return IssuedLink(link=link, token=token)


def revoke_patient_link(
    member: Membership, link_id: uuid.UUID, *, of_patient: Patient | None = None
) -> PatientLink:
    """Close a link at once; revoking twice changes nothing. With `of_patient` (a patient's
    page revoking), a link of another patient is one that does not exist."""
    require_issuer(member)
    with transaction.atomic():
        links = PatientLink.objects.select_for_update().filter(
            clinic_id=member.clinic_id, public_id=link_id
        )
        if of_patient is not None:
            links = links.filter(patient=of_patient)
        link = links.first()
        if link is None:
            raise RecordNotFound("patient link")
        if link.revoked_at is None:
            link.revoked_at = timezone.now()
            link.revoked_by = member
            link.version += 1
            link.save(update_fields=["revoked_at", "revoked_by", "version"])
    return link


def record_link_view(link: PatientLink, what: str) -> None:
    """Log one page or download opened through the link (the access log's patient side)."""
    LinkAccess.objects.create(
        clinic_id=link.clinic_id, link=link, patient_id=link.patient_id, what=what
    )
    PatientLink.objects.filter(clinic_id=link.clinic_id, pk=link.pk).update(
        last_opened_at=timezone.now()
    )


def send_outcome_review(
    link: PatientLink, pending: Pending, answers: Mapping[str, Any]
) -> OutcomeReview:
    """The patient's answers to the review pending, stored by the clinic, and the link that
    sent them; a second answer (a double tap) changes nothing."""
    with transaction.atomic():
        review, new = record_outcome_review(pending.session, pending.option, answers)
        if new:
            SentReview.objects.create(clinic_id=link.clinic_id, review=review, link=link)
    return review


def _reference() -> str:
    # Unambiguous letters and digits (no 0/O, 1/I), read out on the phone: R-7KQ4-M2XD.
    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    code = "".join(secrets.choice(alphabet) for _ in range(8))
    return f"R-{code[:4]}-{code[4:]}"


@dataclass(frozen=True)
class Sent:
    """What became of a report the patient agreed to send: `report` was filed now, or, when
    `again`, the link had already filed its hourly cap and `report` is the latest the clinic
    has (the patient keeps its reference; their answer on screen is the same either way)."""

    report: PatientReport
    again: bool = False


def file_patient_report(
    link: PatientLink,
    session: TreatmentSession,
    *,
    symptoms: Sequence[str],
    days_since: int | None,
    urgency: str,
    knowledge_version: str,
) -> Sent:
    """Store the report the patient agreed to send, first, so it is never lost; then fold it
    into the link's open draft adverse event on the session, or draft one; then tell the
    responsible provider (a failure there leaves the stored report, which the dashboard lists).

    Past REPORTS_PER_HOUR nothing more is filed: a report that adds a symptom or a higher
    urgency only updates the open draft. An emergency that no open draft holds is filed
    whatever the count: the cap stops a flood, never an emergency reaching the dashboard."""
    if session.patient_id != link.patient_id or session.clinic_id != link.clinic_id:
        raise RecordNotFound("session")
    if not symptoms:
        raise InputError("symptoms", "name at least one symptom")
    first_lot = next(iter(session.points.all()), None)
    with transaction.atomic():
        # One report at a time per link, however many server processes: the count and the
        # open draft below cannot change under us (SQLite's IMMEDIATE transactions already
        # hold the write lock; PostgreSQL locks the link's row). The clinic's audit chain
        # first, as every write that keeps history there takes it before any row lock.
        audit_chain.hold(link.clinic_id)
        PatientLink.objects.select_for_update().filter(clinic_id=link.clinic_id, pk=link.pk).first()
        recent = PatientReport.objects.filter(
            clinic_id=link.clinic_id, link=link, created_at__gte=timezone.now() - REPORT_WINDOW
        )
        latest = recent.order_by("-created_at").first()
        if latest is not None and recent.count() >= REPORTS_PER_HOUR:
            held = _add_past_the_cap(link, session, symptoms, urgency)
            if held or urgency != EMERGENCY:
                return Sent(latest, again=True)
        report = PatientReport.objects.create(
            clinic_id=link.clinic_id,
            link=link,
            patient_id=link.patient_id,
            session=session,
            lot=first_lot.lot if first_lot else None,
            reference=_reference(),
            symptoms=list(symptoms),
            days_since=days_since,
            urgency=urgency,
            consented_at=timezone.now(),
            knowledge_version=knowledge_version,
        )
        try:
            with transaction.atomic():  # a savepoint: a failure here keeps the report
                draft_adverse_event(report)
        except Exception:
            log.exception("patient report %s stored; drafting failed", report.reference)
    try:
        notify_provider(report)
    except Exception:  # the report is stored; the clinic still sees it on its dashboard
        log.exception("patient report %s stored; notifying failed", report.reference)
    return Sent(report)


def _open_draft(link: PatientLink, session: TreatmentSession) -> AdverseEvent | None:
    """The draft this link's reports made on the session that no clinician has graded,
    closed or voided yet."""
    return (
        AdverseEvent.objects.filter(
            clinic_id=link.clinic_id,
            pk__in=PatientReport.objects.filter(
                clinic_id=link.clinic_id, link=link, session=session
            ).values("event_id"),
            severity="",
            outcome=Outcome.ONGOING,
            voided_at__isnull=True,
        )
        .order_by("-created_at")
        .first()
    )


def _add_past_the_cap(
    link: PatientLink, session: TreatmentSession, symptoms: Sequence[str], urgency: str
) -> bool:
    """Past the cap: fold what a report adds (a symptom, a higher urgency) into the open draft,
    filing nothing. Whether an open draft holds the report now."""
    draft = _open_draft(link, session)
    if draft is None:
        return False
    if not adds_to_draft(draft, symptoms, urgency):
        return True
    return (
        add_to_draft(
            draft,
            symptoms,
            at_least=urgency,
            reason=f"{PATIENT_LINK}: a repeat patient report past the cap of "
            f"{REPORTS_PER_HOUR} an hour",
        )
        is not None
    )


def draft_adverse_event(report: PatientReport) -> AdverseEvent:
    """The report as a draft adverse event on the session: folded into the link's open draft
    there if it has one (its symptoms added, the higher urgency kept, the reports counted in
    its history), else a new draft triaged by the same rules as an event the clinic records,
    ungraded, recorded in the responsible provider's name (who reviews it), with the history
    saying the patient sent it. Never below the urgency the patient was shown."""
    draft = _open_draft(report.link, report.session)
    event = None
    if draft is not None:
        count = PatientReport.objects.filter(clinic_id=report.clinic_id, event=draft).count()
        event = add_to_draft(
            draft,
            report.symptoms,
            at_least=report.urgency,
            reason=f"{PATIENT_LINK}: patient report {report.reference} added: "
            f"{count + 1} reports on this draft",
        )
    with transaction.atomic():
        if event is None:
            event = _new_draft(report)
        report.event = event
        report.save(update_fields=["event"])
    return event


def _new_draft(report: PatientReport) -> AdverseEvent:
    session = (
        TreatmentSession.objects.filter(clinic_id=report.clinic_id, pk=report.session_id)
        .select_related("clinic", "patient", "provider")
        .prefetch_related("points__lot")
        .get()
    )
    onset = max(timezone.now(), session.performed_at)
    event = AdverseEvent(
        clinic_id=report.clinic_id,
        session=session,
        patient_id=report.patient_id,
        onset_at=onset,
        recorded_by=session.provider,
        origin=EventOrigin.PATIENT_LINK,
        actions=f"Draft: reported by the patient through their link ({report.reference}).",
    )
    triage_draft(event, session, report.symptoms, at_least=report.urgency)
    event._change_reason = f"{PATIENT_LINK}: draft from patient report {report.reference}"  # type: ignore[attr-defined]
    event.save(force_insert=True)
    return event


def notify_provider(report: PatientReport) -> Notification:
    """A dashboard notification for the session's provider, and an email, unless one went to
    them within EMAIL_INTERVAL: then the next one counts it (`email_waiting_reports`)."""
    session = TreatmentSession.objects.select_related("provider").get(
        clinic_id=report.clinic_id, pk=report.session_id
    )
    note = Notification.objects.create(
        clinic_id=report.clinic_id,
        recipient=session.provider,
        report=report,
        urgency=report.urgency,
    )
    email_waiting_reports(session.provider)
    return note


def email_waiting_reports(member: Membership) -> int:
    """One email to the member about their reports not yet emailed, unless one went to them
    within EMAIL_INTERVAL; how many reports it counted (0: none sent). No health details in
    the email (nor in the log): the references, and how soon to look."""
    now = timezone.now()
    with transaction.atomic():
        # One sender at a time per member, however many server processes and the scheduler.
        recipient = (
            Membership.objects.select_for_update(of=("self",))
            .select_related("user", "clinic")
            .get(pk=member.pk)
        )
        notes = Notification.objects.filter(clinic_id=recipient.clinic_id, recipient=recipient)
        last = notes.aggregate(last=Max("emailed_at"))["last"]
        if last is not None and now - last < EMAIL_INTERVAL:
            return 0
        waiting = list(
            notes.filter(emailed_at__isnull=True).select_related("report").order_by("created_at")
        )
        if not waiting:
            return 0
        # Marked before sending, so a slow mail server holds no lock; the reports stay on
        # the dashboard if the email fails.
        notes.filter(pk__in=[n.pk for n in waiting]).update(emailed_at=now)
    references = [n.report.reference for n in waiting]
    if recipient.user.email:
        subject, message = _email(recipient.clinic.name, references, waiting)
        send_mail(
            subject=subject,
            message=message,
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[recipient.user.email],
        )
    log.info("patient reports %s: member %s notified", ", ".join(references), recipient.pk)
    return len(waiting)


def _email(clinic: str, references: list[str], waiting: list[Notification]) -> tuple[str, str]:
    """The subject and text: the references and how soon to look, never a health detail."""
    soon = "now" if any(n.urgency in ("emergency", "urgent") for n in waiting) else "when you can"
    if len(references) == 1:
        return (
            f"toxfill: a patient report for you to review {soon} ({references[0]})",
            f"A patient of {clinic} sent a report through their patient link.\n"
            f"Reference: {references[0]}\n"
            "Sign in to toxfill to read it; this email holds no health details.\n",
        )
    minutes = int(EMAIL_INTERVAL.total_seconds() // 60)
    return (
        f"toxfill: {len(references)} patient reports for you to review {soon}",
        f"{len(references)} reports came from patients of {clinic} through their patient links "
        f"since the last email (toxfill sends you at most one every {minutes} minutes).\n"
        f"References: {', '.join(references)}\n"
        "Sign in to toxfill to read them; this email holds no health details.\n",
    )


def email_all_waiting_reports() -> int:
    """For the scheduler: the emails held back by the interval, once it has passed, so the
    last reports of a burst are not left unmailed. How many reports they counted."""
    return sum(
        email_waiting_reports(member)
        for clinic_id in Clinic.objects.order_by("pk").values_list("pk", flat=True)
        for member in Membership.objects.filter(
            pk__in=Notification.objects.filter(clinic_id=clinic_id, emailed_at__isnull=True).values(
                "recipient_id"
            )
        ).order_by("pk")
    )

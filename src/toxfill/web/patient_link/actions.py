"""The patient link's writes: issuing and revoking links (clinic members, role-checked) and
filing a patient's report (the link itself is the actor)."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from toxfill.errors import InputError
from toxfill.web.clinic.actions.events import _triaged  # one triage of events, not two
from toxfill.web.clinic.errors import NotAllowed, RecordNotFound
from toxfill.web.clinic.models import (
    AdverseEvent,
    Membership,
    Patient,
    Role,
    TreatmentSession,
)
from toxfill.web.patient_link.models import LinkAccess, Notification, PatientLink, PatientReport
from toxfill.web.patient_link.tokens import new_token

log = logging.getLogger("toxfill.patient_link")

DEFAULT_DAYS = 365
MAX_DAYS = 2 * 365
ISSUERS = frozenset({Role.PROVIDER, Role.FRONT_DESK, Role.MANAGER})  # never the auditor
ISSUE = "issue and revoke patient links"


@dataclass(frozen=True)
class IssuedLink:
    """A new link and its token. The token is not stored: show it now, or never."""

    link: PatientLink
    token: str


def _require_issuer(member: Membership) -> None:
    if not member.active or member.role not in ISSUERS:
        raise NotAllowed(member.get_role_display().lower(), ISSUE)


def issue_patient_link(
    member: Membership, patient_id: uuid.UUID, *, days: int = DEFAULT_DAYS
) -> IssuedLink:
    """A personal link to the patient's record, valid for `days` (at most two years)."""
    _require_issuer(member)
    if not 1 <= days <= MAX_DAYS:
        raise InputError("days", f"must be between 1 and {MAX_DAYS}")
    patient = Patient.objects.filter(
        clinic_id=member.clinic_id, public_id=patient_id, voided_at__isnull=True
    ).first()
    if patient is None:
        raise RecordNotFound("patient")
    token, digest = new_token()
    link = PatientLink.objects.create(
        clinic_id=member.clinic_id,
        patient=patient,
        digest=digest,
        issued_by=member,
        expires_at=timezone.now() + dt.timedelta(days=days),
    )
    return IssuedLink(link=link, token=token)


def revoke_patient_link(member: Membership, link_id: uuid.UUID) -> PatientLink:
    """Close a link at once; revoking twice changes nothing."""
    _require_issuer(member)
    with transaction.atomic():
        link = (
            PatientLink.objects.select_for_update()
            .filter(clinic_id=member.clinic_id, public_id=link_id)
            .first()
        )
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
    PatientLink.objects.filter(pk=link.pk).update(last_opened_at=timezone.now())


def _reference() -> str:
    # Unambiguous letters and digits (no 0/O, 1/I), read out on the phone: R-7KQ4-M2XD.
    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    code = "".join(secrets.choice(alphabet) for _ in range(8))
    return f"R-{code[:4]}-{code[4:]}"


def file_patient_report(
    link: PatientLink,
    session: TreatmentSession,
    *,
    symptoms: Sequence[str],
    days_since: int | None,
    urgency: str,
    knowledge_version: str,
) -> PatientReport:
    """Store the report the patient agreed to send, first and on its own, so it is never lost;
    then draft the adverse event and tell the responsible provider (a failure there leaves
    the stored report, which the dashboard lists)."""
    if session.patient_id != link.patient_id or session.clinic_id != link.clinic_id:
        raise RecordNotFound("session")
    if not symptoms:
        raise InputError("symptoms", "name at least one symptom")
    first_lot = next(iter(session.points.all()), None)
    with transaction.atomic():
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
        draft_adverse_event(report)
        notify_provider(report)
    except Exception:  # the report is stored; the clinic still sees it on its dashboard
        log.exception("patient report %s stored; drafting or notifying failed", report.reference)
    return report


def draft_adverse_event(report: PatientReport) -> AdverseEvent:
    """The report as a draft adverse event on the session: triaged by the same rules as one
    the clinic records, ungraded, recorded in the responsible provider's name (who reviews
    it), with the history saying the patient sent it."""
    with transaction.atomic():
        session = (
            TreatmentSession.objects.filter(pk=report.session_id)
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
            actions=f"Draft: reported by the patient through their link ({report.reference}).",
        )
        _triaged(event, session, report.symptoms)
        event._change_reason = f"draft from patient report {report.reference}"  # type: ignore[attr-defined]
        event.save(force_insert=True)
        report.event = event
        report.save(update_fields=["event"])
    return event


def notify_provider(report: PatientReport) -> Notification:
    """A dashboard notification for the session's provider, and an email with no health
    details in it (nor in the log): the reference and how soon to look."""
    session = TreatmentSession.objects.select_related("provider__user", "clinic").get(
        pk=report.session_id
    )
    provider = session.provider
    note = Notification.objects.create(
        clinic_id=report.clinic_id, recipient=provider, report=report, urgency=report.urgency
    )
    address = provider.user.email
    if address:
        soon = "now" if report.urgency in ("emergency", "urgent") else "when you can"
        send_mail(
            subject=f"toxfill: a patient report for you to review {soon} ({report.reference})",
            message=(
                f"A patient of {session.clinic.name} sent a report through their patient link.\n"
                f"Reference: {report.reference}\n"
                "Sign in to toxfill to read it; this email holds no health details.\n"
            ),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[address],
        )
    log.info("patient report %s: member %s notified", report.reference, provider.pk)
    return note

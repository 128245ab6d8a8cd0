"""The patient link as the clinic sees it: patients' reports for the dashboard (emergencies
first), the links themselves, and who opened what through them.

The workspace's dashboard lists `open_reports(member)` (its first rows are the emergencies)
and the member's `unread(member)` notifications; `mark_read` clears one.
"""

from __future__ import annotations

import uuid

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils import timezone

from toxfill.web.clinic.errors import RecordNotFound
from toxfill.web.clinic.models import Membership, Patient
from toxfill.web.clinic.roles import Permission, require
from toxfill.web.patient_link.models import LinkAccess, Notification, PatientLink, PatientReport
from toxfill.web.patient_link.tokens import checked

RANK = {"emergency": 0, "urgent": 1, "routine": 2, "self-care": 3}


def _most_urgent_first() -> Case:
    return Case(
        *(When(urgency=urgency, then=Value(rank)) for urgency, rank in RANK.items()),
        default=Value(len(RANK)),
        output_field=IntegerField(),
    )


def open_reports(member: Membership) -> QuerySet[PatientReport]:
    """Reports patients sent whose draft adverse event no clinician has graded yet:
    emergencies first, then urgent, routine and self-care; newest first within each."""
    require(member, Permission.VIEW_CLINICAL)
    return (
        PatientReport.objects.filter(clinic_id=member.clinic_id)
        .exclude(event__severity__gt="")
        .select_related("patient", "session", "lot", "event")
        .annotate(rank=_most_urgent_first())
        .order_by("rank", "-created_at")
    )


def unread(member: Membership) -> QuerySet[Notification]:
    """The member's own unread notifications, most urgent first."""
    return (
        Notification.objects.filter(
            clinic_id=member.clinic_id, recipient=member, read_at__isnull=True
        )
        .select_related("report__patient")
        .annotate(rank=_most_urgent_first())
        .order_by("rank", "-created_at")
    )


def mark_read(member: Membership, notification_id: int) -> None:
    Notification.objects.filter(
        clinic_id=member.clinic_id, recipient=member, pk=notification_id, read_at__isnull=True
    ).update(read_at=timezone.now())


def link_accesses(member: Membership) -> QuerySet[LinkAccess]:
    """Every page and download opened through a patient link, for the auditor's access log."""
    require(member, Permission.AUDIT)
    return (
        LinkAccess.objects.filter(clinic_id=member.clinic_id)
        .select_related("patient", "link")
        .order_by("-viewed_at")
    )


def patient_links(member: Membership, patient: Patient) -> QuerySet[PatientLink]:
    """The patient's links, newest first, for the links page and the API (never a token:
    only digests are stored)."""
    return (
        PatientLink.objects.filter(clinic_id=member.clinic_id, patient=patient)
        .select_related("patient", "clinic")
        .order_by("-created_at")
    )


def open_link(member: Membership, link_id: uuid.UUID) -> PatientLink:
    """One of the clinic's links that still opens, for a role that may read what it opens
    (as a colleague opening it in the browser): the passport the API sends from it. A link
    of a voided patient does not exist; a revoked or expired one is a LinkClosed."""
    require(member, Permission.VIEW_CLINICAL)
    found = (
        PatientLink.objects.filter(clinic_id=member.clinic_id, public_id=link_id)
        .select_related("patient", "clinic")
        .first()
    )
    if found is None or found.patient.voided_at is not None:
        raise RecordNotFound("patient link")
    return checked(found)

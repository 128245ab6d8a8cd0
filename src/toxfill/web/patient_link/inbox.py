"""Patients' reports as the clinic sees them: for the dashboard, emergencies first.

The workspace's dashboard lists `open_reports(member)` (its first rows are the emergencies)
and the member's `unread(member)` notifications; `mark_read` clears one.
"""

from __future__ import annotations

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils import timezone

from toxfill.web.clinic.models import Membership, Patient
from toxfill.web.clinic.roles import Permission, require
from toxfill.web.patient_link.models import LinkAccess, Notification, PatientLink, PatientReport

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

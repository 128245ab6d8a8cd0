"""Exports: sessions and injection points as CSV, a patient's record as a FHIR R4 Bundle."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse

from toxfill.web.clinic import fhir, scoping
from toxfill.web.clinic.actions.access import record_patient_view, record_patients_seen
from toxfill.web.clinic.models import Membership
from toxfill.web.clinic.roles import Permission, require
from toxfill.web.clinic.views.workspace import page, workspace
from toxfill.web.downloads import attach, csv_download


@workspace
def exports(request: HttpRequest, member: Membership) -> HttpResponse:
    require(member, Permission.VIEW_CLINICAL)
    return page(request, member, "clinic/exports.html", {})


SESSION_COLUMNS = ("session", "performed_at", "patient", "provider", "points", "voided")
POINT_COLUMNS = ("session", "performed_at", "patient", "zone", "product", "lot", "dose", "unit")
# A whole clinic's history is read as plain rows, never as model instances: a session read
# with its patient, provider, clinic and points is about 15 objects, and a clinic of 20,000
# sessions took 15 s to export that way, and under ASGI the export holds its worker as long
# (bench/RESULTS.md, the load of a chain).
CHUNK = 2000


@workspace
def sessions_csv(request: HttpRequest, member: Membership) -> StreamingHttpResponse:
    return sessions_csv_file(member)


def sessions_csv_file(member: Membership) -> StreamingHttpResponse:
    """Every session, voided ones too, oldest first; the page and the API send it."""
    rows = scoping.sessions(member, voided=None).order_by("performed_at")
    record_patients_seen(member, rows.values("patient_id"), "sessions csv")
    points = (
        scoping.points(member, voided=None)
        .filter(session=OuterRef("pk"))
        .order_by()
        .values("session")
        .annotate(count=Count("pk"))
        .values("count")
    )
    table = (
        rows.prefetch_related(None)
        .annotate(points_count=Coalesce(Subquery(points), 0))
        .values_list(
            "public_id",
            "performed_at",
            "patient__public_id",
            "provider__user__username",
            "points_count",
            "voided_at",
        )
    )

    def lines() -> Iterator[tuple[object, ...]]:
        yield SESSION_COLUMNS
        for session, performed_at, patient, provider, count, voided_at in table.iterator(CHUNK):
            yield (
                session,
                performed_at.isoformat(),
                patient,
                provider,
                count,
                voided_at is not None,
            )

    return csv_download("sessions.csv", lines())


@workspace
def points_csv(request: HttpRequest, member: Membership) -> StreamingHttpResponse:
    return points_csv_file(member)


def points_csv_file(member: Membership) -> StreamingHttpResponse:
    """Every injection point of the current sessions, oldest first; the page and the API
    send it."""
    sessions = scoping.sessions(member)
    record_patients_seen(member, sessions.values("patient_id"), "points csv")
    table = (
        scoping.points(member)
        .order_by("session__performed_at", "session_id", "id")
        .values_list(
            "session__public_id",
            "session__performed_at",
            "session__patient__public_id",
            "zone",
            "product",
            "lot__lot_number",
            "dose",
            "unit",
        )
    )

    def lines() -> Iterator[tuple[object, ...]]:
        yield POINT_COLUMNS
        for session, performed_at, patient, *point in table.iterator(CHUNK):
            yield (session, performed_at.isoformat(), patient, *point)

    return csv_download("injection-points.csv", lines())


@workspace
def patient_fhir(request: HttpRequest, member: Membership, patient_id: uuid.UUID) -> HttpResponse:
    return patient_fhir_file(member, patient_id)


def patient_fhir_file(member: Membership, patient_id: uuid.UUID) -> HttpResponse:
    """The patient's record as a FHIR R4 Bundle; the page and the API send it."""
    require(member, Permission.VIEW_CLINICAL)
    patient = scoping.patient(member, patient_id)
    record_patient_view(member, patient, "fhir export")
    bundle = fhir.patient_bundle(
        patient,
        sessions=scoping.sessions(member).filter(patient=patient).order_by("performed_at"),
        followups=scoping.followups(member).filter(patient=patient).order_by("due_on"),
        events=scoping.events(member).filter(patient=patient).order_by("onset_at"),
    )
    response = HttpResponse(fhir.bundle_json(bundle), content_type="application/fhir+json")
    return attach(response, f"patient-{patient.public_id}.json")

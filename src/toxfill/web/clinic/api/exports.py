"""The clinic's exports through the API: each is the file its page sends, made by the page's
own function for the member the API names, so the two cannot drift: the same roles, the same
access-log line, the same bytes. The paths are the pages' paths under /api/v1."""

import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from ninja import Router

from toxfill.web.clinic.api.schemas import ERRORS
from toxfill.web.clinic.api.security import AUTH, acting
from toxfill.web.clinic.models import Membership
from toxfill.web.clinic.views.events import medwatch_file, medwatch_pdf_file
from toxfill.web.clinic.views.exports import patient_fhir_file, points_csv_file, sessions_csv_file
from toxfill.web.clinic.views.lots import recall_csv_file
from toxfill.web.clinic.views.workspace import clinic_time
from toxfill.web.openapi import BINARY, JSON_OBJECT, file_response

router = Router(tags=["clinic: exports"], auth=AUTH)

CSV = "text/csv"


def _as_page(
    request: HttpRequest, clinic_id: uuid.UUID, make: Callable[[Membership], HttpResponseBase]
) -> HttpResponseBase:
    member = acting(request, clinic_id)
    with clinic_time(member):
        return make(member)


@router.get(
    "/{clinic_id}/exports/sessions.csv",
    response=ERRORS,
    openapi_extra=file_response(CSV, "One row per session (UTF-8, with a byte order mark)."),
)
def sessions_csv(request: HttpRequest, clinic_id: uuid.UUID) -> HttpResponseBase:
    """Every session, voided ones too, oldest first: session, performed_at, patient,
    provider, points, voided. For the roles that read treatments; the patients in it are
    written to the access log."""
    return _as_page(request, clinic_id, sessions_csv_file)


@router.get(
    "/{clinic_id}/exports/points.csv",
    response=ERRORS,
    openapi_extra=file_response(
        CSV, "One row per injection point (UTF-8, with a byte order mark)."
    ),
)
def points_csv(request: HttpRequest, clinic_id: uuid.UUID) -> HttpResponseBase:
    """Every injection point of the current sessions, oldest first: session, performed_at,
    patient, zone, product, lot, dose, unit. For the roles that read treatments; the patients
    in it are written to the access log."""
    return _as_page(request, clinic_id, points_csv_file)


@router.get(
    "/{clinic_id}/lots/{lot_id}/recall.csv",
    response=ERRORS,
    openapi_extra=file_response(CSV, "One row per dose drawn from the lot."),
)
def recall_csv(request: HttpRequest, clinic_id: uuid.UUID, lot_id: uuid.UUID) -> HttpResponseBase:
    """A recall: every current dose drawn from the lot, with the patient's name, birth date,
    email and phone, to call them back. For the roles that read treatments; the patients in it
    are written to the access log."""
    return _as_page(request, clinic_id, lambda member: recall_csv_file(member, lot_id))


@router.get(
    "/{clinic_id}/patients/{patient_id}/fhir.json",
    response=ERRORS,
    openapi_extra=file_response(
        "application/fhir+json", "The patient's record as a FHIR R4 Bundle.", JSON_OBJECT
    ),
)
def patient_fhir(
    request: HttpRequest, clinic_id: uuid.UUID, patient_id: uuid.UUID
) -> HttpResponseBase:
    """The patient's whole record at the clinic (sessions, follow-ups, adverse events) as a
    FHIR R4 Bundle. For the roles that read treatments; written to the access log."""
    return _as_page(request, clinic_id, lambda member: patient_fhir_file(member, patient_id))


@router.get(
    "/{clinic_id}/events/{event_id}/medwatch.txt",
    response=ERRORS,
    openapi_extra=file_response("text/plain", "The report, as plain text (UTF-8)."),
)
def medwatch(request: HttpRequest, clinic_id: uuid.UUID, event_id: uuid.UUID) -> HttpResponseBase:
    """An adverse event as the FDA's MedWatch form 3500 (voluntary reporting by health
    professionals): sections A to G, each box filled from the record or marked TO ADD for the
    reporter, who is the member who recorded the event; dated in the clinic's time zone. For
    the roles that read treatments; written to the access log."""
    return _as_page(request, clinic_id, lambda member: medwatch_file(member, event_id))


@router.get(
    "/{clinic_id}/events/{event_id}/medwatch.pdf",
    response=ERRORS,
    openapi_extra=file_response("application/pdf", "The report, as a PDF.", BINARY),
)
def medwatch_pdf(
    request: HttpRequest, clinic_id: uuid.UUID, event_id: uuid.UUID
) -> HttpResponseBase:
    """The same MedWatch report as a PDF: a heading per section and a table per group of
    boxes. For the roles that read treatments; written to the access log."""
    return _as_page(request, clinic_id, lambda member: medwatch_pdf_file(member, event_id))

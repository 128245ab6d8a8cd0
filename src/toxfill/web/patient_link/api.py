"""Patient links in the clinic API: issue (the token is in this one answer, for the roles
that may read what it opens; or emailed to the patient), list, revoke; the passport a link
gives, as its pages send it; and the clinic's published keys, which verify the passport."""

import logging
import uuid
from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from toxfill.web.clinic import scoping
from toxfill.web.clinic.actions.access import record_patient_view
from toxfill.web.clinic.api.idempotency import answer_shown_once
from toxfill.web.clinic.api.paging import Cursor
from toxfill.web.clinic.api.schemas import ERRORS, ErrorOut, Input, local
from toxfill.web.clinic.api.security import AUTH, acting
from toxfill.web.clinic.signing.sealing import UnsealError
from toxfill.web.openapi import BINARY, JSON_OBJECT, file_response
from toxfill.web.patient_link import actions, inbox, views
from toxfill.web.patient_link.models import LinkAccess, PatientLink
from toxfill.web.patient_link.tokens import LinkClosed, link_url

router = Router(tags=["clinic: patient links"], auth=AUTH)
log = logging.getLogger("toxfill.patient_link")


class LinkIn(Input):
    days: int = Field(actions.DEFAULT_DAYS, ge=1, le=actions.MAX_DAYS, description="valid for")
    email: bool = Field(
        False,
        description="Email the link to the patient's address on file instead of answering "
        "with it (the front desk must: its role may not see the link's address).",
    )


class LinkOut(Schema):
    id: uuid.UUID = Field(alias="public_id")
    patient: uuid.UUID
    state: str = Field(description="open, expired or revoked")
    created_at: str
    expires_at: str
    revoked_at: str | None
    last_opened_at: str | None

    @staticmethod
    def resolve_patient(link: PatientLink) -> uuid.UUID:
        return link.patient.public_id

    @staticmethod
    def resolve_state(link: PatientLink) -> str:
        return link.state()

    @staticmethod
    def resolve_created_at(link: PatientLink) -> str | None:
        return local(link.created_at, link.clinic.time_zone)

    @staticmethod
    def resolve_expires_at(link: PatientLink) -> str | None:
        return local(link.expires_at, link.clinic.time_zone)

    @staticmethod
    def resolve_revoked_at(link: PatientLink) -> str | None:
        return local(link.revoked_at, link.clinic.time_zone)

    @staticmethod
    def resolve_last_opened_at(link: PatientLink) -> str | None:
        return local(link.last_opened_at, link.clinic.time_zone)


class IssuedOut(LinkOut):
    url: str | None = Field(
        description="The patient's link, shown in this answer only (not stored); null when "
        "it was emailed to the patient."
    )
    emailed_to: str | None = Field(description="The address the link was sent to, if emailed.")


@router.post("/{clinic_id}/patients/{patient_id}/links", response={201: IssuedOut, **ERRORS})
@answer_shown_once
def issue_link(
    request: HttpRequest, clinic_id: uuid.UUID, patient_id: uuid.UUID, body: LinkIn
) -> Status[Any]:
    """Issue a personal link for the patient (providers, front desk and managers); the front
    desk sends it by email (`"email": true`) and never sees it."""
    member = acting(request, clinic_id)
    if body.email:
        link = actions.send_patient_link(
            member, patient_id, days=body.days, site=request.build_absolute_uri("/")
        )
        link.url, link.emailed_to = None, link.patient.email  # type: ignore[attr-defined]
        return Status(201, link)
    issued = actions.issue_patient_link(member, patient_id, days=body.days)
    issued.link.url = link_url(request, issued.token)  # type: ignore[attr-defined]
    issued.link.emailed_to = None  # type: ignore[attr-defined]
    return Status(201, issued.link)


@router.get("/{clinic_id}/patients/{patient_id}/links", response={200: list[LinkOut], **ERRORS})
def list_links(request: HttpRequest, clinic_id: uuid.UUID, patient_id: uuid.UUID) -> Any:
    """The patient's links, newest first (never their tokens)."""
    member = acting(request, clinic_id)
    patient = scoping.patient(member, patient_id)
    record_patient_view(member, patient, "patient links")
    return inbox.patient_links(member, patient)


class LinkAccessOut(Schema):
    patient: uuid.UUID
    link: uuid.UUID
    what: str
    viewed_at: str

    @staticmethod
    def resolve_patient(row: LinkAccess) -> uuid.UUID:
        return row.patient.public_id

    @staticmethod
    def resolve_link(row: LinkAccess) -> uuid.UUID:
        return row.link.public_id

    @staticmethod
    def resolve_viewed_at(row: LinkAccess) -> str | None:
        return local(row.viewed_at, row.clinic.time_zone)


@router.get("/{clinic_id}/link-access-log", response={200: list[LinkAccessOut], **ERRORS})
@paginate(Cursor, ordering=("-viewed_at", "-id"))
def link_access_log(request: HttpRequest, clinic_id: uuid.UUID) -> QuerySet[LinkAccess]:
    """Every page and download opened through a patient link (auditors)."""
    return inbox.link_accesses(acting(request, clinic_id)).select_related("clinic")


@router.post("/{clinic_id}/links/{link_id}/revoke", response={200: LinkOut, **ERRORS})
def revoke_link(request: HttpRequest, clinic_id: uuid.UUID, link_id: uuid.UUID) -> PatientLink:
    """Turn a link off at once."""
    return actions.revoke_patient_link(acting(request, clinic_id), link_id)


PASSPORT_ERRORS = {**ERRORS, 410: ErrorOut, 503: ErrorOut}


def _passport(
    request: HttpRequest,
    clinic_id: uuid.UUID,
    link_id: uuid.UUID,
    what: str,
    make: Callable[[PatientLink], HttpResponse],
) -> Status[Any] | HttpResponse:
    """What the link's page `what` sends, for a member whose role may read what the link
    opens, logged under their name as when they open the link in a browser."""
    member = acting(request, clinic_id)
    try:
        link = inbox.open_link(member, link_id)
    except LinkClosed as exc:
        return _refusal(410, ["path", "link_id"], f"{exc}: it opens nothing", "link_closed")
    record_patient_view(member, link.patient, f"patient link: {what}")
    try:
        return make(link)
    except UnsealError as exc:
        log.error("passport not signed for clinic %s: %s", link.clinic.public_id, exc)
        problem = "the clinic's signing key cannot be opened: its operator can see why in the log"
        return _refusal(503, [], problem, "unsigned")


def _refusal(status: int, loc: list[str], msg: str, error_type: str) -> Status[Any]:
    return Status(status, {"detail": [{"loc": loc, "msg": msg, "type": error_type}]})


@router.get(
    "/{clinic_id}/links/{link_id}/passport.pdf",
    response=PASSPORT_ERRORS,
    openapi_extra=file_response("application/pdf", "The passport as a PDF.", BINARY),
)
def passport_pdf(
    request: HttpRequest, clinic_id: uuid.UUID, link_id: uuid.UUID
) -> Status[Any] | HttpResponse:
    """The treatment passport the link gives, as a PDF: every session and dose, and the card
    the clinic signed as QR codes another clinic can verify. For the roles that may read the
    patient's treatments, from a link that still opens (410 once revoked or expired); each
    fetch is in the access log."""
    return _passport(
        request,
        clinic_id,
        link_id,
        "passport pdf",
        lambda link: views.passport_pdf_file(request, link),
    )


@router.get(
    "/{clinic_id}/links/{link_id}/passport.smart-health-card",
    response=PASSPORT_ERRORS,
    openapi_extra=file_response(
        "application/smart-health-card", "The signed card, as a wallet reads it.", JSON_OBJECT
    ),
)
def passport_card(
    request: HttpRequest, clinic_id: uuid.UUID, link_id: uuid.UUID
) -> Status[Any] | HttpResponse:
    """The passport the link gives as a SMART Health Card file, signed with the clinic's key
    (its JWKS: `/signing-keys/jwks.json`). For the roles that may read the patient's
    treatments, from a link that still opens (410 once revoked or expired); each fetch is in
    the access log."""
    return _passport(
        request,
        clinic_id,
        link_id,
        "passport signed card",
        lambda link: views.passport_card_file(request, link),
    )


@router.get(
    "/{clinic_id}/links/{link_id}/passport.fhir.json",
    response=PASSPORT_ERRORS,
    openapi_extra=file_response(
        "application/fhir+json", "The patient's own FHIR R4 Bundle.", JSON_OBJECT
    ),
)
def passport_fhir(
    request: HttpRequest, clinic_id: uuid.UUID, link_id: uuid.UUID
) -> Status[Any] | HttpResponse:
    """The FHIR R4 Bundle the link gives: what a patient should hold, without clinical notes
    or licence numbers. For the roles that may read the patient's treatments, from a link
    that still opens (410 once revoked or expired); each fetch is in the access log."""
    return _passport(request, clinic_id, link_id, "passport fhir", views.passport_fhir_file)


class KeySetOut(Schema):
    keys: list[dict[str, Any]] = Field(description="public JWKs (RFC 7517), retired ones too")


@router.get(
    "/{clinic_id}/signing-keys/jwks.json",
    response={200: KeySetOut, 404: ErrorOut, 422: ErrorOut},
    auth=None,
    tags=["clinic: signing keys"],
)
def published_keys(request: HttpRequest, clinic_id: uuid.UUID) -> HttpResponse:
    """The clinic's published key set (JWKS), as at /clinics/{clinic_id}/.well-known/jwks.json
    where a passport's issuer points: anyone may fetch it, without signing in, to verify a
    passport the clinic signed. Cached for minutes: a withdrawn key leaves caches soon."""
    return views.key_set(clinic_id)


__all__ = ["router"]

"""Patient links in the clinic API: issue (the token is in this one answer, for the roles
that may read what it opens; or emailed to the patient), list, revoke."""

import uuid
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from toxfill.web.clinic import scoping
from toxfill.web.clinic.actions.access import record_patient_view
from toxfill.web.clinic.api.idempotency import answer_shown_once
from toxfill.web.clinic.api.paging import Cursor
from toxfill.web.clinic.api.schemas import ERRORS, local
from toxfill.web.clinic.api.security import AUTH, acting
from toxfill.web.patient_link import actions, inbox
from toxfill.web.patient_link.models import LinkAccess, PatientLink
from toxfill.web.patient_link.tokens import link_url

router = Router(tags=["clinic: patient links"], auth=AUTH)


class LinkIn(Schema):
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


__all__ = ["router"]

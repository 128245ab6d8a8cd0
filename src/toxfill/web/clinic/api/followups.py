"""Follow-ups: the due list, booked and closed by the front desk and providers."""

import datetime as dt
import uuid
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from toxfill.web.clinic import scoping
from toxfill.web.clinic.actions import followups as actions
from toxfill.web.clinic.api.paging import Cursor
from toxfill.web.clinic.api.schemas import ERRORS, Input, VersionIn, VoidableOut, VoidIn, one_of
from toxfill.web.clinic.api.security import AUTH, acting
from toxfill.web.clinic.models import FollowUp
from toxfill.web.clinic.models.followups import FollowUpStatus

router = Router(tags=["clinic: follow-ups"], auth=AUTH)


class FollowUpOut(VoidableOut):
    patient: uuid.UUID
    patient_name: str
    session: uuid.UUID | None
    due_on: dt.date
    option: str
    product: str
    purpose: str
    note: str
    status: str
    completed_on: dt.date | None = Field(description="the day it was kept; done only")

    @staticmethod
    def resolve_patient(followup: FollowUp) -> uuid.UUID:
        return followup.patient.public_id

    @staticmethod
    def resolve_patient_name(followup: FollowUp) -> str:
        return str(followup.patient)

    @staticmethod
    def resolve_session(followup: FollowUp) -> uuid.UUID | None:
        return followup.session.public_id if followup.session else None


class FollowUpFilter(Schema):
    status: str | None = Field(None, description="due, booked, done, missed or cancelled")
    due_by: dt.date | None = Field(None, description="due on or before this date")
    patient: uuid.UUID | None = None


class FollowUpIn(Input):
    patient: uuid.UUID
    due_on: dt.date
    purpose: str = Field(min_length=1, max_length=40)
    note: str = Field("", max_length=2000)


class StatusIn(VersionIn):
    status: str = Field(
        description="due, booked, done, missed or cancelled",
        json_schema_extra=one_of(FollowUpStatus.values),
    )
    completed_on: dt.date | None = Field(
        None, description="done only: the day it was kept; the clinic's today if left out"
    )


@router.get("/{clinic_id}/followups", response={200: list[FollowUpOut], **ERRORS})
@paginate(Cursor, ordering=("due_on", "id"), logs="follow-ups")
def list_followups(
    request: HttpRequest, clinic_id: uuid.UUID, filters: Query[FollowUpFilter]
) -> QuerySet[FollowUp]:
    """The due list: soonest first; filter by status, date and patient."""
    found = scoping.followups(acting(request, clinic_id))
    if filters.status:
        found = found.filter(status=filters.status)
    if filters.due_by:
        found = found.filter(due_on__lte=filters.due_by)
    if filters.patient:
        found = found.filter(patient__public_id=filters.patient)
    return found


@router.post("/{clinic_id}/followups", response={201: FollowUpOut, **ERRORS})
def schedule_followup(request: HttpRequest, clinic_id: uuid.UUID, body: FollowUpIn) -> Status[Any]:
    """Schedule a follow-up visit for a patient (providers and the front desk)."""
    followup = actions.schedule_followup(
        acting(request, clinic_id),
        body.patient,
        due_on=body.due_on,
        purpose=body.purpose,
        note=body.note,
    )
    return Status(201, followup)


@router.patch("/{clinic_id}/followups/{followup_id}", response={200: FollowUpOut, **ERRORS})
def set_status(
    request: HttpRequest, clinic_id: uuid.UUID, followup_id: uuid.UUID, body: StatusIn
) -> FollowUp:
    """Set a follow-up's status (booked, done, missed, cancelled or due again); send the version
    you read."""
    return actions.set_followup_status(
        acting(request, clinic_id),
        followup_id,
        version=body.version,
        status=body.status,
        completed_on=body.completed_on,
    )


@router.post("/{clinic_id}/followups/{followup_id}/void", response={200: FollowUpOut, **ERRORS})
def void_followup(
    request: HttpRequest, clinic_id: uuid.UUID, followup_id: uuid.UUID, body: VoidIn
) -> FollowUp:
    """Void a follow-up scheduled in error; it is never deleted."""
    return actions.void_followup(
        acting(request, clinic_id), followup_id, version=body.version, reason=body.reason
    )

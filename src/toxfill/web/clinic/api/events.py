"""Adverse events: triaged on entry (an emergency is flagged in the answer), then graded."""

import datetime as dt
import uuid
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from toxfill.documents import vocabulary
from toxfill.web.clinic import scoping
from toxfill.web.clinic.actions import events as actions
from toxfill.web.clinic.actions.access import record_patient_view
from toxfill.web.clinic.api.paging import Cursor
from toxfill.web.clinic.api.schemas import (
    ERRORS,
    OUTPUT,
    Input,
    Instant,
    MemberRef,
    Units,
    VersionIn,
    VoidableOut,
    VoidIn,
    local,
    member_ref,
    one_of,
)
from toxfill.web.clinic.api.security import AUTH, acting
from toxfill.web.clinic.models import AdverseEvent
from toxfill.web.clinic.models.events import Outcome, Severity

router = Router(tags=["clinic: adverse events"], auth=AUTH)


class Grading(Input):
    severity: str = Field(
        "",
        description="mild, moderate, severe or life-threatening; blank until graded",
        json_schema_extra=one_of(["", *Severity.values]),
    )
    actions: str = Field("", max_length=4000, description="what was done")
    hyaluronidase_units: Units | None = None
    outcome: str = Field(
        "ongoing",
        description="ongoing, resolved, resolved-with-sequelae or unknown",
        json_schema_extra=one_of(Outcome.values),
    )
    reported_to_regulator: bool = False
    reported_on: dt.date | None = None


class EventIn(Grading):
    session: uuid.UUID
    onset_at: Instant
    symptoms: list[str] = Field(
        min_length=1,
        max_length=40,
        description="symptom IDs",
        json_schema_extra=vocabulary("symptoms"),
    )


class EventChange(VersionIn):
    symptoms: list[str] | None = Field(
        None, min_length=1, max_length=40, json_schema_extra=vocabulary("symptoms")
    )
    severity: str | None = Field(
        None, json_schema_extra=one_of(["", *Severity.values], nullable=True)
    )
    actions: str | None = Field(None, max_length=4000)
    hyaluronidase_units: Units | None = None
    outcome: str | None = Field(None, json_schema_extra=one_of(Outcome.values, nullable=True))
    reported_to_regulator: bool | None = None
    reported_on: dt.date | None = None


class EventOut(VoidableOut, Grading):
    model_config = OUTPUT

    session: uuid.UUID
    patient: uuid.UUID
    onset_at: str
    symptoms: list[str]
    urgency: str
    emergency: bool
    triage: list[dict[str, Any]]
    knowledge_version: str
    recorded_by: MemberRef = Field(
        description="who recorded it; for a patient's report, the provider who reviews it"
    )
    origin: str = Field(
        description="clinic: recorded at the clinic; patient-link: reported by the patient "
        "through their link (kept through grading)"
    )

    @staticmethod
    def resolve_session(event: AdverseEvent) -> uuid.UUID:
        return event.session.public_id

    @staticmethod
    def resolve_patient(event: AdverseEvent) -> uuid.UUID:
        return event.patient.public_id

    @staticmethod
    def resolve_onset_at(event: AdverseEvent) -> str | None:
        return local(event.onset_at, event.clinic.time_zone)

    @staticmethod
    def resolve_emergency(event: AdverseEvent) -> bool:
        return event.urgency == "emergency"

    @staticmethod
    def resolve_recorded_by(event: AdverseEvent) -> MemberRef | None:
        return member_ref(event.recorded_by)


class EventFilter(Schema):
    urgency: str | None = None
    patient: uuid.UUID | None = None


@router.get("/{clinic_id}/events", response={200: list[EventOut], **ERRORS})
@paginate(Cursor, ordering=("-onset_at", "-id"), logs="events")
def list_events(
    request: HttpRequest, clinic_id: uuid.UUID, filters: Query[EventFilter]
) -> QuerySet[AdverseEvent]:
    """Adverse events, latest onset first; filter by urgency or patient. The patients of the
    events sent are in the access log."""
    member = acting(request, clinic_id)
    found = scoping.events(member)
    if filters.urgency:
        found = found.filter(urgency=filters.urgency)
    if filters.patient is None:
        return found
    return found.filter(patient=scoping.patient(member, filters.patient))


@router.post("/{clinic_id}/events", response={201: EventOut, **ERRORS})
def record_event(request: HttpRequest, clinic_id: uuid.UUID, body: EventIn) -> Status[Any]:
    """Record an adverse event; the answer's `urgency` comes from triage, and `emergency` is
    true when it needs emergency services now."""
    grading = body.model_dump(include=set(Grading.model_fields), exclude_defaults=True)
    event = actions.record_adverse_event(
        acting(request, clinic_id),
        body.session,
        onset_at=body.onset_at,
        symptoms=body.symptoms,
        grading=grading,
    )
    return Status(201, event)


@router.get("/{clinic_id}/events/{event_id}", response={200: EventOut, **ERRORS})
def event_detail(request: HttpRequest, clinic_id: uuid.UUID, event_id: uuid.UUID) -> AdverseEvent:
    """One adverse event, voided or not; the view is written to the access log."""
    member = acting(request, clinic_id)
    event = scoping.event(member, event_id)
    record_patient_view(member, event.patient, "event")
    return event


@router.patch("/{clinic_id}/events/{event_id}", response={200: EventOut, **ERRORS})
def change_event(
    request: HttpRequest, clinic_id: uuid.UUID, event_id: uuid.UUID, body: EventChange
) -> AdverseEvent:
    """Grade it, record actions and outcome; changed symptoms are triaged again."""
    changes = body.model_dump(exclude={"version"}, exclude_unset=True)
    return actions.update_adverse_event(
        acting(request, clinic_id), event_id, version=body.version, changes=changes
    )


@router.post("/{clinic_id}/events/{event_id}/void", response={200: EventOut, **ERRORS})
def void_event(
    request: HttpRequest, clinic_id: uuid.UUID, event_id: uuid.UUID, body: VoidIn
) -> AdverseEvent:
    """Void an adverse event recorded in error; it is never deleted."""
    return actions.void_adverse_event(
        acting(request, clinic_id), event_id, version=body.version, reason=body.reason
    )

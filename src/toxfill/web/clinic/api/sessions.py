"""Treatment sessions: charted by providers under the core's rules; read by clinical roles."""

import uuid
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status
from pydantic import BaseModel

from toxfill.web.clinic import scoping
from toxfill.web.clinic.actions import sessions as actions
from toxfill.web.clinic.actions.access import record_patients_seen
from toxfill.web.clinic.api.paging import Cursor
from toxfill.web.clinic.api.schemas import (
    ERRORS,
    Dilution,
    Dose,
    FindingOut,
    GivenUnit,
    Input,
    Instant,
    MapPlace,
    MemberRef,
    VersionIn,
    VoidIn,
    local,
)
from toxfill.web.clinic.api.security import AUTH, acting
from toxfill.web.clinic.models import Membership, TreatmentSession
from toxfill.web.clinic.models.clinics import display_name
from toxfill.web.clinic.scoping import MEMBER_ANSWER_COLUMNS

router = Router(tags=["clinic: sessions"], auth=AUTH)


class PointIn(Input):
    zone: str = Field(max_length=64, description="a zone ID of the face and body map")
    product: str = Field(max_length=64, description="a product ID, e.g. botox")
    lot: uuid.UUID = Field(description="the lot's ID")
    dose: Dose = Field(description="units (toxin) or mL")
    unit: GivenUnit = None
    concern: str = Field("", max_length=64, description="what it treats, if not the zone's")
    dilution_ml: Dilution | None = None
    depth: str = Field("", max_length=64)
    technique: str = Field("", max_length=64)
    view: str = Field(
        "",
        max_length=16,
        description="where it was placed: the map view (face, face-right, face-left, body, "
        "body-back); with x and y, the zone must be the one drawn nearest that place",
    )
    x: MapPlace | None = None
    y: MapPlace | None = None


class SessionIn(Input):
    patient: uuid.UUID
    performed_at: Instant
    provider: uuid.UUID | None = Field(
        None, description="the member who gave it, an active provider here; you when left out"
    )
    points: list[PointIn] = Field(min_length=1, max_length=100)
    notes: str = Field("", max_length=20000)
    confirmed: list[str] = Field(
        default_factory=list, max_length=50, description="keys of findings you confirm"
    )
    override_reasons: dict[str, str] = Field(
        default_factory=dict, description="finding key -> your written reason"
    )


# The answers are plain pydantic models filled from dicts that sessions_out makes from the rows:
# through ninja's attribute reader and resolvers, a page of 25 sessions spent about 2 ms more
# (bench/RESULTS.md, 2026-12-06). The JSON and the OpenAPI schemas are the same.
class PointOut(BaseModel):
    id: uuid.UUID
    zone: str
    concern: str
    product: str
    lot: uuid.UUID
    lot_number: str
    dose: Decimal
    unit: str
    dilution_ml: Decimal | None
    depth: str
    technique: str
    view: str
    x: Decimal | None
    y: Decimal | None


class SessionOut(BaseModel):
    id: uuid.UUID
    version: int
    created_at: str
    voided_at: str | None
    voided_by: MemberRef | None
    void_reason: str
    patient: uuid.UUID
    provider: MemberRef
    performed_at: str
    notes: str
    points: list[PointOut]
    findings: list[FindingOut]
    knowledge_version: str


def sessions_out(member: Membership, sessions: list[Any]) -> list[dict[str, Any]]:
    """Sessions read by scoping.session_answers, in SessionOut's fields; their points are
    read in one query, and every time is shown in the member's clinic's zone."""
    points = scoping.session_answer_points(member, sessions)
    zone = member.clinic.time_zone
    return [
        {
            "id": session.public_id,
            "version": session.version,
            "created_at": local(session.created_at, zone),
            "voided_at": local(session.voided_at, zone),
            "voided_by": _member(session, "voided_by"),
            "void_reason": session.void_reason,
            "patient": session.patient_public_id,
            "provider": _member(session, "provider"),
            "performed_at": local(session.performed_at, zone),
            "notes": session.notes,
            "points": [_point_out(point) for point in points[session.id]],
            "findings": session.findings,
            "knowledge_version": session.knowledge_version,
        }
        for session in sessions
    ]


def _session_out(member: Membership, session: TreatmentSession) -> dict[str, Any]:
    return sessions_out(member, [session])[0]


def _member(session: Any, who: str) -> MemberRef | None:
    """The provider or the voider, from the row's annotations (scoping.session_answers)."""
    column = {name: getattr(session, f"{who}_{name}") for name in MEMBER_ANSWER_COLUMNS}
    if column["public_id"] is None:
        return None
    name = display_name(column["first_name"], column["last_name"], column["username"])
    return MemberRef(id=column["public_id"], name=name, role=column["role"])


def _point_out(point: Any) -> dict[str, Any]:
    return {
        "id": point.public_id,
        "zone": point.zone,
        "concern": point.concern,
        "product": point.product,
        "lot": point.lot_public_id,
        "lot_number": point.lot_number,
        "dose": point.dose,
        "unit": point.unit,
        "dilution_ml": point.dilution_ml,
        "depth": point.depth,
        "technique": point.technique,
        "view": point.view,
        "x": point.x,
        "y": point.y,
    }


class SessionFilter(Schema):
    patient: uuid.UUID | None = None
    lot: uuid.UUID | None = Field(None, description="recall look-up: sessions that used a lot")


class NotesIn(VersionIn):
    notes: str = Field(max_length=20000)


@router.get("/{clinic_id}/sessions", response={200: list[SessionOut], **ERRORS})
@paginate(Cursor, ordering=("-performed_at", "-id"), logs="sessions", shape=sessions_out)
def list_sessions(
    request: HttpRequest, clinic_id: uuid.UUID, filters: Query[SessionFilter]
) -> QuerySet[TreatmentSession]:
    """Sessions, latest first; `?patient=` gives one patient's, `?lot=` those that used a lot
    (a recall). The patients of the sessions sent are in the access log."""
    member = acting(request, clinic_id)
    found = scoping.session_answers(member)
    if filters.lot is not None:
        found = found.filter(id__in=scoping.sessions_using(member, filters.lot))
    if filters.patient is None:
        return found
    return found.filter(patient=scoping.patient(member, filters.patient))


@router.post("/{clinic_id}/sessions", response={201: SessionOut, **ERRORS})
def chart_session(request: HttpRequest, clinic_id: uuid.UUID, body: SessionIn) -> Status[Any]:
    """Chart a session you gave, or (`provider`) one a colleague gave. A 422 lists each rule
    that blocks it; a `confirm` or `override` finding is answered by sending its key in
    `confirmed` or `override_reasons`."""
    member = acting(request, clinic_id)
    session = actions.chart_session(
        member,
        body.patient,
        performed_at=body.performed_at,
        points=[actions.PointInput(**p.model_dump()) for p in body.points],
        provider=body.provider,
        notes=body.notes,
        confirmed=body.confirmed,
        override_reasons=body.override_reasons,
    )
    return Status(201, _session_out(member, scoping.session_answer(member, session.public_id)))


@router.get("/{clinic_id}/sessions/{session_id}", response={200: SessionOut, **ERRORS})
def session_detail(
    request: HttpRequest, clinic_id: uuid.UUID, session_id: uuid.UUID
) -> dict[str, Any]:
    """One session, voided or not, with its injection points; the view is written to the
    access log."""
    member = acting(request, clinic_id)
    session = scoping.session_answer(member, session_id)
    # By the patient's row ID: the answer reads no more of the patient than its public ID.
    record_patients_seen(member, [session.patient_id], "session")
    return _session_out(member, session)


@router.patch("/{clinic_id}/sessions/{session_id}", response={200: SessionOut, **ERRORS})
def change_notes(
    request: HttpRequest, clinic_id: uuid.UUID, session_id: uuid.UUID, body: NotesIn
) -> dict[str, Any]:
    """Change a session's notes; send the version you read (a newer one is a 409)."""
    member = acting(request, clinic_id)
    actions.update_session_notes(member, session_id, version=body.version, notes=body.notes)
    return _session_out(member, scoping.session_answer(member, session_id))


@router.post("/{clinic_id}/sessions/{session_id}/void", response={200: SessionOut, **ERRORS})
def void_session(
    request: HttpRequest, clinic_id: uuid.UUID, session_id: uuid.UUID, body: VoidIn
) -> dict[str, Any]:
    """Void a session charted in error, with its follow-ups still due; it is never deleted.
    The lots are not refilled: a stock count says whether the product was used."""
    member = acting(request, clinic_id)
    actions.void_session(member, session_id, version=body.version, reason=body.reason)
    return _session_out(member, scoping.session_answer(member, session_id))

"""For auditors: the access log and the change history of a patient's record."""

import datetime as dt
import uuid
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from toxfill.web.clinic import scoping
from toxfill.web.clinic.actions.access import record_patient_view
from toxfill.web.clinic.api.paging import Cursor
from toxfill.web.clinic.api.schemas import ERRORS, MemberRef, local, member_ref
from toxfill.web.clinic.api.security import AUTH, acting
from toxfill.web.clinic.history import Actor, Change, FieldChange, RecordRef, patient_record_changes
from toxfill.web.clinic.models import PatientAccess
from toxfill.web.clinic.roles import Permission, require

router = Router(tags=["clinic: audit"], auth=AUTH)


class AccessOut(Schema):
    viewed_at: str
    member: MemberRef
    patient: uuid.UUID
    what: str

    @staticmethod
    def resolve_viewed_at(access: PatientAccess) -> str | None:
        return local(access.viewed_at, access.clinic.time_zone)

    @staticmethod
    def resolve_member(access: PatientAccess) -> MemberRef | None:
        return member_ref(access.member)

    @staticmethod
    def resolve_patient(access: PatientAccess) -> uuid.UUID:
        return access.patient.public_id


class ActorOut(Schema):
    """Who made a change: a member (`kind` member, their name, username, role and member ID
    as the members API shows them), the patient through their link, or toxfill itself."""

    kind: str = Field(description="member, patient-link or system")
    name: str
    username: str | None
    role: str | None
    member_id: uuid.UUID | None


class FieldChangeOut(Schema):
    """A field's value before and after the change (`old` is null when the record was
    created); a secret's values are withheld: only that it changed is said."""

    field: str
    old: Any
    new: Any
    withheld: bool


class RecordOut(Schema):
    kind: str = Field(
        description="patient, consent, session, injection-point, follow-up, adverse-event or photo"
    )
    id: uuid.UUID


class ChangeOut(Schema):
    """One saved version of a record of the patient's, compared with the one before: which
    record, who, when, why, and which fields changed from what to what."""

    record: RecordOut
    changed_at: dt.datetime = Field(description="in the clinic's time zone")
    change: str = Field(description="created or changed")
    by: ActorOut
    reason: str
    version: int
    changes: list[FieldChangeOut]

    @staticmethod
    def resolve_changes(change: Change) -> list[FieldChange]:
        return list(change.fields)

    @staticmethod
    def resolve_by(change: Change) -> Actor:
        return change.actor

    @staticmethod
    def resolve_record(change: Change) -> RecordRef:
        return change.record


@router.get("/{clinic_id}/access-log", response={200: list[AccessOut], **ERRORS})
@paginate(Cursor, ordering=("-viewed_at", "-id"))
def access_log(request: HttpRequest, clinic_id: uuid.UUID) -> QuerySet[PatientAccess]:
    """Who viewed which patient's record, and when, newest first."""
    return scoping.access_log(acting(request, clinic_id))


@router.get("/{clinic_id}/patients/{patient_id}/history", response={200: list[ChangeOut], **ERRORS})
def patient_history(
    request: HttpRequest, clinic_id: uuid.UUID, patient_id: uuid.UUID
) -> list[Change]:
    """Every saved version of a patient's record (identity, consents, sessions and their
    points, follow-ups, adverse events, photos), newest first: which record, who changed it
    (by name and role, the patient link or the system) and each field's value before and
    after."""
    member = acting(request, clinic_id)
    require(member, Permission.AUDIT)  # before the lookup: the same 403 whatever the ID
    patient = scoping.patient(member, patient_id)
    changes = patient_record_changes(member, patient)
    record_patient_view(member, patient, "history")
    return changes

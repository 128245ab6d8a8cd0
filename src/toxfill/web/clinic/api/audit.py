"""For auditors: the access log and the change history of a patient's record."""

import datetime as dt
import uuid
from typing import Any

from django.db.models import Model, QuerySet
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from toxfill.web.clinic import scoping
from toxfill.web.clinic.actions.access import record_patient_view
from toxfill.web.clinic.api.paging import Cursor
from toxfill.web.clinic.api.schemas import ERRORS, MemberRef, local, member_ref
from toxfill.web.clinic.api.security import AUTH, acting
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


class ChangeOut(Schema):
    """One saved version: `+` created, `~` changed; the fields as they were then."""

    changed_at: dt.datetime
    change: str
    by_user_id: int | None
    reason: str | None
    version: int
    fields: dict[str, Any]

    @staticmethod
    def resolve_changed_at(row: Any) -> dt.datetime:
        return row.history_date  # type: ignore[no-any-return]

    @staticmethod
    def resolve_change(row: Any) -> str:
        return row.history_type  # type: ignore[no-any-return]

    @staticmethod
    def resolve_by_user_id(row: Any) -> int | None:
        return row.history_user_id  # type: ignore[no-any-return]

    @staticmethod
    def resolve_reason(row: Any) -> str | None:
        return row.history_change_reason  # type: ignore[no-any-return]

    @staticmethod
    def resolve_fields(row: Any) -> dict[str, Any]:
        record: Model = row.instance
        skip = {"id", "clinic", "public_id"}
        return {
            f.name: f.value_to_string(record)
            for f in record._meta.concrete_fields
            if f.name not in skip
        }


@router.get("/{clinic_id}/access-log", response={200: list[AccessOut], **ERRORS})
@paginate(Cursor, ordering=("-viewed_at", "-id"))
def access_log(request: HttpRequest, clinic_id: uuid.UUID) -> QuerySet[PatientAccess]:
    """Who viewed which patient's record, and when, newest first."""
    return scoping.access_log(acting(request, clinic_id))


@router.get("/{clinic_id}/patients/{patient_id}/history", response={200: list[ChangeOut], **ERRORS})
def patient_history(
    request: HttpRequest, clinic_id: uuid.UUID, patient_id: uuid.UUID
) -> QuerySet[Model]:
    """Every saved version of a patient's record, newest first."""
    member = acting(request, clinic_id)
    require(member, Permission.AUDIT)  # before the lookup: the same 403 whatever the ID
    patient = scoping.patient(member, patient_id)
    changes = scoping.changes(member, patient)
    record_patient_view(member, patient, "history")
    return changes

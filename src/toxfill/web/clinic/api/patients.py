"""Patients and consents. Every view of one patient's record is written to the access log."""

import datetime as dt
import uuid
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from toxfill.documents import vocabulary
from toxfill.knowledge.translation import ENGLISH, LANGUAGES
from toxfill.web.clinic import scoping
from toxfill.web.clinic.actions import patients as actions
from toxfill.web.clinic.actions.access import record_patient_view
from toxfill.web.clinic.api.paging import NEWEST_FIRST, Cursor
from toxfill.web.clinic.api.schemas import (
    ERRORS,
    OUTPUT,
    GivenName,
    Input,
    Instant,
    MemberRef,
    VersionIn,
    VoidableOut,
    VoidIn,
    local,
    member_ref,
)
from toxfill.web.clinic.api.security import AUTH, acting
from toxfill.web.clinic.models import Consent, Patient

router = Router(tags=["clinic: patients"], auth=AUTH)


class PatientFields(Input):
    given_name: GivenName = Field(max_length=100)
    family_name: GivenName = Field(max_length=100)
    date_of_birth: dt.date
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=40)
    health_factors: list[str] = Field(
        default_factory=list,
        max_length=40,
        description="health factor IDs (toxfill vocab)",
        json_schema_extra=vocabulary("health"),
    )
    allergies: str = Field("", max_length=4000)
    preferred_language: str = Field(
        ENGLISH,
        max_length=8,
        description="the language of everything the patient receives: link, sheet, passport, "
        "emails",
        json_schema_extra={"enum": list(LANGUAGES)},
    )


class PatientOut(PatientFields, VoidableOut):
    model_config = OUTPUT

    # read back as stored: a name written before names were checked still reads, never a 500
    given_name: str
    family_name: str
    # null for a patient registered before it was asked: everything they receive is English
    preferred_language: str | None = None  # type: ignore[assignment]


class PatientChange(VersionIn):
    given_name: GivenName | None = Field(None, max_length=100)
    family_name: GivenName | None = Field(None, max_length=100)
    date_of_birth: dt.date | None = None
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=40)
    health_factors: list[str] | None = Field(
        None, max_length=40, json_schema_extra=vocabulary("health")
    )
    allergies: str | None = Field(None, max_length=4000)
    preferred_language: str | None = Field(
        None, max_length=8, json_schema_extra={"enum": list(LANGUAGES)}
    )


class PatientFilter(Schema):
    name: str | None = Field(None, max_length=100, description="start of a family name")


class ConsentIn(Input):
    treatment: str = Field(
        description="an option ID (e.g. ha-filler), or photo",
        json_schema_extra=vocabulary("consents"),
    )
    text_version: str = Field(min_length=1, max_length=40)
    signed_at: Instant
    signed_by: GivenName = Field(max_length=200)


class ConsentOut(VoidableOut):
    patient: uuid.UUID
    treatment: str
    text_version: str
    signed_at: str
    signed_by: str
    withdrawn_at: str | None
    recorded_by: MemberRef

    @staticmethod
    def resolve_patient(consent: Consent) -> uuid.UUID:
        return consent.patient.public_id

    @staticmethod
    def resolve_signed_at(consent: Consent) -> str | None:
        return local(consent.signed_at, consent.clinic.time_zone)

    @staticmethod
    def resolve_withdrawn_at(consent: Consent) -> str | None:
        return local(consent.withdrawn_at, consent.clinic.time_zone)

    @staticmethod
    def resolve_recorded_by(consent: Consent) -> MemberRef | None:
        return member_ref(consent.recorded_by)


class WithdrawIn(VersionIn):
    withdrawn_at: Instant


@router.get("/{clinic_id}/patients", response={200: list[PatientOut], **ERRORS})
@paginate(Cursor, ordering=NEWEST_FIRST, logs="patient list", patient="id")
def list_patients(
    request: HttpRequest, clinic_id: uuid.UUID, filters: Query[PatientFilter]
) -> QuerySet[Patient]:
    """Current patients, newest first (voided ones are reached by their ID)."""
    found = scoping.patients(acting(request, clinic_id))
    return found.filter(family_name__istartswith=filters.name) if filters.name else found


@router.post("/{clinic_id}/patients", response={201: PatientOut, **ERRORS})
def register_patient(
    request: HttpRequest, clinic_id: uuid.UUID, body: PatientFields
) -> Status[Any]:
    """Register a patient (providers and the front desk)."""
    return Status(201, actions.register_patient(acting(request, clinic_id), **body.model_dump()))


@router.get("/{clinic_id}/patients/{patient_id}", response={200: PatientOut, **ERRORS})
def patient_detail(request: HttpRequest, clinic_id: uuid.UUID, patient_id: uuid.UUID) -> Patient:
    """One patient's record, voided or not; the view is written to the access log."""
    member = acting(request, clinic_id)
    patient = scoping.patient(member, patient_id)
    record_patient_view(member, patient, "record")
    return patient


@router.patch("/{clinic_id}/patients/{patient_id}", response={200: PatientOut, **ERRORS})
def change_patient(
    request: HttpRequest, clinic_id: uuid.UUID, patient_id: uuid.UUID, body: PatientChange
) -> Patient:
    """Change some details; send the version you read (a newer one is a 409). A field left
    out, or sent as null, is left as it is (send "" to clear a text)."""
    changes = body.model_dump(exclude={"version"}, exclude_unset=True, exclude_none=True)
    return actions.update_patient(
        acting(request, clinic_id), patient_id, version=body.version, changes=changes
    )


@router.post("/{clinic_id}/patients/{patient_id}/void", response={200: PatientOut, **ERRORS})
def void_patient(
    request: HttpRequest, clinic_id: uuid.UUID, patient_id: uuid.UUID, body: VoidIn
) -> Patient:
    """Void a record made in error (a duplicate, the wrong person); it is never deleted."""
    return actions.void_patient(
        acting(request, clinic_id), patient_id, version=body.version, reason=body.reason
    )


@router.get(
    "/{clinic_id}/patients/{patient_id}/consents", response={200: list[ConsentOut], **ERRORS}
)
def list_consents(
    request: HttpRequest, clinic_id: uuid.UUID, patient_id: uuid.UUID
) -> QuerySet[Consent]:
    """The patient's consents, latest signed first; the view is written to the access log."""
    member = acting(request, clinic_id)
    patient = scoping.patient(member, patient_id)
    record_patient_view(member, patient, "consents")
    return scoping.consents(member, patient).order_by("-signed_at")


@router.post("/{clinic_id}/patients/{patient_id}/consents", response={201: ConsentOut, **ERRORS})
def record_consent(
    request: HttpRequest, clinic_id: uuid.UUID, patient_id: uuid.UUID, body: ConsentIn
) -> Status[Any]:
    """Record a consent the patient signed (providers and the front desk)."""
    consent = actions.record_consent(acting(request, clinic_id), patient_id, **body.model_dump())
    return Status(201, consent)


@router.post("/{clinic_id}/consents/{consent_id}/withdraw", response={200: ConsentOut, **ERRORS})
def withdraw_consent(
    request: HttpRequest, clinic_id: uuid.UUID, consent_id: uuid.UUID, body: WithdrawIn
) -> Consent:
    """Record when the patient withdrew a consent; send the version you read."""
    return actions.withdraw_consent(
        acting(request, clinic_id),
        consent_id,
        version=body.version,
        withdrawn_at=body.withdrawn_at,
    )


@router.post("/{clinic_id}/consents/{consent_id}/void", response={200: ConsentOut, **ERRORS})
def void_consent(
    request: HttpRequest, clinic_id: uuid.UUID, consent_id: uuid.UUID, body: VoidIn
) -> Consent:
    """Void a consent recorded in error; it is never deleted."""
    return actions.void_consent(
        acting(request, clinic_id), consent_id, version=body.version, reason=body.reason
    )

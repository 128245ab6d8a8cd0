"""Patients and their consents: registered and edited by the front desk and providers."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from toxfill import records
from toxfill.errors import InputError, UnknownIdError
from toxfill.knowledge import bundled_knowledge
from toxfill.knowledge.translation import ENGLISH, check_language
from toxfill.records.text import check_name
from toxfill.web.clinic.actions.changes import locked, save_changed, save_new, void
from toxfill.web.clinic.models import Consent, Membership, Patient
from toxfill.web.clinic.roles import Permission, require

EDITABLE = frozenset(
    {
        "given_name",
        "family_name",
        "date_of_birth",
        "email",
        "phone",
        "health_factors",
        "allergies",
        "preferred_language",
    }
)


def _checked_health_factors(ids: Sequence[str]) -> list[str]:
    known = bundled_knowledge().health_factors
    for index, factor in enumerate(ids):
        if factor not in known:
            raise UnknownIdError(f"health_factors[{index}]", "health factor", factor, known)
    return list(dict.fromkeys(ids))


def _checked_name(field: str, value: str) -> str:
    """A name as kept: trimmed, never empty, with no hidden character (records.check_name)."""
    if not value.strip():
        raise InputError(field, "is required: it is empty")
    return check_name(field, value.strip())


def _checked_birth(day: dt.date) -> dt.date:
    if day > timezone.localdate():
        raise InputError("date_of_birth", "is in the future")
    return day


def register_patient(
    member: Membership,
    *,
    given_name: str,
    family_name: str,
    date_of_birth: dt.date,
    email: str = "",
    phone: str = "",
    health_factors: Sequence[str] = (),
    allergies: str = "",
    preferred_language: str = ENGLISH,
) -> Patient:
    require(member, Permission.EDIT_PATIENTS)
    patient = Patient(
        clinic_id=member.clinic_id,
        given_name=_checked_name("given_name", given_name),
        family_name=_checked_name("family_name", family_name),
        date_of_birth=_checked_birth(date_of_birth),
        email=email,
        phone=phone,
        health_factors=_checked_health_factors(health_factors),
        allergies=allergies,
        preferred_language=check_language(preferred_language, "preferred_language"),
    )
    with transaction.atomic():
        save_new(patient, member)
    return patient


def update_patient(
    member: Membership, patient_id: uuid.UUID, *, version: int, changes: Mapping[str, Any]
) -> Patient:
    """Change some of a patient's details, if the caller saw the current version."""
    require(member, Permission.EDIT_PATIENTS)
    unknown = set(changes) - EDITABLE
    if unknown:
        raise InputError(sorted(unknown)[0], "cannot be changed here")
    values = dict(changes)
    if "health_factors" in values:
        values["health_factors"] = _checked_health_factors(values["health_factors"])
    if "date_of_birth" in values:
        values["date_of_birth"] = _checked_birth(values["date_of_birth"])
    if "preferred_language" in values:
        values["preferred_language"] = check_language(
            values["preferred_language"], "preferred_language"
        )
    for name in ("given_name", "family_name"):
        if name in values:
            values[name] = _checked_name(name, values[name])
    with transaction.atomic():
        patient = locked(
            Patient.objects.filter(clinic_id=member.clinic_id), patient_id, "patient", version
        )
        if patient.voided_at is not None:
            raise InputError("patient", "is voided; a voided record is not changed")
        for name, value in values.items():
            setattr(patient, name, value)
        save_changed(patient, member, values)
    return patient


def void_patient(
    member: Membership, patient_id: uuid.UUID, *, version: int, reason: str
) -> Patient:
    require(member, Permission.VOID_PATIENTS)
    with transaction.atomic():
        patient = locked(
            Patient.objects.filter(clinic_id=member.clinic_id), patient_id, "patient", version
        )
        void(patient, member, reason)
    return patient


def record_consent(
    member: Membership,
    patient_id: uuid.UUID,
    *,
    treatment: str,
    text_version: str,
    signed_at: dt.datetime,
    signed_by: str,
) -> Consent:
    """A signed consent for one kind of treatment (an option ID, e.g. ha-filler), or "photo"
    for clinical photographs."""
    require(member, Permission.EDIT_PATIENTS)
    if treatment != records.PHOTO_CONSENT:
        bundled_knowledge().option(treatment, "treatment")
    if timezone.is_naive(signed_at):
        raise InputError("signed_at", "needs a time zone offset, e.g. 2026-03-01T10:00:00+01:00")
    if signed_at > timezone.now() + dt.timedelta(minutes=5):
        raise InputError("signed_at", "is in the future")
    check_name("signed_by", signed_by)
    with transaction.atomic():
        patient = locked(
            Patient.objects.filter(clinic_id=member.clinic_id), patient_id, "patient", None
        )
        if patient.voided_at is not None:
            raise InputError("patient", "is voided")
        consent = Consent(
            clinic_id=member.clinic_id,
            patient=patient,
            treatment=treatment,
            text_version=text_version,
            signed_at=signed_at,
            signed_by=signed_by,
            recorded_by=member,
        )
        save_new(consent, member)
    return consent


def void_consent(
    member: Membership, consent_id: uuid.UUID, *, version: int, reason: str
) -> Consent:
    """A withdrawn or mistaken consent is voided; it no longer covers any session."""
    require(member, Permission.EDIT_PATIENTS)
    with transaction.atomic():
        consent = locked(
            Consent.objects.filter(clinic_id=member.clinic_id), consent_id, "consent", version
        )
        void(consent, member, reason)
    return consent


def withdraw_consent(
    member: Membership, consent_id: uuid.UUID, *, version: int, withdrawn_at: dt.datetime
) -> Consent:
    """The patient withdraws a consent: it covers no session from then on."""
    require(member, Permission.EDIT_PATIENTS)
    if timezone.is_naive(withdrawn_at):
        raise InputError("withdrawn_at", "needs a time zone offset")
    with transaction.atomic():
        consent = locked(
            Consent.objects.filter(clinic_id=member.clinic_id), consent_id, "consent", version
        )
        if consent.withdrawn_at is not None or consent.voided_at is not None:
            raise InputError("consent", "is already withdrawn or voided")
        if withdrawn_at < consent.signed_at:
            raise InputError("withdrawn_at", "is before the consent was signed")
        consent.withdrawn_at = withdrawn_at
        save_changed(consent, member, ["withdrawn_at"], "withdrawn by the patient")
    return consent

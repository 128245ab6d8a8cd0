"""One of each record a clinic door can name, live or voided, for the authorization matrix
(test_authorization_matrix.py): Riverside's live and voided records and Lakeside's."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import timezone
from tests.web.clinic.people import PASSWORD, join

from toxfill.web.clinic.actions.invitations import invite_member
from toxfill.web.clinic.actions.lots import receive_lot
from toxfill.web.clinic.models import (
    AdverseEvent,
    Consent,
    FollowUp,
    InjectionPoint,
    Invitation,
    Membership,
    Patient,
    Photo,
    TreatmentSession,
)
from toxfill.web.patient_link.models import PatientLink

Ids = dict[str, str]
PHOTO_FILES = ("matrix-live.jpg", "matrix-void.jpg", "matrix-lake.jpg")

NOW = timezone.now()


def records(manager: Membership, provider: Membership, tag: str) -> dict[str, Any]:
    """One of each record a door can name, at the manager's clinic."""
    clinic_id = manager.clinic_id
    patient = Patient.objects.create(
        clinic_id=clinic_id,
        given_name=f"Pat {tag}",
        family_name="Doe",
        date_of_birth=dt.date(1980, 1, 1),
        email=f"pat-{tag}@example.org",
    )
    consent = Consent.objects.create(
        clinic_id=clinic_id,
        patient=patient,
        treatment="botulinum-toxin",
        text_version="2026-01",
        signed_at=NOW - dt.timedelta(days=30),
        signed_by="Pat",
        recorded_by=provider,
    )
    lot = receive_lot(
        manager,
        product="botox",
        quantity=Decimal(100),
        lot_number=f"L-{tag}",
        expires_on=dt.date(2099, 1, 31),
    )
    session = TreatmentSession.objects.create(
        clinic_id=clinic_id, patient=patient, provider=provider, performed_at=NOW
    )
    InjectionPoint.objects.create(
        clinic_id=clinic_id,
        session=session,
        zone="glabella",
        product="botox",
        lot=lot,
        dose=Decimal(20),
        unit="U",
    )
    followup = FollowUp.objects.create(
        clinic_id=clinic_id,
        patient=patient,
        session=session,
        due_on=(NOW + dt.timedelta(days=4)).date(),
        option="botulinum-toxin",
        purpose="review",
    )
    event = AdverseEvent.objects.create(
        clinic_id=clinic_id,
        session=session,
        patient=patient,
        onset_at=NOW,
        symptoms=["bruising"],
        urgency="self-care",
        recorded_by=provider,
    )
    name = storages["photos"].save(f"matrix-{tag}.jpg", ContentFile(b"\xff\xd8 not shown"))
    photo = Photo.objects.create(
        clinic_id=clinic_id,
        session=session,
        patient=patient,
        angle="front",
        image=name,
        thumbnail=name,
        width=1,
        height=1,
        taken_by=provider,
    )
    colleague = join(manager, f"colleague-{tag}", "auditor")
    invitation = invite_member(
        manager, username=f"invitee-{tag}", role="auditor", password=PASSWORD
    )
    link = PatientLink.objects.create(
        clinic_id=clinic_id,
        patient=patient,
        digest=f"{tag:0>64}",
        issued_by=manager,
        expires_at=NOW + dt.timedelta(days=30),
    )
    return {
        "patient_id": patient,
        "consent_id": consent,
        "lot_id": lot,
        "session_id": session,
        "followup_id": followup,
        "event_id": event,
        "photo_id": photo,
        "member_id": colleague,
        "link_id": link,
        "invitation_id": invitation,
    }


def voided(records: dict[str, Any], by: Membership) -> None:
    for row in records.values():
        if isinstance(row, Invitation):
            continue  # an invitation is withdrawn, never voided: a door answers it either way
        if isinstance(row, Membership):
            row.ended_at = NOW
            row.save(update_fields=["ended_at"])
        elif isinstance(row, PatientLink):
            row.revoked_at, row.revoked_by = NOW, by
            row.save(update_fields=["revoked_at", "revoked_by"])
        else:
            row.voided_at, row.voided_by = NOW, by
            row.save(update_fields=["voided_at", "voided_by"])


def ids_of(clinic: Membership, records: dict[str, Any]) -> Ids:
    ids = {kind: str(row.public_id) for kind, row in records.items()}
    return {**ids, "clinic_id": str(clinic.clinic.public_id), "size": "thumb"}


@dataclass
class World:
    personas: dict[str, Membership]
    own: Ids  # Riverside's address, Riverside's live records
    voided: Ids  # Riverside's address, Riverside's voided records
    theirs: Ids  # Riverside's address, Lakeside's records
    other_clinic: Ids  # Lakeside's address and records


def build_world(personas: dict[str, Membership]) -> World:
    manager, provider, outsider = personas["manager"], personas["provider"], personas["outsider"]
    lakeside_provider = join(outsider, "lars", "provider")
    live = records(manager, provider, "live")
    gone = records(manager, provider, "void")
    voided(gone, manager)
    lakeside = records(outsider, lakeside_provider, "lake")
    riverside = {"clinic_id": str(manager.clinic.public_id)}
    return World(
        personas=personas,
        own=ids_of(manager, live),
        voided=ids_of(manager, gone),
        theirs={**ids_of(outsider, lakeside), **riverside},
        other_clinic=ids_of(outsider, lakeside),
    )


def remove_photo_files() -> None:
    for name in PHOTO_FILES:
        storages["photos"].delete(name)

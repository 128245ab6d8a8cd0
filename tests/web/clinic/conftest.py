"""Personas and tiny clinic data for the clinic tests.

Two clinics: Riverside (New York), where the personas work, and Lakeside (London), the other
tenant. Each persona states the access rule it exists for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from tests.web.clinic.people import BACKEND, PASSWORD, https_client, join

from toxfill.web.clinic.actions.clinics import open_clinic
from toxfill.web.clinic.actions.lots import receive_lot
from toxfill.web.clinic.actions.patients import record_consent, register_patient
from toxfill.web.clinic.actions.report_summary import rebuild_report_summary
from toxfill.web.clinic.models import (
    AdverseEvent,
    FollowUp,
    InjectionPoint,
    Membership,
    Patient,
    ProductLot,
    TreatmentSession,
)

NOW = timezone.now()


def _person(username: str) -> User:
    return User.objects.create_user(username, f"{username}@example.org", PASSWORD)


@pytest.fixture
def manager(db: Any) -> Membership:
    """mia manages Riverside: members, lots, reports; charts nothing."""
    return open_clinic(_person("mia"), name="Riverside", time_zone="America/New_York")


@pytest.fixture
def provider(manager: Membership) -> Membership:
    """paula is a licensed nurse injector at Riverside: charts sessions and adverse events."""
    return join(
        manager,
        "paula",
        "provider",
        first_name="Paula",
        last_name="Reyes",
        licence={
            "licence_type": "RN",
            "licence_number": "RN-123456",
            "licence_jurisdiction": "NY",
            "licence_expires": dt.date(2099, 12, 31),
        },
    )


@pytest.fixture
def front_desk(manager: Membership) -> Membership:
    """fred is at Riverside's front desk: patients, consent, scheduling; no clinical notes."""
    return join(manager, "fred", "front-desk")


@pytest.fixture
def auditor(manager: Membership) -> Membership:
    """audrey audits Riverside: reads everything and the access log, writes nothing."""
    return join(manager, "audrey", "auditor")


@pytest.fixture
def outsider(db: Any) -> Membership:
    """oscar manages Lakeside, another clinic: nothing of Riverside exists for him."""
    return open_clinic(_person("oscar"), name="Lakeside", time_zone="Europe/London")


@pytest.fixture
def personas(
    provider: Membership,
    front_desk: Membership,
    manager: Membership,
    auditor: Membership,
    outsider: Membership,
) -> dict[str, Membership]:
    return {
        "provider": provider,
        "front_desk": front_desk,
        "manager": manager,
        "auditor": auditor,
        "outsider": outsider,
    }


@pytest.fixture
def patient(front_desk: Membership) -> Patient:
    """Ana, a Riverside patient who consented to toxin and HA filler treatment."""
    ana = register_patient(
        front_desk,
        given_name="Ana",
        family_name="Silva",
        date_of_birth=dt.date(1985, 4, 2),
        email="ana@example.org",
        health_factors=["anticoagulant-or-antiplatelet"],
    )
    for treatment in ("botulinum-toxin", "ha-filler"):
        record_consent(
            front_desk,
            ana.public_id,
            treatment=treatment,
            text_version="2026-01",
            signed_at=NOW - dt.timedelta(days=30),
            signed_by="Ana Silva",
        )
    return ana


@pytest.fixture
def botox_lot(manager: Membership) -> ProductLot:
    """A 100-unit vial of Botox on Riverside's shelf."""
    return receive_lot(
        manager,
        product="botox",
        quantity=Decimal("100"),
        lot_number="C1234A",
        expires_on=dt.date(2099, 1, 31),
    )


@pytest.fixture
def voluma_lot(manager: Membership) -> ProductLot:
    """Two 1 mL syringes of an HA filler on Riverside's shelf."""
    return receive_lot(
        manager,
        product="juvederm-voluma",
        quantity=Decimal(2),
        lot_number="V1",
        expires_on=dt.date(2099, 1, 31),
    )


@pytest.fixture
def lakeside_patient(outsider: Membership) -> Patient:
    """A patient of the other clinic, whose ID a Riverside member must never reach."""
    return Patient.objects.create(
        clinic_id=outsider.clinic_id,
        given_name="Liam",
        family_name="Jones",
        date_of_birth=dt.date(1990, 1, 1),
    )


@pytest.fixture
def charted(provider: Membership, patient: Patient, botox_lot: ProductLot) -> TreatmentSession:
    """A session already on Ana's chart (rows written directly: the data, not the rules,
    are what these tests are about), with a follow-up and an adverse event; the reports'
    summary rebuilt after, as after any write around the actions."""
    session = TreatmentSession.objects.create(
        clinic_id=provider.clinic_id,
        patient=patient,
        provider=provider,
        performed_at=NOW - dt.timedelta(days=10),
        notes="20 U glabella; tolerated well.",
    )
    InjectionPoint.objects.create(
        clinic_id=provider.clinic_id,
        session=session,
        zone="glabella",
        product="botox",
        lot=botox_lot,
        dose=Decimal("20"),
        unit="U",
    )
    FollowUp.objects.create(
        clinic_id=provider.clinic_id,
        patient=patient,
        session=session,
        due_on=(NOW + dt.timedelta(days=4)).date(),
        option="botulinum-toxin",
        purpose="review",
    )
    AdverseEvent.objects.create(
        clinic_id=provider.clinic_id,
        session=session,
        patient=patient,
        onset_at=NOW - dt.timedelta(days=9),
        symptoms=["bruising"],
        urgency="self-care",
        recorded_by=provider,
    )
    rebuild_report_summary([provider.clinic_id])
    return session


@pytest.fixture
def client_for() -> Callable[[Membership], Client]:
    """A browser signed in as the member's person."""

    def signed_in(member: Membership) -> Client:
        client = https_client()
        client.force_login(member.user, backend=BACKEND)
        return client

    return signed_in


@pytest.fixture
def at() -> Callable[[Membership, str], str]:
    """The API URL of a path at the member's clinic."""

    def url(member: Membership, path: str = "") -> str:
        return f"/api/v1/clinic/{member.clinic.public_id}{path}"

    return url

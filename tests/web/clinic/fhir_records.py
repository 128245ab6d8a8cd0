"""Records of any shape for the FHIR conformance tests: hypothesis strategies, and the rows
they describe written directly (the export is under test there, not the charting rules)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone
from hypothesis import strategies as st

from toxfill.web.clinic.models import (
    AdverseEvent,
    FollowUp,
    InjectionPoint,
    Membership,
    Patient,
    ProductLot,
    TreatmentSession,
)

ZONES = ("glabella", "forehead", "upper-lip", "cheek-left", "chin", "axilla-right")
DEPTHS = ("intramuscular", "intradermal", "subcutaneous", "subdermal", "")
SYMPTOMS = ("bruising", "swelling", "vision-change", "eyelid-droop", "skin-blanching", "hives")
points = st.tuples(
    st.sampled_from(("botox-ndc", "dysport", "ultra-scanned", "voluma-typed")),
    st.sampled_from(ZONES),
    st.decimals(min_value=Decimal("0.1"), max_value=Decimal("60"), places=1),
    st.sampled_from(DEPTHS),
)
sessions = st.fixed_dictionaries(
    {
        "points": st.lists(points, max_size=4),
        "voided": st.booleans(),
        "nurse": st.booleans(),
        "days_ago": st.integers(min_value=1, max_value=400),
        # what toxfill stores: any text but NUL, which no input takes (nul_characters.py)
        "notes": st.text(st.characters(exclude_characters="\x00"), max_size=12),
    }
)
events = st.fixed_dictionaries(
    {
        "session": st.integers(min_value=0, max_value=5),
        "symptoms": st.lists(st.sampled_from(SYMPTOMS), min_size=1, max_size=3, unique=True),
        "severity": st.sampled_from(("", "mild", "moderate", "severe", "life-threatening")),
        "urgency": st.sampled_from(("self-care", "routine", "urgent", "emergency")),
        "hyaluronidase": st.none() | st.just(Decimal("150")),
        "outcome": st.sampled_from(("ongoing", "resolved", "resolved-with-sequelae", "unknown")),
        "voided": st.booleans(),
        "nurse": st.booleans(),
    }
)
followups = st.fixed_dictionaries(
    {
        "session": st.none() | st.integers(min_value=0, max_value=5),
        "status": st.sampled_from(("due", "booked", "done", "missed", "cancelled")),
        "due_in": st.integers(min_value=-200, max_value=200),
        "kept": st.booleans(),
        "voided": st.booleans(),
        "purpose": st.sampled_from(("review", "course", "maintenance")),
    }
)
records = st.fixed_dictionaries(
    {
        "family": st.sampled_from(("Silva", "O'Neil <b> & Sons", "Ng")),
        "email": st.booleans(),
        "reads_in": st.sampled_from((None, "en", "es")),  # None: registered before it was asked
        "sessions": st.lists(sessions, max_size=4),
        "events": st.lists(events, max_size=3),
        "followups": st.lists(followups, max_size=4),
    }
)


def write_record(
    record: dict[str, Any],
    provider: Membership,
    nurse: Membership,
    shelf: dict[str, ProductLot],
) -> Patient:
    """The record's rows, written directly (the export is under test, not the rules)."""
    clinic_id, now = provider.clinic_id, timezone.now()
    patient = Patient.objects.create(
        clinic_id=clinic_id,
        given_name="Rae",
        family_name=record["family"],
        date_of_birth=dt.date(1980, 2, 29),
        email="rae@example.org" if record["email"] else "",
        preferred_language=record["reads_in"],
    )
    written = []
    for row in record["sessions"]:
        session = TreatmentSession.objects.create(
            clinic_id=clinic_id,
            patient=patient,
            provider=nurse if row["nurse"] else provider,
            performed_at=now - dt.timedelta(days=row["days_ago"]),
            notes=row["notes"],
            voided_at=now if row["voided"] else None,
        )
        for lot_key, zone, dose, depth in row["points"]:
            lot = shelf[lot_key]
            InjectionPoint.objects.create(
                clinic_id=clinic_id,
                session=session,
                zone=zone,
                product=lot.product,
                lot=lot,
                dose=dose,
                unit=lot.unit,
                depth=depth,
                dilution_ml=Decimal("2.5") if lot.unit == "U" else None,
            )
        written.append(session)
    for row in record["events"] if written else []:
        session = written[row["session"] % len(written)]
        AdverseEvent.objects.create(
            clinic_id=clinic_id,
            session=session,
            patient=patient,
            onset_at=session.performed_at + dt.timedelta(hours=5),
            symptoms=row["symptoms"],
            urgency=row["urgency"],
            severity=row["severity"],
            hyaluronidase_units=row["hyaluronidase"],
            outcome=row["outcome"],
            recorded_by=nurse if row["nurse"] else provider,
            voided_at=now if row["voided"] else None,
        )
    for row in record["followups"]:
        due = now.date() + dt.timedelta(days=row["due_in"])
        kept = row["status"] == "done" and row["kept"]
        FollowUp.objects.create(
            clinic_id=clinic_id,
            patient=patient,
            session=written[row["session"] % len(written)]
            if written and row["session"] is not None
            else None,
            due_on=due,
            purpose=row["purpose"],
            status=row["status"],
            completed_on=due + dt.timedelta(days=3) if kept else None,
            voided_at=now if row["voided"] else None,
        )
    return patient

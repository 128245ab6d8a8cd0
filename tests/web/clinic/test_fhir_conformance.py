"""Every FHIR export a receiving EHR would take: the demo clinic's and any record hypothesis
makes, in both audiences, pass R4's JSON Schema, its invariants and the US Core profiles they
claim (fhir_conformance.py); and the checker itself catches what the reviewer found."""

from __future__ import annotations

import base64
import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from tests.web.clinic.fhir_conformance import problems
from tests.web.clinic.fhir_records import records, write_record

from toxfill.web.clinic import scoping
from toxfill.web.clinic.actions.lots import receive_lot
from toxfill.web.clinic.demo import load_demo
from toxfill.web.clinic.fhir import Audience, bundle_json, patient_bundle
from toxfill.web.clinic.models import (
    Clinic,
    Membership,
    Patient,
    ProductLot,
)

FILLER_GTIN = "00889999123453"
SCANNED = "]d2" + f"01{FILLER_GTIN}17290500" + "10JU77\x1d21SN0042"  # expiry day "00"


def _gtin(body: str) -> str:
    """A GTIN-14 from its first 13 digits, with its GS1 check digit."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return body + str(-total % 10)


BOTOX_NDC_GTIN = _gtin("003" + "0023923201")  # carries NDC 0023-9232-01


def export(
    member: Membership, patient: Patient, audience: Audience = Audience.CLINIC
) -> dict[str, Any]:
    """The bundle as the clinic's export view reads it, as a receiver gets it."""
    bundle = patient_bundle(
        patient,
        sessions=scoping.sessions(member).filter(patient=patient).order_by("performed_at"),
        followups=scoping.followups(member).filter(patient=patient).order_by("due_on"),
        events=scoping.events(member).filter(patient=patient).order_by("onset_at"),
        audience=audience,
    )
    loaded: dict[str, Any] = json.loads(bundle_json(bundle))
    return loaded


def resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


# --- the demo clinic and any record ------------------------------------------------------


@pytest.mark.parametrize("audience", list(Audience))
def test_it_exports_every_demo_patient_within_r4_and_us_core(db: Any, audience: Audience) -> None:
    # given the demo clinic (the nurse charts for the doctor; events, booked, kept, missed
    # and due follow-ups)
    load_demo(patients=10)
    clinic = Clinic.objects.get(is_demo=True)
    doctor = Membership.objects.get(clinic=clinic, user__username="demo-provider")
    # when every patient is exported
    found = {
        str(p): problems(export(doctor, p, audience))
        for p in Patient.objects.filter(clinic=clinic).order_by("id")
    }
    # then no validator finds anything
    assert {name: errors for name, errors in found.items() if errors} == {}


@pytest.fixture
def nurse(manager: Membership) -> Membership:
    """Nia, a nurse injector known by her first name only (no family name for US Core)."""
    user = User.objects.create_user("nia", "nia@example.org", first_name="Nia")
    return Membership.objects.create(
        clinic_id=manager.clinic_id,
        user=user,
        role="provider",
        licence_type="RN",
        licence_number="RN-555",
        licence_jurisdiction="New York",
    )


@pytest.fixture
def shelf(manager: Membership) -> dict[str, ProductLot]:
    """Lots of every kind: a toxin lot whose GTIN carries an NDC and one with no GTIN, a filler
    received from its scanned barcode and one typed by hand."""
    return {
        "botox-ndc": receive_lot(
            manager,
            product="botox",
            quantity=Decimal("500"),
            lot_number="C1",
            gtin=BOTOX_NDC_GTIN,
            expires_on=dt.date(2099, 1, 31),
        ),
        "dysport": receive_lot(
            manager,
            product="dysport",
            quantity=Decimal("900"),
            lot_number="D1",
            expires_on=dt.date(2099, 3, 31),
        ),
        "ultra-scanned": receive_lot(
            manager, product="juvederm-ultra", quantity=Decimal("20"), barcode=SCANNED
        ),
        "voluma-typed": receive_lot(
            manager,
            product="juvederm-voluma",
            quantity=Decimal("20"),
            lot_number="V9",
            gtin=FILLER_GTIN,
            serial="S1",
            expires_on=dt.date(2099, 6, 30),
        ),
    }


def test_it_exports_any_record_within_r4_and_us_core(
    provider: Membership, nurse: Membership, shelf: dict[str, ProductLot]
) -> None:
    # given any record: no sessions or many, voided rows, toxins with and without an NDC,
    # fillers with and without a scanned UDI, events a nurse recorded, follow-ups in every state
    @settings(
        max_examples=20,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(record=records)
    def exported_cleanly(record: dict[str, Any]) -> None:
        patient = write_record(record, provider, nurse, shelf)
        # when it is exported for the clinic and for the patient
        found = [
            problem
            for audience in Audience
            for problem in problems(export(provider, patient, audience))
        ]
        # then no validator finds anything
        assert found == []

    exported_cleanly()


# --- what the reviewer found ---------------------------------------------------------------


@pytest.fixture
def filled(
    provider: Membership, nurse: Membership, patient: Patient, shelf: dict[str, ProductLot]
) -> Patient:
    """Ana after a toxin and a filler session: a vision-loss emergency treated with
    hyaluronidase that the nurse recorded, a booked, a kept and a due follow-up."""
    record = {
        "sessions": [
            {
                "points": [("botox-ndc", "glabella", Decimal("20"), "intramuscular")],
                "voided": False,
                "nurse": False,
                "days_ago": 30,
                "notes": "",
            },
            {
                "points": [
                    ("ultra-scanned", "upper-lip", Decimal("0.5"), "submucosal"),
                    ("voluma-typed", "cheek-left", Decimal("1"), "supraperiosteal"),
                ],
                "voided": False,
                "nurse": False,
                "days_ago": 2,
                "notes": "",
            },
        ],
        "events": [
            {
                "session": 1,
                "symptoms": ["skin-blanching"],
                "severity": "severe",
                "urgency": "emergency",
                "hyaluronidase": Decimal("300"),
                "outcome": "resolved",
                "voided": False,
                "nurse": True,
            }
        ],
        "followups": [
            {
                "session": 0,
                "status": s,
                "due_in": d,
                "kept": True,
                "voided": False,
                "purpose": "review",
            }
            for s, d in (("booked", 5), ("done", -10), ("due", 60))
        ],
        "family": patient.family_name,
        "email": True,
        "reads_in": "es",
    }
    return write_record(record, provider, nurse, shelf)


def test_it_codes_an_emergency_treated_with_hyaluronidase_as_serious(
    provider: Membership, filled: Patient
) -> None:
    (event,) = resources(export(provider, filled), "AdverseEvent")
    assert event["seriousness"]["coding"][0]["code"] == "Serious"


def test_it_points_a_nurse_recorded_event_at_the_nurse_in_the_bundle(
    provider: Membership, nurse: Membership, filled: Patient
) -> None:
    bundle = export(provider, filled)
    (event,) = resources(bundle, "AdverseEvent")
    urls = {e["fullUrl"] for e in bundle["entry"]}
    assert event["recorder"]["reference"] == f"urn:uuid:{nurse.public_id}"
    assert event["recorder"]["reference"] in urls


def test_it_suspects_the_products_given_not_the_session(
    provider: Membership, filled: Patient
) -> None:
    bundle = export(provider, filled)
    (event,) = resources(bundle, "AdverseEvent")
    suspects = {s["instance"]["reference"] for s in event["suspectEntity"]}
    devices = {f"urn:uuid:{d['id']}" for d in resources(bundle, "Device")}
    assert suspects == devices


def test_it_books_appointments_with_their_day_and_keeps_a_due_visit_a_request(
    provider: Membership, filled: Patient
) -> None:
    bundle = export(provider, filled)
    visits = resources(bundle, "Appointment")
    assert sorted(v["status"] for v in visits) == ["booked", "fulfilled"]
    assert all(v["start"] < v["end"] for v in visits)
    requests = resources(bundle, "ServiceRequest")
    assert sorted(r["status"] for r in requests) == ["active", "active", "completed"]


def test_it_gives_the_bundle_its_own_identity_and_time(
    provider: Membership, filled: Patient
) -> None:
    first, second = export(provider, filled), export(provider, filled)
    assert str(filled.public_id) not in first["identifier"]["value"]
    assert first["identifier"]["value"] != second["identifier"]["value"]
    assert dt.datetime.fromisoformat(first["timestamp"]) <= timezone.now()


def test_it_counts_toxin_units_in_the_products_own_units_with_its_lot_as_a_batch(
    provider: Membership, filled: Patient
) -> None:
    bundle = export(provider, filled)
    (given,) = resources(bundle, "MedicationAdministration")
    (medicine,) = resources(bundle, "Medication")
    assert given["dosage"]["dose"]["code"] == "{botox-unit}"  # a UCUM annotation, not [iU]
    assert given["dosage"]["route"]["coding"][0]["code"] == "IM"
    assert given["medicationReference"]["reference"] == f"urn:uuid:{medicine['id']}"
    assert medicine["batch"] == {"lotNumber": "C1", "expirationDate": "2099-01-31"}
    ndc = [c for c in medicine["code"]["coding"] if c["system"] == "http://hl7.org/fhir/sid/ndc"]
    assert [c["code"] for c in ndc] == ["0023-9232-01"]


def test_it_sends_the_scanned_udi_as_scanned_and_a_typed_one_from_its_fields(
    provider: Membership, filled: Patient
) -> None:
    devices = {d["lotNumber"]: d for d in resources(export(provider, filled), "Device")}
    scanned = devices["JU77"]["udiCarrier"][0]
    assert scanned["carrierHRF"] == f"(01){FILLER_GTIN}(17)290500(10)JU77(21)SN0042"
    assert base64.b64decode(scanned["carrierAIDC"]).decode() == SCANNED
    assert scanned["entryType"] == "barcode"
    typed = devices["V9"]["udiCarrier"][0]
    assert typed["carrierHRF"] == f"(01){FILLER_GTIN}(17)990630(10)V9(21)S1"
    assert typed["entryType"] == "manual"
    assert devices["V9"]["deviceName"][0]["name"]


def test_it_names_what_happened_to_each_filler_in_the_procedure(
    provider: Membership, filled: Patient
) -> None:
    procedures = resources(export(provider, filled), "Procedure")
    (actions,) = [[f["action"] for f in p["focalDevice"]] for p in procedures if "focalDevice" in p]
    assert {a["coding"][1]["code"] for a in actions} == {"129336009"}  # SNOMED: implantation


def test_it_identifies_the_patient_and_says_the_record_holds_no_gender(
    provider: Membership, filled: Patient
) -> None:
    (person,) = resources(export(provider, filled), "Patient")
    assert person["identifier"][0]["value"] == str(filled.public_id)
    assert str(filled.clinic.public_id) in person["identifier"][0]["system"]
    assert person["gender"] == "unknown"


@pytest.mark.parametrize("audience", list(Audience))
def test_it_gives_every_resource_a_narrative_and_a_profile(
    provider: Membership, filled: Patient, audience: Audience
) -> None:
    for entry in export(provider, filled, audience)["entry"]:
        resource = entry["resource"]
        assert resource["text"]["status"] == "generated"
        assert resource["text"]["div"].startswith('<div xmlns="http://www.w3.org/1999/xhtml">')
        assert resource["meta"]["profile"]


def test_it_reads_the_same_few_queries_however_long_the_record(
    provider: Membership, nurse: Membership, shelf: dict[str, ProductLot], filled: Patient
) -> None:
    # given a short record and one three times as long
    longer = write_record(
        {
            "family": "Ng",
            "email": False,
            "reads_in": None,
            "sessions": [
                {
                    "points": [("dysport", "forehead", Decimal("30"), "")],
                    "voided": False,
                    "nurse": n % 2 == 0,
                    "days_ago": 10 + n,
                    "notes": "x",
                }
                for n in range(6)
            ],
            "events": [
                {
                    "session": n,
                    "symptoms": ["bruising"],
                    "severity": "mild",
                    "urgency": "self-care",
                    "hyaluronidase": None,
                    "outcome": "resolved",
                    "voided": False,
                    "nurse": n % 2 == 1,
                }
                for n in range(3)
            ],
            "followups": [
                {
                    "session": n,
                    "status": "booked",
                    "due_in": n,
                    "kept": False,
                    "voided": False,
                    "purpose": "review",
                }
                for n in range(6)
            ],
        },
        provider,
        nurse,
        shelf,
    )
    counts = []
    for patient in (filled, longer):
        fresh = Patient.objects.get(clinic_id=patient.clinic_id, pk=patient.pk)
        with CaptureQueriesContext(connection) as queries:
            export(provider, fresh)
        counts.append(len(queries))
    # then both cost the same queries
    assert counts[0] == counts[1]


# --- the checker catches what it is there to catch ------------------------------------------


def test_the_checker_catches_the_errors_the_reviewer_found(
    provider: Membership, filled: Patient
) -> None:
    # given a valid export, broken the ways the old export was
    bundle = export(provider, filled)
    visit = resources(bundle, "Appointment")[0]
    del visit["start"], visit["end"]  # a booked appointment without its times (app-3)
    quantity = resources(bundle, "MedicationAdministration")[0]["dosage"]["dose"]
    del quantity["system"]  # a unit code without its system (qty-3)
    resources(bundle, "Patient")[0]["text"]["div"] = (
        '<div xmlns="http://www.w3.org/1999/xhtml"><script>x()</script></div>'  # txt-1
    )
    resources(bundle, "Procedure")[0]["performedOn"] = "2020-01-01"  # no such element
    del resources(bundle, "Medication")[0]["code"]  # US Core Medication needs a code
    # when checked, then each is named
    found = "\n".join(problems(bundle))
    for rule in ("app-3", "qty-3", "txt-1", "performedOn", "us-core-medication"):
        assert rule in found

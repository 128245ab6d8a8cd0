"""The FHIR R4 Bundle of one patient: validated by fhir.resources, the patient-held subset
leaving out what only the clinic keeps."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from django.utils import timezone

from toxfill.web.clinic import scoping
from toxfill.web.clinic.actions.lots import receive_lot
from toxfill.web.clinic.fhir import Audience, bundle_json, patient_bundle
from toxfill.web.clinic.models import (
    InjectionPoint,
    Membership,
    Patient,
    TreatmentSession,
)


def _bundle(provider: Membership, patient: Patient, audience: Audience) -> dict[str, object]:
    bundle = patient_bundle(
        patient,
        sessions=scoping.sessions(provider).filter(patient=patient),
        followups=scoping.followups(provider).filter(patient=patient),
        events=scoping.events(provider).filter(patient=patient),
        audience=audience,
    )
    loaded: dict[str, object] = json.loads(bundle_json(bundle))
    return loaded


def _kinds(bundle: dict[str, object]) -> list[str]:
    entries = bundle["entry"]
    assert isinstance(entries, list)
    return sorted(e["resource"]["resourceType"] for e in entries)


def test_it_holds_every_kind_of_record(
    provider: Membership, patient: Patient, charted: TreatmentSession
) -> None:
    # given a session with a toxin point, a due follow-up and an adverse event
    # when the clinic exports the patient
    bundle = _bundle(provider, patient, Audience.CLINIC)
    # then each becomes its FHIR resource: the toxin lot a Medication, the dose its
    # administration, the follow-up still only due a ServiceRequest (no Appointment yet)
    assert bundle["type"] == "collection"
    assert _kinds(bundle) == [
        "AdverseEvent",
        "Medication",
        "MedicationAdministration",
        "Patient",
        "Practitioner",
        "Procedure",
        "ServiceRequest",
    ]


def test_it_draws_filler_as_a_device_with_its_udi_and_lot(
    provider: Membership, manager: Membership, patient: Patient, charted: TreatmentSession
) -> None:
    # given an HA filler syringe charted into the lips
    lot = receive_lot(
        manager,
        product="juvederm-ultra",
        quantity=Decimal("2"),
        lot_number="JU77",
        gtin="00889999123453",
        expires_on=dt.date(2099, 5, 31),
    )
    InjectionPoint.objects.create(
        clinic_id=provider.clinic_id,
        session=charted,
        zone="upper-lip",
        product="juvederm-ultra",
        lot=lot,
        dose=Decimal("0.5"),
        unit="mL",
    )
    # when exported
    bundle = _bundle(provider, patient, Audience.CLINIC)
    # then a Device carries the lot and UDI, and the Procedure names it
    entries = bundle["entry"]
    assert isinstance(entries, list)
    device = next(e["resource"] for e in entries if e["resource"]["resourceType"] == "Device")
    assert device["lotNumber"] == "JU77"
    assert device["udiCarrier"][0]["deviceIdentifier"] == "00889999123453"
    procedure = next(e["resource"] for e in entries if e["resource"]["resourceType"] == "Procedure")
    assert {s["coding"][0]["code"] for s in procedure["bodySite"]} == {"glabella", "upper-lip"}
    assert procedure["focalDevice"][0]["manipulated"]["reference"] == f"urn:uuid:{device['id']}"
    # and its type is the FDA device product code its PMA was approved under, beside toxfill's
    assert {(c["system"], c["code"]) for c in device["type"]["coding"]} == {
        ("urn:toxfill:product", "juvederm-ultra"),
        ("https://www.accessdata.fda.gov/scripts/cdrh/cfdocs/cfPCD/classification.cfm", "LMH"),
    }


def test_a_subcutaneous_dose_carries_the_hl7_and_snomed_route_codes(
    provider: Membership, patient: Patient, charted: TreatmentSession
) -> None:
    # given a toxin dose charted as subcutaneous
    InjectionPoint.objects.filter(clinic_id=charted.clinic_id, session=charted).update(
        depth="subcutaneous"
    )
    # when exported
    bundle = _bundle(provider, patient, Audience.CLINIC)
    # then its route names both code systems the knowledge base confirms for that depth
    entries = bundle["entry"]
    assert isinstance(entries, list)
    resources = [e["resource"] for e in entries]
    dose = next(r for r in resources if r["resourceType"] == "MedicationAdministration")
    assert {(c["system"], c["code"]) for c in dose["dosage"]["route"]["coding"]} == {
        ("http://terminology.hl7.org/CodeSystem/v3-RouteOfAdministration", "SQ"),
        ("http://snomed.info/sct", "34206005"),
    }


SNOMED = "http://snomed.info/sct"


def _snomed(concept: dict[str, list[dict[str, str]]]) -> set[str]:
    return {c["code"] for c in concept["coding"] if c["system"] == SNOMED}


def test_it_sends_the_snomed_site_route_and_finding_the_knowledge_base_confirms(
    provider: Membership, patient: Patient, charted: TreatmentSession
) -> None:
    # given a toxin dose charted into the forehead, into the muscle, and an adverse event of
    # bruising after it
    InjectionPoint.objects.filter(clinic_id=charted.clinic_id, session=charted).update(
        zone="forehead", depth="intramuscular"
    )
    # when exported
    bundle = _bundle(provider, patient, Audience.CLINIC)
    entries = bundle["entry"]
    assert isinstance(entries, list)
    resources = {e["resource"]["resourceType"]: e["resource"] for e in entries}
    # then the procedure and the dose name the forehead in SNOMED CT beside toxfill's zone
    procedure = resources["Procedure"]
    assert [_snomed(site) for site in procedure["bodySite"]] == [{"52795006"}]
    assert procedure["bodySite"][0]["coding"][0]["code"] == "forehead"
    dose = resources["MedicationAdministration"]["dosage"]
    assert _snomed(dose["site"]) == {"52795006"}
    # and the route carries SNOMED CT's intramuscular route beside HL7's v3 code
    assert {(c["system"], c["code"]) for c in dose["route"]["coding"]} == {
        ("http://terminology.hl7.org/CodeSystem/v3-RouteOfAdministration", "IM"),
        (SNOMED, "78421000"),
    }
    # and the adverse event's finding is SNOMED CT's ecchymosis, beside toxfill's symptom
    event = resources["AdverseEvent"]["event"]
    assert _snomed(event) == {"302227002"}
    assert event["coding"][0] == {
        "system": "urn:toxfill:symptom",
        "code": "bruising",
        "display": "Bruising",
    }


def test_a_jeuveau_lot_carries_the_rxcuis_the_fda_lists_without_a_made_up_name(
    provider: Membership, manager: Membership, patient: Patient, charted: TreatmentSession
) -> None:
    # given a Jeuveau dose charted from a lot typed by hand (no GTIN, so no package NDC)
    lot = receive_lot(
        manager,
        product="jeuveau",
        quantity=Decimal("1"),
        lot_number="JV42",
        expires_on=dt.date(2099, 5, 31),
    )
    InjectionPoint.objects.filter(clinic_id=charted.clinic_id, session=charted).update(
        product="jeuveau", lot=lot
    )
    # when exported
    bundle = _bundle(provider, patient, Audience.CLINIC)
    entries = bundle["entry"]
    assert isinstance(entries, list)
    medicine = next(e["resource"] for e in entries if e["resource"]["resourceType"] == "Medication")
    # then its code carries both RxNorm concepts, each without a display: RxNorm's names for
    # them were not read, and a coding's display must be the code system's own
    rxnorm = [
        c
        for c in medicine["code"]["coding"]
        if c["system"] == "http://www.nlm.nih.gov/research/umls/rxnorm"
    ]
    assert rxnorm == [
        {"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "2117871"},
        {"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "2117876"},
    ]


def test_a_zone_no_source_codes_keeps_toxfills_code_alone(
    provider: Membership, patient: Patient, charted: TreatmentSession
) -> None:
    # given the charted dose in the glabella, a zone no source read names in SNOMED CT
    # when exported
    bundle = _bundle(provider, patient, Audience.CLINIC)
    entries = bundle["entry"]
    assert isinstance(entries, list)
    procedure = next(e["resource"] for e in entries if e["resource"]["resourceType"] == "Procedure")
    # then its body site is toxfill's code and words, and no guessed standard code
    assert procedure["bodySite"] == [
        {
            "coding": [
                {
                    "system": "urn:toxfill:zone",
                    "code": "glabella",
                    "display": "Glabella (frown area between the brows)",
                }
            ],
            "text": "Glabella (frown area between the brows)",
        }
    ]


def test_it_leaves_notes_and_licence_expiry_out_of_the_patients_copy(
    provider: Membership, patient: Patient, charted: TreatmentSession
) -> None:
    # given a session with clinical notes, by a provider with a licence number and expiry
    # when the patient-held subset is built
    text = json.dumps(_bundle(provider, patient, Audience.PATIENT))
    # then the notes and the expiry stay with the clinic; the licence number, public in a
    # state's licence look-up, is the patient's to see (licences.licence_shown)
    expiry = provider.licence_expires.isoformat()
    assert "tolerated well" not in text
    assert expiry not in text
    assert "RN-123456" in text
    assert "MedicationAdministration" in text
    assert expiry in json.dumps(_bundle(provider, patient, Audience.CLINIC))


def test_it_leaves_voided_sessions_out(
    provider: Membership, patient: Patient, charted: TreatmentSession
) -> None:
    # given the session voided
    charted.voided_at = timezone.now()
    charted.save(update_fields=["voided_at"])
    # when exported
    kinds = _kinds(_bundle(provider, patient, Audience.CLINIC))
    # then neither it nor its points are in the bundle
    assert "Procedure" not in kinds
    assert "MedicationAdministration" not in kinds

"""A patient's record as a FHIR R4 Bundle, for the clinic's export and the patient's own copy.

Built from rows the caller has already read (through `scoping.py`, or the patient link's own
token-scoped reads): this module reads nothing from the database itself beyond the rows'
prefetched relations, and writes nothing. The resources are validated by `fhir.resources`
(its R4B models, which share R4's shape for every resource used here) as they are built.

Resources: Patient; a Practitioner per provider; per session a Procedure with its body sites,
plus per injection point a MedicationAdministration (toxins, with units and lot) or a Device
with its UDI and lot (fillers); an AdverseEvent per event; an Appointment per follow-up.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from decimal import Decimal
from enum import StrEnum
from typing import Any

from fhir.resources.R4B.bundle import Bundle

from toxfill.knowledge import KnowledgeBase, bundled_knowledge
from toxfill.web.clinic.models import (
    AdverseEvent,
    FollowUp,
    InjectionPoint,
    Membership,
    Patient,
    TreatmentSession,
)

SYSTEM = "urn:toxfill"  # code systems below it: urn:toxfill:zone, urn:toxfill:product, ...
UCUM = "http://unitsofmeasure.org"
GS1 = "http://hl7.org/fhir/NamingSystem/gs1-di"


class Audience(StrEnum):
    """Who the bundle is for.

    CLINIC: everything the clinic holds, with clinical notes and provider licence numbers.
    PATIENT: the patient-held subset (the patient passport): what was given, where, from which
    lot, what happened and what is due; no clinical notes, no licence numbers, no triage
    internals, and no record of who else in the clinic touched the file.
    """

    CLINIC = "clinic"
    PATIENT = "patient"


def patient_bundle(
    patient: Patient,
    *,
    sessions: Iterable[TreatmentSession],
    followups: Iterable[FollowUp] = (),
    events: Iterable[AdverseEvent] = (),
    audience: Audience = Audience.CLINIC,
    kb: KnowledgeBase | None = None,
) -> Bundle:
    """One patient's record as a validated FHIR R4 `collection` Bundle.

    `sessions` should have `provider__user` selected and `points__lot` prefetched (as
    `scoping.sessions` does); voided sessions, follow-ups and events are left out here, so
    the caller may pass them unfiltered. Every resource's id is the record's public UUID and
    every reference is a `urn:uuid:` full URL inside the bundle.
    """
    kb = kb or bundled_knowledge()
    clinic = audience is Audience.CLINIC
    entries: list[dict[str, Any]] = [_entry(_patient(patient))]
    providers: dict[int, Membership] = {}
    kept = [s for s in sessions if s.voided_at is None]
    for session in kept:
        providers.setdefault(session.provider_id, session.provider)
    for member in providers.values():
        entries.append(_entry(_practitioner(member, clinic)))
    for session in kept:
        entries.append(_entry(_procedure(kb, session, clinic)))
        for point in session.points.all():
            entries.append(_entry(_given(kb, session, point)))
    for event in events:
        if event.voided_at is None:
            entries.append(_entry(_adverse_event(kb, event, clinic)))
    for followup in followups:
        if followup.voided_at is None:
            entries.append(_entry(_appointment(followup)))
    return Bundle.model_validate(
        {
            "resourceType": "Bundle",
            "type": "collection",
            "meta": {"tag": [{"system": f"{SYSTEM}:audience", "code": audience.value}]},
            "identifier": {"system": f"{SYSTEM}:patient", "value": str(patient.public_id)},
            "entry": entries,
        }
    )


def bundle_json(bundle: Bundle) -> str:
    """The bundle as the JSON document a FHIR server accepts (no nulls, indented)."""
    return json.dumps(json.loads(bundle.model_dump_json(exclude_none=True)), indent=2)


def _ref(public_id: object) -> str:
    return f"urn:uuid:{public_id}"


def _entry(resource: dict[str, Any]) -> dict[str, Any]:
    return {"fullUrl": _ref(resource["id"]), "resource": resource}


def _coding(kind: str, code: str, display: str) -> dict[str, Any]:
    return {"coding": [{"system": f"{SYSTEM}:{kind}", "code": code, "display": display}]}


def _patient(row: Patient) -> dict[str, Any]:
    telecom = []
    if row.email:
        telecom.append({"system": "email", "value": row.email})
    if row.phone:
        telecom.append({"system": "phone", "value": row.phone})
    resource: dict[str, Any] = {
        "resourceType": "Patient",
        "id": str(row.public_id),
        "name": [{"family": row.family_name, "given": [row.given_name]}],
        "birthDate": row.date_of_birth.isoformat(),
    }
    if telecom:
        resource["telecom"] = telecom
    return resource


def _practitioner(member: Membership, clinic: bool) -> dict[str, Any]:
    name = {"text": member.display_name}
    resource: dict[str, Any] = {
        "resourceType": "Practitioner",
        "id": str(member.public_id),
        "name": [name],
    }
    if member.licence_type:
        qualification: dict[str, Any] = {"code": {"text": member.licence_type}}
        if clinic and member.licence_number:
            qualification["identifier"] = [
                {
                    "system": f"{SYSTEM}:licence:{member.licence_jurisdiction or 'unknown'}",
                    "value": member.licence_number,
                }
            ]
        if member.licence_expires:
            qualification["period"] = {"end": member.licence_expires.isoformat()}
        if member.licence_jurisdiction:
            qualification["issuer"] = {"display": member.licence_jurisdiction}
        resource["qualification"] = [qualification]
    return resource


def _procedure(kb: KnowledgeBase, session: TreatmentSession, clinic: bool) -> dict[str, Any]:
    points = list(session.points.all())
    zones = dict.fromkeys(p.zone for p in points)
    options = dict.fromkeys(kb.product(p.product).option for p in points)
    resource: dict[str, Any] = {
        "resourceType": "Procedure",
        "id": str(session.public_id),
        "status": "completed",
        "code": {
            "coding": [
                {"system": f"{SYSTEM}:option", "code": o, "display": kb.options[o].label}
                for o in options
            ],
            "text": ", ".join(kb.options[o].label for o in options) or "Treatment session",
        },
        "subject": {"reference": _ref(session.patient.public_id)},
        "performedDateTime": session.performed_at.isoformat(),
        "performer": [{"actor": {"reference": _ref(session.provider.public_id)}}],
        "bodySite": [_coding("zone", z, kb.zones[z].label if z in kb.zones else z) for z in zones],
    }
    devices = [p for p in points if kb.options[kb.product(p.product).option].kind != "toxin"]
    if devices:
        resource["focalDevice"] = [
            {"manipulated": {"reference": _ref(p.public_id)}} for p in devices
        ]
    if clinic and session.notes:
        resource["note"] = [{"text": session.notes}]
    return resource


def _given(kb: KnowledgeBase, session: TreatmentSession, point: InjectionPoint) -> dict[str, Any]:
    """A toxin dose as a MedicationAdministration; a filler syringe as a Device (UDI, lot)."""
    product = kb.product(point.product)
    zone = kb.zones[point.zone].label if point.zone in kb.zones else point.zone
    if kb.options[product.option].kind == "toxin":
        return {
            "resourceType": "MedicationAdministration",
            "id": str(point.public_id),
            "status": "completed",
            "medicationCodeableConcept": _coding("product", product.id, product.label),
            "subject": {"reference": _ref(session.patient.public_id)},
            "effectiveDateTime": session.performed_at.isoformat(),
            "performer": [{"actor": {"reference": _ref(session.provider.public_id)}}],
            "partOf": [{"reference": _ref(session.public_id)}],
            "note": [{"text": f"Lot {point.lot.lot_number}, expires {point.lot.expires_on}"}],
            "dosage": {
                "site": _coding("zone", point.zone, zone),
                "route": {"text": point.depth or "injection"},
                "dose": _quantity(point.dose, point.unit),
            },
        }
    device: dict[str, Any] = {
        "resourceType": "Device",
        "id": str(point.public_id),
        "status": "inactive",  # implanted: no longer on the shelf
        "type": _coding("product", product.id, product.label),
        "lotNumber": point.lot.lot_number,
        "expirationDate": point.lot.expires_on.isoformat(),
        "patient": {"reference": _ref(session.patient.public_id)},
        "note": [{"text": f"{point.dose} mL at {zone}"}],
    }
    if product.maker:
        device["manufacturer"] = product.maker
    if point.lot.gtin:
        device["udiCarrier"] = [
            {
                "deviceIdentifier": point.lot.gtin,
                "issuer": GS1,
                "carrierHRF": f"(01){point.lot.gtin}(17){point.lot.expires_on:%y%m%d}"
                f"(10){point.lot.lot_number}",
            }
        ]
    if point.lot.serial:
        device["serialNumber"] = point.lot.serial
    return device


def _quantity(dose: Decimal, unit: str) -> dict[str, Any]:
    if unit == "mL":
        return {"value": dose, "unit": "mL", "system": UCUM, "code": "mL"}
    return {"value": dose, "unit": "U", "system": UCUM, "code": "[iU]"}


SEVERITY = {"mild": "mild", "moderate": "moderate", "severe": "severe"}
OUTCOME = {
    "ongoing": "ongoing",
    "resolved": "resolved",
    "resolved-with-sequelae": "resolvedWithSequelae",
    "unknown": "unknown",
}
OUTCOME_SYSTEM = "http://terminology.hl7.org/CodeSystem/adverse-event-outcome"
SEVERITY_SYSTEM = "http://terminology.hl7.org/CodeSystem/adverse-event-severity"
SERIOUSNESS_SYSTEM = "http://terminology.hl7.org/CodeSystem/adverse-event-seriousness"


def _adverse_event(kb: KnowledgeBase, event: AdverseEvent, clinic: bool) -> dict[str, Any]:
    symptoms = [kb.symptoms[s].label if s in kb.symptoms else s for s in event.symptoms]
    resource: dict[str, Any] = {
        "resourceType": "AdverseEvent",
        "id": str(event.public_id),
        "actuality": "actual",
        "event": {
            "coding": [
                {"system": f"{SYSTEM}:symptom", "code": s, "display": label}
                for s, label in zip(event.symptoms, symptoms, strict=True)
            ],
            "text": "; ".join(symptoms),
        },
        "subject": {"reference": _ref(event.patient.public_id)},
        "date": event.onset_at.isoformat(),
        "detected": event.onset_at.isoformat(),
        "suspectEntity": [{"instance": {"reference": _ref(event.session.public_id)}}],
        "outcome": {"coding": [{"system": OUTCOME_SYSTEM, "code": OUTCOME[event.outcome]}]},
    }
    if event.severity in SEVERITY:
        resource["severity"] = {
            "coding": [{"system": SEVERITY_SYSTEM, "code": SEVERITY[event.severity]}]
        }
    serious = event.severity == "life-threatening" or event.urgency == "emergency"
    resource["seriousness"] = {
        "coding": [{"system": SERIOUSNESS_SYSTEM, "code": "serious" if serious else "non-serious"}]
    }
    if clinic:
        resource["recorder"] = {"reference": _ref(event.recorded_by.public_id)}
        notes = [f"Urgency on entry: {event.urgency}"]
        if event.actions:
            notes.append(f"Actions: {event.actions}")
        if event.hyaluronidase_units is not None:
            notes.append(f"Hyaluronidase: {event.hyaluronidase_units} U")
        resource["extension"] = [
            {"url": f"{SYSTEM}:adverse-event-note", "valueString": ". ".join(notes)}
        ]
    return resource


APPOINTMENT_STATUS = {
    "due": "proposed",
    "booked": "booked",
    "done": "fulfilled",
    "missed": "noshow",
    "cancelled": "cancelled",
}


def _appointment(followup: FollowUp) -> dict[str, Any]:
    day = followup.due_on.isoformat()
    resource: dict[str, Any] = {
        "resourceType": "Appointment",
        "id": str(followup.public_id),
        "status": APPOINTMENT_STATUS.get(followup.status, "proposed"),
        "description": followup.note or f"Follow-up ({followup.purpose})",
        "serviceType": [_coding("follow-up", followup.purpose, followup.purpose.capitalize())],
        "requestedPeriod": [{"start": day, "end": day}],
        "participant": [
            {
                "actor": {"reference": _ref(followup.patient.public_id)},
                "status": "accepted" if followup.status == "booked" else "needs-action",
            }
        ],
    }
    if followup.session_id is not None and followup.session is not None:
        resource["supportingInformation"] = [{"reference": _ref(followup.session.public_id)}]
    return resource

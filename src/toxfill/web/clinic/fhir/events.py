"""An adverse event in the export, with the products it may have come from."""

from __future__ import annotations

from typing import Any

from toxfill.knowledge.codes import CodedKind
from toxfill.web.clinic.fhir.codes import Export, concept, instant, meta, narrative, ref
from toxfill.web.clinic.models import AdverseEvent, EventOrigin

SEVERITY = {
    "mild": "mild",
    "moderate": "moderate",
    "severe": "severe",
    "life-threatening": "severe",
}
OUTCOME = {
    "ongoing": ("ongoing", "Ongoing"),
    "resolved": ("resolved", "Resolved"),
    "resolved-with-sequelae": ("resolvedWithSequelae", "Resolved with Sequelae"),
    "unknown": ("unknown", "Unknown"),
}
OUTCOME_SYSTEM = "http://terminology.hl7.org/CodeSystem/adverse-event-outcome"
SEVERITY_SYSTEM = "http://terminology.hl7.org/CodeSystem/adverse-event-severity"
SERIOUSNESS_SYSTEM = "http://terminology.hl7.org/CodeSystem/adverse-event-seriousness"


def seriousness(event: AdverseEvent) -> tuple[str, str]:
    """R4's seriousness code: life-threatening when graded so; serious when triage called it an
    emergency or hyaluronidase was given to dissolve filler (an emergency treated); else
    non-serious."""
    if event.severity == "life-threatening":
        return "SeriousIsLifeThreatening", "Is Life-threatening"
    if event.urgency == "emergency" or event.hyaluronidase_units is not None:
        return "Serious", "Serious"
    return "Non-serious", "Non-serious"


def adverse_event(export: Export, event: AdverseEvent, suspects: list[str]) -> dict[str, Any]:
    """`suspects` are the bundle's references to the products given in the event's session
    (its toxin lots and filler devices); none when that session is not in the bundle."""
    kb = export.kb
    names = [kb.symptoms[s].label if s in kb.symptoms else s for s in event.symptoms]
    what = "; ".join(names) or "Adverse event"
    serious, serious_label = seriousness(event)
    outcome, outcome_label = OUTCOME.get(event.outcome, ("unknown", "Unknown"))
    # `event` holds one concept: a single symptom is coded, several are named in its text
    found: dict[str, Any] = (
        concept(kb, CodedKind.SYMPTOM, event.symptoms[0], names[0])
        if len(event.symptoms) == 1
        else {"text": what}
    )
    resource: dict[str, Any] = {
        "resourceType": "AdverseEvent",
        "id": str(event.public_id),
        "meta": meta("AdverseEvent"),
        "text": narrative(
            f"Adverse event from {export.day(event.onset_at)}: {what}.",
            f"Seriousness: {serious_label}. Outcome: {outcome_label}.",
        ),
        "actuality": "actual",
        "event": found,
        "subject": export.patient_ref,
        "date": instant(event.onset_at),
        "detected": instant(event.onset_at),
        "recordedDate": instant(event.created_at),
        "seriousness": {
            "coding": [{"system": SERIOUSNESS_SYSTEM, "code": serious, "display": serious_label}]
        },
        "outcome": {
            "coding": [{"system": OUTCOME_SYSTEM, "code": outcome, "display": outcome_label}]
        },
    }
    if event.severity in SEVERITY:
        code = SEVERITY[event.severity]
        resource["severity"] = {
            "coding": [{"system": SEVERITY_SYSTEM, "code": code, "display": code.capitalize()}]
        }
    if suspects:
        resource["suspectEntity"] = [{"instance": {"reference": s}} for s in suspects]
    if export.for_clinic:
        resource["recorder"] = (
            export.patient_ref
            if event.origin == EventOrigin.PATIENT_LINK
            else {"reference": ref(event.recorded_by.public_id)}
        )
        notes = [f"Urgency on entry: {event.urgency}"]
        if event.actions.strip():
            notes.append(f"Actions: {event.actions}")
        if event.hyaluronidase_units is not None:
            notes.append(f"Hyaluronidase: {event.hyaluronidase_units} U")
        resource["extension"] = [
            {"url": "urn:toxfill:adverse-event-note", "valueString": ". ".join(notes)}
        ]
    return resource

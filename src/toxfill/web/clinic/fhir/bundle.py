"""A patient's record as a FHIR R4 Bundle, for the clinic's export and the patient's own copy.

Built from rows the caller has already read (through `scoping.py`, or the patient link's own
token-scoped reads): this package reads nothing from the database itself beyond the rows'
selected and prefetched relations (and the patient's clinic, once), and writes nothing, so an
export costs the same few queries however long the record. The resources are validated by
`fhir.resources` (its R4B models, which share R4's shape for every resource used here) as they
are built; the suite checks them again with R4's own JSON Schema and invariants.

Resources: Patient; a Practitioner per provider (and, in the clinic's copy, per member who
recorded an event); per session a Procedure, a Medication per toxin lot with a
MedicationAdministration per dose, and a Device per filler syringe; an AdverseEvent per event;
a ServiceRequest per follow-up and an Appointment once one is booked, kept or missed.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle

from toxfill.knowledge import KnowledgeBase, bundled_knowledge
from toxfill.web.clinic.fhir import events as event_resources
from toxfill.web.clinic.fhir import followups as followup_resources
from toxfill.web.clinic.fhir import people, treatment
from toxfill.web.clinic.fhir.codes import SYSTEM, Audience, Export, instant, ref
from toxfill.web.clinic.models import (
    AdverseEvent,
    FollowUp,
    Membership,
    Patient,
    TreatmentSession,
)


def patient_bundle(
    patient: Patient,
    *,
    sessions: Iterable[TreatmentSession],
    followups: Iterable[FollowUp] = (),
    events: Iterable[AdverseEvent] = (),
    audience: Audience = Audience.CLINIC,
    kb: KnowledgeBase | None = None,
    made_at: dt.datetime | None = None,
) -> Bundle:
    """One patient's record as a validated FHIR R4 `collection` Bundle.

    `sessions` should have `provider__user` selected and `points__lot` prefetched (as
    `scoping.sessions` does), and `events` their `recorded_by__user` for the clinic's copy;
    voided sessions, follow-ups and events are left out here, so the caller may pass them
    unfiltered. Every resource's id is its record's public UUID and every reference a
    `urn:uuid:` full URL inside the bundle. The bundle has an identifier of its own, new each
    time, and the moment it was made (`made_at`, now by default).
    """
    export = Export(kb or bundled_knowledge(), audience, patient.clinic, patient)
    kept = [s for s in sessions if s.voided_at is None]
    current_events = [e for e in events if e.voided_at is None]
    members: dict[int, Membership] = {}
    for session in kept:
        members.setdefault(session.provider_id, session.provider)
    if export.for_clinic:
        for event in current_events:
            members.setdefault(event.recorded_by_id, event.recorded_by)

    entries = [people.patient(export)]
    entries += [people.practitioner(export, member) for member in members.values()]
    products: dict[int, list[str]] = {}  # per session: its medications' and devices' references
    medications: set[int] = set()
    for session in kept:
        points = list(session.points.all())
        entries.append(treatment.procedure(export, session, points))
        suspects = products.setdefault(session.pk, [])
        for point in points:
            if treatment.is_toxin(export, point):
                if point.lot_id not in medications:
                    medications.add(point.lot_id)
                    entries.append(treatment.medication(export, point.lot))
                if ref(point.lot.public_id) not in suspects:
                    suspects.append(ref(point.lot.public_id))
                entries.append(treatment.administration(export, session, point))
            else:
                entries.append(treatment.device(export, session, point))
                suspects.append(ref(point.public_id))
    for event in current_events:
        entries.append(
            event_resources.adverse_event(export, event, products.get(event.session_id, []))
        )
    procedures = {s.pk: ref(s.public_id) for s in kept}
    for followup in followups:
        if followup.voided_at is not None:
            continue
        session_ref = procedures.get(followup.session_id) if followup.session_id else None
        entries.append(followup_resources.service_request(export, followup, session_ref))
        visit = followup_resources.appointment(export, followup)
        if visit is not None:
            entries.append(visit)
    made = made_at or timezone.now()
    return Bundle.model_validate(
        {
            "resourceType": "Bundle",
            "type": "collection",
            "meta": {"tag": [{"system": f"{SYSTEM}:audience", "code": audience.value}]},
            # this export's own identity: a receiver tells two exports of one patient apart
            "identifier": {"system": "urn:ietf:rfc:3986", "value": f"urn:uuid:{uuid.uuid4()}"},
            "timestamp": instant(made),
            "entry": [{"fullUrl": ref(r["id"]), "resource": fhir_text(r)} for r in entries],
        }
    )


def fhir_text(value: Any) -> Any:
    """Every string of a resource as FHIR allows one: people's words (notes, names) may hold
    control characters or odd whitespace (a form feed, a line separator) that no FHIR string
    and no XHTML narrative may, so each becomes a plain space; nothing else changes."""
    if isinstance(value, str):
        return "".join(
            " "
            if (c.isspace() and c not in " \r\n\t") or (ord(c) < 32 and c not in "\r\n\t")
            else c
            for c in value
        )
    if isinstance(value, dict):
        return {key: fhir_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [fhir_text(item) for item in value]
    return value


def bundle_json(bundle: Bundle) -> str:
    """The bundle as the JSON document a FHIR server accepts (no nulls, indented)."""
    return json.dumps(json.loads(bundle.model_dump_json(exclude_none=True)), indent=2)


__all__ = ["Audience", "bundle_json", "patient_bundle"]

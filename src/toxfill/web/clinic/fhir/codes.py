"""The code systems, profiles and small shapes every resource of the export shares."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from toxfill.knowledge import KnowledgeBase
from toxfill.knowledge.codes import CodedKind, CodeMapping, CodeSystem
from toxfill.web.clinic.models import Clinic, Patient

SYSTEM = "urn:toxfill"  # toxfill's own code systems below it: urn:toxfill:zone, :product, ...
UCUM = "http://unitsofmeasure.org"
SYSTEM_URIS = {
    CodeSystem.SNOMED: "http://snomed.info/sct",
    CodeSystem.NDC: "http://hl7.org/fhir/sid/ndc",
    CodeSystem.RXNORM: "http://www.nlm.nih.gov/research/umls/rxnorm",
    CodeSystem.V3_ROUTE: "http://terminology.hl7.org/CodeSystem/v3-RouteOfAdministration",
    # HL7 names no URI for the FDA's device product codes; the FDA's own classification
    # database, where each code is defined, stands for the system.
    CodeSystem.FDA_PRODUCT_CODE: (
        "https://www.accessdata.fda.gov/scripts/cdrh/cfdocs/cfPCD/classification.cfm"
    ),
}
IDENTIFIER_TYPE = "http://terminology.hl7.org/CodeSystem/v2-0203"
# The NPI's identifier system, as HL7 names it (https://terminology.hl7.org/NamingSystem-npi.html);
# US Core Practitioner's NPI slice of Practitioner.identifier has this system:
# https://hl7.org/fhir/us/core/StructureDefinition-us-core-practitioner.html
US_NPI = "http://hl7.org/fhir/sid/us-npi"

US_CORE = "http://hl7.org/fhir/us/core/StructureDefinition/"
BASE = "http://hl7.org/fhir/StructureDefinition/"
# The profile each resource follows: US Core where it has one, else the base R4 resource.
PROFILES = {
    "Patient": US_CORE + "us-core-patient",
    "Practitioner": US_CORE + "us-core-practitioner",
    "Procedure": US_CORE + "us-core-procedure",
    "Medication": US_CORE + "us-core-medication",
    "Device": US_CORE + "us-core-implantable-device",
    "MedicationAdministration": BASE + "MedicationAdministration",
    "AdverseEvent": BASE + "AdverseEvent",
    "ServiceRequest": BASE + "ServiceRequest",
    "Appointment": BASE + "Appointment",
}


class Audience(StrEnum):
    """Who the bundle is for.

    CLINIC: everything the clinic holds, with clinical notes, licence expiry dates and who
    recorded each adverse event.
    PATIENT: the patient-held subset (the patient passport): what was given, where, from which
    lot, what happened and what is due, and their providers' licences as
    `licences.licence_shown` decides; no clinical notes, no triage internals, and no record of
    who else in the clinic touched the file.
    """

    CLINIC = "clinic"
    PATIENT = "patient"


@dataclass(frozen=True)
class Export:
    """What every resource builder needs: the knowledge base, the audience, whose record."""

    kb: KnowledgeBase
    audience: Audience
    clinic: Clinic
    patient: Patient

    @property
    def for_clinic(self) -> bool:
        return self.audience is Audience.CLINIC

    @property
    def patient_ref(self) -> dict[str, str]:
        return {"reference": ref(self.patient.public_id)}

    def day(self, moment: dt.datetime) -> str:
        """The date of a moment on the clinic's calendar, as narratives show it."""
        return moment.astimezone(ZoneInfo(self.clinic.time_zone)).date().isoformat()

    def identifier_system(self, kind: str) -> str:
        """The clinic's own namespace for its record IDs of one kind (patient, member)."""
        return f"{SYSTEM}:clinic:{self.clinic.public_id}:{kind}"


def instant(moment: dt.datetime) -> str:
    """A FHIR dateTime to the second: the clock's microseconds say nothing to a receiver and
    repeat in every resource of a health card that must fit one QR code."""
    return moment.isoformat(timespec="seconds")


def ref(public_id: object) -> str:
    return f"urn:uuid:{public_id}"


def coding(kind: str, code: str, display: str) -> dict[str, str]:
    """A coding in one of toxfill's own code systems."""
    return {"system": f"{SYSTEM}:{kind}", "code": code, "display": display}


def standard_coding(mapping: CodeMapping) -> dict[str, str]:
    """A standard code as a Coding: with the code system's name for it when that was read (an
    RxCUI the FDA lists without RxNorm's name goes without one, never with a made-up name)."""
    found = {"system": SYSTEM_URIS[mapping.system], "code": mapping.code}
    return found | {"display": mapping.display} if mapping.display else found


def standard_codings(kb: KnowledgeBase, kind: CodedKind, of: str) -> list[dict[str, str]]:
    """The standard codes the knowledge base confirms for a thing (NDCs, which name one package,
    are the caller's to choose)."""
    return [standard_coding(m) for m in kb.codes_for(kind, of) if m.system is not CodeSystem.NDC]


def concept(kb: KnowledgeBase, kind: CodedKind, code: str, display: str) -> dict[str, Any]:
    """A CodeableConcept: toxfill's code, the standard codes beside it, and its words."""
    codings = [coding(kind.value, code, display), *standard_codings(kb, kind, code)]
    return {"coding": codings, "text": display}


def meta(resource_type: str) -> dict[str, Any]:
    return {"profile": [PROFILES[resource_type]]}


def narrative(*lines: str) -> dict[str, str]:
    """The human-readable text every resource carries (status `generated`: made from the
    resource's own data, nothing more)."""
    body = "".join(f"<p>{html.escape(line)}</p>" for line in lines if line)
    return {"status": "generated", "div": f'<div xmlns="http://www.w3.org/1999/xhtml">{body}</div>'}


def labels(items: Iterable[str]) -> str:
    return ", ".join(dict.fromkeys(items))

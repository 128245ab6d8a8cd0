"""The patient and the clinic's members in the export: Patient and Practitioner."""

from __future__ import annotations

import re
from typing import Any

from toxfill.web.clinic.fhir.codes import (
    BASE,
    IDENTIFIER_TYPE,
    SYSTEM,
    US_NPI,
    Export,
    meta,
    narrative,
)
from toxfill.web.clinic.licences import licence_shown
from toxfill.web.clinic.models import Membership

# The clinic's record holds no sex or gender, so none is invented: US Core Patient requires
# `gender`, and administrative gender's own code for a record that does not know it is
# `unknown`.
GENDER_NOT_RECORDED = "unknown"
# Patient.communication.language is bound to the IETF BCP 47 language tags (FHIR R4,
# https://hl7.org/fhir/R4/valueset-languages.html), displayed in English as the tags' registry does.
LANGUAGE_SYSTEM = "urn:ietf:bcp:47"
LANGUAGE_NAMES = {"en": "English", "es": "Spanish"}


def patient(export: Export) -> dict[str, Any]:
    row = export.patient
    telecom = []
    if row.email:
        telecom.append({"system": "email", "value": row.email})
    if row.phone:
        telecom.append({"system": "phone", "value": row.phone})
    born = row.date_of_birth
    resource: dict[str, Any] = {
        "resourceType": "Patient",
        "id": str(row.public_id),
        "meta": meta("Patient"),
        "text": narrative(
            f"{row.given_name} {row.family_name}, born {born.isoformat()}.",
            f"Patient record {row.public_id} at {export.clinic.name}.",
            "Sex and gender are not recorded.",
        ),
        "identifier": [
            {
                "use": "usual",
                "type": {"coding": [{"system": IDENTIFIER_TYPE, "code": "MR"}]},
                "system": export.identifier_system("patient"),
                "value": str(row.public_id),
            }
        ],
        "name": [{"family": row.family_name, "given": [row.given_name]}],
        "gender": GENDER_NOT_RECORDED,
        "birthDate": born.isoformat(),
    }
    if telecom:
        resource["telecom"] = telecom
    if row.preferred_language:  # recorded: a patient registered before it was asked has none
        resource["communication"] = [_preferred_language(row.preferred_language)]
    return resource


def _preferred_language(code: str) -> dict[str, Any]:
    coding = {"system": LANGUAGE_SYSTEM, "code": code, "display": LANGUAGE_NAMES[code]}
    return {"language": {"coding": [coding]}, "preferred": True}


def practitioner(export: Export, member: Membership) -> dict[str, Any]:
    """A member who treated the patient (or, in the clinic's copy, recorded an event), with the
    licence facts `licence_shown` lets this audience see."""
    user = member.user
    name: dict[str, Any] = {"text": member.display_name}
    if user.last_name:
        name["family"] = user.last_name
    if user.first_name:
        name["given"] = [user.first_name]
    licence = licence_shown(member, for_patient=not export.for_clinic)
    resource: dict[str, Any] = {
        "resourceType": "Practitioner",
        "id": str(member.public_id),
        # US Core asks for a family name; a member known by a username alone has none
        "meta": meta("Practitioner") if user.last_name else {"profile": [BASE + "Practitioner"]},
        "text": narrative(
            f"{member.display_name} at {export.clinic.name}.",
            f"Licence: {licence.text}." if licence.text else "No licence recorded.",
        ),
        "identifier": [
            {"system": export.identifier_system("member"), "value": str(member.public_id)}
        ],
        "name": [name],
    }
    if licence.npi:  # US Core Practitioner: the NPI, under the system HL7 names for it
        resource["identifier"].append({"system": US_NPI, "value": licence.npi})
    if licence.licensed:
        qualification: dict[str, Any] = {"code": {"text": licence.kind or "Licence"}}
        if licence.number:
            qualification["identifier"] = [
                {
                    "system": f"{SYSTEM}:licence:{_uri_part(licence.jurisdiction)}",
                    "value": licence.number,
                }
            ]
        if licence.expires:
            qualification["period"] = {"end": licence.expires.isoformat()}
        if licence.jurisdiction:
            qualification["issuer"] = {"display": licence.jurisdiction}
        resource["qualification"] = [qualification]
    return resource


def _uri_part(text: str) -> str:
    """A jurisdiction as typed ("New York") as a piece of a URI ("New-York")."""
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-") or "unknown"

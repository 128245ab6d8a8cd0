"""The CapabilityStatement: what this FHIR server does, for a client that asks `metadata`.

It is the same everywhere (the server root and every clinic's base) except for the base URL it
names, and says nothing about any clinic: it is answered without a token or a query.
"""

from __future__ import annotations

from typing import Any

from toxfill import __version__
from toxfill.web.clinic.fhir_api.formats import FORMATS, narrative

# When the statement last changed: FHIR requires a date (CapabilityStatement.date).
CHANGED = "2026-12-07"
EVERYTHING = "http://hl7.org/fhir/OperationDefinition/Patient-everything"

SECURITY = (
    "Send `Authorization: Bearer tfx_...`: a personal API token with the `fhir-read` scope, "
    "made from a signed-in session (`POST /api/v1/clinic/tokens` with "
    '`{"name": "...", "scope": "fhir-read"}`), of a person who works at the clinic named in the '
    "base URL (`/fhir/r4/clinic/{clinic}`). Reading a Patient needs a role that sees patients, "
    "`$everything` one that sees treatments. No token or an unknown, expired or revoked one is "
    "401; a token of another scope, or a role that may not, is 403; a patient of another "
    "clinic is 404, as a missing one. Every read is written to the clinic's access log."
)


def capability_statement(base_url: str) -> dict[str, Any]:
    """The statement for the server at `base_url` (kind `instance`: this installation)."""
    return {
        "resourceType": "CapabilityStatement",
        "text": {
            "status": "generated",
            "div": narrative(
                "toxfill's read-only FHIR R4 server: read a Patient, and a patient's whole "
                "record with Patient $everything, with a fhir-read token."
            ),
        },
        "name": "ToxfillFhirServer",
        "title": "toxfill read-only FHIR R4 API",
        "status": "active",
        "experimental": False,
        "date": CHANGED,
        "publisher": "toxfill",
        "description": "A clinic's treatment records (botulinum toxin and dermal filler "
        "sessions, follow-ups, adverse events), read-only. Each clinic is its own base: "
        "`/fhir/r4/clinic/{clinic}`.",
        "kind": "instance",
        "software": {"name": "toxfill", "version": __version__},
        "implementation": {
            "description": "toxfill clinic records, read-only",
            "url": base_url,
        },
        "fhirVersion": "4.0.1",
        "format": ["json"],
        "rest": [
            {
                "mode": "server",
                "documentation": "Read-only: any write (POST, PUT, PATCH, DELETE) is 405. "
                f"Answers are JSON (`_format` may be {', '.join(sorted(FORMATS))}); "
                "anything else is 406.",
                "security": {
                    "cors": False,
                    "service": [{"text": "Bearer token"}],  # none of FHIR's codes is one
                    "description": SECURITY,
                },
                "resource": [
                    {
                        "type": "Patient",
                        "interaction": [{"code": "read"}],
                        "versioning": "versioned",
                        "readHistory": False,
                        "updateCreate": False,
                        "operation": [
                            {
                                "name": "everything",
                                "definition": EVERYTHING,
                                "documentation": "The patient's record at the clinic "
                                "(sessions, injection points, follow-ups, adverse events and "
                                "the practitioners who gave them) as one searchset Bundle: "
                                "the Patient is the match, the rest are included. No paging "
                                "and no parameters: the whole record in one answer.",
                            }
                        ],
                    }
                ],
            }
        ],
    }

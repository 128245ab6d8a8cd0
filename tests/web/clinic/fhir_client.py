"""What the FHIR API tests share: a FHIR client's requests (a GET with a bearer token), the
OperationOutcome of a refusal, and the check against the official FHIR R4 JSON Schema."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tests.fhir_schema import r4_schema
from tests.web.clinic.people import https_client

from toxfill.web.clinic.actions.tokens import create_token
from toxfill.web.clinic.models import Membership, Patient

FHIR_JSON = "application/fhir+json; fhirVersion=4.0"
# Shipped by another change: until then the schema checks skip, saying so.
SCHEMA = Path(__file__).resolve().parents[2] / "fixtures" / "fhir" / "fhir.schema.json"


def origin_of(answer: Any) -> str:
    """Where the test client sent the request (scheme and host), as the server saw it."""
    origin: str = answer.wsgi_request.build_absolute_uri("/")[:-1]
    return origin


def fhir_base(member: Membership) -> str:
    return f"/fhir/r4/clinic/{member.clinic.public_id}"


def fhir_token(member: Membership, scope: str = "fhir-read") -> str:
    _, secret = create_token(member.user, name="ehr", scope=scope)
    return secret


def fhir_get(url: str, secret: str | None = None, **headers: str) -> Any:
    """What a FHIR client sends: a GET, with the token as a bearer token."""
    if secret is not None:
        headers["Authorization"] = f"Bearer {secret}"
    return https_client().get(url, headers=headers)


def read_patient(member: Membership, patient: Patient) -> Any:
    return fhir_get(f"{fhir_base(member)}/Patient/{patient.public_id}", fhir_token(member))


def read_everything(member: Membership, patient: Patient) -> Any:
    return fhir_get(
        f"{fhir_base(member)}/Patient/{patient.public_id}/$everything", fhir_token(member)
    )


def outcome_issue(answer: Any) -> dict[str, Any]:
    """The one issue of an OperationOutcome answer."""
    assert answer["Content-Type"] == FHIR_JSON
    outcome = answer.json()
    assert outcome["resourceType"] == "OperationOutcome"
    (issue,) = outcome["issue"]
    assert issue["severity"] == "error"
    found: dict[str, Any] = issue
    return found


def references_in(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "reference" and isinstance(value, str):
                yield value
            else:
                yield from references_in(value)
    elif isinstance(node, list):
        for item in node:
            yield from references_in(item)


# --- the official FHIR R4 JSON Schema (tests/fhir_schema.py) ---------------------------------


@functools.cache
def _validator(resource_type: str) -> Any:
    """The schema's definition of one resource type (its root is a oneOf of them all, whose
    errors say only that a document matched none)."""
    import jsonschema

    schema = r4_schema()
    schema["oneOf"] = [{"$ref": f"#/definitions/{resource_type}"}]
    return jsonschema.Draft6Validator(schema)


def assert_meets_the_fhir_schema(document: dict[str, Any]) -> None:
    """Valid against the official R4 JSON Schema's definition of its resource type."""
    from jsonschema.exceptions import best_match

    errors = [best_match([e]) for e in _validator(document["resourceType"]).iter_errors(document)]
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)

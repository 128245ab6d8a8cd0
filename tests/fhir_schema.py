"""The official FHIR R4 JSON Schema the suite checks every FHIR document against (the export,
the FHIR API, the health cards' element types): one copy, tests/fixtures/fhir/fhir.schema.json.gz
(see the README there). toxfill builds its FHIR with fhir.resources and never reads this."""

from __future__ import annotations

import copy
import functools
import gzip
import json
from pathlib import Path
from typing import Any

SCHEMA = Path(__file__).parent / "fixtures" / "fhir" / "fhir.schema.json.gz"
# The copy's FHIRVersion lists stop at 4.0.0: the schema was generated before R4's technical
# correction 4.0.1, whose own code system lists it (hl7.org/fhir/R4/codesystem-FHIR-version.html)
# and which is the version toxfill, like every R4 server, declares. The one change made to it.
R4_TECHNICAL_CORRECTION = "4.0.1"


@functools.cache
def _loaded() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(gzip.decompress(SCHEMA.read_bytes()))
    for definition in schema["definitions"].values():
        for element in definition.get("properties", {}).values():
            versions = element.get("enum")
            if versions and "4.0.0" in versions and R4_TECHNICAL_CORRECTION not in versions:
                versions.append(R4_TECHNICAL_CORRECTION)
    return schema


def r4_schema() -> dict[str, Any]:
    """A fresh copy of the schema (callers adapt it to the definition they check)."""
    return copy.deepcopy(_loaded())

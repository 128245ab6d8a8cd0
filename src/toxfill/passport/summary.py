"""What a verified passport holds, in words: the patient and each treatment given.

A good signature proves who signed the bundle, not that it is well-formed FHIR: an issuer may
sign any JSON. So every value is read for the shape FHIR gives it and anything else is left
out, never trusted to be a string, a list or an object.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from toxfill.passport import VerifiedPassport

MAX_TEXT = 200  # characters of any one value shown
GIVEN_KINDS = ("MedicationAdministration", "Procedure")


@dataclass(frozen=True)
class Given:
    kind: str
    what: str
    when: str  # YYYY-MM-DD as the issuer wrote it, or ""
    dose: str


@dataclass(frozen=True)
class PassportSummary:
    patient: str
    born: str
    given: tuple[Given, ...]
    count: int  # resources in the bundle


def summarise(card: VerifiedPassport) -> PassportSummary:
    people = card.resources("Patient")
    person = people[0] if people else {}
    given = tuple(
        _given(kind, resource) for kind in GIVEN_KINDS for resource in card.resources(kind)
    )
    return PassportSummary(
        patient=_name(person.get("name")),
        born=_text(person.get("birthDate"))[:10],
        given=given,
        count=sum(card.kinds().values()),
    )


def _given(kind: str, resource: Mapping[str, Any]) -> Given:
    concept = _object(resource.get("medicationCodeableConcept")) or _object(resource.get("code"))
    codings = _list(concept.get("coding"))
    coding = _object(codings[0] if codings else None)
    # A card minified as the spec asks keeps neither text nor display: then the code says it.
    what = _text(concept.get("text")) or _text(coding.get("display")) or _text(coding.get("code"))
    when = _text(resource.get("effectiveDateTime")) or _text(resource.get("performedDateTime"))
    dose = _object(_object(resource.get("dosage")).get("dose"))
    return Given(
        kind=kind,
        what=what,
        when=when[:10],
        dose=f"{_number(dose.get('value'))} {_text(dose.get('unit'))}".strip(),
    )


def _name(names: object) -> str:
    first = _object(_list(names)[0] if _list(names) else None)
    parts = [_text(part) for part in _list(first.get("given"))]
    return " ".join(p for p in [*parts, _text(first.get("family"))] if p)[:MAX_TEXT]


def _number(value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return ""
    try:  # Python's JSON reads NaN and Infinity, and integers too large for a float
        return f"{value:g}" if math.isfinite(value) else ""
    except OverflowError:
        return ""


def _object(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _text(value: object) -> str:
    return value[:MAX_TEXT] if isinstance(value, str) else ""

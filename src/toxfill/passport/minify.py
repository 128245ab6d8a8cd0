"""A FHIR bundle made as small as a SMART Health Card asks, and without contact details.

The SMART Health Cards spec (https://spec.smarthealth.cards/#health-cards-are-compact) asks a
card's bundle to have no `Resource.id`, no `Resource.meta` (but `meta.security`), no
`DomainResource.text`, no `CodeableConcept.text`, no `Coding.display`, and `resource:N` as
each `Bundle.entry.fullUrl` and `Reference.reference`. Which JSON objects are CodeableConcepts,
Codings or References depends on the element's FHIR type, not its name (a HumanName and an
Annotation have a `text` too), so the bundle is walked with the types of the FHIR R4 model
classes of `fhir.resources`. An element that loses one of its required parts this way (a
`qualification` whose code was text only) is left out whole, never left half-made.

Contact details (`telecom`, `address`, `contact`, `photo`) leave no resource: a card or link
is shown to strangers, and who the patient is needs only the name and birth date. Nor do the
clinic's own record numbers (`identifier`), which mean nothing to whoever scans the card and
would take a tenth of one QR code. Nor does the language the patient reads
(`communication`): the card's reader sees its own screen.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping
from functools import cache
from typing import Any

from fhir.resources.R4B import get_fhir_model_class

CONTACT_DETAILS = ("telecom", "address", "contact", "photo")
_REMOVED = object()  # an element that must go (a required part of it went)


def minified_bundle(bundle: Mapping[str, Any]) -> dict[str, Any]:
    """The bundle as a SMART Health Card carries it: minified per the spec, no contact
    details, only `resourceType`, `type` and `entry` at the top (the card's `nbf` says when)."""
    raw = bundle.get("entry")
    entries = [e for e in raw if _is_entry(e)] if isinstance(raw, list) else []
    short: dict[str, str] = {}
    for n, entry in enumerate(entries):
        resource = entry["resource"]
        if isinstance(entry.get("fullUrl"), str):
            short[entry["fullUrl"]] = f"resource:{n}"
        if isinstance(resource.get("id"), str) and isinstance(resource.get("resourceType"), str):
            short[f"{resource['resourceType']}/{resource['id']}"] = f"resource:{n}"
    return {
        "resourceType": "Bundle",
        "type": bundle.get("type", "collection"),
        "entry": [
            {"fullUrl": f"resource:{n}", "resource": _resource(entry["resource"], short)}
            for n, entry in enumerate(entries)
        ],
    }


def without_contact_details(bundle: Mapping[str, Any]) -> dict[str, Any]:
    """The bundle as it is (ids, narratives and displays kept), less each resource's contact
    details; a resource that had some loses its narrative too, which may repeat them."""
    entries = bundle.get("entry")
    if not isinstance(entries, list):
        return dict(bundle)
    kept = []
    for entry in entries:
        resource = entry.get("resource") if isinstance(entry, Mapping) else None
        if not isinstance(resource, Mapping) or not any(k in resource for k in CONTACT_DETAILS):
            kept.append(entry)
            continue
        clean = {k: v for k, v in resource.items() if k not in (*CONTACT_DETAILS, "text")}
        kept.append({**entry, "resource": clean})
    return {**bundle, "entry": kept}


def _is_entry(entry: object) -> typing.TypeGuard[Mapping[str, Any]]:
    return isinstance(entry, Mapping) and isinstance(entry.get("resource"), Mapping)


def _resource(resource: Mapping[str, Any], short: Mapping[str, str]) -> dict[str, Any]:
    """One resource minified: no id, narrative, record numbers, contact details, or meta but
    its security."""
    kind = resource.get("resourceType")
    model = kind if isinstance(kind, str) and _model(kind) is not None else None
    out: dict[str, Any] = {}
    for key, value in resource.items():
        if key in ("id", "text", "identifier", "communication", *CONTACT_DETAILS):
            continue
        if key == "meta":
            security = value.get("security") if isinstance(value, Mapping) else None
            if security:
                out["meta"] = {"security": _element(security, "Coding", short)}
            continue
        kept = _element(value, _field_type(model, key), short) if key != "resourceType" else value
        if kept is not _REMOVED and not _empty(kept):
            out[key] = kept
    return out


def _element(value: Any, kind: str | None, short: Mapping[str, str]) -> Any:
    """A value of FHIR type `kind` (None: a primitive, or a type the models do not know)."""
    if isinstance(value, list):
        items = [_element(item, kind, short) for item in value]
        return [i for i in items if i is not _REMOVED and not _empty(i)]
    if not isinstance(value, Mapping):
        return value
    if kind == "Resource" or (kind is None and isinstance(value.get("resourceType"), str)):
        return _resource(value, short)
    model = kind if kind and _model(kind) is not None else None
    out: dict[str, Any] = {}
    for key, item in value.items():
        if (kind == "CodeableConcept" and key == "text") or (kind == "Coding" and key == "display"):
            continue
        if kind == "Reference" and key == "reference":
            # Outside the bundle there is no resource:N to point to: the reference goes, and
            # its identifier or display, if any, says what it was.
            if isinstance(item, str) and item in short:
                out[key] = short[item]
            continue
        kept = _element(item, _field_type(model, key), short)
        if kept is not _REMOVED and not _empty(kept):
            out[key] = kept
    if model is not None and any(k in value and k not in out for k in _required(model)):
        return _REMOVED
    return out


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


@cache
def _model(kind: str) -> type[Any] | None:
    try:
        return get_fhir_model_class(kind)
    except (KeyError, ValueError):
        return None


@cache
def _fields(kind: str) -> dict[str, Any]:
    model = _model(kind)
    fields = model.model_fields.items() if model is not None else ()
    return {field.alias or name: field for name, field in fields}


@cache
def _required(kind: str) -> frozenset[str]:
    """The JSON names of the elements the type cannot be without (cardinality 1..)."""
    return frozenset(
        alias
        for alias, field in _fields(kind).items()
        if field.is_required() or (field.json_schema_extra or {}).get("element_required") is True
    )


@cache
def _field_type(kind: str | None, key: str) -> str | None:
    """The FHIR type name of the element `key` of type `kind` ('CodeableConcept', 'Reference',
    'ProcedurePerformer', 'Resource', ...), or None for a primitive or an unknown element."""
    if kind is None:
        return None
    field = _fields(kind).get(key)
    return _type_name(field.annotation) if field is not None else None


def _type_name(annotation: Any) -> str | None:
    # The models annotate a complex element as Optional[List[<abc.XType>]] or <abc.XType>:
    # an abstract class named after the FHIR type with "Type" after it.
    if isinstance(annotation, type) and annotation.__name__.endswith("Type"):
        name = annotation.__name__.removesuffix("Type")
        return None if name.startswith("FHIRPrimitive") else name
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType, list, typing.Annotated):
        for arg in typing.get_args(annotation):
            if (found := _type_name(arg)) is not None:
                return found
    return None

"""The export's `collection` Bundle as a FHIR server's answers: the Patient of a read, and the
`searchset` Bundle of Patient $everything.

A server names each resource by its own address, `[base]/[type]/[id]` (Bundle.entry.fullUrl),
and a reference between them as `[type]/[id]`, resolved against that base (references.html).
The export, a file, names them `urn:uuid:...` instead; here each such reference to a resource
in the bundle becomes its `[type]/[id]`. Nothing else in the resources is changed, so what they
say stays what the export says (web/clinic/fhir). Pure: no database, no request.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

Document = dict[str, Any]


def _local_names(entries: list[Document]) -> dict[str, str]:
    """Each entry's fullUrl in the export, by the `[type]/[id]` that names it here."""
    names: dict[str, str] = {}
    for entry in entries:
        resource = entry.get("resource", {})
        if "id" in resource and "fullUrl" in entry:
            names[entry["fullUrl"]] = f"{resource['resourceType']}/{resource['id']}"
    return names


def _renamed(node: Any, names: Mapping[str, str]) -> Any:
    """A copy of the resource with every `reference` to a bundled resource renamed."""
    if isinstance(node, dict):
        return {
            key: names.get(value, value)
            if key == "reference" and isinstance(value, str)
            else _renamed(value, names)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_renamed(item, names) for item in node]
    return node


def _versioned(resource: Document, version: int) -> Document:
    """The Patient with the version a read's ETag names (meta.versionId), whatever meta the
    export gave it kept."""
    return {**resource, "meta": {**resource.get("meta", {}), "versionId": str(version)}}


def _is_patient(resource: Document, patient_id: str) -> bool:
    return resource.get("resourceType") == "Patient" and resource.get("id") == patient_id


def patient_resource(collection: Document, *, patient_id: str, version: int) -> Document:
    """The Patient of a read: the export's Patient entry, its references renamed."""
    entries: list[Document] = collection.get("entry", [])
    names = _local_names(entries)
    for entry in entries:
        if _is_patient(entry["resource"], patient_id):
            return _versioned(_renamed(entry["resource"], names), version)
    raise LookupError(f"the bundle holds no Patient {patient_id}")


def everything(
    collection: Document,
    *,
    base: str,
    self_url: str,
    patient_id: str,
    version: int,
    bundle_id: str,
    now: dt.datetime,
) -> Document:
    """The `searchset` Bundle of Patient $everything: every entry of the export, at its own
    address under the server's `base`; the Patient is the match
    (`search.mode` match), the rest are included with it (`include`)."""
    entries: list[Document] = collection.get("entry", [])
    names = _local_names(entries)
    found: list[Document] = []
    for entry in entries:
        resource = _renamed(entry["resource"], names)
        match = _is_patient(resource, patient_id)
        local = names.get(entry.get("fullUrl", ""))
        found.append(
            {
                # An entry without an id cannot have an address here: it keeps its own.
                "fullUrl": f"{base}/{local}" if local else entry["fullUrl"],
                "resource": _versioned(resource, version) if match else resource,
                "search": {"mode": "match" if match else "include"},
            }
        )
    return {
        "resourceType": "Bundle",
        "id": bundle_id,
        "meta": {"lastUpdated": _instant(now)},
        "type": "searchset",
        # Bundle.total counts the matches, not what was included with them (bundle.html).
        "total": sum(1 for entry in found if entry["search"]["mode"] == "match"),
        "link": [{"relation": "self", "url": self_url}],
        "entry": found,
    }


def _instant(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")

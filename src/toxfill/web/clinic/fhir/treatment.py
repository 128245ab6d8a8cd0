"""A treatment session in the export: a Procedure, a Medication per toxin lot with a
MedicationAdministration per dose, and a Device per filler syringe placed."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from toxfill.knowledge.codes import CodedKind, CodeSystem
from toxfill.knowledge.models import Product
from toxfill.web.clinic.fhir.codes import (
    UCUM,
    Export,
    concept,
    instant,
    labels,
    meta,
    narrative,
    ref,
    standard_coding,
)
from toxfill.web.clinic.fhir.udi import udi_carrier
from toxfill.web.clinic.models import InjectionPoint, ProductLot, TreatmentSession


def is_toxin(export: Export, point: InjectionPoint) -> bool:
    return export.kb.options[export.kb.product(point.product).option].kind == "toxin"


def zone_label(export: Export, zone: str) -> str:
    found = export.kb.zones.get(zone)
    return found.label if found else zone


def procedure(
    export: Export, session: TreatmentSession, points: Sequence[InjectionPoint]
) -> dict[str, Any]:
    kb = export.kb
    options = list(dict.fromkeys(kb.product(p.product).option for p in points))
    zones = list(dict.fromkeys(p.zone for p in points))
    what = labels(kb.options[o].label for o in options) or "Treatment session"
    where = labels(zone_label(export, z) for z in zones)
    day = export.day(session.performed_at)
    codings = [
        c for o in options for c in concept(kb, CodedKind.OPTION, o, kb.options[o].label)["coding"]
    ]
    resource: dict[str, Any] = {
        "resourceType": "Procedure",
        "id": str(session.public_id),
        "meta": meta("Procedure"),
        "text": narrative(
            f"{what} on {day} by {session.provider.display_name}.",
            f"Treated: {where}." if where else "",
        ),
        "status": "completed",
        "code": {"coding": codings, "text": what} if codings else {"text": what},
        "subject": export.patient_ref,
        "performedDateTime": instant(session.performed_at),
        "performer": [{"actor": {"reference": ref(session.provider.public_id)}}],
    }
    if zones:
        resource["bodySite"] = [
            concept(kb, CodedKind.ZONE, z, zone_label(export, z)) for z in zones
        ]
    devices = [p for p in points if not is_toxin(export, p)]
    if devices:
        action = concept(kb, CodedKind.DEVICE_ACTION, "implanted", "Implanted")
        resource["focalDevice"] = [
            {"action": action, "manipulated": {"reference": ref(p.public_id)}} for p in devices
        ]
    lots = dict.fromkeys(p.lot.public_id for p in points if is_toxin(export, p))
    if lots:
        resource["usedReference"] = [{"reference": ref(lot)} for lot in lots]
    if export.for_clinic and session.notes.strip():
        resource["note"] = [{"text": session.notes}]
    return resource


def medication(export: Export, lot: ProductLot) -> dict[str, Any]:
    """A toxin lot: the product, the package's NDC when the lot's GTIN carries a known one, and
    the lot number and expiry as its batch."""
    product = export.kb.product(lot.product)
    code = concept(export.kb, CodedKind.PRODUCT, product.id, product.label)
    code["coding"].extend(_ndc(export, product, lot.gtin))
    return {
        "resourceType": "Medication",
        "id": str(lot.public_id),
        "meta": meta("Medication"),
        "text": narrative(
            f"{product.label}"
            + (f" ({product.generic_name})" if product.generic_name else "")
            + f", lot {lot.lot_number}, expires {lot.expires_on.isoformat()}."
        ),
        "code": code,
        "batch": {"lotNumber": lot.lot_number, "expirationDate": lot.expires_on.isoformat()},
    }


def _ndc(export: Export, product: Product, gtin: str) -> list[dict[str, str]]:
    """The NDC a US drug's GTIN carries ("003" + its ten digits + a check digit), when the
    knowledge base confirms it for this product: a package is never guessed."""
    if len(gtin) != 14 or not gtin.startswith("003"):
        return []
    return [
        standard_coding(m)
        for m in export.kb.codes_for(CodedKind.PRODUCT, product.id, CodeSystem.NDC)
        if m.ndc_digits == gtin[3:13]
    ]


def administration(
    export: Export, session: TreatmentSession, point: InjectionPoint
) -> dict[str, Any]:
    """One toxin dose. Units are the product's own (units of one toxin are not another's), so
    the quantity's unit is a UCUM annotation naming the product, never international units."""
    kb = export.kb
    product = kb.product(point.product)
    zone = zone_label(export, point.zone)
    dose: dict[str, Any] = {
        "site": concept(kb, CodedKind.ZONE, point.zone, zone),
        "dose": toxin_units(point.dose, product),
    }
    route = kb.codes_for(CodedKind.DEPTH, point.depth) if point.depth else ()
    if route:
        dose["route"] = {"coding": [standard_coding(m) for m in route], "text": point.depth}
    elif point.depth:
        dose["route"] = {"text": point.depth}
    if point.dilution_ml:
        dose["text"] = f"Vial reconstituted with {point.dilution_ml} mL of diluent."
    return {
        "resourceType": "MedicationAdministration",
        "id": str(point.public_id),
        "meta": meta("MedicationAdministration"),
        "text": narrative(
            f"{point.dose} units of {product.label} at {zone} on "
            f"{export.day(session.performed_at)}.",
            f"Lot {point.lot.lot_number}.",
        ),
        "status": "completed",
        "medicationReference": {"reference": ref(point.lot.public_id)},
        "subject": export.patient_ref,
        "effectiveDateTime": instant(session.performed_at),
        "performer": [{"actor": {"reference": ref(session.provider.public_id)}}],
        "partOf": [{"reference": ref(session.public_id)}],
        "dosage": dose,
    }


def toxin_units(dose: Decimal, product: Product) -> dict[str, Any]:
    return {
        "value": dose,
        "unit": f"units of {product.label}",
        "system": UCUM,
        "code": f"{{{product.id}-unit}}",
    }


def device(export: Export, session: TreatmentSession, point: InjectionPoint) -> dict[str, Any]:
    """A filler syringe placed in the session: an implanted device with its UDI, lot and expiry."""
    product = export.kb.product(point.product)
    zone = zone_label(export, point.zone)
    lot = point.lot
    resource: dict[str, Any] = {
        "resourceType": "Device",
        "id": str(point.public_id),
        "meta": meta("Device"),
        "text": narrative(
            f"{product.label}: {point.dose} mL at {zone} on {export.day(session.performed_at)}.",
            f"Lot {lot.lot_number}, expires {lot.expires_on.isoformat()}.",
        ),
        "lotNumber": lot.lot_number,
        "expirationDate": lot.expires_on.isoformat(),
        "deviceName": [{"name": product.label, "type": "manufacturer-name"}],
        "type": concept(export.kb, CodedKind.PRODUCT, product.id, product.label),
        "patient": export.patient_ref,
        "note": [{"text": f"{point.dose} mL at {zone}"}],
    }
    carrier = udi_carrier(lot)
    if carrier:
        resource["udiCarrier"] = [carrier]
    if product.maker:
        resource["manufacturer"] = product.maker
    if lot.serial:
        resource["serialNumber"] = lot.serial
    return resource

"""Sections D (suspect products: drugs, here the toxins) and E (suspect medical device, here
the fillers) of Form FDA 3500, one group of boxes per product and lot used in the session.

What the knowledge base and the lot hold is filled in: name, maker, lot, expiry, dose at each
site, route as charted, indication from the concern treated, and for a device its UDI, verbatim
from the scanned label when there is one. What toxfill does not hold (a vial's strength, a
maker's city, a device's product code and model) is left to the reporter, never guessed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

import biip

from toxfill.knowledge.base import KnowledgeBase
from toxfill.knowledge.models import OptionKind, Product
from toxfill.labels import GROUP_SEPARATOR
from toxfill.records.medwatch.form import Entry, Group
from toxfill.records.medwatch.inputs import ReportedLot, ReportedPoint, ReportingPerson

COMMON_FILLER_NAME = "Dermal filler"


@dataclass(frozen=True)
class UsedProduct:
    """One product and lot of the session, with every point it was injected at."""

    product_id: str
    product: Product | None  # None: the knowledge base no longer knows the ID
    kind: OptionKind | None
    lot: ReportedLot
    points: tuple[ReportedPoint, ...]

    @property
    def is_device(self) -> bool:
        return self.kind is OptionKind.FILLER

    @property
    def name(self) -> str:
        return self.product.label if self.product else self.product_id


def used_products(kb: KnowledgeBase, points: Sequence[ReportedPoint]) -> tuple[UsedProduct, ...]:
    """The session's products, one per product and lot, in the order first charted."""
    grouped: dict[tuple[str, str], list[ReportedPoint]] = {}
    for point in points:
        grouped.setdefault((point.product, point.lot.lot_number), []).append(point)
    used = []
    for (product_id, _), charted in grouped.items():
        product = kb.products.get(product_id)
        option = kb.options.get(product.option) if product else None
        used.append(
            UsedProduct(
                product_id,
                product,
                option.kind if option else None,
                charted[0].lot,
                tuple(charted),
            )
        )
    return tuple(used)


def amount(kb: KnowledgeBase, used: UsedProduct) -> str:
    """The total and each site's dose: "30 U in all: Glabella 20 U; Forehead 10 U"."""
    units = {p.unit for p in used.points}
    sites = "; ".join(f"{_zone(kb, p.zone)} {_number(p.dose)} {p.unit}" for p in used.points)
    if len(units) != 1:
        return sites
    total = sum((p.dose for p in used.points), Decimal(0))
    return f"{_number(total)} {units.pop()} in all: {sites}"


def drug_group(kb: KnowledgeBase, used: UsedProduct, number: int, treated_on: dt.date) -> Group:
    """The boxes of section D for a toxin (or a product toxfill cannot place)."""
    product = used.product
    return Group(
        f"Suspect product #{number}: {used.name}",
        (
            _drug_name(used),
            Entry(
                "",
                "Strength",
                to_add="the vial's strength as its label prints it (e.g. 100 units per vial)",
            ),
            _maker(product, "Manufacturer/compounder", city=False),
            _ndc(kb, used),
            Entry("", "Lot #", used.lot.lot_number),
            Entry("", "Dose or amount", amount(kb, used) + _dilution(used.points)),
            Entry("", "Frequency", "Once: one treatment session"),
            _route(kb, used.points),
            Entry("", "Dates of use", f"{treated_on.isoformat()} (one day)"),
            _indication(kb, used.points),
            Entry("", "Expiration date", used.lot.expires_on.isoformat()),
            Entry(
                "",
                "Event abated after use stopped or dose reduced?",
                "Doesn't apply: given once, an injected dose cannot be stopped",
            ),
            Entry(
                "",
                "Event reappeared after reintroduction?",
                to_add="Yes, No or Doesn't apply: Yes only if the product was given again and "
                "the event came back",
            ),
        ),
    )


def device_group(
    used: UsedProduct, number: int, treated_on: dt.date, operator: ReportingPerson
) -> Group:
    """The boxes of section E for a filler: a medical device, implanted on the session day."""
    product = used.product
    generic = f" ({product.generic_name})" if product and product.generic_name else ""
    lot = used.lot
    return Group(
        f"Suspect medical device #{number}: {used.name}",
        (
            Entry("", "Brand name", used.name),
            Entry("", "Common device name", COMMON_FILLER_NAME + generic),
            Entry(
                "",
                "Procode",
                to_add="the FDA product code, from the FDA's device classification database "
                "or the device's GUDID record",
            ),
            _maker(product, "Manufacturer name, city and state", city=True),
            Entry("", "Model # and catalog #", to_add="as the label or carton prints them"),
            Entry("", "Lot #", lot.lot_number),
            Entry(
                "",
                "Serial #",
                lot.serial,
                to_add="" if lot.serial else "if the label prints one; toxfill has none",
            ),
            Entry("", "Expiration date", lot.expires_on.isoformat()),
            _udi(lot),
            Entry(
                "",
                "Operator of device",
                f"Health professional ({_person(operator)})",
            ),
            Entry("", "If implanted, give date", treated_on.isoformat()),
            Entry(
                "",
                "If explanted, give date",
                to_add="only if the filler was removed; dissolving it with hyaluronidase goes in "
                "B5",
            ),
            Entry(
                "",
                "Is this a single-use device that was reprocessed and reused on a patient?",
                to_add="filler syringes are for one use: answer No unless this one was "
                "reprocessed (then give the reprocessor's name and address)",
            ),
        ),
    )


def udi_text(scanned: str) -> str:
    """The UDI as the label's barcode holds it, in its printed form: the scan's own element
    strings, in its order, each value exactly as scanned ("(17)261100" stays day 00). What
    is not a GS1 element string is given verbatim, its separators shown as <GS>."""
    try:
        message = biip.parse(scanned).gs1_message
    except biip.ParseError:
        message = None
    if message is not None:
        return message.as_hri()
    return scanned.replace(GROUP_SEPARATOR, "<GS>")


def _udi(lot: ReportedLot) -> Entry:
    label = "Unique Identifier (UDI) #"
    if lot.scanned:
        return Entry("", label, udi_text(lot.scanned))
    if lot.gtin:
        return Entry(
            "",
            label,
            f"device identifier (01){lot.gtin}",
            to_add="the rest of the UDI as the label prints it (the lot was typed, not scanned)",
        )
    return Entry("", label, to_add="copy it from the label: the lot was typed, not scanned")


def _drug_name(used: UsedProduct) -> Entry:
    label = "Name"
    product = used.product
    if product is None:
        return Entry(
            "",
            label,
            used.product_id,
            to_add="toxfill's knowledge base no longer knows this product: give its name as "
            "the label prints it, and use section E instead if it is a device",
        )
    generic = f" ({product.generic_name})" if product.generic_name else ""
    return Entry("", label, product.label + generic)


def _maker(product: Product | None, label: str, *, city: bool) -> Entry:
    where = "its city and state, as the label prints them" if city else ""
    if product is None or not product.maker:
        return Entry("", label, to_add="as the label prints it" + (f"; {where}" if city else ""))
    return Entry("", label, product.maker, to_add=where)


def _ndc(kb: KnowledgeBase, used: UsedProduct) -> Entry:
    label = "NDC # or unique ID"
    listed = ndc_codes(kb, used.product_id)
    package = package_ndc(listed, used.lot.gtin)
    if package:
        return Entry("", label, f"{package} (the package the lot's GTIN carries)")
    hint = f" (the FDA lists {', '.join(listed)} for {used.name})" if listed else ""
    return Entry("", label, to_add=f"the NDC printed on the vial's carton{hint}")


def ndc_codes(kb: KnowledgeBase, product_id: str) -> tuple[str, ...]:
    """The NDCs the knowledge base holds for a product (each a package), in its order; none
    when it holds none. Read from its standard codes by their shape (kind "product", system
    "ndc"), so a knowledge base without codes reads as one without NDCs."""
    found = []
    for mapping in getattr(kb, "codes", ()):
        kind, of, system = (str(getattr(mapping, a, "")) for a in ("kind", "of", "system"))
        code = getattr(mapping, "code", "")
        if (kind, of, system) == ("product", product_id, "ndc") and isinstance(code, str):
            found.append(code)
    return tuple(dict.fromkeys(found))


def package_ndc(ndcs: Sequence[str], gtin: str) -> str:
    """The one of `ndcs` a lot's GTIN carries (a US drug's GTIN-14 is "003", the NDC's ten
    digits and a check digit), or "" when the GTIN carries none of them or there is none."""
    digits = gtin[3:13] if len(gtin) == 14 and gtin.startswith("003") else ""
    return next((ndc for ndc in ndcs if digits and ndc.replace("-", "") == digits), "")


def _route(kb: KnowledgeBase, points: Sequence[ReportedPoint]) -> Entry:
    label = "Route"
    charted = list(dict.fromkeys(p.depth.strip() for p in points if p.depth.strip()))
    missing = [_zone(kb, p.zone) for p in points if not p.depth.strip()]
    to_add = (
        f"not charted at {', '.join(dict.fromkeys(missing))}: e.g. intramuscular or intradermal"
        if missing
        else ""
    )
    return Entry("", label, ", ".join(charted), to_add=to_add)


def _indication(kb: KnowledgeBase, points: Sequence[ReportedPoint]) -> Entry:
    label = "Diagnosis or reason for use (indication)"
    reasons: list[str] = []
    unnamed: list[str] = []
    for point in points:
        concern_id = point.concern or _usual_concern(kb, point.zone)
        concern = kb.concerns.get(concern_id) if concern_id else None
        if concern is not None:
            reasons.append(f"{concern.label} ({concern.kind.value})")
        elif concern_id:
            reasons.append(concern_id)
        else:
            unnamed.append(_zone(kb, point.zone))
    to_add = (
        f"what was treated at {', '.join(dict.fromkeys(unnamed))}: not charted" if unnamed else ""
    )
    return Entry("", label, "; ".join(dict.fromkeys(reasons)), to_add=to_add)


def _usual_concern(kb: KnowledgeBase, zone_id: str) -> str:
    zone = kb.zones.get(zone_id)
    return zone.concerns[0] if zone is not None and len(zone.concerns) == 1 else ""


def _dilution(points: Iterable[ReportedPoint]) -> str:
    dilutions = {p.dilution_ml for p in points if p.dilution_ml is not None}
    if len(dilutions) != 1:
        return ""
    return f" (vial reconstituted with {_number(dilutions.pop())} mL of diluent)"


def _zone(kb: KnowledgeBase, zone_id: str) -> str:
    zone = kb.zones.get(zone_id)
    return zone.label if zone is not None else zone_id


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _person(person: ReportingPerson) -> str:
    licence = f", {person.licence_type}" if person.licence_type else ""
    return person.name + licence

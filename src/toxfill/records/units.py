"""The unit a dose or a lot's quantity comes in, held to the product's: units (U) for a toxin,
mL for a filler. A number in another unit is refused, never converted and never dropped: toxin
units do not convert to a volume, nor one toxin's units to another's."""

from __future__ import annotations

import re
from decimal import Decimal

from toxfill.errors import InputError, shown
from toxfill.knowledge.base import KnowledgeBase
from toxfill.records.doses import dose_unit
from toxfill.records.inputs import DoseUnit

_SPELLINGS = {
    "u": DoseUnit.UNITS,
    "unit": DoseUnit.UNITS,
    "units": DoseUnit.UNITS,
    "ml": DoseUnit.ML,
}
_UNIT_NAMES = {DoseUnit.UNITS: "units (U)", DoseUnit.ML: "mL"}
_AMOUNT = re.compile(r"^\s*([-+]?[0-9]*\.?[0-9]+)\s*([A-Za-z]*)\s*$")


def read_unit(text: str, field: str) -> DoseUnit:
    """A unit as a person or a program writes it: U (or unit, units) or mL, in any case."""
    found = _SPELLINGS.get(text.strip().lower())
    if found is None:
        raise InputError(field, f"{shown(text)} is not a unit: give U (units) or mL")
    return found


def charted_unit(
    kb: KnowledgeBase,
    product_id: str,
    given: str | None,
    field: str = "unit",
    product_field: str = "product",
) -> DoseUnit:
    """The product's unit (units for toxins, mL for fillers); `given`, when the caller names
    a unit, must be that one, or InputError names `field` and the product's unit."""
    product = kb.product(product_id, product_field)
    unit = dose_unit(kb, product.id)
    if given is None or not given.strip():
        return unit
    if read_unit(given, field) is not unit:
        kind = "a toxin" if unit is DoseUnit.UNITS else "a filler"
        raise InputError(
            field,
            f"{product.label} is {kind}, dosed in {_UNIT_NAMES[unit]}, not {given.strip()}: "
            f"give {unit.value}",
        )
    return unit


def read_amount(text: str, field: str) -> tuple[Decimal, str | None]:
    """A number as typed, with the unit written after it if any ("20", "20 U", "0.5 mL"):
    the unit is for `charted_unit` to hold to the product's."""
    match = _AMOUNT.match(text)
    if match is None:
        raise InputError(field, "must be a number, e.g. 4 or 0.5, in the product's unit")
    number, unit = match.groups()
    return Decimal(number), unit or None  # the pattern admits only decimals

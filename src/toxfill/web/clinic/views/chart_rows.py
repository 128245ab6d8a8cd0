"""The charting page's point list as posted: each filled row's zone, place on the drawing,
concern, lot and dose, read into what the session action takes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.http import QueryDict

from toxfill import records
from toxfill.errors import InputError
from toxfill.knowledge import bundled_knowledge
from toxfill.web.clinic.models import ProductLot

MAX_POINTS = 60


@dataclass(frozen=True)
class Row:
    zone: str
    lot: ProductLot
    dose: Decimal
    unit: str | None = None  # as typed after the dose, held to the lot's product's unit
    concern: str = ""
    view: str = ""  # where on the drawing it was placed; the zone's own place when listed
    x: Decimal | None = None
    y: Decimal | None = None

    def shown(self) -> dict[str, Any]:
        """The row as the page draws it again after a check."""
        return {
            "zone": self.zone,
            "dose": self.dose,
            "lot": str(self.lot.public_id),
            "concern": self.concern,
            "view": self.view,
            "x": self.x,
            "y": self.y,
        }


def decimal(value: str, name: str) -> Decimal:
    try:
        number = Decimal(value.strip())
    except InvalidOperation:
        raise InputError(name, "must be a number, e.g. 4 or 0.5") from None
    if not number.is_finite():
        raise InputError(name, "must be a number, e.g. 4 or 0.5")
    return number


def _dose(typed: str, lot: ProductLot, field: str) -> tuple[Decimal, str | None]:
    """A typed dose ("20", or "20 U" for a toxin, "1 mL" for a filler): a unit typed after it
    must be the product's, or the row is refused rather than saved in the product's unit."""
    dose, unit = records.read_amount(typed, field)
    if unit is not None:
        records.charted_unit(bundled_knowledge(), lot.product, unit, field)
    return dose, unit


def _place(zone: str, view: str, x: str, y: str, index: int) -> tuple[str, Decimal, Decimal]:
    """Where the point was placed; a point added from the list takes its zone's place, so
    every point the page charts is drawn where it is."""
    if view and x.strip() and y.strip():
        return view, decimal(x, f"zone-{index}"), decimal(y, f"zone-{index}")
    known = bundled_knowledge().zones.get(zone)
    if known is None:
        raise InputError(f"zone-{index}", "pick a zone from the list")
    return known.at.map.value, Decimal(str(known.at.x)), Decimal(str(known.at.y))


def _column(data: QueryDict, name: str, index: int) -> str:
    values = data.getlist(name)
    return values[index] if index < len(values) else ""


def rows(data: QueryDict, usable: list[ProductLot], current: ProductLot | None) -> list[Row]:
    """The list's filled rows. A row's lot is its own pick, or the lot above when it has
    none (the rows drawn without JavaScript start that way)."""
    by_id = {str(lot.public_id): lot for lot in usable}
    zones, doses = data.getlist("zone")[:MAX_POINTS], data.getlist("dose")[:MAX_POINTS]
    filled = []
    for index, (zone, dose) in enumerate(zip(zones, doses, strict=False)):
        if not zone and not dose.strip():
            continue  # a blank row
        wanted = _column(data, "point_lot", index)
        lot = by_id.get(wanted) if wanted else current
        if wanted and lot is None:
            raise InputError(f"lot-{index}", "that lot can no longer be used: pick another")
        if lot is None:
            raise InputError("lot", "pick a lot, or scan its label")
        if not zone:
            raise InputError(f"zone-{index}", "pick a zone for this dose")
        if not dose.strip():
            raise InputError(f"dose-{index}", "give this point's dose")
        amount, unit = _dose(dose, lot, f"dose-{index}")
        view, x, y = _place(
            zone,
            _column(data, "point_view", index),
            _column(data, "point_x", index),
            _column(data, "point_y", index),
            index,
        )
        concern = _column(data, "point_concern", index)
        if concern and concern not in bundled_knowledge().concerns:
            raise InputError(f"concern-{index}", "pick what it treats from the list")
        filled.append(Row(zone, lot, amount, unit, concern, view, x, y))
    return filled


@dataclass
class Total:
    """One product's running total, in its unit, and per zone: the page shows them without
    JavaScript too (chart.js redraws them as points change)."""

    product: str
    unit: str
    amount: Decimal = Decimal(0)
    count: int = 0
    zones: dict[str, Decimal] = field(default_factory=dict)


def totals(filled: list[Row]) -> list[Total]:
    by_product: dict[str, Total] = {}
    for row in filled:
        total = by_product.setdefault(row.lot.product, Total(row.lot.product, row.lot.unit))
        total.amount += row.dose
        total.count += 1
        total.zones[row.zone] = total.zones.get(row.zone, Decimal(0)) + row.dose
    return list(by_product.values())


_POINT_FIELD = re.compile(r"^points\[(\d+)\](?:\.(\w+))?$")


def answer(finding: records.Finding) -> tuple[str, str] | None:
    """Where on the page a finding about one point is answered: the row's concern when it
    asks what the point treats, else the row's dose (a link, as the error summary has)."""
    match = _POINT_FIELD.match(finding.field)
    if match is None:
        return None
    index, part = int(match.group(1)), match.group(2)
    if part == "concern":
        return f"concern-{index}", f"Say what point {index + 1} treats"
    return f"dose-{index}", f"Change point {index + 1}"

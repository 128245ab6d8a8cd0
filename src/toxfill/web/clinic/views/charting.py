"""Charting a session: the provider, lots (picked or scanned; each point keeps the lot it was
charted with, so a session can use several products), points from the map or the list, the
rules' findings shown before saving, confirmations and written reasons given, then saved."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import redirect

from toxfill import dosing, records
from toxfill.errors import InputError
from toxfill.knowledge import bundled_knowledge
from toxfill.labels import read_label
from toxfill.web.clinic import bodymap, scoping
from toxfill.web.clinic.actions.access import record_patient_view
from toxfill.web.clinic.actions.sessions import PointInput, chart_session, preview_session
from toxfill.web.clinic.errors import RulesRefused
from toxfill.web.clinic.models import Membership, ProductLot, Role
from toxfill.web.clinic.roles import Permission, require
from toxfill.web.clinic.views.workspace import entered_time, local, page, today, workspace

MAX_POINTS = 60
BLANK_ROWS = 5  # rows for charting without JavaScript; the script starts from none


def usable_lots(member: Membership) -> list[ProductLot]:
    """Only lots that can be used today: unexpired, with some left."""
    return list(
        scoping.lots(member)
        .filter(expires_on__gte=today(member), quantity_on_hand__gt=0)
        .order_by("product", "expires_on")
    )


def lot_for_label(member: Membership, barcode: str) -> ProductLot:
    """The usable lot a scanned GS1 label names (its lot number, and its GTIN when known)."""
    scan = read_label(barcode, "scan")
    if not scan.lot:
        raise InputError("scan", "this label has no lot number (AI 10)")
    for lot in usable_lots(member):
        if lot.lot_number == scan.lot and (not lot.gtin or lot.gtin == scan.gtin):
            return lot
    raise InputError("scan", f"lot {scan.lot} is not on the shelf, expired or used up")


@workspace
def scan(request: HttpRequest, member: Membership) -> JsonResponse:
    """The lot a scanned label selects, for the charting page's script."""
    require(member, Permission.CHART)
    try:
        lot = lot_for_label(member, request.GET.get("barcode", "")[:200])
    except InputError as exc:
        return JsonResponse({"error": exc.problem}, status=422)
    return JsonResponse({"lot": str(lot.public_id), "label": f"{lot.product} lot {lot.lot_number}"})


def _decimal(value: str, name: str) -> Decimal:
    try:
        number = Decimal(value.strip())
    except InvalidOperation:
        raise InputError(name, "must be a number, e.g. 4 or 0.5") from None
    if not number.is_finite():
        raise InputError(name, "must be a number, e.g. 4 or 0.5")
    return number


@dataclass(frozen=True)
class _Row:
    zone: str
    lot: ProductLot
    dose: Decimal
    unit: str | None = None  # as typed after the dose, held to the lot's product's unit


def _dose(typed: str, lot: ProductLot, field: str) -> tuple[Decimal, str | None]:
    """A typed dose ("20", or "20 U" for a toxin, "1 mL" for a filler): a unit typed after it
    must be the product's, or the row is refused rather than saved in the product's unit."""
    dose, unit = records.read_amount(typed, field)
    if unit is not None:
        records.charted_unit(bundled_knowledge(), lot.product, unit, field)
    return dose, unit


def _rows(data: QueryDict, usable: list[ProductLot], current: ProductLot | None) -> list[_Row]:
    """The list's filled rows. A row's lot is its own pick, or the lot above when it has
    none (the rows drawn without JavaScript start that way)."""
    by_id = {str(lot.public_id): lot for lot in usable}
    zones, doses = data.getlist("zone")[:MAX_POINTS], data.getlist("dose")[:MAX_POINTS]
    row_lots = data.getlist("point_lot")[:MAX_POINTS]
    rows = []
    for index, (zone, dose) in enumerate(zip(zones, doses, strict=False)):
        if not zone and not dose.strip():
            continue  # a blank row
        wanted = row_lots[index] if index < len(row_lots) else ""
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
        rows.append(_Row(zone=zone, lot=lot, dose=amount, unit=unit))
    return rows


@dataclass
class _Total:
    """One product's running total, in its unit, and per zone: the page shows them without
    JavaScript too (chart.js redraws them as points change)."""

    product: str
    unit: str
    amount: Decimal = Decimal(0)
    count: int = 0
    zones: dict[str, Decimal] = field(default_factory=dict)


def _totals(rows: list[_Row]) -> list[_Total]:
    totals: dict[str, _Total] = {}
    for row in rows:
        total = totals.setdefault(row.lot.product, _Total(row.lot.product, row.lot.unit))
        total.amount += row.dose
        total.count += 1
        total.zones[row.zone] = total.zones.get(row.zone, Decimal(0)) + row.dose
    return list(totals.values())


def _mixed_lot(current: ProductLot | None, rows: list[_Row]) -> ProductLot | None:
    """The toxin the reconstitution helper is about: the lot above when it is a toxin, else
    the first toxin in the list."""
    if current is not None and current.unit == "U":
        return current
    return next((row.lot for row in rows if row.lot.unit == "U"), None)


def _point_inputs(
    rows: list[_Row], mixed: ProductLot | None, dilution: Decimal | None
) -> list[PointInput]:
    """The action's points: the diluent given applies to the points of the toxin mixed."""
    return [
        PointInput(
            zone=row.zone,
            product=row.lot.product,
            lot=row.lot.public_id,
            dose=row.dose,
            unit=row.unit,
            dilution_ml=dilution
            if mixed is not None and row.lot.product == mixed.product
            else None,
        )
        for row in rows
    ]


def _provider(raw: str) -> uuid.UUID | None:
    if not raw:
        return None
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise InputError("provider", "pick a provider from the list") from None


def _mixing(lot: ProductLot | None, data: QueryDict) -> tuple[Any, str]:
    """The reconstitution helper's answer for a toxin lot, when vial and diluent are given."""
    if lot is None or lot.unit != "U":
        return None, ""
    units, diluent = data.get("vial_units", "").strip(), data.get("diluent_ml", "").strip()
    if not units or not diluent:
        return None, ""
    try:
        return dosing.reconstitute(bundled_knowledge(), lot.product, int(units), float(diluent)), ""
    except (InputError, ValueError) as exc:
        return None, exc.problem if isinstance(exc, InputError) else "give whole units and mL"


@workspace
def chart(request: HttpRequest, member: Membership, patient_id: uuid.UUID) -> HttpResponse:
    require(member, Permission.CHART)
    patient = scoping.patient(member, patient_id)
    kb = bundled_knowledge()
    lots = usable_lots(member)
    context: dict[str, Any] = {
        "patient": patient,
        "providers": providers(member),
        "provider_id": str(member.public_id),
        "lots": lots,
        "maps": bodymap.maps(kb),
        "zones": list(kb.zones.values()),
        "rows": [],
        "blank_rows": range(BLANK_ROWS),
        "findings": [],
        "performed_at": local(member, dt.datetime.now(dt.UTC)).strftime("%Y-%m-%dT%H:%M"),
        "lot_id": str(lots[0].public_id) if lots else "",
    }
    status = 200
    if request.method == "POST":
        data = request.POST
        context["performed_at"] = data.get("performed_at", context["performed_at"])
        context["notes"] = data.get("notes", "")
        context["vial_units"] = data.get("vial_units", "")
        context["diluent_ml"] = data.get("diluent_ml", "")
        confirmed = data.getlist("confirm")
        reasons = {k[7:]: str(v) for k, v in data.items() if k.startswith("reason:")}
        context["confirmed"], context["reasons"] = confirmed, reasons
        context["provider_id"] = data.get("provider", context["provider_id"])
        try:
            lot = _chosen_lot(member, lots, data)
            context["lot_id"] = str(lot.public_id) if lot else ""
            rows = _rows(data, lots, lot)
            context["rows"] = [
                {"zone": r.zone, "dose": r.dose, "lot": str(r.lot.public_id)} for r in rows
            ]
            context["blank_rows"] = range(1)
            context["totals"] = _totals(rows)
            mixed = _mixed_lot(lot, rows)
            context["mixing"], context["mixing_error"] = _mixing(mixed, data)
            context["mixed_product"] = mixed.product if mixed else ""
            dilution = (
                _decimal(context["diluent_ml"], "diluent_ml") if context["diluent_ml"] else None
            )
            points = _point_inputs(rows, mixed, dilution)
            if not points:
                raise InputError("points", "chart at least one injection point")
            provider = _provider(context["provider_id"])
            performed_at = entered_time(member, context["performed_at"], "performed_at")
            check = preview_session(
                member,
                patient.public_id,
                performed_at=performed_at,
                points=points,
                provider=provider,
                confirmed=confirmed,
                override_reasons=reasons,
            )
            shown = set(data.getlist("shown"))
            unseen = {f.key for f in check.findings} - shown
            if check.can_save and not unseen:
                session = chart_session(
                    member,
                    patient.public_id,
                    performed_at=performed_at,
                    points=points,
                    provider=provider,
                    notes=context["notes"],
                    confirmed=confirmed,
                    override_reasons=reasons,
                )
                return redirect(
                    "clinic:session", clinic=member.clinic.public_id, session_id=session.public_id
                )
            context["findings"] = check.findings
            status = 200 if check.can_save else 422
        except InputError as exc:
            context["error"] = exc
            status = 422
        except RulesRefused as exc:
            context["findings"] = exc.findings
            status = 422
    record_patient_view(member, patient, "chart")
    context["units_warning"] = dosing.units_warning(kb).text
    context["rule_kinds"] = records.FindingKind
    return page(request, member, "clinic/chart.html", context, status=status)


def providers(member: Membership) -> list[Membership]:
    """Whom a session can be charted for: the clinic's active providers."""
    return list(
        scoping.members(member)
        .filter(role=Role.PROVIDER, ended_at__isnull=True)
        .order_by("user__last_name", "user__first_name", "user__username")
    )


def _chosen_lot(member: Membership, lots: list[ProductLot], data: QueryDict) -> ProductLot | None:
    barcode = data.get("scan", "").strip()
    if barcode:
        return lot_for_label(member, barcode[:200])
    wanted = data.get("lot", "")
    for lot in lots:
        if str(lot.public_id) == wanted:
            return lot
    if wanted:
        raise InputError("lot", "that lot can no longer be used: pick another")
    return None

"""Charting a session: the provider, lots (picked or scanned; each point keeps the lot it was
charted with, so a session can use several products), points from the map or the list, the
rules' findings shown before saving, confirmations and written reasons given, then saved."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
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
from toxfill.web.clinic.templatetags.clinic_labels import product_label
from toxfill.web.clinic.views import chart_templates
from toxfill.web.clinic.views.chart_rows import Row, answer, decimal, rows, totals
from toxfill.web.clinic.views.workspace import entered_time, local, page, today, workspace

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


def _mixed_lot(current: ProductLot | None, rows: list[Row]) -> ProductLot | None:
    """The toxin the reconstitution helper is about: the lot above when it is a toxin, else
    the first toxin in the list."""
    if current is not None and current.unit == "U":
        return current
    return next((row.lot for row in rows if row.lot.unit == "U"), None)


def _point_inputs(
    rows: list[Row], mixed: ProductLot | None, dilution: Decimal | None
) -> list[PointInput]:
    """The action's points: the diluent given applies to the points of the toxin mixed."""
    return [
        PointInput(
            zone=row.zone,
            product=row.lot.product,
            lot=row.lot.public_id,
            dose=row.dose,
            unit=row.unit,
            concern=row.concern,
            view=row.view,
            x=row.x,
            y=row.y,
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
def mixing(request: HttpRequest, member: Membership) -> JsonResponse:
    """Units per 0.1 mL as vial and diluent are typed, for the charting page's script: the
    core's reconstitution (the label's vial sizes and diluent range), for the lot picked."""
    require(member, Permission.CHART)
    wanted = request.GET.get("lot", "")
    lot = next((lot for lot in usable_lots(member) if str(lot.public_id) == wanted), None)
    if lot is None or lot.unit != "U":
        return JsonResponse({"text": "", "error": "pick a toxin lot to work out its mixing"})
    result, problem = _mixing(lot, request.GET)
    if result is None:
        return JsonResponse({"text": "", "error": problem})
    text = (
        f"{product_label(lot.product)}: {result.units_per_0_1_ml} U per 0.1 mL "
        f"({result.units_per_ml} U per mL; {result.diluent})."
    )
    return JsonResponse({"text": text, "error": ""})


@workspace
def chart(request: HttpRequest, member: Membership, patient_id: uuid.UUID) -> HttpResponse:
    require(member, Permission.CHART)
    patient = scoping.patient(member, patient_id)
    kb = bundled_knowledge()
    lots = usable_lots(member)
    maps = bodymap.maps(kb)
    offered = chart_templates.offered(member)
    context: dict[str, Any] = {
        "patient": patient,
        "providers": providers(member),
        "provider_id": str(member.public_id),
        "lots": lots,
        "maps": maps,
        "map_zones": bodymap.zones_json(kb, maps),
        "zones": list(kb.zones.values()),
        "concerns": sorted(kb.concerns.values(), key=lambda c: c.label),
        "rows": [],
        "blank_rows": [f"b{i}" for i in range(BLANK_ROWS)],
        "findings": [],
        "performed_at": local(member, dt.datetime.now(dt.UTC)).strftime("%Y-%m-%dT%H:%M"),
        "lot_id": str(lots[0].public_id) if lots else "",
        "templates": offered,
        "template_json": chart_templates.as_json(offered),
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
        context["reason_all"] = data.get("reason_all", "").strip()
        context["confirmed"], context["reasons"] = confirmed, reasons
        context["provider_id"] = data.get("provider", context["provider_id"])
        try:
            lot = _chosen_lot(member, lots, data)
            context["lot_id"] = str(lot.public_id) if lot else ""
            filled = rows(data, lots, lot)
            if data.get("apply_template"):
                filled += chart_templates.applied(offered, data["apply_template"], lots, lot)
            context["rows"] = [r.shown() for r in filled]
            context["blank_rows"] = ["b0"]
            context["totals"] = totals(filled)
            if data.get("apply_template"):
                return _shown(request, member, patient, kb, context)
            if data.get("save_template"):
                saved = chart_templates.saved(member, data.get("template_name", ""), filled)
                context["saved_template"] = saved.name
                context["templates"] = chart_templates.offered(member)
                context["template_json"] = chart_templates.as_json(context["templates"])
                return _shown(request, member, patient, kb, context)
            mixed = _mixed_lot(lot, filled)
            context["mixing"], context["mixing_error"] = _mixing(mixed, data)
            context["mixed_product"] = mixed.product if mixed else ""
            dilution = (
                decimal(context["diluent_ml"], "diluent_ml") if context["diluent_ml"] else None
            )
            points = _point_inputs(filled, mixed, dilution)
            if not points:
                raise InputError("points", "chart at least one injection point")
            provider = _provider(context["provider_id"])
            performed_at = entered_time(member, context["performed_at"], "performed_at")

            def preview() -> Any:
                return preview_session(
                    member,
                    patient.public_id,
                    performed_at=performed_at,
                    points=points,
                    provider=provider,
                    confirmed=confirmed,
                    override_reasons=reasons,
                )

            check = preview()
            if context["reason_all"] and _reason_for_all(check.findings, reasons, context):
                check = preview()
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
            context["findings"] = _with_answers(check.findings)
            status = 200 if check.can_save else 422
        except InputError as exc:
            context["error"] = exc
            status = 422
        except RulesRefused as exc:
            context["findings"] = _with_answers(exc.findings)
            status = 422
    return _shown(request, member, patient, kb, context, status)


def _shown(
    request: HttpRequest,
    member: Membership,
    patient: Any,
    kb: Any,
    context: dict[str, Any],
    status: int = 200,
) -> HttpResponse:
    """The page, whatever led to it; each showing of the patient's chart is in the access log."""
    record_patient_view(member, patient, "chart")
    context["overrides"] = sum(
        1 for f, _ in context["findings"] if f.kind is records.FindingKind.OVERRIDE
    )
    context["units_warning"] = dosing.units_warning(kb).text
    context["rule_kinds"] = records.FindingKind
    return page(request, member, "clinic/chart.html", context, status=status)


def _with_answers(findings: Any) -> list[tuple[Any, tuple[str, str] | None]]:
    return [(f, answer(f)) for f in findings]


def _reason_for_all(findings: Any, reasons: dict[str, str], context: dict[str, Any]) -> bool:
    """ "Use the same reason for all": the one reason goes to every finding that needs one and
    was given none of its own. True when it answered any."""
    answered = False
    for finding in findings:
        if finding.kind is records.FindingKind.OVERRIDE and not reasons.get(finding.key):
            reasons[finding.key] = context["reason_all"]
            answered = True
    return answered


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

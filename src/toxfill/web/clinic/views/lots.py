"""Lots: received by scan or by hand, listed, and recalled: every patient and session that
used a lot, with contact details, on screen and as CSV."""

from __future__ import annotations

import csv
import datetime as dt
import uuid
from decimal import Decimal, InvalidOperation
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from toxfill.errors import InputError
from toxfill.knowledge import bundled_knowledge
from toxfill.web.clinic import scoping
from toxfill.web.clinic.actions.lots import receive_lot
from toxfill.web.clinic.models import Membership
from toxfill.web.clinic.roles import Permission, may, require
from toxfill.web.clinic.views.workspace import page, today, workspace


@workspace
def lots(request: HttpRequest, member: Membership) -> HttpResponse:
    kb = bundled_knowledge()
    context: dict[str, Any] = {
        "lots": list(scoping.lots(member).order_by("product", "expires_on")),
        "today": today(member),
        "products": sorted(kb.products.values(), key=lambda p: p.label),
        "form": {},
    }
    status = 200
    if request.method == "POST":
        require(member, Permission.MANAGE_LOTS)
        form = {
            k: request.POST.get(k, "").strip()[:200]
            for k in ("product", "barcode", "lot_number", "expires_on", "quantity", "gtin")
        }
        context["form"] = form
        try:
            received = receive_lot(
                member,
                product=form["product"],
                quantity=_quantity(form["quantity"]),
                barcode=form["barcode"],
                gtin=form["gtin"],
                lot_number=form["lot_number"],
                expires_on=_date(form["expires_on"]),
            )
            return redirect("clinic:lot", clinic=member.clinic.public_id, lot_id=received.public_id)
        except InputError as exc:
            context["error"], status = exc, 422
    return page(request, member, "clinic/lots.html", context, status=status)


def _quantity(raw: str) -> Decimal:
    try:
        return Decimal(raw)
    except InvalidOperation:
        raise InputError("quantity", "give how much arrived, e.g. 100 (units) or 1 (mL)") from None


def _date(raw: str) -> dt.date | None:
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise InputError("expires_on", "give a date, e.g. 2027-01-31") from None


@workspace
def lot(request: HttpRequest, member: Membership, lot_id: uuid.UUID) -> HttpResponse:
    row = scoping.lot(member, lot_id)
    points = list(scoping.recall(member, row)) if may(member, Permission.VIEW_CLINICAL) else []
    return page(
        request,
        member,
        "clinic/lot.html",
        {"lot": row, "points": points, "patients": len({p.session.patient_id for p in points})},
    )


RECALL_COLUMNS = (
    "lot",
    "product",
    "session",
    "performed_at",
    "patient",
    "date_of_birth",
    "email",
    "phone",
    "zone",
    "dose",
    "unit",
    "provider",
)


@workspace
def recall_csv(request: HttpRequest, member: Membership, lot_id: uuid.UUID) -> HttpResponse:
    row = scoping.lot(member, lot_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="recall-{row.lot_number}.csv"'
    writer = csv.writer(response)
    writer.writerow(RECALL_COLUMNS)
    for point in scoping.recall(member, row):
        session, patient = point.session, point.session.patient
        writer.writerow(
            [
                row.lot_number,
                row.product,
                session.public_id,
                session.performed_at.isoformat(),
                str(patient),
                patient.date_of_birth.isoformat(),
                patient.email,
                patient.phone,
                point.zone,
                point.dose,
                point.unit,
                session.provider.display_name,
            ]
        )
    return response

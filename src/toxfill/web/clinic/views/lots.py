"""Lots: received by scan or by hand, listed, and recalled: every patient and session that
used a lot, with contact details, on screen and as CSV."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect

from toxfill import records
from toxfill.errors import InputError
from toxfill.knowledge import KnowledgeBase, bundled_knowledge
from toxfill.labels import MAX_BARCODE_LENGTH, read_label
from toxfill.web.clinic import scoping
from toxfill.web.clinic.actions.access import record_patients_seen
from toxfill.web.clinic.actions.lots import preview_receipt, receive_lot
from toxfill.web.clinic.errors import RulesRefused
from toxfill.web.clinic.models import Membership
from toxfill.web.clinic.roles import Permission, may, require
from toxfill.web.clinic.views.paging import PER_PAGE
from toxfill.web.clinic.views.recall import recall_context
from toxfill.web.clinic.views.workspace import page, today, workspace
from toxfill.web.downloads import csv_download


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
            for k in ("product", "lot_number", "serial", "expires_on", "quantity", "gtin")
        }
        # Kept as the scanner typed it (the lot keeps it verbatim); one character over the
        # limit still reaches read_label, which names the field.
        form["barcode"] = request.POST.get("barcode", "")[: MAX_BARCODE_LENGTH + 1]
        confirmed = request.POST.getlist("confirm")
        context["form"], context["confirmed"] = form, confirmed
        try:
            quantity, unit = _quantity(kb, form["product"], form["quantity"])
            given: dict[str, Any] = {
                "product": form["product"],
                "unit": unit,
                "barcode": form["barcode"],
                "gtin": form["gtin"],
                "lot_number": form["lot_number"],
                "serial": form["serial"],
                "expires_on": _date(form["expires_on"]),
                "confirmed": confirmed,
            }
            receipt = preview_receipt(member, **given)
            unseen = {f.key for f in receipt.findings} - set(request.POST.getlist("shown"))
            if not receipt.blocking and not unseen:
                received = receive_lot(member, quantity=quantity, **given)
                return redirect(
                    "clinic:lot", clinic=member.clinic.public_id, lot_id=received.public_id
                )
            context["findings"] = receipt.findings
            status = 422 if receipt.blocking else 200
        except InputError as exc:
            context["error"], status = exc, 422
        except RulesRefused as exc:  # the day changed between the preview and receiving
            context["findings"], status = exc.findings, 422
    return page(request, member, "clinic/lots.html", context, status=status)


def _quantity(kb: KnowledgeBase, product: str, typed: str) -> tuple[Decimal, str | None]:
    """How much arrived ("100", or "100 U" of a toxin, "2 mL" of a filler): a unit typed after
    the number must be the product's."""
    try:
        quantity, unit = records.read_amount(typed, "quantity")
    except InputError:
        raise InputError("quantity", "give how much arrived, e.g. 100 (units) or 1 (mL)") from None
    if unit is not None and product in kb.products:  # an unknown product: receive_lot says so
        records.charted_unit(kb, product, unit, "quantity")
    return quantity, unit


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
    context: dict[str, Any] = {"lot": row, "per_page": PER_PAGE}
    if may(member, Permission.VIEW_CLINICAL):
        context.update(recall_context(request, member, row))
    return page(request, member, "clinic/lot.html", context, 422 if context.get("error") else 200)


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
def recall_csv(
    request: HttpRequest, member: Membership, lot_id: uuid.UUID
) -> StreamingHttpResponse:
    return recall_csv_file(member, lot_id)


def recall_csv_file(member: Membership, lot_id: uuid.UUID) -> StreamingHttpResponse:
    """Whom a lot was given to, to call back in a recall; the page and the API send it."""
    row = scoping.lot(member, lot_id)
    points = scoping.recall(member, row)  # checks the role now, before the answer starts
    record_patients_seen(member, points.values("session__patient_id"), "recall csv")

    def lines() -> Iterator[Sequence[object]]:
        yield RECALL_COLUMNS
        for point in points:
            session, patient = point.session, point.session.patient
            yield (
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
            )

    return csv_download(f"recall-{row.lot_number}.csv", lines())


@workspace
def read_label_json(request: HttpRequest, member: Membership) -> JsonResponse:
    """What a scanned GS1 label says, for the receiving form's script to fill in: GTIN, lot,
    expiry and serial, and the products whose GTIN it is. Nothing is saved: receiving reads
    the label again on the server."""
    require(member, Permission.MANAGE_LOTS)
    try:
        scan = read_label(request.GET.get("barcode", "")[: MAX_BARCODE_LENGTH + 1])
    except InputError as exc:
        return JsonResponse({"error": exc.problem}, status=422)
    products = [p.id for p in bundled_knowledge().products.values() if scan.gtin in p.gtins]
    return JsonResponse(
        {
            "gtin": scan.gtin,
            "lot": scan.lot,
            "expires_on": scan.expires_on.isoformat() if scan.expires_on else "",
            "serial": scan.serial,
            "products": products,
        }
    )

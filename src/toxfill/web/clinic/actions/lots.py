"""Product lots: received from the label (or typed by hand), counted, drawn down, voided."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import TypeVar

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from simple_history.utils import get_history_manager_for_model

from toxfill import records
from toxfill.errors import InputError
from toxfill.knowledge import bundled_knowledge
from toxfill.labels import normal_gtin, read_label
from toxfill.records.text import check_label_code
from toxfill.web.clinic.actions.changes import locked, save_changed, save_new, void
from toxfill.web.clinic.errors import RulesRefused
from toxfill.web.clinic.models import Membership, ProductLot
from toxfill.web.clinic.roles import Permission, require

T = TypeVar("T")


def receive_lot(
    member: Membership,
    *,
    product: str,
    quantity: Decimal,
    barcode: str = "",
    gtin: str = "",
    lot_number: str = "",
    expires_on: dt.date | None = None,
    serial: str = "",
    received_at: dt.datetime | None = None,
    unit: str | None = None,
) -> ProductLot:
    """Receive a lot of `product`: from the GS1 barcode a scanner types, or typed by hand.
    A scanned GTIN that is not the product's is refused, and so is a `unit` that is not the
    product's. Receiving more of a lot already on the shelf adds to it."""
    require(member, Permission.MANAGE_LOTS)
    kb = bundled_knowledge()
    product_unit = records.charted_unit(kb, product, unit)
    if barcode:
        scan = read_label(barcode, "barcode")
        gtin, serial = scan.gtin, serial or scan.serial
        lot_number = _agreeing("lot_number", lot_number, scan.lot) or ""
        expires_on = _agreeing("expires_on", expires_on, scan.expires_on)
    elif gtin:
        gtin = normal_gtin(gtin)
    if gtin:
        refused = [f for f in records.check_gtin(kb, product, gtin) if f.blocks]
        if refused:
            raise RulesRefused(refused)
    lot_number = check_label_code("lot_number", lot_number.strip())
    serial = check_label_code("serial", serial.strip())
    if not lot_number:
        raise InputError("lot_number", "is required: scan the label or type the lot number")
    if expires_on is None:
        raise InputError("expires_on", "is required: scan the label or type the expiry date")
    if not isinstance(quantity, Decimal) or quantity <= 0:
        raise InputError("quantity", "must be more than 0")
    with transaction.atomic():
        shelf = ProductLot.objects.filter(clinic_id=member.clinic_id, voided_at__isnull=True)
        existing = shelf.select_for_update().filter(product=product, lot_number=lot_number).first()
        if existing is not None:
            if existing.expires_on != expires_on:
                raise InputError(
                    "expires_on", f"lot {lot_number} is on the shelf with another expiry date"
                )
            existing.quantity_received += quantity
            existing.quantity_on_hand += quantity
            save_changed(
                existing, member, ["quantity_received", "quantity_on_hand"], "received more"
            )
            return existing
        lot = ProductLot(
            clinic_id=member.clinic_id,
            product=product,
            gtin=gtin,
            lot_number=lot_number,
            serial=serial,
            expires_on=expires_on,
            received_at=received_at or timezone.now(),
            received_by=member,
            unit=product_unit.value,
            quantity_received=quantity,
            quantity_on_hand=quantity,
        )
        save_new(lot, member)
    return lot


def _agreeing(field: str, typed: T | None, scanned: T | None) -> T | None:
    """The scanned value, unless the person typed a different one: then neither is trusted."""
    if typed and scanned and typed != scanned:
        raise InputError(field, f"{typed} differs from the label's {scanned}")
    return scanned or typed


def count_lot(
    member: Membership,
    lot_id: uuid.UUID,
    *,
    version: int,
    quantity_on_hand: Decimal,
    reason: str,
    unit: str | None = None,
) -> ProductLot:
    """Set the quantity on hand after a stock count, with the reason it differs; a `unit`
    given must be the lot's product's."""
    require(member, Permission.MANAGE_LOTS)
    if quantity_on_hand < 0:
        raise InputError("quantity_on_hand", "cannot be below 0")
    if not reason.strip():
        raise InputError("reason", "say why the count differs")
    with transaction.atomic():
        lot = locked(ProductLot.objects.filter(clinic_id=member.clinic_id), lot_id, "lot", version)
        records.charted_unit(bundled_knowledge(), lot.product, unit)
        lot.quantity_on_hand = quantity_on_hand
        save_changed(lot, member, ["quantity_on_hand"], f"counted: {reason.strip()}")
    return lot


def void_lot(member: Membership, lot_id: uuid.UUID, *, version: int, reason: str) -> ProductLot:
    require(member, Permission.MANAGE_LOTS)
    with transaction.atomic():
        lot = locked(ProductLot.objects.filter(clinic_id=member.clinic_id), lot_id, "lot", version)
        void(lot, member, reason)
    return lot


def take_from_lot(member: Membership, lot: ProductLot, used: Decimal, reason: str) -> bool:
    """Draw `used` from the lot in one conditional UPDATE, which matches no row when less is
    left: concurrent sessions can never take the quantity below zero, on PostgreSQL or SQLite.
    Returns False, writing nothing, when there is not enough. Call inside the session's
    transaction."""
    taken = ProductLot.objects.filter(
        pk=lot.pk, clinic_id=member.clinic_id, voided_at__isnull=True, quantity_on_hand__gte=used
    ).update(quantity_on_hand=F("quantity_on_hand") - used, version=F("version") + 1)
    if not taken:
        return False
    lot.refresh_from_db(fields=["quantity_on_hand", "version"])
    # A queryset UPDATE bypasses save(), so the history row is written here, with the actor.
    get_history_manager_for_model(ProductLot).bulk_history_create(
        [lot], update=True, default_user=member.user, default_change_reason=reason
    )
    return True

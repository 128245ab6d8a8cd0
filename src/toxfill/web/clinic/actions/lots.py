"""Product lots: received from the label (or typed by hand), counted, drawn down, voided."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from simple_history.utils import get_history_manager_for_model

from toxfill import records
from toxfill.errors import InputError
from toxfill.knowledge import bundled_knowledge
from toxfill.labels import SeparatorWarning, normal_gtin, read_as, read_label
from toxfill.records.text import check_label_code
from toxfill.web.clinic import audit_chain, facts
from toxfill.web.clinic.actions.changes import locked, save_changed, save_new, void
from toxfill.web.clinic.errors import RulesRefused
from toxfill.web.clinic.models import Membership, ProductLot
from toxfill.web.clinic.roles import Permission, require

T = TypeVar("T")


@dataclass(frozen=True)
class LotReceipt:
    """What receiving a lot would record: the label as read (a scan, settled by any value typed
    for a field a dropped separator may have run together) and the rules' findings, with the
    confirmations given."""

    product: str
    unit: str
    gtin: str
    lot_number: str
    serial: str
    expires_on: dt.date
    scanned: str
    findings: tuple[records.Finding, ...]

    @property
    def blocking(self) -> list[records.Finding]:
        return [f for f in self.findings if f.blocks]


def preview_receipt(
    member: Membership,
    *,
    product: str,
    barcode: str = "",
    gtin: str = "",
    lot_number: str = "",
    expires_on: dt.date | None = None,
    serial: str = "",
    received_at: dt.datetime | None = None,
    unit: str | None = None,
    confirmed: Sequence[str] = (),
) -> LotReceipt:
    """What the rules say about receiving this lot, writing nothing: the lots page shows every
    finding (warnings too) before the lot is received. Bad input raises InputError."""
    require(member, Permission.MANAGE_LOTS)
    kb = bundled_knowledge()
    product_unit = records.charted_unit(kb, product, unit)
    lot_number, serial = lot_number.strip(), serial.strip()
    label_warnings: tuple[SeparatorWarning, ...] = ()
    if barcode.strip():
        scan = read_label(barcode, "barcode")
        if lot_number:
            scan = read_as(scan, "lot", lot_number, "lot_number")
        if serial:
            scan = read_as(scan, "serial", serial, "serial")
        gtin, label_warnings = scan.gtin, scan.warnings
        lot_number = _agreeing("lot_number", lot_number, scan.lot) or ""
        serial = _agreeing("serial", serial, scan.serial) or ""
        expires_on = _agreeing("expires_on", expires_on, scan.expires_on)
    elif gtin:
        gtin = normal_gtin(gtin)
    lot_number = check_label_code("lot_number", lot_number)
    serial = check_label_code("serial", serial)
    if not lot_number:
        raise InputError("lot_number", "is required: scan the label or type the lot number")
    if expires_on is None:
        raise InputError("expires_on", "is required: scan the label or type the expiry date")
    moment = received_at or timezone.now()
    receipt = records.Receipt(
        product=product,
        lot_number=lot_number,
        expires_on=expires_on,
        received_on=moment.astimezone(ZoneInfo(member.clinic.time_zone)).date(),
        gtin=gtin,
        label_warnings=label_warnings,
    )
    findings = records.resolve(records.check_receipt(kb, receipt), frozenset(confirmed), {})
    return LotReceipt(
        product=product,
        unit=product_unit.value,
        gtin=gtin,
        lot_number=lot_number,
        serial=serial,
        expires_on=expires_on,
        scanned=barcode if barcode.strip() else "",
        findings=findings,
    )


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
    confirmed: Sequence[str] = (),
) -> ProductLot:
    """Receive a lot of `product`: from the GS1 barcode a scanner types, or typed by hand.

    Refused (RulesRefused, nothing written) while a finding of preview_receipt blocks: a lot
    expired on the day it is received, a GTIN of another product, a lot or serial a dropped
    separator may have run together until its key is in `confirmed` or the value the label
    prints is typed. A `unit` that is not the product's is refused. Receiving more of a lot
    already on the shelf adds to it. The findings are kept with the lot (`receipt_findings`),
    and the barcode, as the scanner typed it, in `scanned`."""
    receipt = preview_receipt(
        member,
        product=product,
        barcode=barcode,
        gtin=gtin,
        lot_number=lot_number,
        expires_on=expires_on,
        serial=serial,
        received_at=received_at,
        unit=unit,
        confirmed=confirmed,
    )
    if not isinstance(quantity, Decimal) or quantity <= 0:
        raise InputError("quantity", "must be more than 0")
    if receipt.blocking:
        raise RulesRefused(receipt.blocking)
    findings = [facts.finding(f) for f in receipt.findings]
    with transaction.atomic():
        audit_chain.hold(member.clinic_id)  # before the lot's lock: see audit_chain
        shelf = ProductLot.objects.filter(clinic_id=member.clinic_id, voided_at__isnull=True)
        existing = (
            shelf.select_for_update().filter(product=product, lot_number=receipt.lot_number).first()
        )
        if existing is not None:
            _receive_more(member, existing, receipt, quantity, findings)
            return existing
        lot = ProductLot(
            clinic_id=member.clinic_id,
            product=product,
            gtin=receipt.gtin,
            lot_number=receipt.lot_number,
            serial=receipt.serial,
            expires_on=receipt.expires_on,
            scanned=receipt.scanned,
            receipt_findings=findings,
            received_at=received_at or timezone.now(),
            received_by=member,
            unit=receipt.unit,
            quantity_received=quantity,
            quantity_on_hand=quantity,
        )
        save_new(lot, member)
    return lot


def _receive_more(
    member: Membership,
    lot: ProductLot,
    receipt: LotReceipt,
    quantity: Decimal,
    findings: list[dict[str, object]],
) -> None:
    """Add a delivery to the lot on the shelf: its findings not yet kept are added, and its scan
    when the lot has none."""
    if lot.expires_on != receipt.expires_on:
        raise InputError(
            "expires_on", f"lot {receipt.lot_number} is on the shelf with another expiry date"
        )
    lot.quantity_received += quantity
    lot.quantity_on_hand += quantity
    changed = ["quantity_received", "quantity_on_hand"]
    kept = {f["key"] for f in lot.receipt_findings}
    added = [f for f in findings if f["key"] not in kept]
    if added:
        lot.receipt_findings = [*lot.receipt_findings, *added]
        changed.append("receipt_findings")
    if receipt.scanned and not lot.scanned:
        lot.scanned = receipt.scanned
        changed.append("scanned")
    save_changed(lot, member, changed, "received more")


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
    transaction, which holds the clinic's audit chain (taken before any row lock)."""
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

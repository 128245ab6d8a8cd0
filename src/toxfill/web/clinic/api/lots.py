"""Product lots: received by managers from the label's barcode or by hand; recall look-up."""

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from toxfill import records
from toxfill.web.clinic import scoping
from toxfill.web.clinic.actions import lots as actions
from toxfill.web.clinic.api.paging import NEWEST_FIRST, Cursor
from toxfill.web.clinic.api.schemas import (
    ERRORS,
    FindingOut,
    GivenUnit,
    Input,
    LabelCode,
    MemberRef,
    Quantity,
    StockCount,
    VersionIn,
    VoidableOut,
    VoidIn,
    local,
    member_ref,
)
from toxfill.web.clinic.api.security import AUTH, acting
from toxfill.web.clinic.models import ProductLot

router = Router(tags=["clinic: lots"], auth=AUTH)


class LotIn(Input):
    product: str = Field(max_length=64, description="a product ID, e.g. juvederm-voluma")
    quantity: Quantity = Field(description="in the product's unit: U or mL")
    unit: GivenUnit = None
    barcode: str = Field(
        "",
        max_length=200,
        description="the GS1 string a scanner types, as it typed it, the group separator as "
        "ASCII 29 (U+001D; its symbol U+241D is read as one too); or type the fields. It is "
        "kept with the lot, unchanged, as `scanned`",
    )
    gtin: str = Field("", max_length=14)
    lot_number: LabelCode = Field(
        "",
        max_length=40,
        description="with a barcode, the lot the label prints: it must agree with the scan, "
        "or, when the scan's lot may hold the elements after it (a `label-separator` finding), "
        "be one of the ways the finding says it can be read",
    )
    expires_on: dt.date | None = None
    serial: LabelCode = Field("", max_length=40, description="as lot_number, for the serial")
    confirmed: list[str] = Field(
        default_factory=list,
        max_length=10,
        description="keys of `confirm` findings you confirm, e.g. the `label-separator` "
        "finding's key to keep a scanned lot number as read",
    )


class LotOut(VoidableOut):
    product: str
    gtin: str
    lot_number: str
    serial: str
    expires_on: dt.date
    scanned: str = Field(
        description="the barcode exactly as the scanner typed it when the lot was received "
        "(the group separator as U+001D); empty when it was typed by hand"
    )
    receipt_findings: list[FindingOut] = Field(
        description="what the rules said when the lot was received, with the confirmations given"
    )
    received_at: str
    received_by: MemberRef
    unit: str
    quantity_received: Decimal
    quantity_on_hand: Decimal

    @staticmethod
    def resolve_received_at(lot: ProductLot) -> str | None:
        return local(lot.received_at, lot.clinic.time_zone)

    @staticmethod
    def resolve_received_by(lot: ProductLot) -> MemberRef | None:
        return member_ref(lot.received_by)


class LotFilter(Schema):
    product: str | None = Field(None, max_length=64)
    lot_number: str | None = Field(None, max_length=40, description="recall look-up")


class CountIn(VersionIn):
    quantity_on_hand: StockCount
    unit: GivenUnit = None
    reason: str = Field(min_length=1, max_length=2000)


@router.get("/{clinic_id}/lots", response={200: list[LotOut], **ERRORS})
@paginate(Cursor, ordering=NEWEST_FIRST)
def list_lots(
    request: HttpRequest, clinic_id: uuid.UUID, filters: Query[LotFilter]
) -> QuerySet[ProductLot]:
    """The clinic's current lots, newest first; filter by product or lot number."""
    found = scoping.lots(acting(request, clinic_id))
    if filters.product:
        found = found.filter(product=filters.product)
    if filters.lot_number:
        found = found.filter(lot_number=filters.lot_number)
    return found


RECEIVE_LOT = f"""Receive a lot: scan its label (`barcode`), or type GTIN, lot number and expiry.

A 422 lists each rule that blocks it: an expiry before the day it is received (in the clinic's
time zone) on `expires_on`; a GTIN of another product on `gtin`; a scanned lot number or serial
that may hold the element strings after it, because the scanner dropped the group separator, on
`lot_number` or `serial`, with `kind` `confirm` and a `key`. Answer that by sending the lot
number the label prints in `lot_number` (or serial in `serial`), or the key in `confirmed` to
keep it as scanned. Warnings do not block: a lot expiring within {records.SHORT_DATED_DAYS}
days, a GTIN no product in the knowledge base lists. They are in the answer's
`receipt_findings`."""


@router.post("/{clinic_id}/lots", response={201: LotOut, **ERRORS}, description=RECEIVE_LOT)
def receive_lot(request: HttpRequest, clinic_id: uuid.UUID, body: LotIn) -> Status[Any]:
    return Status(201, actions.receive_lot(acting(request, clinic_id), **body.model_dump()))


@router.get("/{clinic_id}/lots/{lot_id}", response={200: LotOut, **ERRORS})
def lot_detail(request: HttpRequest, clinic_id: uuid.UUID, lot_id: uuid.UUID) -> ProductLot:
    """One lot, voided or not, with its quantity on hand."""
    return scoping.lot(acting(request, clinic_id), lot_id)


@router.post("/{clinic_id}/lots/{lot_id}/count", response={200: LotOut, **ERRORS})
def count_lot(
    request: HttpRequest, clinic_id: uuid.UUID, lot_id: uuid.UUID, body: CountIn
) -> ProductLot:
    """Set the quantity on hand after a stock count, saying why it differs."""
    return actions.count_lot(
        acting(request, clinic_id),
        lot_id,
        version=body.version,
        quantity_on_hand=body.quantity_on_hand,
        reason=body.reason,
        unit=body.unit,
    )


@router.post("/{clinic_id}/lots/{lot_id}/void", response={200: LotOut, **ERRORS})
def void_lot(
    request: HttpRequest, clinic_id: uuid.UUID, lot_id: uuid.UUID, body: VoidIn
) -> ProductLot:
    """Void a lot received in error (managers); it is never deleted."""
    return actions.void_lot(
        acting(request, clinic_id), lot_id, version=body.version, reason=body.reason
    )

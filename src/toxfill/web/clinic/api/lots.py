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

from toxfill.web.clinic import scoping
from toxfill.web.clinic.actions import lots as actions
from toxfill.web.clinic.api.paging import NEWEST_FIRST, Cursor
from toxfill.web.clinic.api.schemas import (
    ERRORS,
    GivenUnit,
    LabelCode,
    MemberRef,
    VersionIn,
    VoidableOut,
    VoidIn,
    local,
    member_ref,
)
from toxfill.web.clinic.api.security import AUTH, acting
from toxfill.web.clinic.models import ProductLot

router = Router(tags=["clinic: lots"], auth=AUTH)


class LotIn(Schema):
    product: str = Field(max_length=64, description="a product ID, e.g. juvederm-voluma")
    quantity: Decimal = Field(
        gt=0, max_digits=10, decimal_places=2, description="in the product's unit: U or mL"
    )
    unit: GivenUnit = None
    barcode: str = Field(
        "", max_length=200, description="the GS1 string a scanner types; or type the fields"
    )
    gtin: str = Field("", max_length=14)
    lot_number: LabelCode = Field("", max_length=40)
    expires_on: dt.date | None = None
    serial: LabelCode = Field("", max_length=40)


class LotOut(VoidableOut):
    product: str
    gtin: str
    lot_number: str
    serial: str
    expires_on: dt.date
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
    quantity_on_hand: Decimal = Field(ge=0, max_digits=10, decimal_places=2)
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


@router.post("/{clinic_id}/lots", response={201: LotOut, **ERRORS})
def receive_lot(request: HttpRequest, clinic_id: uuid.UUID, body: LotIn) -> Status[Any]:
    """Receive a lot: scan its label (`barcode`), or type GTIN, lot number and expiry."""
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

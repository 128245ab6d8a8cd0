"""Product lots: received unexpired, with a label read as it was printed; the right product,
unexpired on the day, drawn down but never below zero; a scanned GTIN that matches the product."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from toxfill.errors import InputError
from toxfill.knowledge.base import KnowledgeBase
from toxfill.labels import SeparatorWarning, normal_gtin
from toxfill.records.findings import Finding, FindingKind, Rule
from toxfill.records.inputs import Lot, Receipt, require_decimal

SHORT_DATED_DAYS = 30
"""A lot received with fewer days than this to its expiry is flagged: toxfill's stock-rotation
choice, not a label fact."""

RECEIPT_FIELDS = {"lot": "lot_number", "serial": "serial"}
"""The receipt field each scanned field a separator warning names is entered in."""


@dataclass(frozen=True)
class Drawdown:
    """A lot's quantity before and after a session's doses; `after` None: not enough left."""

    product: str
    lot_number: str
    before: Decimal
    used: Decimal
    after: Decimal | None
    findings: tuple[Finding, ...] = ()


def check_lot(
    kb: KnowledgeBase, lot: Lot | None, product_id: str, on: dt.date, field: str = "lot"
) -> tuple[Finding, ...]:
    """The lot is recorded, belongs to the product and is unexpired on `on`.

    A product is usable through its expiry date (GS1 AI 17 is the last day of use), so a lot
    expiring on the session day may still be used that day.
    """
    product = kb.product(product_id)
    if lot is None:
        return (
            Finding(
                Rule.LOT_RECORDED,
                FindingKind.ERROR,
                f"{Rule.LOT_RECORDED}:{field}",
                f"Record the {product.label} lot: a recall can find only the patients whose "
                "injections name their lot.",
                field=field,
            ),
        )
    findings = []
    if lot.product != product.id:
        lot_product = kb.products.get(lot.product)
        findings.append(
            Finding(
                Rule.LOT_PRODUCT,
                FindingKind.ERROR,
                f"{Rule.LOT_PRODUCT}:{lot.product}:{lot.lot_number}:{product.id}",
                f"Lot {lot.lot_number} is a lot of "
                f"{lot_product.label if lot_product else lot.product}, not of {product.label}.",
                field=field,
            )
        )
    if lot.expires_on < on:
        findings.append(
            Finding(
                Rule.LOT_UNEXPIRED,
                FindingKind.ERROR,
                f"{Rule.LOT_UNEXPIRED}:{lot.product}:{lot.lot_number}",
                f"Lot {lot.lot_number} expired on {lot.expires_on.isoformat()}, before the "
                f"session on {on.isoformat()}.",
                field=field,
            )
        )
    return tuple(findings)


def draw_down(lot: Lot, used: Decimal) -> Drawdown:
    """The lot's quantity after `used` is taken from it; never below zero.

    Taking more than is left gives no new quantity and a blocking finding. `used` must be
    positive: a dose of zero or less is refused by check_doses before anything is drawn.
    """
    require_decimal("used", used)
    if used <= 0:
        raise InputError("used", f"must be more than zero to draw from a lot, not {used}")
    if used > lot.quantity:
        finding = Finding(
            Rule.LOT_QUANTITY,
            FindingKind.ERROR,
            f"{Rule.LOT_QUANTITY}:{lot.product}:{lot.lot_number}",
            f"Lot {lot.lot_number} has {lot.quantity} left, less than the {used} charted from it.",
        )
        return Drawdown(lot.product, lot.lot_number, lot.quantity, used, None, (finding,))
    return Drawdown(lot.product, lot.lot_number, lot.quantity, used, lot.quantity - used)


def check_gtin(kb: KnowledgeBase, product_id: str, gtin: str) -> tuple[Finding, ...]:
    """A scanned GTIN against the GTINs the knowledge base lists, with their sources.

    The product's own: no finding. Another product's: refused, since the box is not the
    product chosen. A GTIN no product lists is unknown, not wrong (a pack size or a product the
    data does not list yet): a warning, and it is recorded with the lot as scanned. A wrong
    check digit raises InputError: that is a misread, not a different product.
    """
    product = kb.product(product_id)
    scanned = normal_gtin(gtin)
    key = f"{Rule.GTIN_PRODUCT}:{product.id}:{scanned}"
    if scanned in product.gtins:
        return ()
    owner = next((p for p in kb.products.values() if scanned in p.gtins), None)
    if owner is not None:
        return (
            Finding(
                Rule.GTIN_PRODUCT,
                FindingKind.ERROR,
                key,
                f"The label's GTIN {scanned} is a GTIN of {owner.label}: this is not "
                f"{product.label}. Check the box, or choose the product the label names.",
                sources=owner.gtins_source.sources if owner.gtins_source else (),
                field="gtin",
            ),
        )
    listed = (
        f"the GTINs it lists for {product.label} are {', '.join(product.gtins)}"
        if product.gtins
        else f"it lists no GTIN for {product.label}"
    )
    return (
        Finding(
            Rule.GTIN_PRODUCT,
            FindingKind.WARNING,
            key,
            f"GTIN {scanned} is unknown: no product in the knowledge base lists it, and {listed}. "
            "Unknown is not wrong (it may be a pack the data does not list), so it is recorded "
            f"with the lot as scanned: check that the box is {product.label}.",
            sources=product.gtins_source.sources if product.gtins_source else (),
            field="gtin",
        ),
    )


def check_receipt(
    kb: KnowledgeBase, receipt: Receipt, short_dated_days: int = SHORT_DATED_DAYS
) -> tuple[Finding, ...]:
    """What receiving a lot needs before it goes on the shelf.

    Expired on the day it is received: refused, so a clinic never stocks an expired lot
    unknowingly (usable through its expiry date, as check_lot says). Fewer than
    `short_dated_days` left: a warning. A lot or serial a dropped separator may have run
    together with what followed it: the person confirms it, or types the value the label prints.
    A scanned GTIN: check_gtin.
    """
    findings = list(check_gtin(kb, receipt.product, receipt.gtin)) if receipt.gtin else []
    findings.extend(_separator_finding(warning) for warning in receipt.label_warnings)
    days_left = (receipt.expires_on - receipt.received_on).days
    key = f"{receipt.product}:{receipt.lot_number}"
    expiry = receipt.expires_on.isoformat()
    if days_left < 0:
        findings.append(
            Finding(
                Rule.LOT_UNEXPIRED,
                FindingKind.ERROR,
                f"{Rule.LOT_UNEXPIRED}:{key}",
                f"Lot {receipt.lot_number} expired on {expiry} (expires_on), before it was "
                f"received on {receipt.received_on.isoformat()}: an expired lot is never put on "
                "the shelf. Return it to the supplier.",
                field="expires_on",
            )
        )
    elif days_left < short_dated_days:
        findings.append(
            Finding(
                Rule.LOT_SHORT_DATED,
                FindingKind.WARNING,
                f"{Rule.LOT_SHORT_DATED}:{key}",
                f"Lot {receipt.lot_number} expires on {expiry}, {days_left} day"
                f"{'' if days_left == 1 else 's'} after it is received (fewer than "
                f"{short_dated_days}): use it before lots that expire later, or return it.",
                field="expires_on",
            )
        )
    return tuple(findings)


def _separator_finding(warning: SeparatorWarning) -> Finding:
    field = RECEIPT_FIELDS[warning.field]
    return Finding(
        Rule.LABEL_SEPARATOR,
        FindingKind.CONFIRM,
        f"{Rule.LABEL_SEPARATOR}:{field}:{warning.value}",
        warning.text,
        field=field,
    )

"""Product lots: the right product, unexpired on the day, drawn down but never below zero, and a
scanned GTIN that matches the product."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from toxfill.errors import InputError
from toxfill.knowledge.base import KnowledgeBase
from toxfill.labels import normal_gtin
from toxfill.records.findings import Finding, FindingKind, Rule
from toxfill.records.inputs import Lot, require_decimal


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
    """A scanned GTIN matches one of the product's known GTINs, when it has any.

    A GTIN known for another product is refused. When the product has no known GTIN the
    scanned one is accepted, to be recorded with the lot, and a warning says it is unverified.
    A wrong check digit raises InputError: that is a misread, not a different product.
    """
    product = kb.product(product_id)
    scanned = normal_gtin(gtin)
    owners = [p for p in kb.products.values() if scanned in p.gtins]
    key = f"{Rule.GTIN_PRODUCT}:{product.id}:{scanned}"
    if product in owners:
        return ()
    if owners or product.gtins:
        named = f"a GTIN of {owners[0].label}" if owners else "not a GTIN known for it"
        sources = product.gtins_source.sources if product.gtins_source else ()
        return (
            Finding(
                Rule.GTIN_PRODUCT,
                FindingKind.ERROR,
                key,
                f"The label's GTIN {scanned} is {named}: this is not {product.label}. "
                "Check the box, or choose the product the label names.",
                sources=sources,
                field="gtin",
            ),
        )
    return (
        Finding(
            Rule.GTIN_PRODUCT,
            FindingKind.WARNING,
            key,
            f"No GTIN of {product.label} is in the knowledge base, so GTIN {scanned} cannot be "
            "checked against it: it is recorded with the lot as scanned.",
            field="gtin",
        ),
    )

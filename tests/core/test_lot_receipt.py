"""Receiving a lot (toxfill.records.check_receipt): never expired, short-dated said, a label read
as it was printed, a GTIN checked against the knowledge base.

A product is usable through its expiry date, as check_lot holds (GS1 AI 17 gives the last day
of use), so a lot expiring on the day it is received is not expired.
How many days count as short-dated is toxfill's stock-rotation choice (SHORT_DATED_DAYS), not a
label fact. The GTIN is GS1's documentation example, which the tiny knowledge base gives to
Restylane Lyft; the real knowledge base lists no GTIN yet.
"""

from __future__ import annotations

import datetime as dt

import pytest

from toxfill.knowledge import KnowledgeBase
from toxfill.labels import read_label
from toxfill.records import (
    SHORT_DATED_DAYS,
    Finding,
    FindingKind,
    Receipt,
    Rule,
    check_receipt,
    resolve,
)

RECEIVED_ON = dt.date(2026, 12, 1)
GS1_EXAMPLE_GTIN = "09506000134352"


def receipt(days_left: int, **label: object) -> Receipt:
    expires_on = RECEIVED_ON + dt.timedelta(days=days_left)
    return Receipt("botox", "C1234", expires_on, RECEIVED_ON, **label)  # type: ignore[arg-type]


def kinds(findings: tuple[Finding, ...]) -> list[tuple[Rule, FindingKind, str]]:
    return [(f.rule, f.kind, f.field) for f in findings]


@pytest.mark.parametrize(
    ("days_left", "expected"),
    [
        pytest.param(
            -1,
            [(Rule.LOT_UNEXPIRED, FindingKind.ERROR, "expires_on")],
            id="expired_the_day_before",
        ),
        pytest.param(
            0,
            [(Rule.LOT_SHORT_DATED, FindingKind.WARNING, "expires_on")],
            id="expires_the_day_it_arrives",
        ),
        pytest.param(
            SHORT_DATED_DAYS - 1,
            [(Rule.LOT_SHORT_DATED, FindingKind.WARNING, "expires_on")],
            id="one_day_short_of_the_threshold",
        ),
        pytest.param(SHORT_DATED_DAYS, [], id="at_the_threshold"),
        pytest.param(540, [], id="a_year_and_a_half_left"),
    ],
)
def test_it_judges_the_expiry_on_the_day_the_lot_is_received(
    kb: KnowledgeBase, days_left: int, expected: list[tuple[Rule, FindingKind, str]]
) -> None:
    assert kinds(check_receipt(kb, receipt(days_left))) == expected


def test_an_expired_lot_is_refused_naming_its_expiry(kb: KnowledgeBase) -> None:
    (finding,) = check_receipt(kb, receipt(-3))

    assert finding.blocks
    assert "Lot C1234 expired on 2026-11-28 (expires_on)" in finding.text
    assert "received on 2026-12-01" in finding.text


def test_a_short_dated_lot_says_how_long_it_has(kb: KnowledgeBase) -> None:
    (finding,) = check_receipt(kb, receipt(12))

    assert not finding.blocks
    assert "expires on 2026-12-13, 12 days after it is received" in finding.text


def test_the_threshold_is_an_argument(kb: KnowledgeBase) -> None:
    assert check_receipt(kb, receipt(40), short_dated_days=60) != ()


def test_a_lot_a_dropped_separator_may_have_run_together_needs_an_answer(
    kb: KnowledgeBase,
) -> None:
    # given a scan whose lot may hold the serial after it
    scan = read_label(f"01{GS1_EXAMPLE_GTIN}17271130" + "10AB12321SER99")
    lot = Receipt("botox", scan.lot, dt.date(2027, 11, 30), RECEIVED_ON, "", scan.warnings)
    # when it is checked
    (finding,) = check_receipt(kb, lot)
    # then it asks to confirm the lot number, naming the field and the reading
    assert (finding.rule, finding.kind, finding.field) == (
        Rule.LABEL_SEPARATOR,
        FindingKind.CONFIRM,
        "lot_number",
    )
    assert finding.key == "label-separator:lot_number:AB12321SER99"
    assert "lot AB123 followed by serial (21) SER99" in finding.text
    assert finding.blocks
    # and confirming it settles it
    (confirmed,) = resolve((finding,), frozenset({finding.key}), {})
    assert not confirmed.blocks


def test_a_serial_run_together_is_asked_about_on_the_serial(kb: KnowledgeBase) -> None:
    scan = read_label(f"01{GS1_EXAMPLE_GTIN}17271130" + "21SER10LOT1")

    (finding,) = check_receipt(kb, receipt(365, label_warnings=scan.warnings))

    assert (finding.field, finding.key) == ("serial", "label-separator:serial:SER10LOT1")


def test_a_gtin_of_another_product_refuses_the_receipt(tiny_kb: KnowledgeBase) -> None:
    findings = check_receipt(tiny_kb, receipt(365, gtin=GS1_EXAMPLE_GTIN))

    assert kinds(findings) == [(Rule.GTIN_PRODUCT, FindingKind.ERROR, "gtin")]


def test_an_unknown_gtin_is_a_warning(kb: KnowledgeBase) -> None:
    # The real knowledge base lists no GTIN, so every scanned one is unknown.
    (finding,) = check_receipt(kb, receipt(365, gtin=GS1_EXAMPLE_GTIN))

    assert (finding.kind, finding.field) == (FindingKind.WARNING, "gtin")
    assert "is unknown" in finding.text
    assert "it lists no GTIN for Botox" in finding.text

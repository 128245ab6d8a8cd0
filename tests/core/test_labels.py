"""Reading a product label's GS1 barcode, as a handheld scanner types it or a person copies it.

The GTINs here are GS1's own documentation examples (09506000134352 and the GTIN-13
9506000134352 it pads), never a real product's.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from toxfill.errors import InputError
from toxfill.labels import GROUP_SEPARATOR, LabelScan, normal_gtin, read_label

GS = GROUP_SEPARATOR
GTIN = "09506000134352"


@pytest.mark.parametrize(
    ("barcode", "expected"),
    [
        pytest.param(
            f"01{GTIN}17271130" + f"10AB-123{GS}21S0001",
            LabelScan(GTIN, "AB-123", dt.date(2027, 11, 30), "S0001"),
            id="scanner_with_group_separator",
        ),
        pytest.param(
            f"]d201{GTIN}1727113010AB123",
            LabelScan(GTIN, "AB123", dt.date(2027, 11, 30)),
            id="datamatrix_symbology_prefix",
        ),
        pytest.param(
            f"(01){GTIN}(17)271130(10)AB123(21)S0001",
            LabelScan(GTIN, "AB123", dt.date(2027, 11, 30), "S0001"),
            id="printed_form_in_parentheses",
        ),
        pytest.param(
            f"{GS}01{GTIN}10LOT7{GS}17271100",
            LabelScan(GTIN, "LOT7", dt.date(2027, 11, 30)),
            id="leading_fnc1_and_day_00_is_the_month_end",
        ),
        pytest.param(
            f"01{GTIN}10LOT7\u241d17271130",
            LabelScan(GTIN, "LOT7", dt.date(2027, 11, 30)),
            id="separator_typed_as_its_symbol",
        ),
        pytest.param("9506000134352", LabelScan(GTIN), id="bare_gtin_13_from_a_carton"),
        pytest.param(f"  01{GTIN}\n", LabelScan(GTIN), id="gtin_only_with_whitespace"),
    ],
)
def test_it_reads_gtin_lot_expiry_and_serial(barcode: str, expected: LabelScan) -> None:
    assert read_label(barcode) == expected


@pytest.mark.parametrize(
    ("barcode", "message"),
    [
        pytest.param("0109506000134353", "check digit", id="wrong_gtin_check_digit"),
        pytest.param("9506000134353", "check digit", id="wrong_bare_gtin_check_digit"),
        pytest.param("(17)271130(10)AB123", "no GTIN", id="no_gtin"),
        pytest.param("hello", "not a GS1 barcode", id="not_gs1"),
        pytest.param(f"01{GTIN}17271332", "not a GS1 barcode", id="impossible_expiry_date"),
        pytest.param("   ", "type the lot by hand", id="empty"),
        pytest.param("01" + "9" * 300, "longer than", id="far_too_long"),
    ],
)
def test_it_refuses_what_it_cannot_trust(barcode: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as caught:
        read_label(barcode, field="barcode")
    assert caught.value.field == "barcode"


def test_it_pads_every_gtin_to_14_digits() -> None:
    assert normal_gtin("9506000134352") == GTIN
    assert normal_gtin(GTIN) == GTIN


@given(st.text(max_size=80))
def test_it_never_fails_other_than_with_an_input_error(text: str) -> None:
    try:
        scan = read_label(text)
    except InputError:
        return
    assert len(scan.gtin) == 14
    assert scan.gtin.isdigit()


GS1_TEXT = st.text(alphabet=st.sampled_from([GS, *map(chr, range(0x21, 0x7F))]), max_size=60)


@given(st.one_of(GS1_TEXT, st.builds(lambda tail: f"01{GTIN}{tail}", GS1_TEXT)))
def test_it_never_fails_on_scanner_text_other_than_with_an_input_error(text: str) -> None:
    try:
        scan = read_label(text)
    except InputError:
        return
    assert normal_gtin(scan.gtin) == scan.gtin

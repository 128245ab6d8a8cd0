"""A dose or a lot's quantity comes in the product's unit or not at all: units for toxins, mL
for fillers (toxfill.records.units). No database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from toxfill.errors import InputError, UnknownIdError
from toxfill.knowledge import KnowledgeBase
from toxfill.records import DoseUnit, charted_unit, read_amount, read_unit


@pytest.mark.parametrize(
    ("product", "given", "unit"),
    [
        pytest.param("botox", None, DoseUnit.UNITS, id="toxin_unit_left_out"),
        pytest.param("botox", "U", DoseUnit.UNITS, id="toxin_in_U"),
        pytest.param("dysport", "units", DoseUnit.UNITS, id="toxin_in_units_spelled_out"),
        pytest.param("juvederm-voluma", "mL", DoseUnit.ML, id="filler_in_mL"),
        pytest.param("juvederm-voluma", "ml", DoseUnit.ML, id="filler_in_ml_lowercase"),
        pytest.param("juvederm-voluma", "", DoseUnit.ML, id="filler_unit_blank"),
    ],
)
def test_it_accepts_the_products_own_unit(
    kb: KnowledgeBase, product: str, given: str | None, unit: DoseUnit
) -> None:
    assert charted_unit(kb, product, given) is unit


@pytest.mark.parametrize(
    ("product", "given", "says"),
    [
        pytest.param("botox", "mL", "dosed in units (U), not mL", id="toxin_in_mL"),
        pytest.param("juvederm-voluma", "U", "dosed in mL, not U", id="filler_in_units"),
    ],
)
def test_it_refuses_another_unit_naming_the_products(
    kb: KnowledgeBase, product: str, given: str, says: str
) -> None:
    with pytest.raises(InputError) as refused:
        charted_unit(kb, product, given, field="points[2].unit")

    assert refused.value.field == "points[2].unit"
    assert says in refused.value.problem


@pytest.mark.parametrize("text", ["cc", "IU", "mg", "U U", "x" * 500])
def test_it_refuses_what_is_not_a_unit(text: str) -> None:
    with pytest.raises(InputError) as refused:
        read_unit(text, "unit")

    assert refused.value.field == "unit"
    assert "give U (units) or mL" in refused.value.problem
    assert len(refused.value.problem) < 200


def test_it_names_the_product_field_for_an_unknown_product(kb: KnowledgeBase) -> None:
    with pytest.raises(UnknownIdError) as refused:
        charted_unit(kb, "botx", "U", "points[0].unit", "points[0].product")

    assert refused.value.field == "points[0].product"


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [
        pytest.param("20", Decimal(20), None, id="bare_number"),
        pytest.param(" 0.5 ", Decimal("0.5"), None, id="spaces"),
        pytest.param("20 U", Decimal(20), "U", id="with_U"),
        pytest.param("1mL", Decimal(1), "mL", id="with_mL_no_space"),
        pytest.param(".25 ml", Decimal("0.25"), "ml", id="leading_point"),
    ],
)
def test_it_reads_a_typed_amount_and_its_unit(text: str, amount: Decimal, unit: str | None) -> None:
    assert read_amount(text, "dose-0") == (amount, unit)


@pytest.mark.parametrize("text", ["", "twenty", "1e400", "NaN", "Infinity", "1,5", "2 3"])
def test_it_refuses_a_typed_amount_that_is_not_a_number(text: str) -> None:
    with pytest.raises(InputError) as refused:
        read_amount(text, "dose-0")

    assert refused.value.field == "dose-0"

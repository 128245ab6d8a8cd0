"""Reconstitution arithmetic for providers, on the tiny knowledge base (its values are known)."""

from __future__ import annotations

import pytest

from toxfill.dosing import reconstitute, reference_doses
from toxfill.errors import InputError, UnknownIdError
from toxfill.knowledge import KnowledgeBase


def test_it_gives_units_per_tenth_of_a_millilitre_and_per_syringe_mark(
    tiny_kb: KnowledgeBase,
) -> None:
    mixing = reconstitute(tiny_kb, "botox", 100, 2.5)

    assert mixing.units_per_0_1_ml == 4.0
    assert mixing.units_per_syringe_mark == 0.4
    assert mixing.use_within_hours == 24
    assert mixing.storage.startswith("in a refrigerator")


def test_every_result_warns_that_units_are_not_interchangeable(tiny_kb: KnowledgeBase) -> None:
    mixing = reconstitute(tiny_kb, "botox", 100, 4)

    assert mixing.warnings[0].text == tiny_kb.units_warning.text
    assert mixing.warnings[0].sources
    assert "not a dose for a person" in mixing.audience


@pytest.mark.parametrize(
    ("product", "units", "diluent", "field", "message"),
    [
        pytest.param("botox", 100, 9, "diluent_ml", "outside the label's range", id="too_much"),
        pytest.param("botox", 100, 0.5, "diluent_ml", "1 to 8 mL", id="too_little"),
        pytest.param(
            "botox", 50, 2, "units", "vials with label mixing instructions: 100", id="vial"
        ),
        pytest.param("dysport", 300, 2, "product", "no label mixing instructions", id="no_data"),
    ],
)
def test_it_refuses_what_the_label_does_not_cover(
    tiny_kb: KnowledgeBase, product: str, units: int, diluent: float, field: str, message: str
) -> None:
    with pytest.raises(InputError) as caught:
        reconstitute(tiny_kb, product, units, diluent)

    assert caught.value.field == field
    assert message in caught.value.problem


def test_an_unknown_product_names_the_nearest(tiny_kb: KnowledgeBase) -> None:
    with pytest.raises(UnknownIdError) as caught:
        reconstitute(tiny_kb, "botx", 100, 2.5)

    assert caught.value.nearest[0] == "botox"


def test_reference_doses_are_per_product(tiny_kb: KnowledgeBase) -> None:
    [dose] = reference_doses(tiny_kb, "botox")

    assert (dose.concern, dose.units_low, dose.injection_sites) == ("glabellar-lines", 20, 5)
    assert reference_doses(tiny_kb, "dysport") == []

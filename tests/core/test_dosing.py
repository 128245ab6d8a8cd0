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


@pytest.mark.parametrize(
    ("product", "units", "diluent", "per_tenth"),
    [
        pytest.param("botox", 100, 2.5, 4.0, id="TOX-RECON-2_botox_100"),
        pytest.param("botox", 50, 1.25, 4.0, id="TOX-RECON-2_botox_50"),
        pytest.param("jeuveau", 100, 2.5, 4.0, id="TOX-RECON-11_jeuveau"),
        pytest.param("dysport", 300, 1.5, 20.0, id="TOX-RECON-5_dysport_10U_per_0.05mL"),
    ],
)
def test_label_dilutions_give_the_label_concentrations(
    kb: KnowledgeBase, product: str, units: int, diluent: float, per_tenth: float
) -> None:
    mixing = reconstitute(kb, product, units, diluent)

    assert mixing.units_per_0_1_ml == per_tenth
    assert "not" in mixing.warnings[0].text.lower()
    assert "TOX-UNIT-1" in kb.units_warning.facts


def test_botox_must_be_used_within_24_hours_of_mixing(kb: KnowledgeBase) -> None:
    """TOX-RECON-3: use within 24 hours, kept at 2-8 °C."""
    mixing = reconstitute(kb, "botox", 100, 2.5)

    assert mixing.use_within_hours == 24
    assert "2–8" in mixing.storage or "2-8" in mixing.storage


def test_a_storage_limit_not_found_in_the_label_is_said_so(kb: KnowledgeBase) -> None:
    """TOX-RECON-7: Dysport's storage after mixing was not found in the label read."""
    mixing = reconstitute(kb, "dysport", 300, 2.5)

    assert mixing.use_within_hours is None
    assert any("not found" in w.text for w in mixing.warnings)


def test_a_diluent_volume_outside_the_label_is_refused(kb: KnowledgeBase) -> None:
    """TOX-RECON-2: the 100-unit Botox Cosmetic vial takes 2.5 mL."""
    with pytest.raises(InputError, match="outside the label's range"):
        reconstitute(kb, "botox", 100, 4)


def test_every_label_dose_is_marked_for_providers(kb: KnowledgeBase) -> None:
    """TOX-DOSE-1..14: label doses are product-specific references."""
    doses = reference_doses(kb)

    assert {d.product for d in doses} >= {
        "botox",
        "dysport",
        "xeomin",
        "jeuveau",
        "daxxify",
        "letybo",
    }
    assert all("not a dose for a person" in d.text for d in doses)

"""Reconstitution arithmetic for providers, on the tiny knowledge base (its values are known)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from toxfill.cli import app
from toxfill.dosing import cumulative_limits, dose_table, reconstitute, reference_doses
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


# --- cumulative dose limits: the label's ceiling on total units across uses -----------------


def test_reconstitute_shows_the_botox_ceiling_of_400_units_in_3_months_TOX_DOSE_6(
    kb: KnowledgeBase,
) -> None:
    """TOX-DOSE-6 (S-BXC-2019-RMC, S-ONA-LEXI): at most 400 units of Botox in 3 months."""
    mixing = reconstitute(kb, "botox", 100, 2.5)

    [limit] = mixing.cumulative_limits
    assert (limit.units, limit.within_days) == (400, 90)
    assert {"S-BXC-2019-RMC", "S-ONA-LEXI"} <= set(limit.sources)
    assert {"S-BXC-2019-RMC", "S-ONA-LEXI"} <= {s.id for s in mixing.sources}


@pytest.mark.parametrize(
    ("product", "units", "within_days", "source"),
    [
        pytest.param("botox", 400, 90, "S-BXC-2019-RMC", id="TOX-DOSE-6_botox_400U_3_months"),
        pytest.param("xeomin", 400, None, "S-XEO-DRUGS", id="TOX-DOSE-10_xeomin_400U_session"),
        pytest.param(
            "dysport", 1500, None, "S-C-DYS-HCP-SPASTICITY", id="dysport_1500U_adult_spasticity"
        ),
        pytest.param("jeuveau", None, None, "S-JEU-DRUGS", id="jeuveau_consider_no_figure"),
        pytest.param("daxxify", None, None, "S-DAX-ISI", id="daxxify_no_figure_read"),
        pytest.param("letybo", None, None, "S-D-LET-DOSE", id="letybo_consider_no_figure"),
    ],
)
def test_doses_show_each_labels_ceiling_on_total_units(
    kb: KnowledgeBase, product: str, units: int | None, within_days: int | None, source: str
) -> None:
    table = dose_table(kb, product)

    [limit] = table.cumulative_limits
    assert (limit.product, limit.units, limit.within_days) == (product, units, within_days)
    assert source in limit.sources
    assert source in {s.id for s in table.sources}


def test_every_toxin_product_states_its_ceiling_or_that_the_label_names_none(
    kb: KnowledgeBase,
) -> None:
    toxins = {p.id for p in kb.products_of("botulinum-toxin")}

    assert {limit.product for limit in kb.cumulative_limits} == toxins


def test_cumulative_limits_for_an_unknown_product_name_the_field_and_nearest(
    kb: KnowledgeBase,
) -> None:
    with pytest.raises(UnknownIdError) as caught:
        cumulative_limits(kb, "botx")

    assert caught.value.field == "product"
    assert "botox" in caught.value.nearest


def test_cli_reconstitute_prints_the_total_across_uses_TOX_DOSE_6() -> None:
    result = CliRunner().invoke(
        app, ["reconstitute", "--product", "botox", "--units", "100", "--diluent-ml", "2.5"]
    )

    assert result.exit_code == 0
    assert "Total across uses" in result.stdout
    assert "at most 400 units in 90 days" in " ".join(result.stdout.split())


def test_cli_doses_json_carries_the_cumulative_limits_TOX_DOSE_10() -> None:
    result = CliRunner().invoke(app, ["doses", "xeomin", "--format", "json"])

    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["cumulative_limits"][0]["units"] == 400
    assert document["cumulative_limits"][0]["within_days"] is None


def test_cli_doses_table_lists_every_ceiling() -> None:
    result = CliRunner().invoke(app, ["doses"])

    assert result.exit_code == 0
    assert "Label ceilings on the total units across uses" in result.stdout
    assert "no unit figure" in result.stdout


def test_cli_doses_for_an_unknown_product_exits_2_naming_the_field() -> None:
    result = CliRunner().invoke(app, ["doses", "botx"])

    assert result.exit_code == 2
    assert "product" in result.stderr
    assert "botox" in result.stderr

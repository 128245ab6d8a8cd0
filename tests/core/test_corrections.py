"""Knowledge-base corrections (issue 8, section 6), each pinned to the source it was checked in."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from toxfill.compare import compare
from toxfill.errors import KnowledgeError
from toxfill.knowledge import KnowledgeBase, load_knowledge
from toxfill.knowledge.loader import BUNDLED_DATA


def test_sculptra_approval_names_the_2023_cheek_wrinkle_supplement_S_C_SCULPTRA_S039(
    kb: KnowledgeBase,
) -> None:
    """FDA page P030050/S039: approved April 25, 2023, for fine lines and wrinkles in the cheek."""
    approval = kb.products["sculptra"].approval
    assert approval is not None

    assert "April 25, 2023" in approval.text
    assert "P030050/S039" in approval.text
    assert "cheek" in approval.text
    assert "S-C-SCULPTRA-S039" in approval.sources


def test_sculptra_cheek_wrinkles_are_not_recorded_as_an_approval_for_cheek_volume(
    kb: KnowledgeBase,
) -> None:
    """S-C-SCULPTRA-S039 approves cheek wrinkles; lost cheek volume is a different concern."""
    labelled = {u.concern for u in kb.products["sculptra"].uses if u.labelled}

    assert "cheek-volume" not in labelled


def test_volux_approval_gives_the_fda_decision_date_S_C_VOLUX_PMA(kb: KnowledgeBase) -> None:
    """openFDA PMA P110033/S065: decision_date 2022-07-29 (announced by the maker 2022-08-03)."""
    approval = kb.products["juvederm-volux"].approval
    assert approval is not None

    assert "July 29, 2022" in approval.text
    assert "P110033/S065" in approval.text
    assert approval.sources[0] == "S-C-VOLUX-PMA"


def test_letybo_is_not_repeated_within_3_months_S_D_LET_DOSE(kb: KnowledgeBase) -> None:
    """S-D-LET-DOSE, the project's own Letybo dosing source: not more often than every 3 months."""
    interval = kb.products["letybo"].retreatment_min
    assert interval is not None

    assert interval.days == 90
    assert interval.sources == ("S-D-LET-DOSE",)


def test_every_toxin_product_has_a_minimum_retreatment_interval(kb: KnowledgeBase) -> None:
    """TOX-RETX-1..5 and S-D-LET-DOSE: each cosmetic toxin label gives at least 3 months."""
    for product in kb.products_of("botulinum-toxin"):
        assert product.retreatment_min is not None, product.id
        assert product.retreatment_min.days >= 90, product.id


def test_bellafill_keloid_caution_cites_the_fda_summary_and_says_it_is_unconfirmed_S_C_BELLA_SSED(
    kb: KnowledgeBase,
) -> None:
    """S-C-BELLA-SSED (P020012/S009): the contraindications read do not reach keloids, so the
    caution stays `relative` (talk it over first) and says it is not confirmed."""
    [caution] = [
        c
        for c in kb.options["pmma-filler"].cautions
        if c.health == "keloid-or-hypertrophic-scarring"
    ]

    assert caution.level == "relative"
    assert "S-C-BELLA-SSED" in caution.sources
    assert "not confirmed" in caution.text


@pytest.mark.parametrize(
    "health",
    ["severe-allergies-anaphylaxis", "allergy-lidocaine", "allergy-bovine-collagen"],
)
def test_bellafill_label_contraindications_are_absolute_S_C_BELLA_SSED(
    kb: KnowledgeBase, health: str
) -> None:
    """S-C-BELLA-SSED section III: severe allergies, lidocaine, bovine collagen: contraindicated."""
    [caution] = [c for c in kb.options["pmma-filler"].cautions if c.health == health]

    assert caution.level == "absolute"
    assert "S-C-BELLA-SSED" in caution.sources


def test_plla_onset_is_a_cited_gradual_figure_not_no_figure_found(kb: KnowledgeBase) -> None:
    """S-SCUL-SITE, S-C-FABI-2024: results build over weeks to months, never right away."""
    onset = kb.options["plla-filler"].onset
    assert onset is not None

    assert (onset.low, onset.high) == (21, 90)
    assert {"S-SCUL-SITE", "S-C-FABI-2024"} <= set(onset.sources)
    comparison = compare(kb, ["plla-filler", "ha-filler"])
    [row] = [r for r in comparison.rows if r.attribute == "onset"]
    assert "No figure found" not in row.values["plla-filler"]


@pytest.mark.parametrize(
    ("health", "source"),
    [
        pytest.param("bleeding-disorder", "S-C-GROEN-2017", id="S-C-GROEN-2017_bleeding"),
        pytest.param("anticoagulant-or-antiplatelet", "S-C-GROEN-2017", id="FIL-CI-7_thinners"),
        pytest.param("infection-at-site", "S-C-BROWN-2024", id="S-C-BROWN-2024_infection"),
    ],
)
def test_fat_grafting_names_its_cited_cautions(kb: KnowledgeBase, health: str, source: str) -> None:
    cautions = {c.health: c for c in kb.options["fat-grafting"].cautions}

    assert health in kb.health_factors
    assert cautions[health].level == "warning"
    assert source in cautions[health].sources


def test_no_cost_cites_a_fact_sheet_row_that_found_no_fee_COST_1_COST_2(
    kb: KnowledgeBase,
) -> None:
    """COST-1 and COST-2 record that the fact sheet found no ASPS fee: they cannot back a price."""
    for cost in kb.costs.values():
        assert not {"COST-1", "COST-2"} & set(cost.facts), cost.option


def test_every_price_is_stated_in_a_source_it_cites_S_R_ASPS_2023_FEES(kb: KnowledgeBase) -> None:
    """Each non-zero fee appears, as "$<fee>", in what was read in one of its cited sources."""
    for cost in kb.costs.values():
        if cost.high_usd == 0:
            continue
        read = " ".join(kb.sources[s].note + kb.sources[s].title for s in cost.sources)
        for fee in {cost.low_usd, cost.high_usd}:
            assert re.search(rf"\${fee:,}\b|\${fee}\b", read), (cost.option, fee)


def test_new_sources_link_to_their_primary_publisher(kb: KnowledgeBase) -> None:
    allowed = ("fda.gov", "doi.org", "jddonline.com", "dysporthcp.com")
    new = [s for s in kb.sources.values() if s.id.startswith("S-C-")]

    assert new
    for source in new:
        host = re.sub(r"^https?://(www\.)?", "", source.url).split("/")[0]
        assert host.endswith(allowed), source.id


# --- the loader validates cumulative dose limits ---------------------------------------------


@pytest.fixture
def bundled_copy(tmp_path: Path) -> Path:
    target = tmp_path / "kb"
    shutil.copytree(BUNDLED_DATA, target)
    return target


def _break_dosing(kb_dir: Path, **change: object) -> None:
    path = kb_dir / "dosing.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["cumulative_limits"][0].update(change)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        pytest.param(
            {"product": "botx"},
            "dosing.yaml: botx cumulative limit: 'botx' is not a toxin product",
            id="unknown_product",
        ),
        pytest.param(
            {"product": "juvederm-voluma"},
            "'juvederm-voluma' is not a toxin product",
            id="filler_product",
        ),
        pytest.param(
            {"sources": []},
            "dosing.yaml: botox: sources: a fact needs at least one source",
            id="uncited",
        ),
        pytest.param(
            {"sources": ["S-NOWHERE"]},
            "refers to unknown source 'S-NOWHERE'",
            id="unknown_source",
        ),
        pytest.param(
            {"units": None},
            "within_days is set but units is not",
            id="period_without_units",
        ),
        pytest.param({"units": -400}, "units: Input should be greater than 0", id="negative"),
        pytest.param({"unit": 400}, "unit: Extra inputs are not permitted", id="misspelt_field"),
        pytest.param(
            {"scope": "any use, in one treatment session", "product": "xeomin"},
            "duplicate limit for 'any use, in one treatment session'",
            id="duplicate",
        ),
    ],
)
def test_the_loader_rejects_a_bad_cumulative_limit_naming_file_and_field(
    bundled_copy: Path, change: dict[str, object], message: str
) -> None:
    _break_dosing(bundled_copy, **change)

    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(bundled_copy)

    assert message in str(caught.value)

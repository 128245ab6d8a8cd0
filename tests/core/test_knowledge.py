"""The real knowledge base: every stable ID is present, and key facts are encoded as the
fact sheet states them (each test names the fact it checks)."""

from __future__ import annotations

import pytest

from toxfill.knowledge import KnowledgeBase
from toxfill.knowledge.models import CautionLevel, Use

# The stable IDs of ../shared/PRODUCT.md: they may be added to, never renamed.
OPTIONS = [
    "botulinum-toxin",
    "ha-filler",
    "caha-filler",
    "plla-filler",
    "pmma-filler",
    "fat-grafting",
    "no-treatment",
]
TOXIN_PRODUCTS = ["botox", "dysport", "xeomin", "jeuveau", "daxxify", "letybo"]
FILLER_PRODUCTS = ["juvederm-voluma", "restylane-lyft", "radiesse", "sculptra", "bellafill"]
COSMETIC_CONCERNS = [
    "glabellar-lines",
    "forehead-lines",
    "crows-feet",
    "platysma-bands",
    "nasolabial-folds",
    "marionette-lines",
    "perioral-lines",
    "lip-volume",
    "cheek-volume",
    "chin-profile",
    "jawline-definition",
    "temple-hollows",
    "under-eye-hollows",
    "acne-scars",
    "hand-volume",
    "hiv-lipoatrophy",
]
MEDICAL_CONCERNS = [
    "chronic-migraine",
    "overactive-bladder",
    "neurogenic-detrusor-overactivity",
    "cervical-dystonia",
    "axillary-hyperhidrosis",
    "blepharospasm",
    "strabismus",
    "upper-limb-spasticity",
    "lower-limb-spasticity",
    "chronic-sialorrhea",
]
HEALTH_FACTORS = [
    "pregnant",
    "breastfeeding",
    "neuromuscular-disorder",
    "allergy-botulinum-toxin",
    "allergy-cow-milk-protein",
    "allergy-lidocaine",
    "allergy-filler-component",
    "allergy-gram-positive-bacterial-protein",
    "severe-allergies-anaphylaxis",
    "infection-at-site",
    "bleeding-disorder",
    "anticoagulant-or-antiplatelet",
    "aminoglycoside-or-neuromuscular-blocker",
    "keloid-or-hypertrophic-scarring",
    "autoimmune-disease",
    "permanent-filler-in-area",
    "urinary-tract-infection",
    "urinary-retention",
    "breathing-or-swallowing-problems",
    "immunosuppressed",
    "cardiovascular-disease",
    "allergy-bovine-collagen",
    "prior-facial-surgery",
    "existing-eyelid-droop",
    "anticholinergic-use",
]
PREFERENCES = [
    "longevity",
    "fewer-visits",
    "reversibility",
    "low-yearly-cost",
    "low-upfront-cost",
    "minimal-downtime",
]
SYMPTOMS = [
    "bruising",
    "swelling",
    "redness",
    "tenderness",
    "itching",
    "mild-pain",
    "headache",
    "lumps",
    "asymmetry",
    "eyelid-droop",
    "brow-droop",
    "double-vision",
    "dry-eye",
    "vision-change",
    "skin-blanching",
    "skin-dusky-or-mottled",
    "severe-pain",
    "difficulty-swallowing",
    "difficulty-breathing",
    "difficulty-speaking",
    "generalized-weakness",
    "hives",
    "face-or-throat-swelling",
    "fever",
    "pus-or-drainage",
    "spreading-redness-warmth",
    "delayed-nodule",
    "persistent-swelling",
    "stroke-symptoms",
    "urinary-retention",
    "painful-urination",
]


def uses_for(kb: KnowledgeBase, concern: str) -> dict[str, Use]:
    """Labelled uses for a concern, by product ID."""
    return {
        product.id: use
        for product in kb.products.values()
        for use in product.uses
        if use.concern == concern and use.labelled
    }


def test_every_stable_id_is_in_the_knowledge_base(kb: KnowledgeBase) -> None:
    assert list(kb.options) == OPTIONS
    assert set(TOXIN_PRODUCTS + FILLER_PRODUCTS) <= set(kb.products)
    assert set(COSMETIC_CONCERNS + MEDICAL_CONCERNS) <= set(kb.concerns)
    assert set(HEALTH_FACTORS) <= set(kb.health_factors)
    assert set(PREFERENCES) <= set(kb.preferences)
    assert set(SYMPTOMS) <= set(kb.symptoms)


@pytest.mark.parametrize("concern", COSMETIC_CONCERNS)
def test_cosmetic_concerns_are_marked_cosmetic(kb: KnowledgeBase, concern: str) -> None:
    assert kb.concerns[concern].kind == "cosmetic"


@pytest.mark.parametrize("concern", MEDICAL_CONCERNS)
def test_medical_concerns_name_their_specialist(kb: KnowledgeBase, concern: str) -> None:
    assert kb.concerns[concern].kind == "medical"
    assert kb.concerns[concern].specialist


@pytest.mark.parametrize("concern", COSMETIC_CONCERNS + MEDICAL_CONCERNS)
def test_every_concern_has_a_labelled_use(kb: KnowledgeBase, concern: str) -> None:
    assert uses_for(kb, concern), f"no product is labelled for {concern}"


@pytest.mark.parametrize("product", TOXIN_PRODUCTS)
def test_every_toxin_product_is_labelled_for_glabellar_lines_in_adults(
    kb: KnowledgeBase, product: str
) -> None:
    """TOX-IND-1, -17, -22, -23, -24, -25: all six are approved for frown lines, adults only."""
    use = uses_for(kb, "glabellar-lines")[product]
    assert use.min_age == 18


def test_dysport_glabellar_lines_approval_stops_at_64(kb: KnowledgeBase) -> None:
    """TOX-IND-17: Dysport glabellar lines, adults under 65."""
    assert uses_for(kb, "glabellar-lines")["dysport"].max_age == 64


def test_filler_approvals_start_at_22(kb: KnowledgeBase) -> None:
    """FIL-REG-2: fillers are approved for adults over 21."""
    filler_uses = [
        use
        for product in kb.products.values()
        if kb.options[product.option].kind == "filler"
        for use in product.uses
        if use.labelled
    ]
    assert filler_uses
    assert {use.min_age for use in filler_uses} == {22}


def test_only_botox_is_labelled_for_the_bladder(kb: KnowledgeBase) -> None:
    """TOX-IND-6, TOX-IND-7: intradetrusor use is a Botox indication."""
    assert set(uses_for(kb, "overactive-bladder")) == {"botox"}


def test_neurogenic_detrusor_overactivity_includes_children_from_5(kb: KnowledgeBase) -> None:
    """TOX-IND-8: neurogenic detrusor overactivity, pediatric patients 5 years and older."""
    assert uses_for(kb, "neurogenic-detrusor-overactivity")["botox"].min_age <= 5


def test_only_pmma_is_labelled_for_acne_scars(kb: KnowledgeBase) -> None:
    """FIL-PROD-8, FIL-PROD-9: the non-absorbable filler is approved for cheek acne scars."""
    assert {kb.products[p].option for p in uses_for(kb, "acne-scars")} == {"pmma-filler"}


def test_dysport_alone_is_excluded_for_cow_milk_protein_allergy(kb: KnowledgeBase) -> None:
    """TOX-CI-3: Dysport may contain cow's milk protein; the class is not excluded."""
    [caution] = [
        c for c in kb.options["botulinum-toxin"].cautions if c.health == "allergy-cow-milk-protein"
    ]
    assert caution.level is CautionLevel.ABSOLUTE
    assert caution.products == ("dysport",)


@pytest.mark.parametrize("health", ["allergy-botulinum-toxin", "infection-at-site"])
def test_toxin_class_contraindications(kb: KnowledgeBase, health: str) -> None:
    """TOX-CI-1, TOX-CI-2: hypersensitivity and infection at the site contraindicate all toxins."""
    levels = {
        (c.level, c.products) for c in kb.options["botulinum-toxin"].cautions if c.health == health
    }
    assert (CautionLevel.ABSOLUTE, ()) in levels


def test_bladder_contraindications_apply_to_bladder_uses_only(kb: KnowledgeBase) -> None:
    """TOX-CI-4: UTI and urinary retention contraindicate intradetrusor Botox."""
    for health in ("urinary-tract-infection", "urinary-retention"):
        [caution] = [c for c in kb.options["botulinum-toxin"].cautions if c.health == health]
        assert caution.level is CautionLevel.ABSOLUTE
        assert set(caution.uses) == {"overactive-bladder", "neurogenic-detrusor-overactivity"}


def test_toxin_retreatment_is_at_least_90_days(kb: KnowledgeBase) -> None:
    """TOX-RETX-1..5: no more often than every 3 months (Botox Cosmetic: 90 days)."""
    retreatment = kb.options["botulinum-toxin"].retreatment_min
    assert retreatment is not None
    assert retreatment.days >= 90


@pytest.mark.parametrize(
    ("option", "low", "high", "fact"),
    [
        pytest.param("botulinum-toxin", 3, 4, "TOX-DUR-1", id="toxin_3_to_4_months"),
        pytest.param("ha-filler", 6, 12, "FIL-DUR-1", id="ha_6_to_12_months"),
    ],
)
def test_durations_follow_the_sources(
    kb: KnowledgeBase, option: str, low: float, high: float, fact: str
) -> None:
    duration = kb.options[option].duration
    assert duration is not None
    assert (duration.low, duration.high) == (low, high)
    assert fact in duration.facts


def test_caha_lasts_about_18_months(kb: KnowledgeBase) -> None:
    """FIL-DUR-2: CaHA about 18 months."""
    duration = kb.options["caha-filler"].duration
    assert duration is not None
    assert duration.high == 18


def test_only_hyaluronic_acid_can_be_dissolved(kb: KnowledgeBase) -> None:
    """FIL-VO-5, FIL-VO-10: hyaluronidase breaks down HA, not other fillers."""
    dissolvable = [
        o.id for o in kb.options.values() if o.reversibility.reversal == "dissolvable-with-enzyme"
    ]
    assert dissolvable == ["ha-filler"]


def test_pmma_is_the_permanent_filler(kb: KnowledgeBase) -> None:
    """FIL-CLASS-4: PMMA is the only non-absorbable filler."""
    permanent = [o.id for o in kb.options.values() if o.reversibility.permanence == "permanent"]
    assert permanent == ["pmma-filler"]


def test_filler_vascular_occlusion_warning_signs(kb: KnowledgeBase) -> None:
    """FIL-VO-1: vision change, stroke signs, blanching, unusual pain."""
    for option in ("ha-filler", "caha-filler", "plla-filler", "pmma-filler"):
        risks = {r.id: r for r in kb.options[option].risks}
        assert {"vision-change", "stroke-symptoms", "skin-blanching", "severe-pain"} <= set(
            risks["vascular-occlusion"].symptoms
        ), option


def test_toxin_warns_of_distant_spread(kb: KnowledgeBase) -> None:
    """TOX-BOX-1, TOX-BOX-2: swallowing and breathing difficulties after spread of toxin."""
    risks = {r.id: r for r in kb.options["botulinum-toxin"].risks}
    assert {"difficulty-swallowing", "difficulty-breathing"} <= set(
        risks["distant-spread"].symptoms
    )


def test_combined_use_cites_the_32_versus_18_week_figure(kb: KnowledgeBase) -> None:
    """SHR-COMB-1: toxin with HA filler lasted 32 weeks against 18 with filler alone."""
    effects = [c.duration_effect for c in kb.combinations.values() if c.duration_effect]
    assert [(e.combined_weeks, e.alone_weeks, e.alone_option) for e in effects] == [
        (32, 18, "ha-filler")
    ]


def test_every_cost_states_its_year_and_unit(kb: KnowledgeBase) -> None:
    for cost in kb.costs.values():
        assert cost.year >= 2019
        assert cost.unit


def test_every_source_has_a_web_address(kb: KnowledgeBase) -> None:
    for source in kb.sources.values():
        assert source.url.startswith("http"), source.id


def test_every_preference_can_be_weighed(kb: KnowledgeBase) -> None:
    from toxfill.preferences import SCORERS

    assert set(SCORERS) == set(kb.preferences)

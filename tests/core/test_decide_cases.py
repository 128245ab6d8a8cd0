"""C3 decision aid: realistic intakes and the statuses a clinician would expect.

Every expectation below was worked out by hand from the knowledge base data
(options/*.yaml cautions and retreatment intervals, products/*.yaml labelled uses and
ages) and the decision rules, never by running the implementation. The comment above each
case names the fact IDs of ../shared/facts/clinical-facts.md it relies on.

How to read a row:

    person(age, concerns, health=..., recent=..., preferences=...)   the intake
    {"botulinum-toxin": "recommended"}         the option's overall status
    {"glabellar-lines/botulinum-toxin": ...}   the status for that one concern;
                                               None = the option is not listed for the
                                               concern (it has no labelled use for it)
    {"excluded:botulinum-toxin": {"dysport"}}  the products left out of that option
    {"available_from:botulinum-toxin": "..."}  when the option may be given again;
                                               None = no waiting date

Every row also checks that "no-treatment" is suitable and that "fat-grafting", which has
no FDA-labelled use at all (FIL-CLASS-6), is not-suitable.

Statuses, best first: recommended > suitable > caution > refer > not-suitable.
"""

from __future__ import annotations

from typing import Any

import pytest

from toxfill.decide import decide
from toxfill.intake import parse_intake
from toxfill.knowledge import bundled_knowledge

TODAY = "2026-11-23"

# The same day, counted back, for recent treatments (today is 2026-11-23).
DAYS_AGO_10 = "2026-11-13"
DAYS_AGO_30 = "2026-10-24"  # toxin again from 2027-01-22 (+90 days)
DAYS_AGO_89 = "2026-08-26"  # toxin again from 2026-11-24 (+90 days): one day too soon
DAYS_AGO_90 = "2026-08-25"  # toxin again from 2026-11-23 (+90 days): exactly today, fine
DAYS_AGO_100 = "2026-08-15"  # toxin again from 2026-11-13: already past

ALWAYS = {"no-treatment": "suitable", "fat-grafting": "not-suitable"}

TOX = "botulinum-toxin"
HA = "ha-filler"
CAHA = "caha-filler"
PLLA = "plla-filler"
PMMA = "pmma-filler"


def person(
    age: int,
    concerns: list[str],
    health: list[str] | None = None,
    recent: list[dict[str, str]] | None = None,
    preferences: dict[str, int] | None = None,
) -> dict[str, Any]:
    return {
        "age": age,
        "concerns": concerns,
        "health": health or [],
        "preferences": preferences or {},
        "recent_treatments": recent or [],
        "today": TODAY,
    }


def toxin(date: str, product: str | None = None) -> dict[str, str]:
    given = {"option": TOX, "date": date}
    if product:
        given["product"] = product
    return given


def only(status: str, *options: str) -> dict[str, str]:
    """Every listed option has the same overall status."""
    return dict.fromkeys(options, status)


ALL_FILLERS = (HA, CAHA, PLLA, PMMA)


CASES = [
    # ---------------------------------------------------------------- frown lines, by age
    # TOX-IND-1, TOX-IND-17, TOX-IND-22..25, SHR-MOA-1: every toxin is labelled for adult frown
    # lines and relaxes the muscle that makes them; no filler is labelled for frown lines.
    pytest.param(
        person(35, ["glabellar-lines"]),
        {
            TOX: "recommended",
            **only("not-suitable", *ALL_FILLERS),
            "glabellar-lines/botulinum-toxin": "recommended",
            "glabellar-lines/ha-filler": None,
            "glabellar-lines/pmma-filler": None,
            "excluded:botulinum-toxin": set(),
            "available_from:botulinum-toxin": None,
        },
        id="adult_wants_frown_lines",
    ),
    # TOX-IND-26: no frown-line toxin is established under 18.
    pytest.param(
        person(17, ["glabellar-lines"]),
        {TOX: "not-suitable", "glabellar-lines/botulinum-toxin": "not-suitable"},
        id="age_17_wants_frown_lines",
    ),
    # TOX-IND-1, TOX-IND-26: adults, 18 and over.
    pytest.param(
        person(18, ["glabellar-lines"]),
        {TOX: "recommended", "excluded:botulinum-toxin": set()},
        id="age_18_wants_frown_lines",
    ),
    # TOX-IND-17: Dysport frown lines is for adults younger than 65, so 64 still qualifies.
    pytest.param(
        person(64, ["glabellar-lines"]),
        {TOX: "recommended", "excluded:botulinum-toxin": set()},
        id="age_64_frown_lines_dysport_still_in",
    ),
    # TOX-IND-17 (Dysport <65), TOX-IND-1 (Botox adults, no upper limit): Dysport drops out at
    # 65, the class stays recommended.
    pytest.param(
        person(65, ["glabellar-lines"]),
        {TOX: "recommended", "excluded:botulinum-toxin": {"dysport"}},
        id="age_65_frown_lines_dysport_out",
    ),
    # ---------------------------------------------------------------- toxin contraindications
    # TOX-CI-3: Dysport only is excluded for cow's milk allergy; the other five toxins remain.
    pytest.param(
        person(30, ["glabellar-lines"], health=["allergy-cow-milk-protein"]),
        {
            TOX: "recommended",
            "glabellar-lines/botulinum-toxin": "recommended",
            "excluded:botulinum-toxin": {"dysport"},
        },
        id="cow_milk_allergy_frown_lines",
    ),
    # TOX-CI-3, TOX-IND-11, TOX-IND-16, TOX-IND-21, TOX-IND-24: Dysport out, Botox, Xeomin and
    # Daxxify remain; a medical use is referred.
    pytest.param(
        person(50, ["cervical-dystonia"], health=["allergy-cow-milk-protein"]),
        {
            TOX: "refer",
            "cervical-dystonia/botulinum-toxin": "refer",
            "excluded:botulinum-toxin": {"dysport"},
        },
        id="cow_milk_allergy_cervical_dystonia",
    ),
    # TOX-CI-3, TOX-IND-10, TOX-IND-18, TOX-IND-20: arm spasticity; Dysport out, Botox and Xeomin
    # (adults) remain.
    pytest.param(
        person(45, ["upper-limb-spasticity"], health=["allergy-cow-milk-protein"]),
        {TOX: "refer", "excluded:botulinum-toxin": {"dysport"}},
        id="cow_milk_allergy_arm_spasticity_after_stroke",
    ),
    # TOX-CI-1: hypersensitivity to any botulinum toxin product is a contraindication for all.
    pytest.param(
        person(40, ["glabellar-lines", "crows-feet"], health=["allergy-botulinum-toxin"]),
        {
            TOX: "not-suitable",
            "glabellar-lines/botulinum-toxin": "not-suitable",
            "crows-feet/botulinum-toxin": "not-suitable",
        },
        id="toxin_allergy_frown_lines_and_crows_feet",
    ),
    # TOX-CI-1, TOX-IND-9: the contraindication holds for a medical use too (absolute before refer).
    pytest.param(
        person(40, ["chronic-migraine"], health=["allergy-botulinum-toxin"]),
        {TOX: "not-suitable", "chronic-migraine/botulinum-toxin": "not-suitable"},
        id="toxin_allergy_chronic_migraine",
    ),
    # TOX-CI-2: infection at the injection site contraindicates every toxin.
    pytest.param(
        person(38, ["crows-feet"], health=["infection-at-site"]),
        {TOX: "not-suitable", "crows-feet/botulinum-toxin": "not-suitable"},
        id="infection_at_site_crows_feet",
    ),
    # FIL-CI-6: do not inject fillers into infected or inflamed skin (every filler class).
    pytest.param(
        person(48, ["nasolabial-folds"], health=["infection-at-site"]),
        {**only("not-suitable", TOX, *ALL_FILLERS), "nasolabial-folds/ha-filler": "not-suitable"},
        id="cold_sore_wants_smile_lines",
    ),
    # ---------------------------------------------------------------- pregnancy and breastfeeding
    # TOX-PREG-1, TOX-PREG-3: no cosmetic toxin while pregnant.
    pytest.param(
        person(31, ["glabellar-lines"], health=["pregnant"]),
        {TOX: "not-suitable", "glabellar-lines/botulinum-toxin": "not-suitable"},
        id="pregnant_wants_frown_lines",
    ),
    # TOX-PREG-3, TOX-PREG-4: no cosmetic toxin while breastfeeding.
    pytest.param(
        person(33, ["forehead-lines"], health=["breastfeeding"]),
        {TOX: "not-suitable", "forehead-lines/botulinum-toxin": "not-suitable"},
        id="breastfeeding_wants_forehead_lines",
    ),
    # TOX-IND-9, TOX-PREG-1: for a medical use pregnancy is a relative caution; a medical use is
    # referred before cautions are weighed.
    pytest.param(
        person(29, ["chronic-migraine"], health=["pregnant"]),
        {TOX: "refer", "chronic-migraine/botulinum-toxin": "refer"},
        id="pregnant_with_chronic_migraine",
    ),
    # TOX-IND-11, TOX-PREG-3 (cosmetic only): breastfeeding, medical use, referred.
    pytest.param(
        person(34, ["cervical-dystonia"], health=["breastfeeding"]),
        {TOX: "refer", "cervical-dystonia/botulinum-toxin": "refer"},
        id="breastfeeding_with_cervical_dystonia",
    ),
    # TOX-PREG-3, TOX-IND-9: cosmetic use out, medical use referred; the best of the two is refer.
    pytest.param(
        person(32, ["glabellar-lines", "chronic-migraine"], health=["pregnant"]),
        {
            TOX: "refer",
            "glabellar-lines/botulinum-toxin": "not-suitable",
            "chronic-migraine/botulinum-toxin": "refer",
        },
        id="pregnant_frown_lines_and_migraine",
    ),
    # FIL-CI-9, FIL-PROD-5..8: safety in pregnancy not established for HA, PLLA, PMMA (relative);
    # Radiesse's information says do not use in pregnancy (absolute in the data).
    pytest.param(
        person(30, ["nasolabial-folds"], health=["pregnant"]),
        {
            TOX: "not-suitable",
            HA: "caution",
            CAHA: "not-suitable",
            PLLA: "caution",
            PMMA: "caution",
            "nasolabial-folds/caha-filler": "not-suitable",
            "nasolabial-folds/botulinum-toxin": None,
        },
        id="pregnant_wants_smile_lines",
    ),
    # FIL-CI-9, FIL-PROD-6, FIL-PROD-10: hands: Restylane Lyft (HA, caution) and Radiesse (CaHA,
    # not while breastfeeding in the data).
    pytest.param(
        person(36, ["hand-volume"], health=["breastfeeding"]),
        {HA: "caution", CAHA: "not-suitable", PLLA: "not-suitable", PMMA: "not-suitable"},
        id="breastfeeding_wants_hand_volume",
    ),
    # ---------------------------------------------------------------- toxin warnings -> caution
    # TOX-WP-1: a neuromuscular disorder raises the risk of serious weakness, swallowing and
    # breathing problems.
    pytest.param(
        person(52, ["glabellar-lines"], health=["neuromuscular-disorder"]),
        {TOX: "caution", "glabellar-lines/botulinum-toxin": "caution"},
        id="myasthenia_wants_frown_lines",
    ),
    # TOX-WP-1, TOX-IND-11: the same warning with a medical use: refer comes first.
    pytest.param(
        person(52, ["cervical-dystonia"], health=["neuromuscular-disorder"]),
        {TOX: "refer"},
        id="neuromuscular_disorder_cervical_dystonia",
    ),
    # TOX-WP-1, TOX-IND-9: frown lines with a caution, migraine referred: caution ranks above refer.
    pytest.param(
        person(44, ["glabellar-lines", "chronic-migraine"], health=["neuromuscular-disorder"]),
        {
            TOX: "caution",
            "glabellar-lines/botulinum-toxin": "caution",
            "chronic-migraine/botulinum-toxin": "refer",
        },
        id="neuromuscular_disorder_frown_lines_and_migraine",
    ),
    # TOX-BOX-1, TOX-WP-2, TOX-IND-4: swallowing and breathing problems; neck bands (Botox only).
    pytest.param(
        person(58, ["platysma-bands"], health=["breathing-or-swallowing-problems"]),
        {TOX: "caution", "platysma-bands/botulinum-toxin": "caution"},
        id="copd_wants_neck_bands",
    ),
    # TOX-WP-5: caution with pre-existing cardiovascular disease.
    pytest.param(
        person(61, ["crows-feet"], health=["cardiovascular-disease"]),
        {TOX: "caution", "crows-feet/botulinum-toxin": "caution"},
        id="heart_disease_wants_crows_feet",
    ),
    # TOX-WP-5, TOX-IND-12: the same warning with a medical use: referred.
    pytest.param(
        person(27, ["axillary-hyperhidrosis"], health=["cardiovascular-disease"]),
        {TOX: "refer", "axillary-hyperhidrosis/botulinum-toxin": "refer"},
        id="heart_disease_with_underarm_sweating",
    ),
    # TOX-DDI-1: aminoglycosides may potentiate the toxin.
    pytest.param(
        person(47, ["forehead-lines"], health=["aminoglycoside-or-neuromuscular-blocker"]),
        {TOX: "caution"},
        id="on_gentamicin_wants_forehead_lines",
    ),
    # TOX-DDI-2: anticholinergic effects may be potentiated.
    pytest.param(
        person(55, ["glabellar-lines"], health=["anticholinergic-use"]),
        {TOX: "caution"},
        id="on_oxybutynin_wants_frown_lines",
    ),
    # TOX-IND-6, TOX-DDI-2: overactive bladder (Botox, adults) is a medical use: refer.
    pytest.param(
        person(63, ["overactive-bladder"], health=["anticholinergic-use"]),
        {
            TOX: "refer",
            "overactive-bladder/botulinum-toxin": "refer",
            **only("not-suitable", *ALL_FILLERS),
            "overactive-bladder/ha-filler": None,
        },
        id="overactive_bladder_on_anticholinergic",
    ),
    # TOX-WP-8: caution with ptosis (existing eyelid droop) for cosmetic use.
    pytest.param(
        person(59, ["forehead-lines"], health=["existing-eyelid-droop"]),
        {TOX: "caution", "forehead-lines/botulinum-toxin": "caution"},
        id="eyelid_droop_wants_forehead_lines",
    ),
    # TOX-WP-8: caution with surgically altered facial anatomy (toxin, cosmetic); the filler
    # data carries no caution for past facial surgery, so cheek filler stays recommended.
    pytest.param(
        person(57, ["glabellar-lines", "cheek-volume"], health=["prior-facial-surgery"]),
        {
            TOX: "caution",
            HA: "recommended",
            "glabellar-lines/botulinum-toxin": "caution",
            "cheek-volume/ha-filler": "recommended",
        },
        id="after_facelift_frown_lines_and_cheeks",
    ),
    # TOX-WP-4 (toxin: warning), FIL-CI-2, FIL-CI-3, FIL-CI-4 (HA, Radiesse, Bellafill:
    # contraindicated with severe allergies); for Sculptra no label wording was read, so the data
    # carries the other labels' rule over as a warning: caution, not excluded.
    pytest.param(
        person(
            45, ["glabellar-lines", "nasolabial-folds"], health=["severe-allergies-anaphylaxis"]
        ),
        {
            TOX: "caution",
            HA: "not-suitable",
            CAHA: "not-suitable",
            PLLA: "caution",
            PMMA: "not-suitable",
            "glabellar-lines/botulinum-toxin": "caution",
            "nasolabial-folds/plla-filler": "caution",
        },
        id="past_anaphylaxis_frown_lines_and_smile_lines",
    ),
    # FIL-CI-7, SHR-AFTER-1: blood thinners mean more bruising: a warning for every option
    # (Bellafill: no product wording read; the general rule is carried over as a warning).
    pytest.param(
        person(42, ["crows-feet", "nasolabial-folds"], health=["anticoagulant-or-antiplatelet"]),
        {
            TOX: "caution",
            HA: "caution",
            CAHA: "caution",
            PLLA: "caution",
            PMMA: "caution",
            "crows-feet/botulinum-toxin": "caution",
            "nasolabial-folds/ha-filler": "caution",
        },
        id="on_blood_thinners_crows_feet_and_smile_lines",
    ),
    # ---------------------------------------------------------------- retreatment interval
    # TOX-RETX-1..5, TOX-DDI-5: no toxin sooner than 90 days; 30 days ago -> again from +90 days.
    # (This is the intake of PRODUCT.md's JSON example, treated 53 days ago.)
    pytest.param(
        person(
            42,
            ["crows-feet", "nasolabial-folds"],
            health=["anticoagulant-or-antiplatelet"],
            recent=[toxin("2026-10-01")],
            preferences={"longevity": 2, "reversibility": 3},
        ),
        {
            TOX: "not-suitable",
            "crows-feet/botulinum-toxin": "not-suitable",
            "available_from:botulinum-toxin": "2026-12-30",
            HA: "caution",
            "nasolabial-folds/ha-filler": "caution",
        },
        id="product_md_example_toxin_53_days_ago",
    ),
    # TOX-RETX-1..5: toxin 30 days ago.
    pytest.param(
        person(39, ["glabellar-lines"], recent=[toxin(DAYS_AGO_30)]),
        {
            TOX: "not-suitable",
            "glabellar-lines/botulinum-toxin": "not-suitable",
            "available_from:botulinum-toxin": "2027-01-22",
        },
        id="toxin_30_days_ago_frown_lines",
    ),
    # TOX-RETX-1..5: toxin 100 days ago: past the 90 days, fine again.
    pytest.param(
        person(39, ["glabellar-lines"], recent=[toxin(DAYS_AGO_100)]),
        {TOX: "recommended", "available_from:botulinum-toxin": None},
        id="toxin_100_days_ago_frown_lines",
    ),
    # TOX-RETX-5: Botox Cosmetic at least 90 days apart: 89 days is one day short.
    pytest.param(
        person(41, ["crows-feet"], recent=[toxin(DAYS_AGO_89, "botox")]),
        {TOX: "not-suitable", "available_from:botulinum-toxin": "2026-11-24"},
        id="botox_89_days_ago_crows_feet",
    ),
    # TOX-RETX-5: exactly 90 days is allowed.
    pytest.param(
        person(41, ["crows-feet"], recent=[toxin(DAYS_AGO_90, "botox")]),
        {TOX: "recommended", "available_from:botulinum-toxin": None},
        id="botox_90_days_ago_crows_feet",
    ),
    # TOX-RETX-1..5 (class interval: Letybo has no interval of its own in the data).
    pytest.param(
        person(37, ["glabellar-lines"], recent=[toxin(DAYS_AGO_30, "letybo")]),
        {TOX: "not-suitable", "available_from:botulinum-toxin": "2027-01-22"},
        id="letybo_30_days_ago_frown_lines",
    ),
    # TOX-RETX-1..5 set intervals for cosmetic uses only (TOX-RETX-2: arm spasticity differs);
    # TOX-IND-11: for a medical use the specialist decides, so it stays refer.
    pytest.param(
        person(55, ["cervical-dystonia"], recent=[toxin(DAYS_AGO_30, "dysport")]),
        {
            TOX: "refer",
            "cervical-dystonia/botulinum-toxin": "refer",
            "available_from:botulinum-toxin": None,
        },
        id="dysport_30_days_ago_cervical_dystonia",
    ),
    # TOX-RETX-1..5, FIL-PROD-1: a recent toxin does not hold back a filler (SHR-COMB-1..4).
    pytest.param(
        person(46, ["glabellar-lines", "cheek-volume"], recent=[toxin(DAYS_AGO_30)]),
        {
            TOX: "not-suitable",
            HA: "recommended",
            "available_from:botulinum-toxin": "2027-01-22",
            "available_from:ha-filler": None,
        },
        id="toxin_30_days_ago_frown_lines_and_cheeks",
    ),
    # FIL-PROD-3..5: fillers have no minimum interval in the data; HA 10 days ago changes nothing.
    pytest.param(
        person(
            29,
            ["lip-volume"],
            recent=[{"option": HA, "date": DAYS_AGO_10, "product": "restylane-kysse"}],
        ),
        {HA: "recommended", "available_from:ha-filler": None},
        id="ha_filler_10_days_ago_lip_volume",
    ),
    # ---------------------------------------------------------------- several cosmetic concerns
    # SHR-MOA-1, TOX-IND-1, FIL-PROD-1, FIL-PROD-6, FIL-PROD-7: lines -> toxin, cheeks -> HA;
    # Radiesse and Sculptra have no cheek label, Bellafill neither.
    pytest.param(
        person(45, ["glabellar-lines", "cheek-volume"]),
        {
            TOX: "recommended",
            HA: "recommended",
            CAHA: "not-suitable",
            PLLA: "not-suitable",
            PMMA: "not-suitable",
            "glabellar-lines/botulinum-toxin": "recommended",
            "glabellar-lines/ha-filler": None,
            "cheek-volume/ha-filler": "recommended",
            "cheek-volume/botulinum-toxin": None,
            "cheek-volume/caha-filler": None,
        },
        id="frown_lines_and_flat_cheeks",
    ),
    # TOX-IND-2, TOX-IND-3, TOX-IND-22, FIL-PROD-5..8, FIL-CLASS-4: HA and CaHA add volume to
    # folds (first-line); Sculptra stimulates collagen (suitable); Bellafill is permanent
    # (suitable, never first-line) and is labelled for smile lines only, not marionette lines.
    pytest.param(
        person(
            54,
            ["forehead-lines", "crows-feet", "nasolabial-folds", "marionette-lines"],
            preferences={"reversibility": 0, "longevity": 3, "fewer-visits": 3},
        ),
        {
            TOX: "recommended",
            HA: "recommended",
            CAHA: "recommended",
            PLLA: "suitable",
            PMMA: "suitable",
            "forehead-lines/botulinum-toxin": "recommended",
            "crows-feet/botulinum-toxin": "recommended",
            "nasolabial-folds/ha-filler": "recommended",
            "nasolabial-folds/caha-filler": "recommended",
            "nasolabial-folds/plla-filler": "suitable",
            "nasolabial-folds/pmma-filler": "suitable",
            "marionette-lines/ha-filler": "recommended",
            "marionette-lines/plla-filler": "suitable",
            "marionette-lines/pmma-filler": None,
            "nasolabial-folds/botulinum-toxin": None,
        },
        id="upper_face_lines_and_smile_and_marionette_lines",
    ),
    # ---------------------------------------------------------------- filler contraindications
    # FIL-CI-2: every HA lip product (Volbella, Ultra, Kysse) contains lidocaine.
    pytest.param(
        person(34, ["lip-volume"], health=["allergy-lidocaine"]),
        {
            HA: "not-suitable",
            "lip-volume/ha-filler": "not-suitable",
            "excluded:ha-filler": {"juvederm-volbella", "juvederm-ultra", "restylane-kysse"},
        },
        id="lidocaine_allergy_lip_volume",
    ),
    # FIL-CI-2, FIL-REG-5, FIL-PROD-6..8: lidocaine products out for smile lines: all HA products
    # labelled for them and Bellafill; Radiesse comes with and without lidocaine (S-RAD-ISI), so
    # caution; Sculptra (no lidocaine) remains, suitable.
    pytest.param(
        person(50, ["nasolabial-folds"], health=["allergy-lidocaine"]),
        {
            HA: "not-suitable",
            CAHA: "caution",
            PLLA: "suitable",
            PMMA: "not-suitable",
            "excluded:ha-filler": {"restylane-lyft", "juvederm-ultra", "juvederm-vollure"},
            "excluded:caha-filler": set(),
            "excluded:pmma-filler": {"bellafill"},
        },
        id="lidocaine_allergy_smile_lines",
    ),
    # FIL-CI-2, TOX-PROD-5..11: lidocaine allergy does not touch toxins (no lidocaine in them).
    pytest.param(
        person(40, ["glabellar-lines"], health=["allergy-lidocaine"]),
        {TOX: "recommended", "excluded:botulinum-toxin": set()},
        id="lidocaine_allergy_frown_lines",
    ),
    # FIL-CI-2: HA fillers contraindicated with allergy to gram-positive bacterial proteins;
    # no other class is labelled for lips.
    pytest.param(
        person(28, ["lip-volume"], health=["allergy-gram-positive-bacterial-protein"]),
        {HA: "not-suitable", **only("not-suitable", TOX, CAHA, PLLA, PMMA)},
        id="gram_positive_allergy_lip_volume",
    ),
    # FIL-CI-3, FIL-CI-4, FIL-CI-5: filler-component allergy: Radiesse, Sculptra, Bellafill
    # contraindicated; HA (allergy testing not required) only relative in the data.
    pytest.param(
        person(49, ["nasolabial-folds"], health=["allergy-filler-component"]),
        {HA: "caution", CAHA: "not-suitable", PLLA: "not-suitable", PMMA: "not-suitable"},
        id="filler_allergy_smile_lines",
    ),
    # FIL-CI-1: bleeding disorder: HA, PLLA, PMMA relative; Radiesse contraindicated in the data.
    pytest.param(
        person(43, ["nasolabial-folds"], health=["bleeding-disorder"]),
        {
            HA: "caution",
            CAHA: "not-suitable",
            PLLA: "caution",
            PMMA: "caution",
            "nasolabial-folds/caha-filler": "not-suitable",
        },
        id="von_willebrand_smile_lines",
    ),
    # FIL-CI-1 is about fillers; the toxin data has no bleeding-disorder caution.
    pytest.param(
        person(43, ["glabellar-lines"], health=["bleeding-disorder"]),
        {TOX: "recommended"},
        id="von_willebrand_frown_lines",
    ),
    # FIL-PROD-5..8: keloids: Sculptra contraindicated, Bellafill relative, HA warning. Radiesse
    # was "recommended" here until issue 18: no Radiesse label wording on keloids was read, but
    # the caution holds for every filler (S-SCUL-ISI, S-JUV-OLD, S-RESTYLANE-MIMS), so caution.
    pytest.param(
        person(38, ["nasolabial-folds"], health=["keloid-or-hypertrophic-scarring"]),
        {HA: "caution", CAHA: "caution", PLLA: "not-suitable", PMMA: "caution"},
        id="keloid_former_smile_lines",
    ),
    # FIL-PROD-8, FIL-CLASS-4: Bellafill is the only filler labelled for acne scars.
    pytest.param(
        person(33, ["acne-scars"], health=["keloid-or-hypertrophic-scarring"]),
        {PMMA: "caution", "acne-scars/pmma-filler": "caution"},
        id="keloid_former_acne_scars",
    ),
    # FIL-PROD-8, FIL-PROD-9, FIL-CLASS-4, FIL-RISK-8: acne scars -> Bellafill only; permanent, so
    # suitable, never recommended, whatever the preferences say.
    pytest.param(
        person(
            30, ["acne-scars"], preferences={"longevity": 3, "fewer-visits": 3, "reversibility": 0}
        ),
        {
            PMMA: "suitable",
            **only("not-suitable", TOX, HA, CAHA, PLLA),
            "acne-scars/pmma-filler": "suitable",
            "acne-scars/ha-filler": None,
            "acne-scars/botulinum-toxin": None,
        },
        id="acne_scars_wants_longevity",
    ),
    # FIL-CI-8: for Bellafill the HA label's infection caution with a weak immune system is carried
    # over as a warning: caution.
    pytest.param(
        person(41, ["acne-scars"], health=["immunosuppressed"]),
        {PMMA: "caution", "acne-scars/pmma-filler": "caution"},
        id="kidney_transplant_acne_scars",
    ),
    # FIL-CI-4: Bellafill must not be used with a (positive skin test for) bovine collagen allergy.
    pytest.param(
        person(35, ["acne-scars"], health=["allergy-bovine-collagen"]),
        {PMMA: "not-suitable", "acne-scars/pmma-filler": "not-suitable"},
        id="bovine_collagen_allergy_acne_scars",
    ),
    # FIL-PROD-6, FIL-PROD-10: hands: Restylane Lyft and Radiesse; autoimmune disease is a warning
    # for HA and CaHA in the data.
    pytest.param(
        person(62, ["hand-volume"], health=["autoimmune-disease"]),
        {HA: "caution", CAHA: "caution", PLLA: "not-suitable", PMMA: "not-suitable"},
        id="lupus_wants_hand_volume",
    ),
    # FIL-PROD-1: cheeks (Voluma, Lyft); a permanent filler already in place is a warning for HA.
    pytest.param(
        person(56, ["cheek-volume"], health=["permanent-filler-in-area"]),
        {HA: "caution", "cheek-volume/ha-filler": "caution"},
        id="old_permanent_filler_wants_cheeks",
    ),
    # FIL-PROD-5, -6, -7, -8 and S-RESTYLANE-MIMS, S-SCUL-MIMS: a permanent filler already in the
    # area is a warning for every filler. Until issue 18 Radiesse came out recommended and
    # Bellafill suitable here.
    pytest.param(
        person(50, ["nasolabial-folds"], health=["permanent-filler-in-area"]),
        {
            HA: "caution",
            CAHA: "caution",
            PLLA: "caution",
            PMMA: "caution",
            "nasolabial-folds/caha-filler": "caution",
            "nasolabial-folds/pmma-filler": "caution",
        },
        id="old_permanent_filler_wants_smile_lines",
    ),
    # FIL-PROD-6, FIL-PROD-7, FIL-CI-8: HIV face fat loss: Radiesse and Sculptra labelled; Sculptra
    # is relative with immune-lowering medicines; for Radiesse the HA label's infection caution is
    # carried over as a warning. Both labelled, both caution.
    pytest.param(
        person(47, ["hiv-lipoatrophy"], health=["immunosuppressed"]),
        {
            CAHA: "caution",
            PLLA: "caution",
            HA: "not-suitable",
            PMMA: "not-suitable",
            "hiv-lipoatrophy/ha-filler": None,
        },
        id="immunosuppressed_hiv_lipoatrophy",
    ),
    # FIL-PROD-6, FIL-PROD-7, FIL-PROD-9: both labelled HIV-lipoatrophy fillers fit volume loss.
    pytest.param(
        person(40, ["hiv-lipoatrophy"]),
        {CAHA: "recommended", PLLA: "recommended", HA: "not-suitable"},
        id="hiv_lipoatrophy",
    ),
    # ---------------------------------------------------------------- filler ages and areas
    # FIL-REG-2, FIL-CI-9: fillers are for 22 and over (lips: under 21 not established).
    pytest.param(
        person(21, ["lip-volume"]),
        {HA: "not-suitable", "lip-volume/ha-filler": "not-suitable"},
        id="age_21_wants_lip_volume_nothing_approved",
    ),
    # FIL-REG-2, FIL-PROD-3..5.
    pytest.param(
        person(22, ["lip-volume"]),
        {HA: "recommended", "lip-volume/ha-filler": "recommended", "excluded:ha-filler": set()},
        id="age_22_wants_lip_volume",
    ),
    # FIL-REG-2 (fillers 22+), TOX-IND-1 (toxin 18+): at 21 the toxin fits, the filler does not.
    pytest.param(
        person(21, ["glabellar-lines", "lip-volume"]),
        {
            TOX: "recommended",
            HA: "not-suitable",
            "glabellar-lines/botulinum-toxin": "recommended",
            "lip-volume/ha-filler": "not-suitable",
        },
        id="age_21_frown_lines_and_lips",
    ),
    # FIL-PROD-3..5, FIL-PROD-9: fine lines around the lips: HA (Volbella, Ultra, Kysse) only.
    pytest.param(
        person(60, ["perioral-lines"]),
        {HA: "recommended", **only("not-suitable", TOX, CAHA, PLLA, PMMA)},
        id="smokers_lines_around_lips",
    ),
    # FIL-PROD-1: chin augmentation (Voluma).
    pytest.param(
        person(30, ["chin-profile"]),
        {HA: "recommended", "chin-profile/ha-filler": "recommended", CAHA: "not-suitable"},
        id="receding_chin",
    ),
    # FIL-PROD-2: jawline definition (Volux); S-DC-RAD-JAWLINE: Radiesse (+) too, since
    # September 2021 (it was wrongly not-suitable here until issue 18).
    pytest.param(
        person(52, ["jawline-definition"]),
        {
            HA: "recommended",
            CAHA: "recommended",
            "jawline-definition/ha-filler": "recommended",
            "jawline-definition/caha-filler": "recommended",
            "jawline-definition/plla-filler": None,
        },
        id="soft_jawline",
    ),
    # S-DC-RAD-JAWLINE, S-RAD-ISI: only Radiesse (+), with lidocaine, is approved for the jawline,
    # so a lidocaine allergy rules CaHA out there (but not for smile lines, where plain Radiesse
    # is an option: relative).
    pytest.param(
        person(52, ["jawline-definition", "nasolabial-folds"], health=["allergy-lidocaine"]),
        {
            "jawline-definition/caha-filler": "not-suitable",
            "nasolabial-folds/caha-filler": "caution",
            "excluded:caha-filler": {"radiesse"},
        },
        id="lidocaine_allergy_jawline",
    ),
    # FIL-PROD-1, FIL-PROD-11: temple hollowing (Voluma, 2024).
    pytest.param(
        person(58, ["temple-hollows"]),
        {HA: "recommended", "temple-hollows/ha-filler": "recommended"},
        id="hollow_temples",
    ),
    # FIL-PROD-3: under-eye hollows (Volbella).
    pytest.param(
        person(44, ["under-eye-hollows"]),
        {HA: "recommended", "under-eye-hollows/ha-filler": "recommended", TOX: "not-suitable"},
        id="tear_troughs",
    ),
    # TOX-IND-4: neck bands (Botox Cosmetic, adults, 2024).
    pytest.param(
        person(60, ["platysma-bands"]),
        {TOX: "recommended", "platysma-bands/botulinum-toxin": "recommended"},
        id="neck_bands",
    ),
    # ---------------------------------------------------------------- medical uses -> refer
    # TOX-IND-9: chronic migraine (Botox, adults): specialist care.
    pytest.param(
        person(40, ["chronic-migraine"]),
        {
            TOX: "refer",
            "chronic-migraine/botulinum-toxin": "refer",
            "chronic-migraine/ha-filler": None,
            **only("not-suitable", *ALL_FILLERS),
        },
        id="chronic_migraine",
    ),
    # TOX-IND-9: migraine prevention with Botox is for adults only.
    pytest.param(
        person(17, ["chronic-migraine"]),
        {TOX: "not-suitable", "chronic-migraine/botulinum-toxin": "not-suitable"},
        id="age_17_chronic_migraine_nothing_approved",
    ),
    # TOX-IND-6: overactive bladder.
    pytest.param(
        person(67, ["overactive-bladder"]),
        {TOX: "refer", "excluded:botulinum-toxin": set()},
        id="overactive_bladder",
    ),
    # TOX-CI-4, TOX-CI-5: Botox in the bladder is contraindicated with a UTI; Botox is the only
    # product labelled for the bladder.
    pytest.param(
        person(66, ["overactive-bladder"], health=["urinary-tract-infection"]),
        {
            TOX: "not-suitable",
            "overactive-bladder/botulinum-toxin": "not-suitable",
            "excluded:botulinum-toxin": {"botox"},
        },
        id="overactive_bladder_with_uti",
    ),
    # TOX-CI-4: ... and with urinary retention.
    pytest.param(
        person(71, ["overactive-bladder"], health=["urinary-retention"]),
        {TOX: "not-suitable", "excluded:botulinum-toxin": {"botox"}},
        id="overactive_bladder_with_urinary_retention",
    ),
    # TOX-CI-4, TOX-IND-7: the same for bladder leaking from a nerve condition.
    pytest.param(
        person(35, ["neurogenic-detrusor-overactivity"], health=["urinary-retention"]),
        {TOX: "not-suitable", "excluded:botulinum-toxin": {"botox"}},
        id="spinal_cord_injury_bladder_with_retention",
    ),
    # TOX-CI-4 is about injection into the bladder only: a UTI does not touch frown lines.
    pytest.param(
        person(45, ["glabellar-lines"], health=["urinary-tract-infection"]),
        {TOX: "recommended", "excluded:botulinum-toxin": set()},
        id="uti_frown_lines",
    ),
    # TOX-CI-4 (bladder only), TOX-IND-9: urinary retention does not touch migraine.
    pytest.param(
        person(50, ["chronic-migraine"], health=["urinary-retention"]),
        {TOX: "refer", "excluded:botulinum-toxin": set()},
        id="urinary_retention_chronic_migraine",
    ),
    # TOX-IND-8: neurogenic detrusor overactivity in children from 5 years.
    pytest.param(
        person(4, ["neurogenic-detrusor-overactivity"]),
        {TOX: "not-suitable", "neurogenic-detrusor-overactivity/botulinum-toxin": "not-suitable"},
        id="age_4_spina_bifida_bladder",
    ),
    # TOX-IND-8.
    pytest.param(
        person(5, ["neurogenic-detrusor-overactivity"]),
        {TOX: "refer", "neurogenic-detrusor-overactivity/botulinum-toxin": "refer"},
        id="age_5_spina_bifida_bladder",
    ),
    # TOX-IND-8, TOX-CI-4: a child with a UTI.
    pytest.param(
        person(9, ["neurogenic-detrusor-overactivity"], health=["urinary-tract-infection"]),
        {TOX: "not-suitable", "excluded:botulinum-toxin": {"botox"}},
        id="age_9_nerve_bladder_with_uti",
    ),
    # TOX-IND-11, TOX-IND-16, TOX-IND-21, TOX-IND-24: cervical dystonia, four products.
    pytest.param(
        person(48, ["cervical-dystonia"]),
        {TOX: "refer", "excluded:botulinum-toxin": set()},
        id="cervical_dystonia",
    ),
    # TOX-IND-12, TOX-DUR-2: heavy underarm sweating (Botox, adults).
    pytest.param(
        person(24, ["axillary-hyperhidrosis"]),
        {TOX: "refer", "axillary-hyperhidrosis/botulinum-toxin": "refer"},
        id="underarm_sweating",
    ),
    # TOX-IND-12, TOX-IND-1: a cosmetic and a medical concern: the best status wins.
    pytest.param(
        person(30, ["axillary-hyperhidrosis", "glabellar-lines"]),
        {
            TOX: "recommended",
            "axillary-hyperhidrosis/botulinum-toxin": "refer",
            "glabellar-lines/botulinum-toxin": "recommended",
        },
        id="underarm_sweating_and_frown_lines",
    ),
    # TOX-IND-13, TOX-IND-21: blepharospasm: Botox from 12, Xeomin adults only.
    pytest.param(
        person(12, ["blepharospasm"]),
        {TOX: "refer", "excluded:botulinum-toxin": {"xeomin"}},
        id="age_12_blepharospasm",
    ),
    # TOX-IND-13.
    pytest.param(
        person(11, ["blepharospasm"]),
        {TOX: "not-suitable"},
        id="age_11_blepharospasm",
    ),
    # TOX-IND-13, TOX-WP-8 (eyelid droop is a cosmetic-use warning; medical use is referred).
    pytest.param(
        person(66, ["blepharospasm"], health=["existing-eyelid-droop"]),
        {TOX: "refer", "excluded:botulinum-toxin": set()},
        id="blepharospasm_with_eyelid_droop",
    ),
    # TOX-IND-14: strabismus from 12 years.
    pytest.param(
        person(12, ["strabismus"]),
        {TOX: "refer", "strabismus/botulinum-toxin": "refer"},
        id="age_12_strabismus",
    ),
    # TOX-IND-14.
    pytest.param(
        person(11, ["strabismus"]),
        {TOX: "not-suitable", "strabismus/botulinum-toxin": "not-suitable"},
        id="age_11_strabismus",
    ),
    # TOX-IND-10, TOX-IND-18, TOX-IND-20, TOX-BOX-3: spasticity from 2 (Botox, Dysport); Xeomin's
    # arm spasticity listed for adults only.
    pytest.param(
        person(2, ["upper-limb-spasticity"]),
        {TOX: "refer", "excluded:botulinum-toxin": {"xeomin"}},
        id="age_2_cerebral_palsy_arm",
    ),
    # TOX-IND-10, TOX-IND-18, TOX-BOX-3.
    pytest.param(
        person(2, ["lower-limb-spasticity"]),
        {TOX: "refer", "lower-limb-spasticity/botulinum-toxin": "refer"},
        id="age_2_cerebral_palsy_leg",
    ),
    # TOX-IND-10, TOX-IND-18: under 2, no toxin is labelled for spasticity.
    pytest.param(
        person(1, ["lower-limb-spasticity"]),
        {TOX: "not-suitable"},
        id="age_1_leg_spasticity_nothing_approved",
    ),
    # TOX-IND-19: chronic drooling, Xeomin from 2 years.
    pytest.param(
        person(2, ["chronic-sialorrhea"]),
        {TOX: "refer", "chronic-sialorrhea/botulinum-toxin": "refer"},
        id="age_2_chronic_drooling",
    ),
    # TOX-IND-19.
    pytest.param(
        person(1, ["chronic-sialorrhea"]),
        {TOX: "not-suitable"},
        id="age_1_chronic_drooling",
    ),
    # TOX-IND-19, TOX-WP-1: adult with ALS drooling; referred (the warning does not lower refer).
    pytest.param(
        person(
            68,
            ["chronic-sialorrhea"],
            health=["neuromuscular-disorder", "breathing-or-swallowing-problems"],
        ),
        {TOX: "refer"},
        id="als_with_drooling",
    ),
]


def _reasons(option: dict[str, Any] | None) -> str:
    if option is None:
        return "  (option not in the decision)"
    lines = [f"  - {r.get('text')} {r.get('sources', [])}" for r in option.get("reasons", [])]
    excluded = [
        f"  x {e.get('product')}: {e.get('because')}" for e in option.get("excluded_products", [])
    ]
    return "\n".join(lines + excluded) or "  (no reasons given)"


@pytest.mark.parametrize(("intake", "expected"), CASES)
def test_the_decision_matches_the_facts(intake: dict[str, Any], expected: dict[str, Any]) -> None:
    kb = bundled_knowledge()
    decision = decide(kb, parse_intake(kb, intake)).to_json()
    options = {o["option"]: o for o in decision["options"]}
    statuses = {name: o["status"] for name, o in options.items()}
    per_concern = {
        c: {e["option"]: e["status"] for e in entries}
        for c, entries in decision["per_concern"].items()
    }
    problems = []
    for key, want in {**ALWAYS, **expected}.items():
        if key.startswith("excluded:"):
            name = key.removeprefix("excluded:")
            option = options.get(name) or {}
            got: Any = {e["product"] for e in option.get("excluded_products", [])}
        elif key.startswith("available_from:"):
            name = key.removeprefix("available_from:")
            got = (options.get(name) or {}).get("available_from")
        elif "/" in key:
            concern, name = key.split("/", 1)
            got = per_concern.get(concern, {}).get(name)
        else:
            name = key
            got = statuses.get(name)
        if got != want:
            problems.append(f"{key}: expected {want!r}, got {got!r}\n{_reasons(options.get(name))}")
    assert not problems, "\n".join(problems)

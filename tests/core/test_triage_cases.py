"""C5 triage against realistic reports, with expectations taken from the clinical fact sheet.

Every expected urgency below was derived from ../shared/facts/clinical-facts.md (the fact IDs
are named in the comment above each case), not from running the code. A red-flag expectation
must never be weakened to make a case pass: if the code disagrees, the code or the rules data
is what needs a second look.
"""

from __future__ import annotations

from typing import Any

import pytest

from toxfill.knowledge import bundled_knowledge
from toxfill.knowledge.models import UrgencyLevel
from toxfill.triage import parse_report, triage

TOXIN = "botulinum-toxin"
HA = "ha-filler"
CAHA = "caha-filler"
PLLA = "plla-filler"
PMMA = "pmma-filler"
FAT = "fat-grafting"
TREATMENTS = (TOXIN, HA, CAHA, PLLA, PMMA, FAT)
FILLERS = (HA, CAHA, PLLA, PMMA, FAT)


def reported(treatment: str, days: int, *symptoms: str, **extra: str) -> dict[str, Any]:
    return {"treatment": treatment, "days_since": days, "symptoms": list(symptoms), **extra}


CASES = [
    # ---------------------------------------------------------------- botulinum toxin
    # TOX-AE-7, TOX-AE-3, TOX-AE-8: headache is among the most common toxin side effects
    pytest.param(
        reported(TOXIN, 1, "headache", concern="glabellar-lines", product="jeuveau"),
        "self-care",
        id="toxin_glabellar_headache_day_1",
    ),
    # TOX-AE-1, TOX-AE-11: injection-site swelling, redness, tenderness are expected, minor
    pytest.param(
        reported(TOXIN, 0, "swelling", "redness", "tenderness", concern="forehead-lines"),
        "self-care",
        id="toxin_forehead_injection_site_reaction_day_0",
    ),
    # TOX-AE-1, TOX-AE-11: localized pain and minor bruising are expected after toxin
    pytest.param(
        reported(TOXIN, 2, "bruising", "mild-pain", concern="crows-feet", product="botox"),
        "self-care",
        id="toxin_crows_feet_bruise_and_ache_day_2",
    ),
    # TOX-AE-1, TOX-AE-11: minor bruising expected, but still there at 3 weeks needs a check
    pytest.param(
        reported(TOXIN, 21, "bruising", concern="crows-feet"),
        "routine",
        id="toxin_crows_feet_bruise_persisting_day_21",
    ),
    # TOX-AE-7, TOX-ONSET-1: headache is common early; still present after a month is not usual
    pytest.param(
        reported(TOXIN, 30, "headache", concern="forehead-lines"),
        "routine",
        id="toxin_forehead_headache_persisting_day_30",
    ),
    # TOX-AE-1, TOX-AE-11: eyelid droop after glabellar toxin is a known, temporary local effect
    pytest.param(
        reported(TOXIN, 5, "eyelid-droop", concern="glabellar-lines", product="dysport"),
        "routine",
        id="toxin_glabellar_eyelid_droop_day_5",
    ),
    # TOX-AE-11: eyebrow ptosis is rare, technique-dependent and temporary
    pytest.param(
        reported(TOXIN, 7, "brow-droop", concern="forehead-lines"),
        "routine",
        id="toxin_forehead_brow_droop_day_7",
    ),
    # TOX-WP-6: dry eye after toxin near the eyes; refer to an ophthalmologist if it persists
    pytest.param(
        reported(TOXIN, 10, "dry-eye", concern="crows-feet"),
        "routine",
        id="toxin_crows_feet_dry_eye_day_10",
    ),
    # TOX-AE-1 (S-TAS-TOX): small bumps where the needle went in settle within days after
    # toxin; aftercare calls them normal, so triage does too (issue 18, item 5)
    pytest.param(
        reported(TOXIN, 2, "lumps", concern="glabellar-lines"),
        "self-care",
        id="toxin_glabellar_needle_bumps_normal_day_2",
    ),
    # TOX-AE-1, SHR-MOA-1: toxins add no volume, so bumps that last are not expected
    pytest.param(
        reported(TOXIN, 5, "lumps", concern="glabellar-lines"),
        "routine",
        id="toxin_glabellar_lumps_lasting_day_5",
    ),
    # TOX-ONSET-1, TOX-AE-11: uneven result is not a listed reaction; the provider reviews it
    pytest.param(
        reported(TOXIN, 14, "asymmetry", concern="forehead-lines"),
        "routine",
        id="toxin_forehead_asymmetry_day_14",
    ),
    # TOX-BOX-1, TOX-BOX-2, SHR-URG-1: diplopia is a distant-spread sign; get help right away
    pytest.param(
        reported(TOXIN, 7, "double-vision", concern="glabellar-lines"),
        "urgent",
        id="toxin_spread_double_vision_day_7",
    ),
    # TOX-BOX-1, TOX-BOX-2, TOX-WP-10: blurred vision weeks later is still a spread sign
    pytest.param(
        reported(TOXIN, 21, "vision-change", concern="crows-feet"),
        "urgent",
        id="toxin_spread_blurred_vision_day_21",
    ),
    # TOX-BOX-1, TOX-WP-2: swallowing difficulty after neck toxin can be life-threatening
    pytest.param(
        reported(TOXIN, 7, "difficulty-swallowing", concern="platysma-bands"),
        "emergency",
        id="toxin_platysma_difficulty_swallowing_day_7",
    ),
    # TOX-BOX-1 (hours to weeks), TOX-BOX-3: breathing difficulty at 3 weeks, deaths reported
    pytest.param(
        reported(TOXIN, 21, "difficulty-breathing", concern="cervical-dystonia"),
        "emergency",
        id="toxin_cervical_dystonia_difficulty_breathing_day_21",
    ),
    # TOX-WP-2, SHR-URG-1, TOX-BOX-2: speech difficulty needs immediate medical attention
    pytest.param(
        reported(TOXIN, 14, "difficulty-speaking", concern="platysma-bands"),
        "emergency",
        id="toxin_platysma_difficulty_speaking_day_14",
    ),
    # TOX-BOX-1, TOX-BOX-2, SHR-URG-1, TOX-WP-10: all-over weakness = systemic spread, no driving
    pytest.param(
        reported(TOXIN, 7, "generalized-weakness", concern="upper-limb-spasticity"),
        "emergency",
        id="toxin_spasticity_generalized_weakness_day_7",
    ),
    # TOX-BOX-1, SHR-URG-1: spread signs on day 21 - one red flag wins over expected headache
    pytest.param(
        reported(TOXIN, 21, "headache", "eyelid-droop", "difficulty-swallowing"),
        "emergency",
        id="toxin_headache_droop_and_swallowing_day_21",
    ),
    # TOX-WP-5: cardiovascular events reported (some fatal); stroke signs always an emergency
    pytest.param(
        reported(TOXIN, 1, "stroke-symptoms", concern="glabellar-lines"),
        "emergency",
        id="toxin_stroke_symptoms_day_1",
    ),
    # TOX-WP-4, SHR-URG-2: urticaria / red itchy welts -> get medical help right away
    pytest.param(
        reported(TOXIN, 0, "hives", concern="glabellar-lines", product="dysport"),
        "urgent",
        id="toxin_hives_day_0",
    ),
    # TOX-WP-4, SHR-URG-5: soft-tissue oedema, dyspnoea, anaphylaxis -> emergency
    pytest.param(
        reported(TOXIN, 0, "hives", "face-or-throat-swelling", concern="glabellar-lines"),
        "emergency",
        id="toxin_hives_with_throat_swelling_day_0",
    ),
    # SHR-URG-2, TOX-AE-1: mild itching only at the injection site in the first days is a local
    # reaction; the medication guide asks for help right away for wheezing, dizziness or fainting
    pytest.param(
        reported(TOXIN, 1, "itching", concern="glabellar-lines", product="botox"),
        "self-care",
        id="toxin_itching_alone_day_1",
    ),
    # SHR-URG-2, TOX-AE-1: itching still there after the first days needs a provider's look
    pytest.param(
        reported(TOXIN, 10, "itching", concern="glabellar-lines"),
        "routine",
        id="toxin_itching_persisting_day_10",
    ),
    # TOX-AE-1: infection is a listed injection-site risk; fever with pus needs a provider today
    pytest.param(
        reported(TOXIN, 3, "fever", "pus-or-drainage", concern="forehead-lines"),
        "urgent",
        id="toxin_fever_and_pus_day_3",
    ),
    # TOX-AE-1: strong pain and colour change are not expected after toxin; seen today
    pytest.param(
        reported(TOXIN, 0, "severe-pain", "skin-dusky-or-mottled", concern="glabellar-lines"),
        "urgent",
        id="toxin_severe_pain_dusky_skin_day_0",
    ),
    # TOX-AE-1: blanching is not an expected toxin reaction; a provider should look today
    pytest.param(
        reported(TOXIN, 0, "skin-blanching", concern="crows-feet"),
        "urgent",
        id="toxin_skin_blanching_day_0",
    ),
    # TOX-AE-1, SHR-MOA-1: a lump months later is not an expected toxin reaction
    pytest.param(
        reported(TOXIN, 60, "delayed-nodule", concern="forehead-lines"),
        "routine",
        id="toxin_delayed_nodule_not_expected_day_60",
    ),
    # TOX-AE-1, TOX-DUR-1: swelling that will not settle is past the expected course
    pytest.param(
        reported(TOXIN, 20, "persistent-swelling", concern="crows-feet"),
        "routine",
        id="toxin_persistent_swelling_day_20",
    ),
    # ---------------------------------------------------------------- toxin into the bladder
    # TOX-CI-4, TOX-IND-6: urinary retention after intradetrusor toxin may need a catheter today
    pytest.param(
        reported(TOXIN, 2, "urinary-retention", zone="bladder", concern="overactive-bladder"),
        "urgent",
        id="bladder_toxin_urinary_retention_day_2",
    ),
    # TOX-CI-5: intradetrusor toxin increases UTI incidence; painful urination -> seen today
    pytest.param(
        reported(TOXIN, 5, "painful-urination", zone="bladder", concern="overactive-bladder"),
        "urgent",
        id="bladder_toxin_painful_urination_day_5",
    ),
    # TOX-CI-5, TOX-CI-4: UTI with fever after bladder toxin, plus trouble emptying the bladder
    pytest.param(
        reported(
            TOXIN,
            9,
            "painful-urination",
            "fever",
            "urinary-retention",
            concern="neurogenic-detrusor-overactivity",
        ),
        "urgent",
        id="bladder_toxin_uti_fever_and_retention_day_9",
    ),
    # TOX-BOX-2, SHR-URG-1: ptosis far from a bladder injection is a distant-spread sign
    pytest.param(
        reported(TOXIN, 7, "eyelid-droop", zone="bladder", concern="overactive-bladder"),
        "urgent",
        id="bladder_toxin_eyelid_droop_is_distant_spread_day_7",
    ),
    # TOX-BOX-2, SHR-URG-1: double vision after an underarm injection is a distant-spread sign
    pytest.param(
        reported(TOXIN, 10, "double-vision", concern="axillary-hyperhidrosis"),
        "urgent",
        id="underarm_toxin_double_vision_day_10",
    ),
    # ---------------------------------------------------------------- hyaluronic acid filler
    # FIL-AE-1, FIL-AE-4, SHR-AFTER-3: swelling and bruising after lip filler clear in 7-14 days
    pytest.param(
        reported(HA, 1, "swelling", "bruising", concern="lip-volume", product="restylane-kysse"),
        "self-care",
        id="lip_filler_swelling_and_bruising_day_1",
    ),
    # FIL-AE-3: lumps/bumps and firmness are listed, mostly mild and gone within 7 days
    pytest.param(
        reported(HA, 2, "lumps", "tenderness", concern="lip-volume"),
        "self-care",
        id="lip_filler_small_lumps_day_2",
    ),
    # FIL-AE-1, FIL-AE-4: itching, redness and mild pain are common early reactions
    pytest.param(
        reported(HA, 3, "itching", "redness", "mild-pain", concern="nasolabial-folds"),
        "self-care",
        id="nasolabial_filler_itching_redness_day_3",
    ),
    # FIL-AE-4, SHR-AFTER-2: swelling beyond 7-14 days should be reported to the provider
    pytest.param(
        reported(HA, 25, "swelling", concern="lip-volume"),
        "routine",
        id="lip_filler_swelling_persisting_day_25",
    ),
    # FIL-AE-4, FIL-AE-2: bruising still there at four weeks is beyond the usual course
    pytest.param(
        reported(HA, 28, "bruising", concern="nasolabial-folds"),
        "routine",
        id="nasolabial_filler_bruising_persisting_day_28",
    ),
    # FIL-AE-1: headache is not among the listed filler reactions; provider checks it
    pytest.param(
        reported(HA, 1, "headache", concern="cheek-volume"),
        "routine",
        id="cheek_filler_headache_not_expected_day_1",
    ),
    # FIL-VO-1, FIL-RISK-1: blanching is a warning sign of intravascular injection
    pytest.param(
        reported(HA, 0, "skin-blanching", concern="lip-volume", product="juvederm-volbella"),
        "emergency",
        id="lip_filler_blanching_day_0",
    ),
    # FIL-VO-1, FIL-VO-2: a blanched area among expected bruising - the red flag must win
    pytest.param(
        reported(HA, 0, "bruising", "swelling", "skin-blanching", concern="nasolabial-folds"),
        "emergency",
        id="nasolabial_filler_bruising_with_blanching_day_0",
    ),
    # FIL-VO-1, FIL-RISK-2, FIL-RISK-3: vision change after periorbital filler -> blindness risk
    pytest.param(
        reported(HA, 0, "vision-change", concern="under-eye-hollows"),
        "emergency",
        id="under_eye_filler_vision_change_day_0",
    ),
    # FIL-RISK-1, FIL-RISK-4, FIL-VO-9: vision change is an emergency even if it comes late
    pytest.param(
        reported(HA, 10, "vision-change", concern="cheek-volume", product="juvederm-voluma"),
        "emergency",
        id="cheek_filler_vision_change_late_day_10",
    ),
    # FIL-VO-1, FIL-RISK-4: double vision is a change in vision after filler
    pytest.param(
        reported(HA, 0, "double-vision", concern="temple-hollows"),
        "emergency",
        id="temple_filler_double_vision_day_0",
    ),
    # FIL-VO-2, SHR-URG-3: later dark / dusky discoloration suggests venous occlusion
    pytest.param(
        reported(HA, 2, "skin-dusky-or-mottled", "swelling", concern="temple-hollows"),
        "emergency",
        id="temple_filler_dusky_skin_day_2",
    ),
    # FIL-VO-1, FIL-VO-2: unusual pain is a warning sign of arterial occlusion
    pytest.param(
        reported(HA, 0, "severe-pain", concern="cheek-volume"),
        "emergency",
        id="cheek_filler_severe_pain_day_0",
    ),
    # FIL-VO-1, FIL-RISK-2: trouble speaking is a stroke sign after filler
    pytest.param(
        reported(HA, 0, "difficulty-speaking", concern="forehead-lines"),
        "emergency",
        id="forehead_filler_difficulty_speaking_day_0",
    ),
    # FIL-RISK-6, SHR-URG-5: hives may be allergy; seen today
    pytest.param(
        reported(HA, 1, "hives", concern="lip-volume"),
        "urgent",
        id="lip_filler_hives_day_1",
    ),
    # FIL-RISK-6, SHR-URG-5: fast face/throat swelling with breathing trouble is anaphylaxis
    pytest.param(
        reported(HA, 0, "face-or-throat-swelling", "difficulty-breathing", concern="lip-volume"),
        "emergency",
        id="lip_filler_throat_swelling_and_breathing_day_0",
    ),
    # FIL-RISK-6, SHR-URG-5: trouble swallowing after filler can be anaphylaxis
    pytest.param(
        reported(HA, 0, "difficulty-swallowing", concern="lip-volume"),
        "emergency",
        id="lip_filler_difficulty_swallowing_day_0",
    ),
    # FIL-AE-3, FIL-RISK-6, SHR-URG-4: spreading warm redness is infection risk
    pytest.param(
        reported(HA, 4, "spreading-redness-warmth", concern="chin-profile"),
        "urgent",
        id="chin_filler_spreading_redness_day_4",
    ),
    # SHR-URG-5, FIL-VO-1: all-over weakness is not a filler effect; seen today
    pytest.param(
        reported(HA, 1, "generalized-weakness", concern="jawline-definition"),
        "urgent",
        id="jawline_filler_generalized_weakness_day_1",
    ),
    # FIL-RISK-5, SHR-URG-4: delayed swelling after vaccination usually responds to treatment
    pytest.param(
        reported(HA, 240, "persistent-swelling", concern="lip-volume"),
        "routine",
        id="lip_filler_delayed_swelling_after_vaccination_month_8",
    ),
    # FIL-AE-2, FIL-RISK-6: nodules may emerge months later
    pytest.param(
        reported(HA, 120, "delayed-nodule", concern="cheek-volume"),
        "routine",
        id="cheek_filler_delayed_nodule_month_4",
    ),
    # FIL-RISK-6, SHR-URG-4: a late nodule that is hot, red and febrile is infection
    pytest.param(
        reported(HA, 200, "delayed-nodule", "spreading-redness-warmth", "fever"),
        "urgent",
        id="ha_filler_infected_delayed_nodule_month_7",
    ),
    # FIL-AE-1: an uneven result is not an emergency; the provider reviews it
    pytest.param(
        reported(HA, 20, "asymmetry", concern="lip-volume"),
        "routine",
        id="lip_filler_asymmetry_day_20",
    ),
    # ---------------------------------------------------------------- CaHA (Radiesse)
    # FIL-AE-6, FIL-AE-1: hand swelling and bruising last about a week
    pytest.param(
        reported(CAHA, 1, "swelling", "bruising", concern="hand-volume", product="radiesse"),
        "self-care",
        id="caha_hand_swelling_and_bruising_day_1",
    ),
    # FIL-AE-6, FIL-AE-4: hand swelling still there at three weeks needs a check
    pytest.param(
        reported(CAHA, 21, "swelling", concern="hand-volume"),
        "routine",
        id="caha_hand_swelling_persisting_day_21",
    ),
    # FIL-VO-1, FIL-VO-10: blanching after CaHA - no reversal enzyme, emergency
    pytest.param(
        reported(CAHA, 0, "skin-blanching", "mild-pain", concern="nasolabial-folds"),
        "emergency",
        id="caha_nasolabial_blanching_day_0",
    ),
    # FIL-VO-2, SHR-URG-3: later dusky skin after CaHA suggests venous compromise
    pytest.param(
        reported(CAHA, 3, "skin-dusky-or-mottled", concern="nasolabial-folds"),
        "emergency",
        id="caha_nasolabial_dusky_skin_day_3",
    ),
    # FIL-RISK-6, SHR-URG-4: pus at the site is infection
    pytest.param(
        reported(CAHA, 10, "pus-or-drainage", "redness", concern="hiv-lipoatrophy"),
        "urgent",
        id="caha_pus_day_10",
    ),
    # ---------------------------------------------------------------- PLLA (Sculptra)
    # FIL-AE-1, FIL-AE-4: swelling and tenderness are common and clear in 7-14 days
    pytest.param(
        reported(PLLA, 1, "swelling", "tenderness", concern="hiv-lipoatrophy", product="sculptra"),
        "self-care",
        id="plla_swelling_tenderness_day_1",
    ),
    # FIL-AE-2: most side effects resolve within a few weeks; still swollen at 25 days -> check
    pytest.param(
        reported(PLLA, 25, "swelling", concern="nasolabial-folds"),
        "routine",
        id="plla_swelling_persisting_day_25",
    ),
    # FIL-AE-2, FIL-RISK-6: nodules can emerge months after PLLA
    pytest.param(
        reported(PLLA, 180, "delayed-nodule", concern="hiv-lipoatrophy"),
        "routine",
        id="plla_delayed_nodule_month_6",
    ),
    # FIL-VO-1, FIL-RISK-1: vision change after any filler -> emergency
    pytest.param(
        reported(PLLA, 0, "vision-change", concern="nasolabial-folds"),
        "emergency",
        id="plla_vision_change_day_0",
    ),
    # FIL-RISK-6, SHR-URG-4: pus and fever after PLLA are infection
    pytest.param(
        reported(PLLA, 5, "pus-or-drainage", "fever", concern="nasolabial-folds"),
        "urgent",
        id="plla_pus_and_fever_day_5",
    ),
    # ---------------------------------------------------------------- PMMA (Bellafill)
    # FIL-AE-1, FIL-RISK-7: lumps and swelling early after PMMA are listed reactions
    pytest.param(
        reported(PMMA, 1, "lumps", "swelling", concern="acne-scars", product="bellafill"),
        "self-care",
        id="pmma_lumps_and_swelling_day_1",
    ),
    # FIL-AE-1, FIL-AE-4: bruising is an FDA-listed common risk of every dermal filler
    pytest.param(
        reported(PMMA, 1, "bruising", concern="nasolabial-folds"),
        "self-care",
        id="pmma_bruising_day_1",
    ),
    # FIL-RISK-7, FIL-RISK-6: granuloma/nodule can appear long after permanent PMMA
    pytest.param(
        reported(PMMA, 400, "delayed-nodule", concern="nasolabial-folds"),
        "routine",
        id="pmma_delayed_nodule_month_13",
    ),
    # FIL-CI-4, FIL-RISK-6: bovine-collagen carrier - hives may be allergy; seen today
    pytest.param(
        reported(PMMA, 1, "hives", "itching", concern="acne-scars"),
        "urgent",
        id="pmma_hives_day_1",
    ),
    # FIL-VO-1, FIL-VO-10: blanching after permanent filler -> emergency
    pytest.param(
        reported(PMMA, 0, "skin-blanching", concern="nasolabial-folds"),
        "emergency",
        id="pmma_blanching_day_0",
    ),
    # ---------------------------------------------------------------- autologous fat
    # FIL-CLASS-6 (+ fat-grafting.yaml side_effects): swelling and redness expected for weeks
    pytest.param(
        reported(FAT, 2, "swelling", "redness", concern="cheek-volume"),
        "self-care",
        id="fat_graft_swelling_redness_day_2",
    ),
    # FIL-RISK-1, FIL-RISK-2: injected material in a facial vessel can blind
    pytest.param(
        reported(FAT, 0, "vision-change", concern="temple-hollows"),
        "emergency",
        id="fat_graft_vision_change_day_0",
    ),
    # FIL-VO-1, FIL-RISK-2: stroke signs after facial injection -> emergency
    pytest.param(
        reported(FAT, 1, "stroke-symptoms", "headache", concern="temple-hollows"),
        "emergency",
        id="fat_graft_stroke_symptoms_day_1",
    ),
    # SHR-URG-4, FIL-RISK-6: fever with spreading warm redness is infection
    pytest.param(
        reported(FAT, 4, "spreading-redness-warmth", "fever", concern="hand-volume"),
        "urgent",
        id="fat_graft_infection_day_4",
    ),
    # ---------------------------------------------------------------- added symptoms
    # FIL-VO-1, FIL-RISK-1: sudden loss of sight after filler can become permanent within hours
    pytest.param(
        reported(HA, 0, "vision-loss", concern="nasolabial-folds"),
        "emergency",
        id="ha_sudden_blindness_day_0",
    ),
    # TOX-BOX-2: vision problems are a listed spread sign; sudden loss of sight is an emergency
    pytest.param(
        reported(TOXIN, 6, "vision-loss", concern="crows-feet"),
        "emergency",
        id="toxin_sudden_blindness_day_6",
    ),
    # TOX-BOX-2, SHR-URG-1: new loss of bladder control after toxin in the neck is a spread sign
    pytest.param(
        reported(TOXIN, 9, "loss-of-bladder-control", concern="cervical-dystonia"),
        "urgent",
        id="toxin_neck_new_incontinence_day_9",
    ),
    # SHR-URG-2: dizziness or feeling faint after toxin is a listed allergy sign
    pytest.param(
        reported(TOXIN, 0, "feeling-faint", concern="glabellar-lines"),
        "urgent",
        id="toxin_faint_day_0",
    ),
    # SHR-URG-5, FIL-RISK-6: feeling faint after filler is not expected; anaphylaxis is listed
    pytest.param(
        reported(CAHA, 0, "feeling-faint", concern="hand-volume"), "urgent", id="caha_faint_day_0"
    ),
    # ------------------------------------------------- the classes of the clinical safety review
    # TOX-BOX-2: urinary incontinence is a sign of distant spread wherever the toxin was injected
    pytest.param(
        reported(TOXIN, 5, "loss-of-bladder-control", concern="glabellar-lines"),
        "urgent",
        id="toxin_frown_lines_new_incontinence_day_5",
    ),
    pytest.param(
        reported(TOXIN, 12, "loss-of-bladder-control", "difficulty-swallowing", zone="upper-face"),
        "emergency",
        id="toxin_incontinence_with_swallowing_trouble_day_12",
    ),
    # S-WAO-2020, SHR-URG-2: a skin sign with faintness is the pattern of anaphylaxis
    pytest.param(
        reported(TOXIN, 0, "hives", "feeling-faint", concern="crows-feet"),
        "emergency",
        id="toxin_hives_and_faint_day_0",
    ),
    pytest.param(
        reported(HA, 0, "itching", "feeling-faint", concern="lip-volume"),
        "emergency",
        id="ha_itching_and_faint_day_0",
    ),
    pytest.param(
        reported(PMMA, 1, "hives", "loss-of-bladder-control", concern="acne-scars"),
        "emergency",
        id="pmma_hives_and_incontinence_day_1",
    ),
    # FIL-VO-1, S-KATO-2022: eye signs after filler are a blocked artery to the eye
    pytest.param(
        reported(HA, 0, "eyelid-droop", concern="glabellar-lines"),
        "emergency",
        id="ha_frown_lines_eyelid_droop_day_0",
    ),
    pytest.param(
        reported(CAHA, 0, "eye-pain", concern="nasolabial-folds"),
        "emergency",
        id="caha_nasolabial_eye_pain_day_0",
    ),
    pytest.param(
        reported(FAT, 1, "eyes-not-aligned", zone="upper-face"),
        "emergency",
        id="fat_forehead_eyes_not_aligned_day_1",
    ),
    # TOX-BOX-2: eyes that no longer move together after toxin are like double vision
    pytest.param(
        reported(TOXIN, 6, "eyes-not-aligned", concern="crows-feet"),
        "urgent",
        id="toxin_crows_feet_eyes_not_aligned_day_6",
    ),
    # TOX-WP-6: eye pain after toxin near the eyes needs an eye check today
    pytest.param(
        reported(TOXIN, 4, "eye-pain", concern="crows-feet"), "urgent", id="toxin_eye_pain_day_4"
    ),
    # FIL-VO-1, TOX-BOX-2: losing part of what you see is an emergency after any treatment
    pytest.param(
        reported(TOXIN, 3, "vision-loss", concern="forehead-lines"),
        "emergency",
        id="toxin_partial_sight_loss_day_3",
    ),
    # TOX-BOX-1: children treated for spasticity have the highest risk of spread
    pytest.param(
        {**reported(TOXIN, 8, "eyelid-droop", concern="lower-limb-spasticity"), "age": 6},
        "emergency",
        id="child_spasticity_eyelid_droop_day_8",
    ),
    pytest.param(
        {**reported(TOXIN, 8, "eyelid-droop", concern="lower-limb-spasticity"), "age": 46},
        "urgent",
        id="adult_spasticity_eyelid_droop_day_8",
    ),
    # TOX-PREG-1, FIL-CI-9: safety in pregnancy is not established -> any symptom gets a call
    pytest.param(
        {**reported(HA, 1, "bruising", concern="lip-volume"), "pregnant": True},
        "routine",
        id="ha_bruise_while_pregnant_day_1",
    ),
    # Nobody meets a dead end: something not on the list gets a provider's look
    pytest.param(
        reported(TOXIN, 2, "something-else", concern="glabellar-lines"),
        "routine",
        id="toxin_something_else_day_2",
    ),
    pytest.param(
        reported(PLLA, 30, "something-else", concern="cheek-volume"),
        "routine",
        id="plla_something_else_day_30",
    ),
    pytest.param(
        reported(HA, 0, "something-else", "swelling"), "routine", id="ha_something_else_day_0"
    ),
    pytest.param(
        reported(CAHA, 3, "eye-pain", "something-else"), "emergency", id="caha_eye_pain_day_3"
    ),
    pytest.param(
        reported(PMMA, 0, "eyes-not-aligned"), "emergency", id="pmma_eyes_not_aligned_day_0"
    ),
]


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize(("report", "expected"), CASES)
def test_the_urgency_matches_the_facts(
    report: dict[str, Any], expected: str, language: str
) -> None:
    kb = bundled_knowledge(language)
    result = triage(kb, parse_report(kb, report))
    assert result.urgency == expected, [r.text for r in result.reasons]


def test_the_cases_cover_every_symptom_and_every_treatment_three_times() -> None:
    kb = bundled_knowledge()
    reports: list[dict[str, Any]] = [case.values[0] for case in CASES]  # type: ignore[misc]
    named = {s for r in reports for s in r["symptoms"]}
    assert set(kb.symptoms) <= named, sorted(set(kb.symptoms) - named)
    for treatment in TREATMENTS:
        assert sum(r["treatment"] == treatment for r in reports) >= 3, treatment
    bladder = [r for r in reports if r.get("zone") == "bladder"]
    assert {"urinary-retention", "painful-urination"} <= {s for r in bladder for s in r["symptoms"]}


# The least urgency each red flag may get, per treatment, at any time after treatment.
E, U = UrgencyLevel.EMERGENCY, UrgencyLevel.URGENT
RED_FLAGS: dict[tuple[str, str], UrgencyLevel] = {
    # FIL-VO-1, FIL-RISK-1/2/4, SHR-URG-3: changes in vision after filler -> blindness risk.
    # TOX-BOX-2, SHR-URG-1, TOX-WP-10: diplopia / blurred vision after toxin -> help right away.
    **{("vision-change", t): E for t in FILLERS},
    ("vision-change", TOXIN): U,
    **{("double-vision", t): E for t in FILLERS},
    ("double-vision", TOXIN): U,
    # FIL-VO-1, FIL-VO-2, SHR-URG-3: blanching, dark discoloration, unusual pain after filler.
    # TOX-AE-1: not expected after toxin (pain/infection listed) -> seen today.
    **{("skin-blanching", t): E for t in FILLERS},
    ("skin-blanching", TOXIN): U,
    **{("skin-dusky-or-mottled", t): E for t in FILLERS},
    ("skin-dusky-or-mottled", TOXIN): U,
    **{("severe-pain", t): E for t in FILLERS},
    ("severe-pain", TOXIN): U,
    # FIL-VO-1, FIL-RISK-2 (filler), TOX-WP-5 (toxin): stroke signs are always an emergency.
    **{("stroke-symptoms", t): E for t in TREATMENTS},
    # TOX-BOX-1, TOX-WP-2 (toxin); SHR-URG-5, FIL-RISK-6 (anaphylaxis, every treatment).
    **{("difficulty-swallowing", t): E for t in TREATMENTS},
    **{("difficulty-breathing", t): E for t in TREATMENTS},
    # TOX-WP-2, SHR-URG-1 (toxin: speech -> immediate attention); FIL-VO-1 (filler: stroke sign).
    **{("difficulty-speaking", t): E for t in TREATMENTS},
    # TOX-BOX-2, SHR-URG-1 (toxin spread: right away); SHR-URG-5 (filler: not expected, today).
    **{("generalized-weakness", t): U for t in TREATMENTS},
    # TOX-WP-4, SHR-URG-5, FIL-RISK-6: fast face/throat swelling can be anaphylaxis.
    **{("face-or-throat-swelling", t): E for t in TREATMENTS},
    # SHR-URG-2, TOX-WP-4, FIL-RISK-6: hives can be allergy -> medical help today.
    **{("hives", t): U for t in TREATMENTS},
    # FIL-VO-1, S-KATO-2022 (filler: blocked artery to the eye); TOX-BOX-2 (toxin: spread).
    **{("vision-loss", t): E for t in TREATMENTS},
    **{("eyelid-droop", t): E for t in FILLERS},
    **{("eye-pain", t): E for t in FILLERS},
    **{("eyes-not-aligned", t): E for t in FILLERS},
    ("eyes-not-aligned", TOXIN): U,
    # TOX-BOX-2: urinary incontinence is a listed sign of spread after toxin.
    ("loss-of-bladder-control", TOXIN): U,
    # SHR-URG-2, SHR-URG-5: feeling faint is an allergy sign after any treatment.
    **{("feeling-faint", t): U for t in TREATMENTS},
    # TOX-AE-1, FIL-AE-3, FIL-RISK-6, SHR-URG-4: infection is a risk of any injection.
    **{("fever", t): U for t in TREATMENTS},
    **{("pus-or-drainage", t): U for t in TREATMENTS},
    **{("spreading-redness-warmth", t): U for t in TREATMENTS},
}


@pytest.mark.parametrize("days", [0, 1, 7, 30, 365])
@pytest.mark.parametrize(
    ("symptom", "treatment", "minimum"),
    [pytest.param(s, t, m, id=f"{s}-after-{t}") for (s, t), m in RED_FLAGS.items()],
)
def test_every_red_flag_reaches_its_urgency_for_every_treatment_it_applies_to(
    symptom: str, treatment: str, minimum: UrgencyLevel, days: int
) -> None:
    kb = bundled_knowledge()
    result = triage(kb, parse_report(kb, reported(treatment, days, symptom)))
    assert result.urgency.rank >= minimum.rank, (result.urgency, [r.text for r in result.reasons])
    # Red flags win: adding an expected, harmless reaction never lowers the urgency.
    with_bruise = triage(kb, parse_report(kb, reported(treatment, days, "bruising", symptom)))
    assert with_bruise.urgency.rank >= minimum.rank

"""Triage rules, one test each, naming the fact it relies on."""

from __future__ import annotations

from typing import Any

import pytest

from toxfill.errors import InputError, UnknownIdError
from toxfill.knowledge import KnowledgeBase
from toxfill.knowledge.models import UrgencyLevel
from toxfill.triage import TriageResult, aftercare_for, parse_report, triage

FILLERS = ["ha-filler", "caha-filler", "plla-filler", "pmma-filler", "fat-grafting"]


def run(kb: KnowledgeBase, **report: Any) -> TriageResult:
    return triage(kb, parse_report(kb, {"days_since": 1, **report}))


@pytest.mark.parametrize("treatment", FILLERS)
@pytest.mark.parametrize(
    "symptom",
    ["vision-change", "skin-blanching", "skin-dusky-or-mottled", "severe-pain", "stroke-symptoms"],
)
def test_signs_of_a_blocked_blood_vessel_after_filler_are_emergencies(
    kb: KnowledgeBase, treatment: str, symptom: str
) -> None:
    """FIL-VO-1, FIL-VO-2: vision change, stroke signs, blanching, unusual pain; dark skin."""
    result = run(kb, treatment=treatment, symptoms=[symptom])

    assert result.urgency is UrgencyLevel.EMERGENCY
    assert "now" in result.advice[0]
    assert "hours" in result.reasons[0].text.lower() or "early" in result.reasons[0].text.lower()
    assert result.tell


@pytest.mark.parametrize(
    "symptom",
    [
        "difficulty-swallowing",
        "difficulty-breathing",
        "difficulty-speaking",
        "generalized-weakness",
    ],
)
@pytest.mark.parametrize("days", [0, 7, 28])
def test_signs_of_toxin_spread_are_emergencies_for_weeks(
    kb: KnowledgeBase, symptom: str, days: int
) -> None:
    """TOX-BOX-1: distant spread, hours to weeks after injection, can be life-threatening."""
    result = run(kb, treatment="botulinum-toxin", days_since=days, symptoms=[symptom])

    assert result.urgency is UrgencyLevel.EMERGENCY


def test_double_vision_after_toxin_is_urgent_and_says_what_would_make_it_an_emergency(
    kb: KnowledgeBase,
) -> None:
    """TOX-BOX-2 (diplopia), SHR-URG-1, TOX-WP-10 (do not drive)."""
    result = run(kb, treatment="botulinum-toxin", days_since=3, symptoms=["double-vision"])

    assert result.urgency is UrgencyLevel.URGENT
    assert any("drive" in a for a in result.advice)
    assert any("emergency" in w for w in result.worse_if)


@pytest.mark.parametrize("treatment", ["botulinum-toxin", *FILLERS])
def test_throat_swelling_is_an_emergency_and_hives_urgent(
    kb: KnowledgeBase, treatment: str
) -> None:
    """TOX-WP-4, SHR-URG-2, SHR-URG-5: severe allergic reactions are listed for both."""
    assert run(kb, treatment=treatment, symptoms=["face-or-throat-swelling"]).urgency is (
        UrgencyLevel.EMERGENCY
    )
    assert run(kb, treatment=treatment, symptoms=["hives"]).urgency is UrgencyLevel.URGENT


@pytest.mark.parametrize("symptom", ["fever", "pus-or-drainage", "spreading-redness-warmth"])
def test_signs_of_infection_are_urgent(kb: KnowledgeBase, symptom: str) -> None:
    """FIL-AE-3, SHR-URG-4: infection is a risk of any injection."""
    assert run(kb, treatment="ha-filler", days_since=4, symptoms=[symptom]).urgency is (
        UrgencyLevel.URGENT
    )


def test_a_drooping_eyelid_after_toxin_near_the_eyes_is_routine(kb: KnowledgeBase) -> None:
    """TOX-AE-1, TOX-AE-11: eyelid droop is uncommon, technique-dependent and temporary."""
    result = run(
        kb, treatment="botulinum-toxin", zone="upper-face", days_since=5, symptoms=["eyelid-droop"]
    )

    assert result.urgency is UrgencyLevel.ROUTINE


@pytest.mark.parametrize("zone", [None, "bladder", "underarms"])
def test_a_drooping_eyelid_after_toxin_elsewhere_or_unknown_is_urgent(
    kb: KnowledgeBase, zone: str | None
) -> None:
    """TOX-BOX-2: ptosis far from the injection is a listed sign of spread; unsure is not safe."""
    report = {"zone": zone} if zone else {}
    result = run(kb, treatment="botulinum-toxin", days_since=5, symptoms=["eyelid-droop"], **report)

    assert result.urgency is UrgencyLevel.URGENT


def test_urinary_retention_after_a_bladder_injection_is_urgent(kb: KnowledgeBase) -> None:
    """TOX-CI-4: urinary retention after intradetrusor injection."""
    result = run(
        kb,
        treatment="botulinum-toxin",
        zone="bladder",
        days_since=4,
        symptoms=["urinary-retention"],
    )

    assert result.urgency is UrgencyLevel.URGENT
    assert any("emergency" in w for w in result.worse_if)


def test_painful_urination_is_urgent_after_a_bladder_injection_only(kb: KnowledgeBase) -> None:
    """TOX-CI-5: bladder toxin treatment makes urinary infections more common."""
    bladder = run(
        kb,
        treatment="botulinum-toxin",
        concern="overactive-bladder",
        symptoms=["painful-urination"],
    )
    face = run(kb, treatment="botulinum-toxin", zone="upper-face", symptoms=["painful-urination"])

    assert bladder.urgency is UrgencyLevel.URGENT
    assert face.urgency is UrgencyLevel.ROUTINE


def test_a_late_nodule_after_filler_is_routine(kb: KnowledgeBase) -> None:
    """FIL-RISK-5: delayed-onset inflammation usually responds to treatment."""
    result = run(kb, treatment="ha-filler", days_since=200, symptoms=["delayed-nodule"])

    assert result.urgency is UrgencyLevel.ROUTINE
    assert any("vision" in w for w in result.worse_if)


@pytest.mark.parametrize(
    ("treatment", "symptoms"),
    [
        pytest.param("ha-filler", ["bruising", "swelling", "redness", "tenderness"], id="filler"),
        pytest.param("ha-filler", ["itching", "lumps", "mild-pain"], id="filler_itch_lumps"),
        pytest.param("botulinum-toxin", ["bruising", "headache", "mild-pain"], id="toxin"),
    ],
)
def test_expected_reactions_in_the_first_days_are_self_care(
    kb: KnowledgeBase, treatment: str, symptoms: list[str]
) -> None:
    """FIL-AE-1, FIL-AE-4 (clear within 7-14 days); TOX-AE-1, TOX-AE-7 (headache)."""
    result = run(kb, treatment=treatment, days_since=2, symptoms=symptoms)

    assert result.urgency is UrgencyLevel.SELF_CARE
    assert result.aftercare_normal
    assert "normal healing" in result.advice[0]


def test_an_expected_reaction_lasting_past_its_usual_time_is_routine(kb: KnowledgeBase) -> None:
    """FIL-AE-4: filler reactions usually clear within 7 to 14 days."""
    result = run(kb, treatment="ha-filler", days_since=21, symptoms=["swelling"])

    assert result.urgency is UrgencyLevel.ROUTINE
    assert "21 days" in result.reasons[0].text


def test_a_reaction_not_expected_after_the_treatment_is_routine(kb: KnowledgeBase) -> None:
    """Fat grafting lists only swelling and redness (S-WRINKLES-FAT): itching is not expected."""
    result = run(kb, treatment="fat-grafting", days_since=1, symptoms=["itching"])

    assert result.urgency is UrgencyLevel.ROUTINE
    assert result.reasons[0].rule == "not-expected"


def test_one_red_flag_sets_the_urgency_whatever_else_is_reported(kb: KnowledgeBase) -> None:
    """FIL-VO-1: blanching wins over expected bruising and swelling."""
    result = run(
        kb, treatment="ha-filler", days_since=0, symptoms=["bruising", "swelling", "skin-blanching"]
    )

    assert result.urgency is UrgencyLevel.EMERGENCY
    assert result.reasons[0].urgency is UrgencyLevel.EMERGENCY
    assert result.headline.startswith("Call emergency services")


def test_every_result_names_the_emergencies_to_watch_for_below_emergency(
    kb: KnowledgeBase,
) -> None:
    result = run(kb, treatment="ha-filler", symptoms=["bruising"])

    assert any("vision" in w and "now" in w for w in result.worse_if)


def test_every_reason_cites_a_known_source(kb: KnowledgeBase) -> None:
    result = run(kb, treatment="botulinum-toxin", symptoms=["bruising", "eyelid-droop", "fever"])

    for reason in result.reasons:
        assert set(reason.sources) <= set(kb.sources)
    assert "licensed provider" in result.disclaimer


def test_the_json_document_follows_the_contract(kb: KnowledgeBase) -> None:
    document = run(kb, treatment="ha-filler", symptoms=["vision-change"]).to_json()

    assert document["schema"] == "toxfill.triage/1"
    assert document["urgency"] == "emergency"
    assert set(document["reasons"][0]) >= {"text", "sources"}
    assert document["advice"]


@pytest.mark.parametrize(
    ("report", "field", "message"),
    [
        pytest.param({"days_since": -1}, "days_since", "0 to 3650", id="negative_days"),
        pytest.param({"days_since": 1.5}, "days_since", "whole number", id="fraction"),
        pytest.param({"symptoms": []}, "symptoms", "at least one symptom", id="no_symptom"),
        pytest.param({"treatment": "no-treatment"}, "treatment", "name the treatment", id="none"),
        pytest.param({"product": "radiesse"}, "product", "caha-filler product", id="product"),
    ],
)
def test_bad_reports_name_the_field(
    kb: KnowledgeBase, report: dict[str, Any], field: str, message: str
) -> None:
    raw = {"treatment": "botulinum-toxin", "days_since": 1, "symptoms": ["bruising"], **report}

    with pytest.raises(InputError) as caught:
        parse_report(kb, raw)

    assert caught.value.field == field
    assert message in caught.value.problem


@pytest.mark.parametrize(
    ("report", "field", "nearest"),
    [
        pytest.param({"symptoms": ["blurry-vision"]}, "symptoms[0]", "vision-change", id="symptom"),
        pytest.param({"treatment": "botox"}, "treatment", None, id="product_for_treatment"),
        pytest.param({"zone": "bladdder"}, "zone", "bladder", id="zone"),
    ],
)
def test_it_never_answers_a_guess(
    kb: KnowledgeBase, report: dict[str, Any], field: str, nearest: str | None
) -> None:
    raw = {"treatment": "botulinum-toxin", "days_since": 1, "symptoms": ["bruising"], **report}

    with pytest.raises(InputError) as caught:
        parse_report(kb, raw)

    assert caught.value.field == field
    if nearest is not None:
        assert isinstance(caught.value, UnknownIdError)
        assert nearest in caught.value.nearest


def test_a_filler_given_with_a_toxin_still_gets_the_filler_emergencies(kb: KnowledgeBase) -> None:
    """FIL-VO-1: blanching and vision change after a same-day toxin and filler visit."""
    result = run(
        kb,
        treatment="botulinum-toxin",
        other_treatments=["ha-filler"],
        days_since=0,
        symptoms=["skin-blanching"],
    )

    assert result.urgency is UrgencyLevel.EMERGENCY


def test_a_reaction_expected_after_any_of_the_treatments_is_expected(kb: KnowledgeBase) -> None:
    """FIL-AE-3: small lumps are expected for 14 days after filler, 3 after toxin (TOX-AE-1)."""
    result = run(
        kb,
        treatment="botulinum-toxin",
        other_treatments=["ha-filler"],
        days_since=10,
        symptoms=["lumps"],
    )

    assert result.urgency is UrgencyLevel.SELF_CARE


# --- no reassurance inside an urgent result (clinical safety review, issue 8) --------------------


def test_an_emergency_keeps_expected_reactions_and_normal_aftercare_out(kb: KnowledgeBase) -> None:
    """FIL-VO-1: sight loss after filler is an emergency; the bruise beside it says nothing."""
    result = run(kb, treatment="ha-filler", symptoms=["bruising", "vision-loss"])

    assert result.urgency is UrgencyLevel.EMERGENCY
    assert [r.rule for r in result.reasons] == ["filler-vessel-eye-or-brain", "sudden-vision-loss"]
    assert result.aftercare_normal == ()
    assert result.aftercare_avoid == ()
    assert result.aftercare_once_seen
    assert not any("everyday activities" in n.text for n in result.aftercare_once_seen)
    assert result.worse_if == ()


def test_an_urgent_result_drops_the_advice_of_milder_rules(kb: KnowledgeBase) -> None:
    """TOX-BOX-2 (double vision: urgent) beside TOX-AE-11 (brow droop: routine)."""
    result = run(kb, treatment="botulinum-toxin", symptoms=["brow-droop", "double-vision"])

    assert result.urgency is UrgencyLevel.URGENT
    assert not any("next few days" in line for line in result.advice)
    assert all(r.urgency is UrgencyLevel.URGENT for r in result.reasons)


@pytest.mark.parametrize("symptom", ["skin-blanching", "vision-change"])
def test_hyaluronidase_is_named_after_hyaluronic_acid_filler_only(
    kb: KnowledgeBase, symptom: str
) -> None:
    """FIL-VO-5: hyaluronidase dissolves hyaluronic acid; FIL-VO-10: nothing dissolves the rest."""
    after_ha = " ".join(run(kb, treatment="ha-filler", symptoms=[symptom]).advice)
    after_caha = " ".join(run(kb, treatment="caha-filler", symptoms=[symptom]).advice)

    assert "hyaluronidase" in after_ha
    assert "hyaluronidase" not in after_caha
    assert "No enzyme dissolves" in after_caha


def test_skin_signs_after_ha_filler_say_the_injector_may_be_fastest_and_sight_means_the_ed(
    kb: KnowledgeBase,
) -> None:
    """FIL-VO-4, FIL-VO-9: early treatment works best; FIL-VO-1: vision change is an emergency."""
    advice = " ".join(run(kb, treatment="ha-filler", symptoms=["skin-dusky-or-mottled"]).advice)

    assert "within minutes" in advice
    assert "may be fastest" in advice
    assert "If your sight changes at any point" in advice


def test_a_filler_emergency_says_what_to_tell_the_team_with_product_and_place(
    kb: KnowledgeBase,
) -> None:
    """FIL-VO-1: the team needs to know it may be filler in a blood vessel, which and where."""
    result = run(
        kb,
        treatment="ha-filler",
        product="juvederm-voluma",
        concern="cheek-volume",
        symptoms=["skin-blanching"],
    )

    assert result.tell[0].startswith('Say: "I had filler and it may be blocking a blood vessel."')
    assert "Juvéderm Voluma XC, injected for flat or hollow cheeks, yesterday" in result.tell[0]


def test_the_tell_lines_name_the_filler_not_the_toxin_given_the_same_day(kb: KnowledgeBase) -> None:
    result = run(
        kb, treatment="botulinum-toxin", other_treatments=["caha-filler"], symptoms=["eye-pain"]
    )

    assert result.urgency is UrgencyLevel.EMERGENCY
    assert "Calcium hydroxylapatite" in result.tell[0]


def test_pregnancy_is_told_to_the_team_even_in_an_emergency(kb: KnowledgeBase) -> None:
    """TOX-PREG-1, FIL-CI-9: safety in pregnancy is not established."""
    result = run(kb, treatment="ha-filler", pregnant=True, symptoms=["face-or-throat-swelling"])

    assert result.urgency is UrgencyLevel.EMERGENCY
    assert "That you are pregnant, and how many weeks." in result.tell


def test_mild_itching_after_toxin_is_self_care_for_three_days_then_routine(
    kb: KnowledgeBase,
) -> None:
    """SHR-URG-2, TOX-AE-1: a local reaction; help right away is for wheezing or fainting."""
    assert run(kb, treatment="botulinum-toxin", days_since=3, symptoms=["itching"]).urgency == (
        UrgencyLevel.SELF_CARE
    )
    assert run(kb, treatment="botulinum-toxin", days_since=4, symptoms=["itching"]).urgency == (
        UrgencyLevel.ROUTINE
    )


def test_age_and_pregnancy_are_checked_like_every_other_field(kb: KnowledgeBase) -> None:
    with pytest.raises(InputError) as age:
        run(kb, treatment="ha-filler", age=130, symptoms=["bruising"])
    with pytest.raises(InputError) as pregnant:
        run(kb, treatment="ha-filler", pregnant="maybe", symptoms=["bruising"])

    assert (age.value.field, pregnant.value.field) == ("age", "pregnant")
    assert "0 to 120" in age.value.problem
    assert "true or false" in pregnant.value.problem


def test_aspirin_advice_is_for_before_the_next_treatment_not_aftercare(kb: KnowledgeBase) -> None:
    """SHR-AFTER-1: avoid aspirin, ibuprofen and naproxen for 2 weeks before treatment."""
    guide = aftercare_for(kb, "botulinum-toxin")

    assert any("aspirin" in note.text for note in guide.before_next)
    assert not any("aspirin" in note.text for note in (*guide.normal, *guide.avoid))

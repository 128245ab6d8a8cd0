"""Red flags are never under-triaged: whatever the zone, treatment, product, day (or an unknown
day), age or pregnancy, and whatever else is reported (hypothesis).

The signs come from the knowledge base itself: every symptom an option names as a warning sign
of the three dangers its labels warn of most (toxin spread, boxed warning TOX-BOX-1/2; a filler
blocking a blood vessel, FIL-VO-1/FIL-RISK-1; a severe allergic reaction, TOX-WP-4/FIL-RISK-6)
must be at least urgent, and the patterns that together mean an emergency must reach it.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toxfill.knowledge import bundled_knowledge
from toxfill.knowledge.models import UrgencyLevel
from toxfill.knowledge.translation import LANGUAGES
from toxfill.triage import MAX_DAYS, TriageResult, parse_report, triage
from toxfill.triage.places import places_for

KB = bundled_knowledge()
# Every property holds in every language: the words change, never the answer.
KBS = {language: bundled_knowledge(language) for language in LANGUAGES}
TREATMENTS = [o.id for o in KB.options.values() if o.administration.injected]
FILLERS = [o.id for o in KB.options.values() if o.kind in ("filler", "procedure")]
TOXIN = "botulinum-toxin"
RED_FLAG_RISKS = ("distant-spread", "vascular-occlusion", "allergic-reaction")
RED_FLAG_SIGNS = sorted(
    (option.id, symptom)
    for option in KB.options.values()
    for risk in option.risks
    if risk.id in RED_FLAG_RISKS
    for symptom in risk.symptoms
)
ALLERGY_SKIN = ("hives", "itching", "face-or-throat-swelling")
ALLERGY_BODY = ("feeling-faint", "difficulty-breathing", "loss-of-bladder-control")
SPREAD_DANGER = ("difficulty-swallowing", "difficulty-speaking", "difficulty-breathing")
FILLER_EYE = ("eyelid-droop", "double-vision", "eye-pain", "eyes-not-aligned", "vision-loss")
CHILD_SPREAD = ("double-vision", "vision-change", "eyelid-droop", "loss-of-bladder-control")
AT_LEAST_URGENT = UrgencyLevel.URGENT.rank
# The words the checks below look for, in each language: the same meaning, checked in each.
WORDS: dict[str, dict[str, Any]] = {
    "en": {
        "within days": "within the next few days",
        "spread signs": (
            "double vision",
            "drooping eyelid",
            "hoarse",
            "swallowing",
            "bladder",
            "weakness",
        ),
        "weeks after": "weeks after",
        "call now if": "Call emergency services now if",
    },
    "es": {
        "within days": "en los próximos días",
        "spread signs": ("visión doble", "párpado caído", "ronca", "tragar", "vejiga", "debilidad"),
        "weeks after": "semanas después",
        "call now if": "Llame ahora a los servicios de emergencia si",
    },
}


@st.composite
def reports(draw: st.DrawFn, treatment: str, symptoms: tuple[str, ...]) -> dict[str, Any]:
    """A report of `symptoms` after `treatment`, with anything else drawn at random."""
    others = draw(st.lists(st.sampled_from(TREATMENTS), max_size=2, unique=True))
    extra = draw(st.lists(st.sampled_from(list(KB.symptoms)), max_size=3, unique=True))
    raw: dict[str, Any] = {
        "treatment": treatment,
        "other_treatments": [o for o in others if o != treatment],
        "days_since": draw(st.none() | st.integers(min_value=0, max_value=MAX_DAYS)),
        "symptoms": list(dict.fromkeys([*symptoms, *extra])),
    }
    zone = draw(st.none() | st.sampled_from(places_for(KB, [treatment, *others])))
    if zone is not None:
        raw["zone"] = zone
    products = [p.id for p in KB.products_of(treatment)]
    if products and draw(st.booleans()):
        raw["product"] = draw(st.sampled_from(products))
    if draw(st.booleans()):
        raw["age"] = draw(st.integers(min_value=0, max_value=120))
    if draw(st.booleans()):
        raw["pregnant"] = draw(st.booleans())
    return raw


def run(raw: dict[str, Any], language: str = "en") -> TriageResult:
    kb = KBS[language]
    return triage(kb, parse_report(kb, raw))


def test_the_three_dangers_are_named_with_their_signs() -> None:
    # Given the knowledge base, when its risks are read, then the signs this file relies on exist
    named = {risk.id for option in KB.options.values() for risk in option.risks if risk.symptoms}

    assert set(RED_FLAG_RISKS) <= named
    assert {TOXIN} | set(FILLERS) <= {option for option, _ in RED_FLAG_SIGNS}


@pytest.mark.parametrize("language", LANGUAGES)
@settings(max_examples=600, deadline=None)
@given(st.sampled_from(RED_FLAG_SIGNS).flatmap(lambda sign: reports(sign[0], (sign[1],))))
def test_every_named_red_flag_sign_is_at_least_urgent_in_any_zone_on_any_day(
    language: str,
    raw: dict[str, Any],
) -> None:
    assert run(raw, language).urgency.rank >= AT_LEAST_URGENT


@pytest.mark.parametrize("language", LANGUAGES)
@settings(max_examples=300, deadline=None)
@given(
    st.tuples(
        st.sampled_from(TREATMENTS), st.sampled_from(ALLERGY_SKIN), st.sampled_from(ALLERGY_BODY)
    ).flatmap(lambda t: reports(t[0], (t[1], t[2])))
)
def test_a_skin_sign_with_faintness_breathing_or_bladder_signs_is_an_emergency(
    language: str,
    raw: dict[str, Any],
) -> None:
    # WAO anaphylaxis criteria (S-WAO-2020); toxin medication guide (SHR-URG-2)
    assert run(raw, language).urgency is UrgencyLevel.EMERGENCY


@pytest.mark.parametrize("language", LANGUAGES)
@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(SPREAD_DANGER).flatmap(lambda s: reports(TOXIN, ("loss-of-bladder-control", s)))
)
def test_incontinence_with_swallowing_speech_or_breathing_trouble_after_toxin_is_an_emergency(
    language: str,
    raw: dict[str, Any],
) -> None:
    # TOX-BOX-2: urinary incontinence, dysphagia, dysphonia and breathing difficulty after toxin
    assert run(raw, language).urgency is UrgencyLevel.EMERGENCY


@pytest.mark.parametrize("language", LANGUAGES)
@settings(max_examples=300, deadline=None)
@given(
    st.tuples(st.sampled_from(FILLERS), st.sampled_from(FILLER_EYE)).flatmap(
        lambda t: reports(t[0], (t[1],))
    )
)
def test_eye_signs_after_filler_are_emergencies_in_any_zone(
    language: str, raw: dict[str, Any]
) -> None:
    # FIL-VO-1 and the published series of sight loss after filler (S-KATO-2022)
    assert run(raw, language).urgency is UrgencyLevel.EMERGENCY


@pytest.mark.parametrize("language", LANGUAGES)
@settings(max_examples=200, deadline=None)
@given(st.sampled_from(TREATMENTS).flatmap(lambda t: reports(t, ("vision-loss",))))
def test_losing_sight_is_an_emergency_after_any_treatment(
    language: str, raw: dict[str, Any]
) -> None:
    assert run(raw, language).urgency is UrgencyLevel.EMERGENCY


@pytest.mark.parametrize("language", LANGUAGES)
@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(CHILD_SPREAD).flatmap(lambda s: reports(TOXIN, (s,))),
    st.integers(min_value=0, max_value=17),
    st.sampled_from([None, "arms-and-legs"]),
)
def test_a_child_treated_for_spasticity_with_a_sign_of_spread_is_an_emergency(
    language: str, raw: dict[str, Any], age: int, zone: str | None
) -> None:
    # TOX-BOX-1: the risk of spread is probably greatest in children treated for spasticity
    raw = {key: value for key, value in raw.items() if key != "zone"} | {"age": age}
    if zone is not None:
        raw["zone"] = zone

    assert run(raw, language).urgency is UrgencyLevel.EMERGENCY


@pytest.mark.parametrize("language", LANGUAGES)
@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(TREATMENTS).flatmap(
        lambda t: st.lists(st.sampled_from(list(KB.symptoms)), min_size=1, max_size=4).flatmap(
            lambda symptoms: reports(t, tuple(symptoms))
        )
    )
)
def test_an_urgent_or_emergency_result_carries_nothing_that_reassures(
    language: str,
    raw: dict[str, Any],
) -> None:
    result = run(raw, language)
    if result.urgency.rank < AT_LEAST_URGENT:
        return

    assert all(reason.urgency.rank >= AT_LEAST_URGENT for reason in result.reasons)
    assert not any(r.rule in ("expected-reaction", "lasting-longer") for r in result.reasons)
    assert result.aftercare_normal == ()
    assert result.aftercare_avoid == ()
    assert not any(WORDS[language]["within days"] in line for line in result.advice)
    if result.urgency is UrgencyLevel.EMERGENCY:
        assert result.worse_if == ()


@pytest.mark.parametrize("language", LANGUAGES)
@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(list(KB.symptoms)), min_size=1, max_size=3).flatmap(
        lambda symptoms: reports(TOXIN, tuple(symptoms))
    )
)
def test_every_result_after_toxin_lists_the_signs_of_spread_and_that_they_can_start_late(
    language: str,
    raw: dict[str, Any],
) -> None:
    # TOX-BOX-1/2: spread can show hours to weeks after the injection
    watch = " ".join(note.text for note in run(raw, language).watch_for)

    for sign in WORDS[language]["spread signs"]:
        assert sign in watch
    assert WORDS[language]["weeks after"] in watch


@pytest.mark.parametrize("language", LANGUAGES)
@settings(max_examples=200, deadline=None)
@given(st.sampled_from(TREATMENTS).flatmap(lambda t: reports(t, ("something-else",))))
def test_something_not_on_the_list_is_never_a_dead_end(language: str, raw: dict[str, Any]) -> None:
    result = run(raw, language)

    assert result.urgency.rank >= UrgencyLevel.ROUTINE.rank
    if result.urgency is not UrgencyLevel.EMERGENCY:
        assert any(WORDS[language]["call now if"] in line for line in result.worse_if)

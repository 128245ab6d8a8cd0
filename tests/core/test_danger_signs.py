"""The danger signs asked first: a yes to any of them is an emergency, as the rules decide.

FIL-VO-1 (filler: sight, stroke signs, pale skin, unusual pain), SHR-URG-1 and TOX-BOX-2 (toxin:
swallowing, breathing), SHR-URG-2 and SHR-URG-5 (a severe allergic reaction).
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import toxfill.danger_signs
from toxfill.danger_signs import DANGER_SIGNS, FILLERS, danger_symptoms
from toxfill.errors import UnknownIdError
from toxfill.knowledge import KnowledgeBase, bundled_knowledge
from toxfill.knowledge.models import UrgencyLevel
from toxfill.triage import MAX_DAYS, parse_report, triage

KB = bundled_knowledge()
TREATMENTS = [o.id for o in KB.options.values() if o.administration.injected]
CASES = [
    pytest.param(sign.id, treatment, id=f"{sign.id}_after_{treatment}")
    for sign in DANGER_SIGNS
    for treatment in (sign.after or TREATMENTS)
]


def test_the_danger_signs_module_exports() -> None:
    assert set(toxfill.danger_signs.__all__) == {
        "DANGER_SIGNS",
        "DangerSign",
        "danger_signs_in",
        "danger_symptoms",
    }


def test_every_danger_sign_names_known_symptoms_and_treatments(kb: KnowledgeBase) -> None:
    for sign in DANGER_SIGNS:
        assert set(sign.symptoms) <= set(kb.symptoms), sign.id
        assert set(sign.after) <= set(TREATMENTS), sign.id
    assert set(FILLERS) == set(TREATMENTS) - {"botulinum-toxin"}


@pytest.mark.parametrize(("sign", "treatment"), CASES)
def test_a_yes_to_a_danger_sign_is_an_emergency(sign: str, treatment: str) -> None:
    report = {"treatment": treatment, "days_since": None, "symptoms": danger_symptoms([sign])}

    result = triage(KB, parse_report(KB, report))

    assert result.urgency is UrgencyLevel.EMERGENCY
    assert result.headline.startswith("Call emergency services")


SINGLE = [
    pytest.param(symptom, treatment, id=f"{symptom}_after_{treatment}")
    for sign in DANGER_SIGNS
    if not sign.pattern
    for symptom in sign.symptoms
    for treatment in (sign.after or TREATMENTS)
]


@pytest.mark.parametrize(("symptom", "treatment"), SINGLE)
def test_each_symptom_of_a_danger_sign_is_an_emergency_on_its_own(
    symptom: str, treatment: str
) -> None:
    """So a person who has only one of the signs a question names is not over-triaged by it."""
    report = {"treatment": treatment, "days_since": 0, "symptoms": [symptom]}

    assert triage(KB, parse_report(KB, report)).urgency is UrgencyLevel.EMERGENCY


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(CASES),
    st.lists(st.sampled_from(TREATMENTS), max_size=2, unique=True),
    st.none() | st.integers(min_value=0, max_value=MAX_DAYS),
    st.lists(st.sampled_from(list(KB.symptoms)), max_size=3, unique=True),
)
def test_a_danger_sign_stays_an_emergency_whatever_else_is_said(
    case: Any, others: list[str], days: int | None, extra: list[str]
) -> None:
    sign, treatment = case.values
    report = {
        "treatment": treatment,
        "other_treatments": [o for o in others if o != treatment],
        "days_since": days,
        "symptoms": [*danger_symptoms([sign]), *extra],
    }

    assert triage(KB, parse_report(KB, report)).urgency is UrgencyLevel.EMERGENCY


def test_an_unknown_danger_sign_is_an_error_with_the_nearest_ids() -> None:
    with pytest.raises(UnknownIdError, match="did you mean breathing"):
        danger_symptoms(["breathng"])


def test_no_number_is_hard_coded_in_the_emergency_advice() -> None:
    result = triage(
        KB, parse_report(KB, {"treatment": "ha-filler", "days_since": 0, "symptoms": ["hives"]})
    )
    emergency = triage(
        KB,
        parse_report(KB, {"treatment": "ha-filler", "days_since": 0, "symptoms": ["vision-loss"]}),
    )

    for text in (*result.worse_if, emergency.headline, *emergency.advice):
        assert not any(number in text for number in ("911", "999", "112", "000")), text


def test_an_unknown_day_asks_the_person_to_say_when_and_is_never_self_care() -> None:
    """FIL-AE-4: bruising clears within 7-14 days, but only a known day can say it is within."""
    unknown = {"treatment": "ha-filler", "days_since": None, "symptoms": ["bruising"]}
    danger = {"treatment": "ha-filler", "days_since": None, "symptoms": ["vision-loss"]}

    mild = triage(KB, parse_report(KB, unknown))
    serious = triage(KB, parse_report(KB, danger))

    assert mild.urgency is UrgencyLevel.ROUTINE
    assert any("(say when you had it)" in line for line in serious.tell)


def test_days_since_is_still_required() -> None:
    with pytest.raises(Exception, match="days_since: is required"):
        parse_report(KB, {"treatment": "ha-filler", "symptoms": ["bruising"]})

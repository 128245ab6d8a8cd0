""" "Not sure" over every health question and many intakes (hypothesis): uncertain is not safe.

For any one question, compared with the same intake answered "no" and answered "yes", an answer
of "not sure" is:

- never less cautious than "no" (a doubt cannot make an option look better);
- never less cautious than "yes" (safety first: what a yes would rule out stays out until the
  person finds out);
- at least `caution` wherever a "yes" would change what the person is told, and the question
  is then named among what to settle first.

And the questions the decision aid leaves out (health_questions) are exactly those whose
answer changes nothing for the person's concerns at their age.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from toxfill.decide import STATUS_ORDER, Decision, decide, health_questions
from toxfill.intake import parse_intake
from toxfill.knowledge import bundled_knowledge
from toxfill.scales import Status

KB = bundled_knowledge()
TODAY = dt.date(2026, 11, 23)
FACTORS = list(KB.health_factors)

intakes = st.fixed_dictionaries(
    {
        "age": st.integers(min_value=15, max_value=90),
        "concerns": st.lists(
            st.sampled_from(list(KB.concerns)), min_size=1, max_size=3, unique=True
        ),
        "health": st.lists(st.sampled_from(FACTORS), max_size=2, unique=True),
        "health_unsure": st.lists(st.sampled_from(FACTORS), max_size=2, unique=True),
        "preferences": st.dictionaries(
            st.sampled_from(list(KB.preferences)), st.integers(min_value=0, max_value=3)
        ),
        "recent_treatments": st.lists(
            st.fixed_dictionaries(
                {
                    "option": st.sampled_from(["botulinum-toxin", "ha-filler"]),
                    "date": st.dates(TODAY - dt.timedelta(days=200), TODAY).map(dt.date.isoformat),
                }
            ),
            max_size=1,
        ),
        "today": st.just(TODAY.isoformat()),
    }
)


def run(raw: dict[str, Any]) -> Decision:
    return decide(KB, parse_intake(KB, raw))


def caution_rank(status: Status) -> int:
    """0 for recommended up to 4 for not-suitable: higher is more cautious."""
    return STATUS_ORDER.index(status)


def answered(raw: dict[str, Any], factor: str, answer: str) -> dict[str, Any]:
    """`raw` with `factor` answered yes, no or not sure (and no other answer to it)."""
    health = [h for h in raw["health"] if h != factor]
    unsure = [h for h in raw["health_unsure"] if h != factor and h not in health]
    if answer == "yes":
        health.append(factor)
    elif answer == "unsure":
        unsure.append(factor)
    return {**raw, "health": health, "health_unsure": unsure}


def told(decision: Decision) -> dict[tuple[str, str], tuple[Any, ...]]:
    """(concern, option) -> what the person is told: status, products left, cautions."""
    return {
        (concern, row.option): (row.status, row.products, row.cautions)
        for concern, rows in decision.per_concern.items()
        for row in rows
    }


@settings(max_examples=300, deadline=None)
@given(intakes, st.sampled_from(FACTORS))
def test_not_sure_is_never_less_cautious_than_no_or_yes(raw: dict[str, Any], factor: str) -> None:
    no = told(run(answered(raw, factor, "no")))
    yes = told(run(answered(raw, factor, "yes")))
    unsure = told(run(answered(raw, factor, "unsure")))

    assert no.keys() == yes.keys() == unsure.keys()
    for key, (status, _, _) in unsure.items():
        assert caution_rank(status) >= caution_rank(no[key][0]), (key, factor, "than no")
        assert caution_rank(status) >= caution_rank(yes[key][0]), (key, factor, "than yes")
        if yes[key][0] != no[key][0]:
            assert caution_rank(status) >= caution_rank(Status.CAUTION), (key, factor)


@settings(max_examples=300, deadline=None)
@given(intakes, st.sampled_from(FACTORS))
def test_the_overall_status_under_not_sure_is_never_better_than_under_yes(
    raw: dict[str, Any], factor: str
) -> None:
    yes = run(answered(raw, factor, "yes"))
    unsure = run(answered(raw, factor, "unsure"))

    for option in yes.options:
        assert caution_rank(unsure.option(option.option).status) >= caution_rank(option.status)


@settings(max_examples=200, deadline=None)
@given(intakes, st.sampled_from(FACTORS))
def test_a_question_that_matters_is_named_to_settle_first_when_not_sure(
    raw: dict[str, Any], factor: str
) -> None:
    alone = {**raw, "health_unsure": []}  # so no other doubt rules the option out first
    no = told(run(answered(alone, factor, "no")))
    yes = told(run(answered(alone, factor, "yes")))
    unsure = told(run(answered(alone, factor, "unsure")))

    for key, (_, products, cautions) in unsure.items():
        if yes[key] != no[key] and no[key][0] is not Status.NOT_SUITABLE:
            assert factor in cautions, (key, factor)
        assert set(products) <= set(no[key][1]), (key, factor)


@settings(max_examples=200, deadline=None)
@given(intakes, st.sampled_from(FACTORS))
def test_a_question_left_out_changes_nothing_whatever_else_is_answered(
    raw: dict[str, Any], factor: str
) -> None:
    assume(factor not in health_questions(KB, raw["concerns"], raw["age"]))

    no = told(run(answered(raw, factor, "no")))

    assert told(run(answered(raw, factor, "yes"))) == no
    assert told(run(answered(raw, factor, "unsure"))) == no


def test_every_question_asked_changes_something_when_answered_yes_alone() -> None:
    for concern in KB.concerns:
        for age in (18, 30, 70):
            base = {"age": age, "concerns": [concern], "today": TODAY.isoformat()}
            no = told(run(base))
            for factor in health_questions(KB, [concern], age):
                assert told(run({**base, "health": [factor]})) != no, (concern, age, factor)


def test_a_question_is_asked_at_no_age_when_asked_at_some_age() -> None:
    """Without an age, every question that matters at some age is asked."""
    for concern in KB.concerns:
        at_any_age = set(health_questions(KB, [concern]))
        for age in (0, 15, 18, 21, 22, 30, 65, 70, 90, 120):
            assert set(health_questions(KB, [concern], age)) <= at_any_age, (concern, age)

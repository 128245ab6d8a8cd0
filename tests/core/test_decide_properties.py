"""Invariants of the decision aid over many generated intakes (hypothesis)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from toxfill.decide import STATUS_ORDER, Decision, decide
from toxfill.intake import parse_intake
from toxfill.knowledge import bundled_knowledge

KB = bundled_knowledge()
TODAY = dt.date(2026, 11, 23)

intakes = st.fixed_dictionaries(
    {
        "age": st.integers(min_value=0, max_value=100),
        "concerns": st.lists(
            st.sampled_from(list(KB.concerns)), min_size=1, max_size=4, unique=True
        ),
        "health": st.lists(st.sampled_from(list(KB.health_factors)), max_size=4, unique=True),
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
            max_size=2,
        ),
        "today": st.just(TODAY.isoformat()),
    }
)


def run(raw: dict[str, Any]) -> Decision:
    return decide(KB, parse_intake(KB, raw))


def rank(status: str) -> int:
    return [s.value for s in STATUS_ORDER].index(status)


@settings(max_examples=150, deadline=None)
@given(intakes)
def test_every_option_always_gets_a_status(raw: dict[str, Any]) -> None:
    decision = run(raw)

    assert [o.option for o in decision.options] == list(KB.options)
    assert decision.option("no-treatment").status == "suitable"
    for concern in raw["concerns"]:
        assert concern in decision.per_concern


@settings(max_examples=150, deadline=None)
@given(intakes)
def test_every_reason_cites_a_source_that_exists(raw: dict[str, Any]) -> None:
    decision = run(raw)

    for option in decision.options:
        for reason in option.reasons:
            assert reason.sources
            assert set(reason.sources) <= set(KB.sources)


@settings(max_examples=150, deadline=None)
@given(intakes, st.sampled_from(list(KB.health_factors)))
def test_adding_a_health_factor_never_improves_a_status(raw: dict[str, Any], factor: str) -> None:
    before = run(raw)
    after = run({**raw, "health": list(dict.fromkeys([*raw["health"], factor]))})

    for old, new in zip(before.options, after.options, strict=True):
        assert rank(new.status) >= rank(old.status), (old.option, factor)
        for concern, status in old.per_concern.items():
            assert rank(new.per_concern[concern]) >= rank(status), (old.option, concern, factor)


@settings(max_examples=100, deadline=None)
@given(intakes)
def test_preferences_never_change_a_status(raw: dict[str, Any]) -> None:
    with_preferences = run(raw)
    without = run({**raw, "preferences": {}})

    assert [o.status for o in with_preferences.options] == [o.status for o in without.options]


@settings(max_examples=50, deadline=None)
@given(intakes)
def test_the_decision_is_deterministic(raw: dict[str, Any]) -> None:
    assert run(raw).to_json() == run(raw).to_json()

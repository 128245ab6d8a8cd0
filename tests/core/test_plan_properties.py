"""Invariants of the care plan over many generated requests (hypothesis)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from toxfill.knowledge import bundled_knowledge
from toxfill.plan import CarePlan, make_plan, parse_plan_request

KB = bundled_knowledge()
# The planner takes a start only within 5 years of today: every drawn start is, of this one.
TODAY = dt.date(2026, 11, 30)
APPROVED = sorted(
    {
        (product.option, use.concern)
        for product in KB.products.values()
        for use in product.uses
        if use.labelled and KB.concerns[use.concern].kind == "cosmetic"  # medical: refused
    }
)

requests = st.fixed_dictionaries(
    {
        "start": st.dates(dt.date(2026, 1, 1), dt.date(2030, 12, 31)).map(dt.date.isoformat),
        "horizon_months": st.integers(min_value=1, max_value=120),
        "treatments": st.lists(st.sampled_from(APPROVED), min_size=1, max_size=4, unique=True).map(
            lambda pairs: [{"option": o, "concern": c} for o, c in pairs]
        ),
    }
)


def run(raw: dict[str, Any]) -> CarePlan:
    return make_plan(KB, parse_plan_request(KB, raw, TODAY))


def given_dates(plan: CarePlan, option: str) -> list[dt.date]:
    return sorted(
        {
            v.date
            for v in plan.visits
            for t in v.treatments
            if t.option == option and t.purpose != "review"
        }
    )


@settings(max_examples=120, deadline=None)
@given(requests)
def test_no_two_treatments_of_one_option_are_closer_than_the_label_minimum(
    raw: dict[str, Any],
) -> None:
    plan = run(raw)

    for treatment in plan.treatments:
        minimum = treatment.minimum_interval_days or 0
        for first, second in itertools.pairwise(given_dates(plan, treatment.option)):
            assert (second - first).days >= minimum


@settings(max_examples=120, deadline=None)
@given(requests)
def test_every_visit_lies_within_the_horizon(raw: dict[str, Any]) -> None:
    plan = run(raw)

    assert plan.visits[0].date == plan.start
    for visit in plan.visits:
        assert plan.start <= visit.date < plan.end


@settings(max_examples=60, deadline=None)
@given(requests)
def test_the_plan_is_deterministic(raw: dict[str, Any]) -> None:
    assert run(raw).to_json() == run(raw).to_json()


@settings(max_examples=120, deadline=None)
@given(requests, st.sampled_from(APPROVED))
@example(
    {
        "start": "2026-01-01",
        "horizon_months": 36,
        "treatments": [{"option": "ha-filler", "concern": "temple-hollows"}],
    },
    ("botulinum-toxin", "glabellar-lines"),
)
def test_adding_a_treatment_never_removes_another_ones_visits(
    raw: dict[str, Any], extra: tuple[str, str]
) -> None:
    """Unless a cited combination (SHR-COMB-1) makes the other's effect last longer."""
    option, concern = extra
    if any(t["option"] == option for t in raw["treatments"]):
        return  # the same option joins the existing chain by design
    before = run(raw)
    after = run({**raw, "treatments": [*raw["treatments"], {"option": option, "concern": concern}]})

    intervals = {t.option: t.interval_days for t in after.treatments}
    for treatment in before.treatments:
        if intervals[treatment.option] != treatment.interval_days:
            assert any("In a study" in note.text for note in after.notes)
            continue
        assert len(given_dates(after, treatment.option)) >= len(
            given_dates(before, treatment.option)
        )

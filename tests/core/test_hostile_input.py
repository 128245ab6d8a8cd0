"""Hostile values at every core entry point: the answer is a result or one InputError naming a
field of the document, never another exception (which the edges would turn into a 500 or an
exit status 70)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toxfill.compare import compare
from toxfill.decide import decide
from toxfill.documents import MAX_DEPTH, MAX_DOCUMENT_BYTES, read_json
from toxfill.dosing import dose_table, reconstitute
from toxfill.errors import ID_MAX_LENGTH, InputError, UnknownIdError, nearest_ids
from toxfill.intake import parse_intake
from toxfill.knowledge import KnowledgeBase
from toxfill.plan import make_plan, parse_plan_request
from toxfill.profile import describe
from toxfill.triage import aftercare_for, parse_report, triage

TODAY = dt.date(2026, 11, 23)
HOSTILE = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

hostile_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=80),
    st.sampled_from(
        [
            "9999-12-31",
            "0001-01-01",
            "2026-11-23T10:00:00",
            "2026-02-30",
            "1e999",
            "\x00",
            "ha-filler\x00",
            "HA-FILLER",
            " ha-filler",
            "true",
            "1",
            "",
        ]
    ),
    st.just(dt.datetime(2026, 11, 23, 10, 0)),
    st.just(dt.date.max),
    st.just(float("inf")),
    # Built, not written out: hypothesis would write a literal in its report.
    st.integers(4000, 6000).map(lambda digits: 10**digits),
    st.integers(100, 100_000).map(lambda length: "x" * length),
)
hostile = st.recursive(
    hostile_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)
lots_of_ids = st.integers(65, 2000).map(lambda n: ["x" * 80] * n)

INTAKE = {
    "age": 42,
    "concerns": ["crows-feet", "nasolabial-folds"],
    "health": ["anticoagulant-or-antiplatelet"],
    "preferences": {"longevity": 2, "reversibility": 3},
    "recent_treatments": [{"option": "botulinum-toxin", "date": "2026-06-01"}],
    "today": TODAY.isoformat(),
}
PLAN = {
    "start": "2026-12-01",
    "horizon_months": 24,
    "treatments": [
        {"option": "botulinum-toxin", "concern": "glabellar-lines"},
        {"option": "ha-filler", "concern": "nasolabial-folds"},
    ],
}
REPORT = {"treatment": "ha-filler", "days_since": 1, "symptoms": ["bruising"]}


def answers_or_names_a_field(call: Callable[[], object], fields: set[str]) -> None:
    """`call` returns, or raises an InputError whose field is one of `fields` (or inside one)."""
    refused: InputError | None = None
    try:
        call()
    except InputError as exc:
        refused = exc
    if refused is not None:
        top = refused.field.replace("[", ".").split(".")[0]
        assert top in fields, f"{refused.field!r} is not a field of the document: {refused}"
        assert refused.problem
        assert len(str(refused)) < 2000, "an error message must not echo a huge input"


def with_change(document: dict[str, Any], field: str, value: object) -> dict[str, Any]:
    return {**document, field: value}


@HOSTILE
@given(field=st.sampled_from([*INTAKE, "unknown"]), value=st.one_of(hostile, lots_of_ids))
def test_an_intake_with_a_hostile_field_is_decided_or_refused_by_name(
    kb: KnowledgeBase, field: str, value: object
) -> None:
    raw = with_change(INTAKE, field, value)

    answers_or_names_a_field(lambda: decide(kb, parse_intake(kb, raw)), {*INTAKE, "unknown"})


@HOSTILE
@given(field=st.sampled_from([*PLAN, "prices", "unknown"]), value=hostile)
def test_a_plan_request_with_a_hostile_field_is_planned_or_refused_by_name(
    kb: KnowledgeBase, field: str, value: object
) -> None:
    raw = with_change(PLAN, field, value)

    answers_or_names_a_field(
        lambda: make_plan(kb, parse_plan_request(kb, raw, TODAY)), {*PLAN, "prices", "unknown"}
    )


@HOSTILE
@given(
    field=st.sampled_from([*REPORT, "other_treatments", "product", "zone", "age", "pregnant"]),
    value=st.one_of(hostile, lots_of_ids),
)
def test_a_report_with_a_hostile_field_is_triaged_or_refused_by_name(
    kb: KnowledgeBase, field: str, value: object
) -> None:
    raw = with_change(REPORT, field, value)
    fields = {*REPORT, "other_treatments", "product", "zone", "age", "pregnant"}

    answers_or_names_a_field(lambda: triage(kb, parse_report(kb, raw)), fields)


@HOSTILE
@given(
    ids=st.lists(
        st.one_of(st.text(max_size=100), st.integers(65, 5000).map(lambda n: "x" * n)),
        max_size=40,
    )
)
def test_a_comparison_of_hostile_ids_is_made_or_refused_by_name(
    kb: KnowledgeBase, ids: list[str]
) -> None:
    answers_or_names_a_field(lambda: compare(kb, ids), {"options"})


@HOSTILE
@given(product=hostile_scalars, units=hostile_scalars, diluent=hostile_scalars)
def test_reconstitution_of_hostile_values_is_made_or_refused_by_name(
    kb: KnowledgeBase, product: Any, units: Any, diluent: Any
) -> None:
    answers_or_names_a_field(
        lambda: reconstitute(kb, product, units, diluent), {"product", "units", "diluent_ml"}
    )


@HOSTILE
@given(value=st.one_of(st.text(max_size=100), st.integers(65, 100_000).map(lambda n: "x" * n)))
def test_lookups_by_a_hostile_id_answer_or_name_the_field(kb: KnowledgeBase, value: str) -> None:
    answers_or_names_a_field(lambda: dose_table(kb, value), {"product"})
    answers_or_names_a_field(lambda: aftercare_for(kb, value), {"option"})
    answers_or_names_a_field(lambda: describe(kb, value), {"option"})


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        pytest.param('{"a": 1, "a": 2}', "repeats the key 'a'", id="repeated_key"),
        pytest.param("[" * 100_00 + "]" * 100_00, "nested more than", id="deep_nesting"),
        pytest.param("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), "nested", id="nine_levels"),
        pytest.param('{"a": "\\u0000"}', "NUL character", id="nul_escape"),
        pytest.param('{"a\\u0000": 1}', "NUL character", id="nul_in_key"),
        pytest.param('{"a": ' + "9" * 5000 + "}", "5000 digits", id="huge_integer"),
        pytest.param("{", "is not valid JSON", id="unparseable"),
        pytest.param(" " * (MAX_DOCUMENT_BYTES + 1), "larger than 64 KB", id="too_large"),
    ],
)
def test_read_json_refuses_what_no_document_needs(text: str, problem: str) -> None:
    with pytest.raises(InputError) as caught:
        read_json(text, "body")

    assert caught.value.field == "body"
    assert problem in caught.value.problem


def test_read_json_refuses_bytes_that_are_not_utf8() -> None:
    with pytest.raises(InputError, match="not UTF-8"):
        read_json(b'{"a": "\xff"}', "file")


def test_read_json_leaves_nan_and_infinity_for_the_field_to_refuse(kb: KnowledgeBase) -> None:
    raw = read_json('{"product": "botox", "units": 100, "diluent_ml": Infinity}', "body")

    with pytest.raises(InputError) as caught:
        reconstitute(kb, raw["product"], raw["units"], raw["diluent_ml"])

    assert caught.value.field == "diluent_ml"
    assert "finite" in caught.value.problem


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        pytest.param("2026-11-23T10:00:00", "real date", id="datetime_text"),
        pytest.param(dt.datetime(2026, 11, 23, 10, 0), "without a time", id="datetime"),
        pytest.param("9999-12-31", "from 1900-01-01 to 2199-12-31", id="year_9999"),
        pytest.param("0001-01-01", "from 1900-01-01 to 2199-12-31", id="year_1"),
        pytest.param("20261123", "real date", id="no_dashes"),
        pytest.param(20261123, "real date", id="number"),
    ],
)
def test_a_date_is_a_calendar_date_in_the_window(
    kb: KnowledgeBase, value: object, problem: str
) -> None:
    with pytest.raises(InputError) as caught:
        parse_intake(kb, {**INTAKE, "today": value})

    assert caught.value.field == "today"
    assert problem in caught.value.problem


def test_a_plan_starts_within_five_years_of_today(kb: KnowledgeBase) -> None:
    with pytest.raises(InputError) as caught:
        parse_plan_request(kb, {**PLAN, "start": "2199-01-01"}, TODAY)

    assert caught.value.field == "start"
    assert "within 5 years of today" in caught.value.problem


def test_a_plan_at_the_edge_of_the_window_never_steps_past_its_dates(kb: KnowledgeBase) -> None:
    latest = {**PLAN, "start": "2031-11-23", "horizon_months": 120}

    plan = make_plan(kb, parse_plan_request(kb, latest, TODAY))

    assert plan.end.year < 2050


@pytest.mark.parametrize(
    ("units", "diluent_ml", "field"),
    [
        pytest.param(True, 2.5, "units", id="true_is_not_a_number"),
        pytest.param("100", 2.5, "units", id="text_is_not_a_number"),
        pytest.param(100.5, 2.5, "units", id="a_fraction_of_a_unit"),
        pytest.param(100, "1", "diluent_ml", id="text_millilitres"),
        pytest.param(100, float("nan"), "diluent_ml", id="nan"),
        pytest.param(100, 1e308 * 10, "diluent_ml", id="infinity"),
        pytest.param(10**40, 2.5, "units", id="huge"),
    ],
)
def test_reconstitute_coerces_nothing(
    kb: KnowledgeBase, units: Any, diluent_ml: Any, field: str
) -> None:
    with pytest.raises(InputError) as caught:
        reconstitute(kb, "botox", units, diluent_ml)

    assert caught.value.field == field


def test_a_whole_number_written_with_a_point_is_accepted(kb: KnowledgeBase) -> None:
    """JSON does not tell 100 from 100.0: both are the same number of units."""
    assert reconstitute(kb, "botox", 100.0, 2.5).vial_units == 100  # type: ignore[arg-type]


def test_the_nearest_id_is_not_sought_for_a_value_longer_than_an_id() -> None:
    assert nearest_ids("ha-filler" + "x" * ID_MAX_LENGTH, ["ha-filler"]) == []


def test_an_overlong_id_is_refused_without_echoing_it(kb: KnowledgeBase) -> None:
    with pytest.raises(UnknownIdError) as caught:
        kb.option("x" * 2_400_000, "options")

    assert "an ID has at most 64 characters" in caught.value.problem
    assert len(str(caught.value)) < 200


def test_an_intake_refuses_more_concerns_than_any_vocabulary_has(kb: KnowledgeBase) -> None:
    with pytest.raises(InputError) as caught:
        parse_intake(kb, {**INTAKE, "concerns": ["crows-feet"] * 65})

    assert caught.value.field == "concerns"
    assert "at most 64" in caught.value.problem


def test_read_json_round_trips_a_real_document() -> None:
    assert read_json(json.dumps(INTAKE), "file") == INTAKE

"""The care plan: intervals from the cited durations, never under a label minimum."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from tests.calendars import read_calendar

from toxfill.errors import InputError, UnknownIdError
from toxfill.knowledge import KnowledgeBase, bundled_knowledge
from toxfill.plan import CarePlan, make_plan, parse_plan_request
from toxfill.render.ics import plan_ics
from toxfill.render.svg import plan_svg

START = "2026-12-01"
# The planner takes a start only within 5 years of today: a fixed today keeps these dates valid.
TODAY = dt.date(2026, 11, 30)


def plan(
    kb: KnowledgeBase, *treatments: dict[str, Any], months: int = 24, **extra: Any
) -> CarePlan:
    raw = {"start": START, "horizon_months": months, "treatments": list(treatments), **extra}
    return make_plan(kb, parse_plan_request(kb, raw, TODAY))


def toxin(concern: str = "glabellar-lines", **extra: Any) -> dict[str, Any]:
    return {"option": "botulinum-toxin", "concern": concern, **extra}


def filler(option: str = "ha-filler", concern: str = "nasolabial-folds") -> dict[str, Any]:
    return {"option": option, "concern": concern}


def dates(care_plan: CarePlan, option: str) -> list[dt.date]:
    return [
        v.date
        for v in care_plan.visits
        for t in v.treatments
        if t.option == option and t.purpose != "review"
    ]


def test_toxin_is_repeated_when_its_effect_wears_off_and_never_under_90_days(
    kb: KnowledgeBase,
) -> None:
    """TOX-DUR-1 (3-4 months) and TOX-RETX-5 (at least 90 days apart)."""
    given = dates(plan(kb, toxin()), "botulinum-toxin")

    gaps = {(b - a).days for a, b in itertools.pairwise(given)}
    assert given[0].isoformat() == START
    assert gaps == {91}
    assert len(given) == 9


def test_hyaluronic_acid_filler_is_repeated_about_every_six_months(kb: KnowledgeBase) -> None:
    """FIL-DUR-1: hyaluronic acid fillers last about 6-12 months."""
    given = dates(plan(kb, filler()), "ha-filler")

    assert [(b - a).days for a, b in itertools.pairwise(given)] == [183, 183, 183]


def test_a_first_toxin_treatment_gets_a_check_up_two_weeks_later(kb: KnowledgeBase) -> None:
    """TOX-ONSET-1: the full effect takes about 2 weeks; a check-up then (one practice's way)."""
    care_plan = plan(kb, toxin(), months=6)

    reviews = [v for v in care_plan.visits if v.purpose == "review"]
    assert [v.date.isoformat() for v in reviews] == ["2026-12-15"]
    assert any("check-up" in n.text for n in care_plan.treatments[0].notes)


def test_poly_l_lactic_acid_starts_with_a_course_of_sessions(kb: KnowledgeBase) -> None:
    """FIL-CLASS-3, FIL-PROD-7: a series of sessions about 3 weeks apart, then maintenance."""
    care_plan = plan(kb, filler("plla-filler", "nasolabial-folds"), months=36)

    purposes = [(v.date.isoformat(), v.purpose) for v in care_plan.visits]
    assert purposes[:3] == [
        ("2026-12-01", "initial"),
        ("2026-12-22", "course"),
        ("2027-01-12", "course"),
    ]
    assert purposes[3][1] == "maintenance"
    assert any("3 sessions" in n.text for n in care_plan.treatments[0].notes)


def test_a_permanent_filler_is_given_once(kb: KnowledgeBase) -> None:
    """FIL-CLASS-4: PMMA is the only non-absorbable filler."""
    care_plan = plan(kb, filler("pmma-filler"))

    assert len(care_plan.visits) == 1
    assert "Permanent" in care_plan.treatments[0].notes[0].text


def test_a_filler_due_soon_after_a_toxin_visit_joins_it(kb: KnowledgeBase) -> None:
    """FIL-DUR-1 and TOX-DUR-1: the filler (no label minimum) may come a day early."""
    care_plan = plan(kb, toxin(), filler())

    both = [
        v
        for v in care_plan.visits
        if {t.option for t in v.treatments} == {"botulinum-toxin", "ha-filler"}
    ]
    assert len(both) == 5
    assert len(care_plan.visits) == 10  # with the check-up two weeks after the first toxin


def test_a_toxin_is_never_pulled_earlier_than_its_label_minimum(kb: KnowledgeBase) -> None:
    """TOX-RETX-5: at least 90 days apart, even to share a visit."""
    care_plan = plan(kb, toxin(), filler())

    given = dates(care_plan, "botulinum-toxin")
    assert min((b - a).days for a, b in itertools.pairwise(given)) >= 90


def test_two_concerns_of_one_option_share_its_visits(kb: KnowledgeBase) -> None:
    """TOX-DOSE-6: toxin treatments for several uses count together."""
    care_plan = plan(kb, toxin("glabellar-lines"), toxin("crows-feet"))

    for visit in care_plan.visits:
        assert {t.concern for t in visit.treatments} == {"glabellar-lines", "crows-feet"}


def test_the_studied_pair_lengthens_the_filler_interval(kb: KnowledgeBase) -> None:
    """SHR-COMB-1: toxin and HA filler both in the frown lines, 32 weeks against 18 alone."""
    alone = plan(kb, filler("ha-filler", "glabellar-lines"))
    combined = plan(kb, toxin("glabellar-lines"), filler("ha-filler", "glabellar-lines"))

    interval = {t.option: t.interval_days for t in combined.treatments}
    assert interval["ha-filler"] == round(183 * 32 / 18)
    assert alone.treatments[0].interval_days == 183
    assert any("32 weeks" in note.text for note in combined.notes)


def test_a_combination_in_the_same_area_for_another_concern_changes_nothing(
    kb: KnowledgeBase,
) -> None:
    """SHR-COMB-1 measured frown lines only: filler for the temples is not the studied pair."""
    care_plan = plan(kb, toxin("glabellar-lines"), filler("ha-filler", "temple-hollows"))

    assert {t.option: t.interval_days for t in care_plan.treatments}["ha-filler"] == 183
    assert not any("32 weeks" in note.text for note in care_plan.notes)


def test_a_combination_in_different_areas_changes_nothing(kb: KnowledgeBase) -> None:
    care_plan = plan(kb, toxin("glabellar-lines"), filler("ha-filler", "lip-volume"))

    assert {t.option: t.interval_days for t in care_plan.treatments}["ha-filler"] == 183
    assert not any("32 weeks" in note.text for note in care_plan.notes)


def test_a_filler_also_planned_for_an_unstudied_concern_keeps_its_interval(
    kb: KnowledgeBase,
) -> None:
    """SHR-COMB-1: the filler's one schedule also serves smile lines, which were not studied."""
    care_plan = plan(
        kb,
        toxin("glabellar-lines"),
        filler("ha-filler", "glabellar-lines"),
        filler("ha-filler", "nasolabial-folds"),
    )

    assert {t.option: t.interval_days for t in care_plan.treatments}["ha-filler"] == 183


def test_filler_in_the_frown_lines_is_planned_as_off_label_naming_the_vessel_risk(
    kb: KnowledgeBase,
) -> None:
    """FIL-PROD-9 (no filler approved for frown lines), FIL-RISK-3 and S-KATO-2022 (the glabella
    is a site with the highest risk of vessel blockage), SHR-COMB-1 (where the study put it)."""
    care_plan = plan(kb, toxin("glabellar-lines"), filler("ha-filler", "glabellar-lines"))

    [ha] = [t for t in care_plan.treatments if t.option == "ha-filler"]
    assert ha.off_label
    assert ha.notes[0].text.startswith("Off-label")
    assert "highest risk of filler blocking a blood vessel" in ha.notes[0].text
    assert {"S-FDA-VO2015", "S-KATO-2022"} <= set(ha.notes[0].sources)
    assert "S-CARR-2003" in ha.notes[0].sources
    toxin_plan = next(t for t in care_plan.treatments if t.option == "botulinum-toxin")
    assert not toxin_plan.off_label


def test_the_lower_face_study_plans_toxin_around_the_mouth_as_off_label_without_a_stretch(
    kb: KnowledgeBase,
) -> None:
    """SHR-COMB-2 reported no duration figure; TOX-IND-1-4: no toxin is approved there."""
    care_plan = plan(kb, toxin("perioral-lines"), filler("ha-filler", "perioral-lines"))

    by_option = {t.option: t for t in care_plan.treatments}
    assert by_option["botulinum-toxin"].off_label
    assert not by_option["ha-filler"].off_label
    assert by_option["ha-filler"].interval_days == 183


@pytest.mark.parametrize(
    "concern", [c.id for c in bundled_knowledge().concerns.values() if c.kind == "medical"]
)
def test_a_medical_concern_is_refused_pointing_to_its_specialist(
    kb: KnowledgeBase, concern: str
) -> None:
    """TOX-IND-6 to TOX-IND-21: medical uses are the specialist's to plan, never at cosmetic
    fees (PRODUCT.md: medical uses get `refer`)."""
    raw = {"start": START, "horizon_months": 12, "treatments": [toxin(concern)]}

    with pytest.raises(InputError) as caught:
        parse_plan_request(kb, raw, TODAY)

    assert caught.value.field == "treatments[0].concern"
    assert kb.concerns[concern].specialist in caught.value.problem
    assert "medical condition" in caught.value.problem


def test_an_off_label_cosmetic_use_is_planned_and_marked_in_every_visit(
    kb: KnowledgeBase,
) -> None:
    """FIL-PROD-7: no PLLA label names the cheeks; FIL-CLASS-3: it builds volume over time."""
    care_plan = plan(kb, filler("plla-filler", "cheek-volume"))

    [treatment] = care_plan.treatments
    assert treatment.off_label
    assert treatment.notes[0].text.startswith("Off-label")
    assert treatment.notes[0].sources
    assert all(t.off_label for v in care_plan.visits for t in v.treatments)
    assert care_plan.to_json()["visits"][0]["treatments"][0]["off_label"] is True


def test_an_off_label_product_is_planned_with_its_label_wording(kb: KnowledgeBase) -> None:
    """TOX-IND-23: Jeuveau is approved for frown lines only."""
    care_plan = plan(kb, toxin("crows-feet", product="jeuveau"))

    [treatment] = care_plan.treatments
    assert treatment.off_label
    assert "Jeuveau" in treatment.notes[0].text
    assert "S-JEU-OFDA" in treatment.notes[0].sources


def test_an_approved_use_is_not_marked_off_label(kb: KnowledgeBase) -> None:
    """TOX-IND-1: Botox Cosmetic is approved for frown lines."""
    care_plan = plan(kb, toxin(), filler())

    assert not any(t.off_label for t in care_plan.treatments)
    assert not any(n.text.startswith("Off-label") for t in care_plan.treatments for n in t.notes)


def test_off_label_is_marked_in_the_calendar_and_the_chart(kb: KnowledgeBase) -> None:
    care_plan = plan(kb, filler("plla-filler", "cheek-volume"))

    [event, *_] = read_calendar(plan_ics(care_plan, kb)).events
    assert "off-label" in str(event.description)
    assert "off-label" in plan_svg(care_plan, kb)


def test_yearly_visits_and_cost_come_from_the_plan(kb: KnowledgeBase) -> None:
    """COST: ASPS 2023 national average fees ($435 toxin, $715 HA filler)."""
    care_plan = plan(kb, toxin(), filler())

    assert care_plan.per_year.visits == 5.0
    assert care_plan.per_year.cost_usd.low == round((9 * 435 + 5 * 715) / 2)


def test_your_own_prices_replace_the_averages(kb: KnowledgeBase) -> None:
    care_plan = plan(kb, toxin(), prices={"botulinum-toxin": {"low_usd": 300, "high_usd": 600}})

    assert care_plan.per_year.cost_usd.model_dump() == {"low": 9 * 300 // 2, "high": 9 * 600 // 2}


def test_the_effect_curve_rises_holds_and_is_weekly(kb: KnowledgeBase) -> None:
    """TOX-ONSET-1: the full effect takes about 2 weeks."""
    curve = plan(kb, toxin(), months=6).treatments[0].curve

    assert curve[0].effect == 0
    assert curve[2].effect == 1.0
    assert (curve[1].date - curve[0].date).days == 7


def test_toxin_fades_between_month_3_and_4_and_is_repeated_as_it_starts_to(
    kb: KnowledgeBase,
) -> None:
    """TOX-DUR-1: the effect usually lasts about 3 to 4 months; TOX-ONSET-1: full in 2 weeks."""
    treatment = plan(kb, toxin(), months=12).treatments[0]

    assert treatment.effect is not None
    assert treatment.effect.model_dump() == {
        "full_by_days": 14,
        "fades_from_days": 91,
        "gone_by_days": 122,
    }
    assert treatment.effect.at(106) == pytest.approx(1 - 15 / 31)
    assert treatment.reading == (
        "Full effect in about 2 weeks. It fades between month 3 and month 4. "
        "This plan repeats it about every 3 months."
    )


def test_the_planned_curve_dips_where_a_repeat_takes_two_weeks_to_work(kb: KnowledgeBase) -> None:
    """TOX-ONSET-1 with TOX-DUR-1: repeated at month 3, the new dose is not yet full as the
    last one fades, so the curve is not a flat 'full' line."""
    curve = plan(kb, toxin(), months=12).treatments[0].curve

    effects = [p.effect for p in curve[3:]]
    assert min(effects) < 0.9
    assert max(effects) == 1.0


def test_a_single_duration_figure_fades_over_its_last_sixth(kb: KnowledgeBase) -> None:
    """FIL-DUR-2: CaHA lasts about 18 months; drawn fading up to month 18, not past it."""
    treatment = plan(kb, filler("caha-filler"), months=24).treatments[0]

    assert treatment.effect is not None
    assert treatment.effect.gone_by_days == 548
    assert treatment.effect.fades_from_days == round(18 * 5 / 6 * 365.25 / 12)
    assert "It fades around month 18." in treatment.reading


def test_a_permanent_filler_holds_and_says_so(kb: KnowledgeBase) -> None:
    """FIL-DUR-4: PMMA beads are permanent."""
    treatment = plan(kb, filler("pmma-filler"), months=24).treatments[0]

    assert treatment.effect is not None
    assert treatment.effect.gone_by_days is None
    assert treatment.reading == "Full effect right away. It does not wear off."


def test_every_note_cites_a_source(kb: KnowledgeBase) -> None:
    care_plan = plan(kb, toxin(), filler("caha-filler"), filler("pmma-filler"))

    for treatment in care_plan.treatments:
        for note in treatment.notes:
            assert note.sources
    assert {s.id for s in care_plan.sources} <= set(kb.sources)


def test_the_calendar_parses_back_to_the_same_visits(kb: KnowledgeBase) -> None:
    care_plan = plan(kb, toxin(), filler())

    made = dt.datetime.combine(TODAY, dt.time(9), tzinfo=dt.UTC)  # the plan's today
    events = read_calendar(plan_ics(care_plan, kb, stamp=made)).events

    assert [e.dtstart for e in events] == [v.date for v in care_plan.visits]
    triggers = [[a.trigger for a in e.alarm] for e in events]
    assert triggers[0] == []  # the first visit is tomorrow: a reminder would be in the past
    assert all(t == [dt.timedelta(days=-7)] for t in triggers[1:])
    assert "Hyaluronic acid filler" in str(events[0].summary)
    assert len({e.uid for e in events}) == len(events)


def test_the_chart_has_one_panel_per_treatment_and_a_marker_per_visit(kb: KnowledgeBase) -> None:
    care_plan = plan(kb, toxin(), filler())

    svg = plan_svg(care_plan, kb)

    assert svg.startswith("<svg")
    assert svg.count("<polyline") == 4  # per panel: with the plan, and one treatment alone
    assert svg.count('stroke-dasharray="6 4"') == 2  # told apart by pattern, not colour
    assert svg.count("visit</title></path>") == len(care_plan.visits)
    assert "<title id=" in svg
    assert "<desc id=" in svg


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        pytest.param({"horizon_months": 0}, "horizon_months", "from 1 to 120", id="zero"),
        pytest.param({"horizon_months": 121}, "horizon_months", "(10 years)", id="too_long"),
        pytest.param({"start": "2026-02-30"}, "start", "real date", id="bad_start"),
        pytest.param({"treatments": []}, "treatments", "at least one treatment", id="none"),
        pytest.param(
            {"treatments": [toxin("cheek-volume")]},
            "treatments[0].concern",
            "no approved or known off-label use for cheek-volume",
            id="no_known_use",
        ),
        pytest.param(
            {"treatments": [filler("pmma-filler", "lip-volume")]},
            "treatments[0].concern",
            "no approved or known off-label use for lip-volume",
            id="permanent_filler_outside_its_label",
        ),
        pytest.param(
            {"treatments": [toxin("chronic-migraine")]},
            "treatments[0].concern",
            "a neurologist or headache specialist decides",
            id="medical_concern",
        ),
        pytest.param(
            {"treatments": [filler("no-treatment", "glabellar-lines")]},
            "treatments[0].option",
            "no visits",
            id="no_treatment",
        ),
        pytest.param(
            {"treatments": [toxin(product="radiesse")]},
            "treatments[0].product",
            "radiesse is not a botulinum-toxin product",
            id="product_of_another_class",
        ),
        pytest.param(
            {"treatments": [toxin(), toxin()]}, "treatments[1]", "listed twice", id="twice"
        ),
    ],
)
def test_bad_requests_name_the_field(
    kb: KnowledgeBase, change: dict[str, Any], field: str, message: str
) -> None:
    raw = {"start": START, "horizon_months": 12, "treatments": [toxin()], **change}

    with pytest.raises(InputError) as caught:
        parse_plan_request(kb, raw, TODAY)

    assert caught.value.field == field
    assert message in caught.value.problem


def test_an_unknown_option_names_the_nearest(kb: KnowledgeBase) -> None:
    raw = {"start": START, "horizon_months": 12, "treatments": [filler("ha-filer")]}

    with pytest.raises(UnknownIdError) as caught:
        parse_plan_request(kb, raw, TODAY)

    assert caught.value.field == "treatments[0].option"
    assert caught.value.nearest[0] == "ha-filler"


def test_calcium_hydroxylapatite_is_repeated_about_every_18_months(kb: KnowledgeBase) -> None:
    """FIL-DUR-2: CaHA lasts about 18 months."""
    given = dates(plan(kb, filler("caha-filler", "hand-volume"), months=48), "caha-filler")

    assert [(b - a).days for a, b in itertools.pairwise(given)] == [548, 548]


def test_fat_grafting_is_not_planned_as_it_has_no_approved_use(kb: KnowledgeBase) -> None:
    """FIL-CLASS-6: fat grafting is a procedure, not an FDA-approved device, so no use of it
    is 'off-label' and the planner has no labelled use to hold it to."""
    raw = {
        "start": START,
        "horizon_months": 24,
        "treatments": [filler("fat-grafting", "cheek-volume")],
    }

    with pytest.raises(InputError, match="no approved or known off-label use"):
        parse_plan_request(kb, raw, TODAY)

"""Box B2 of the MedWatch report, "Outcome attributed to adverse event": each rule the clinic
applies, beside the FDA's meaning of the box it ticks ("What is a Serious Adverse Event?",
https://www.fda.gov/safety/reporting-serious-problems-fda/what-serious-adverse-event)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from tests.core.medwatch_records import (
    answers,
    box,
    event,
    filler,
    record,
)

from toxfill.knowledge import KnowledgeBase
from toxfill.records.medwatch import (
    Course,
    Outcome,
    ReportedEvent,
    Severity,
    medwatch_report,
)
from toxfill.render.medwatch_text import medwatch_text

# Each rule, with the FDA's meaning of the box it ticks (What is a Serious Adverse Event?).
OUTCOME_RULES = [
    pytest.param(
        event(hyaluronidase_units=Decimal(300)),
        True,
        Outcome.REQUIRED_INTERVENTION,
        True,
        # FDA: medical or surgical intervention was necessary to preclude permanent impairment
        # of a body function or permanent damage to a body structure (devices). Hyaluronidase
        # dissolves hyaluronic acid filler that threatens skin or sight.
        id="hyaluronidase_given_is_required_intervention",
    ),
    pytest.param(
        event(urgency="emergency", symptoms=("vision-change",)),
        True,
        Outcome.REQUIRED_INTERVENTION,
        True,
        # An emergency after filler (a device) calls for treatment to prevent lasting damage.
        id="emergency_after_filler_is_required_intervention",
    ),
    pytest.param(
        event(urgency="emergency", symptoms=("difficulty-breathing",)),
        False,
        Outcome.REQUIRED_INTERVENTION,
        False,
        # FDA: the box is for devices; a toxin is a drug.
        id="required_intervention_is_for_devices_only",
    ),
    pytest.param(
        event(urgency="emergency", symptoms=("difficulty-breathing",)),
        False,
        Outcome.OTHER_SERIOUS,
        True,
        # FDA: an important medical event may jeopardize the patient and may need treatment to
        # prevent another outcome (e.g. allergic bronchospasm treated in an emergency room).
        id="emergency_after_toxin_is_an_important_medical_event",
    ),
    pytest.param(
        event(severity=Severity.LIFE_THREATENING),
        False,
        Outcome.LIFE_THREATENING,
        True,
        # FDA: the patient was at substantial risk of dying at the time of the event.
        id="graded_life_threatening_is_life_threatening",
    ),
    pytest.param(
        event(severity=Severity.SEVERE),
        False,
        Outcome.LIFE_THREATENING,
        False,
        # A grade below life-threatening rules it out; severity is not seriousness.
        id="graded_severe_is_not_life_threatening",
    ),
    pytest.param(
        event(severity=None),
        False,
        Outcome.LIFE_THREATENING,
        None,
        id="not_graded_is_asked",
    ),
    pytest.param(
        event(course=Course.RESOLVED),
        False,
        Outcome.DISABILITY,
        False,
        # FDA: disability is a significant, persistent or permanent change; a full recovery
        # rules it out.
        id="resolved_without_lasting_effects_is_no_disability",
    ),
    pytest.param(
        event(course=Course.RESOLVED_WITH_SEQUELAE),
        False,
        Outcome.DISABILITY,
        None,
        # Lasting effects may or may not be significant: the reporter judges.
        id="lasting_effects_ask_about_disability",
    ),
    pytest.param(
        event(course=Course.RESOLVED_WITH_SEQUELAE), False, Outcome.DEATH, False,
        id="resolved_is_no_death",
    ),
    pytest.param(
        event(course=Course.ONGOING), False, Outcome.DEATH, None, id="ongoing_asks_about_death"
    ),
    pytest.param(
        event(urgency="emergency", severity=Severity.LIFE_THREATENING),
        True,
        Outcome.HOSPITALIZATION,
        None,
        # toxfill never records a hospital stay.
        id="hospitalization_is_always_asked",
    ),
    pytest.param(
        event(), True, Outcome.CONGENITAL_ANOMALY, None, id="congenital_anomaly_is_always_asked"
    ),
    pytest.param(
        event(severity=Severity.SEVERE),
        True,
        Outcome.REQUIRED_INTERVENTION,
        None,
        # Without hyaluronidase or an emergency the record cannot say: asked.
        id="filler_without_treatment_asks_about_intervention",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("the_event", "device_used", "outcome", "ticked"), OUTCOME_RULES)
def test_it_answers_the_outcome_boxes_by_the_fdas_meaning(
    the_event: ReportedEvent, device_used: bool, outcome: Outcome, ticked: bool | None
) -> None:
    assert answers(the_event, device_used=device_used)[outcome] is ticked


def test_it_lists_every_outcome_box_in_the_forms_order(kb: KnowledgeBase) -> None:
    report = medwatch_report(kb, record())
    outcomes = next(g for g in report.section("B").groups if g.title.startswith("B2"))
    assert [e.label for e in outcomes.entries] == [o.value for o in Outcome]


def test_it_says_why_it_ticked_a_box(kb: KnowledgeBase) -> None:
    # given an emergency after filler, treated with 300 U of hyaluronidase
    the_event = event(urgency="emergency", hyaluronidase_units=Decimal(300))
    report = medwatch_report(kb, record(filler(), the_event=the_event))
    entry = box(report, "B", Outcome.REQUIRED_INTERVENTION.value)
    assert entry.value == "Yes: hyaluronidase 300 U was given to dissolve the filler"
    assert "hyaluronidase 300 U" in medwatch_text(report)

"""The MedWatch report (Form FDA 3500, voluntary reporting by health professionals) of one
adverse event: the form's sections A to G, each box filled from the record or marked for the
reporter to add: the layout, the patient, the event, other products and the reporter. (B2's
outcome rules: test_medwatch_outcomes.py; D and E: test_medwatch_products.py.)

The form's sections and boxes: the FDA's instructions for Form 3500,
https://www.fda.gov/safety/medical-product-safety-information/instructions-completing-form-fda-3500
The outcomes' meanings: "What is a Serious Adverse Event?",
https://www.fda.gov/safety/reporting-serious-problems-fda/what-serious-adverse-event
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest
from tests.core.medwatch_records import (
    BOTOX_LOT,
    MIA,
    NORA,
    PAULA,
    TREATED_ON,
    box,
    event,
    filler,
    record,
    toxin,
)

import toxfill.records.medwatch
from toxfill.knowledge import KnowledgeBase
from toxfill.records.medwatch import (
    TO_ADD,
    Course,
    Entry,
    ReportedPatient,
    ReportedPoint,
    Severity,
    medwatch_report,
)
from toxfill.render.medwatch_text import medwatch_text

# --- the form's layout ----------------------------------------------------------------------


def test_it_lays_out_sections_a_to_g_in_the_forms_order(kb: KnowledgeBase) -> None:
    report = medwatch_report(kb, record(toxin(), filler()))
    assert [(s.letter, s.title) for s in report.sections] == [
        ("A", "Patient information"),
        ("B", "Adverse event, product problem"),
        ("C", "Product availability"),
        ("D", "Suspect products"),
        ("E", "Suspect medical device"),
        ("F", "Other (concomitant) medical products"),
        ("G", "Reporter"),
    ]


def test_it_numbers_the_patient_and_event_boxes_as_the_form_does(kb: KnowledgeBase) -> None:
    report = medwatch_report(kb, record())
    numbered = [e.item for s in report.sections for e in s.entries if e.item]
    assert numbered == ["A1", "A2", "A3", "A4", "A5", "B1", "B3", "B4", "B5", "B6", "B7", "C1"]


@pytest.mark.parametrize(
    "points",
    [
        pytest.param((toxin(),), id="toxin_only"),
        pytest.param((filler(),), id="filler_only"),
        pytest.param((toxin(), filler(), toxin("forehead", "10")), id="both"),
        pytest.param(
            (ReportedPoint("retired-toxin", "mars", Decimal(1), "U", BOTOX_LOT),), id="unknown_ids"
        ),
    ],
)
def test_it_never_leaves_a_box_silently_empty(
    kb: KnowledgeBase, points: tuple[ReportedPoint, ...]
) -> None:
    report = medwatch_report(kb, record(*points))
    for section in report.sections:
        assert section.entries, section.letter
        for entry in section.entries:
            assert entry.value.strip() or entry.to_add.strip(), entry


def test_a_box_with_neither_a_value_nor_what_to_add_cannot_be_made() -> None:
    with pytest.raises(ValueError, match="A3 Sex"):
        Entry("A3", "Sex")


def test_it_counts_the_boxes_to_add_in_its_notes(kb: KnowledgeBase) -> None:
    report = medwatch_report(kb, record())
    assert report.to_add
    assert f"{len(report.to_add)} boxes are marked {TO_ADD}" in " ".join(report.notes)


# --- A: patient -----------------------------------------------------------------------------


def test_it_gives_initials_and_age_on_the_day_of_the_event(kb: KnowledgeBase) -> None:
    # given Ana, born 3 April 1985, whose event began on 11 March 2026, before her birthday
    report = medwatch_report(kb, record())
    assert box(report, "A", "Patient identifier").value == "AS (initials only)"
    assert box(report, "A", "Age at time of event, or date of birth").value == (
        "40 years; born 1985-04-02"
    )


@pytest.mark.parametrize("label", ["Sex", "Weight", "Ethnicity and race"])
def test_it_asks_for_what_toxfill_does_not_record_about_the_patient(
    kb: KnowledgeBase, label: str
) -> None:
    entry = box(medwatch_report(kb, record()), "A", label)
    assert not entry.value
    assert "not recorded in toxfill" in entry.to_add


# --- B: event -------------------------------------------------------------------------------


def test_it_dates_the_event_and_the_report(kb: KnowledgeBase) -> None:
    report = medwatch_report(kb, record())
    assert box(report, "B", "Date of event").value == "2026-03-11"
    assert box(report, "B", "Date of this report").value == "2026-03-12"


def test_it_describes_the_event_from_the_record(kb: KnowledgeBase) -> None:
    the_event = event(
        urgency="emergency",
        symptoms=("skin-blanching",),
        triage_reason="Pale or white skin near the filler can mean it is blocking a blood vessel",
        severity=Severity.SEVERE,
        actions="Warm compress, massage",
        hyaluronidase_units=Decimal(150),
        course=Course.RESOLVED,
    )
    text = box(
        medwatch_report(kb, record(filler(), the_event=the_event)), "B", "Describe event or problem"
    ).value
    assert text.startswith("Skin turning pale or white, starting 1 day after treatment on ")
    for said in (
        "Juvéderm Voluma XC, lot V1, 0.5 mL in all: Cheek, left 0.5 mL",
        "Triaged on entry by toxfill as emergency: Pale or white skin near the filler can mean "
        "it is blocking a blood vessel.",
        "Graded severe by the clinician.",
        "Treated with hyaluronidase 150 U.",
        "Actions taken: Warm compress, massage.",
        "Course: resolved.",
    ):
        assert said in text


@pytest.mark.parametrize(
    ("days", "starting"),
    [
        pytest.param(0, "starting the same day as treatment on", id="same_day"),
        pytest.param(2, "starting 2 days after treatment on", id="days_after"),
        pytest.param(-1, "starting before treatment on", id="recorded_before_the_session"),
    ],
)
def test_it_says_when_the_event_began_after_treatment(
    kb: KnowledgeBase, days: int, starting: str
) -> None:
    the_event = event(onset_on=TREATED_ON + dt.timedelta(days=days))
    described = box(
        medwatch_report(kb, record(the_event=the_event)), "B", "Describe event or problem"
    )
    assert starting in described.value


def test_it_gives_the_recorded_health_factors_and_allergies_as_history(
    kb: KnowledgeBase,
) -> None:
    ana = ReportedPatient(
        "AS", dt.date(1985, 4, 2), ("anticoagulant-or-antiplatelet",), "lidocaine (rash)"
    )
    entry = box(medwatch_report(kb, record(patient=ana)), "B", "Other relevant history, "
                "including pre-existing medical conditions")  # fmt: skip
    factor = kb.health_factors["anticoagulant-or-antiplatelet"].label
    assert entry.value == f"{factor}; Allergies: lidocaine (rash)"
    assert not entry.to_add


def test_it_asks_for_history_when_none_is_recorded(kb: KnowledgeBase) -> None:
    entry = box(medwatch_report(kb, record()), "B", "Other relevant history, including "
                "pre-existing medical conditions")  # fmt: skip
    assert not entry.value
    assert "allergies" in entry.to_add


# --- F and G --------------------------------------------------------------------------------


def test_it_reminds_the_reporter_of_a_recorded_blood_thinner(kb: KnowledgeBase) -> None:
    ana = ReportedPatient("AS", dt.date(1985, 4, 2), ("anticoagulant-or-antiplatelet",))
    concomitant = medwatch_report(kb, record(patient=ana)).section("F").entries[0]
    assert kb.health_factors["anticoagulant-or-antiplatelet"].label in concomitant.to_add


def test_it_names_the_recorder_as_reporter_with_their_licence(kb: KnowledgeBase) -> None:
    report = medwatch_report(kb, record(recorder=PAULA, preparer=PAULA))
    assert box(report, "G", "Name").value == "Paula Reyes (recorded this event)"
    assert box(report, "G", "Email").value == "paula@example.org"
    assert box(report, "G", "Health professional?").value == "Yes"
    assert box(report, "G", "Occupation").value == "RN (licence RN-123456, NY)"
    assert not any("not Paula" in note for note in report.notes)


def test_it_gives_a_us_reporters_npi_with_their_licence(kb: KnowledgeBase) -> None:
    # given paula's clinic holds her NPI (CMS's worked example, 1234567893)
    with_npi = replace(PAULA, npi="1234567893")
    # when the report is prepared
    report = medwatch_report(kb, record(recorder=with_npi, preparer=with_npi))
    # then section G's occupation names it beside the licence, so the FDA can find her
    assert box(report, "G", "Occupation").value == "RN (licence RN-123456, NY, NPI 1234567893)"


def test_it_names_the_recorder_even_when_someone_else_prepares_it(kb: KnowledgeBase) -> None:
    # given mia, the manager, downloads the report paula recorded
    report = medwatch_report(kb, record(recorder=PAULA, preparer=MIA))
    # then paula is still the reporter, and the notes say who prepared it and to ask paula
    assert box(report, "G", "Name").value == "Paula Reyes (recorded this event)"
    notes = " ".join(report.notes)
    assert "for Mia Chen (Manager)" in notes
    assert "ask Paula Reyes to check it and send it" in notes


def test_it_asks_for_the_occupation_of_a_reporter_without_a_licence(kb: KnowledgeBase) -> None:
    report = medwatch_report(kb, record(recorder=NORA))
    assert box(report, "G", "Health professional?").to_add
    assert box(report, "G", "Occupation").to_add
    assert box(report, "G", "Email").to_add


def test_it_warns_about_a_voided_event_and_one_already_reported(kb: KnowledgeBase) -> None:
    the_event = event(voided=True, reported_to_regulator=True, reported_on=dt.date(2026, 3, 11))
    report = medwatch_report(kb, record(the_event=the_event))
    notes = " ".join(report.notes)
    assert "has been voided" in notes
    assert "already reported to the regulator" in notes
    assert "on 2026-03-11" in box(report, "G", "Also reported to").value


# --- text -----------------------------------------------------------------------------------


def test_the_text_gives_each_section_in_order_and_marks_what_to_add(kb: KnowledgeBase) -> None:
    text = medwatch_text(medwatch_report(kb, record(toxin(), filler())))
    headings = [line for line in text.splitlines() if line[:2] in {f"{c}." for c in "ABCDEFG"}]
    assert headings == [
        "A. PATIENT INFORMATION",
        "B. ADVERSE EVENT, PRODUCT PROBLEM",
        "C. PRODUCT AVAILABILITY",
        "D. SUSPECT PRODUCTS",
        "E. SUSPECT MEDICAL DEVICE",
        "F. OTHER (CONCOMITANT) MEDICAL PRODUCTS",
        "G. REPORTER",
    ]
    assert "  A3 Sex: TO ADD: not recorded in toxfill" in text
    assert "    Manufacturer name, city and state: Allergan\n        TO ADD: its city" in text


def test_the_package_exports() -> None:
    assert set(toxfill.records.medwatch.__all__) == {
        "FORM_INSTRUCTIONS",
        "ONLINE_FORM",
        "SERIOUS_OUTCOMES",
        "TO_ADD",
        "Course",
        "Entry",
        "EventRecord",
        "Group",
        "MedWatchReport",
        "Outcome",
        "OutcomeAnswer",
        "ReportedEvent",
        "ReportedLot",
        "ReportedPatient",
        "ReportedPoint",
        "ReportingPerson",
        "Section",
        "Severity",
        "attributed_outcomes",
        "medwatch_report",
        "ndc_codes",
        "package_ndc",
        "udi_text",
    }

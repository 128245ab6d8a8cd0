"""The MedWatch report (Form FDA 3500, voluntary reporting by health professionals) of one
adverse event: the form's sections A to G, each box filled from the record or marked for the
reporter to add, and the outcome boxes of B2 by rules each test names with the FDA's meaning.

The form's sections and boxes: the FDA's instructions for Form 3500,
https://www.fda.gov/safety/medical-product-safety-information/instructions-completing-form-fda-3500
The outcomes' meanings: "What is a Serious Adverse Event?",
https://www.fda.gov/safety/reporting-serious-problems-fda/what-serious-adverse-event
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any, cast

import pytest

import toxfill.records.medwatch
from toxfill.knowledge import KnowledgeBase
from toxfill.records.medwatch import (
    TO_ADD,
    Course,
    Entry,
    EventRecord,
    MedWatchReport,
    Outcome,
    ReportedEvent,
    ReportedLot,
    ReportedPatient,
    ReportedPoint,
    ReportingPerson,
    Severity,
    attributed_outcomes,
    medwatch_report,
    ndc_codes,
    package_ndc,
    udi_text,
)
from toxfill.render.medwatch_text import medwatch_text

TREATED_ON = dt.date(2026, 3, 10)
GS = "\x1d"

# paula is the licensed nurse injector who treated Ana and recorded the event; mia manages
# the clinic and may prepare the file; nora charts but has no licence recorded.
PAULA = ReportingPerson(
    "paula", "Paula Reyes", "paula@example.org", "Provider", "RN", "RN-123456", "NY"
)
MIA = ReportingPerson("mia", "Mia Chen", "mia@example.org", "Manager")
NORA = ReportingPerson("nora", "Nora Quinn", role="Provider")

BOTOX_LOT = ReportedLot("C1234A", dt.date(2099, 1, 31))
VOLUMA_LOT = ReportedLot(
    "V1",
    dt.date(2026, 11, 30),
    gtin="00301234567890",
    serial="S99",
    scanned=f"01003012345678901726110010V1{GS}21S99",  # expiry printed as day 00
)


def toxin(
    zone: str = "glabella", dose: str = "20", lot: ReportedLot = BOTOX_LOT, **changes: Any
) -> ReportedPoint:
    return ReportedPoint("botox", zone, Decimal(dose), "U", lot, **changes)


def filler(zone: str = "cheek-left", dose: str = "0.5", **changes: Any) -> ReportedPoint:
    return ReportedPoint("juvederm-voluma", zone, Decimal(dose), "mL", VOLUMA_LOT, **changes)


def event(**changes: Any) -> ReportedEvent:
    bruising = ReportedEvent("ev-1", TREATED_ON + dt.timedelta(days=1), ("bruising",), "self-care")
    return replace(bruising, **changes)


def record(
    *points: ReportedPoint,
    the_event: ReportedEvent | None = None,
    patient: ReportedPatient | None = None,
    recorder: ReportingPerson = PAULA,
    preparer: ReportingPerson = PAULA,
) -> EventRecord:
    """Ana's event after a session at Riverside, by default 20 U of Botox at the glabella."""
    return EventRecord(
        clinic="Riverside",
        patient=patient or ReportedPatient("AS", dt.date(1985, 4, 2)),
        event=the_event or event(),
        treated_on=TREATED_ON,
        provider=PAULA,
        points=points or (toxin(),),
        recorder=recorder,
        preparer=preparer,
        prepared_on=dt.date(2026, 3, 12),
    )


def box(report: MedWatchReport, section: str, label: str, group: int = 0) -> Entry:
    """The box named `label` of `section` (in its `group`-th group of that name)."""
    found = [e for g in report.section(section).groups for e in g.entries if e.label == label]
    return found[group]


def answers(the_event: ReportedEvent, *, device_used: bool) -> dict[Outcome, bool | None]:
    return {a.outcome: a.ticked for a in attributed_outcomes(the_event, device_used=device_used)}


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


def test_it_dates_the_event_and_the_report(kb: KnowledgeBase) -> None:
    report = medwatch_report(kb, record())
    assert box(report, "B", "Date of event").value == "2026-03-11"
    assert box(report, "B", "Date of this report").value == "2026-03-12"


def test_it_describes_the_event_from_the_record(kb: KnowledgeBase) -> None:
    the_event = event(
        urgency="emergency",
        symptoms=("skin-blanching",),
        triage_headline="Possible blocked blood vessel",
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
        "Triaged on entry by toxfill as emergency: Possible blocked blood vessel.",
        "Graded severe by the clinician.",
        "Treated with hyaluronidase 150 U.",
        "Actions taken: Warm compress, massage.",
        "Course: resolved.",
    ):
        assert said in text


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


# --- D and E: drugs and devices ---------------------------------------------------------------


def test_it_puts_toxins_in_d_and_fillers_in_e(kb: KnowledgeBase) -> None:
    report = medwatch_report(kb, record(toxin(), filler()))
    assert [g.title for g in report.section("D").groups] == [
        "Suspect product #1: Botox / Botox Cosmetic"
    ]
    assert [g.title for g in report.section("E").groups] == [
        "Suspect medical device #1: Juvéderm Voluma XC"
    ]


def test_it_says_when_no_device_was_used(kb: KnowledgeBase) -> None:
    report = medwatch_report(kb, record(toxin()))
    assert box(report, "E", "Not applicable").value.startswith("No device (filler) was used")


def test_it_gives_one_product_per_lot_with_the_dose_at_each_site(kb: KnowledgeBase) -> None:
    report = medwatch_report(kb, record(toxin("glabella", "20"), toxin("forehead", "10")))
    assert len(report.section("D").groups) == 1
    assert box(report, "D", "Dose or amount").value == (
        "30 U in all: Glabella (frown area between the brows) 20 U; Forehead 10 U"
    )
    assert box(report, "D", "Lot #").value == "C1234A"
    assert box(report, "D", "Expiration date").value == "2099-01-31"
    assert box(report, "D", "Manufacturer/compounder").value == "Allergan (AbbVie)"
    assert box(report, "D", "Name").value == "Botox / Botox Cosmetic (onabotulinumtoxinA)"


def test_it_gives_the_route_as_charted_and_asks_where_it_was_not(kb: KnowledgeBase) -> None:
    report = medwatch_report(
        kb, record(toxin("glabella", depth="intramuscular"), toxin("forehead", "10"))
    )
    route = box(report, "D", "Route")
    assert route.value == "intramuscular"
    assert route.to_add.startswith("not charted at Forehead")


def test_it_never_guesses_a_route_that_was_not_charted(kb: KnowledgeBase) -> None:
    route = box(medwatch_report(kb, record(toxin())), "D", "Route")
    assert not route.value
    assert "intramuscular or intradermal" in route.to_add


@pytest.mark.parametrize(
    ("point", "indication"),
    [
        pytest.param(toxin("glabella"), "Frown lines between the eyebrows (cosmetic)",
                     id="the_zones_one_concern"),
        pytest.param(toxin("glabella", concern="forehead-lines"),
                     "Forehead lines (cosmetic)", id="the_charted_concern"),
    ],
)  # fmt: skip
def test_it_takes_the_indication_from_the_concern_treated(
    kb: KnowledgeBase, point: ReportedPoint, indication: str
) -> None:
    entry = box(medwatch_report(kb, record(point)), "D", "Diagnosis or reason for use (indication)")
    assert entry.value == indication


def test_it_asks_for_the_vial_strength_and_ndc_it_does_not_hold(kb: KnowledgeBase) -> None:
    report = medwatch_report(kb, record())
    assert not box(report, "D", "Strength").value
    ndc = box(report, "D", "NDC # or unique ID")
    assert not ndc.value
    assert "NDC" in ndc.to_add


@dataclass(frozen=True)
class _Mapping:
    """A standard code as the knowledge base's codes.yaml holds one (kind, of, system, code)."""

    kind: str
    of: str
    system: str
    code: str


# Botox Cosmetic's two 100-unit cartons, as the FDA's NDC Directory lists them.
BOTOX_NDCS = (
    _Mapping("product", "botox", "ndc", "0023-9232-01"),
    _Mapping("product", "botox", "ndc", "0023-9232-02"),
    _Mapping("product", "botox", "rxnorm", "1234"),
    _Mapping("product", "xeomin", "ndc", "46783-160-01"),
)


def _with_codes(kb: KnowledgeBase, *codes: _Mapping) -> KnowledgeBase:
    """The knowledge base, seen with standard codes (another part of toxfill adds them)."""

    class Coded:
        def __getattr__(self, name: str) -> Any:
            return codes if name == "codes" else getattr(kb, name)

    return cast(KnowledgeBase, Coded())


def test_it_reads_a_products_ndcs_from_the_knowledge_bases_codes(kb: KnowledgeBase) -> None:
    assert ndc_codes(_with_codes(kb, *BOTOX_NDCS), "botox") == ("0023-9232-01", "0023-9232-02")


def test_a_knowledge_base_without_codes_has_no_ndcs(kb: KnowledgeBase) -> None:
    assert ndc_codes(_with_codes(kb), "botox") == ()


def test_it_gives_the_ndc_the_lots_gtin_carries(kb: KnowledgeBase) -> None:
    # given a Botox lot whose GTIN is "003" + NDC 0023-9232-02's ten digits + a check digit
    lot = replace(BOTOX_LOT, gtin="00300239232020")
    report = medwatch_report(_with_codes(kb, *BOTOX_NDCS), record(toxin(lot=lot)))
    ndc = box(report, "D", "NDC # or unique ID")
    assert ndc.value == "0023-9232-02 (the package the lot's GTIN carries)"
    assert package_ndc(("0023-9232-01",), lot.gtin) == ""


def test_it_names_the_listed_ndcs_but_never_picks_one_for_a_typed_lot(
    kb: KnowledgeBase,
) -> None:
    report = medwatch_report(_with_codes(kb, *BOTOX_NDCS), record(toxin()))
    ndc = box(report, "D", "NDC # or unique ID")
    assert not ndc.value
    assert ndc.to_add.endswith(
        "(the FDA lists 0023-9232-01, 0023-9232-02 for Botox / Botox Cosmetic)"
    )


def test_it_sends_the_scanned_udi_as_scanned(kb: KnowledgeBase) -> None:
    # given a filler received by scanning a label whose expiry is printed as day 00
    udi = box(medwatch_report(kb, record(filler())), "E", "Unique Identifier (UDI) #")
    # then its elements are the scan's own: day 00 stays 00, the serial is kept
    assert udi.value == "(01)00301234567890(17)261100(10)V1(21)S99"
    assert not udi.to_add


def test_it_gives_a_barcode_it_cannot_read_verbatim() -> None:
    assert udi_text(f"+H123ABC{GS}XYZ") == "+H123ABC<GS>XYZ"


def test_it_asks_for_the_udi_of_a_lot_typed_by_hand(kb: KnowledgeBase) -> None:
    typed = replace(filler(), lot=replace(VOLUMA_LOT, scanned=""))
    udi = box(medwatch_report(kb, record(typed)), "E", "Unique Identifier (UDI) #")
    assert udi.value == "device identifier (01)00301234567890"
    assert "rest of the UDI" in udi.to_add


def test_it_describes_the_filler_as_an_implanted_device(kb: KnowledgeBase) -> None:
    report = medwatch_report(kb, record(filler()))
    assert box(report, "E", "Brand name").value == "Juvéderm Voluma XC"
    assert box(report, "E", "Common device name").value.startswith("Dermal filler (")
    assert box(report, "E", "Serial #").value == "S99"
    assert box(report, "E", "If implanted, give date").value == "2026-03-10"
    assert box(report, "E", "Operator of device").value == ("Health professional (Paula Reyes, RN)")
    maker = box(report, "E", "Manufacturer name, city and state")
    assert (maker.value, bool(maker.to_add)) == ("Allergan", True)
    assert not box(report, "E", "Procode").value


def test_it_asks_about_a_product_the_knowledge_base_no_longer_knows(kb: KnowledgeBase) -> None:
    retired = ReportedPoint("retired-toxin", "glabella", Decimal(5), "U", BOTOX_LOT)
    name = box(medwatch_report(kb, record(retired)), "D", "Name")
    assert name.value == "retired-toxin"
    assert "section E" in name.to_add


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

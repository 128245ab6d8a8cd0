"""A MedWatch report (Form FDA 3500, voluntary reporting by health professionals) of one
adverse event, from the clinic's record: pure, no web framework.

The clinic app fills an `EventRecord` from its rows; `medwatch_report` lays it out as the
form's sections A to G, each box filled (`Entry.value`) or marked for the reporter to add
(`Entry.to_add`, shown as TO ADD): never silently empty. The outcome boxes of B2 follow the
rules in `outcomes`; toxins go to D (a drug), fillers to E (a device).
"""

from __future__ import annotations

from toxfill.records.medwatch.build import medwatch_report
from toxfill.records.medwatch.form import (
    FORM_INSTRUCTIONS,
    ONLINE_FORM,
    SERIOUS_OUTCOMES,
    TO_ADD,
    Entry,
    Group,
    MedWatchReport,
    Section,
)
from toxfill.records.medwatch.inputs import (
    Course,
    EventRecord,
    ReportedEvent,
    ReportedLot,
    ReportedPatient,
    ReportedPoint,
    ReportingPerson,
    Severity,
)
from toxfill.records.medwatch.outcomes import Outcome, OutcomeAnswer, attributed_outcomes
from toxfill.records.medwatch.products import ndc_codes, package_ndc, udi_text

__all__ = [
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
]

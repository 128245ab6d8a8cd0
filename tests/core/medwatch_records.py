"""Ana's adverse event after a session at Riverside, as the plain record a MedWatch report is
made from: the builders tests/core/test_medwatch*.py share."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from typing import Any

from toxfill.records.medwatch import (
    Entry,
    EventRecord,
    MedWatchReport,
    Outcome,
    ReportedEvent,
    ReportedLot,
    ReportedPatient,
    ReportedPoint,
    ReportingPerson,
    attributed_outcomes,
)

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

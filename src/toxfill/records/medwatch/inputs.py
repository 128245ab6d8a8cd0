"""The plain facts a MedWatch report is made from, filled by the clinic app from its rows.

Days are dates in the clinic's time zone; doses are Decimal in the product's unit. Severity and
outcome carry the clinic's own grading words; nothing here is read from a database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from toxfill.errors import InputError
from toxfill.records.inputs import require_decimal


class Severity(StrEnum):
    """The clinician's grade of an adverse event (how bad), which is not the FDA's
    seriousness (what it led to): only `life-threatening` names one of the form's outcomes."""

    MILD = "mild"
    MODERATE = "moderate"
    SEVERE = "severe"
    LIFE_THREATENING = "life-threatening"


class Course(StrEnum):
    """How the event has gone so far, as the clinic records it."""

    ONGOING = "ongoing"
    RESOLVED = "resolved"
    RESOLVED_WITH_SEQUELAE = "resolved-with-sequelae"  # lasting effects
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class ReportedPatient:
    initials: str
    date_of_birth: dt.date
    health_factors: tuple[str, ...] = ()  # vocabulary IDs
    allergies: str = ""  # in the clinician's words


@dataclass(frozen=True)
class ReportedLot:
    """A lot as received: `scanned` is the barcode exactly as the scanner typed it (group
    separators kept), blank when the lot was typed by hand."""

    lot_number: str
    expires_on: dt.date
    gtin: str = ""
    serial: str = ""
    scanned: str = ""


@dataclass(frozen=True)
class ReportedPoint:
    """One injection point of the session the event followed."""

    product: str  # a knowledge-base product ID (kept even if the knowledge base lost it)
    zone: str
    dose: Decimal
    unit: str
    lot: ReportedLot
    concern: str = ""  # what it treated, if not the zone's usual concern
    depth: str = ""  # as charted, e.g. intramuscular, intradermal, subdermal
    dilution_ml: Decimal | None = None  # toxins: diluent added to the vial

    def __post_init__(self) -> None:
        require_decimal("point.dose", self.dose)
        if self.dilution_ml is not None:
            require_decimal("point.dilution_ml", self.dilution_ml)


@dataclass(frozen=True)
class ReportingPerson:
    """A member of the clinic: the one who recorded the event, or the one preparing the file.
    `key` tells two people apart (the membership's public ID)."""

    key: str
    name: str
    email: str = ""
    role: str = ""  # their role at the clinic, e.g. Provider
    licence_type: str = ""  # e.g. RN, MD, NP: the occupation the form asks for
    licence_number: str = ""
    licence_jurisdiction: str = ""
    npi: str = ""  # a US provider's National Provider Identifier, when the clinic holds one


@dataclass(frozen=True)
class ReportedEvent:
    reference: str  # the event's public ID
    onset_on: dt.date
    symptoms: tuple[str, ...]  # vocabulary IDs
    urgency: str  # toxfill's triage on entry: self-care, routine, urgent or emergency
    triage_reason: str = ""  # why triage gave that urgency, in its first sentence
    severity: Severity | None = None  # None: not graded
    course: Course = Course.ONGOING
    actions: str = ""
    hyaluronidase_units: Decimal | None = None
    reported_to_regulator: bool = False
    reported_on: dt.date | None = None
    voided: bool = False

    def __post_init__(self) -> None:
        if self.hyaluronidase_units is not None:
            require_decimal("event.hyaluronidase_units", self.hyaluronidase_units)
            if self.hyaluronidase_units < 0:
                raise InputError("event.hyaluronidase_units", "is never below zero")

    @property
    def hyaluronidase_given(self) -> bool:
        return self.hyaluronidase_units is not None and self.hyaluronidase_units > 0


@dataclass(frozen=True)
class EventRecord:
    """Everything the clinic holds about one adverse event, for its report."""

    clinic: str  # the clinic's name
    patient: ReportedPatient
    event: ReportedEvent
    treated_on: dt.date  # the session's day
    provider: ReportingPerson  # who treated: the operator of any device used
    points: tuple[ReportedPoint, ...]
    recorder: ReportingPerson  # who recorded the event: the reporter
    preparer: ReportingPerson  # who is making this file now
    prepared_on: dt.date

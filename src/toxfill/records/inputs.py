"""The small frozen facts the record rules read, built by the clinic app from its rows.

Doses and quantities are Decimal, never float; instants are aware datetimes; a day is a date in
the clinic's time zone. A value of the wrong kind is a programming error: InputError.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from toxfill.errors import InputError
from toxfill.labels import SeparatorWarning


class DoseUnit(StrEnum):
    """The unit a product's doses are charted in, fixed by the product."""

    UNITS = "U"  # toxin units: never comparable across products (TOX-UNIT-1)
    ML = "mL"  # filler volume


@dataclass(frozen=True)
class Licence:
    """A provider's licence to practise: valid from `valid_from` (if known) to `expires_on`."""

    licence_type: str  # e.g. "RN", "MD", "NP"
    number: str
    jurisdiction: str  # the issuing body or state, e.g. "CA"
    expires_on: dt.date
    valid_from: dt.date | None = None


@dataclass(frozen=True)
class Consent:
    """A signed consent: `kind` is a treatment option ID or "photo"."""

    kind: str
    text_version: str
    signed_at: dt.datetime
    signed_by: str
    withdrawn_at: dt.datetime | None = None

    def __post_init__(self) -> None:
        require_aware("consent.signed_at", self.signed_at)
        if self.withdrawn_at is not None:
            require_aware("consent.withdrawn_at", self.withdrawn_at)


@dataclass(frozen=True)
class Lot:
    """A product lot on the shelf; `quantity` is in the product's dose unit (`dose_unit`):
    units for a toxin, mL for a filler."""

    product: str
    lot_number: str
    expires_on: dt.date
    quantity: Decimal
    gtin: str = ""

    def __post_init__(self) -> None:
        require_decimal("lot.quantity", self.quantity)
        if self.quantity < 0:
            raise InputError("lot.quantity", "a lot's quantity is never below zero")


@dataclass(frozen=True)
class Receipt:
    """A lot as it arrives: what its label says, scanned or typed, and the day it is received
    in the clinic's time zone. `label_warnings` are the scan's dropped-separator warnings that
    the person has not settled by typing the value the label prints."""

    product: str
    lot_number: str
    expires_on: dt.date
    received_on: dt.date
    gtin: str = ""
    label_warnings: tuple[SeparatorWarning, ...] = ()


@dataclass(frozen=True)
class InjectionPoint:
    """One injection: where (a zone ID), what, how much, and from which lot.

    `concern` says what it treats; when None it is the zone's only concern, if it has one.
    `dilution_ml` is the diluent added to the toxin vial, for the record.
    """

    zone: str
    product: str
    dose: Decimal
    unit: DoseUnit
    lot: Lot | None = None
    concern: str | None = None
    dilution_ml: Decimal | None = None
    technique: str = ""

    def __post_init__(self) -> None:
        require_decimal("point.dose", self.dose)
        if self.dilution_ml is not None:
            require_decimal("point.dilution_ml", self.dilution_ml)


@dataclass(frozen=True)
class TreatedSession:
    """A session as it happened: its date in the clinic's time zone, and its injections."""

    day: dt.date
    points: tuple[InjectionPoint, ...]


@dataclass(frozen=True)
class PatientFacts:
    """What the rules need to know about a patient: date of birth and health factor IDs."""

    birth_date: dt.date
    health: tuple[str, ...] = ()

    def age_on(self, day: dt.date) -> int:
        """Age in whole years on `day`."""
        before_birthday = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - before_birthday


@dataclass(frozen=True)
class SessionDraft:
    """A session being charted, before it is saved.

    `confirmed` holds the keys of `confirm` findings the provider confirmed; `override_reasons`
    maps the keys of `override` findings to the provider's written reason.
    """

    starts_at: dt.datetime
    time_zone: str  # the clinic's IANA time zone, e.g. "America/New_York"
    patient: PatientFacts
    licence: Licence | None
    consents: tuple[Consent, ...]
    points: tuple[InjectionPoint, ...]
    confirmed: frozenset[str] = frozenset()
    override_reasons: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        require_aware("session.starts_at", self.starts_at)
        try:
            ZoneInfo(self.time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise InputError("session.time_zone", f"unknown time zone {self.time_zone!r}") from None

    @property
    def day(self) -> dt.date:
        """The session's date in the clinic's time zone."""
        return self.starts_at.astimezone(ZoneInfo(self.time_zone)).date()

    def as_treated(self) -> TreatedSession:
        return TreatedSession(day=self.day, points=self.points)


def require_aware(field: str, value: dt.datetime) -> None:
    if not isinstance(value, dt.datetime) or value.utcoffset() is None:
        raise InputError(field, "must be a datetime with a time zone (an instant)")


def require_decimal(field: str, value: Decimal) -> None:
    # A float carries binary rounding into a dose: 0.1 mL is not 0.1000000000000000055...
    if not isinstance(value, Decimal) or not value.is_finite():
        raise InputError(field, "must be a finite Decimal, never a float")

"""C6: the rules a clinic record must meet, as pure functions the clinic app calls.

Framework-free: the clinic app builds the small frozen inputs below from its rows and stores
what comes back. A clinical judgement is never an exception: each rule returns findings, and a
finding either blocks saving (`error`), needs the provider's confirmation (`confirm`) or a
written reason (`override`), or is shown to the provider (`warning`). Malformed input (a float
dose, a naive datetime) is a programming error and raises InputError.

Each rule, its function, and the rule IDs its findings carry:

- A session needs a provider whose licence is valid on the session date:
  check_licence (licence-valid).
- ... and a signed consent for each kind of treatment given: check_consent (consent-signed).
- Every injection point records its lot; the lot belongs to the product and is unexpired on
  the session date: check_lot (lot-recorded, lot-product, lot-unexpired).
- Using a lot draws down its quantity, never below zero: draw_down (lot-quantity).
- A scanned label's GTIN matches the chosen product, when the product's GTINs are known:
  check_gtin (gtin-product).
- Doses are positive, in the unit the product fixes, within the label's dose for the product
  and concern, and within the label's cumulative ceiling over the patient's history (Botox:
  400 U in 90 days): check_doses (dose-positive, dose-unit, dose-label, dose-cumulative).
- A toxin session sooner than the label's minimum interval after the patient's last one needs
  a written reason: check_interval (retreatment-interval).
- Filler into a high-risk zone asks to confirm hyaluronidase is at hand (a filler an enzyme
  dissolves) or shows the vessel-blockage warning (others): check_vessel_risk
  (hyaluronidase-at-hand, vessel-risk).
- The patient's health factors against the products used, with the decision aid's cautions:
  check_health (health-caution).
- All of the above for one session, with confirmations and reasons applied: check_session.
- The follow-ups of a saved session come from the planner (C4): plan_follow_ups.
- An adverse event is triaged on entry (C5) and an emergency flagged: triage_event
  (adverse-event-emergency).

Doses are Decimal, never float: units for toxins, mL for fillers (`dose_unit`). Dates are dates
in the clinic's time zone; instants are aware datetimes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from toxfill.errors import InputError
from toxfill.knowledge.base import KnowledgeBase
from toxfill.knowledge.models import OptionKind, UrgencyLevel
from toxfill.triage import TriageResult

PHOTO_CONSENT = "photo"
"""The consent kind for clinical photographs; every other kind is a treatment option ID."""


# --- results ----------------------------------------------------------------------------------


class FindingKind(StrEnum):
    """What a finding asks of the provider, strongest first."""

    ERROR = "error"  # blocks saving
    OVERRIDE = "override"  # saving needs a written reason, recorded with the session
    CONFIRM = "confirm"  # saving needs the provider to confirm something is true
    WARNING = "warning"  # shown to the provider; does not block


class Rule(StrEnum):
    """The stable ID of each rule; a finding's `key` starts with it."""

    LICENCE_VALID = "licence-valid"
    CONSENT_SIGNED = "consent-signed"
    LOT_RECORDED = "lot-recorded"
    LOT_PRODUCT = "lot-product"
    LOT_UNEXPIRED = "lot-unexpired"
    LOT_QUANTITY = "lot-quantity"
    GTIN_PRODUCT = "gtin-product"
    DOSE_POSITIVE = "dose-positive"
    DOSE_UNIT = "dose-unit"
    DOSE_LABEL = "dose-label"
    DOSE_CUMULATIVE = "dose-cumulative"
    RETREATMENT_INTERVAL = "retreatment-interval"
    HYALURONIDASE_AT_HAND = "hyaluronidase-at-hand"
    VESSEL_RISK = "vessel-risk"
    HEALTH_CAUTION = "health-caution"
    ADVERSE_EVENT_EMERGENCY = "adverse-event-emergency"


@dataclass(frozen=True)
class Finding:
    """One rule's verdict on a record.

    `key` identifies what a confirmation or override answers, e.g. "retreatment-interval" or
    "dose-label:botox:glabellar-lines"; `field` names the input it is about, e.g. "points[2]".
    `resolution` is the confirmation or reason that settled a `confirm` or `override`.
    """

    rule: Rule
    kind: FindingKind
    key: str
    text: str
    sources: tuple[str, ...] = ()
    field: str = ""
    resolution: str = ""

    @property
    def blocks(self) -> bool:
        """True while it stops the record being saved."""
        if self.kind is FindingKind.ERROR:
            return True
        return self.kind in (FindingKind.CONFIRM, FindingKind.OVERRIDE) and not self.resolution


class DoseUnit(StrEnum):
    """The unit a product's doses are charted in, fixed by the product."""

    UNITS = "U"  # toxin units: never comparable across products (TOX-UNIT-1)
    ML = "mL"  # filler volume


# --- inputs -----------------------------------------------------------------------------------


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
        _require_aware("consent.signed_at", self.signed_at)
        if self.withdrawn_at is not None:
            _require_aware("consent.withdrawn_at", self.withdrawn_at)


@dataclass(frozen=True)
class Lot:
    """A product lot on the shelf; `quantity` is in the product's dose unit (`dose_unit`)."""

    product: str
    lot_number: str
    expires_on: dt.date
    quantity: Decimal
    gtin: str = ""

    def __post_init__(self) -> None:
        _require_decimal("lot.quantity", self.quantity)


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
        _require_decimal("point.dose", self.dose)
        if self.dilution_ml is not None:
            _require_decimal("point.dilution_ml", self.dilution_ml)


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
        _require_aware("session.starts_at", self.starts_at)
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


@dataclass(frozen=True)
class Drawdown:
    """A lot's quantity before and after a session's doses; `after` None: not enough left."""

    product: str
    lot_number: str
    before: Decimal
    used: Decimal
    after: Decimal | None
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True)
class SessionCheck:
    """Every rule's findings for one session, with confirmations and overrides applied."""

    findings: tuple[Finding, ...]
    drawdowns: tuple[Drawdown, ...]

    @property
    def can_save(self) -> bool:
        return not any(f.blocks for f in self.findings)

    @property
    def blocking(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.blocks)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.kind is FindingKind.WARNING)


@dataclass(frozen=True)
class FollowUpDue:
    """A follow-up visit the planner gives for a saved session."""

    due_on: dt.date
    purpose: str  # "review", "course" or "maintenance", as the planner names them
    option: str
    concerns: tuple[str, ...]
    product: str | None
    text: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class EventTriage:
    """An adverse event triaged on entry: the highest urgency over the treated areas."""

    urgency: UrgencyLevel
    results: tuple[TriageResult, ...]  # one per treated option and area, most urgent first
    findings: tuple[Finding, ...]

    @property
    def emergency(self) -> bool:
        return self.urgency is UrgencyLevel.EMERGENCY


# --- the rules --------------------------------------------------------------------------------


def consent_kinds(kb: KnowledgeBase) -> tuple[str, ...]:
    """Every consent kind: each treatment option ID, then "photo"."""
    treatments = (o.id for o in kb.options.values() if o.kind is not OptionKind.NONE)
    return (*treatments, PHOTO_CONSENT)


def dose_unit(kb: KnowledgeBase, product_id: str) -> DoseUnit:
    """Units for toxin products, mL for fillers."""
    option = kb.options[kb.product(product_id).option]
    return DoseUnit.UNITS if option.kind is OptionKind.TOXIN else DoseUnit.ML


def check_licence(kb: KnowledgeBase, licence: Licence | None, on: dt.date) -> tuple[Finding, ...]:
    """The provider's licence is valid on the session date."""
    raise NotImplementedError


def check_consent(
    kb: KnowledgeBase, consents: Sequence[Consent], kinds: Iterable[str], at: dt.datetime
) -> tuple[Finding, ...]:
    """A consent of each kind in `kinds`, signed before `at` and not withdrawn by then."""
    raise NotImplementedError


def check_lot(
    kb: KnowledgeBase, lot: Lot | None, product_id: str, on: dt.date, field: str = "lot"
) -> tuple[Finding, ...]:
    """The lot is recorded, belongs to the product and is unexpired on `on`."""
    raise NotImplementedError


def draw_down(lot: Lot, used: Decimal) -> Drawdown:
    """The lot's quantity after `used` is taken from it; never below zero."""
    raise NotImplementedError


def check_gtin(kb: KnowledgeBase, product_id: str, gtin: str) -> tuple[Finding, ...]:
    """A scanned GTIN matches one of the product's known GTINs, when it has any."""
    raise NotImplementedError


def check_doses(
    kb: KnowledgeBase,
    session: TreatedSession,
    history: Sequence[TreatedSession] = (),
) -> tuple[Finding, ...]:
    """Doses positive, in the product's unit, within the label dose and cumulative ceilings."""
    raise NotImplementedError


def check_interval(
    kb: KnowledgeBase, session: TreatedSession, history: Sequence[TreatedSession]
) -> tuple[Finding, ...]:
    """A toxin session sooner than the label's minimum interval needs an override reason."""
    raise NotImplementedError


def check_vessel_risk(kb: KnowledgeBase, session: TreatedSession) -> tuple[Finding, ...]:
    """Filler into a high-risk zone: confirm hyaluronidase is at hand, or warn."""
    raise NotImplementedError


def check_health(
    kb: KnowledgeBase, patient: PatientFacts, session: TreatedSession
) -> tuple[Finding, ...]:
    """The patient's health factors against the products used: the decision aid's cautions."""
    raise NotImplementedError


def resolve(
    findings: Iterable[Finding], confirmed: frozenset[str], reasons: Mapping[str, str]
) -> tuple[Finding, ...]:
    """Mark the confirmations given and the overrides with a non-blank written reason."""
    resolved = []
    for finding in findings:
        if finding.kind is FindingKind.CONFIRM and finding.key in confirmed:
            finding = replace(finding, resolution="confirmed")
        elif finding.kind is FindingKind.OVERRIDE and reasons.get(finding.key, "").strip():
            finding = replace(finding, resolution=reasons[finding.key].strip())
        resolved.append(finding)
    return tuple(resolved)


def check_session(
    kb: KnowledgeBase, draft: SessionDraft, history: Sequence[TreatedSession] = ()
) -> SessionCheck:
    """Every rule for one session; `history` is the patient's earlier sessions."""
    raise NotImplementedError


def plan_follow_ups(
    kb: KnowledgeBase, session: TreatedSession, history: Sequence[TreatedSession] = ()
) -> tuple[FollowUpDue, ...]:
    """The follow-ups of a saved session, from the planner: a review, the next course session
    or the next maintenance treatment."""
    raise NotImplementedError


def triage_event(
    kb: KnowledgeBase,
    session: TreatedSession,
    patient: PatientFacts,
    onset_on: dt.date,
    symptoms: Sequence[str],
) -> EventTriage:
    """Triage an adverse event of `session` on entry; an emergency is flagged at once."""
    raise NotImplementedError


# --- input checks -----------------------------------------------------------------------------


def _require_aware(field: str, value: dt.datetime) -> None:
    if not isinstance(value, dt.datetime) or value.utcoffset() is None:
        raise InputError(field, "must be a datetime with a time zone (an instant)")


def _require_decimal(field: str, value: Decimal) -> None:
    # A float carries binary rounding into a dose: 0.1 mL is not 0.1000000000000000055...
    if not isinstance(value, Decimal) or not value.is_finite():
        raise InputError(field, "must be a finite Decimal, never a float")


__all__ = [
    "PHOTO_CONSENT",
    "Consent",
    "DoseUnit",
    "Drawdown",
    "EventTriage",
    "Finding",
    "FindingKind",
    "FollowUpDue",
    "InjectionPoint",
    "Licence",
    "Lot",
    "PatientFacts",
    "Rule",
    "SessionCheck",
    "SessionDraft",
    "TreatedSession",
    "check_consent",
    "check_doses",
    "check_gtin",
    "check_health",
    "check_interval",
    "check_licence",
    "check_lot",
    "check_session",
    "check_vessel_risk",
    "consent_kinds",
    "dose_unit",
    "draw_down",
    "plan_follow_ups",
    "resolve",
    "triage_event",
]

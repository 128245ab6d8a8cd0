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
- A scanned label's GTIN is the chosen product's, another product's (refused) or unknown (a
  warning): check_gtin (gtin-product).
- A lot is received unexpired, a warning when it is short-dated, and a lot or serial a dropped
  separator may have run together is confirmed or typed as printed: check_receipt
  (lot-unexpired, lot-short-dated, label-separator, gtin-product).
- Doses are positive, in the unit the product fixes, within the label's dose for the product
  and concern, and within the label's cumulative ceiling over the patient's history (Botox:
  400 U in 90 days): check_doses (dose-positive, dose-unit, dose-label, dose-cumulative).
- A dose or a lot's quantity given with a unit is given in the product's: charted_unit
  (after read_amount and read_unit, for what a person types) refuses any other unit, never
  converts it.
- A toxin session sooner than the label's minimum interval after the patient's last one needs
  a written reason: check_interval (retreatment-interval).
- Filler into a high-risk zone asks to confirm hyaluronidase is at hand (a filler an enzyme
  dissolves) or shows the vessel-blockage warning (others): check_vessel_risk
  (hyaluronidase-at-hand, vessel-risk).
- The patient's health factors against the products used, with the decision aid's cautions:
  check_health (health-caution).
- A provider's NPI is ten digits ending in the CMS check digit: checked_npi (an InputError
  naming `npi`, since a mistyped identifier is bad input, not a clinical finding).
- All of the above for one session, with confirmations and reasons applied: check_session.
- The follow-ups of a saved session come from the planner (C4): plan_follow_ups.
- An adverse event is triaged on entry (C5) and an emergency flagged: triage_event
  (adverse-event-emergency).

Doses are Decimal, never float: units for toxins, mL for fillers (`dose_unit`). Dates are dates
in the clinic's time zone; instants are aware datetimes. `history` is always the patient's
earlier sessions, never the one being checked.

One module per concern: inputs (the frozen facts), findings (and `resolve`), points (an
injection point looked up in the knowledge base), lots, doses, units, safety, session,
followups, events, npi, phone (a clinic's number as a `tel:` address) and emergency_plan (the
clinic's own protocol and the people its team calls). Import from
`toxfill.records`: the modules are its inside.
"""

from __future__ import annotations

from toxfill.records.doses import check_doses, check_interval, dose_unit
from toxfill.records.emergency_plan import EscalationContact, checked_contacts, checked_protocol
from toxfill.records.events import EventTriage, triage_event
from toxfill.records.findings import Finding, FindingKind, Rule, resolve
from toxfill.records.followups import FollowUpDue, plan_follow_ups
from toxfill.records.inputs import (
    Consent,
    DoseUnit,
    InjectionPoint,
    Licence,
    Lot,
    PatientFacts,
    Receipt,
    SessionDraft,
    TreatedSession,
)
from toxfill.records.lots import (
    SHORT_DATED_DAYS,
    Drawdown,
    check_gtin,
    check_lot,
    check_receipt,
    draw_down,
)
from toxfill.records.npi import checked_npi, npi_check_digit
from toxfill.records.phone import checked_out_of_hours, checked_phone, tel_uri
from toxfill.records.safety import check_health, check_vessel_risk
from toxfill.records.session import (
    PHOTO_CONSENT,
    SessionCheck,
    check_consent,
    check_licence,
    check_session,
    consent_kinds,
)
from toxfill.records.units import charted_unit, read_amount, read_unit

__all__ = [
    "PHOTO_CONSENT",
    "SHORT_DATED_DAYS",
    "Consent",
    "DoseUnit",
    "Drawdown",
    "EscalationContact",
    "EventTriage",
    "Finding",
    "FindingKind",
    "FollowUpDue",
    "InjectionPoint",
    "Licence",
    "Lot",
    "PatientFacts",
    "Receipt",
    "Rule",
    "SessionCheck",
    "SessionDraft",
    "TreatedSession",
    "charted_unit",
    "check_consent",
    "check_doses",
    "check_gtin",
    "check_health",
    "check_interval",
    "check_licence",
    "check_lot",
    "check_receipt",
    "check_session",
    "check_vessel_risk",
    "checked_contacts",
    "checked_npi",
    "checked_out_of_hours",
    "checked_phone",
    "checked_protocol",
    "consent_kinds",
    "dose_unit",
    "draw_down",
    "npi_check_digit",
    "plan_follow_ups",
    "read_amount",
    "read_unit",
    "resolve",
    "tel_uri",
    "triage_event",
]

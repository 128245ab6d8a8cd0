"""The demo clinic: providers, patients, a year of sessions, lots, follow-ups and a few
adverse events, all written through the actions and their rules, as a real clinic would be.

Everything is dated from the day it is loaded (the clinic's today), so the dashboard opens on
a living clinic: sessions today, an open adverse event, follow-ups due this week and a lot
that expires within 30 days (the patient link adds a patient-reported problem on
`demo_loaded`: the clinic never imports the link). Given the same today, the same records.

Its members sign in only in demo mode (TOXFILL_DEMO=1, which `make run` sets): their
passwords are printed on the console.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth.models import User
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from toxfill.web.clinic.actions.clinics import open_clinic, set_clinic_phone, set_emergency_plan
from toxfill.web.clinic.actions.events import record_adverse_event, update_adverse_event
from toxfill.web.clinic.actions.followups import schedule_followup, set_followup_status
from toxfill.web.clinic.actions.invitations import accept_invitation, invite_member
from toxfill.web.clinic.actions.lots import receive_lot
from toxfill.web.clinic.actions.patients import record_consent, register_patient
from toxfill.web.clinic.actions.sessions import PointInput, chart_session
from toxfill.web.clinic.models import (
    Clinic,
    FollowUp,
    FollowUpStatus,
    Membership,
    Patient,
    ProductLot,
    TreatmentSession,
)

DEMO_CLINIC = "Harbour Aesthetics (demo)"
# Under the password policy like any other (no word of the clinic's context: passwords.py).
DEMO_PASSWORD = "quiet-harbour-visit"
TIME_ZONE = "America/New_York"
# 555-0100 to 555-0199 are reserved for fiction: nobody is called by trying the demo.
DEMO_PHONE = "+1 555 010 0100"
DEMO_OUT_OF_HOURS = (
    "Open 9 am to 6 pm, Monday to Saturday. Outside these hours, leave a message: "
    "the nurse on call rings back within the hour."
)
# The demo clinic's own emergency plan: where things are and whom to call, in its own words.
DEMO_PROTOCOL = (
    "Hyaluronidase: treatment room 2 fridge, top shelf, with the vascular occlusion kit.\n"
    "Vascular compromise: the senior injector gives it at the dose in the clinic protocol "
    "binder, repeated as the binder says, and records each dose and time on the event.\n"
    "Anaphylaxis kit with epinephrine: reception, red bag."
)
DEMO_CONTACTS = (
    {"name": "Senior injector on call", "phone": "+1 555 010 0111"},
    {"name": "Medical director", "phone": "+1 555 010 0122"},
)
SHORT_DATED_DAYS = 21  # the lot on the shelf that expires within the dashboard's 30 days
# Sent once the demo clinic is written, inside its transaction, with `clinic` and `today`.
demo_loaded = Signal()


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    name: str


LOGINS = (
    DemoLogin("demo-manager", "manager", "Maya Brooks"),
    DemoLogin("demo-provider", "provider", "Dr Nora Quinn"),
    DemoLogin("demo-nurse", "provider", "Sam Ortiz, RN"),
    DemoLogin("demo-frontdesk", "front-desk", "Jo Park"),
    DemoLogin("demo-auditor", "auditor", "Lee Grant"),
)

GIVEN = ["Ana", "Ben", "Chloe", "Dev", "Eva", "Farah", "Gus", "Hana", "Ivan", "Jade", "Kofi"]
FAMILY = ["Silva", "Okafor", "Lund", "Reyes", "Moreau", "Tanaka", "Novak", "Haddad", "Kim"]
SPANISH_READER = 6  # Gus Reyes reads Spanish: his link, sheet, passport and emails say so
TOXIN_AREAS = (  # (zone, concern, units) at the label's reference dose for Botox Cosmetic
    (("glabella", "glabellar-lines", "20"),),
    (("glabella", "glabellar-lines", "20"), ("forehead", "forehead-lines", "20")),
)


def demo_exists() -> bool:
    return Clinic.objects.filter(name=DEMO_CLINIC, is_demo=True).exists()


def load_demo(patients: int = 24, seed: int = 12, now: dt.datetime | None = None) -> bool:
    """Load the demo clinic once; False (and nothing written) if it is already there.
    `now` (an aware instant; the present when None) fixes the clinic's today."""
    if demo_exists():
        return False
    rng = random.Random(seed)
    now = now or timezone.now()
    today = now.astimezone(ZoneInfo(TIME_ZONE)).date()
    with transaction.atomic():
        members = _members()
        manager, doctor, nurse = (
            members["demo-manager"],
            members["demo-provider"],
            members["demo-nurse"],
        )
        desk = members["demo-frontdesk"]
        lots = _lots(manager, today)
        for index in range(patients):
            if index % 8 == 4:  # the nurse charts for the doctor: toxin and filler at once
                _patient_year(rng, index, desk, doctor, lots, today, charted_by=nurse)
            else:
                _patient_year(rng, index, desk, rng.choice([doctor, nurse]), lots, today)
        _close_past_followups(desk, today)
        _living_today(members, now, today)
        demo_loaded.send(sender=Clinic, clinic=manager.clinic, today=today)
    return True


def _living_today(members: dict[str, Membership], now: dt.datetime, today: dt.date) -> None:
    """What a clinic has on the go on the day the demo opens: two filler sessions this
    morning (one with swelling being watched: an open adverse event), follow-up calls due
    this week, and a short-dated lot on the shelf. Uses no random numbers: the year above
    draws the same ones whatever is added here."""
    manager, doctor, desk = (
        members["demo-manager"],
        members["demo-provider"],
        members["demo-frontdesk"],
    )
    set_clinic_phone(manager, phone=DEMO_PHONE, out_of_hours=DEMO_OUT_OF_HOURS)
    set_emergency_plan(manager, protocol=DEMO_PROTOCOL, contacts=DEMO_CONTACTS)
    receive_lot(
        manager,
        product="botox",
        quantity=Decimal("200"),
        lot_number="C8820B1",
        expires_on=today + dt.timedelta(days=SHORT_DATED_DAYS),
        received_at=now - dt.timedelta(days=60),
    )
    filler = ProductLot.objects.filter(clinic_id=manager.clinic_id, product="juvederm-voluma").get()
    patients = list(Patient.objects.filter(clinic_id=manager.clinic_id).order_by("id")[:2])
    zone = ZoneInfo(TIME_ZONE)
    midnight = dt.datetime.combine(today, dt.time.min, zone)
    for number, patient in enumerate(patients):
        # this morning, or just now when the demo is loaded before the clinic opens
        at = max(midnight, min(midnight + dt.timedelta(hours=9 + 2 * number), now))
        points = _cheek_filler({"juvederm-voluma": filler})
        session = chart_session(doctor, patient.public_id, performed_at=at, points=points)
        if number == 0:
            record_adverse_event(
                doctor, session.public_id, onset_at=at, symptoms=["swelling", "bruising"]
            )
        for days, purpose in ((2, "call"), (5, "review")):
            schedule_followup(
                desk,
                patient.public_id,
                due_on=today + dt.timedelta(days=days),
                purpose=purpose,
                note="How is the cheek filler settling?",
            )


def refresh_demo_passwords() -> int:
    """A demo loaded by an older toxfill keeps the password it printed then: give its logins
    today's DEMO_PASSWORD, the one the console prints; how many were changed."""
    changed = 0
    for user in User.objects.filter(username__in=[login.username for login in LOGINS]):
        if not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            changed += 1
    return changed


def _members() -> dict[str, Membership]:
    people = {}
    for login in LOGINS:
        first, _, last = login.name.partition(" ")
        user = User.objects.create_user(login.username, f"{login.username}@example.org")
        user.first_name, user.last_name = first, last
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["first_name", "last_name", "password"])
        people[login.username] = user
    manager = open_clinic(
        people["demo-manager"],
        name=DEMO_CLINIC,
        time_zone=TIME_ZONE,
        jurisdiction="NY",
        is_demo=True,
    )
    found = {"demo-manager": manager}
    licences = {
        "demo-provider": ("MD", "MD-204518"),
        "demo-nurse": ("RN", "RN-778310"),
    }
    for login in LOGINS[1:]:
        licence = {}
        if login.username in licences:
            kind, number = licences[login.username]
            licence = {
                "licence_type": kind,
                "licence_number": number,
                "licence_jurisdiction": "NY",
                "licence_expires": dt.date(timezone.localdate().year + 2, 6, 30),
            }
        invitation = invite_member(
            manager,
            username=login.username,
            role=login.role,
            # the account exists (made above): an invitation checks this and drops it
            password=secrets.token_urlsafe(24),
            licence=licence,
        )
        found[login.username] = accept_invitation(people[login.username], invitation.public_id)
    return found


def _lots(manager: Membership, today: dt.date) -> dict[str, ProductLot]:
    received = timezone.now() - dt.timedelta(days=380)
    expiry = today + dt.timedelta(days=540)
    return {
        product: receive_lot(
            manager,
            product=product,
            quantity=Decimal(quantity),
            lot_number=lot_number,
            expires_on=expiry,
            received_at=received,
        )
        for product, lot_number, quantity in (
            ("botox", "C7712A4", "6000"),
            ("juvederm-voluma", "V40291", "80"),
        )
    }


def _patient_year(
    rng: random.Random,
    index: int,
    desk: Membership,
    provider: Membership,
    lots: dict[str, ProductLot],
    today: dt.date,
    charted_by: Membership | None = None,
) -> None:
    """A patient's year of toxin every three months or so, some with a filler visit. With
    `charted_by`, that colleague charts each session for `provider`, and the first visit
    adds cheek filler to the toxin: one session, two products and two lots."""
    born = dt.date(rng.randint(1962, 1998), rng.randint(1, 12), rng.randint(1, 28))
    health = ["anticoagulant-or-antiplatelet"] if index % 9 == 4 else []
    patient = register_patient(
        desk,
        given_name=GIVEN[index % len(GIVEN)],
        family_name=FAMILY[(index * 5) % len(FAMILY)],
        date_of_birth=born,
        email=f"patient{index + 1}@example.org",
        phone=f"+1 555 01{index:02d}",
        health_factors=health,
        preferred_language="es" if index == SPANISH_READER else "en",
    )
    first = today - dt.timedelta(days=rng.randint(300, 364))
    zone = ZoneInfo(TIME_ZONE)
    for treatment in ("botulinum-toxin", "ha-filler"):
        record_consent(
            desk,
            patient.public_id,
            treatment=treatment,
            text_version="2025-09",
            signed_at=dt.datetime.combine(first, dt.time(9, 0), zone),
            signed_by=str(patient),
        )
    areas = TOXIN_AREAS[index % len(TOXIN_AREAS)]
    visit = first
    while visit < today:
        at = dt.datetime.combine(visit, dt.time(rng.randint(9, 16), rng.choice([0, 30])), zone)
        points = [
            PointInput(
                zone=zone_id,
                concern=concern,
                product="botox",
                lot=lots["botox"].public_id,
                dose=Decimal(units),
                dilution_ml=Decimal("2.5"),
                depth="intramuscular",
            )
            for zone_id, concern, units in areas
        ]
        if charted_by is not None and visit == first:
            points += _cheek_filler(lots)
        session = chart_session(
            charted_by or provider,
            patient.public_id,
            performed_at=at,
            points=points,
            provider=provider.public_id,
            notes="Tolerated well.",
        )
        if index % 12 == 7 and visit == first:
            record_adverse_event(
                provider,
                session.public_id,
                onset_at=at + dt.timedelta(days=9),
                symptoms=["eyelid-droop"],
                grading={"severity": "moderate", "outcome": "resolved"},
            )
        visit = _next_visit(rng, session, visit)
    if index % 4 == 1:
        _filler(rng, index, provider, patient.public_id, lots, first, zone)


def _cheek_filler(lots: dict[str, ProductLot]) -> list[PointInput]:
    return [
        PointInput(
            zone=side,
            concern="cheek-volume",
            product="juvederm-voluma",
            lot=lots["juvederm-voluma"].public_id,
            dose=Decimal("1.0"),
            technique="cannula",
            depth="supraperiosteal",
        )
        for side in ("cheek-right", "cheek-left")
    ]


def _next_visit(rng: random.Random, session: TreatmentSession, visit: dt.date) -> dt.date:
    """Most patients come back within days of the planned maintenance date; one in five
    weeks late."""
    planned = (
        session.followups.filter(purpose="maintenance").values_list("due_on", flat=True).first()
    )
    late = rng.random() < 0.2
    return (planned or visit + dt.timedelta(days=91)) + dt.timedelta(
        days=rng.randint(10, 40) if late else rng.randint(0, 6)
    )


def _filler(
    rng: random.Random,
    index: int,
    provider: Membership,
    patient_id: object,
    lots: dict[str, ProductLot],
    first: dt.date,
    zone: ZoneInfo,
) -> None:
    day = first + dt.timedelta(days=rng.randint(20, 60))
    at = dt.datetime.combine(day, dt.time(11, 0), zone)
    points = _cheek_filler(lots)
    session = chart_session(provider, patient_id, performed_at=at, points=points)  # type: ignore[arg-type]
    if index % 8 == 1:
        event = record_adverse_event(
            provider,
            session.public_id,
            onset_at=at + dt.timedelta(hours=20),
            symptoms=["bruising", "swelling"],
        )
        update_adverse_event(
            provider,
            event.public_id,
            version=event.version,
            changes={"severity": "mild", "outcome": "resolved", "actions": "Cold packs."},
        )
    if index == 5:
        event = record_adverse_event(
            provider,
            session.public_id,
            onset_at=at + dt.timedelta(minutes=15),
            symptoms=["skin-blanching", "severe-pain"],
        )
        update_adverse_event(
            provider,
            event.public_id,
            version=event.version,
            changes={
                "severity": "severe",
                "actions": "Injection stopped; hyaluronidase given at once; warm compress.",
                "hyaluronidase_units": Decimal("1500"),
                "outcome": "resolved",
                "reported_to_regulator": True,
                "reported_on": day + dt.timedelta(days=1),
            },
        )


def _close_past_followups(desk: Membership, today: dt.date) -> None:
    """Close the follow-ups now past as a front desk would: about one in ten missed, one in
    five kept late (10 to 30 days after the due date), the rest kept on time (from 3 days
    early to 5 days late); never after today."""
    zone = ZoneInfo(TIME_ZONE)
    past = (
        FollowUp.objects.filter(
            clinic_id=desk.clinic_id, due_on__lt=today, status=FollowUpStatus.DUE
        )
        .select_related("session")
        .order_by("due_on", "id")
    )
    for number, followup in enumerate(past):
        if number % 10 == 3:
            set_followup_status(
                desk, followup.public_id, version=followup.version, status=FollowUpStatus.MISSED
            )
            continue
        late = number % 5 == 1
        offset = 10 + (number * 7) % 21 if late else number % 9 - 3
        made = followup.session.performed_at.astimezone(zone).date() if followup.session else None
        kept = min(max(followup.due_on + dt.timedelta(days=offset), made or dt.date.min), today)
        set_followup_status(
            desk,
            followup.public_id,
            version=followup.version,
            status=FollowUpStatus.DONE,
            completed_on=kept,
        )

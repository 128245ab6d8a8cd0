"""A synthetic chain of clinics to measure on (`toxfill synth`): every row made here, as plain
tuples in each table's column order, from a seed alone; toxfill.web.clinic.synth_write writes
them. Same seed, same first IDs and same day: the same rows.

Shapes: per clinic 2-6 providers, a front desk and a manager; about one patient per five
sessions, each coming back every three to four months; sessions over the last three years in
the clinic's time zone, 3-8 injection points each at label doses (toxins in units, fillers in
mL) from lots received every few months; the planner's follow-ups; about one adverse event per
200 sessions, triaged by the core. The change-history tables are not filled.
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
import uuid
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal
from typing import Any
from zoneinfo import ZoneInfo

from toxfill.knowledge.base import KnowledgeBase
from toxfill.web.clinic.synth_treatments import (
    CoreAnswers,
    Treatment,
    filler_treatments,
    toxin_treatments,
)

Row = tuple[Any, ...]
YEARS_DAYS = 3 * 365
SESSIONS_PER_PATIENT = 5
ADVERSE_EVENT_RATE = 1 / 200
KEEP_WINDOW_DAYS = 21  # a session this close before a maintenance date keeps it (the actions')
VOIDABLE = ("voided_at", "voided_by_id", "void_reason")
RECORD = ("id", "clinic_id", "public_id", "created_at", "version")

# Each table's columns, in the order of the rows below; the writer checks them against the
# models, so a new non-null column fails the test rather than the load.
COLUMNS: dict[str, tuple[str, ...]] = {
    "auth_user": (
        "id", "password", "last_login", "is_superuser", "username", "first_name", "last_name",
        "email", "is_staff", "is_active", "date_joined",
    ),
    "clinic_clinic": (
        "id", "public_id", "name", "time_zone", "jurisdiction", "is_demo",
        "calendar_shows_patient_names", "created_at", "version", "requires_two_factor",
        "phone", "out_of_hours", "emergency_protocol", "escalation_contacts",
    ),
    "clinic_membership": (
        *RECORD, "user_id", "role", "licence_type", "licence_number", "licence_jurisdiction",
        "licence_valid_from", "licence_expires", "licence_verified_at_id", "ended_at", "npi",
    ),
    "clinic_patient": (
        *RECORD, *VOIDABLE, "given_name", "family_name", "date_of_birth", "email", "phone",
        "health_factors", "allergies", "preferred_language",
    ),
    "clinic_consent": (
        *RECORD, *VOIDABLE, "patient_id", "treatment", "text_version", "signed_at",
        "signed_by", "withdrawn_at", "recorded_by_id",
    ),
    "clinic_productlot": (
        *RECORD, *VOIDABLE, "product", "gtin", "lot_number", "serial", "expires_on", "scanned",
        "receipt_findings", "received_at", "received_by_id", "unit", "quantity_received",
        "quantity_on_hand",
    ),
    "clinic_treatmentsession": (
        *RECORD, *VOIDABLE, "patient_id", "provider_id", "performed_at", "notes", "findings",
        "knowledge_version",
    ),
    "clinic_injectionpoint": (
        *RECORD, "session_id", "zone", "concern", "product", "lot_id", "dose", "unit",
        "dilution_ml", "depth", "technique", "view", "x", "y",
    ),
    "clinic_followup": (
        *RECORD, *VOIDABLE, "patient_id", "session_id", "due_on", "option", "product",
        "purpose", "note", "status", "reminded_at", "completed_on",
    ),
    "clinic_adverseevent": (
        *RECORD, *VOIDABLE, "session_id", "patient_id", "onset_at", "symptoms", "urgency",
        "triage", "knowledge_version", "severity", "actions", "hyaluronidase_units",
        "outcome", "reported_to_regulator", "reported_on", "recorded_by_id", "origin",
    ),
}  # fmt: skip

PLACES = (  # (time zone, jurisdiction, towns)
    ("America/New_York", "NY", ("Harbour", "Hudson", "Brooklyn Heights", "Albany")),
    ("America/Chicago", "IL", ("Lakeshore", "Oak Park", "Evanston")),
    ("America/Denver", "CO", ("Boulder", "Cherry Creek")),
    ("America/Los_Angeles", "CA", ("Pasadena", "Bay", "Santa Monica", "Sausalito")),
    ("America/Phoenix", "AZ", ("Scottsdale", "Tempe")),
    ("America/Toronto", "ON", ("Yorkville", "Leslieville")),
    ("Europe/London", "England", ("Marylebone", "Clifton", "Harrogate")),
    ("Europe/Dublin", "Ireland", ("Ranelagh", "Dalkey")),
    ("Australia/Sydney", "NSW", ("Paddington", "Mosman")),
)
KINDS = ("Aesthetics", "Skin Clinic", "Medical Aesthetics", "Dermatology", "Face Clinic")
GIVEN = (
    "Ana", "Ben", "Chloe", "Dev", "Eva", "Farah", "Gus", "Hana", "Ivan", "Jade", "Kofi", "Lena",
    "Mateo", "Nia", "Omar", "Priya", "Quinn", "Rosa", "Sami", "Tara", "Uma", "Vik", "Wen", "Yara",
)  # fmt: skip
FAMILY = (
    "Silva", "Okafor", "Lund", "Reyes", "Moreau", "Tanaka", "Novak", "Haddad", "Kim", "Garcia",
    "Nguyen", "Smith", "Brown", "Rossi", "Kowalski", "Murphy", "Cohen", "Patel", "Ali", "Berg",
)  # fmt: skip
TOXINS_STOCKED = 2
FILLERS_STOCKED = 3
FILLERS = (
    "juvederm-voluma", "juvederm-ultra", "juvederm-volbella", "juvederm-vollure",
    "juvederm-volux", "restylane-lyft", "restylane-kysse", "radiesse",
)  # fmt: skip
TOXIN_VIAL = Decimal(100)  # units a toxin lot is counted in
EVENT_SYMPTOMS = {  # (symptoms, days after the session, severity)
    "U": (
        (("eyelid-droop",), 9, "moderate"),
        (("headache",), 1, "mild"),
        (("bruising",), 1, "mild"),
    ),
    "mL": (
        (("bruising", "swelling"), 1, "mild"),
        (("lumps",), 14, "mild"),
        (("swelling",), 2, "mild"),
    ),
}  # fmt: skip


@dataclass
class Ids:
    """The next ID of each table: the writer starts them past what the database holds."""

    next: dict[str, int]

    def take(self, table: str) -> int:
        found = self.next[table]
        self.next[table] = found + 1
        return found


@dataclass
class ClinicRows:
    """One clinic's rows, table by table, in the order they can be written."""

    tables: dict[str, list[Row]] = field(default_factory=lambda: {t: [] for t in COLUMNS})
    next_ids: dict[str, int] = field(default_factory=dict)  # each table's next ID after these

    @property
    def sessions(self) -> int:
        return len(self.tables["clinic_treatmentsession"])

    def count(self) -> int:
        return sum(len(rows) for rows in self.tables.values())


@dataclass(frozen=True)
class Shapes:
    """What the generator draws from, built once from the knowledge base."""

    toxins: dict[str, list[Treatment]]
    fillers: dict[str, list[Treatment]]
    core: CoreAnswers
    knowledge_version: str

    @classmethod
    def of(cls, kb: KnowledgeBase) -> Shapes:
        return cls(
            toxin_treatments(kb), filler_treatments(kb, list(FILLERS)), CoreAnswers(kb), kb.version
        )


def sessions_per_clinic(seed: int, clinics: int, sessions: int) -> list[int]:
    """`sessions` shared among `clinics`, some busier than others (0.5x to 1.5x)."""
    rng = random.Random(f"{seed}/chain")
    weights = [rng.uniform(0.5, 1.5) for _ in range(clinics)]
    total = sum(weights)
    shares = [sessions * w / total for w in weights]
    counts = [int(s) for s in shares]
    by_remainder = sorted(range(clinics), key=lambda i: counts[i] - shares[i])
    for index in by_remainder[: sessions - sum(counts)]:
        counts[index] += 1
    return counts


def chain_rows(
    shapes: Shapes,
    *,
    seed: int,
    clinics: int,
    sessions: int,
    today: dt.date,
    ids: Ids,
) -> Iterator[ClinicRows]:
    """The chain's rows, one clinic at a time (a clinic's rows fit in memory; a chain's
    need not)."""
    for index, count in enumerate(sessions_per_clinic(seed, clinics, sessions)):
        maker = _ClinicMaker(shapes, random.Random(f"{seed}/{index}"), ids, today)
        yield maker.make(f"synth{seed}-c{index}", count)


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


class _ClinicMaker:
    def __init__(self, shapes: Shapes, rng: random.Random, ids: Ids, today: dt.date) -> None:
        self.shapes, self.rng, self.ids, self.today = shapes, rng, ids, today
        self.rows = ClinicRows()
        self.first_day = today - dt.timedelta(days=YEARS_DAYS)
        self.lot_used: dict[int, Decimal] = defaultdict(Decimal)
        self.lot_rows_pending: list[tuple[str, dt.date, int]] = []

    def add(self, table: str, row: Row) -> None:
        self.rows.tables[table].append(row)

    def at(self, day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
        local = dt.datetime.combine(day, dt.time(hour, minute), self.zone)
        return local.astimezone(dt.UTC)

    def make(self, prefix: str, sessions: int) -> ClinicRows:
        rng = self.rng
        zone_name, self.jurisdiction, towns = rng.choice(PLACES)
        self.zone = ZoneInfo(zone_name)
        self.clinic = self.ids.take("clinic_clinic")
        opened = self.at(self.first_day - dt.timedelta(days=rng.randint(30, 400)), 9)
        name = f"{rng.choice(towns)} {rng.choice(KINDS)}"
        self.add(
            "clinic_clinic",
            (
                self.clinic,
                _uuid(rng),
                name,
                zone_name,
                self.jurisdiction,
                False,
                False,
                opened,
                1,
                False,
                "",
                "",
                "",
                None,
            ),
        )
        self.manager = self.member(prefix, "manager", opened)
        self.desk = self.member(prefix, "front-desk", opened)
        self.providers = [self.member(prefix, "provider", opened) for _ in range(rng.randint(2, 6))]
        toxins = rng.sample(sorted(self.shapes.toxins), TOXINS_STOCKED)
        fillers = rng.sample(sorted(self.shapes.fillers), FILLERS_STOCKED)
        self.lots = {product: self.lot_schedule(product) for product in toxins + fillers}
        patients = round(sessions / SESSIONS_PER_PATIENT) if sessions else 0
        visits = [1] * max(patients, 1 if sessions else 0)
        for _ in range(sessions - len(visits)):
            visits[rng.randrange(len(visits))] += 1
        for number, count in enumerate(visits):
            self.patient(prefix, number, count, rng.choice(toxins), rng.choice(fillers))
        self.finish_lots()
        self.rows.next_ids = dict(self.ids.next)
        return self.rows

    def member(self, prefix: str, role: str, opened: dt.datetime) -> int:
        rng = self.rng
        user = self.ids.take("auth_user")
        given, family = rng.choice(GIVEN), rng.choice(FAMILY)
        username = f"{prefix}-{role}-{user}"
        # An unusable password (Django's "!" prefix): synthetic people never sign in.
        password = f"!{rng.getrandbits(160):040x}"
        self.add(
            "auth_user",
            (user, password, None, False, username, given, family, f"{username}@example.org",
             False, True, opened),
        )  # fmt: skip
        licence: tuple[Any, ...] = ("", "", "", None, None, None)
        if role == "provider":
            kind = rng.choice(("MD", "RN", "NP", "PA"))
            since = self.first_day - dt.timedelta(days=rng.randint(200, 4000))
            expires = self.today + dt.timedelta(days=rng.randint(200, 900))
            number = f"{kind}-{rng.randint(100000, 999999)}"
            licence = (kind, number, self.jurisdiction, since, expires, self.clinic)
        membership = self.ids.take("clinic_membership")
        self.add(
            "clinic_membership",
            (membership, self.clinic, _uuid(rng), opened, 1, user, role, *licence, None, ""),
        )
        return membership

    def lot_schedule(self, product: str) -> tuple[list[dt.date], list[int]]:
        """A lot every four to eight months, the first before the first session, each usable
        for 18 to 24 months; the quantities are set once the sessions have used them."""
        days, lots = [], []
        day = self.first_day - dt.timedelta(days=self.rng.randint(10, 60))
        while day <= self.today:
            days.append(day)
            lots.append(self.ids.take("clinic_productlot"))
            day += dt.timedelta(days=self.rng.randint(120, 240))
        self.lot_rows_pending.extend((product, d, lot) for d, lot in zip(days, lots, strict=True))
        return days, lots

    def lot_for(self, product: str, day: dt.date) -> int:
        days, lots = self.lots[product]
        return lots[max(0, bisect.bisect_left(days, day) - 1)]

    def finish_lots(self) -> None:
        rng = self.rng
        for number, (product, day, lot) in enumerate(self.lot_rows_pending):
            unit = "U" if product in self.shapes.toxins else "mL"
            used = self.lot_used[lot]
            pack = TOXIN_VIAL if unit == "U" else Decimal(1)
            vials = (used / pack).to_integral_value(rounding=ROUND_CEILING)
            received = (vials + rng.randint(1, 10)) * pack  # whole vials, and some to spare
            expires = day + dt.timedelta(days=rng.randint(540, 730))
            lot_number = f"{rng.choice('CDHKMV')}{rng.randint(1000, 9999)}{number:03d}"
            self.add(
                "clinic_productlot",
                (lot, self.clinic, _uuid(rng), self.at(day, 10), 1, None, None, "", product, "",
                 lot_number, "", expires, "", [], self.at(day, 10), self.manager, unit,
                 received, received - used),
            )  # fmt: skip

    def patient(self, prefix: str, number: int, visits: int, toxin: str, filler: str) -> None:
        rng = self.rng
        patient = self.ids.take("clinic_patient")
        given, family = rng.choice(GIVEN), rng.choice(FAMILY)
        born = dt.date(rng.randint(1955, 2001), rng.randint(1, 12), rng.randint(1, 28))
        days = self.visit_days(visits)
        filler_share = rng.choice((0.0, 0.15, 0.3, 0.5))
        treatments = [
            rng.choice(self.shapes.fillers[filler])
            if rng.random() < filler_share
            else rng.choice(self.shapes.toxins[toxin])
            for _ in days
        ]
        registered = self.at(days[0] - dt.timedelta(days=rng.randint(0, 30)), 9)
        self.add(
            "clinic_patient",
            (patient, self.clinic, _uuid(rng), registered, 1, None, None, "", given, family,
             born, f"{prefix}-p{number}@example.org", f"+1 555 {rng.randint(0, 9999999):07d}",
             [], "", "es" if number % 5 == 0 else "en"),  # about one in five reads Spanish
        )  # fmt: skip
        for option in sorted({t.option for t in treatments}):
            self.add(
                "clinic_consent",
                (self.ids.take("clinic_consent"), self.clinic, _uuid(rng), registered, 1, None,
                 None, "", patient, option, "2025-09", registered, f"{given} {family}", None,
                 self.desk),
            )  # fmt: skip
        earlier: dict[str, int] = defaultdict(int)
        for index, (day, treatment) in enumerate(zip(days, treatments, strict=True)):
            later = [d for d, t in zip(days[index + 1 :], treatments[index + 1 :], strict=True)
                     if t.option == treatment.option]  # fmt: skip
            self.session(patient, day, treatment, earlier[treatment.option], later)
            earlier[treatment.option] += 1

    def visit_days(self, visits: int) -> list[dt.date]:
        """Three to four months apart, all within the last three years."""
        gaps = [self.rng.randint(84, 130) for _ in range(visits - 1)]
        room = YEARS_DAYS - 1
        if sum(gaps) > room:
            gaps = [max(1, gap * room // sum(gaps)) for gap in gaps]
        day = self.first_day + dt.timedelta(days=self.rng.randint(1, max(1, room - sum(gaps))))
        days = [day]
        for gap in gaps:
            day += dt.timedelta(days=gap)
            days.append(day)
        return days

    def session(
        self, patient: int, day: dt.date, treatment: Treatment, earlier: int, later: list[dt.date]
    ) -> None:
        rng = self.rng
        session = self.ids.take("clinic_treatmentsession")
        provider = rng.choice(self.providers)
        performed = self.at(day, rng.randint(9, 17), rng.choice((0, 15, 30, 45)))
        self.add(
            "clinic_treatmentsession",
            (session, self.clinic, _uuid(rng), performed, 1, None, None, "", patient, provider,
             performed, "Tolerated well.", [], self.shapes.knowledge_version),
        )  # fmt: skip
        lot = self.lot_for(treatment.product, day)
        for point in treatment.points:
            self.add(
                "clinic_injectionpoint",
                (self.ids.take("clinic_injectionpoint"), self.clinic, _uuid(rng), performed, 1,
                 session, point.zone, point.concern, treatment.product, lot, point.dose,
                 treatment.unit, treatment.dilution_ml, point.depth, point.technique, "",
                 None, None),
            )  # fmt: skip
            self.lot_used[lot] += point.dose
        for planned in self.shapes.core.follow_ups(treatment, earlier):
            due = day + dt.timedelta(days=planned.days_after)
            status, kept = self.outcome(planned.purpose, due, day, later)
            self.add(
                "clinic_followup",
                (self.ids.take("clinic_followup"), self.clinic, _uuid(rng), performed, 1, None,
                 None, "", patient, session, due, planned.option, planned.product,
                 planned.purpose, planned.note, status, None, kept),
            )  # fmt: skip
        if rng.random() < ADVERSE_EVENT_RATE:
            self.adverse_event(session, patient, provider, performed, treatment)

    def outcome(
        self, purpose: str, due: dt.date, day: dt.date, later: list[dt.date]
    ) -> tuple[str, dt.date | None]:
        """A check-up is kept around its date (one in seven missed); a maintenance or course
        visit is kept by the patient's next session of the option close enough to it."""
        if purpose == "review":
            if due >= self.today:
                return "due", None
            if self.rng.random() < 1 / 7:
                return "missed", None
            kept = min(max(due + dt.timedelta(days=self.rng.randint(-2, 5)), day), self.today)
            return "done", kept
        for visit in later:
            if visit >= due - dt.timedelta(days=KEEP_WINDOW_DAYS) and visit <= self.today:
                return "done", visit
        return ("missed", None) if due < self.today else ("due", None)

    def adverse_event(
        self,
        session: int,
        patient: int,
        provider: int,
        performed: dt.datetime,
        treatment: Treatment,
    ) -> None:
        rng = self.rng
        symptoms, days_after, severity = rng.choice(EVENT_SYMPTOMS[treatment.unit])
        urgency, triage = self.shapes.core.triage(treatment, symptoms, days_after)
        onset = performed + dt.timedelta(days=days_after, hours=rng.randint(0, 8))
        self.add(
            "clinic_adverseevent",
            (self.ids.take("clinic_adverseevent"), self.clinic, _uuid(rng), onset, 1, None,
             None, "", session, patient, onset, list(symptoms), urgency, triage,
             self.shapes.knowledge_version, severity, "Reviewed; advice given.", None,
             "resolved", False, None, provider, "clinic"),
        )  # fmt: skip

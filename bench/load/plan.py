"""What the load's simulated clinic users need, read from a chain `toxfill synth` wrote: a
signed-in browser session each (synth's people have no password: the session is made as
Django's test client signs someone in, into the server's own session table), the records their
pages open, and the sessions they will chart.

    python bench/load/plan.py PLAN.json --users 300 --charts-per-clinic 30

Run with the server's environment (DATABASE_URL or TOXFILL_DATA_DIR, TOXFILL_SECRET_KEY):
bench/load.py does. Each simulated user is one of a clinic's providers (they read, chart and
export); users are dealt to the clinics in turn. Each clinic receives a large lot of one of
its toxins (the real action, as its manager), so the run's charting never empties a shelf.

A chart is tried first, through the real action in a transaction that is rolled back: a
payload the rules refuse outright is not used (another patient is tried), and the findings
that need a confirmation or a written reason get them, as a provider answers them on the
form. Each payload charts a different patient, so one run's charts never change what the
rules say about another's. Measured runs only: this writes sessions and lots into the chain.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import secrets
import string
import sys
import uuid
from decimal import Decimal
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toxfill.web.settings")

LOT_NUMBER = "LOAD1"
LOT_QUANTITY = Decimal(1_000_000)  # units: ten thousand vials, enough for any run
READ_SAMPLE = 100  # patients, sessions, lots of each clinic the reads pick from
MIN_POINTS, MAX_POINTS = 5, 15
TRIES_PER_CHART = 4
CSRF_CHARACTERS = string.ascii_letters + string.digits


class _RolledBack(Exception):
    """Raised inside a tried chart's transaction so nothing of it is kept."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", help="where to write the plan (JSON); - with --count")
    parser.add_argument("--count", action="store_true", help="print the clinics held, only")
    parser.add_argument("--users", type=int, default=1)
    parser.add_argument("--charts-per-clinic", type=int, default=0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    django.setup()
    if args.count:
        from toxfill.web.clinic.models import Clinic

        print(Clinic.objects.count())
        return
    plan = make_plan(args.users, args.charts_per_clinic, random.Random(args.seed))
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump(plan, out)
    charts = sum(len(c["charts"]) for c in plan["clinics"].values())
    print(f"plan: {len(plan['users'])} users at {len(plan['clinics'])} clinics, {charts} charts")


def make_plan(users: int, charts_per_clinic: int, rng: random.Random) -> dict[str, Any]:
    from django.conf import settings
    from django.test import Client

    from toxfill.web.clinic.models import Clinic, Membership

    clinics = list(Clinic.objects.order_by("pk"))
    if not clinics:
        sys.exit("no clinic in the database: write a chain with `toxfill synth` first")
    used = clinics[: min(users, len(clinics))]
    providers = {
        c.pk: list(
            Membership.objects.filter(clinic_id=c.pk, role="provider", ended_at__isnull=True)
            .select_related("user", "clinic")
            .order_by("pk")
        )
        for c in used
    }
    plan: dict[str, Any] = {
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "csrf_cookie": settings.CSRF_COOKIE_NAME,
        "clinics": {},
        "users": [],
    }
    for clinic in used:
        plan["clinics"][str(clinic.public_id)] = clinic_plan(
            clinic, providers[clinic.pk], charts_per_clinic, rng
        )
        print(f"  {clinic.name}: ready", flush=True)
    for index in range(users):
        clinic = used[index % len(used)]
        staff = providers[clinic.pk]
        provider = staff[(index // len(used)) % len(staff)]
        browser = Client()
        browser.force_login(provider.user, backend="toxfill.web.clinic.auth.ClinicBackend")
        plan["users"].append(
            {
                "clinic": str(clinic.public_id),
                "session": browser.cookies[settings.SESSION_COOKIE_NAME].value,
                # Django takes a 32-character secret as the token itself (cookie and header).
                "csrf": "".join(secrets.choice(CSRF_CHARACTERS) for _ in range(32)),
            }
        )
    return plan


def clinic_plan(
    clinic: Any, providers: list[Any], charts: int, rng: random.Random
) -> dict[str, Any]:
    from toxfill.web.clinic.models import Patient, ProductLot, TreatmentSession

    lot = stocked_lot(clinic)
    patients = Patient.objects.filter(clinic_id=clinic.pk, voided_at__isnull=True)
    sessions = TreatmentSession.objects.filter(clinic_id=clinic.pk, voided_at__isnull=True)
    lots = ProductLot.objects.filter(clinic_id=clinic.pk, voided_at__isnull=True)
    names = sorted({p.family_name[:3].lower() for p in patients.order_by("?")[:READ_SAMPLE]})
    return {
        "patients": some_ids(patients),
        "sessions": some_ids(sessions),
        "lots": [str(x) for x in lots.exclude(pk=lot.pk).values_list("public_id", flat=True)],
        "names": names,
        "charts": chart_payloads(clinic, providers, lot, charts, rng),
    }


def some_ids(rows: Any) -> list[str]:
    """The public IDs of READ_SAMPLE rows picked at random by the database."""
    return [str(i) for i in rows.order_by("?").values_list("public_id", flat=True)[:READ_SAMPLE]]


def stocked_lot(clinic: Any) -> Any:
    """A large lot of one toxin the clinic already uses, received by its manager."""
    from toxfill.web.clinic.actions.lots import receive_lot
    from toxfill.web.clinic.models import Membership, ProductLot

    manager = Membership.objects.select_related("user", "clinic").get(
        clinic_id=clinic.pk, role="manager"
    )
    product = (
        ProductLot.objects.filter(clinic_id=clinic.pk, unit="U")
        .order_by("product")
        .values_list("product", flat=True)
        .first()
    )
    if product is None:
        sys.exit(f"clinic {clinic.name} stocks no toxin: not a synth chain?")
    expires = dt.date(dt.date.today().year + 2, 12, 31)
    return receive_lot(
        manager, product=product, quantity=LOT_QUANTITY, lot_number=LOT_NUMBER, expires_on=expires
    )


def chart_payloads(
    clinic: Any, providers: list[Any], lot: Any, wanted: int, rng: random.Random
) -> list[dict[str, Any]]:
    """`wanted` sessions the clinic's providers can chart now, each for another patient."""
    from toxfill.knowledge import bundled_knowledge
    from toxfill.web.clinic.models import Patient
    from toxfill.web.clinic.synth_treatments import toxin_treatments

    treatments = toxin_treatments(bundled_knowledge())[lot.product]
    option = treatments[0].option
    candidates = dict.fromkeys(  # a patient once, however many consents match
        Patient.objects.filter(
            clinic_id=clinic.pk,
            voided_at__isnull=True,
            consents__treatment=option,
            consents__voided_at__isnull=True,
            consents__withdrawn_at__isnull=True,
        )
        .order_by("?")
        .values_list("public_id", flat=True)[: wanted * TRIES_PER_CHART]
    )
    # An hour ago: charted after the visit, and before anything the run itself charts.
    performed_at = (dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)).replace(microsecond=0)
    payloads: list[dict[str, Any]] = []
    for patient in candidates:
        if len(payloads) == wanted:
            break
        payload = {
            "patient": str(patient),
            "performed_at": performed_at.isoformat(),
            "points": [point_json(p, lot, t) for t, p in treatment_points(treatments, rng)],
            "notes": "Charted by the load test.",
            "confirmed": [],
            "override_reasons": {},
        }
        if tried(rng.choice(providers), payload):
            payloads.append(payload)
    if len(payloads) < wanted:
        print(f"  {clinic.name}: only {len(payloads)} of {wanted} charts possible", flush=True)
    return payloads


def treatment_points(treatments: list[Any], rng: random.Random) -> list[tuple[Any, Any]]:
    """5 to 15 injection points: one or more of the toxin's label uses, each of other
    concerns than those already in the session."""
    while True:
        target = rng.randint(MIN_POINTS, MAX_POINTS)
        chosen: list[tuple[Any, Any]] = []
        concerns: set[str] = set()
        for treatment in rng.sample(treatments, len(treatments)):
            fits = len(chosen) + len(treatment.points) <= MAX_POINTS
            if fits and not concerns & set(treatment.concerns):
                chosen.extend((treatment, point) for point in treatment.points)
                concerns.update(treatment.concerns)
            if len(chosen) >= target:
                break
        if len(chosen) >= MIN_POINTS:
            return chosen


def point_json(point: Any, lot: Any, treatment: Any) -> dict[str, Any]:
    return {
        "zone": point.zone,
        "concern": point.concern,
        "product": lot.product,
        "lot": str(lot.public_id),
        "dose": str(point.dose),
        "unit": treatment.unit,
        "dilution_ml": str(treatment.dilution_ml),
        "depth": point.depth,
        "technique": point.technique,
    }


def tried(provider: Any, payload: dict[str, Any]) -> bool:
    """Chart the payload and roll it back; answer the findings a provider would (confirm,
    give a reason) into the payload. False when a rule refuses it whatever is answered."""
    from django.db import transaction

    from toxfill.records.findings import FindingKind
    from toxfill.web.clinic.actions import sessions as actions
    from toxfill.web.clinic.errors import RulesRefused

    for _ in range(2):
        try:
            with transaction.atomic():
                actions.chart_session(
                    provider,
                    uuid.UUID(payload["patient"]),
                    performed_at=dt.datetime.fromisoformat(payload["performed_at"]),
                    points=[
                        actions.PointInput(
                            **{
                                **p,
                                "lot": uuid.UUID(p["lot"]),
                                "dose": Decimal(p["dose"]),
                                "dilution_ml": Decimal(p["dilution_ml"]),
                            }
                        )
                        for p in payload["points"]
                    ],
                    notes=payload["notes"],
                    confirmed=payload["confirmed"],
                    override_reasons=payload["override_reasons"],
                )
                raise _RolledBack
        except _RolledBack:
            return True
        except RulesRefused as refused:
            if any(f.kind is FindingKind.ERROR for f in refused.findings):
                return False
            for finding in refused.findings:
                if finding.kind is FindingKind.CONFIRM:
                    payload["confirmed"].append(finding.key)
                else:
                    payload["override_reasons"][finding.key] = "Discussed with the patient."
    return False


if __name__ == "__main__":
    main()

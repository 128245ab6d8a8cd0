"""Query plans at a chain's size: the due list and name search as the ORM writes them.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/query_plans.py

Makes a database `toxfill_plans` on the server DATABASE_URL names (kept between runs: filling
it takes about a minute), migrates it, fills 50 clinics with 200,000 patients and 1,000,000
follow-ups by SQL (`generate_series`), and prints EXPLAIN ANALYZE of each query for one
clinic (4,000 patients, 20,000 follow-ups). `--migrate-to <name>` migrates the clinic app to
that migration first, for a before/after (e.g. 0003_followup_completed_on).

Measured, not asserted; skipped (one line) when DATABASE_URL is not PostgreSQL.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from urllib.parse import urlsplit, urlunsplit

DATABASE = "toxfill_plans"
FILL = """
INSERT INTO clinic_clinic (public_id, name, time_zone, jurisdiction, is_demo, created_at, version)
SELECT gen_random_uuid(), 'Clinic ' || g, 'America/New_York', 'US-NY', false, now(), 1
FROM generate_series(1, 50) g;
INSERT INTO clinic_patient (public_id, created_at, version, void_reason, given_name, family_name,
  date_of_birth, email, phone, health_factors, allergies, clinic_id)
SELECT gen_random_uuid(), now(), 1, '',
  (array['Ana','Ben','Cara','Dan','Eve','Finn','Gia','Hugo'])[1 + g % 8],
  (array['Smith','Jones','Brown','Garcia','Miller','Davis','Lopez','Wilson','Moore','Taylor'])
    [1 + (g / 8) % 10] || (g % 997),
  date '1980-01-01' + (g % 9000), '', '', '[]'::jsonb, '', 1 + (g % 50)
FROM generate_series(1, 200000) g;
INSERT INTO clinic_followup (public_id, created_at, version, void_reason, due_on, option, product,
  purpose, note, status, clinic_id, patient_id)
SELECT gen_random_uuid(), now(), 1, '', date '2024-01-01' + (g % 1200), 'botulinum-toxin',
  'botox', 'review', '', (array['due','booked','done','done','done','missed'])[1 + g % 6],
  p.clinic_id, p.id
FROM generate_series(1, 1000000) g JOIN clinic_patient p ON p.id = 1 + (g % 200000);
ANALYZE;
"""


def _database_url(server: str) -> str:
    parts = urlsplit(server)
    return urlunsplit(parts._replace(path=f"/{DATABASE}"))


def _prepare(server: str, migrate_to: str | None) -> None:
    import psycopg

    with psycopg.connect(server, autocommit=True) as admin:
        found = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE])
        if not found.fetchone():
            admin.execute(f"CREATE DATABASE {DATABASE}")
    manage = [sys.executable, "-m", "toxfill.web.manage", "migrate", "-v0"]
    subprocess.run(manage, check=True)
    if migrate_to:
        subprocess.run([*manage, "clinic", migrate_to], check=True)
    with psycopg.connect(_database_url(server), autocommit=True) as db:
        if not db.execute("SELECT 1 FROM clinic_followup LIMIT 1").fetchone():
            print("filling 50 clinics: 200,000 patients, 1,000,000 follow-ups ...", flush=True)
            db.execute(FILL)
        db.execute("ANALYZE")


def _explain() -> None:
    import django

    django.setup()
    from toxfill.web.clinic.models import FollowUp, Patient

    clinic = 7
    patients = Patient.objects.filter(clinic_id=clinic, voided_at__isnull=True)
    by_name = patients.order_by("family_name", "given_name")
    followups = FollowUp.objects.filter(clinic_id=clinic, voided_at__isnull=True)
    queries = {
        "due list page (open, soonest first, 100)": followups.filter(
            status__in=["due", "booked"]
        ).order_by("due_on")[:100],
        "due list API (soonest first, 26)": followups.order_by("due_on", "id")[:26],
        "due list API ?status=due": followups.filter(status="due").order_by("due_on", "id")[:26],
        "name search page (family name part)": by_name.filter(family_name__istartswith="garc")[
            :100
        ],
        "name search page (given name part)": by_name.filter(given_name__istartswith="garc")[:100],
        "name search API ?name=": patients.filter(family_name__istartswith="garcia1").order_by(
            "-created_at", "-id"
        )[:26],
    }
    for title, query in queries.items():
        plan = query.explain(analyze=True)
        lines = [line for line in plan.splitlines() if "Scan" in line or "Execution" in line]
        print(f"{title}:")
        for line in lines:
            print("   ", line.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--migrate-to", help="the clinic app's migration to run the plans on")
    arguments = parser.parse_args()
    server = os.environ.get("DATABASE_URL", "")
    if not server.startswith("postgres"):
        print("query plans: DATABASE_URL is not PostgreSQL; skipped")
        return
    os.environ["DATABASE_URL"] = _database_url(server)
    os.environ.setdefault("TOXFILL_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toxfill.web.settings")
    _prepare(server, arguments.migrate_to)
    _explain()


if __name__ == "__main__":
    main()

"""Clinic pages on a chain made by `toxfill synth`: one clinic's manager, in process.

    toxfill synth --clinics 50 --sessions 1M --seed 1      # into DATABASE_URL, once
    DATABASE_URL=... TOXFILL_DEBUG=1 TOXFILL_DEMO=0 TOXFILL_ALLOWED_HOSTS=testserver \\
        .venv/bin/python bench/pages_at_size.py

Prints per page the median of 4 requests, the SQL time within it and the queries, and the
slowest statements of the reports page; `--explain` adds each of its statements' plan on
PostgreSQL (EXPLAIN ANALYZE: the scans and the time). Measured, not asserted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toxfill.web.settings")
REPEATS = 4
PAGES = {
    "dashboard": "",
    "patients": "patients/",
    "follow-ups": "follow-ups/",
    "reports": "reports/",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--explain", action="store_true", help="the reports' query plans")
    explain = parser.parse_args().explain
    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from toxfill.web.clinic.models import Clinic, Membership

    clinic = Clinic.objects.order_by("pk")[len(Clinic.objects.all()) // 2]
    manager = Membership.objects.filter(clinic=clinic, role="manager").first()
    assert manager is not None, "no manager: load a chain with `toxfill synth` first"
    browser = Client(**{"wsgi.url_scheme": "https"})
    browser.force_login(manager.user, backend="toxfill.web.clinic.auth.ClinicBackend")
    for name, path in PAGES.items():
        totals, sql = [], []
        for _ in range(REPEATS):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                answer = browser.get(f"/clinic/{clinic.public_id}/{path}", secure=True)
                totals.append(time.perf_counter() - started)
            assert answer.status_code == 200, (name, answer.status_code)
            sql.append(sum(float(q["time"]) for q in queries.captured_queries))
        print(
            f"{name:10s} p50 {statistics.median(totals) * 1000:7.1f} ms"
            f"  sql {statistics.median(sql) * 1000:7.1f} ms"
            f"  queries {len(queries.captured_queries)}"
        )
        if name == "reports":
            slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:3]
            for query in slowest:
                print(f"    {float(query['time']) * 1000:6.1f} ms  {query['sql'][:110]}")
            if explain and connection.vendor == "postgresql":
                _explain(connection, [q["sql"] for q in queries.captured_queries])


def _explain(connection: Any, statements: list[str]) -> None:
    """Each SELECT on a clinic table, as sent (parameters in place), with its plan's scans."""
    with connection.cursor() as cursor:
        for sql in statements:
            if not sql.startswith("SELECT") or '"clinic_' not in sql:
                continue
            cursor.execute(f"EXPLAIN ANALYZE {sql}")
            plan = [row[0].strip() for row in cursor.fetchall()]
            print(f"  {sql[:150]}")
            for line in plan:
                if "Scan" in line or "Execution" in line:
                    print(f"      {line}")


if __name__ == "__main__":
    main()

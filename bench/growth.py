"""Does a clinic's every read stay flat as the chain grows? One clinic of a chain made by
`toxfill synth`, in process, its manager signed in: each page, JSON read and export of the
clinic side, the median of a few requests, the SQL time within it and the queries.

    toxfill synth --clinics 50 --sessions 10k --seed 1         # into DATABASE_URL
    DATABASE_URL=... python bench/growth.py --save var/growth-10k.json
    (a fresh database)  toxfill synth --clinics 50 --sessions 1M --seed 1
    DATABASE_URL=... python bench/growth.py --save var/growth-1m.json
    python bench/growth.py --compare var/growth-10k.json var/growth-1m.json

--compare prints each endpoint's p50 at the larger size over the smaller, against the target
of 1.3x (issue 20). The clinic measured is the one in the middle of the chain by creation, so
the same seed picks the same clinic; its record, session and lot are its busiest patient's
last session and that session's lot. Measured, not asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toxfill.web.settings")
os.environ.setdefault("TOXFILL_DEBUG", "1")
os.environ.setdefault("TOXFILL_DEMO", "0")
os.environ.setdefault("TOXFILL_ALLOWED_HOSTS", "testserver")  # Django's test client
REPEATS = 5
TARGET = 1.3


def endpoints(clinic: Any, patient: Any, session: Any, lot: Any) -> dict[str, str]:
    page = f"/clinic/{clinic.public_id}/"
    api = f"/api/v1/clinic/{clinic.public_id}/"
    return {
        "page dashboard": page,
        "page patients": page + "patients/",
        "page patient search": page + f"patients/?q={patient.family_name[:3]}",
        "page patient": page + f"patients/{patient.public_id}/",
        "page session": page + f"sessions/{session.public_id}/",
        "page follow-ups": page + "follow-ups/",
        "page lots": page + "lots/",
        "page lot": page + f"lots/{lot.public_id}/",
        "page events": page + "events/",
        "page reports": page + "reports/",
        "export recall csv": page + f"lots/{lot.public_id}/recall.csv",
        "export sessions csv": page + "exports/sessions.csv",
        "export points csv": page + "exports/points.csv",
        "export patient fhir": page + f"patients/{patient.public_id}/fhir.json",
        "export follow-ups ics": page + "follow-ups.ics",
        "json patients": api + "patients",
        "json patient": api + f"patients/{patient.public_id}",
        "json sessions": api + "sessions",
        "json session": api + f"sessions/{session.public_id}",
        "json follow-ups": api + "followups",
        "json lots": api + "lots",
        "json recall": api + f"lots?lot_number={lot.lot_number}",
        "json events": api + "events",
    }


def measure() -> dict[str, dict[str, float]]:
    import django

    django.setup()
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from toxfill.web.clinic.models import Clinic, Membership, Patient, TreatmentSession

    clinics = list(Clinic.objects.order_by("pk").values_list("pk", flat=True))
    if not clinics:
        sys.exit("no clinics: load a chain with `toxfill synth` first")
    clinic = Clinic.objects.get(pk=clinics[len(clinics) // 2])
    manager = Membership.objects.filter(clinic=clinic, role="manager").first()
    busiest = (
        Patient.objects.filter(clinic=clinic)
        .annotate(n=Count("sessions"))
        .order_by("-n", "pk")
        .first()
    )
    assert manager is not None, "no manager in the clinic"
    assert busiest is not None, "no patients in the clinic"
    session = (
        TreatmentSession.objects.filter(clinic=clinic, patient=busiest)
        .order_by("-performed_at")
        .first()
    )
    assert session is not None
    point = session.points.select_related("lot").first()
    assert point is not None
    assert point.lot is not None
    browser = Client(**{"wsgi.url_scheme": "https"})
    browser.force_login(manager.user, backend="toxfill.web.clinic.auth.ClinicBackend")
    sessions = TreatmentSession.objects.filter(clinic=clinic).count()
    print(f"clinic {clinic.name}: {sessions:,} sessions; chain of {len(clinics)} clinics")
    results: dict[str, dict[str, float]] = {}
    for name, path in endpoints(clinic, busiest, session, point.lot).items():
        browser.get(path, secure=True)  # warm
        totals, sql = [], []
        for _ in range(REPEATS):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                answer = browser.get(path, secure=True)
                if answer.streaming:  # the test client leaves a streamed body unread
                    b"".join(answer.streaming_content)  # type: ignore[attr-defined]
                totals.append(time.perf_counter() - started)
            assert answer.status_code == 200, (name, answer.status_code)
            sql.append(sum(float(q["time"]) for q in queries.captured_queries))
        row = {
            "p50_ms": statistics.median(totals) * 1000,
            "sql_ms": statistics.median(sql) * 1000,
            "queries": len(queries.captured_queries),
        }
        results[name] = row
        print(
            f"{name:24s} p50 {row['p50_ms']:7.1f} ms  sql {row['sql_ms']:7.1f} ms  "
            f"queries {row['queries']:3.0f}"
        )
    return results


def compare(small: Path, large: Path) -> None:
    before = json.loads(small.read_text())
    after = json.loads(large.read_text())
    print(f"{'endpoint':24s} {small.stem:>10s} {large.stem:>10s}  ratio  <= {TARGET}")
    for name, row in before["endpoints"].items():
        if name not in after["endpoints"]:
            continue
        other = after["endpoints"][name]
        ratio = other["p50_ms"] / row["p50_ms"]
        print(
            f"{name:24s} {row['p50_ms']:8.1f}ms {other['p50_ms']:8.1f}ms  {ratio:5.2f}  "
            f"{'yes' if ratio <= TARGET else 'NO'}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--save", type=Path, help="write the figures to this JSON file")
    parser.add_argument("--compare", type=Path, nargs=2, metavar=("SMALLER", "LARGER"))
    args = parser.parse_args()
    if args.compare:
        compare(*args.compare)
        return
    figures = {"load_average": os.getloadavg(), "endpoints": measure()}
    if args.save:
        args.save.parent.mkdir(parents=True, exist_ok=True)
        args.save.write_text(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()

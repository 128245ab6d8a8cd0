"""Time in Python per request on the clinic workspace (issue 20 item 3): request minus SQL.

    PYTHONPATH=src .venv/bin/python bench/python_time.py [--runs 60] [--cpu] [--profile ROUTE]

(`PYTHONPATH` picks the code measured: another checkout's src gives its before.)

Loads the demo clinic (toxfill.web.clinic.demo) into a fresh SQLite database in a temporary
folder (or into the server DATABASE_URL names, which must be empty or hold only the demo),
makes it an ordinary clinic (demo mode off, as in production), signs its manager in, and
requests each route in process with Django's test Client: the main workspace pages and JSON
reads. Per route: the p50 of the whole request, of its SQL (each
statement's execute, timed at Django's database wrapper), of the rest (Python), and
the queries a request sends. `--cpu` times with this thread's CPU clock instead of the wall
clock: on a machine whose cores are busy with other work, the wall clock also counts the time a
request waits for a core. `--profile ROUTE` prints instead a cProfile summary of that
route's requests, the top 25 by cumulative time; `--queries ROUTE` the SQL one request sends.

Targets: Python p50 <= 10 ms for a JSON read and <= 25 ms for a page.
Measured, not asserted; compare runs on one machine only.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

JSON_TARGET_MS = 10.0
PAGE_TARGET_MS = 25.0


@dataclass(frozen=True)
class Route:
    name: str
    path: str
    is_json: bool


def _set_up() -> None:
    os.environ.setdefault("TOXFILL_SECRET_KEY", "bench-only-secret-key-not-for-production")
    data = Path(
        os.environ.setdefault("TOXFILL_DATA_DIR", tempfile.mkdtemp(prefix="toxfill-bench-"))
    )
    (data / "static").mkdir(parents=True, exist_ok=True)  # whitenoise warns without it
    os.environ.setdefault("TOXFILL_HTTPS", "0")
    os.environ["TOXFILL_DEMO"] = "0"  # as in production: each sign-in asks if it is a demo's
    os.environ["DJANGO_SETTINGS_MODULE"] = "toxfill.web.settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from toxfill.web.clinic.demo import DEMO_CLINIC, load_demo
    from toxfill.web.clinic.models import Clinic

    load_demo()
    # Outside demo mode a demo clinic's members may not sign in: measure it as a real clinic.
    Clinic.objects.filter(name=DEMO_CLINIC).update(is_demo=False)


def _routes() -> list[Route]:
    from toxfill.web.clinic.demo import DEMO_CLINIC
    from toxfill.web.clinic.models import Clinic, FollowUp, Patient, TreatmentSession

    clinic = Clinic.objects.get(name=DEMO_CLINIC)
    patient = Patient.objects.filter(clinic_id=clinic.pk).order_by("id").first()
    session = TreatmentSession.objects.filter(clinic_id=clinic.pk).order_by("-id").first()
    assert patient is not None
    assert session is not None
    assert FollowUp.objects.filter(clinic_id=clinic.pk).exists()
    page = f"/clinic/{clinic.public_id}/"
    api = f"/api/v1/clinic/{clinic.public_id}/"
    return [
        Route("page-dashboard", page, False),
        Route("page-patients", page + "patients/", False),
        Route("page-patient", page + f"patients/{patient.public_id}/", False),
        Route("page-session", page + f"sessions/{session.public_id}/", False),
        Route("page-followups", page + "follow-ups/", False),
        Route("page-lots", page + "lots/", False),
        Route("json-patients", api + "patients", True),
        Route("json-sessions", api + "sessions", True),
        Route("json-session", api + f"sessions/{session.public_id}", True),
        Route("json-followups", api + "followups", True),
    ]


def _client() -> object:
    from django.contrib.auth.models import User
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username="demo-manager"))
    return client


@dataclass(frozen=True)
class Timing:
    total_ms: float
    sql_ms: float
    queries: int


class _SqlClock:
    """Counts the statements a request sends and the time the database takes over them
    (`clock` around each, finer than connection.queries' rounded milliseconds)."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self.clock = clock
        self.seconds = 0.0
        self.queries = 0

    def __call__(self, execute: Callable[..., Any], *args: Any) -> Any:
        start = self.clock()
        try:
            return execute(*args)
        finally:
            self.seconds += self.clock() - start
            self.queries += 1


CLOCK: Callable[[], float] = time.perf_counter


def _request(get: Callable[[str], Any], route: Route) -> Timing:
    from django.db import connection

    clock = _SqlClock(CLOCK)
    with connection.execute_wrapper(clock):
        start = CLOCK()
        response = get(route.path)
        total = CLOCK() - start
    if response.status_code != 200:
        raise SystemExit(f"{route.name}: {route.path} answered {response.status_code}")
    return Timing(total * 1000, clock.seconds * 1000, clock.queries)


def measure(runs: int, only: list[str] | None = None) -> None:
    routes = [route for route in _routes() if not only or route.name in only]
    client = _client()
    get = client.get  # type: ignore[attr-defined]
    for route in routes:  # warm: templates compiled, URL resolvers and schemas built
        _request(get, route)
    which = "CPU time of the thread" if CLOCK is time.thread_time else "wall clock"
    print(f"{runs} requests a route, p50 in ms (Python = request - SQL), {which}\n")
    print("| route | total | SQL | Python | queries | Python target |")
    print("|---|---|---|---|---|---|")
    for route in routes:
        timings = [_request(get, route) for _ in range(runs)]
        total = statistics.median(t.total_ms for t in timings)
        sql = statistics.median(t.sql_ms for t in timings)
        python = statistics.median(t.total_ms - t.sql_ms for t in timings)
        queries = statistics.median(t.queries for t in timings)
        target = JSON_TARGET_MS if route.is_json else PAGE_TARGET_MS
        met = "met" if python <= target else "**not met**"
        print(
            f"| {route.name} | {total:.1f} | {sql:.1f} | {python:.1f} | {queries:g} "
            f"| <= {target:g}: {met} |"
        )


def _route(name: str) -> Route:
    routes = {route.name: route for route in _routes()}
    if name not in routes:
        raise SystemExit(f"give a route: one of {', '.join(routes)}")
    return routes[name]


def profile(name: str, runs: int) -> None:
    route = _route(name)
    client = _client()
    get = client.get  # type: ignore[attr-defined]
    _request(get, route)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(runs):
        get(route.path)
    profiler.disable()
    print(f"{route.name}: {runs} requests, top 25 by cumulative time")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


def show_queries(name: str) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    route = _route(name)
    client = _client()
    client.get(route.path)  # type: ignore[attr-defined]
    with CaptureQueriesContext(connection) as captured:
        client.get(route.path)  # type: ignore[attr-defined]
    for number, query in enumerate(captured.captured_queries, 1):
        print(f"{number}. {query['sql']}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=60, help="requests a route (default 60)")
    parser.add_argument("--profile", metavar="ROUTE", help='e.g. "patients" or "json-session"')
    parser.add_argument("--queries", metavar="ROUTE", help="print the SQL of one request")
    parser.add_argument("--cpu", action="store_true", help="time with the thread's CPU clock")
    parser.add_argument("--only", metavar="ROUTE", nargs="*", help="measure only these routes")
    arguments = parser.parse_args()
    if arguments.cpu:
        global CLOCK
        CLOCK = time.thread_time
    _set_up()
    if arguments.queries:
        show_queries(arguments.queries)
    elif arguments.profile:
        profile(arguments.profile, arguments.runs)
    else:
        measure(arguments.runs, arguments.only)


if __name__ == "__main__":
    main()

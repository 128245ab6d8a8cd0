"""Measure what toxfill promises to be fast at; print a Markdown block to paste into RESULTS.md.

    make bench        (or: .venv/bin/python bench/run.py)

Measured, not asserted: the numbers depend on the machine, so they are recorded with it.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOXFILL = Path(sys.executable).parent / "toxfill"


def timed(action: Callable[[], object], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return samples


def line(name: str, samples: list[float], unit: str = "ms") -> str:
    scale = 1000 if unit == "ms" else 1_000_000
    median = statistics.median(samples) * scale
    worst = max(samples) * scale
    return f"| {name} | {len(samples)} | {median:.2f} {unit} | {worst:.2f} {unit} |"


def main() -> None:
    from toxfill.compare import compare
    from toxfill.knowledge import load_knowledge

    rows = []
    rows.append(line("load and validate the knowledge base", timed(load_knowledge, 20)))
    kb = load_knowledge()
    options = list(kb.options)
    rows.append(line("compare 2 options", timed(lambda: compare(kb, options[:2]), 500), unit="µs"))
    rows.append(line("compare all 7 options", timed(lambda: compare(kb, options), 200)))

    from toxfill.decide import decide
    from toxfill.intake import parse_intake
    from toxfill.plan import make_plan, parse_plan_request
    from toxfill.triage import parse_report, triage

    intake = parse_intake(
        kb,
        {
            "age": 42,
            "concerns": ["crows-feet", "nasolabial-folds", "chronic-migraine"],
            "health": ["anticoagulant-or-antiplatelet", "allergy-cow-milk-protein"],
            "preferences": {"longevity": 2, "reversibility": 3, "low-yearly-cost": 1},
            "recent_treatments": [{"option": "botulinum-toxin", "date": "2026-10-01"}],
            "today": "2026-11-23",
        },
    )
    rows.append(
        line(
            "decide: 3 concerns, 2 health factors, 3 preferences",
            timed(lambda: decide(kb, intake), 200),
        )
    )
    request = parse_plan_request(
        kb,
        {
            "start": "2026-12-01",
            "horizon_months": 120,
            "treatments": [
                {"option": "botulinum-toxin", "concern": "glabellar-lines"},
                {"option": "ha-filler", "concern": "temple-hollows"},
                {"option": "plla-filler", "concern": "nasolabial-folds"},
            ],
        },
    )
    rows.append(
        line("plan: 3 treatments over 10 years", timed(lambda: make_plan(kb, request), 200))
    )
    report = parse_report(
        kb,
        {
            "treatment": "ha-filler",
            "days_since": 1,
            "symptoms": ["bruising", "swelling", "skin-blanching"],
        },
    )
    rows.append(line("triage: 3 symptoms", timed(lambda: triage(kb, report), 1000), unit="µs"))

    def cli() -> None:
        subprocess.run(
            [str(TOXFILL), "compare", "botulinum-toxin", "ha-filler", "--format", "json"],
            check=True,
            stdout=subprocess.DEVNULL,
        )

    rows.append(line("`toxfill compare` as a new process", timed(cli, 10)))

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.test import Client

    client = Client(HTTP_HOST="localhost")

    def fetch(url: str) -> None:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    fetch("/compare")  # warm: the knowledge base is loaded once per process
    rows.append(line("GET /compare (warm process)", timed(lambda: fetch("/compare"), 100)))
    api_compare = "/api/v1/compare?options=botulinum-toxin,ha-filler"
    rows.append(line("GET /api/v1/compare (warm process)", timed(lambda: fetch(api_compare), 100)))
    triage_page = (
        "/after-treatment/result?treatments=ha-filler&days_since=1&symptoms=skin-blanching"
    )
    rows.append(line("GET /after-treatment/result (warm)", timed(lambda: fetch(triage_page), 100)))
    plan_page = (
        "/plan/result?treatment=botulinum-toxin:glabellar-lines"
        "&treatment=ha-filler:nasolabial-folds&start=2026-12-01&horizon_months=24"
    )
    rows.append(line("GET /plan/result (warm)", timed(lambda: fetch(plan_page), 100)))

    print(f"## {dt.date.today().isoformat()} on {platform.node() or 'unknown host'}")
    print()
    print(
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )
    print()
    print("| what | runs | median | worst |")
    print("|---|---|---|---|")
    print("\n".join(rows))
    print()
    print("### Attack drills (bench/drills.py, `toxfill serve` as `make run` starts it)")
    print()
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import drills

    print("\n".join(drills.main()))


if __name__ == "__main__":
    main()

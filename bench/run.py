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


if __name__ == "__main__":
    main()

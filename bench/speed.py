"""Speed of the public side as ratios, the way issue 11 measured it (one noisy 2-core machine:
read ratios, not absolute times).

    .venv/bin/python bench/speed.py          (also run by `make bench`)
    .venv/bin/python bench/speed.py web      (only the parts named: cli, core, web)

1. CLI: each core command as a new process against an import-only baseline of the third-party
   modules that command loads, run A/B alternately; the ratio of medians (target <= 1.5).
2. Core, in process: p50 and p99 of compare, decide, plan and triage on small and on the largest
   valid inputs (target p99 <= 5 ms).
3. Web: requests per second of each public route through the real server (gunicorn, the same
   settings as `toxfill serve`) against a bare Django app that answers a constant JSON document
   under the same settings, in the same run, measured just before and just after each route;
   the ratio to their mean (target >= 0.5).

Prints a Markdown block for bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import http.client
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
CLI_RUNS = int(os.environ.get("BENCH_CLI_RUNS", "12"))
CORE_RUNS = int(os.environ.get("BENCH_CORE_RUNS", "400"))
WEB_SECONDS = float(os.environ.get("BENCH_WEB_SECONDS", "4"))
WEB_CLIENTS = int(os.environ.get("BENCH_WEB_CLIENTS", "8"))
TODAY = dt.date.today()


# --- 1. the command line -------------------------------------------------------------------

CLI_COMMANDS: dict[str, tuple[list[str], str | None]] = {
    "compare": (["compare", "botulinum-toxin", "ha-filler", "-f", "json"], None),
    "decide": (
        ["decide", "-", "-f", "json"],
        json.dumps({"age": 42, "concerns": ["crows-feet", "nasolabial-folds"]}),
    ),
    "plan": (
        ["plan", "-", "-f", "json"],
        json.dumps(
            {
                "start": TODAY.isoformat(),
                "horizon_months": 24,
                "treatments": [{"option": "botulinum-toxin", "concern": "glabellar-lines"}],
            }
        ),
    ),
    "triage": (
        ["triage", "-", "-f", "json"],
        json.dumps({"treatment": "ha-filler", "days_since": 1, "symptoms": ["bruising"]}),
    ),
}

# Run inside the child: the command, then the names of the third-party modules it loaded.
_RECORD_MODULES = """
import runpy, sys, atexit
def record():
    own = set(sys.stdlib_module_names) | {'toxfill', '__main__', '__mp_main__'}
    names = sorted(m for m in sys.modules if m.split('.')[0] not in own
                   and getattr(sys.modules[m], '__spec__', None) is not None)
    sys.stderr.write('MODULES ' + ' '.join(names) + '\\n')
atexit.register(record)
sys.argv = ['toxfill', *sys.argv[1:]]
runpy.run_module('toxfill.cli', run_name='__main__')
"""


def third_party_modules(args: list[str], stdin: str | None) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", _RECORD_MODULES, *args],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )
    line = next(x for x in done.stderr.splitlines() if x.startswith("MODULES "))
    return line.split()[1:]


def import_only(modules: list[str]) -> list[str]:
    """A process that imports exactly these modules (every submodule the command loaded, not
    just the top-level packages, which may import their parts lazily) and does nothing else."""
    script = (
        "import importlib\n"
        f"for name in {modules!r}:\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except Exception:\n"
        "        pass\n"
    )
    return [sys.executable, "-c", script]


def wall(command: list[str], stdin: str | None) -> float:
    start = time.perf_counter()
    subprocess.run(command, input=stdin, capture_output=True, text=True, check=True)
    return time.perf_counter() - start


def cli_rows() -> list[str]:
    rows = []
    for name, (args, stdin) in CLI_COMMANDS.items():
        modules = third_party_modules(args, stdin)
        baseline = import_only(modules)
        command = [str(BIN / "toxfill"), *args]
        wall(command, stdin)  # the first run may build the knowledge-base cache
        ours, theirs = [], []
        for _ in range(CLI_RUNS):
            ours.append(wall(command, stdin))
            theirs.append(wall(baseline, None))
        ratio = statistics.median(ours) / statistics.median(theirs)
        rows.append(
            f"| `toxfill {name}` | {statistics.median(ours) * 1000:.0f} ms | "
            f"{statistics.median(theirs) * 1000:.0f} ms ({len(modules)} modules) | "
            f"{ratio:.2f} | {'yes' if ratio <= 1.5 else '**no**'} |"
        )
    return rows


# --- 2. the core, in process ---------------------------------------------------------------


def percentiles(action: Callable[[], object], runs: int) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    samples.sort()
    return statistics.median(samples) * 1000, samples[int(len(samples) * 0.99) - 1] * 1000


def core_rows() -> list[str]:
    from toxfill.compare import compare
    from toxfill.decide import decide
    from toxfill.intake import parse_intake
    from toxfill.knowledge import bundled_knowledge
    from toxfill.plan import (
        MAX_HORIZON_MONTHS,
        MAX_TREATMENTS,
        approved_for,
        make_plan,
        parse_plan_request,
    )
    from toxfill.triage import parse_report, triage

    kb = bundled_knowledge()
    treatments = [o.id for o in kb.options.values() if o.administration.injected]
    cosmetic = [c for c in kb.concerns.values() if c.kind == "cosmetic"]
    every_pair = [
        {"option": option, "concern": concern.id}
        for concern in cosmetic
        for option in approved_for(kb, concern.id)
    ][:MAX_TREATMENTS]  # the largest valid request
    today = TODAY.isoformat()
    small_intake = parse_intake(kb, {"age": 42, "concerns": ["crows-feet"], "today": today})
    large_intake = parse_intake(
        kb,
        {
            "age": 42,
            "concerns": list(kb.concerns),
            "health": ["anticoagulant-or-antiplatelet"],
            "preferences": dict.fromkeys(kb.preferences, 3),
            "today": today,
        },
    )
    small_plan = parse_plan_request(
        kb,
        {
            "start": TODAY.isoformat(),
            "horizon_months": 12,
            "treatments": [{"option": "botulinum-toxin", "concern": "glabellar-lines"}],
        },
    )
    large_plan = parse_plan_request(
        kb,
        {
            "start": TODAY.isoformat(),
            "horizon_months": MAX_HORIZON_MONTHS,
            "treatments": every_pair,
        },
    )
    small_report = parse_report(
        kb, {"treatment": "ha-filler", "days_since": 1, "symptoms": ["bruising"]}
    )
    large_report = parse_report(
        kb,
        {
            "treatment": "botulinum-toxin",
            "other_treatments": treatments[1:],
            "days_since": 3,
            "symptoms": list(kb.symptoms),
        },
    )

    def cold_triage() -> object:
        """As the first request with this treatment, day and symptoms would see it."""
        kb._memo.clear()
        return triage(kb, small_report)

    cases: list[tuple[str, Callable[[], object]]] = [
        ("compare: 2 options", lambda: compare(kb, treatments[:2])),
        ("compare: every option", lambda: compare(kb, list(kb.options))),
        ("decide: 1 concern", lambda: decide(kb, small_intake)),
        ("decide: every concern, every preference", lambda: decide(kb, large_intake)),
        ("plan: 1 treatment, 12 months", lambda: make_plan(kb, small_plan)),
        (
            f"plan: every approved pair ({len(every_pair)}), {MAX_HORIZON_MONTHS} months",
            lambda: make_plan(kb, large_plan),
        ),
        ("triage: 1 symptom", lambda: triage(kb, small_report)),
        ("triage: 1 symptom, nothing kept from before", cold_triage),
        ("triage: every symptom, every treatment", lambda: triage(kb, large_report)),
    ]
    rows = []
    for name, action in cases:
        action()
        p50, p99 = percentiles(action, CORE_RUNS)
        rows.append(f"| {name} | {p50:.2f} ms | {p99:.2f} ms | {'yes' if p99 <= 5 else '**no**'} |")
    return rows


# --- 3. the web, through the real server ---------------------------------------------------

WEB_ROUTES = [
    "/",
    "/compare?options=botulinum-toxin&options=ha-filler",
    "/decide",
    "/after-treatment",
    "/api/v1/options",
    "/api/v1/compare?options=botulinum-toxin,ha-filler",
]

CEILING_APP = '''
"""A bare Django app answering one constant JSON document: the ceiling toxfill is measured by."""
from django.conf import settings
from django.core.asgi import get_asgi_application
from django.http import JsonResponse
from django.urls import path

settings.configure(
    DEBUG=False,
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    SECRET_KEY="bench-only",
    MIDDLEWARE=[],
)


def constant(request):
    return JsonResponse({"schema": "ceiling/1", "ok": True})


urlpatterns = [path("", constant)]
application = get_asgi_application()
'''


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def wait_until_up(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/", headers={"Host": "localhost"})
            connection.getresponse().read()
            return
        time.sleep(0.2)
    raise RuntimeError(f"the server on port {port} did not start")


@contextlib.contextmanager
def serving(command: list[str], port: int, env: dict[str, str]) -> Iterator[None]:
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=env["PWD"]
    )
    try:
        wait_until_up(port)
        yield
    finally:
        process.terminate()
        process.wait(timeout=30)


def throughput(port: int, path: str) -> float:
    """Requests per second over WEB_SECONDS from WEB_CLIENTS keep-alive clients."""
    stop = time.monotonic() + WEB_SECONDS
    counts = [0] * WEB_CLIENTS

    def client(index: int) -> None:
        connection = http.client.HTTPConnection(HOST, port, timeout=10)
        while time.monotonic() < stop:
            connection.request("GET", path, headers={"Host": "localhost"})
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"{path}: {response.status}")
            counts[index] += 1
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
                connection = http.client.HTTPConnection(HOST, port, timeout=10)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(WEB_CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / WEB_SECONDS


def gunicorn_command(app: str, port: int) -> list[str]:
    from toxfill.web.serve import gunicorn_arguments

    return [str(BIN / "gunicorn"), app, *gunicorn_arguments(HOST, port, workers=2)]


def web_rows() -> list[str]:
    """Both servers run at once; each route is measured between two runs of the ceiling and
    compared with their mean, so a load that comes and goes on a shared machine moves both
    sides of a ratio alike."""
    with tempfile.TemporaryDirectory() as work:
        env = {
            **os.environ,
            "TOXFILL_DATA_DIR": work,
            "TOXFILL_ALLOWED_HOSTS": "localhost,127.0.0.1",
            "TOXFILL_HTTPS": "0",  # plain http on loopback, as `make run` serves
            "PWD": work,
        }
        env.pop("DATABASE_URL", None)
        Path(work, "ceiling_app.py").write_text(CEILING_APP, encoding="utf-8")
        subprocess.run([str(BIN / "toxfill"), "serve", "--prepare-only"], env=env, check=True)
        ceiling_port, port = free_port(), free_port()
        ours = {**env, "DJANGO_SETTINGS_MODULE": "toxfill.web.settings"}
        rows, ceilings = [], []
        with (
            serving(gunicorn_command("ceiling_app:application", ceiling_port), ceiling_port, env),
            serving(gunicorn_command("toxfill.web.asgi:application", port), port, ours),
        ):
            throughput(ceiling_port, "/")  # warm
            before = throughput(ceiling_port, "/")
            ceilings.append(before)
            for path in WEB_ROUTES:
                throughput(port, path)  # warm
                rate = throughput(port, path)
                after = throughput(ceiling_port, "/")
                ceilings.append(after)
                ratio = rate / ((before + after) / 2)
                rows.append(
                    f"| `GET {path}` | {rate:.0f} | {(before + after) / 2:.0f} | {ratio:.2f} | "
                    f"{'yes' if ratio >= 0.5 else '**no**'} |"
                )
                before = after
        rows.insert(
            0,
            f"| bare Django, constant JSON (the ceiling), {len(ceilings)} runs | "
            f"{min(ceilings):.0f} to {max(ceilings):.0f} | | 1.00 | |",
        )
        return rows


PARTS = ("cli", "core", "web")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("parts", nargs="*", help=f"any of {', '.join(PARTS)} (default: all)")
    parts = parser.parse_args().parts or PARTS
    if unknown := set(parts) - set(PARTS):
        parser.error(f"unknown part {sorted(unknown)[0]!r}: give any of {', '.join(PARTS)}")
    os.chdir(ROOT)
    print(f"### {TODAY.isoformat()} speed on {platform.node() or 'unknown host'}")
    print()
    print(
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}, load average "
        + " ".join(f"{load:.2f}" for load in os.getloadavg())
    )
    if "cli" in parts:
        print()
        print("| command | median | import-only baseline | ratio | <= 1.5 |")
        print("|---|---|---|---|---|")
        print("\n".join(cli_rows()))
    if "core" in parts:
        print()
        print("| core call | p50 | p99 | p99 <= 5 ms |")
        print("|---|---|---|---|")
        print("\n".join(core_rows()))
    if "web" in parts:
        print()
        print(
            f"| route ({WEB_CLIENTS} clients, {WEB_SECONDS:.0f} s) | requests/s | "
            "ceiling around it | ratio | >= 0.5 |"
        )
        print("|---|---|---|---|---|")
        print("\n".join(web_rows()))
        print(f"\nload average after: {' '.join(f'{load:.2f}' for load in os.getloadavg())}")


if __name__ == "__main__":
    main()

"""A chain's clinic staff at a constant arrival rate against `toxfill serve`, driven by locust:
p50/p95/p99 per endpoint and per class (reads, writes, exports), errors, and the targets.

    # the 1M PostgreSQL chain (written once: toxfill synth --clinics 50 --sessions 1M --seed 1)
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/chain .venv/bin/python bench/load.py
    # SQLite: a chain kept in --data-dir (written there on the first run), at a chosen rate
    .venv/bin/python bench/load.py --data-dir /tmp/chain100k --clinics 5 --sessions 100k --rate 4
    # a short run on a small SQLite chain in a temporary folder (about 80 s)
    .venv/bin/python bench/load.py --short

Steps: migrate and, when the database holds no clinic, `toxfill synth`; bench/load/plan.py
signs the users in and prepares their charts; `toxfill serve` starts (TOXFILL_WORKER=0, plain
http on 127.0.0.1); locust runs bench/load/locustfile.py headless for one pacing interval
(users arrive, evenly spread over it: not measured) and then --duration seconds (measured).
Percentiles are of every measured request's own time (nearest rank), not locust's rounded
buckets. The load generator shares the machine with the server and the database.
Each run charts sessions and receives a lot into the chain it uses.

The rate 50 clinics generate (the default: 0.2 requests/s per clinic of the chain)
----------------------------------------------------------------------------------
The 1M chain is 50 clinics with 1,000,000 sessions over three years: 20,000 sessions a clinic,
6,700 a year. Open 6 days a week, 50 weeks (300 days), 9 hours a day (synth's sessions start
9:00 to 17:45): 22 sessions a day, 2.5 an hour; the busy hour at twice the mean, 5 an hour.
Staff signed in: synth gives a clinic 2 to 6 providers (4 on average), a front desk and a
manager: 6 people.

- By people: each of the 6 starts a request every 30 s while at work (a page read or a form
  filled in 30 s is a busy person, not an idle one): 0.2 requests/s a clinic; 50 clinics are
  300 users and 10 requests/s (36,000 an hour).
- By sessions: one visit costs about 20 requests (the front desk finds the patient and opens
  the record, 3; the injector opens the record and earlier sessions and charts, 6; the session
  page after, the due list and its follow-ups, 5; dashboards between patients, 6): 5 visits
  an hour make 100 requests, 0.03/s a clinic, 1.4/s for 50 clinics.

The load runs at the first, seven times the second: it also counts the browsing between
visits (due lists worked through, patients looked up on the phone). With the mix set at
70% reads, 20% writes and 10% exports, 10 requests/s is 2 charted sessions a second, 7,200
an hour against the chain's own 250 at its busy hour: writes are weighted about 30 times
what the chain's history implies. Targets: reads p95 <= 300 ms, writes p95 <= 500 ms,
exports p95 <= 1 s, no errors. Measured, not asserted (bench/RESULTS.md).
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import math
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
PER_CLINIC = 0.2  # requests a second a clinic sends at its busy hour (the docstring's)
MIX = {"read": 0.7, "write": 0.2, "export": 0.1}
TARGETS_MS = {"read": 300, "write": 500, "export": 1000}
SECRET = "load-bench-only-secret-key-" + "x" * 40


@dataclass(frozen=True)
class Sample:
    at: float
    name: str
    ms: float
    ok: bool

    @property
    def kind(self) -> str:
        return self.name.split(" ", 1)[0]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def python(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, *args], env=env, check=True, capture_output=True, text=True
    )
    return done.stdout


def clinics_held(env: dict[str, str]) -> int:
    python(env, "-m", "toxfill.web.manage", "migrate", "-v0")
    return int(python(env, str(HERE / "load" / "plan.py"), "-", "--count").strip())


def answers(port: int) -> bool:
    connection = http.client.HTTPConnection(HOST, port, timeout=5)
    try:
        connection.request("GET", "/clinic/sign-in/")
        return connection.getresponse().status == 200
    except (OSError, http.client.HTTPException):
        return False
    finally:
        connection.close()


@contextlib.contextmanager
def serving(env: dict[str, str], workers: int, log: Path) -> Iterator[tuple[int, int]]:
    port = free_port()
    with log.open("w") as out:
        process = subprocess.Popen(
            [str(BIN / "toxfill"), "serve", "--port", str(port), "--workers", str(workers)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 120
            while not answers(port):
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError(f"toxfill serve did not start: see {log}")
                time.sleep(0.5)
            yield port, process.pid
        finally:
            process.terminate()
            process.wait(timeout=30)


class LoadWatch(threading.Thread):
    """The machine's 1-minute load average every 5 s while the run lasts."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.seen: list[float] = [os.getloadavg()[0]]
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(5):
            self.seen.append(os.getloadavg()[0])


def cpu_seconds(pids: list[int]) -> float:
    """CPU time (user and system) the processes and their children have used so far."""
    import psutil  # locust's own dependency

    total = 0.0
    for pid in pids:
        with contextlib.suppress(psutil.NoSuchProcess):
            process = psutil.Process(pid)
            for each in [process, *process.children(recursive=True)]:
                with contextlib.suppress(psutil.NoSuchProcess):
                    times = each.cpu_times()
                    total += times.user + times.system
    return total


def database_backends(database_url: str) -> list[int]:
    """PostgreSQL's processes serving this database (their title names it); none for SQLite."""
    import psutil

    name = database_url.rsplit("/", 1)[-1].split("?")[0]
    if not name:
        return []
    return [
        p.pid
        for p in psutil.process_iter(["cmdline"])
        if f" {name} " in " ".join(p.info["cmdline"] or [])
        and p.info["cmdline"][0].startswith("postgres:")
    ]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)] if ordered else float("nan")


def read_samples(path: Path) -> list[Sample]:
    found = []
    for line in path.read_text().splitlines():
        if line.strip():
            at, name, ms, ok = line.split("\t")
            found.append(Sample(float(at), name, float(ms), ok == "1"))
    return found


def row(label: str, group: list[Sample], seconds: float) -> str:
    times = [s.ms for s in group]
    errors = sum(not s.ok for s in group)
    cells = " | ".join(f"{percentile(times, p):.0f}" for p in (0.5, 0.95, 0.99))
    return f"| {label} | {len(group)} | {len(group) / seconds:.2f} | {cells} | {errors} |"


def report(samples: list[Sample], offered: float, seconds: float) -> tuple[list[str], bool]:
    by_kind: dict[str, list[Sample]] = defaultdict(list)
    by_name: dict[str, list[Sample]] = defaultdict(list)
    for sample in samples:
        by_kind[sample.kind].append(sample)
        by_name[sample.name].append(sample)
    lines = [
        "| endpoint | requests | per s | p50 ms | p95 ms | p99 ms | errors |",
        "|---|---|---|---|---|---|---|",
        row("**all**", samples, seconds),
    ]
    verdicts, met = [], True
    for kind, target in TARGETS_MS.items():
        group = by_kind.get(kind, [])
        lines.append(row(f"**{kind}s**", group, seconds))
        lines.extend(
            row(name, by_name[name], seconds) for name in sorted(by_name) if name.startswith(kind)
        )
        p95 = percentile([s.ms for s in group], 0.95)
        holds = bool(group) and p95 <= target
        met &= holds
        verdicts.append(f"{kind}s p95 {p95:.0f} ms <= {target}: {'met' if holds else 'MISSED'}")
    errors = sum(not s.ok for s in samples)
    met &= errors == 0
    verdicts.append(f"errors {errors}: {'met' if errors == 0 else 'MISSED'}")
    achieved = len(samples) / seconds
    lines += [
        "",
        f"offered {offered:.2f} requests/s, achieved {achieved:.2f}/s over {seconds:.0f} s",
        "; ".join(verdicts),
        f"targets {'met' if met else 'NOT met'}",
    ]
    return lines, met


def failures(samples: list[Sample], path: Path) -> None:
    """locust's failure messages (its CSV), so a failed run says what failed."""
    if any(not s.ok for s in samples) and path.exists():
        print(path.read_text()[:3000])


def locust(port: int, users: int, offered: float, seconds: float, stats: Path) -> list[str]:
    """locust, headless: users arrive evenly over one pacing interval (spawn rate = the
    offered rate), then each keeps its pace until `seconds` have passed."""
    return [
        *(str(BIN / "locust"), "-f", str(HERE / "load" / "locustfile.py"), "--headless"),
        *("--host", f"http://{HOST}:{port}", "--users", str(users)),
        *("--spawn-rate", f"{offered:.3f}", "--run-time", f"{seconds:.0f}s"),
        *("--stop-timeout", "10", "--only-summary", "--loglevel", "WARNING"),
        *("--csv", str(stats), "--exit-code-on-error", "0"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--short", action="store_true", help="small SQLite chain, 40 s, 2/s")
    parser.add_argument("--rate", type=float, help="requests/s offered (default: 0.2 a clinic)")
    parser.add_argument(
        "--pacing", type=float, default=30, help="seconds between a user's requests"
    )
    parser.add_argument("--duration", type=float, default=180, help="seconds measured")
    parser.add_argument("--workers", type=int, default=2, help="toxfill serve --workers")
    parser.add_argument("--clinics", default="50", help="synth's --clinics for an empty database")
    parser.add_argument(
        "--sessions", default="100k", help="synth's --sessions for an empty database"
    )
    parser.add_argument(
        "--data-dir", help="the data folder (SQLite: the chain's); default: temporary"
    )
    parser.add_argument("--json", help="write the results here too")
    parser.add_argument("--keep", help="keep the plan, samples and logs in this folder")
    args = parser.parse_args()
    if args.short:
        args.clinics, args.sessions, args.rate, args.pacing, args.duration = "3", "3k", 2, 10, 40
        args.data_dir = None
    with tempfile.TemporaryDirectory(prefix="toxfill-load-") as scratch:
        kept = Path(args.keep or scratch)
        kept.mkdir(parents=True, exist_ok=True)
        run(args, Path(args.data_dir or scratch), kept)


def run(args: argparse.Namespace, data: Path, scratch: Path) -> None:
    data.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        TOXFILL_DATA_DIR=str(data),
        TOXFILL_SECRET_KEY=SECRET,
        TOXFILL_DEMO="0",
        TOXFILL_HTTPS="0",
        TOXFILL_WORKER="0",
        PYTHONPATH=os.pathsep.join(filter(None, [str(HERE.parent / "src"), env.get("PYTHONPATH")])),
    )
    database = env.get("DATABASE_URL", "") or f"SQLite in {data}"
    clinics = clinics_held(env)
    if clinics == 0:
        started = time.perf_counter()
        synth = ["--clinics", args.clinics, "--sessions", args.sessions, "--seed", "1"]
        print(python(env, "-m", "toxfill.cli", "synth", *synth).strip(), flush=True)
        print(f"  synth took {time.perf_counter() - started:.0f} s", flush=True)
        clinics = clinics_held(env)
    rate = args.rate or PER_CLINIC * clinics
    users = max(1, round(rate * args.pacing))
    offered = users / args.pacing
    warmup = args.pacing
    clinics_used = min(users, clinics)
    charts = math.ceil(2 * offered * MIX["write"] * (warmup + args.duration) / clinics_used) + 5
    plan = scratch / "plan.json"
    started = time.perf_counter()
    sizes = ["--users", str(users), "--charts-per-clinic", str(charts)]
    planned = python(env, str(HERE / "load" / "plan.py"), str(plan), *sizes)
    print(planned.strip().splitlines()[-1], flush=True)
    print(f"  plan took {time.perf_counter() - started:.0f} s", flush=True)
    samples_file, stats = scratch / "samples.tsv", scratch / "locust"
    watch = LoadWatch()
    with serving(env, args.workers, scratch / "serve.log") as (port, server):
        print(
            f"{database}: {clinics} clinics, {users} users every {args.pacing:g} s "
            f"({offered:.2f}/s), {args.workers} workers, {warmup:g} s + {args.duration:g} s",
            flush=True,
        )
        began = time.time()
        watch.start()
        command = locust(port, users, offered, warmup + args.duration, stats)
        load_env = {"LOAD_PLAN": str(plan), "LOAD_PACING": str(args.pacing)}
        with (scratch / "locust.log").open("w") as log:
            generator = subprocess.Popen(
                command,
                env={**env, **load_env, "LOAD_SAMPLES": str(samples_file)},
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            with contextlib.suppress(subprocess.TimeoutExpired):
                generator.wait(timeout=warmup)
            sides = {
                "server": [server],
                "database": database_backends(env.get("DATABASE_URL", "")),
                "locust": [generator.pid],
            }
            before = {side: cpu_seconds(pids) for side, pids in sides.items()}
            while generator.poll() is None:
                after = {side: cpu_seconds(pids) for side, pids in sides.items()}
                time.sleep(1)
            if generator.returncode != 0:
                raise RuntimeError(f"locust failed: see {scratch / 'locust.log'}")
        watch.stop.set()
    measured = [s for s in read_samples(samples_file) if s.at >= began + warmup]
    seconds = max((s.at for s in measured), default=began) - began - warmup
    lines, met = report(measured, offered, max(seconds, 1.0))
    lines.append(
        "CPU per request (ms): "
        + ", ".join(
            f"{side} {1000 * (after[side] - before[side]) / max(len(measured), 1):.0f}"
            for side in sides
        )
    )
    loads = f"{min(watch.seen):.1f}-{max(watch.seen):.1f}"
    print(f"load average (1 min) during the run: {loads}")
    print("\n".join(lines))
    failures(measured, Path(f"{stats}_failures.csv"))
    if args.json:
        result = {
            "database": database,
            "clinics": clinics,
            "users": users,
            "offered": offered,
            "duration": args.duration,
            "load_average": loads,
            "met": met,
            "table": lines,
        }
        Path(args.json).write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()

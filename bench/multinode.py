"""Multi-node drill: two `toxfill serve` nodes behind nginx, one PostgreSQL primary and its
streaming replica, Redis; one node is killed in the middle of the load and started again.

    .venv/bin/python bench/multinode.py --seconds 30       (as root; also run by `make bench`)

Needs root (PostgreSQL's tools run as the postgres user), Debian's PostgreSQL cluster on
127.0.0.1:5432, Debian's nginx (/usr/sbin/nginx) and Redis on 127.0.0.1:6379; without them it
prints one line saying what is missing. It uses the database `toxfill_multinode_drill` (made
anew) and Redis database 7 (emptied), and takes them, the replica, nginx, the nodes and its
pg_hba.conf line away when it ends, on failure too.

1. A streaming replica of the whole cluster (replica.py), applying changes 1 s late on purpose.
2. Node A (the reminder worker, TOXFILL_WORKER=1), then node B (TOXFILL_WORKER=0), each with
   DATABASE_URL, TOXFILL_REPLICA_URL and TOXFILL_REDIS_URL, and nginx in front of both
   (multinode_cluster.py).
3. The load (multinode_load.py) for --seconds: members registering patients with
   Idempotency-Keys and reading each back at once, and another member reading them. A
   quarter of the way in node A is killed (SIGKILL to its process group); halfway through it
   is started again.
4. The checks (multinode_checks.py): every acknowledged write is in the primary exactly once;
   each writer's read right after its write found it; the replica caught up; the sign-in
   lockout and the patient-link limit count once over both nodes; one reminder consumer.

Prints a Markdown block for bench/RESULTS.md. Measured, not asserted.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import platform
import queue
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# The drill's own modules, beside this file (on the path as the script's folder).
import multinode_checks as checks
from multinode_cluster import (
    ADMIN_URL,
    REDIS_URL,
    ConsumerWatch,
    Node,
    empty_redis,
    free_port,
    fresh_database,
    missing,
    nginx,
    watch_consumers,
)
from multinode_load import Member, Tally, observer, writer
from replica import streaming_replica

ROOT = Path(__file__).resolve().parent.parent
APPLY_DELAY_MS = 1000
STARTED = time.monotonic()


def say(what: str) -> None:
    """Progress, on standard error: the report alone goes to standard output."""
    print(f"[{time.monotonic() - STARTED:6.1f} s] {what}", file=sys.stderr, flush=True)


@dataclass
class Timeline:
    """Seconds from the start of the load."""

    seconds: float  # asked for
    killed_at: float = 0.0
    restarted_at: float = 0.0
    back_at: float = 0.0  # node A answering again
    ended_at: float = 0.0


def node_env(data: Path, primary: str, replica: str, secret: str, worker: bool) -> dict[str, str]:
    """What an operator sets on each node: the same database, replica, Redis and secret key;
    the reminder worker on one node only."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        TOXFILL_DATA_DIR=str(data),
        TOXFILL_SECRET_KEY=secret,
        TOXFILL_HTTPS="0",
        TOXFILL_TRUSTED_PROXIES="127.0.0.1",  # nginx
        DATABASE_URL=primary,
        TOXFILL_REPLICA_URL=replica,
        TOXFILL_REDIS_URL=REDIS_URL,
        TOXFILL_WORKER="1" if worker else "0",
    )
    return env


def run_load(
    proxy: int, nodes: list[Node], setup: checks.Setup, timeline: Timeline, tally: Tally
) -> None:
    """The load: node A is killed a quarter of the way in and started again halfway; the
    load goes on for a quarter of the time after it answers again, however long it took."""
    members = [Member(f"t{n}", token=token) for n, token in enumerate(setup.token_writers)]
    for n, username in enumerate(setup.desk_usernames):
        member = Member(f"s{n}")
        member.sign_in(proxy, username, checks.PASSWORD)
        members.append(member)
    stop = threading.Event()
    seen: queue.Queue[str] = queue.Queue()
    clients = [
        threading.Thread(target=writer, args=(proxy, m, setup.clinic, tally, seen, stop))
        for m in members
    ]
    reader = Member("observer", token=setup.observer_token)
    clients.append(
        threading.Thread(target=observer, args=(proxy, reader, setup.clinic, tally, seen, stop))
    )
    started = time.monotonic()

    def wait_until(second: float) -> None:
        time.sleep(max(0.0, second - (time.monotonic() - started)))

    for client in clients:
        client.start()
    try:
        wait_until(timeline.seconds / 4)
        tally.phase = "down"
        timeline.killed_at = time.monotonic() - started
        say("killing node A")
        nodes[0].kill()
        wait_until(timeline.seconds / 2)
        timeline.restarted_at = time.monotonic() - started
        say("starting node A again")
        nodes[0].start()
        nodes[0].wait_until_ready()
        tally.phase = "after"
        timeline.back_at = time.monotonic() - started
        say("node A answers again")
        wait_until(max(timeline.seconds, timeline.back_at + timeline.seconds / 4))
    finally:
        stop.set()
        for client in clients:
            client.join()
        timeline.ended_at = time.monotonic() - started


def drill(seconds: float) -> list[str]:
    load_before = os.getloadavg()
    timeline, tally, watch = Timeline(seconds), Tally(), ConsumerWatch()
    with contextlib.ExitStack() as cleanup:
        tmp = Path(cleanup.enter_context(tempfile.TemporaryDirectory(prefix="toxfill-nodes-")))
        cleanup.callback(keep_logs, tmp)
        cleanup.enter_context(empty_redis())
        primary = cleanup.enter_context(fresh_database())
        say("copying the cluster for the replica (pg_basebackup)")
        replica = cleanup.enter_context(streaming_replica(ADMIN_URL, free_port(), APPLY_DELAY_MS))
        secret = secrets.token_urlsafe(50)
        nodes = [
            Node(
                name,
                free_port(),
                node_env(tmp / name, primary, replica.url(checks.DATABASE), secret, worker),
                tmp / f"{name}.log",
            )
            for name, worker in (("A", True), ("B", False))
        ]
        for node in nodes:  # one after the other: the first migrates the new database
            cleanup.callback(node.stop)
            say(f"starting node {node.name}")
            node.start()
            node.wait_until_ready()
        stop_watching = threading.Event()
        watcher = threading.Thread(target=watch_consumers, args=(nodes, watch, stop_watching))
        watcher.start()
        cleanup.callback(watcher.join)
        cleanup.callback(stop_watching.set)
        proxy = cleanup.enter_context(nginx(tmp, nodes[0].port, nodes[1].port))
        setup = checks.prepare(node_env(tmp / "drill", primary, "", secret, worker=False))
        cleanup.callback(close_django)

        say(f"load for {seconds:.0f} s")
        run_load(proxy, nodes, setup, timeline, tally)
        load_after = os.getloadavg()
        say("checking")
        written, primary_count = checks.check_writes(setup, tally)
        results = [
            written,
            *checks.check_read_your_writes(tally),
            checks.check_replica(setup, replica, primary_count),
            checks.check_sign_in_lockout(nodes),
            checks.check_link_limit(nodes),
            *checks.check_reminders(setup, nodes, watch),
        ]
        return report(timeline, tally, results, replica.copy_seconds, (load_before, load_after))


def keep_logs(tmp: Path) -> None:
    """The nodes' and nginx's logs, kept after the drill's folder goes."""
    kept = Path(tempfile.mkdtemp(prefix="toxfill-drill-logs-"))
    for log in tmp.glob("*.log"):
        shutil.copy(log, kept)
    say(f"logs kept in {kept}")


def close_django() -> None:
    from django.db import connections

    connections.close_all()
    connections["default"].close_pool()


def lscpu_model() -> str:
    done = subprocess.run(["lscpu"], capture_output=True, text=True, check=False)
    for line in done.stdout.splitlines():
        if line.startswith("Model name:"):
            return line.split(":", 1)[1].strip()
    return platform.machine()


def git_commit() -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout

    commit = git("rev-parse", "--short", "HEAD").strip() or "unknown"
    return commit + (" with uncommitted changes" if git("status", "--porcelain").strip() else "")


def report(
    timeline: Timeline,
    tally: Tally,
    results: list[checks.Check],
    copy_seconds: float,
    loads: tuple[tuple[float, ...], tuple[float, ...]],
) -> list[str]:
    def load(figures: tuple[float, ...]) -> str:
        return "/".join(f"{f:.2f}" for f in figures)

    windows = {
        "before": f"both nodes, 0–{timeline.killed_at:.0f} s",
        "down": f"node A killed, until it answers again, {timeline.killed_at:.0f}–"
        f"{timeline.back_at:.0f} s",
        "after": f"both nodes again, {timeline.back_at:.0f}–{timeline.ended_at:.0f} s",
    }
    lines = [
        f"## {dt.date.today().isoformat()} on {platform.node()}: multi-node drill "
        "(bench/multinode.py), issue 20 item 5",
        "",
        f"{platform.machine()} ({lscpu_model()}), {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, commit {git_commit()}, load average (1/5/15 min) "
        f"{load(loads[0])} before, {load(loads[1])} after the load.",
        f"Two `toxfill serve` nodes (2 workers each) behind nginx; PostgreSQL 127.0.0.1:5432 and "
        f"a streaming replica of it (pg_basebackup of the whole cluster: {copy_seconds:.0f} s), "
        f"applying changes {APPLY_DELAY_MS / 1000:g} s late on purpose; Redis database 7. "
        f"{checks.WRITERS} members writing and reading back (half with a token, half with a "
        f"session) and one reading their patients, for {timeline.ended_at:.0f} s "
        f"(`--seconds {timeline.seconds:g}`); node A (the reminder worker) killed at "
        f"{timeline.killed_at:.1f} s, started again at {timeline.restarted_at:.1f} s, answering "
        f"at {timeline.back_at:.1f} s.",
        "",
        "| window | requests | errors (no answer, 5xx) | other statuses |",
        "|---|---|---|---|",
    ]
    for phase, label in windows.items():
        lines.append(
            f"| {label} | {tally.requests[phase]} | {tally.errors[phase]} | "
            f"{tally.unexpected[phase]} |"
        )
    if tally.detail:
        lines += [
            "",
            "Errors and other statuses: " + ", ".join(f"{k}: {n}" for k, n in tally.detail.items()),
        ]
    lines += ["", "| check | held | detail |", "|---|---|---|", *(r.row() for r in results)]
    return lines


def main(argv: list[str] | None = None) -> list[str]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60, help="how long the load runs")
    arguments = parser.parse_args(argv)
    if reason := missing():
        return [f"multi-node drill: skipped ({reason})"]

    def stop(number: int, frame: Any) -> None:
        raise SystemExit(f"stopped by signal {number}")  # the clean-up still runs

    signal.signal(signal.SIGTERM, stop)
    return drill(arguments.seconds)


if __name__ == "__main__":
    print("\n".join(main()))

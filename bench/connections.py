"""Connections drill: many visitors at once against `toxfill serve` on PostgreSQL.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/connections.py

Each run gets a fresh database on the server DATABASE_URL names, starts `toxfill serve` with
two workers on it, and sends USERS visitors at once, each asking again as soon as answered, for
SECONDS: a page that reads the database (a clinic's published keys; an unknown clinic, so a
404 after the query). Meanwhile the server's connections to that database are counted
(pg_stat_activity). Printed: answers, server errors (5xx or no answer), and the most
connections seen, for the pool as configured and with the pool off (TOXFILL_DB_POOL_SIZE=0).
`BEFORE_SRC=<a checkout's src>` adds a run of that code as it was shipped, for a before/after.

Measured, not asserted; skipped (one line) when DATABASE_URL is not PostgreSQL.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

TOXFILL = Path(sys.executable).parent / "toxfill"
HOST = "127.0.0.1"
USERS = int(os.environ.get("DRILL_USERS", "200"))
SECONDS = float(os.environ.get("DRILL_SECONDS", "15"))
WORKERS = 2


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


@contextlib.contextmanager
def fresh_database(url: str) -> Iterator[str]:
    import psycopg

    name = f"toxfill_drill_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = with_database(url, "postgres")
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def server(database_url: str, env_extra: dict[str, str]) -> Iterator[int]:
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="toxfill-drill-") as data:
        env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
        env.update(
            TOXFILL_DATA_DIR=data,
            TOXFILL_HTTPS="0",
            TOXFILL_WORKER="0",
            DATABASE_URL=database_url,
            **env_extra,
        )
        process = subprocess.Popen(
            [str(TOXFILL), "serve", "--port", str(port), "--workers", str(WORKERS)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = (
                time.monotonic() + 300
            )  # a first start migrates; a busy machine takes minutes
            while ask(port) == 0:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("toxfill serve did not start")
                time.sleep(0.3)
            yield port
        finally:
            process.terminate()
            process.wait(timeout=30)


def ask(port: int) -> int:
    """One visitor's request; its status, or 0 when there was no answer."""
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request("GET", f"/clinics/{uuid.uuid4()}/.well-known/jwks.json")
        response = connection.getresponse()
        response.read()
        return response.status
    except OSError:
        return 0
    finally:
        connection.close()


def count_connections(admin_url: str, name: str, stop: threading.Event, most: list[int]) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        while not stop.wait(0.1):
            row = connection.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s", (name,)
            ).fetchone()
            most[0] = max(most[0], int(row[0]) if row else 0)


def drill(url: str, label: str, env_extra: dict[str, str]) -> str:
    with fresh_database(url) as name, server(with_database(url, name), env_extra) as port:
        statuses: Counter[int] = Counter()
        lock = threading.Lock()
        stop = threading.Event()
        most = [0]

        def visitor() -> None:
            while not stop.is_set():
                status = ask(port)
                with lock:
                    statuses[status] += 1

        counter = threading.Thread(
            target=count_connections, args=(with_database(url, "postgres"), name, stop, most)
        )
        counter.start()
        visitors = [threading.Thread(target=visitor) for _ in range(USERS)]
        for thread in visitors:
            thread.start()
        time.sleep(SECONDS)
        stop.set()
        for thread in visitors:
            thread.join()
        counter.join()
    errors = sum(n for status, n in statuses.items() if status == 0 or status >= 500)
    answered = sum(statuses.values())
    holds = "yes" if errors == 0 else "**no**"
    return f"| {label} | {answered} | {errors} | {most[0]} | {holds} |"


def main() -> list[str]:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return ["connections drill: skipped (DATABASE_URL is not PostgreSQL)"]
    lines = [
        f"{USERS} visitors at once for {SECONDS:.0f} s, {WORKERS} workers, "
        "GET /clinics/<unknown>/.well-known/jwks.json (one query, then 404):",
        "",
        "| server | answers | server errors | most connections | no errors |",
        "|---|---|---|---|---|",
    ]
    pool = os.environ.get("TOXFILL_DB_POOL_SIZE", "4")
    lines.append(drill(url, f"pool of {pool} per worker", {"TOXFILL_DB_POOL_SIZE": pool}))
    lines.append(drill(url, "no pool (one connection a request)", {"TOXFILL_DB_POOL_SIZE": "0"}))
    if before := os.environ.get("BEFORE_SRC"):
        lines.append(drill(url, f"as shipped before ({before})", {"PYTHONPATH": before}))
    return lines


if __name__ == "__main__":
    print("\n".join(main()))

"""How fast `toxfill synth` writes a chain: 50 clinics, 100,000 sessions, on SQLite and (when
DATABASE_URL names a PostgreSQL server) on PostgreSQL, each into a fresh database.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/synth.py

On PostgreSQL it makes the database `toxfill_synth_bench` anew on that server. Each run is
`toxfill synth` itself, after a `migrate`; it prints the command's own line (rows, seconds,
rows a second: generation and writing together, the migration not counted). Measured, not
asserted. Not in `make bench`: it takes minutes.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from urllib.parse import urlsplit, urlunsplit

DATABASE = "toxfill_synth_bench"


def _run(label: str, env: dict[str, str], clinics: int, sessions: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "toxfill.web.manage", "migrate", "-v0"], check=True, env=env
    )
    started = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "toxfill.cli",
            "synth",
            "--clinics",
            str(clinics),
            "--sessions",
            sessions,
            "--seed",
            "1",
        ],
        check=True,
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    print(f"{label}: {done.stdout.strip()}; the command took {seconds:.1f} s", flush=True)


def _fresh_postgresql(server: str) -> str:
    import psycopg

    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
        admin.execute(f"CREATE DATABASE {DATABASE}")
    return urlunsplit(urlsplit(server)._replace(path=f"/{DATABASE}"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clinics", type=int, default=50)
    parser.add_argument("--sessions", default="100k")
    args = parser.parse_args()
    base = {**os.environ, "TOXFILL_SECRET_KEY": "bench-only-secret-key-" + "x" * 30}
    server = os.environ.get("DATABASE_URL", "")
    with tempfile.TemporaryDirectory(prefix="toxfill-synth-") as data:
        sqlite = {k: v for k, v in base.items() if k != "DATABASE_URL"}
        _run("SQLite", {**sqlite, "TOXFILL_DATA_DIR": data}, args.clinics, args.sessions)
    if not server.startswith(("postgres://", "postgresql://")):
        print("PostgreSQL: skipped (DATABASE_URL is not a PostgreSQL server)")
        return
    with tempfile.TemporaryDirectory(prefix="toxfill-synth-") as data:
        env = {**base, "TOXFILL_DATA_DIR": data, "DATABASE_URL": _fresh_postgresql(server)}
        _run("PostgreSQL", env, args.clinics, args.sessions)


if __name__ == "__main__":
    main()

"""The crash drill: kill -9 `toxfill serve` in the middle of 1,000 concurrent clinic API writes,
start it again, and check that the database is whole and that every write answered 2xx is in it;
then retry every write with its Idempotency-Key and check that none is made twice.

    .venv/bin/python bench/crash_drill.py [--rounds 20] [--writes 1000] [--clients 16]

SQLite in a fresh data dir by default; PostgreSQL when DATABASE_URL names a server (the drill
makes its own database there, bak_crash_drill, and drops it first). Prints a Markdown table and
appends it to bench/RESULTS.md. Measured and recorded, not asserted: a lost or doubled write
is a row that says so, and the exit status is 1.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

TOXFILL = Path(sys.executable).parent / "toxfill"
HOST = "127.0.0.1"
RESULTS = Path(__file__).with_name("RESULTS.md")
DRILL_DATABASE = "bak_crash_drill"
RETRIES = 5  # a client's attempts at one key after the restart

# A clinic, its front desk's read-write token: printed as JSON by a Django process.
SET_UP = """
import json, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toxfill.web.settings")
import django
django.setup()
from django.contrib.auth.models import User
from toxfill.web.clinic.actions.clinics import open_clinic
from toxfill.web.clinic.actions.invitations import accept_invitation, invite_member
from toxfill.web.clinic.actions.tokens import create_token
founder = User.objects.create_user("drill-manager", password=os.urandom(16).hex())
manager = open_clinic(founder, name="Crash drill clinic", time_zone="UTC")
invitation = invite_member(
    manager, username="drill-desk", role="front-desk", password=os.urandom(16).hex()
)
desk = User.objects.get(username="drill-desk")
accept_invitation(desk, invitation.public_id)
_, secret = create_token(desk, name="crash drill", scope="read-write")
print(json.dumps({"clinic": str(manager.clinic.public_id), "token": secret}))
"""


@dataclass
class Round:
    number: int
    acknowledged: int = 0
    unanswered: int = 0
    refused: int = 0
    whole: str = "?"
    missing: int = 0
    saved_unanswered: int = 0
    after_retry: int = 0
    doubled: int = 0
    restart_s: float = 0.0

    def row(self) -> str:
        lost = "**yes**" if self.missing else "no"
        return (
            f"| {self.number} | {self.acknowledged} | {self.unanswered} | {self.refused} | "
            f"{self.whole} | {self.missing} ({lost}) | {self.saved_unanswered} | "
            f"{self.after_retry} | {self.doubled} | "
            f"{self.restart_s:.1f} s |"
        )


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


class Server:
    """`toxfill serve` in its own process group, so that kill -9 reaches gunicorn's workers."""

    def __init__(self, env: Mapping[str, str]) -> None:
        self.env, self.port = dict(env), free_port()
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> float:
        began = time.monotonic()
        self.process = subprocess.Popen(
            [str(TOXFILL), "serve", "--port", str(self.port)],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = began + 240
        while time.monotonic() < deadline:
            try:
                connection = http.client.HTTPConnection(HOST, self.port, timeout=2)
                connection.request("GET", "/api/v1/options")
                if connection.getresponse().status == 200:
                    return time.monotonic() - began
            except OSError:
                pass
            if self.process.poll() is not None:
                raise RuntimeError("toxfill serve stopped while starting")
            time.sleep(0.1)
        raise RuntimeError("toxfill serve did not answer in 240 s")

    def kill(self) -> None:
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()


def post(port: int, token: str, clinic: str, key: str) -> tuple[int, str | None]:
    """Register a patient under `key`: (status, the patient's id), or (0, None) unanswered."""
    body = json.dumps(
        {"given_name": "Crash", "family_name": "Drill", "date_of_birth": "1980-01-01"}
    )
    headers = {
        "Authorization": f"Bearer {token}",
        "Content-Type": "application/json",
        "Idempotency-Key": key,
    }
    try:
        connection = http.client.HTTPConnection(HOST, port, timeout=60)
        connection.request("POST", f"/api/v1/clinic/{clinic}/patients", body, headers)
        response = connection.getresponse()
        answer = response.read()
    except (OSError, http.client.HTTPException):
        return 0, None
    if 200 <= response.status < 300:
        return response.status, str(json.loads(answer)["id"])
    if os.environ.get("CRASH_DRILL_DEBUG"):
        print(response.status, answer[:300], file=sys.stderr)
    return response.status, None


def post_until_answered(port: int, token: str, clinic: str, key: str) -> tuple[int, str | None]:
    """`post` as a client that honours 503 (the database was busy: Retry-After) and a dropped
    connection: the same key again, up to five times, a second more each time."""
    for attempt in range(1, RETRIES + 1):
        status, pid = post(port, token, clinic, key)
        if status not in (0, 503) or attempt == RETRIES:
            return status, pid
        time.sleep(attempt)
    raise AssertionError("unreachable")


class Database:
    """The drill's database, read directly (not through the server)."""

    def __init__(self, url: str | None, data_dir: Path) -> None:
        self.url, self.sqlite = url, data_dir / "toxfill.sqlite3"

    def _rows(self, sql: str) -> list[tuple[object, ...]]:
        if self.url:
            import psycopg

            with psycopg.connect(self.url) as conn:
                return list(conn.execute(sql).fetchall())
        lite = sqlite3.connect(self.sqlite, timeout=60)
        try:
            return lite.execute(sql).fetchall()
        finally:
            lite.close()

    def whole(self) -> str:
        """SQLite's own integrity check; on PostgreSQL every patient row and index read back."""
        if self.url:
            self._rows("SELECT count(*), count(DISTINCT public_id) FROM clinic_patient")
            self._rows("SELECT count(*) FROM clinic_idempotentrequest")
            return "read back"
        result = self._rows("PRAGMA integrity_check")
        return "ok" if result == [("ok",)] else f"**{result[0][0]}**"

    def patients(self) -> list[str]:
        return [
            str(uuid.UUID(str(r[0]))) for r in self._rows("SELECT public_id FROM clinic_patient")
        ]


def one_round(
    number: int, server: Server, db: Database, who: dict[str, str], args: argparse.Namespace
) -> Round:
    result = Round(number)
    keys = [f"drill-{number}-{n}" for n in range(args.writes)]
    answers: dict[str, tuple[int, str | None]] = {}
    lock = threading.Lock()
    baseline = len(db.patients())
    kill_after = random.randint(args.writes // 10, args.writes * 6 // 10)  # acknowledged writes

    def send(key: str) -> None:
        answer = post(server.port, who["token"], who["clinic"], key)
        with lock:
            answers[key] = answer
            acknowledged = sum(1 for status, _ in answers.values() if 200 <= status < 300)
        if acknowledged == kill_after and server.process and server.process.poll() is None:
            server.kill()

    with ThreadPoolExecutor(args.clients) as pool:
        list(pool.map(send, keys))
    if server.process and server.process.poll() is None:  # every write answered first
        server.kill()
    acknowledged = {k: pid for k, (status, pid) in answers.items() if 200 <= status < 300}
    result.acknowledged = len(acknowledged)
    result.unanswered = sum(1 for status, _ in answers.values() if status == 0)
    result.refused = len(answers) - result.acknowledged - result.unanswered
    result.whole = db.whole()  # after kill -9, before the restart touches anything
    result.restart_s = server.start()
    present = set(db.patients())
    result.missing = sum(1 for pid in acknowledged.values() if pid not in present)
    # written and committed, but the answer died with the server: what a retry must not repeat
    result.saved_unanswered = len(present) - baseline - (len(acknowledged) - result.missing)
    # every write again with its key: the acknowledged ones must come back as they were
    with ThreadPoolExecutor(args.clients) as pool:
        again = dict(
            zip(
                keys,
                pool.map(
                    lambda k: post_until_answered(server.port, who["token"], who["clinic"], k),
                    keys,
                ),
                strict=True,
            )
        )
    result.after_retry = sum(1 for status, _ in again.values() if 200 <= status < 300)
    # an acknowledged write answered again with another patient: the retry wrote a second one
    changed = sum(
        1 for k, pid in acknowledged.items() if 200 <= again[k][0] < 300 and again[k][1] != pid
    )
    # each key is one patient: more patients than keys is a write done twice
    result.doubled = changed + max(0, len(db.patients()) - baseline - args.writes)
    return result


def drill_env(data_dir: Path) -> tuple[dict[str, str], str | None]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "TOXFILL_SECRET_KEY"}
    }
    env.update(
        TOXFILL_DATA_DIR=str(data_dir), TOXFILL_HTTPS="0", TOXFILL_DEMO="0", TOXFILL_WORKER="0"
    )
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        env.pop("DATABASE_URL", None)
        return env, None
    import psycopg

    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DRILL_DATABASE}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DRILL_DATABASE}"')
    env["DATABASE_URL"] = urlunsplit(urlsplit(url)._replace(path=f"/{DRILL_DATABASE}"))
    return env, env["DATABASE_URL"]


def machine() -> str:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parent,
    ).stdout.strip()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"Linux {platform.release()}, commit {commit or '?'}, load average {load} at the start"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--writes", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=16)
    args = parser.parse_args()
    about = machine()
    with tempfile.TemporaryDirectory(prefix="toxfill-crash-") as folder:
        data_dir = Path(folder) / "data"
        env, url = drill_env(data_dir)
        subprocess.run(
            [str(TOXFILL), "serve", "--prepare-only"], env=env, check=True, capture_output=True
        )
        made = subprocess.run(
            [sys.executable, "-c", SET_UP], env=env, check=True, capture_output=True, text=True
        )
        who = json.loads(made.stdout.strip().splitlines()[-1])
        server, db = Server(env), Database(url, data_dir)
        server.start()
        rounds = []
        try:
            for number in range(1, args.rounds + 1):
                rounds.append(one_round(number, server, db, who, args))
                print(rounds[-1].row(), flush=True)
        finally:
            if server.process and server.process.poll() is None:
                server.kill()
    engine = "PostgreSQL" if url else "SQLite"
    lines = [
        f"## {datetime.now(UTC):%Y-%m-%d} on {platform.node()}: crash drill, {engine} "
        "(bench/crash_drill.py)",
        "",
        about + ".",
        f"{args.rounds} rounds of {args.writes} patient registrations from {args.clients} clients, "
        "each with its own Idempotency-Key; kill -9 of gunicorn and its 2 workers after a random "
        "10-60 % of the writes were acknowledged; restart; then every write sent again with "
        "its key (a 503 or a dropped connection retried up to five times, as a client "
        "honouring Retry-After does).",
        "",
        "| round | acknowledged (2xx) | unanswered | refused | database whole "
        "| acknowledged but missing | saved, answer lost | 2xx on retry | done twice | restart |",
        "|---|---|---|---|---|---|---|---|---|---|",
        *(r.row() for r in rounds),
        "",
        f"- In all: {sum(r.acknowledged for r in rounds)} writes acknowledged, "
        f"{sum(r.missing for r in rounds)} of them missing after the crash, "
        f"{sum(r.saved_unanswered for r in rounds)} saved but never answered (each retried "
        f"with its key), {sum(r.doubled for r in rounds)} done twice after the retry.",
        "",
    ]
    print("\n".join(lines))
    with RESULTS.open("a", encoding="utf-8") as results:
        results.write("\n" + "\n".join(lines))
    bad = any(r.missing or r.doubled or r.whole not in ("ok", "read back") for r in rounds)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

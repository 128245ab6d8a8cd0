"""A PostgreSQL streaming replica of the local cluster, for the multi-node drill (multinode.py).

Debian's packages, run as root: the primary is the cluster on 127.0.0.1:5432; its replica is
a second cluster made with `pg_basebackup -R` (which writes `standby.signal` and the
`primary_conninfo` to stream from) into a temporary folder owned by the postgres user, and
started with `pg_ctl` as that user on another port, listening on 127.0.0.1 only.

The primary must let the postgres user open a replication connection from 127.0.0.1. A
pg_hba.conf line for `all` databases does not cover replication, so when none does, one line
is added (marked, trust from 127.0.0.1 only) and the configuration reloaded; it is taken out
again when the drill ends, as everything else is, on failure too. A drill that was killed
outright leaves its line and its replica behind: the next run removes both first.

The replica may be made to apply what it receives late (`recovery_min_apply_delay`), so that
reading it instead of the primary is visible: a read of a row just written misses it.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg

MARK = "# toxfill-multinode-drill"
PREFIX = "toxfill-multinode-"
HBA_LINE = f"host replication postgres 127.0.0.1/32 trust {MARK}\n"
# A hot standby refuses to start with less of these than its primary has.
COPIED_FROM_PRIMARY = (
    "max_connections",
    "max_worker_processes",
    "max_wal_senders",
    "max_prepared_transactions",
    "max_locks_per_transaction",
)


@dataclass(frozen=True)
class Replica:
    port: int
    folder: Path
    copy_seconds: float  # pg_basebackup's time: the whole cluster, every database on it

    def url(self, database: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"


def _as_postgres(*command: str, timeout: float = 600) -> None:
    subprocess.run(["runuser", "-u", "postgres", "--", *command], check=True, timeout=timeout)


def _bin(admin: psycopg.Connection[tuple[object, ...]], tool: str) -> str:
    version = int(str(admin.execute("SHOW server_version_num").fetchone()[0]))  # type: ignore[index]
    return f"/usr/lib/postgresql/{version // 10000}/bin/{tool}"


def _replication_answers() -> bool:
    try:
        with psycopg.connect(
            "host=127.0.0.1 port=5432 user=postgres dbname=postgres replication=true "
            "connect_timeout=3"
        ):
            return True
    except psycopg.OperationalError:
        return False


def _reload(admin: psycopg.Connection[tuple[object, ...]]) -> None:
    admin.execute("SELECT pg_reload_conf()")
    errors = admin.execute("SELECT error FROM pg_hba_file_rules WHERE error IS NOT NULL")
    if found := errors.fetchall():
        raise RuntimeError(f"the primary's pg_hba.conf has errors: {found}")


def _remove_mark(hba: Path) -> bool:
    lines = hba.read_text().splitlines(keepends=True)
    kept = [line for line in lines if MARK not in line]
    if kept != lines:
        hba.write_text("".join(kept))
    return kept != lines


@contextlib.contextmanager
def replication_allowed(admin: psycopg.Connection[tuple[object, ...]]) -> Iterator[None]:
    """The primary lets postgres replicate from 127.0.0.1 while inside: added when needed."""
    hba = Path(str(admin.execute("SHOW hba_file").fetchone()[0]))  # type: ignore[index]
    if _remove_mark(hba):  # left by a drill that was killed
        _reload(admin)
    if _replication_answers():
        yield
        return
    with hba.open("a") as rules:
        rules.write(HBA_LINE)
    try:
        _reload(admin)
        deadline = time.monotonic() + 10
        while not _replication_answers():
            if time.monotonic() > deadline:
                raise RuntimeError("the primary still refuses replication from 127.0.0.1")
            time.sleep(0.2)
        yield
    finally:
        _remove_mark(hba)
        _reload(admin)


def _stop(pg_ctl: str, data: Path) -> None:
    if (data / "postmaster.pid").exists():
        _as_postgres(pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop", timeout=60)


def remove_leftovers(admin: psycopg.Connection[tuple[object, ...]]) -> None:
    """Replicas a killed drill left running in the temporary folder."""
    pg_ctl = _bin(admin, "pg_ctl")
    for folder in glob.glob(os.path.join(tempfile.gettempdir(), PREFIX + "*")):
        with contextlib.suppress(subprocess.CalledProcessError):
            _stop(pg_ctl, Path(folder) / "data")
        shutil.rmtree(folder, ignore_errors=True)


def _configure(
    admin: psycopg.Connection[tuple[object, ...]], folder: Path, port: int, delay_ms: int
) -> None:
    """Debian keeps a cluster's configuration in /etc, so the copy has none of its own."""
    data = folder / "data"
    copied = {
        name: admin.execute(f"SHOW {name}").fetchone()[0]  # type: ignore[index]
        for name in COPIED_FROM_PRIMARY
    }
    settings = {
        "port": port,
        "listen_addresses": "'127.0.0.1'",
        "unix_socket_directories": f"'{folder}'",
        "hot_standby": "on",
        "recovery_min_apply_delay": f"'{delay_ms}ms'",
        "shared_buffers": "'32MB'",
        "fsync": "off",  # a drill's copy: nothing to keep if the machine stops
        **copied,
    }
    text = "".join(f"{name} = {value}\n" for name, value in settings.items())
    (data / "postgresql.conf").write_text(text)
    (data / "pg_hba.conf").write_text("local all all trust\nhost all all 127.0.0.1/32 trust\n")
    (data / "pg_ident.conf").write_text("")
    for name in ("postgresql.conf", "pg_hba.conf", "pg_ident.conf"):
        shutil.chown(data / name, "postgres", "postgres")


@contextlib.contextmanager
def streaming_replica(admin_url: str, port: int, delay_ms: int) -> Iterator[Replica]:
    """A hot standby of the primary at `admin_url` on 127.0.0.1:`port`, streaming from it and
    applying each transaction `delay_ms` late; stopped and deleted on the way out."""
    with contextlib.ExitStack() as cleanup:
        admin = cleanup.enter_context(psycopg.connect(admin_url, autocommit=True))
        remove_leftovers(admin)
        cleanup.enter_context(replication_allowed(admin))
        folder = Path(tempfile.mkdtemp(prefix=PREFIX))
        cleanup.callback(shutil.rmtree, folder, True)
        shutil.chown(folder, "postgres", "postgres")
        data = folder / "data"
        started = time.monotonic()
        _as_postgres(
            _bin(admin, "pg_basebackup"),
            *("-h", "127.0.0.1", "-p", "5432", "-U", "postgres", "-D", str(data)),
            *("-R", "-X", "stream", "-c", "fast", "--no-sync"),
        )
        copy_seconds = time.monotonic() - started
        _configure(admin, folder, port, delay_ms)
        pg_ctl = _bin(admin, "pg_ctl")
        cleanup.callback(_stop, pg_ctl, data)
        log = str(folder / "replica.log")
        _as_postgres(pg_ctl, "-D", str(data), "-l", log, "-w", "-t", "120", "start", timeout=150)
        replica = Replica(port, folder, copy_seconds)
        with psycopg.connect(replica.url("postgres"), autocommit=True) as standby:
            in_recovery = standby.execute("SELECT pg_is_in_recovery()").fetchone()
            if not in_recovery or not in_recovery[0]:
                raise RuntimeError("the copy started as a primary, not as a standby")
        yield replica


def replica_lag(replica: Replica) -> float:
    """Seconds behind, as toxfill's router measures it (toxfill.web.db_router.LAG)."""
    from toxfill.web.db_router import LAG

    with psycopg.connect(replica.url("postgres"), autocommit=True) as standby:
        row = standby.execute(LAG).fetchone()
    return float(row[0]) if row is not None and row[0] is not None else 0.0

"""PostgreSQL: pg_dump (custom format) of one exported snapshot, the row counts and checksums
of that same snapshot, and pg_restore into an empty database."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from toxfill.web.backup import BackupError

TableSums = dict[str, dict[str, object]]

# Row text that does not depend on the session: times in UTC, ISO dates, exact floats.
_CANONICAL_SESSION = "SET TIME ZONE 'UTC'; SET DateStyle = 'ISO, YMD'; SET extra_float_digits = 1"
_INTEGER_TYPES = {"int2", "int4", "int8"}


@contextmanager
def _connect(url: str, shown: str) -> Iterator[psycopg.Connection]:
    try:
        conn = psycopg.connect(url, connect_timeout=10)
    except psycopg.Error as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise BackupError(
            f"could not connect to {shown}: {first_line} (check DATABASE_URL or --database-url; "
            "a restore needs the database created first, e.g. with createdb)"
        ) from None
    try:
        yield conn
    finally:
        conn.close()


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} is not installed or not on PATH: install PostgreSQL's client programs "
            "(Debian/Ubuntu: postgresql-client) of the server's major version or newer"
        )
    return path


@contextmanager
def _libpq_target(url: str) -> Iterator[tuple[str, dict[str, str]]]:
    """The connection string for pg_dump or pg_restore without its password, and the
    environment that gives it one: a command line is readable by every user of the machine
    (ps), so the password goes in a password file only this user can read, removed after."""
    params = conninfo_to_dict(url)
    password = params.pop("password", None)
    env = dict(os.environ)
    if password is None:
        yield make_conninfo("", **params), env
        return
    escaped = str(password).replace("\\", "\\\\").replace(":", "\\:")
    with tempfile.TemporaryDirectory(prefix="toxfill-pgpass-") as folder:
        passfile = Path(folder) / "pgpass"
        passfile.touch(mode=0o600)
        passfile.write_text(f"*:*:*:*:{escaped}\n", encoding="utf-8")
        env.pop("PGPASSWORD", None)
        env["PGPASSFILE"] = str(passfile)
        yield make_conninfo("", **params), env


def _check_version(tool: str, conn: psycopg.Connection) -> None:
    """pg_dump and pg_restore refuse a server newer than themselves; say so before they do."""
    output = subprocess.run([tool, "--version"], capture_output=True, text=True).stdout
    match = re.search(r"(\d+)(?:\.(\d+))?", output)
    server_major = conn.info.server_version // 10000
    if match and int(match.group(1)) < server_major:
        raise BackupError(
            f"{Path(tool).name} is version {match.group(1)} but the server is PostgreSQL "
            f"{server_major}: install the client programs of version {server_major} or newer"
        )


def _tables(conn: psycopg.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
        'ORDER BY tablename COLLATE "C"'
    ).fetchall()
    return [name for (name,) in rows]


def _order(conn: psycopg.Connection, table: str) -> str:
    """An integer primary key where there is one (its index reads in order); else the row's
    text in byte order, which is the same on every server whatever its collation."""
    keys = conn.execute(
        "SELECT a.attname, t.typname FROM pg_index i "
        "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
        "JOIN pg_type t ON t.oid = a.atttypid "
        "WHERE i.indrelid = %s::regclass AND i.indisprimary ORDER BY a.attnum",
        (f'public."{table}"',),
    ).fetchall()
    if keys and all(typname in _INTEGER_TYPES for _, typname in keys):
        return ", ".join(f'"{name}"' for name, _ in keys)
    return 't::text COLLATE "C"'


def _sums(conn: psycopg.Connection) -> TableSums:
    conn.execute(_CANONICAL_SESSION)
    sums: TableSums = {}
    for table in _tables(conn):
        digest, rows = hashlib.sha256(), 0
        order = _order(conn, table)
        with conn.cursor(name=f"sums_{rows}_{len(sums)}") as cursor:
            cursor.itersize = 2000
            cursor.execute(f'SELECT t::text FROM public."{table}" t ORDER BY {order}')
            for (text,) in cursor:
                digest.update(text.encode() + b"\n")
                rows += 1
        sums[table] = {"rows": rows, "sha256": digest.hexdigest()}
    return sums


def dump(url: str, shown: str, dump_file: Path) -> TableSums:
    """pg_dump of one snapshot into `dump_file`, and that snapshot's row counts and checksums:
    the transaction that exports the snapshot stays open while pg_dump reads it."""
    pg_dump = _tool("pg_dump")
    with _connect(url, shown) as conn:
        _check_version(pg_dump, conn)
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        row = conn.execute("SELECT pg_export_snapshot()").fetchone()
        assert row is not None
        with _libpq_target(url) as (target, env):
            done = subprocess.run(
                [pg_dump, "--format=custom", f"--snapshot={row[0]}", f"--file={dump_file}", target],
                capture_output=True,
                text=True,
                env=env,
            )
        if done.returncode != 0:
            raise BackupError(f"pg_dump failed: {done.stderr.strip()}")
        sums = _sums(conn)
        conn.rollback()
        return sums


def table_count(url: str, shown: str) -> int:
    with _connect(url, shown) as conn:
        return len(_tables(conn))


def restore(dump_file: Path, url: str, shown: str, *, replace: bool) -> list[str]:
    """pg_restore of the archive's dump into the database at `url`; the warnings it printed
    (a role that the dump grants to and this server lacks, say): the checks decide."""
    pg_restore = _tool("pg_restore")
    with _connect(url, shown) as conn:
        _check_version(pg_restore, conn)
    with _libpq_target(url) as (target, env):
        command = [pg_restore, "--no-owner", f"--dbname={target}"]
        if replace:
            command += ["--clean", "--if-exists"]
        done = subprocess.run([*command, str(dump_file)], capture_output=True, text=True, env=env)
    if done.returncode != 0 and "errors ignored on restore" not in done.stderr:
        raise BackupError(f"pg_restore failed: {done.stderr.strip()}")
    return [line for line in done.stderr.splitlines() if line.strip()]


def restored_sums(url: str, shown: str) -> TableSums:
    with _connect(url, shown) as conn:
        sums = _sums(conn)
        conn.rollback()
        return sums

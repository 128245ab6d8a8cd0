"""SQLite: a consistent copy through the online backup API while writers run, row counts and
checksums per table in a canonical order, and a restore through the same API."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from toxfill.web.backup import BackupError

TableSums = dict[str, dict[str, object]]


def copy_online(source: Path, copy: Path) -> None:
    """`source` copied to `copy` in one step of the backup API: SQLite holds a read snapshot
    for it, so writers (in WAL mode) carry on and the copy is one moment of the database."""
    if not source.is_file():
        raise BackupError(f"there is no SQLite database at {source}: check TOXFILL_DATA_DIR")
    try:
        src = sqlite3.connect(source, timeout=60)
        dst = sqlite3.connect(copy)
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"could not read the SQLite database {source}: {exc}") from None


def _tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    return sorted(name for (name,) in rows)


def _order(conn: sqlite3.Connection, table: str) -> str:
    """The primary key's columns, else the rowid: the same order in every copy of the file."""
    columns = conn.execute(f'PRAGMA table_info("{table}")').fetchall()
    keys = sorted((column[5], column[1]) for column in columns if column[5] > 0)
    return ", ".join(f'"{name}"' for _, name in keys) or "rowid"


def table_sums(database: Path) -> TableSums:
    """Each table's row count and SHA-256 over its rows in primary-key order."""
    conn = sqlite3.connect(database)
    try:
        sums: TableSums = {}
        for table in _tables(conn):
            digest, rows = hashlib.sha256(), 0
            for row in conn.execute(f'SELECT * FROM "{table}" ORDER BY {_order(conn, table)}'):
                digest.update(repr(row).encode() + b"\n")
                rows += 1
            sums[table] = {"rows": rows, "sha256": digest.hexdigest()}
        return sums
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"could not read the SQLite database {database}: {exc}") from None
    finally:
        conn.close()


def table_count(database: Path) -> int:
    """How many tables the database at `database` holds (0 when there is no file)."""
    if not database.exists() or database.stat().st_size == 0:
        return 0
    conn = sqlite3.connect(database)
    try:
        return len(_tables(conn))
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{database} is not a SQLite database toxfill can read: {exc}") from None
    finally:
        conn.close()


def restore(copy: Path, database: Path) -> None:
    """The archived copy written into `database` through the backup API (which replaces every
    page of a database that is there), the file readable by its owner only."""
    database.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    database.touch(mode=0o600, exist_ok=True)
    src = sqlite3.connect(copy)
    dst = sqlite3.connect(database, timeout=60)
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=WAL")
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"could not write the SQLite database {database}: {exc}") from None
    finally:
        dst.close()
        src.close()
    database.chmod(0o600)

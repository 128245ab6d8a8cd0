"""The backup drill: back up while another process keeps writing clinic records, restore into
a fresh database, and find every table's rows and checksum as the archive's manifest says and
every photo byte for byte (issue 23, item 3). SQLite always; PostgreSQL when DATABASE_URL names
a server (pg_dump and pg_restore of its version or newer on PATH)."""

from __future__ import annotations

import json
import os
import tarfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pyrage
import pytest
from tests.web.backup.drill import identity_of, new_key, photos, plant_photos, run_toxfill, writing
from tests.web.servers import server_environment

from toxfill.web.backup import postgresql, sqlite

DATABASE_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRESQL = DATABASE_URL.startswith(("postgres://", "postgresql://"))


def manifest_of(archive: Path, identity: Path) -> dict:
    plain = archive.with_name("plain.tar")
    pyrage.decrypt_file(str(archive), str(plain), [identity_of(identity)])
    with tarfile.open(plain) as tar:
        member = tar.extractfile("manifest.json")
        assert member is not None
        return json.loads(member.read())


def check_restored(manifest: dict, restored: dict, live_sessions: int) -> None:
    clinic_tables = [name for name in manifest["tables"] if name.startswith("clinic_")]
    assert len(clinic_tables) > 20
    # the backup caught the writer in the middle: records in it, and more written after it
    assert 0 < manifest["tables"]["clinic_treatmentsession"]["rows"] < live_sessions
    for name in manifest["tables"]:
        assert restored[name] == manifest["tables"][name], name
    assert restored.keys() == manifest["tables"].keys()


@pytest.mark.own_server
def test_sqlite_backup_during_writes_restores_identical(prepared_data_dir: Path, tmp_path: Path):
    env = server_environment(prepared_data_dir, TOXFILL_DEMO="0")
    planted = plant_photos(prepared_data_dir / "photos")
    archive, identity = tmp_path / "backup.tar.age", tmp_path / "kept-elsewhere.key"
    public = new_key(env, identity)
    with writing(env, tmp_path):
        done = run_toxfill(env, "backup", str(archive), "--recipient", public)
        assert done.returncode == 0, done.stderr
    live = sqlite.table_sums(prepared_data_dir / "toxfill.sqlite3")
    manifest = manifest_of(archive, identity)
    assert manifest["engine"] == "sqlite"
    assert manifest["secrets"] == []

    fresh = tmp_path / "fresh"
    fresh_env = server_environment(fresh, TOXFILL_SECRET_KEY="the original key, kept apart")
    done = run_toxfill(fresh_env, "restore", str(archive), "--identity", str(identity))
    assert done.returncode == 0, done.stderr
    assert "every table's row count and checksum matches" in done.stdout
    # The restore's own check passed; check again here, independently of it.
    restored = sqlite.table_sums(fresh / "toxfill.sqlite3")
    check_restored(manifest, restored, int(live["clinic_treatmentsession"]["rows"]))  # type: ignore[call-overload]
    assert photos(fresh / "photos") == planted
    assert not (fresh / "secret-key").exists()  # no key without --with-secrets


def _database_url(name: str) -> str:
    parts = urlsplit(DATABASE_URL)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _fresh_database(name: str) -> str:
    with psycopg.connect(_database_url("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return _database_url(name)


@pytest.mark.skipif(not ON_POSTGRESQL, reason="DATABASE_URL names no PostgreSQL server")
def test_postgresql_backup_during_writes_restores_identical(tmp_path: Path):
    source_url, target_url = (
        _fresh_database("bak_drill_source"),
        _fresh_database("bak_drill_target"),
    )
    data_dir = tmp_path / "data"
    env = server_environment(data_dir, TOXFILL_DEMO="0", DATABASE_URL=source_url)
    done = run_toxfill(env, "synth", "--clinics", "1", "--sessions", "50")  # migrates too
    assert done.returncode == 0, done.stderr
    planted = plant_photos(data_dir / "photos")
    archive, identity = tmp_path / "backup.tar.age", tmp_path / "kept-elsewhere.key"
    recipients = tmp_path / "recipients.txt"
    recipients.write_text(f"# the clinic's backup key\n{new_key(env, identity)}\n")
    with writing(env, tmp_path):
        done = run_toxfill(
            env, "backup", str(archive), "--with-secrets", "--recipients-file", str(recipients)
        )
        assert done.returncode == 0, done.stderr
    live = postgresql.restored_sums(source_url, "source")
    manifest = manifest_of(archive, identity)
    assert manifest["engine"] == "postgresql"
    assert manifest["secrets"] == ["secrets/secret-key"]

    fresh = tmp_path / "fresh"
    fresh_env = server_environment(
        fresh, DATABASE_URL=target_url, TOXFILL_BACKUP_IDENTITY_FILE=str(identity)
    )
    done = run_toxfill(fresh_env, "restore", str(archive))
    assert done.returncode == 0, done.stderr
    restored = postgresql.restored_sums(target_url, "target")
    check_restored(manifest, restored, int(live["clinic_treatmentsession"]["rows"]))  # type: ignore[call-overload]
    assert photos(fresh / "photos") == planted
    assert (fresh / "secret-key").read_text().strip() == (data_dir / "secret-key").read_text()
    assert (fresh / "secret-key").stat().st_mode & 0o777 == 0o600

    again = run_toxfill(fresh_env, "restore", str(archive))
    assert again.returncode == 2
    assert "already holds" in again.stderr
    assert not again.stdout

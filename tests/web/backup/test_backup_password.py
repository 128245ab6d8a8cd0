"""pg_dump and pg_restore never see the database password on their command line, which every
user of the machine can read (ps): it reaches them in a password file only this user can read,
gone once they finish."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

from toxfill.web.backup import postgresql

DATABASE_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRESQL = DATABASE_URL.startswith(("postgres://", "postgresql://"))


def test_the_password_leaves_the_connection_string_for_a_private_file():
    url = "postgresql://clinic:c0rrect%3Ah%5Crse%20staple@db.example:6543/toxfill?sslmode=require"
    with postgresql._libpq_target(url) as (target, env):
        passfile = Path(env["PGPASSFILE"])
        assert "c0rrect" not in target
        assert "host=db.example" in target
        assert "sslmode=require" in target
        assert "PGPASSWORD" not in env
        assert stat.S_IMODE(passfile.stat().st_mode) == 0o600
        # libpq's escapes: a colon and a backslash in the password are written \: and \\
        assert passfile.read_text() == "*:*:*:*:c0rrect\\:h\\\\rse staple\n"
    assert not passfile.exists()


def test_a_url_without_a_password_gets_no_password_file():
    with postgresql._libpq_target("postgresql://postgres@127.0.0.1:5432/toxfill") as (_, env):
        assert env.get("PGPASSFILE") == os.environ.get("PGPASSFILE")


@pytest.mark.skipif(not ON_POSTGRESQL, reason="DATABASE_URL names no PostgreSQL server")
def test_pg_dump_and_pg_restore_run_without_the_password_in_their_arguments(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    parts = urlsplit(DATABASE_URL)
    user = parts.username or "postgres"
    host = f"{parts.hostname}:{parts.port}" if parts.port else str(parts.hostname)
    # The suite's server trusts local connections, so any password signs in: enough to see
    # where the password travels.
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute('DROP DATABASE IF EXISTS "bak_password" WITH (FORCE)')
        conn.execute('CREATE DATABASE "bak_password"')
    url = urlunsplit(parts._replace(netloc=f"{user}:c0rrect%3Astaple@{host}", path="/bak_password"))
    with psycopg.connect(url) as conn:
        conn.execute("CREATE TABLE kept (id integer PRIMARY KEY)")
        conn.execute("INSERT INTO kept VALUES (1), (2)")
    commands: list[list[str]] = []
    run = subprocess.run

    def recording(command: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        commands.append([str(part) for part in command])
        if "env" in kwargs and command[0].endswith(("pg_dump", "pg_restore")):
            assert "c0rrect\\:staple" in Path(kwargs["env"]["PGPASSFILE"]).read_text()
        return run(command, **kwargs)

    monkeypatch.setattr(postgresql.subprocess, "run", recording)
    dump_file = tmp_path / "dump"
    sums = postgresql.dump(url, "the test database", dump_file)
    assert sums["kept"]["rows"] == 2
    postgresql.restore(dump_file, url, "the test database", replace=True)
    tools = [c for c in commands if c[0].endswith(("pg_dump", "pg_restore")) and len(c) > 2]
    assert len(tools) == 2
    assert not any("c0rrect" in part for command in tools for part in command)

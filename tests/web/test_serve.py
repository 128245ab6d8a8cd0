"""`toxfill serve` (what `make run` calls) starts from nothing: key, database, static, gunicorn."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest
from tests.web.servers import STARTUP_SECONDS, TOXFILL, free_port, get, server_environment

pytestmark = pytest.mark.own_server


def test_serve_prepares_an_empty_data_dir_and_serves_the_compare_page(tmp_path: Path) -> None:
    port = free_port()
    # A fresh machine: no database URL, no key, no settings module from the test run.
    env = server_environment(tmp_path)
    server = subprocess.Popen(
        [str(TOXFILL), "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        status, page = get(f"http://127.0.0.1:{port}/compare", time.monotonic() + STARTUP_SECONDS)
        css_status, _ = get(
            f"http://127.0.0.1:{port}/static/toxfill/site.css", time.monotonic() + 5
        )
    finally:
        server.terminate()
        server.wait(timeout=STARTUP_SECONDS)

    assert status == 200
    assert b"<h1>Compare options</h1>" in page
    assert css_status == 200
    assert (tmp_path / "toxfill.sqlite3").exists()
    assert (tmp_path / "secret-key").stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "toxfill.sqlite3").stat().st_mode & 0o777 == 0o600
    assert tmp_path.stat().st_mode & 0o777 == 0o700


def test_serve_says_each_preparation_step_as_it_goes(tmp_path: Path) -> None:
    """Issue 22 item 5: a first start is not minutes of silence."""
    env = server_environment(tmp_path)
    env["TOXFILL_DEMO"] = "0"
    done = subprocess.run(
        [str(TOXFILL), "serve", "--prepare-only"],
        env=env,
        capture_output=True,
        text=True,
        timeout=STARTUP_SECONDS,
        check=True,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("toxfill: ")]
    assert lines == [
        f"toxfill: secret key: made in {tmp_path / 'secret-key'}",
        "toxfill: starting Django",
        f"toxfill: database: migrating SQLite {tmp_path / 'toxfill.sqlite3'}",
        "toxfill: database: migrated",
        "toxfill: new passwords: not checked against breaches (TOXFILL_BREACHED_PASSWORDS unset)",
        "toxfill: static files: collecting and compressing (a while on the first start)",
        "toxfill: static files: ready",
    ]

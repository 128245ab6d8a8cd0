"""`toxfill serve` (what `make run` calls) starts from nothing: key, database, static, gunicorn."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

TOXFILL = Path(sys.executable).parent / "toxfill"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def get(url: str, deadline: float) -> tuple[int, bytes]:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.status, response.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_serve_prepares_an_empty_data_dir_and_serves_the_compare_page(tmp_path: Path) -> None:
    port = free_port()
    # A fresh machine: no database URL, no key, no settings module from the test run.
    unset = {"DATABASE_URL", "TOXFILL_SECRET_KEY", "DJANGO_SETTINGS_MODULE"}
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env["TOXFILL_DATA_DIR"] = str(tmp_path)
    env["TOXFILL_HTTPS"] = "0"  # as `make run`: plain http on 127.0.0.1
    server = subprocess.Popen(
        [str(TOXFILL), "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        status, page = get(f"http://127.0.0.1:{port}/compare", time.monotonic() + 30)
        css_status, _ = get(
            f"http://127.0.0.1:{port}/static/toxfill/site.css", time.monotonic() + 5
        )
    finally:
        server.terminate()
        server.wait(timeout=10)

    assert status == 200
    assert b"<h1>Compare options</h1>" in page
    assert css_status == 200
    assert (tmp_path / "toxfill.sqlite3").exists()
    assert (tmp_path / "secret-key").stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "toxfill.sqlite3").stat().st_mode & 0o777 == 0o600
    assert tmp_path.stat().st_mode & 0o777 == 0o700

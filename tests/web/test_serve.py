"""`toxfill serve` (what `make run` calls) starts from nothing: key, database, static, gunicorn."""

from __future__ import annotations

import http.client
import os
import random
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

TOXFILL = Path(sys.executable).parent / "toxfill"


# Below the kernel's ephemeral range (32768-60999 by default): a client polling a server that
# is still starting can then never be given the same port as its own source and connect to
# itself, reading back its own request as the answer (http.client.BadStatusLine in CI).
SERVER_PORTS = range(20000, 32000)


# How long a test waits for a server it started to answer, or to stop: a first start migrates
# a fresh database, which a machine busy with other work can slow from seconds to minutes.
STARTUP_SECONDS = float(os.environ.get("TOXFILL_TEST_STARTUP_SECONDS", "240"))


def free_port() -> int:
    """A port nothing listens on, outside the range clients' own ports are taken from."""
    for port in random.sample(SERVER_PORTS, 200):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port between 20000 and 32000")


def get(url: str, deadline: float) -> tuple[int, bytes]:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.status, response.read()
        except (OSError, http.client.HTTPException):
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

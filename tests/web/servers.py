"""Starting `toxfill serve` as a test's own process: a free port, waiting for it, and a data
dir prepared once per run."""

from __future__ import annotations

import http.client
import os
import random
import shutil
import socket
import ssl
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
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


def get(url: str, deadline: float, context: ssl.SSLContext | None = None) -> tuple[int, bytes]:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2, context=context) as response:
                return response.status, response.read()
        except (OSError, http.client.HTTPException):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


# What a server test's process must not inherit from the test run: it is a fresh machine's.
TEST_RUN_ONLY = frozenset({"DATABASE_URL", "TOXFILL_SECRET_KEY", "DJANGO_SETTINGS_MODULE"})


def server_environment(data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a `toxfill serve` on `data_dir` as `make run` starts it (plain http
    on 127.0.0.1), SQLite whatever DATABASE_URL the test run has."""
    env = {k: v for k, v in os.environ.items() if k not in TEST_RUN_ONLY}
    env.update(TOXFILL_DATA_DIR=str(data_dir), TOXFILL_HTTPS="0", **extra)
    return env


def prepare_data_dir(data_dir: Path, env: Mapping[str, str] | None = None) -> None:
    """Key, migrated database and compressed static files, as the first start makes them."""
    subprocess.run(
        [str(TOXFILL), "serve", "--prepare-only"],
        env=dict(env or server_environment(data_dir, TOXFILL_DEMO="0")),
        check=True,
        capture_output=True,
        timeout=STARTUP_SECONDS,
    )


def copy_data_dir(template: Path, target: Path) -> Path:
    """A prepared data dir's copy, modes and times kept: the copy's static files are then up
    to date and compressed, and its start skips the half minute a first start takes."""
    shutil.copytree(template, target)
    return target


@contextmanager
def serving(
    env: Mapping[str, str], log: Path, trusting: ssl.SSLContext | None = None
) -> Iterator[str]:
    """`toxfill serve` with one worker on a free port, everything it prints in `log`: its
    address once it answers, stopped after (a server that never answers fails with its log).
    `trusting`: the server serves HTTPS (its environment names the files), which this client
    context trusts."""
    port = free_port()
    base = f"{'https' if trusting else 'http'}://127.0.0.1:{port}"
    with log.open("w") as output:
        server = subprocess.Popen(
            [str(TOXFILL), "serve", "--port", str(port), "--workers", "1"],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            try:
                get(f"{base}/api/v1/options", time.monotonic() + STARTUP_SECONDS, trusting)
            except (OSError, http.client.HTTPException):
                raise AssertionError(log.read_text()) from None
            yield base
        finally:
            server.terminate()
            server.wait(timeout=STARTUP_SECONDS)


def send_raw(base: str, request: str) -> bytes:
    """`request` sent as it is, malformed or not, to the server at `base`; its first bytes."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as client:
        client.sendall(request.encode("latin-1"))
        return client.recv(100)

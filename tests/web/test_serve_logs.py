"""The running server (`toxfill serve`) never writes a query string to its logs: the public
pages carry health answers there, malformed requests included."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from tests.web.servers import STARTUP_SECONDS, TOXFILL, free_port, server_environment

SECRET = "symptoms=vision-loss"
REQUESTS = [
    f"GET /after-treatment/result?{SECRET} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    f"GET /after-treatment/result?{SECRET} HTTP/1.1 extra\r\n\r\n",
    f"BREW /after-treatment/result?{SECRET} HTTP/9.9\r\n\r\n",
    f"GET /after-treatment/result?{SECRET}\x01 HTTP/1.1\r\n\r\n",
    f"GET /after-treatment/result?{SECRET} HTTP/1.1\r\nHost: evil.example\r\n\r\n",
]


@pytest.mark.own_server
def test_no_request_line_is_logged_with_its_query_string(prepared_data_dir: Path) -> None:
    port = free_port()
    env = server_environment(prepared_data_dir)
    env.pop("TOXFILL_DEMO", None)
    log = prepared_data_dir.parent / "server.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [str(TOXFILL), "serve", "--port", str(port), "--workers", "1"],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + STARTUP_SECONDS
            while True:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/options", timeout=2)
                    break
                except OSError:
                    assert time.monotonic() < deadline, log.read_text()
                    time.sleep(0.2)
            for raw in REQUESTS:
                with socket.create_connection(("127.0.0.1", port), timeout=10) as client:
                    client.sendall(raw.encode("latin-1"))
                    assert client.recv(100).startswith(b"HTTP/1.1 ")
        finally:
            server.terminate()
            server.wait(timeout=STARTUP_SECONDS)

    logged = log.read_text()
    assert '"GET /after-treatment/result" ' in logged
    assert "vision-loss" not in logged
    assert "Traceback" not in logged

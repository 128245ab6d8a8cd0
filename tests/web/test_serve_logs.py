"""The running server (`toxfill serve`) never writes a query string to its logs: the public
pages carry health answers there, malformed requests included."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.web.servers import send_raw, server_environment, serving

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
    env = server_environment(prepared_data_dir)
    env.pop("TOXFILL_DEMO", None)
    log = prepared_data_dir.parent / "server.log"
    with serving(env, log) as base:
        for raw in REQUESTS:
            assert send_raw(base, raw).startswith(b"HTTP/1.1 ")

    logged = log.read_text()
    assert '"GET /after-treatment/result" ' in logged
    assert "vision-loss" not in logged
    assert "Traceback" not in logged

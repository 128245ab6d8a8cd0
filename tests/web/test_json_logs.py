"""ASVS 5.0 V16.2.4: with TOXFILL_LOG_FORMAT=json every line `toxfill serve` writes (its own
steps, gunicorn's, Django's, the reminder worker's) is one JSON object a log processor can
read: a UTC time, a level, a logger and a message, and for a request its ID, method and path,
never its query string, a patient link's secret or a password link's token. A real server,
as in test_serve_logs.py."""

from __future__ import annotations

import datetime as dt
import json
import logging
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from tests.web.servers import send_raw, server_environment, serving

from toxfill.web.log_format import JsonLines
from toxfill.web.log_lines import log_format

SECRET = "symptoms=vision-loss"
LINK_SECRET = "aVeryPrivateLinkToken0123456789abcdefABCDEF"
MALFORMED = [
    f"GET /after-treatment/result?{SECRET} HTTP/1.1 extra\r\n\r\n",
    f"BREW /after-treatment/result?{SECRET} HTTP/9.9\r\n\r\n",
    f"GET /after-treatment/result?{SECRET} HTTP/1.1\r\nHost: evil.example\r\n\r\n",
]


def _request_id(url: str) -> str:
    """The ID the server gave the request, whatever its status."""
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return str(answer.headers["X-Request-ID"])
    except urllib.error.HTTPError as refused:
        return str(refused.headers["X-Request-ID"])


def _run_server(data_dir: Path, log: Path) -> dict[str, str]:
    """Serve with JSON logs, make the requests, stop; the request IDs the answers carried."""
    env = server_environment(data_dir, TOXFILL_LOG_FORMAT="json")
    env.pop("TOXFILL_DEMO", None)
    ids: dict[str, str] = {}
    with serving(env, log) as base:
        ids["page"] = _request_id(f"{base}/after-treatment/result?{SECRET}")
        ids["missing"] = _request_id(f"{base}/clinic/no-such-page/?{SECRET}")
        _request_id(f"{base}/p/{LINK_SECRET}")
        _request_id(f"{base}/clinic/reset-password/Mg/{LINK_SECRET}/")
        for raw in MALFORMED:
            assert send_raw(base, raw).startswith(b"HTTP/1.1 ")
    return ids


@pytest.mark.own_server
def test_every_line_of_the_server_log_is_a_json_object(prepared_data_dir: Path) -> None:
    log = prepared_data_dir.parent / "server.log"
    ids = _run_server(prepared_data_dir, log)

    text = log.read_text()
    lines = [json.loads(line) for line in text.splitlines() if line.strip()]
    for line in lines:
        assert {"time", "level", "logger", "message"} <= line.keys(), line
        moment = dt.datetime.fromisoformat(line["time"])
        assert moment.utcoffset() == dt.timedelta(0), line
    loggers = {line["logger"] for line in lines}
    assert {"toxfill.serve", "gunicorn.error", "gunicorn.access", "huey.consumer"} <= loggers
    assert "vision-loss" not in text
    assert LINK_SECRET not in text
    assert "Traceback" not in text

    by_logger = {line["logger"]: line for line in lines if line.get("request_id") == ids["page"]}
    assert by_logger.keys() == {"django.request", "gunicorn.access"}
    assert by_logger["django.request"]["path"] == "/after-treatment/result"
    page = by_logger["gunicorn.access"]
    # 422: those answers do not make a result, but the query string is what matters here
    assert (page["method"], page["path"], page["status"]) == ("GET", "/after-treatment/result", 422)
    missing = [line for line in lines if line.get("request_id") == ids["missing"]]
    assert {line["logger"] for line in missing} == {"django.request", "gunicorn.access"}
    assert {line["path"] for line in missing} == {"/clinic/no-such-page/"}
    assert [line["level"] for line in lines if line["logger"] == "django.request"] == [
        "WARNING",
        "WARNING",  # the missing page and the link that is no link
    ]
    [refused] = [line for line in lines if line["logger"].startswith("django.security")]
    assert "evil.example" in refused["message"]


def _record(**fields: Any) -> logging.LogRecord:
    return logging.makeLogRecord({"name": "toxfill.test", "levelname": "ERROR", **fields})


def test_a_traceback_stays_inside_its_line() -> None:
    try:
        raise ValueError("a bug")
    except ValueError as error:
        record = _record(msg="it broke: %s", args=("here",), exc_info=(ValueError, error, None))

    line = JsonLines().format(record)

    assert "\n" not in line
    parsed = json.loads(line)
    assert parsed["message"] == "it broke: here"
    assert "ValueError: a bug" in parsed["exception"]
    assert parsed["time"].endswith("Z")


def test_the_format_is_text_unless_set_and_a_bad_one_is_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("TOXFILL_LOG_FORMAT", raising=False)
    assert log_format() == "text"
    monkeypatch.setenv("TOXFILL_LOG_FORMAT", "JSON")
    assert log_format() == "json"
    monkeypatch.setenv("TOXFILL_LOG_FORMAT", "xml")
    with pytest.raises(ImproperlyConfigured, match="TOXFILL_LOG_FORMAT must be one of text, json"):
        log_format()

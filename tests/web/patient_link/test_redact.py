"""The server's access log never holds a patient link's token or calendar secret."""

from __future__ import annotations

import datetime as dt
import logging
from types import SimpleNamespace

import pytest
from gunicorn.config import Config

from toxfill.web.patient_link.redact import NoLinkTokens, RedactingLogger, redacted


@pytest.mark.parametrize(
    ("path", "logged"),
    [
        pytest.param("/p/Zx3-secret_token", "/p/…", id="link_token"),
        pytest.param("/p/calendar/abc~signed.ics", "/p/calendar/…", id="calendar_secret"),
        pytest.param("/p/", "/p/", id="passport_page"),
        pytest.param("/p/passport.pdf", "/p/passport.pdf", id="pdf"),
        pytest.param("/after-treatment", "/after-treatment", id="public_page"),
        pytest.param("/clinic/reset-password/Mg/dj8-93b01be0/", "/clinic/reset-password/…"),
        pytest.param("/clinic/set-password/Mg/dj8-93b01be0/", "/clinic/set-password/…"),
        pytest.param("/clinic//reset-password/Mg/dj8-93b01be0", "/clinic/reset-password/…"),
        pytest.param(
            "/clinic/reset-password/Mg/set-password/",
            "/clinic/reset-password/Mg/set-password/",
            id="the_form_once_the_token_is_in_the_session",
        ),
    ],
)
def test_it_writes_link_paths_without_their_secret(path: str, logged: str) -> None:
    assert redacted(path) == logged


def test_it_redacts_the_atoms_gunicorn_formats() -> None:
    logger = RedactingLogger(Config())
    environ = {
        "PATH_INFO": "/p/Zx3-secret_token",
        "RAW_URI": "/p/Zx3-secret_token",
        "REQUEST_METHOD": "GET",
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
    }
    request = SimpleNamespace(headers=[], method="GET", path="/p/Zx3-secret_token", query="")
    request.uri = "/p/Zx3-secret_token"
    request.version = (1, 1)
    response = SimpleNamespace(status="302 Found", response_length=0, headers=[], sent=0)
    atoms = logger.atoms(response, request, environ, dt.timedelta(seconds=0.01))
    assert "secret" not in atoms["U"]
    assert "secret" not in atoms["r"]


def test_it_keeps_a_token_out_of_djangos_request_log() -> None:
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "%s: %s", ("Gone", "/p/Zx3-secret"), None
    )
    NoLinkTokens().filter(record)
    assert record.getMessage() == "Gone: /p/…"

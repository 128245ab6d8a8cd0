"""An unexpected failure (the checklist's ASVS 16.3.4 and 16.5.1): the visitor gets a plain
500 that gives nothing of the inside away, and the operator's log gets the whole story."""

from __future__ import annotations

import logging

import pytest
from django.test import Client

INSIDE = "cannot open /srv/toxfill/secret-key as toxfill:hunter2"


@pytest.fixture
def broken_knowledge(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail() -> None:
        raise RuntimeError(INSIDE)

    # what /api/v1/options reads the knowledge base with (in the asked language)
    monkeypatch.setattr("toxfill.web.guide.api.page_knowledge", fail)


def test_the_visitor_gets_a_500_that_says_nothing_of_the_inside(broken_knowledge: None) -> None:
    response = Client(raise_request_exception=False).get("/api/v1/options", secure=True)

    assert response.status_code == 500
    body = response.content.decode()
    for secret in ("hunter2", "secret-key", "RuntimeError", "Traceback", "toxfill/web"):
        assert secret not in body


def test_the_log_gets_the_error_with_its_traceback(
    broken_knowledge: None, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR, logger="django.request")

    Client(raise_request_exception=False).get("/api/v1/options", secure=True)

    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.levelno == logging.ERROR
    assert "/api/v1/options" in record.getMessage()
    assert record.exc_info is not None
    assert INSIDE in str(record.exc_info[1])

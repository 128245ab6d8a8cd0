"""HIPAA 45 CFR 164.312(a)(2)(iii) (automatic logoff) and ASVS 5.0 V7.3.1: a signed-in browser
left alone for TOXFILL_IDLE_MINUTES (30) is signed out on the server, and the sign-in page says
why; one used within that time stays signed in, and a bearer token is never timed out."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from tests.web.clinic.people import https_client

from toxfill.web.clinic import idle_sign_out
from toxfill.web.clinic.actions.tokens import create_token
from toxfill.web.clinic.models import Membership

MINUTE = 60


class Clock:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.now = time.time()
        monkeypatch.setattr(idle_sign_out.time, "time", lambda: self.now)

    def wait(self, minutes: float) -> None:
        self.now += minutes * MINUTE


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    return Clock(monkeypatch)


def _dashboard(member: Membership) -> str:
    return f"/clinic/{member.clinic.public_id}/"


def test_a_browser_left_alone_for_30_minutes_is_signed_out_and_told_why(
    provider: Membership, client_for: Callable[[Membership], Client], clock: Clock
) -> None:
    browser = client_for(provider)
    assert browser.get(_dashboard(provider)).status_code == 200
    clock.wait(31)
    answer = browser.get(_dashboard(provider))
    assert answer.status_code == 302
    assert answer["Location"].startswith("/clinic/sign-in/")
    page = browser.get(answer["Location"]).content.decode()
    assert "You were signed out after 30 minutes without activity" in page
    # said once: the next visit to the sign-in page does not repeat it
    assert "without activity" not in browser.get("/clinic/sign-in/").content.decode()
    assert not any(
        s.get_decoded().get("_auth_user_id") == str(provider.user_id) for s in Session.objects.all()
    )  # ended on the server, not only in this browser


def test_a_browser_in_use_stays_signed_in(
    provider: Membership, client_for: Callable[[Membership], Client], clock: Clock
) -> None:
    browser = client_for(provider)
    for _ in range(6):  # three hours, a page every 29 minutes
        assert browser.get(_dashboard(provider)).status_code == 200
        clock.wait(29)
    assert browser.get(_dashboard(provider)).status_code == 200


def test_the_api_answers_401_once_the_session_is_idle_and_a_token_never_idles(
    provider: Membership, client_for: Callable[[Membership], Client], clock: Clock
) -> None:
    browser = client_for(provider)
    url = f"/api/v1/clinic/{provider.clinic.public_id}/patients"
    assert browser.get(url).status_code == 200
    _, secret = create_token(provider.user, name="script", scope="read")
    clock.wait(120)
    assert browser.get(url).status_code == 401
    assert https_client().get(url, HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200

"""ASVS 5.0 V7.5.1: changing how one signs in (an authenticator app, a passkey, recovery
codes) asks for the password again when it was last given more than ten minutes ago, so that
a screen left signed in cannot change its owner's second factors."""

from __future__ import annotations

import time

import pytest
from tests.web.clinic.people import PASSWORD, https_client
from tests.web.clinic.two_factor_steps import APP, CODES, TWO_FACTOR, sign_in

from toxfill.web.clinic import idle_sign_out
from toxfill.web.clinic.models import Membership, RecoveryCode

CONFIRM = "/clinic/confirm-password/"


def test_right_after_signing_in_the_page_opens(provider: Membership) -> None:
    browser = https_client()
    sign_in(browser, provider.user.username)
    assert browser.get(TWO_FACTOR).status_code == 200


@pytest.mark.parametrize("path", [TWO_FACTOR, APP])
def test_later_the_password_is_asked_again_and_then_the_page_opens(
    provider: Membership, path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    browser = https_client()
    sign_in(browser, provider.user.username)
    eleven = time.time() + 11 * 60
    monkeypatch.setattr(idle_sign_out.time, "time", lambda: eleven)

    asked = browser.get(path)
    assert asked.status_code == 302
    assert asked["Location"].startswith(CONFIRM)

    wrong = browser.post(asked["Location"], {"password": "not it", "next": path})
    assert wrong.status_code == 422
    assert "That password did not work" in wrong.content.decode()
    right = browser.post(asked["Location"], {"password": PASSWORD, "next": path})
    assert right.status_code == 302
    assert right["Location"] == path
    assert browser.get(path).status_code == 200


def test_later_no_recovery_codes_are_made_without_the_password(
    provider: Membership, monkeypatch: pytest.MonkeyPatch
) -> None:
    browser = https_client()
    sign_in(browser, provider.user.username)
    eleven = time.time() + 11 * 60
    monkeypatch.setattr(idle_sign_out.time, "time", lambda: eleven)
    assert browser.post(CODES)["Location"].startswith(CONFIRM)
    assert not RecoveryCode.objects.filter(user=provider.user).exists()


def test_the_next_address_stays_on_this_site(provider: Membership) -> None:
    browser = https_client()
    sign_in(browser, provider.user.username)
    answer = browser.post(CONFIRM, {"password": PASSWORD, "next": "https://elsewhere.example/"})
    assert answer["Location"] == "/clinic/"

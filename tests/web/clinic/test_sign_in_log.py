"""Every sign-in, refused sign-in and sign-out is one log line naming the username and the
visitor's address (the checklist's ASVS V16.3.1), and never the password or a code."""

from __future__ import annotations

import logging

import pytest
from tests.web.clinic.people import PASSWORD, https_client
from tests.web.clinic.two_factor_steps import SECOND_STEP, code, enrolled, sign_in

from toxfill.web.clinic.models import Membership

LOGIN = "/api/v1/clinic/login"


def _lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "toxfill.sign_in"]


def test_it_logs_a_sign_in_and_a_sign_out_through_the_api(
    provider: Membership, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="toxfill.sign_in")
    client = https_client()

    client.post(LOGIN, {"username": "paula", "password": PASSWORD}, content_type="application/json")
    client.post("/api/v1/clinic/logout")

    assert _lines(caplog) == [
        "signed in: paula with password from 127.0.0.1",
        "signed out: paula from 127.0.0.1",
    ]


def test_it_logs_a_refused_password_without_the_password(
    provider: Membership, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="toxfill.sign_in")

    sign_in(https_client(), "paula", "not her passphrase at all")

    assert _lines(caplog) == ["sign-in refused: 'paula' from 127.0.0.1"]
    assert "not her passphrase" not in caplog.text


def test_it_logs_a_wrong_code_and_then_the_sign_in_with_its_second_factor(
    provider: Membership, caplog: pytest.LogCaptureFixture, settings: object
) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # type: ignore[attr-defined]
    _, secret = enrolled("paula")
    caplog.set_level(logging.INFO, logger="toxfill.sign_in")
    caplog.clear()  # the sign-in that set the app up
    client = https_client()
    sign_in(client, "paula")
    wrong = "000000" if code(secret, 1) != "000000" else "111111"

    client.post(SECOND_STEP, {"code": wrong})
    client.post(SECOND_STEP, {"code": code(secret, 1)})

    assert _lines(caplog) == [
        "sign-in refused: 'paula' from 127.0.0.1",
        "signed in: paula with password and second factor from 127.0.0.1",
    ]
    assert wrong not in caplog.text

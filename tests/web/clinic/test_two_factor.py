"""Two-factor sign-in (issue 23, item 1): an authenticator app's codes (computed here with
pyotp), recovery codes shown once and spent once, the pauses of the password step holding at
the second step, and what is refused of a passkey without a browser (tests/browser has the
passkey ceremonies; test_two_factor_switch.py the manager's switch)."""

from __future__ import annotations

import hashlib
import re
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.test import Client, override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice
from tests.web.clinic.people import PASSWORD, https_client
from tests.web.clinic.two_factor_steps import (
    APP,
    ROLES,
    SECOND_STEP,
    TWO_FACTOR,
    code,
    dashboard,
    enrolled,
    make_recovery_codes,
    sign_in,
)

from toxfill.web.clinic import second_factor
from toxfill.web.clinic.models import Membership, RecoveryCode


@pytest.fixture
def at_once(settings: Any) -> None:
    """No wait after a wrong code (django-otp's throttle, tested on its own below)."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


# --- without a second factor: as before ---------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_it_signs_in_with_the_password_alone_when_nothing_asks_for_more(
    role: str, personas: dict[str, Membership]
) -> None:
    member = personas[role]
    client = https_client()

    response = sign_in(client, member.user.username)

    assert response.status_code == 302
    assert client.get(dashboard(member)).status_code == 200


# --- the authenticator app ------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_it_asks_every_role_for_the_apps_code_after_the_password(
    role: str, personas: dict[str, Membership]
) -> None:
    # given a member of each role who set up an authenticator app
    member = personas[role]
    _, secret = enrolled(member.user.username)
    client = https_client()
    # when they give their password
    response = sign_in(client, member.user.username)
    # then they are not signed in yet, but asked for a code
    assert response["Location"] == SECOND_STEP
    assert client.get(dashboard(member)).status_code == 302
    # and the app's code (the next half-minute's: this one set it up) signs them in
    response = client.post(SECOND_STEP, {"code": code(secret, 1)})
    assert response.status_code == 302
    assert client.get(dashboard(member)).status_code == 200


def test_it_goes_on_to_the_page_asked_for_after_both_steps(
    provider: Membership, patient: Any
) -> None:
    _, secret = enrolled("paula")
    client = https_client()
    wanted = f"{dashboard(provider)}patients/{patient.public_id}/"

    client.post("/clinic/sign-in/", {"username": "paula", "password": PASSWORD, "next": wanted})
    response = client.post(SECOND_STEP, {"code": code(secret, 1)})

    assert response["Location"] == wanted


@pytest.mark.parametrize(
    "elsewhere",
    ["https://evil.example/clinic/", "//evil.example/", "javascript:alert(1)"],
)
def test_it_never_goes_on_to_another_site_or_scheme_after_signing_in(
    provider: Membership, elsewhere: str
) -> None:
    _, secret = enrolled("paula")
    client = https_client()

    client.post("/clinic/sign-in/", {"username": "paula", "password": PASSWORD, "next": elsewhere})
    response = client.post(SECOND_STEP, {"code": code(secret, 1)})

    assert response.status_code == 302
    assert response["Location"] == "/clinic/"


def test_it_refuses_a_wrong_code(provider: Membership, at_once: None) -> None:
    _, secret = enrolled("paula")
    client = https_client()
    sign_in(client, "paula")
    wrong = f"{(int(code(secret, 1)) + 1) % 1_000_000:06d}"

    response = client.post(SECOND_STEP, {"code": wrong})

    assert response.status_code == 422
    assert "That code did not work" in response.content.decode()
    assert client.get(dashboard(provider)).status_code == 302


def test_it_refuses_a_code_that_was_used_already(provider: Membership, at_once: None) -> None:
    # given paula signed in with the app's code
    _, secret = enrolled("paula")
    used = code(secret, 1)
    first = https_client()
    sign_in(first, "paula")
    assert first.post(SECOND_STEP, {"code": used}).status_code == 302
    # when someone who saw the code over her shoulder gives her password and that code
    second = https_client()
    sign_in(second, "paula")
    response = second.post(SECOND_STEP, {"code": used})
    # then it does not work again
    assert response.status_code == 422


@pytest.mark.parametrize("steps", [-2, 2])
def test_it_refuses_a_code_more_than_one_step_from_now(
    provider: Membership, at_once: None, steps: int
) -> None:
    # given paula's app, whose codes last one 30-second step (one step of clock drift either
    # side is forgiven, as RFC 6238 suggests)
    _, secret = enrolled("paula")
    client = https_client()
    sign_in(client, "paula")
    # when she gives the code of a minute ago, or of a minute ahead
    response = client.post(SECOND_STEP, {"code": code(secret, steps)})
    # then it is refused, and the code of now still works
    assert response.status_code == 422
    assert client.post(SECOND_STEP, {"code": code(secret, 1)}).status_code == 302


def test_it_waits_after_a_wrong_code_before_checking_the_next(provider: Membership) -> None:
    # given django-otp's throttle as configured (1 s after one wrong code, then 2, 4...)
    _, secret = enrolled("paula")
    client = https_client()
    sign_in(client, "paula")
    client.post(SECOND_STEP, {"code": "000000" if code(secret, 1) != "000000" else "111111"})
    # when the right code follows at once
    response = client.post(SECOND_STEP, {"code": code(secret, 1)})
    # then it is not checked yet
    assert response.status_code == 422


def test_it_counts_wrong_codes_as_failed_sign_ins_and_pauses_the_second_step(
    provider: Membership, at_once: None
) -> None:
    # given five wrong codes for paula from one address
    _, secret = enrolled("paula")
    client = https_client()
    sign_in(client, "paula")
    for n in range(5):
        client.post(SECOND_STEP, {"code": f"00000{n}"}, HTTP_X_FORWARDED_FOR="203.0.113.7")
    # then django-axes counted them against her username and that address
    assert AccessAttempt.objects.filter(username="paula").exists()
    # and even the right code waits out the pause, as a right password would
    paused = client.post(SECOND_STEP, {"code": code(secret, 1)}, HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert paused.status_code == 429
    assert client.get(dashboard(provider)).status_code == 302


def test_it_keeps_no_wrong_code_in_the_failed_attempts(provider: Membership, at_once: None) -> None:
    enrolled("paula")
    client = https_client()
    sign_in(client, "paula")

    client.post(SECOND_STEP, {"code": "4242-abcd"})

    attempt = AccessAttempt.objects.get(username="paula")
    assert "4242-abcd" not in attempt.post_data


def test_it_forgets_a_password_step_left_too_long(
    provider: Membership, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, secret = enrolled("paula")
    client = https_client()
    sign_in(client, "paula")

    monkeypatch.setattr(second_factor, "PENDING_SECONDS", -1)
    response = client.post(SECOND_STEP, {"code": code(secret, 1)})

    assert response["Location"] == "/clinic/sign-in/"


def test_it_signs_in_with_the_app_code_through_the_api(provider: Membership) -> None:
    _, secret = enrolled("paula")
    login = {"username": "paula", "password": PASSWORD}

    without = https_client().post("/api/v1/clinic/login", login, content_type="application/json")
    with_code = https_client().post(
        "/api/v1/clinic/login", {**login, "code": code(secret, 1)}, content_type="application/json"
    )

    assert without.status_code == 422
    assert without.json()["detail"][0]["loc"] == ["body", "code"]
    assert with_code.status_code == 200


# --- recovery codes ----------------------------------------------------------------------------


def test_it_shows_ten_recovery_codes_once_and_keeps_only_their_digests(
    provider: Membership,
) -> None:
    client, _ = enrolled("paula")

    codes = make_recovery_codes(client)

    assert len(codes) == 10
    assert len(set(codes)) == 10
    # six groups of four base32 characters: 120 random bits each
    assert all(re.fullmatch(r"([a-z2-7]{4}-){5}[a-z2-7]{4}", c) for c in codes), codes
    kept = set(RecoveryCode.objects.filter(user=provider.user).values_list("digest", flat=True))
    assert kept == {hashlib.sha256(c.replace("-", "").encode()).hexdigest() for c in codes}
    page = client.get(TWO_FACTOR).content.decode()
    assert not any(c in page for c in codes)
    assert "10 unused codes left" in page


def test_it_signs_in_with_a_recovery_code_once_only(provider: Membership, at_once: None) -> None:
    # given paula's recovery codes
    client, _ = enrolled("paula")
    saved = make_recovery_codes(client)[3]
    # when she signs in with one (her phone lost)
    first = https_client()
    sign_in(first, "paula")
    assert first.post(SECOND_STEP, {"code": saved.upper()}).status_code == 302
    assert first.get(dashboard(provider)).status_code == 200
    # then the same code does not work a second time
    second = https_client()
    sign_in(second, "paula")
    assert second.post(SECOND_STEP, {"code": saved}).status_code == 422
    assert RecoveryCode.objects.filter(user=provider.user, used_at__isnull=True).count() == 9


def test_it_stops_the_old_recovery_codes_when_new_ones_are_made(
    provider: Membership, at_once: None
) -> None:
    client, _ = enrolled("paula")
    old = make_recovery_codes(client)
    make_recovery_codes(client)
    other = https_client()
    sign_in(other, "paula")

    response = other.post(SECOND_STEP, {"code": old[0]})

    assert response.status_code == 422


def test_it_does_not_accept_another_persons_recovery_code(
    provider: Membership, front_desk: Membership, at_once: None
) -> None:
    fred, _ = enrolled("fred")
    freds = make_recovery_codes(fred)[0]
    enrolled("paula")
    client = https_client()
    sign_in(client, "paula")

    assert client.post(SECOND_STEP, {"code": freds}).status_code == 422


# --- setting up and removing ----------------------------------------------------------------


def test_it_refuses_an_app_code_that_does_not_match_when_setting_up(
    provider: Membership,
) -> None:
    client = https_client()
    sign_in(client, "paula")
    client.get(APP)

    response = client.post(APP, {"code": "12345"})

    assert response.status_code == 422
    assert "That code did not match" in response.content.decode()


def test_it_stops_asking_for_a_code_once_the_app_is_removed(provider: Membership) -> None:
    client, _ = enrolled("paula")
    make_recovery_codes(client)

    client.post("/clinic/two-factor/app/remove")
    other = https_client()
    response = sign_in(other, "paula")

    assert response["Location"] == "/clinic/"
    assert not RecoveryCode.objects.filter(user=provider.user).exists()


def test_it_asks_a_session_that_never_showed_the_factor_to_sign_in_again_to_change_it(
    provider: Membership,
) -> None:
    # given paula signed in with her password alone, then set up an app in another browser
    old = https_client()
    sign_in(old, "paula")
    enrolled("paula")
    # when the old session tries to remove it
    response = old.post("/clinic/two-factor/app/remove")
    # then it is signed out and sent to sign in, and the app stays
    assert response.status_code == 302
    assert response["Location"].startswith("/clinic/sign-in/")
    assert old.get(TWO_FACTOR)["Location"].startswith("/clinic/sign-in/")
    assert TOTPDevice.objects.filter(user=provider.user, confirmed=True).exists()


def test_it_refuses_recovery_codes_before_a_factor_is_set_up(provider: Membership) -> None:
    client = https_client()
    sign_in(client, "paula")

    response = client.post("/clinic/two-factor/recovery-codes")

    assert response.status_code == 422
    assert not RecoveryCode.objects.exists()


# --- passkeys without a browser: what is refused (tests/browser has the ceremonies) --------


def test_it_refuses_a_passkey_answer_that_proves_nothing_and_counts_it(
    provider: Membership, at_once: None
) -> None:
    enrolled("paula")
    client = https_client()
    sign_in(client, "paula")

    client.post("/clinic/sign-in/passkey/options")
    response = client.post(
        "/clinic/sign-in/passkey", {"id": "x", "rawId": "x"}, content_type="application/json"
    )

    assert response.status_code == 400
    assert AccessAttempt.objects.filter(username="paula").exists()
    assert client.get(dashboard(provider)).status_code == 302


def test_it_offers_no_passkey_challenge_before_the_password(provider: Membership) -> None:
    response = https_client().post("/clinic/sign-in/passkey/options")

    assert response.status_code == 401


def test_it_explains_that_passkeys_need_the_sites_name_not_an_ip_address(
    provider: Membership,
) -> None:
    with override_settings(ALLOWED_HOSTS=["127.0.0.1"]):
        client = Client(HTTP_HOST="127.0.0.1")
        sign_in(client, "paula")
        page = client.get(TWO_FACTOR).content.decode()
        options = client.post("/clinic/two-factor/passkeys/options")

    assert "not at a numeric address" in page
    assert options.status_code == 400

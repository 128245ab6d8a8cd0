"""ASVS V6.4.4: a member who lost their second factor and its recovery codes gets a new one only
through a manager of their clinic, who checks who they are as at the invitation and writes
how, their own password given lately. The member's factors and codes stop working, every
browser of theirs is signed out, they are emailed, and where the clinic requires a second
factor they set up a new one as they next sign in. Nobody resets their own."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice
from tests.web.clinic.people import https_client
from tests.web.clinic.two_factor_steps import (
    TWO_FACTOR,
    dashboard,
    enrolled,
    require_two_factor,
    sign_in,
)

from toxfill.web.clinic.idle_sign_out import PASSWORD_FRESH_SECONDS, PASSWORD_GIVEN
from toxfill.web.clinic.models import Membership, RecoveryCode

PROOF = "in person at the front desk, photo ID seen"


def _reset(client: Client, manager: Membership, member: Membership, proof: str = PROOF) -> Any:
    url = f"{dashboard(manager)}members/{member.public_id}/second-factor/reset"
    return client.post(url, {"proof": proof})


def _signed_in_manager() -> Client:
    """Mia, signed in with her password just now and an authenticator app."""
    client, _ = enrolled("mia")
    return client


def test_a_manager_resets_a_colleagues_lost_factor_and_they_set_up_a_new_one(
    manager: Membership, provider: Membership, caplog: pytest.LogCaptureFixture
) -> None:
    # given Paula, with an app and recovery codes, signed in, and a clinic requiring a factor
    provider.user.email = "paula@example.org"
    provider.user.save()
    paula, _ = enrolled("paula")
    paula.post("/clinic/two-factor/recovery-codes")
    mia = _signed_in_manager()
    require_two_factor(provider.clinic)
    assert RecoveryCode.objects.filter(user=provider.user).exists()
    # when Mia resets it, having checked who Paula is
    with caplog.at_level(logging.WARNING, logger="toxfill.two_factor"):
        response = _reset(mia, manager, provider)
    # then her app and codes are gone, and she is signed out of the browser she had
    assert response.status_code == 200
    assert "1 factor(s) removed; they were signed out and emailed." in response.content.decode()
    assert not TOTPDevice.objects.filter(user=provider.user).exists()
    assert not RecoveryCode.objects.filter(user=provider.user).exists()
    assert paula.get(dashboard(provider)).status_code == 302
    # and she is told by email, and the log says who, and how identity was checked
    (sent,) = mail.outbox
    assert sent.to == [provider.user.email]
    assert "Mia" in sent.body or "mia" in sent.body
    assert "If you did not ask for this" in sent.body
    (line,) = [r.getMessage() for r in caplog.records if "reset by" in r.getMessage()]
    assert "second factor of paula reset by mia" in line
    assert f"identity checked: {PROOF}" in line
    # and as she next signs in she sets up a new factor before anything else
    again = https_client()
    assert sign_in(again, "paula")["Location"] == TWO_FACTOR


def test_the_managers_password_is_asked_again_when_not_given_lately(
    manager: Membership, provider: Membership
) -> None:
    enrolled("paula")
    client = _signed_in_manager()
    session = client.session
    session[PASSWORD_GIVEN] -= PASSWORD_FRESH_SECONDS + 1
    session.save()

    response = _reset(client, manager, provider)

    assert response.status_code == 302
    assert response["Location"].startswith("/clinic/confirm-password/")
    assert TOTPDevice.objects.filter(user=provider.user).exists()


@pytest.mark.parametrize(
    ("proof", "said"),
    [
        ("", "say in 10 to 200 characters how you checked who they are"),
        ("trust me", "say in 10 to 200 characters"),
        ("in person\nsecond factor of mia reset", "holds the invisible character"),
    ],
)
def test_how_identity_was_checked_must_be_said_on_one_line(
    manager: Membership, provider: Membership, proof: str, said: str
) -> None:
    enrolled("paula")

    response = _reset(_signed_in_manager(), manager, provider, proof)

    assert response.status_code == 422
    assert said in response.content.decode()
    assert TOTPDevice.objects.filter(user=provider.user).exists()


def test_a_member_without_email_is_told_by_the_manager(
    manager: Membership, provider: Membership
) -> None:
    enrolled("paula")

    response = _reset(_signed_in_manager(), manager, provider)

    assert "They have no email address: tell them." in response.content.decode()
    assert not mail.outbox


def test_nobody_resets_their_own(manager: Membership) -> None:
    client = _signed_in_manager()

    response = _reset(client, manager, manager)

    assert response.status_code == 422
    assert "never by yourself" in response.content.decode()


def test_only_a_manager_of_the_members_clinic_resets_it(
    manager: Membership, provider: Membership, front_desk: Membership, outsider: Membership
) -> None:
    enrolled("paula")
    desk = https_client()
    sign_in(desk, front_desk.user.username)
    assert _reset(desk, front_desk, provider).status_code == 403
    other = https_client()
    sign_in(other, outsider.user.username)
    assert _reset(other, outsider, provider).status_code == 404
    assert TOTPDevice.objects.filter(user=provider.user).exists()


def test_the_members_page_offers_it_only_for_a_colleague_with_a_factor(
    manager: Membership, provider: Membership, front_desk: Membership
) -> None:
    enrolled("paula")

    page = _signed_in_manager().get(f"{dashboard(manager)}members/").content.decode()

    assert "Reset paula's two-factor sign-in" in page
    assert "two-factor sign-in</summary>" not in page.split("mia</span>")[1].split("</tr>")[0]
    desk = front_desk.user.username
    assert f"Reset {desk}'s" not in page

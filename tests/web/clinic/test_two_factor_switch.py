"""The manager's switch that requires two-factor sign-in of everyone at a clinic (issue 23,
item 1): who may turn it on, every role sent to set up a second factor before anything else, a
session begun before the switch, the API, personal tokens, and the demo's logins."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, override_settings
from tests.web.clinic.people import PASSWORD, https_client
from tests.web.clinic.two_factor_steps import (
    ROLES,
    TWO_FACTOR,
    dashboard,
    enrolled,
    require_two_factor,
    set_up_app,
    sign_in,
)

from toxfill.web.clinic.demo import DEMO_PASSWORD, load_demo
from toxfill.web.clinic.models import Clinic, Membership


@pytest.mark.parametrize(("required", "sent_to"), [(False, "/clinic/"), (True, TWO_FACTOR)])
def test_it_lets_a_demo_login_in_with_its_password_alone_unless_the_switch_is_on(
    required: bool, sent_to: str, db: Any
) -> None:
    # given the demo clinic of `make run`, whose printed logins have no second factor
    load_demo(patients=1)
    Clinic.objects.filter(is_demo=True).update(requires_two_factor=required)
    # when a newcomer signs in with one of them
    with override_settings(DEMO=True):
        response = sign_in(https_client(), "demo-provider", DEMO_PASSWORD)
    # then they are in, unless the demo's manager turned the switch on
    assert response["Location"] == sent_to


# --- the manager's switch ------------------------------------------------------------------


def _switch(client: Client, clinic: Clinic, on: bool) -> Any:
    data = {"required": "on"} if on else {}
    return client.post(f"/clinic/{clinic.public_id}/members/two-factor", data)


def test_it_lets_a_manager_with_a_second_factor_require_it_clinic_wide(
    manager: Membership,
) -> None:
    client, _ = enrolled("mia")

    response = _switch(client, manager.clinic, True)

    assert response.status_code == 302
    assert Clinic.objects.get(pk=manager.clinic_id).requires_two_factor
    assert Clinic.history.filter(id=manager.clinic_id, requires_two_factor=True).exists()


def test_it_refuses_the_switch_to_a_manager_without_a_second_factor(
    manager: Membership,
) -> None:
    client = https_client()
    sign_in(client, "mia")

    response = _switch(client, manager.clinic, True)

    assert response.status_code == 422
    assert "set up two-factor sign-in for yourself first" in response.content.decode()
    assert not Clinic.objects.get(pk=manager.clinic_id).requires_two_factor


@pytest.mark.parametrize("role", ["provider", "front_desk", "auditor"])
def test_it_refuses_the_switch_to_every_other_role(
    role: str, personas: dict[str, Membership]
) -> None:
    member = personas[role]
    client, _ = enrolled(member.user.username)

    response = _switch(client, member.clinic, True)

    assert response.status_code == 403
    assert not Clinic.objects.get(pk=member.clinic_id).requires_two_factor


@pytest.mark.parametrize("role", ROLES)
def test_it_sends_every_role_without_a_second_factor_to_set_one_up_before_anything_else(
    role: str, personas: dict[str, Membership]
) -> None:
    # given a clinic that requires two-factor sign-in, and a member without a second factor
    member = personas[role]
    require_two_factor(member.clinic)
    client = https_client()
    # when they give their password
    response = sign_in(client, member.user.username)
    # then they are sent to set one up, and nothing else opens (they are not signed in)
    assert response["Location"] == TWO_FACTOR
    assert "requires two-factor sign-in" in client.get(TWO_FACTOR).content.decode()
    assert client.get(dashboard(member)).status_code == 302
    assert client.get("/api/v1/clinic/").status_code == 401
    # and once the app is set up they are signed in, with a second factor shown
    set_up_app(client)
    assert client.get(dashboard(member)).status_code == 200


def test_it_sends_a_session_begun_before_the_switch_to_set_one_up(
    provider: Membership, patient: Any
) -> None:
    # given paula signed in with her password alone, then the clinic requires a second factor
    client = https_client()
    sign_in(client, "paula")
    require_two_factor(provider.clinic)
    # then her pages send her to set one up, and the API refuses her session
    page = client.get(f"{dashboard(provider)}patients/")
    api = client.get(f"/api/v1/clinic/{provider.clinic.public_id}/patients")
    token = client.post(
        "/api/v1/clinic/tokens", {"name": "script"}, content_type="application/json"
    )
    assert page.status_code == 302
    assert page["Location"].startswith(TWO_FACTOR)
    assert api.status_code == 403
    assert "two-factor" in api.json()["detail"][0]["msg"]
    assert token.status_code == 403
    # until she sets one up in that session
    set_up_app(client)
    assert client.get(f"{dashboard(provider)}patients/").status_code == 200
    assert client.get(f"/api/v1/clinic/{provider.clinic.public_id}/patients").status_code == 200


def test_it_keeps_personal_tokens_working_when_the_switch_is_turned_on(
    provider: Membership,
) -> None:
    # given a token paula made before her clinic required a second factor
    client = https_client()
    sign_in(client, "paula")
    made = client.post("/api/v1/clinic/tokens", {"name": "script"}, content_type="application/json")
    require_two_factor(provider.clinic)
    # then the token still reads (tokens are not an interactive sign-in)
    response = Client().get(
        f"/api/v1/clinic/{provider.clinic.public_id}/patients",
        HTTP_AUTHORIZATION=f"Bearer {made.json()['secret']}",
    )
    assert response.status_code == 200


def test_it_refuses_api_sign_in_without_a_second_factor_where_one_is_required(
    provider: Membership,
) -> None:
    require_two_factor(provider.clinic)

    response = https_client().post(
        "/api/v1/clinic/login",
        {"username": "paula", "password": PASSWORD},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert "requires two-factor sign-in" in response.json()["detail"][0]["msg"]


def test_it_keeps_the_last_factor_while_the_clinic_requires_one(provider: Membership) -> None:
    client, _ = enrolled("paula")
    require_two_factor(provider.clinic)

    response = client.post("/clinic/two-factor/app/remove")

    assert response.status_code == 422
    assert "add another before removing" in response.content.decode()


def test_it_shows_the_manager_who_has_a_second_factor(
    manager: Membership, provider: Membership
) -> None:
    enrolled("paula")
    client = https_client()
    sign_in(client, "mia")

    page = client.get(f"{dashboard(manager)}members/").content.decode()

    paula_row = page.split("paula</span>")[1].split("</tr>")[0]
    mia_row = page.split("mia</span>")[1].split("</tr>")[0]
    assert "On · app" in paula_row
    assert "Off" in mia_row

"""What a password may be (the checklist's ASVS 6.2 items, beside the refusals in
test_login_limits.py): long ones and ones of any characters are taken, checked exactly as
typed, and typed into masked fields a password manager can fill."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from tests.web.clinic.people import https_client

from toxfill.web.clinic.models import Membership

Url = Callable[[Membership, str], str]
LONG = "the quiet heron waits by the reeds at dawn " * 3  # 129 characters


def _signs_in(username: str, password: str) -> bool:
    """Whether the API's sign-in takes this password (each try from a new browser)."""
    response = https_client().post(
        "/api/v1/clinic/login",
        {"username": username, "password": password},
        content_type="application/json",
    )
    return bool(response.status_code == 200)


def _new_member(manager: Membership, client: Client, at: Url, username: str, password: str) -> int:
    response = client.post(
        at(manager, "/members"),
        {"username": username, "role": "front-desk", "password": password},
        content_type="application/json",
    )
    return int(response.status_code)


@pytest.mark.parametrize(
    "password",
    [
        pytest.param(LONG, id="129_characters"),
        pytest.param("lowercase words only here", id="no_capital_digit_or_symbol"),
        pytest.param("ÄÖÜ ß ñ 漢字 пароль ✓ 🙂 ok", id="any_script_and_emoji"),
        pytest.param("   spaces   count   too   ", id="spaces_kept"),
    ],
)
def test_it_takes_a_long_password_or_one_of_any_characters(
    manager: Membership, client_for: Callable[[Membership], Client], at: Url, password: str
) -> None:
    assert _new_member(manager, client_for(manager), at, "newbie", password) == 201

    assert _signs_in("newbie", password)


def test_it_checks_the_password_exactly_as_typed(
    manager: Membership, client_for: Callable[[Membership], Client], at: Url
) -> None:
    assert _new_member(manager, client_for(manager), at, "newbie", LONG) == 201

    # four near misses (a fifth wrong one would pause the name): cut at bcrypt's 72 bytes,
    # in capitals, without its trailing space, with one more
    for near in (LONG[:72], LONG.upper(), LONG.rstrip(), LONG + " "):
        assert not _signs_in("newbie", near), repr(near[-8:])
    assert _signs_in("newbie", LONG)


def test_the_password_field_is_masked_and_open_to_password_managers(db: object) -> None:
    html = https_client().get("/clinic/sign-in/").content.decode()

    assert '<input id="id_password" name="password" type="password"' in html
    assert 'autocomplete="current-password"' in html
    assert "onpaste" not in html

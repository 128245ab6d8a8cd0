"""Sign-in that cannot be turned against the server or the person (issue 19, item 4): a
server-sized hash, a cap on password checks at once, pauses per address and per
username+address, no sign-in from another site, a password policy, revoked tokens refused."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher, make_password
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.http import HttpResponse
from django.test import Client, override_settings
from tests.web.clinic.people import PASSWORD, https_client

from toxfill.web import settings as production
from toxfill.web.clinic import auth
from toxfill.web.clinic.demo import DEMO_PASSWORD, LOGINS
from toxfill.web.clinic.models import Membership

Url = Callable[[Membership, str], str]
LOGIN = "/api/v1/clinic/login"


def _sign_in(client: Client, username: str, password: str, **headers: str) -> HttpResponse:
    response: HttpResponse = client.post(
        LOGIN,
        {"username": username, "password": password},
        content_type="application/json",
        **headers,
    )
    return response


@pytest.fixture
def every_check_taken(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The server process is already checking as many passwords as it may."""
    monkeypatch.setattr(auth, "CHECK_WAIT_SECONDS", 0)
    held = 0
    while auth._checks.acquire(blocking=False):
        held += 1
    yield
    for _ in range(held):
        auth._checks.release()


def test_it_sizes_argon2_for_a_server() -> None:
    with override_settings(PASSWORD_HASHERS=production.PASSWORD_HASHERS):
        encoded = make_password("a long passphrase")
    # OWASP's server profile: 19 MiB, 2 passes, 1 lane (Django's default: 100 MiB, 8 lanes)
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")


def test_it_rehashes_an_old_argon2_password_at_the_server_size(provider: Membership) -> None:
    # given paula's password hashed with Django's default argon2 (100 MiB)
    user = provider.user
    user.password = make_password(PASSWORD, hasher=Argon2PasswordHasher())
    user.save(update_fields=["password"])
    assert "m=102400" in user.password
    with override_settings(PASSWORD_HASHERS=production.PASSWORD_HASHERS):
        # when she signs in
        response = _sign_in(https_client(), "paula", PASSWORD)
    # then it still works, and her hash is now the server size
    assert response.status_code == 200
    user.refresh_from_db()
    assert "$m=19456,t=2,p=1$" in user.password


def test_it_answers_429_to_api_sign_in_while_too_many_passwords_are_checked(
    provider: Membership, every_check_taken: None
) -> None:
    response = _sign_in(https_client(), "paula", PASSWORD)

    assert response.status_code == 429
    assert response["Retry-After"] == "1"
    assert response.json()["detail"][0]["type"] == "busy"


def test_it_answers_429_to_the_sign_in_page_while_too_many_passwords_are_checked(
    provider: Membership, every_check_taken: None
) -> None:
    response = https_client().post("/clinic/sign-in/", {"username": "paula", "password": PASSWORD})

    assert response.status_code == 429
    assert response["Retry-After"] == "1"
    assert "Too many sign-ins at once" in response.content.decode()


def test_it_checks_passwords_again_once_a_check_is_free(provider: Membership) -> None:
    # the cap is released after each check, wrong passwords and unknown names included
    for _ in range(production.LOGIN_CONCURRENT_CHECKS + 1):
        _sign_in(https_client(), "nobody-here", "a wrong password")

    assert _sign_in(https_client(), "paula", PASSWORD).status_code == 200


def test_it_pauses_an_address_that_tries_many_usernames(provider: Membership) -> None:
    # given one address that tried twenty names, once each
    guesser = https_client()
    for n in range(production.AXES_ADDRESS_FAILURE_LIMIT):
        _sign_in(guesser, f"clinician-{n}", "a wrong password", HTTP_X_FORWARDED_FOR="203.0.113.7")
    # when paula signs in from that address, and from her own
    there = _sign_in(https_client(), "paula", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.7")
    home = _sign_in(https_client(), "paula", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.2")
    # then only the guessing address is paused
    assert there.status_code == 429
    assert home.status_code == 200


def test_it_pauses_a_name_only_for_the_visitor_who_guessed_it(provider: Membership) -> None:
    # given five wrong passwords for paula from one visitor behind the proxy
    for _ in range(5):
        _sign_in(https_client(), "paula", "a wrong password", HTTP_X_FORWARDED_FOR="203.0.113.7")
    # then that visitor waits, and paula, behind the same proxy, signs in
    guesser = _sign_in(https_client(), "paula", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.7")
    paula = _sign_in(https_client(), "paula", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert guesser.status_code == 429
    assert paula.status_code == 200


def test_it_forgives_only_the_signed_in_names_failures(provider: Membership) -> None:
    # given an address with fifteen failures for other names and four typos of paula's
    for n in range(production.AXES_ADDRESS_FAILURE_LIMIT - 5):
        _sign_in(https_client(), f"clinician-{n}", "a wrong password")
    for _ in range(4):
        _sign_in(https_client(), "paula", "a wrong password")
    # when paula signs in there, and five more names are tried
    assert _sign_in(https_client(), "paula", PASSWORD).status_code == 200
    for n in range(5):
        _sign_in(https_client(), f"other-{n}", "a wrong password")
    # then her success did not wipe the other names' failures: the address is paused
    assert _sign_in(https_client(), "paula", PASSWORD).status_code == 429


@pytest.mark.parametrize(
    ("content_type", "headers", "status"),
    [
        pytest.param("text/plain", {}, 415, id="text_plain_form"),
        pytest.param("application/x-www-form-urlencoded", {}, 415, id="urlencoded_form"),
        pytest.param(
            "application/json", {"HTTP_ORIGIN": "https://attacker.example"}, 403, id="other_origin"
        ),
        pytest.param("application/json", {"HTTP_ORIGIN": "null"}, 403, id="opaque_origin"),
        pytest.param(
            "application/json",
            {"HTTP_REFERER": "https://attacker.example/page"},
            403,
            id="other_referer",
        ),
        pytest.param(
            "application/json", {"HTTP_ORIGIN": "https://testserver"}, 200, id="same_origin"
        ),
        pytest.param(
            "application/json",
            {"HTTP_REFERER": "https://testserver/clinic/"},
            200,
            id="same_referer",
        ),
        pytest.param("application/json", {}, 200, id="not_a_browser"),
    ],
)
def test_it_signs_in_only_from_this_site(
    provider: Membership, content_type: str, headers: dict[str, str], status: int
) -> None:
    client = https_client()
    body = f'{{"username": "paula", "password": "{PASSWORD}"}}'

    response = client.post(LOGIN, body, content_type=content_type, secure=True, **headers)

    assert response.status_code == status
    assert ("sessionid" in response.cookies) is (status == 200)


@pytest.mark.parametrize(
    ("username", "password", "rule"),
    [
        pytest.param("newbie", "a", "at least 12 characters", id="too_short"),
        pytest.param("newbie", "123456789012", "entirely numeric", id="numeric"),
        pytest.param("newbie", "password1234", "too common", id="common"),
        pytest.param("carla.mendes", "carlamendes1", "too similar", id="like_the_username"),
    ],
)
def test_it_refuses_a_weak_password_naming_the_rule(
    manager: Membership,
    client_for: Callable[[Membership], Client],
    at: Url,
    username: str,
    password: str,
    rule: str,
) -> None:
    response = client_for(manager).post(
        at(manager, "/members"),
        {"username": username, "role": "front-desk", "password": password},
        content_type="application/json",
    )

    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"] == ["body", "password"]
    assert rule in error["msg"]
    assert not User.objects.filter(username=username).exists()


def test_it_accepts_the_demo_password_under_the_policy(db: Any) -> None:
    for login in LOGINS:
        validate_password(DEMO_PASSWORD, User(username=login.username))


def test_it_answers_401_to_a_write_with_a_revoked_token(
    provider: Membership, client_for: Callable[[Membership], Client], at: Url
) -> None:
    # given a token paula has revoked
    session = client_for(provider)
    created = session.post(
        "/api/v1/clinic/tokens", {"name": "old script"}, content_type="application/json"
    )
    session.post(f"/api/v1/clinic/tokens/{created.json()['id']}/revoke")
    # when a script writes with it
    response = https_client(enforce_csrf_checks=True).post(
        at(provider, "/followups"),
        {"due_on": "2099-01-01"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {created.json()['secret']}",
    )
    # then it is not signed in (401), not a CSRF failure (403)
    assert response.status_code == 401

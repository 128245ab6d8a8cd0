"""A signed-in session's life (the checklist's ASVS V7 items): a new key at sign-in, a
cookie scripts cannot read, one working day at most, and an end that holds on the server:
at sign-out and when the person's account is turned off."""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Callable

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone
from tests.web.clinic.people import PASSWORD, https_client

from toxfill.web.clinic.models import Membership

Url = Callable[[Membership, str], str]
LOGIN = "/api/v1/clinic/login"
LOGOUT = "/api/v1/clinic/logout"


def _signed_in(username: str) -> tuple[Client, str]:
    """A browser signed in through the API, and its session key."""
    client = https_client()
    response = client.post(
        LOGIN, {"username": username, "password": PASSWORD}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    return client, client.cookies[settings.SESSION_COOKIE_NAME].value


def _with_cookie(key: str) -> Client:
    """Another browser that presents the session key as its own cookie."""
    client = https_client()
    client.cookies[settings.SESSION_COOKIE_NAME] = key
    return client


def test_signing_in_replaces_the_session_key_a_visitor_came_with(provider: Membership) -> None:
    # given a session key planted in the browser before sign-in (session fixation)
    planted = SessionStore()
    planted["seen"] = True
    planted.create()
    client = https_client()
    client.cookies[settings.SESSION_COOKIE_NAME] = planted.session_key or ""
    # when paula signs in
    response = client.post(
        LOGIN, {"username": "paula", "password": PASSWORD}, content_type="application/json"
    )
    # then she has a new key, the planted one is gone, and the new one is 32 random characters
    new_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert response.status_code == 200
    assert new_key != planted.session_key
    assert not Session.objects.filter(session_key=planted.session_key).exists()
    assert len(new_key) == 32  # Django's key: 32 of [a-z0-9] from `secrets`, 165 bits
    assert set(new_key) <= set(string.ascii_lowercase + string.digits)


def test_the_session_cookie_is_hidden_from_scripts_and_ends_with_the_browser(
    provider: Membership,
) -> None:
    client = https_client()
    client.post(LOGIN, {"username": "paula", "password": PASSWORD}, content_type="application/json")

    cookie = client.cookies[settings.SESSION_COOKIE_NAME]

    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == ""  # no lifetime of its own: it goes when the browser closes
    assert cookie["expires"] == ""


def test_a_session_lasts_one_working_day_and_is_refused_after(
    provider: Membership, at: Url
) -> None:
    client, key = _signed_in("paula")
    session = Session.objects.get(session_key=key)
    lifetime = session.expire_date - timezone.now()
    assert dt.timedelta(hours=7, minutes=59) < lifetime <= dt.timedelta(hours=8)
    assert client.get(at(provider, "/patients")).status_code == 200
    # when the working day has passed
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    # then the same cookie opens nothing
    assert client.get(at(provider, "/patients")).status_code == 401


def test_signing_out_ends_the_session_on_the_server_not_only_in_the_browser(
    provider: Membership, at: Url
) -> None:
    client, key = _signed_in("paula")

    signed_out = client.post(LOGOUT)

    assert signed_out.status_code == 204
    assert signed_out["Clear-Site-Data"] == '"cache", "storage"'
    assert not Session.objects.filter(session_key=key).exists()
    # a copy of the old cookie, kept by an attacker, is refused
    assert _with_cookie(key).get(at(provider, "/patients")).status_code == 401


def test_the_sign_out_page_asks_the_browser_to_drop_what_it_kept_of_the_site(
    provider: Membership, client_for: Callable[[Membership], Client]
) -> None:
    client = client_for(provider)

    response = client.post("/clinic/sign-out/")

    assert response.status_code == 302
    assert response["Location"] == "/clinic/sign-in/"
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert client.get(f"/clinic/{provider.clinic.public_id}/").status_code == 302


def test_turning_off_an_account_ends_its_sessions_and_tokens(provider: Membership, at: Url) -> None:
    client, key = _signed_in("paula")
    token = client.post(
        "/api/v1/clinic/tokens", {"name": "script"}, content_type="application/json"
    ).json()["secret"]
    assert client.get(at(provider, "/patients")).status_code == 200

    provider.user.is_active = False
    provider.user.save(update_fields=["is_active"])

    assert _with_cookie(key).get(at(provider, "/patients")).status_code == 401
    bearer = https_client().get(at(provider, "/patients"), HTTP_AUTHORIZATION=f"Bearer {token}")
    assert bearer.status_code == 401


def test_every_workspace_page_offers_sign_out(
    provider: Membership, client_for: Callable[[Membership], Client]
) -> None:
    client = client_for(provider)
    home = f"/clinic/{provider.clinic.public_id}/"

    for page in (home, f"{home}patients/", f"{home}follow-ups/", "/clinic/two-factor/"):
        response = client.get(page)
        assert response.status_code == 200, page
        assert 'action="/clinic/sign-out/"' in response.content.decode(), page

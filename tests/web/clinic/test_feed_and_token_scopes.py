"""Tokens with the least power they need: a personal API token has a scope (`read` or
`read-write`) and an expiry, and is made and revoked only from a signed-in session."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from tests.web.clinic.people import https_client

from toxfill.web.clinic.models import ApiToken, Membership

Url = Callable[[Membership, str], str]
Browser = Callable[[Membership], Client]

TOKENS = "/api/v1/clinic/tokens"


def _new_token(browser: Client, **asked: Any) -> dict[str, Any]:
    """A personal token made from the signed-in browser, as its owner would."""
    answer = browser.post(TOKENS, {"name": "script", **asked}, content_type="application/json")
    assert answer.status_code == 201, answer.content
    made: dict[str, Any] = answer.json()
    return made


def _bearer(secret: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


# --- personal tokens: a scope, an expiry ---------------------------------------------------------


def test_it_makes_a_read_token_for_90_days_unless_told_otherwise(
    provider: Membership, client_for: Browser
) -> None:
    made = _new_token(client_for(provider))

    lasts = dt.datetime.fromisoformat(made["expires_at"]) - timezone.now()
    assert made["scope"] == "read"
    assert dt.timedelta(days=89) < lasts <= dt.timedelta(days=90)


def test_it_refuses_a_write_with_a_read_token_naming_its_scope(
    provider: Membership, client_for: Browser, at: Url
) -> None:
    # given a read token, which reads
    token = _new_token(client_for(provider), scope="read")
    read = https_client().get(at(provider, "/patients"), **_bearer(token["secret"]))
    # when a script writes with it
    answer = https_client().post(
        at(provider, "/patients"),
        {"given_name": "Bo", "family_name": "Li", "date_of_birth": "1990-01-01"},
        content_type="application/json",
        **_bearer(token["secret"]),
    )
    # then it is refused, naming the scope it has and the one a write needs
    assert read.status_code == 200
    assert answer.status_code == 403
    (error,) = answer.json()["detail"]
    assert "'read'" in error["msg"]
    assert "'read-write'" in error["msg"]


def test_it_lets_a_read_write_token_write_where_a_read_one_may_not(
    provider: Membership, client_for: Browser, at: Url
) -> None:
    browser = client_for(provider)
    tokens = {scope: _new_token(browser, scope=scope)["secret"] for scope in ("read", "read-write")}

    answers = {
        scope: https_client()
        .post(
            at(provider, "/patients"),
            {"given_name": "Bo", "family_name": "Li", "date_of_birth": "1990-01-01"},
            content_type="application/json",
            **_bearer(secret),
        )
        .status_code
        for scope, secret in tokens.items()
    }

    assert answers == {"read": 403, "read-write": 201}


def test_it_answers_401_to_an_expired_token(
    provider: Membership, client_for: Browser, at: Url
) -> None:
    # given a token whose time is up
    token = _new_token(client_for(provider), scope="read-write")
    ApiToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    # when a script reads with it, then it is not signed in
    answer = https_client().get(at(provider, "/patients"), **_bearer(token["secret"]))
    assert answer.status_code == 401


@pytest.mark.parametrize(
    ("asked", "field"),
    [
        pytest.param({"expires_in_days": 366}, "expires_in_days", id="over_a_year"),
        pytest.param({"expires_in_days": 0}, "expires_in_days", id="no_days"),
        pytest.param({"scope": "admin"}, "scope", id="unknown_scope"),
    ],
)
def test_it_refuses_a_token_longer_than_a_year_or_of_an_unknown_scope(
    asked: dict[str, Any], field: str, provider: Membership, client_for: Browser
) -> None:
    answer = client_for(provider).post(
        TOKENS, {"name": "script", **asked}, content_type="application/json"
    )

    assert answer.status_code == 422
    (error,) = answer.json()["detail"]
    assert error["loc"][-1] == field
    assert not ApiToken.objects.exists()


# --- tokens and feeds come from a signed-in session, never from a token --------------------------


def test_it_refuses_to_make_a_token_with_a_token(provider: Membership, client_for: Browser) -> None:
    token = _new_token(client_for(provider), scope="read-write")

    answer = https_client().post(
        TOKENS, {"name": "successor"}, content_type="application/json", **_bearer(token["secret"])
    )

    assert answer.status_code == 403
    assert ApiToken.objects.count() == 1


def test_it_refuses_to_revoke_a_token_with_a_token(
    provider: Membership, client_for: Browser
) -> None:
    token = _new_token(client_for(provider), scope="read-write")

    answer = https_client().post(f"{TOKENS}/{token['id']}/revoke", **_bearer(token["secret"]))

    assert answer.status_code == 403
    assert ApiToken.objects.get().revoked_at is None

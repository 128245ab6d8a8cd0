"""Signing in: argon2 hashes, throttled guessing, CSRF on session writes, personal tokens
stored as digests and revocable."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.hashers import make_password
from django.test import Client, override_settings
from tests.web.clinic.people import PASSWORD, https_client

from toxfill.web import settings as production
from toxfill.web.clinic.models import ApiToken, Membership

Url = Callable[[Membership, str], str]


def _sign_in(client: Client, username: str, password: str) -> object:
    return client.post(
        "/api/v1/clinic/login",
        {"username": username, "password": password},
        content_type="application/json",
    )


def test_it_hashes_passwords_with_argon2() -> None:
    with override_settings(PASSWORD_HASHERS=production.PASSWORD_HASHERS):
        assert make_password("a long passphrase").startswith("argon2$")


def test_it_signs_in_and_lists_the_members_clinics(provider: Membership) -> None:
    response = _sign_in(https_client(), "paula", PASSWORD)

    assert response.status_code == 200  # type: ignore[attr-defined]
    assert response.json() == [  # type: ignore[attr-defined]
        {
            "id": str(provider.clinic.public_id),
            "name": "Riverside",
            "time_zone": "America/New_York",
            "role": "provider",
        }
    ]


def test_it_pauses_sign_in_after_five_wrong_passwords(provider: Membership) -> None:
    client = https_client()
    for _ in range(5):
        _sign_in(client, "paula", "wrong")

    response = _sign_in(client, "paula", PASSWORD)

    assert response.status_code != 200  # type: ignore[attr-defined]


def test_it_checks_csrf_on_writes_by_session(
    provider: Membership, patient: object, at: Url
) -> None:
    client = https_client(enforce_csrf_checks=True)
    client.force_login(provider.user, backend="toxfill.web.clinic.auth.ClinicBackend")

    response = client.post(
        at(provider, "/followups"), {"due_on": "2099-01-01"}, content_type="application/json"
    )

    assert response.status_code == 403


def test_it_issues_a_token_shown_once_and_stored_as_a_digest(
    provider: Membership, client_for: Callable[[Membership], Client], at: Url
) -> None:
    created = client_for(provider).post(
        "/api/v1/clinic/tokens", {"name": "export script"}, content_type="application/json"
    )
    secret = created.json()["secret"]

    answer = https_client().get(at(provider, "/patients"), HTTP_AUTHORIZATION=f"Bearer {secret}")

    assert created.status_code == 201
    assert answer.status_code == 200
    stored = ApiToken.objects.get()
    assert secret not in stored.digest
    assert len(stored.digest) == 64
    listed = client_for(provider).get("/api/v1/clinic/tokens").json()
    assert "secret" not in listed[0]


def test_it_refuses_a_revoked_token(
    provider: Membership, client_for: Callable[[Membership], Client], at: Url
) -> None:
    client = client_for(provider)
    created = client.post(
        "/api/v1/clinic/tokens", {"name": "old"}, content_type="application/json"
    ).json()

    revoked = client.post(f"/api/v1/clinic/tokens/{created['id']}/revoke")
    answer = https_client().get(
        at(provider, "/patients"), HTTP_AUTHORIZATION=f"Bearer {created['secret']}"
    )

    assert revoked.status_code == 200
    assert answer.status_code == 401

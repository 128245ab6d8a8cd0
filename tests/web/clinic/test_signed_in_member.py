"""Who is asking, read once a request: the session, then the member with their account and
clinic in one query (issue 20 item 3), still checked as Django checks any session."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from tests.web.clinic.people import https_client

from toxfill.web.clinic.models import Clinic, Membership


def _page(member: Membership, path: str = "lots/") -> str:
    return f"/clinic/{member.clinic.public_id}/{path}"


def _tables_read(client: Client, url: str) -> list[str]:
    """The table each statement of the request reads (its outer FROM), in order."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [_outer_from(query["sql"]) for query in captured]


def _outer_from(sql: str) -> str:
    while (inner := re.sub(r"\([^()]*\)", "", sql)) != sql:  # drop subqueries, innermost first
        sql = inner
    found = re.search(r'\bFROM "?(\w+)"?', sql)
    return found.group(1) if found else ""


@pytest.mark.parametrize("door", ["page", "api"])
def test_it_reads_the_member_account_and_clinic_in_one_query_after_the_session(
    door: str,
    provider: Membership,
    client_for: Callable[[Membership], Client],
    at: Callable[[Membership, str], str],
) -> None:
    # given paula signed in
    client = client_for(provider)
    url = _page(provider) if door == "page" else at(provider, "/lots")
    # when she opens the lots, as a page and as JSON
    tables = _tables_read(client, url)
    # then the session and one read of her membership come first, and nothing else asks who
    # she is: no read of her account alone, no separate demo check
    assert tables[:2] == ["django_session", "clinic_membership"]
    assert "auth_user" not in tables
    assert tables.count("clinic_membership") == 1


def test_it_checks_a_token_and_its_owner_in_one_query_then_reads_the_member(
    provider: Membership,
    client_for: Callable[[Membership], Client],
    at: Callable[[Membership, str], str],
) -> None:
    # given a personal token of paula's
    made = client_for(provider).post(
        "/api/v1/clinic/tokens", {"name": "script"}, content_type="application/json"
    )
    script = https_client()
    script.defaults["HTTP_AUTHORIZATION"] = f"Bearer {made.json()['secret']}"
    # when a script sends it for the lots
    tables = _tables_read(script, at(provider, "/lots"))
    # then the token (with its owner and the demo check) and then her membership are read
    assert tables[:2] == ["clinic_apitoken", "clinic_membership"]
    assert tables.count("clinic_membership") == 1


@pytest.mark.parametrize("door", ["page", "api"])
def test_it_still_signs_out_a_session_whose_password_changed(
    door: str,
    provider: Membership,
    client_for: Callable[[Membership], Client],
    at: Callable[[Membership, str], str],
) -> None:
    # given paula signed in, and her password then changed elsewhere
    client = client_for(provider)
    provider.user.set_password("another long passphrase entirely")
    provider.user.save(update_fields=["password"])
    # when the old session asks for a page or JSON
    response = client.get(_page(provider) if door == "page" else at(provider, "/lots"))
    # then it is signed out: the page asks her to sign in, the API answers 401
    assert response.status_code == (302 if door == "page" else 401)


@pytest.mark.parametrize("door", ["page", "api"])
def test_it_still_refuses_a_demo_member_outside_demo_mode(
    door: str,
    provider: Membership,
    client_for: Callable[[Membership], Client],
    at: Callable[[Membership, str], str],
) -> None:
    # given paula signed in at a clinic that is a demo's, outside demo mode
    client = client_for(provider)
    Clinic.objects.filter(pk=provider.clinic_id).update(is_demo=True)
    # when she asks for a page or JSON
    response = client.get(_page(provider) if door == "page" else at(provider, "/lots"))
    # then she is not signed in
    assert response.status_code == (302 if door == "page" else 401)


@pytest.mark.parametrize("door", ["page", "api"])
def test_it_answers_another_clinic_with_the_same_404(
    door: str,
    provider: Membership,
    outsider: Membership,
    client_for: Callable[[Membership], Client],
    at: Callable[[Membership, str], str],
) -> None:
    client = client_for(provider)

    response = client.get(_page(outsider) if door == "page" else at(outsider, "/lots"))

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("path", "budget"),
    # a list that shows patients spends 4 on logging them (test_read_logging.py)
    [
        pytest.param("/patients", 7, id="patients"),
        pytest.param("/sessions", 8, id="sessions"),
        pytest.param("/lots", 3, id="lots"),
        pytest.param("/followups", 7, id="followups"),
        pytest.param("/events", 7, id="events"),
    ],
)
def test_it_keeps_json_lists_within_their_query_budget(
    path: str,
    budget: int,
    provider: Membership,
    charted: Any,
    client_for: Callable[[Membership], Client],
    at: Callable[[Membership, str], str],
    django_assert_max_num_queries: Any,
) -> None:
    client, url = client_for(provider), at(provider, path)
    with django_assert_max_num_queries(budget):
        assert client.get(url).status_code == 200

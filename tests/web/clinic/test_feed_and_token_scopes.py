"""Tokens and feeds with the least power they need.

A calendar feed has its own secret per person per clinic (`tfc_`, kept as a digest) that reads
that clinic's follow-ups and nothing else; a personal API token has a scope (`read` or
`read-write`) and an expiry; both are made and revoked only from a signed-in session; and the
calendar names no patient unless the clinic's manager has chosen it.

The .ics answers are read back with `ical` (tests/calendars.py), which toxfill does not
write with.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from tests.calendars import raw_properties, read_calendar
from tests.web.clinic.people import https_client, join

from toxfill.web.clinic.models import ApiToken, Clinic, FollowUp, Membership, TreatmentSession

Url = Callable[[Membership, str], str]
Browser = Callable[[Membership], Client]

TOKENS = "/api/v1/clinic/tokens"


def _new_token(browser: Client, **asked: Any) -> dict[str, Any]:
    """A personal token made from the signed-in browser, as its owner would."""
    answer = browser.post(TOKENS, {"name": "script", **asked}, content_type="application/json")
    assert answer.status_code == 201, answer.content
    made: dict[str, Any] = answer.json()
    return made


def _new_feed(browser: Client, at: Url, member: Membership) -> dict[str, Any]:
    """A calendar feed made from the signed-in browser, as the member would."""
    answer = browser.post(at(member, "/calendar-feeds"))
    assert answer.status_code == 201, answer.content
    made: dict[str, Any] = answer.json()
    return made


def _feed_path(member: Membership) -> str:
    return f"/clinic/{member.clinic.public_id}/follow-ups/feed.ics"


def _titles(content: bytes) -> list[str]:
    return [str(event.summary) for event in read_calendar(content).events]


def _bearer(secret: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


# --- the calendar feed: its own secret, per person and clinic, that reads one calendar ---------


def test_it_serves_the_feed_to_its_own_secret_as_a_valid_calendar(
    front_desk: Membership, charted: TreatmentSession, client_for: Browser, at: Url
) -> None:
    # given fred's feed at Riverside
    made = _new_feed(client_for(front_desk), at, front_desk)
    # when a calendar app reads its address
    answer = https_client().get(made["url"])
    # then it gets the open follow-up, as a calendar a parser accepts
    assert made["secret"].startswith("tfc_")
    assert made["url"].endswith(f"{_feed_path(front_desk)}?token={made['secret']}")
    assert answer.status_code == 200
    assert _titles(answer.content) == ["Follow-up: review · toxin"]


def test_a_moved_follow_up_moves_in_the_subscribed_calendar(
    front_desk: Membership, charted: TreatmentSession, client_for: Browser, at: Url
) -> None:
    """Same UID, SEQUENCE one higher, the day left free; the feed says how often to refresh
    (RFC 7986 REFRESH-INTERVAL) and names itself."""
    made = _new_feed(client_for(front_desk), at, front_desk)
    before = https_client().get(made["url"]).content
    followup = FollowUp.objects.get(clinic_id=front_desk.clinic_id, session=charted)
    FollowUp.objects.filter(clinic_id=front_desk.clinic_id, pk=followup.pk).update(
        due_on=followup.due_on + dt.timedelta(days=3), version=followup.version + 1
    )
    after = https_client().get(made["url"]).content

    old, new = read_calendar(before).events[0], read_calendar(after).events[0]
    assert new.uid == old.uid == f"{followup.public_id}@toxfill"
    assert (old.sequence, new.sequence) == (followup.version - 1, followup.version)
    assert new.dtstart == followup.due_on + dt.timedelta(days=3)
    assert raw_properties(after, "TRANSP") == ["TRANSPARENT"]
    assert raw_properties(after, "REFRESH-INTERVAL") == ["PT1H"]
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in after.decode()
    assert raw_properties(after, "NAME") == [f"{front_desk.clinic.name}: follow-ups"]


def test_it_stores_a_feed_secret_only_as_its_digest(
    front_desk: Membership, client_for: Browser, at: Url
) -> None:
    from toxfill.web.clinic.models import CalendarFeed

    made = _new_feed(client_for(front_desk), at, front_desk)

    stored = CalendarFeed.objects.get()
    assert made["secret"] not in stored.digest
    assert len(stored.digest) == 64
    listed = client_for(front_desk).get(at(front_desk, "/calendar-feeds")).json()
    assert [feed["id"] for feed in listed] == [made["id"]]
    assert "secret" not in listed[0]


def test_it_no_longer_opens_the_feed_with_a_personal_api_token(
    front_desk: Membership, charted: TreatmentSession, client_for: Browser
) -> None:
    token = _new_token(client_for(front_desk), scope="read-write")

    answer = https_client().get(_feed_path(front_desk), {"token": token["secret"]})

    assert answer.status_code == 401


def test_it_refuses_a_feed_secret_as_a_bearer_token_on_the_api(
    front_desk: Membership, client_for: Browser, at: Url
) -> None:
    made = _new_feed(client_for(front_desk), at, front_desk)

    answer = https_client().get(at(front_desk, "/patients"), **_bearer(made["secret"]))

    assert answer.status_code == 401


def test_it_gives_each_person_their_own_feed_and_revokes_it_alone(
    front_desk: Membership, provider: Membership, client_for: Browser, at: Url
) -> None:
    # given fred's and paula's feeds at Riverside
    freds = _new_feed(client_for(front_desk), at, front_desk)
    paulas = _new_feed(client_for(provider), at, provider)
    # when fred revokes his
    revoked = client_for(front_desk).post(at(front_desk, "/calendar-feeds/revoke"))
    # then his address stops working and paula's still works
    calendar_app = https_client()
    assert freds["secret"] != paulas["secret"]
    assert revoked.status_code == 200
    assert calendar_app.get(freds["url"]).status_code == 401
    assert calendar_app.get(paulas["url"]).status_code == 200


def test_it_stops_the_old_address_when_a_new_one_is_made(
    front_desk: Membership, client_for: Browser, at: Url
) -> None:
    browser = client_for(front_desk)
    old = _new_feed(browser, at, front_desk)

    new = _new_feed(browser, at, front_desk)

    calendar_app = https_client()
    assert calendar_app.get(old["url"]).status_code == 401
    assert calendar_app.get(new["url"]).status_code == 200


def test_it_opens_only_the_clinic_the_feed_was_made_for(
    manager: Membership, outsider: Membership, client_for: Browser, at: Url
) -> None:
    # given mia, who also works at Lakeside, and her feed at Riverside
    lakeside = join(outsider, "mia", "auditor")
    riverside_feed = _new_feed(client_for(manager), at, manager)
    # when her Riverside secret is used on Lakeside's address
    answer = https_client().get(_feed_path(lakeside), {"token": riverside_feed["secret"]})
    # then Lakeside's calendar is not served: the secret is unknown there
    assert answer.status_code == 401


def test_it_closes_the_feed_of_a_member_who_left(
    manager: Membership, front_desk: Membership, client_for: Browser, at: Url
) -> None:
    made = _new_feed(client_for(front_desk), at, front_desk)

    ended = client_for(manager).post(
        at(manager, f"/members/{front_desk.public_id}/end"),
        {"version": front_desk.version, "reason": "left the clinic"},
        content_type="application/json",
    )

    assert ended.status_code == 200
    assert https_client().get(made["url"]).status_code == 401


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


@pytest.mark.parametrize("path", ["/calendar-feeds", "/calendar-feeds/revoke"])
def test_it_refuses_to_make_or_revoke_a_feed_with_a_token(
    path: str, provider: Membership, client_for: Browser, at: Url
) -> None:
    token = _new_token(client_for(provider), scope="read-write")

    answer = https_client().post(at(provider, path), **_bearer(token["secret"]))

    assert answer.status_code == 403


# --- patient names: only when the clinic's manager turns them on ---------------------------------


def test_it_leaves_patient_names_out_of_the_calendar_by_default(
    provider: Membership, charted: TreatmentSession, client_for: Browser, at: Url
) -> None:
    browser = client_for(provider)
    made = _new_feed(browser, at, provider)

    fed = https_client().get(made["url"])
    downloaded = browser.get(f"/clinic/{provider.clinic.public_id}/follow-ups.ics")

    for answer in (fed, downloaded):
        titles = _titles(answer.content)
        assert titles == ["Follow-up: review · toxin"]
        assert b"Silva" not in answer.content
        assert b"Ana" not in answer.content


def test_it_names_patients_once_the_manager_turns_it_on_and_logs_the_change(
    manager: Membership,
    provider: Membership,
    charted: TreatmentSession,
    client_for: Browser,
    at: Url,
    caplog: pytest.LogCaptureFixture,
) -> None:
    made = _new_feed(client_for(provider), at, provider)
    # when mia turns names on
    with caplog.at_level(logging.WARNING, logger="toxfill.calendar_feeds"):
        changed = client_for(manager).put(
            at(manager, "/calendar-settings"),
            {"patient_names": True},
            content_type="application/json",
        )
    # then the feed names Ana, and the change is logged with who made it and kept in history
    assert changed.status_code == 200
    assert changed.json() == {"patient_names": True}
    assert _titles(https_client().get(made["url"]).content) == [
        "Follow-up: review · toxin · Ana Silva"
    ]
    assert "turned on" in caplog.text
    assert "mia" in caplog.text
    assert Clinic.objects.get(pk=manager.clinic_id).history.first().history_user_id == (
        manager.user_id
    )


@pytest.mark.parametrize("role", ["provider", "front_desk", "auditor"])
def test_it_lets_only_a_manager_turn_patient_names_on(
    role: str, personas: dict[str, Membership], client_for: Browser, at: Url
) -> None:
    member = personas[role]

    answer = client_for(member).put(
        at(member, "/calendar-settings"), {"patient_names": True}, content_type="application/json"
    )

    assert answer.status_code == 403
    assert not Clinic.objects.get(pk=member.clinic_id).calendar_shows_patient_names


def test_it_refuses_the_setting_to_a_managers_read_token(
    manager: Membership, client_for: Browser, at: Url
) -> None:
    token = _new_token(client_for(manager), scope="read")

    answer = https_client().put(
        at(manager, "/calendar-settings"),
        {"patient_names": True},
        content_type="application/json",
        **_bearer(token["secret"]),
    )

    assert answer.status_code == 403
    assert not Clinic.objects.get(pk=manager.clinic_id).calendar_shows_patient_names


# --- the workspace page -------------------------------------------------------------------------


def test_it_shows_a_new_feed_address_once_on_the_follow_ups_page(
    front_desk: Membership, charted: TreatmentSession, client_for: Browser
) -> None:
    browser = client_for(front_desk)
    base = f"/clinic/{front_desk.clinic.public_id}/follow-ups/"
    # when fred makes his address from the page
    made = browser.post(base + "feed/new")
    # then the page shows it once; it opens the calendar; the list page never shows it again
    html = made.content.decode()
    address = html.split("<code>")[1].split("</code>")[0].replace("&amp;", "&")
    assert made.status_code == 200
    assert "?token=tfc_" in address
    assert https_client().get(address).status_code == 200
    assert "tfc_" not in browser.get(base).content.decode()


def test_it_lets_a_manager_turn_patient_names_on_from_the_page(
    manager: Membership,
    front_desk: Membership,
    client_for: Browser,
) -> None:
    path = f"/clinic/{manager.clinic.public_id}/follow-ups/calendar-names"

    refused = client_for(front_desk).post(path, {"patient_names": "on"})
    saved = client_for(manager).post(path, {"patient_names": "on"})

    assert refused.status_code == 403
    assert saved.status_code == 302
    assert Clinic.objects.get(pk=manager.clinic_id).calendar_shows_patient_names


def test_an_unchanged_feed_answers_304_and_a_changed_one_the_new_calendar(
    front_desk: Membership, charted: TreatmentSession, client_for: Browser, at: Url
) -> None:
    """A calendar app that sends back the feed's ETag (If-None-Match, RFC 9110) gets 304 with
    no body while nothing it shows has changed; a moved follow-up, or the manager's switch
    to name patients, gives the new calendar and a new tag."""
    made = _new_feed(client_for(front_desk), at, front_desk)
    first = https_client().get(made["url"])
    tag = first["ETag"]
    assert tag.startswith('W/"')

    again = https_client().get(made["url"], HTTP_IF_NONE_MATCH=tag)
    strong = https_client().get(made["url"], HTTP_IF_NONE_MATCH=tag.removeprefix("W/"))
    listed = https_client().get(made["url"], HTTP_IF_NONE_MATCH=f'"other", {tag}')
    assert (again.status_code, strong.status_code, listed.status_code) == (304, 304, 304)
    assert again.content == b""
    assert again["ETag"] == tag

    followup = FollowUp.objects.get(clinic_id=front_desk.clinic_id, session=charted)
    FollowUp.objects.filter(clinic_id=front_desk.clinic_id, pk=followup.pk).update(
        due_on=followup.due_on + dt.timedelta(days=3), version=followup.version + 1
    )
    moved = https_client().get(made["url"], HTTP_IF_NONE_MATCH=tag)
    assert moved.status_code == 200
    assert moved["ETag"] != tag
    assert read_calendar(moved.content).events[0].dtstart == followup.due_on + dt.timedelta(days=3)

    Clinic.objects.filter(pk=front_desk.clinic_id).update(calendar_shows_patient_names=True)
    named = https_client().get(made["url"], HTTP_IF_NONE_MATCH=moved["ETag"])
    assert named.status_code == 200
    assert named["ETag"] != moved["ETag"]

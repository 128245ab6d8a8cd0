"""The planner's calendar file keeps its identity through the page's links: the same plan,
changed and downloaded again, updates its events (same UIDs, SEQUENCE one higher) in the
person's calendar app instead of adding copies. Read back with `ical` (tests/calendars.py)."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from tests.calendars import read_calendar
from tests.dates import next_december_first

START = next_december_first().isoformat()
QUERY = {"treatment": ["botulinum-toxin:glabellar-lines"], "start": START, "horizon_months": "12"}


def _links(client: Client, query: dict[str, object]) -> dict[str, dict[str, list[str]]]:
    """The result page's calendar and "Change the plan" links, as query dictionaries."""
    page = client.get("/plan/result", query).content.decode()
    found = {}
    for name, path in (("calendar", "/plan/calendar.ics"), ("change", "/plan")):
        href = re.search(rf'href="({re.escape(path)}\?[^"]*)"', page)
        assert href, name
        found[name] = parse_qs(urlsplit(unescape(href.group(1))).query)
    return found


def _events(client: Client, query: dict[str, list[str]]) -> list[tuple[str, int, str]]:
    content = client.get("/plan/calendar.ics", query).content
    return [(e.uid, e.sequence or 0, e.dtstart.isoformat()) for e in read_calendar(content).events]


def test_a_changed_plan_updates_the_events_of_the_first_download(client: Client) -> None:
    first = _links(client, QUERY)
    before = _events(client, first["calendar"])
    assert first["calendar"]["rev"] == ["0"]

    # "Change the plan" carries the identity into the form as hidden fields.
    form = client.get("/plan", first["change"]).content.decode()
    plan_id = first["calendar"]["plan"][0]
    assert f'name="plan" value="{plan_id}"' in form

    assert f'value="{START}"' in form
    changed_start = START[:-2] + "15"
    resubmitted = {**first["change"], "start": [changed_start]}
    del resubmitted["edit"]
    after = _events(client, _links(client, resubmitted)["calendar"])

    assert [uid for uid, _, _ in after] == [uid for uid, _, _ in before]
    assert {seq for _, seq, _ in before} == {0}
    assert {seq for _, seq, _ in after} == {1}
    assert after[0][2] == changed_start


def test_the_same_answers_again_keep_the_revision(client: Client) -> None:
    first = _links(client, QUERY)
    again = _links(client, {k: v for k, v in first["change"].items() if k != "edit"})
    assert again["calendar"]["rev"] == ["0"]
    assert again["calendar"]["plan"] == first["calendar"]["plan"]


def test_two_people_planning_the_same_get_different_events(client: Client) -> None:
    mine = {uid for uid, _, _ in _events(client, _links(client, QUERY)["calendar"])}
    theirs = {uid for uid, _, _ in _events(client, _links(client, QUERY)["calendar"])}
    assert mine
    assert not mine & theirs


@pytest.mark.parametrize(
    ("field", "value"),
    [("plan", "not-a-uuid"), ("rev", "-1"), ("rev", "many"), ("was", "zz")],
)
def test_a_malformed_identity_is_refused_by_the_download_naming_it(
    client: Client, field: str, value: str
) -> None:
    response = client.get("/plan/calendar.ics", {**QUERY, field: value})
    assert response.status_code == 422
    assert response.content.decode().startswith(f"{field}: ")


def test_a_malformed_identity_on_the_page_starts_a_new_one(client: Client) -> None:
    links = _links(client, {**QUERY, "plan": "not-a-uuid", "rev": "7"})
    assert links["calendar"]["plan"] != ["not-a-uuid"]
    assert links["calendar"]["rev"] == ["7"]


API_PLAN = {
    "start": START,
    "horizon_months": 12,
    "treatments": [{"option": "botulinum-toxin", "concern": "glabellar-lines"}],
}


def test_the_api_updates_a_plan_by_its_id_and_revision(client: Client) -> None:
    plan_id = "0b7e4c1e-5d8a-4a51-9a37-4f1b6d1f0c11"
    response = client.post(
        f"/api/v1/plan/ics?plan_id={plan_id}&revision=2",
        API_PLAN,
        content_type="application/json",
    )
    assert response.status_code == 200
    events = read_calendar(response.content).events
    assert events
    assert all(e.uid.startswith(plan_id) for e in events)
    assert {e.sequence for e in events} == {2}


@pytest.mark.parametrize(
    ("query", "field"), [("revision=-1", "revision"), ("plan_id=x", "plan_id")]
)
def test_the_api_refuses_a_malformed_identity_naming_it(
    client: Client, query: str, field: str
) -> None:
    response = client.post(f"/api/v1/plan/ics?{query}", API_PLAN, content_type="application/json")
    assert response.status_code == 422
    assert field in response.content.decode()

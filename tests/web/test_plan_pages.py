"""The care planner page: on its own, or carried over from the decision results."""

from __future__ import annotations

import pytest
from django.test import Client
from icalendar import Calendar
from pytest_django import DjangoAssertNumQueries

QUERY = {
    "treatment": ["botulinum-toxin:glabellar-lines", "ha-filler:nasolabial-folds"],
    "start": "2026-12-01",
    "horizon_months": "24",
}


@pytest.fixture
def client() -> Client:
    return Client()


def test_the_planner_offers_only_approved_uses(client: Client) -> None:
    page = client.get("/plan").content.decode()

    assert 'value="botulinum-toxin:glabellar-lines"' in page
    assert 'value="ha-filler:glabellar-lines"' not in page


def test_treatments_carried_over_are_preselected(client: Client) -> None:
    page = client.get("/plan", {"treatment": QUERY["treatment"]}).content.decode()

    assert 'value="botulinum-toxin:glabellar-lines" selected' in page
    assert 'value="ha-filler:nasolabial-folds" selected' in page


@pytest.mark.django_db
def test_the_plan_shows_the_timeline_chart_and_yearly_cost(
    client: Client, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    with django_assert_num_queries(0):
        response = client.get("/plan/result", QUERY)

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("<time") == 10
    assert "<svg" in page
    assert "visits a year" in page
    assert "Add to calendar" in page
    assert 'href="#source-1"' in page


def test_add_to_calendar_downloads_the_visits(client: Client) -> None:
    response = client.get("/plan/calendar.ics", QUERY)

    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert response["Content-Type"].startswith("text/calendar")
    assert len(events) == 10


@pytest.mark.parametrize(
    ("change", "message"),
    [
        pytest.param({"horizon_months": "0"}, "at least 1 month", id="zero_horizon"),
        pytest.param({"horizon_months": "121"}, "at most 120 months", id="over_ten_years"),
        pytest.param({"start": "2026-02-30"}, "real date", id="impossible_start"),
        pytest.param({"treatment": []}, "at least one treatment", id="no_treatment"),
        pytest.param({"treatment": ["ha-filler:glabellar-lines"]}, "not approved", id="unapproved"),
    ],
)
def test_bad_answers_come_back_with_a_clear_error(
    client: Client, change: dict[str, object], message: str
) -> None:
    response = client.get("/plan/result", {**QUERY, **change})

    assert response.status_code == 400
    assert message in response.content.decode()


def test_decision_results_link_to_the_planner_with_the_chosen_options(client: Client) -> None:
    """TOX-IND-1 and FIL-PROD-5: toxin for frown lines, HA filler for smile lines."""
    response = client.get(
        "/decide/result",
        {"age": "45", "concerns": ["glabellar-lines", "nasolabial-folds"], "today": "2026-11-23"},
    )

    page = response.content.decode()
    assert response.status_code == 200, page[:500]
    assert (
        'href="/plan?treatment=botulinum-toxin%3Aglabellar-lines&amp;treatment=ha-filler%3Anasolabial-folds"'
        in page
    )

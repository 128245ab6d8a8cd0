"""The care planner page: on its own, or carried over from the decision results."""

from __future__ import annotations

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries
from tests.calendars import read_calendar
from tests.dates import next_december_first

from toxfill.decide import health_questions
from toxfill.knowledge import bundled_knowledge

pytestmark = pytest.mark.public_side  # reads no clinic data: not run again on PostgreSQL

# The pages plan from the real date: a start within 5 years of it, whatever the year.
START = next_december_first().isoformat()
QUERY = {
    "treatment": ["botulinum-toxin:glabellar-lines", "ha-filler:nasolabial-folds"],
    "start": START,
    "horizon_months": "24",
}


def test_the_planner_offers_cosmetic_uses_with_off_label_ones_apart(client: Client) -> None:
    """FIL-PROD-9: no filler is approved for frown lines; TOX-IND-9: migraine is medical."""
    page = client.get("/plan").content.decode()

    approved, off_label = page.split('<optgroup label="Off-label', 1)
    assert 'value="botulinum-toxin:glabellar-lines"' in approved
    assert 'value="ha-filler:glabellar-lines"' not in approved
    assert 'value="ha-filler:glabellar-lines"' in off_label.split("</optgroup>")[0]
    assert "chronic-migraine" not in page


@pytest.mark.django_db
def test_an_off_label_plan_says_so_on_the_page_and_in_the_calendar(client: Client) -> None:
    """FIL-PROD-7: no PLLA label names the cheeks; FIL-CLASS-3: it builds volume."""
    query = {**QUERY, "treatment": ["plla-filler:cheek-volume"]}

    page = client.get("/plan/result", query).content.decode()
    calendar = client.get("/plan/calendar.ics", query).content.decode()

    assert response_ok(page)
    assert "Off-label: not an approved use" in page
    assert "(off-label)" in page
    assert "off-label" in calendar


def response_ok(page: str) -> bool:
    return "Your care plan" in page and "<svg" in page


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

    events = read_calendar(response.content).events
    assert response["Content-Type"].startswith("text/calendar")
    assert len(events) == 10


@pytest.mark.parametrize(
    ("change", "message"),
    [
        pytest.param({"horizon_months": "0"}, "at least 1 month", id="zero_horizon"),
        pytest.param({"horizon_months": "121"}, "at most 120 months", id="over_ten_years"),
        pytest.param({"start": "2026-02-30"}, "real date", id="impossible_start"),
        pytest.param({"treatment": []}, "at least one treatment", id="no_treatment"),
        pytest.param(
            {"treatment": ["botulinum-toxin:cheek-volume"]},
            "Treatment 1: botulinum-toxin has no approved or known off-label use",
            id="no_known_use",
        ),
        pytest.param(
            {"treatment": ["ha-filler:nasolabial-folds", "botulinum-toxin:chronic-migraine"]},
            "Treatment 2: chronic-migraine is a medical condition: a neurologist or headache "
            "specialist decides",
            id="medical_concern",
        ),
    ],
)
def test_bad_answers_come_back_with_a_clear_error(
    client: Client, change: dict[str, object], message: str
) -> None:
    response = client.get("/plan/result", {**QUERY, **change})

    assert response.status_code == 422
    assert message in response.content.decode()


def test_decision_results_link_to_the_planner_with_the_chosen_options(client: Client) -> None:
    """TOX-IND-1 and FIL-PROD-5: toxin for frown lines, HA filler for smile lines."""
    response = client.get(
        "/decide/result",
        {
            "age": "45",
            "concerns": ["glabellar-lines", "nasolabial-folds"],
            **{
                f"h-{factor}": "no"
                for factor in health_questions(
                    bundled_knowledge(), ["glabellar-lines", "nasolabial-folds"]
                )
            },
            "today": "2026-11-23",
        },
    )

    page = response.content.decode()
    assert response.status_code == 200, page[:500]
    assert (
        'href="/plan?treatment=botulinum-toxin%3Aglabellar-lines&amp;treatment=ha-filler%3Anasolabial-folds"'
        in page
    )


def test_the_api_refuses_a_medical_plan_with_422_naming_the_field(client: Client) -> None:
    """TOX-IND-10: spasticity is a medical use; its specialist plans it."""
    body = {
        "start": START,
        "horizon_months": 12,
        "treatments": [{"option": "botulinum-toxin", "concern": "upper-limb-spasticity"}],
    }

    response = client.post("/api/v1/plan", body, content_type="application/json")

    [error] = response.json()["detail"]
    assert response.status_code == 422
    assert error["loc"] == ["body", "treatments", 0, "concern"]
    assert "medical condition" in error["msg"]


def test_the_api_plans_an_off_label_use_and_marks_it(client: Client) -> None:
    """FIL-PROD-7, FIL-CLASS-3: PLLA for hollow cheeks, not named on its label."""
    body = {
        "start": START,
        "horizon_months": 12,
        "treatments": [{"option": "plla-filler", "concern": "cheek-volume"}],
    }

    plan = client.post("/api/v1/plan", body, content_type="application/json").json()

    assert plan["schema"] == "toxfill.plan/1"
    assert plan["treatments"][0]["off_label"] is True
    assert plan["visits"][0]["treatments"][0]["off_label"] is True
    assert plan["treatments"][0]["notes"][0]["sources"]


def test_the_plan_form_says_which_date_it_takes_as_today(client: Client) -> None:
    """Issue 22 item 5: without a script the page says it took the server's date (UTC)."""
    from django.utils import timezone

    today = timezone.localdate()
    page = client.get("/plan").content.decode()
    assert f'data-server-today="{today.isoformat()}"' in page
    assert f'Today is taken as <strong id="today-date">{today.day} {today:%B %Y}</strong>' in page
    assert "the date on our server (UTC), which may not be yours" in page
    # a date the person gave is not "today": no note
    assert "today-note" not in client.get("/plan?start=2027-01-05&edit=1").content.decode()

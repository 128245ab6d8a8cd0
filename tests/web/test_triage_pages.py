"""The after-treatment pages: the form, the urgency at a glance, errors next to their fields."""

from __future__ import annotations

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from toxfill.knowledge import bundled_knowledge

RESULT = "/after-treatment/result"


@pytest.fixture
def client() -> Client:
    return Client()


def test_the_form_offers_every_treatment_and_symptom_in_plain_words(client: Client) -> None:
    page = client.get("/after-treatment").content.decode()

    kb = bundled_knowledge()
    for symptom in kb.symptoms.values():
        assert f'value="{symptom.id}"' in page
        assert symptom.description.split(",")[0] in page
    assert 'value="ha-filler"' in page
    assert "Call 911 now" in page


@pytest.mark.django_db
def test_an_emergency_puts_the_action_first(
    client: Client, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    """FIL-VO-1: blanching after filler."""
    with django_assert_num_queries(0):
        response = client.get(
            RESULT,
            {
                "treatments": "ha-filler",
                "days_since": 0,
                "symptoms": ["bruising", "skin-blanching"],
            },
        )

    page = response.content.decode()
    banner = page.index('data-urgency="emergency"')
    assert response.status_code == 200
    assert banner < page.index("What to do now")
    assert 'role="alert"' in page[banner - 200 : banner]
    assert 'href="tel:911"' in page
    assert page.index("Aftercare, once you have been seen") > page.index("What to do now")


def test_normal_bruising_is_self_care_with_aftercare(client: Client) -> None:
    """FIL-AE-4: bruising clears within 7-14 days."""
    response = client.get(
        RESULT, {"treatments": "ha-filler", "days_since": 2, "symptoms": "bruising"}
    )

    page = response.content.decode()
    assert 'data-urgency="self-care"' in page
    assert "Aftercare" in page
    assert 'href="#source-1"' in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        pytest.param(
            {"treatments": "ha-filler", "days_since": -1, "symptoms": "bruising"},
            "cannot be negative",
            id="negative_days",
        ),
        pytest.param(
            {"treatments": "ha-filler", "days_since": 1}, "at least one thing", id="no_symptom"
        ),
        pytest.param(
            {"days_since": 1, "symptoms": "bruising"}, "Choose the treatment", id="no_treatment"
        ),
        pytest.param(
            {"treatments": "ha-filler", "days_since": 1, "symptoms": "bruised"},
            "did you mean bruising",
            id="unknown_symptom",
        ),
    ],
)
def test_bad_answers_come_back_with_the_error_by_its_field(
    client: Client, query: dict[str, object], message: str
) -> None:
    response = client.get(RESULT, query)

    assert response.status_code == 400
    assert message in response.content.decode()


def test_aftercare_has_a_page_of_its_own(client: Client) -> None:
    """SHR-AFTER-1: avoid aspirin and similar medicines before toxin treatment."""
    page = client.get("/after-treatment/aftercare/botulinum-toxin").content.decode()

    assert "What is normal" in page
    assert "aspirin" in page
    assert "When to get help" in page
    assert client.get("/after-treatment/aftercare/no-treatment").status_code == 404
    assert (
        'href="/after-treatment/aftercare/ha-filler"'
        in client.get("/after-treatment").content.decode()
    )

"""The after-treatment pages: danger signs first, then the other symptoms by body area, then a
result whose urgency (the core's) is plain at a glance; errors summarised and by their field."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils.html import escape
from pytest_django import DjangoAssertNumQueries
from tests.danger_rules import EMERGENCY_RULES

from toxfill.danger_signs import DANGER_SIGNS, DangerSign
from toxfill.knowledge import bundled_knowledge
from toxfill.web.guide.forms.triage import ASKED_FIRST, NOT_SURE_TREATMENT, TriageForm
from toxfill.web.guide.views.triage import NOT_NAMED

pytestmark = pytest.mark.public_side  # reads no clinic data: not run again on PostgreSQL

RESULT = "/after-treatment/result"
NOT_SURE = [
    pytest.param({}, id="nothing_ticked"),
    pytest.param({"treatments": NOT_SURE_TREATMENT}, id="not_sure_ticked"),
]


def test_it_asks_the_treatment_then_each_danger_sign_as_a_yes_button(client: Client) -> None:
    page = client.get("/after-treatment").content.decode()

    treatments = page.index('name="treatments"')
    assert f'name="treatments" value="{NOT_SURE_TREATMENT}"> <span>Not sure</span>' in page
    for sign in DANGER_SIGNS:
        assert f'name="danger" value="{sign.id}"' in page
        assert sign.question in page
        assert sign.looks_like in page
        assert page.index(f'value="{sign.id}"') > treatments
    assert 'formaction="/after-treatment/symptoms"' in page
    assert 'href="tel:911"' in page


def test_it_never_lets_enter_in_a_checkbox_answer_yes(client: Client) -> None:
    page = client.get("/after-treatment").content.decode()

    first_button = page.index("<button")
    assert page.index('formaction="/after-treatment/symptoms"') < page.index(
        'name="danger"', first_button
    )
    assert 'class="tf-default" tabindex="-1" aria-hidden="true"' in page[first_button:]


@pytest.mark.django_db
def test_a_yes_to_a_danger_sign_is_the_emergency_result_at_once(
    client: Client, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    """FIL-VO-1: a change in sight after filler; no day asked, no other symptom needed."""
    with django_assert_num_queries(0):
        response = client.get(RESULT, {"treatments": "ha-filler", "danger": "eyes-after-filler"})

    page = response.content.decode()
    banner = page.index('data-urgency="emergency"')
    assert response.status_code == 200
    assert 'role="alert"' in page[banner - 200 : banner]
    assert banner < page.index("What to do now") < page.index("What happens next")
    assert 'href="tel:911">Call 911</a>' in page
    assert "day not given" in page
    assert "(say when you had it)" in page
    assert "911 in the US" not in page


def test_each_danger_sign_relies_on_a_rule_that_is_an_emergency() -> None:
    kb = bundled_knowledge()
    rules = {rule.id: rule for rule in kb.triage_rules}

    assert set(EMERGENCY_RULES) == {sign.id for sign in DANGER_SIGNS}
    for rule_id in EMERGENCY_RULES.values():
        assert rules[rule_id].urgency.value == "emergency", rule_id


@pytest.mark.parametrize("treatment", NOT_SURE)
@pytest.mark.parametrize(
    "sign",
    [pytest.param(s, id=f"{s.id}-{EMERGENCY_RULES[s.id]}") for s in DANGER_SIGNS],
)
def test_a_danger_yes_without_a_treatment_is_the_emergency_result_at_once(
    client: Client, sign: DangerSign, treatment: dict[str, str]
) -> None:
    """Not sure what you had: every injected treatment is reported, so the rule the sign relies
    on applies (the filler-only signs too), and the yes is never sent back for a treatment."""
    rules = {rule.id: rule for rule in bundled_knowledge().triage_rules}

    response = client.get(RESULT, {**treatment, "danger": sign.id})

    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-urgency="emergency"' in page
    assert 'href="tel:911">Call 911</a>' in page
    # Every rule of the top urgency explains (the most specific leads): this one among them.
    assert escape(rules[EMERGENCY_RULES[sign.id]].text[:80]) in page
    assert "Please check your answers" not in page


def test_a_result_without_a_treatment_names_none_the_person_did_not_name(client: Client) -> None:
    """filler-vessel-skin: what to tell the emergency team, without a guessed treatment."""
    response = client.get(RESULT, {"danger": "skin"})

    page = response.content.decode()
    assert "You told us: not sure which treatment, day not given." in page
    assert escape(f"Then: {NOT_NAMED}, injected (say where on your body)") in page
    assert "Hyaluronic acid filler, injected" not in page


def test_a_named_treatment_with_not_sure_keeps_the_name(client: Client) -> None:
    """filler-vessel-skin: the filler the person named is still what they tell the team."""
    response = client.get(
        RESULT, {"treatments": ["ha-filler", NOT_SURE_TREATMENT], "danger": "skin"}
    )

    page = response.content.decode()
    assert 'data-urgency="emergency"' in page
    assert "You told us: Hyaluronic acid filler and not sure which treatment" in page
    assert "Then: Hyaluronic acid filler, injected" in page


@pytest.mark.parametrize("treatment", NOT_SURE)
def test_step_two_without_a_treatment_is_a_result_by_the_safest_reading(
    client: Client, treatment: dict[str, str]
) -> None:
    """filler-vessel-skin: pale skin is an emergency after filler, so when the treatment is not
    known it is one; and the aftercare of a guessed treatment is not shown."""
    response = client.get(RESULT, {**treatment, "days_since": "1", "symptoms": "skin-blanching"})

    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-urgency="emergency"' in page
    assert "Aftercare, once you have been seen" not in page


def test_step_two_groups_the_other_symptoms_by_body_area_with_something_else(
    client: Client,
) -> None:
    page = client.get("/after-treatment/symptoms", {"treatments": "botulinum-toxin"}).content
    text = page.decode()

    kb = bundled_knowledge()
    for symptom in kb.symptoms.values():
        assert (f'value="{symptom.id}"' in text) is (symptom.id not in ASKED_FIRST), symptom.id
    for heading in ("Where you were treated", "Eyes and face", "Bladder", "Not on the list"):
        assert f"<legend>{heading}</legend>" in text
    assert 'value="botulinum-toxin" checked' in text
    assert 'class="tf-sticky"' in text


def test_every_symptom_not_asked_first_sits_in_one_body_area() -> None:
    form = TriageForm(bundled_knowledge())

    shown = [row["id"] for group in form.symptom_groups() for row in group["symptoms"]]
    assert len(shown) == len(set(shown))
    assert set(shown) == set(bundled_knowledge().symptoms) - ASKED_FIRST


def test_it_shows_self_care_with_concrete_cited_steps(client: Client) -> None:
    """SHR-AFTER-2: ice pack, 24 hours; FIL-AE-4: clears within 7 to 14 days."""
    response = client.get(
        RESULT, {"treatments": "ha-filler", "days_since": 2, "symptoms": "bruising"}
    )

    page = response.content.decode()
    steps = page.index("What to do at home")
    assert 'data-urgency="self-care"' in page
    assert steps < page.index("ice pack") < page.index("24 hours") < page.index("7 to 14 days")
    assert "Call your provider if redness or swelling lasts" in page
    assert 'href="#source-1"' in page


def test_an_urgent_result_says_what_happens_next(client: Client) -> None:
    """SHR-URG-1: double vision after toxin."""
    response = client.get(
        RESULT, {"treatments": "botulinum-toxin", "days_since": 3, "symptoms": "double-vision"}
    )

    page = response.content.decode()
    assert 'data-urgency="urgent"' in page
    assert "What happens next" in page
    assert "Call the clinic that treated you today" in page
    assert "What to do at home" not in page


@pytest.mark.parametrize(
    ("query", "message", "target"),
    [
        pytest.param(
            {"treatments": "ha-filler", "days_since": -1, "symptoms": "bruising"},
            "Days cannot be less than 0",
            "id_days_since",
            id="negative_days",
        ),
        pytest.param(
            {"treatments": "ha-filler", "days_since": 1},
            "Choose at least one thing",
            "group-symptoms",
            id="no_symptom",
        ),
        pytest.param(
            {"treatments": "ha-filler", "symptoms": "bruising"},
            "Enter how many days ago",
            "id_days_since",
            id="no_day",
        ),
        pytest.param(
            {"treatments": "ha-filler", "days_since": 1, "symptoms": "bruised"},
            "did you mean bruising",
            "group-symptoms",
            id="unknown_symptom",
        ),
    ],
)
def test_bad_answers_come_back_to_step_two_summarised_and_by_their_field(
    client: Client, query: dict[str, object], message: str, target: str
) -> None:
    response = client.get(RESULT, query)

    page = response.content.decode()
    assert response.status_code == 422
    assert "<title>Please check your answers · What do you notice?" in page
    assert f'href="#{target}">' in page
    assert message in page[page.index('id="error-summary"') :]


def test_the_emergency_number_follows_the_site_setting(client: Client, settings: object) -> None:
    settings.EMERGENCY_COUNTRY = "uk"  # type: ignore[attr-defined]

    page = client.get("/after-treatment").content.decode()

    assert 'href="tel:999">Call 999</a>' in page
    assert "tel:911" not in page


@pytest.mark.django_db
def test_a_person_can_choose_their_countrys_number(client: Client) -> None:
    response = client.post(
        "/emergency-number", {"country": "au", "next": "/after-treatment/aftercare/ha-filler"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/after-treatment/aftercare/ha-filler"
    page = client.get("/after-treatment/aftercare/ha-filler").content.decode()
    assert 'href="tel:000">Call 000</a>' in page
    assert '<option value="au" selected>' in page


@pytest.mark.django_db
def test_choosing_a_country_never_sends_a_person_off_site(client: Client) -> None:
    response = client.post("/emergency-number", {"country": "eu", "next": "https://evil.test/"})

    assert response["Location"] == "/after-treatment"


def test_aftercare_has_a_page_of_its_own(client: Client) -> None:
    """SHR-AFTER-1: avoid aspirin and similar medicines before toxin treatment."""
    page = client.get("/after-treatment/aftercare/botulinum-toxin").content.decode()

    assert page.index("What to do at home") < page.index("What is normal")
    assert "aspirin" in page
    assert "When to get help" in page
    assert 'href="tel:911"' in page
    assert client.get("/after-treatment/aftercare/no-treatment").status_code == 404
    assert (
        'href="/after-treatment/aftercare/ha-filler"'
        in client.get("/after-treatment").content.decode()
    )


def test_the_print_button_waits_for_javascript(client: Client) -> None:
    page = client.get(
        RESULT, {"treatments": "ha-filler", "days_since": 2, "symptoms": "bruising"}
    ).content.decode()

    assert '<button type="button" class="secondary js-print" hidden>' in page
    assert "onclick" not in page
    assert "<script>" not in page
    assert "style=" not in page


def test_a_charting_zone_is_accepted_and_a_zone_that_does_not_fit_is_named(client: Client) -> None:
    """FIL-VO-1: pale skin after nose filler (zone nasal-dorsum) is an emergency; lip filler in
    the bladder is refused, naming the zone, never guessed at (issue 18)."""
    nose = client.get(
        RESULT,
        {
            "treatments": "ha-filler",
            "zone": "nasal-dorsum",
            "days_since": "0",
            "symptoms": "skin-blanching",
        },
    )
    bladder = client.get(
        RESULT,
        {"treatments": "ha-filler", "zone": "bladder", "days_since": "0", "symptoms": "bruising"},
    )

    assert 'data-urgency="emergency"' in nose.content.decode()
    assert bladder.status_code == 422
    assert "is not where ha-filler" in bladder.content.decode()


def test_a_visits_aftercare_page_gives_each_sign_one_urgency(client: Client) -> None:
    """FIL-VO-1 over the toxin floor unexpected-skin-or-pain: pale skin after a visit with
    toxin and filler is listed once, under emergency services (issue 18, item 5)."""
    response = client.get("/after-treatment/aftercare/botulinum-toxin", {"and": "ha-filler"})

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("<li>Skin turning pale or white</li>") == 1
    emergency = page.index("tf-help-emergency")
    assert (
        emergency < page.index("<li>Skin turning pale or white</li>") < page.index("tf-help-urgent")
    )


def test_a_visits_aftercare_page_refuses_an_unknown_treatment(client: Client) -> None:
    response = client.get("/after-treatment/aftercare/botulinum-toxin", {"and": "ha-filer"})

    assert response.status_code == 404


def test_the_first_step_keeps_its_unticked_treatments_for_everyone_but_shows_each_persons(
    client: Client,
) -> None:
    """The treatments' boxes, unticked, are rendered once for all; a person's ticks never."""
    blank = client.get("/after-treatment").content.decode()
    ticked = client.get("/after-treatment", {"treatments": "ha-filler"}).content.decode()
    blank_again = client.get("/after-treatment").content.decode()

    assert 'value="ha-filler" checked' in section(ticked)
    assert " checked" not in section(blank)
    assert section(blank_again) == section(blank)


def section(page: str) -> str:
    start = page.index('<fieldset id="group-treatments"')
    return page[start : page.index("</fieldset>", start)]

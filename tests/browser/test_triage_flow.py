"""A worried person after a treatment, on a phone at 2 a.m. or at a desk, by touch, keyboard or
zoomed: danger signs first, the emergency answer in three taps, plain words, no dead ends."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from tests.browser.conftest import PHONE
from tests.danger_rules import EMERGENCY_RULES
from tests.readability import GRADE_8, first_screen_text, reading_grade

from toxfill.danger_signs import DANGER_SIGNS, DangerSign

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

TAP_TARGET = 44  # CSS pixels, WCAG 2.5.5

RESULTS = [
    pytest.param(
        f"treatments={sign.after[0] if sign.after else 'botulinum-toxin'}&danger={sign.id}",
        "emergency",
        id=f"danger_{sign.id}",
    )
    for sign in DANGER_SIGNS
] + [
    pytest.param(
        "treatments=ha-filler&days_since=0&symptoms=skin-blanching",
        "emergency",
        id="pale_skin_after_filler",
    ),
    pytest.param(
        "treatments=botulinum-toxin&days_since=3&symptoms=double-vision",
        "urgent",
        id="double_vision_after_toxin",
    ),
    pytest.param("treatments=ha-filler&days_since=2&symptoms=fever", "urgent", id="fever"),
    pytest.param(
        "treatments=botulinum-toxin&days_since=5&symptoms=brow-droop",
        "routine",
        id="brow_droop_after_toxin",
    ),
    pytest.param(
        "treatments=ha-filler&days_since=1&symptoms=something-else", "routine", id="something_else"
    ),
    pytest.param(
        "treatments=ha-filler&days_since=2&symptoms=bruising&symptoms=swelling",
        "self-care",
        id="bruising_after_filler",
    ),
    pytest.param(
        "treatments=botulinum-toxin&days_since=1&symptoms=headache",
        "self-care",
        id="headache_after_toxin",
    ),
    pytest.param(
        "treatments=fat-grafting&days_since=3&symptoms=swelling",
        "self-care",
        id="swelling_after_fat_grafting",
    ),
]
AFTERCARE = [
    "botulinum-toxin",
    "ha-filler",
    "caha-filler",
    "plla-filler",
    "pmma-filler",
    "fat-grafting",
]


def test_home_to_the_emergency_answer_in_three_taps_on_a_phone(
    phone: Any, live_server: Any
) -> None:
    phone.goto(live_server.url)
    door = phone.get_by_role("link", name="I had a treatment and I feel unwell")
    box = door.bounding_box()
    assert box is not None
    assert box["y"] + box["height"] <= PHONE["height"], "the way in is below the fold"

    door.tap()  # 1
    phone.get_by_role("checkbox", name="Juvéderm, Restylane (HA filler)").tap()  # 2
    phone.get_by_role("button", name="Yes: Losing part or all of your sight?").tap()  # 3
    phone.wait_for_url("**/after-treatment/result?*")

    banner = phone.get_by_role("alert")
    assert banner.get_attribute("data-urgency") == "emergency"
    call = phone.get_by_role("link", name="Call 911")
    assert call.get_attribute("href") == "tel:911"
    call_box = call.bounding_box()
    assert call_box is not None
    assert call_box["y"] + call_box["height"] <= PHONE["height"]
    assert phone.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_every_danger_question_is_on_the_first_phone_screen(phone: Any, live_server: Any) -> None:
    phone.goto(f"{live_server.url}/after-treatment")

    for sign in DANGER_SIGNS:
        button = phone.get_by_role("button", name=f"Yes: {sign.question}")
        box = button.bounding_box()
        question = phone.locator(f"#looks-{sign.id}").bounding_box()
        assert box is not None
        assert question is not None
        assert (
            max(box["y"] + box["height"], question["y"] + question["height"]) <= PHONE["height"]
        ), f"{sign.id} is below the first screen"
        assert box["height"] >= 44, "a Yes button is too small to tap"
        assert box["width"] >= 44, "a Yes button is too small to tap"


def test_no_to_all_of_these_is_on_the_first_phone_screen(phone: Any, live_server: Any) -> None:
    """Issue 22: a person with none of the danger signs goes on without scrolling."""
    phone.goto(f"{live_server.url}/after-treatment")

    box = phone.get_by_role("button", name="No to all of these: next").bounding_box()

    assert box is not None
    assert box["y"] + box["height"] <= PHONE["height"]
    assert box["height"] >= 44


def test_no_to_all_leads_to_the_symptoms_with_a_submit_that_stays_in_view(
    phone: Any, live_server: Any
) -> None:
    phone.goto(f"{live_server.url}/after-treatment")
    phone.get_by_role("checkbox", name="Botox or a similar toxin").tap()
    phone.get_by_role("button", name="No to all of these: next").tap()
    phone.wait_for_url("**/after-treatment/symptoms?*")
    submit = phone.get_by_role("button", name="How soon should I get help?")

    assert submit.is_visible()
    assert _in_viewport(phone, submit)
    phone.get_by_role("checkbox", name="Something else, or not sure").scroll_into_view_if_needed()
    assert _in_viewport(phone, submit)
    phone.get_by_role("checkbox", name="Something else, or not sure").tap()
    phone.get_by_label("How many days ago?").fill("2")
    submit.tap()
    phone.wait_for_url("**/after-treatment/result?*")

    assert phone.get_by_role("alert").count() == 0
    assert phone.get_by_role("status").get_attribute("data-urgency") == "routine"
    assert phone.get_by_role("heading", name="What happens next").is_visible()


def test_checkboxes_keep_their_size_beside_long_labels_on_a_phone(
    phone: Any, live_server: Any
) -> None:
    phone.goto(f"{live_server.url}/after-treatment/symptoms?treatments=ha-filler")

    for name in ("Skin turning dark, bluish or blotchy", "Pain or burning when passing urine"):
        box = phone.get_by_role("checkbox", name=name).bounding_box()
        assert box is not None
        assert box["width"] >= 20, name
        assert box["height"] >= 20, name


def test_self_care_by_keyboard_alone_on_a_desktop(desktop: Any, live_server: Any) -> None:
    desktop.goto(f"{live_server.url}/after-treatment")

    desktop.get_by_role("checkbox", name="Botox or a similar toxin").focus()
    desktop.keyboard.press("Space")
    desktop.keyboard.press("Enter")  # must go on to the symptoms, never answer a danger yes
    desktop.wait_for_url("**/after-treatment/symptoms?*")
    desktop.get_by_label("How many days ago?").focus()
    desktop.keyboard.type("2")
    desktop.get_by_role("checkbox", name="Bruising").focus()
    desktop.keyboard.press("Space")
    desktop.keyboard.press("Enter")

    desktop.wait_for_url("**/after-treatment/result?*")
    status = desktop.get_by_role("status")
    assert status.get_attribute("data-urgency") == "self-care"
    assert desktop.get_by_role("heading", name="What to do at home").is_visible()


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_errors_are_summarised_focused_and_in_the_title(
    size: str, request: Any, live_server: Any, axe_check: Callable[[Any], None]
) -> None:
    page = request.getfixturevalue(size)
    page.goto(f"{live_server.url}/after-treatment/symptoms")
    page.get_by_role("button", name="How soon should I get help?").click()
    page.wait_for_url("**/after-treatment/result?*")

    summary = page.locator("#error-summary")
    assert page.title().startswith("Please check your answers")
    assert summary.evaluate("el => el === document.activeElement")
    summary.get_by_role("link", name="Choose at least one thing you notice").click()
    assert page.url.endswith("#group-symptoms")
    axe_check(page)


@pytest.mark.parametrize("scripts", [True, False], ids=["js", "no_js"])
@pytest.mark.parametrize(
    "sign", [pytest.param(s, id=f"{s.id}-{EMERGENCY_RULES[s.id]}") for s in DANGER_SIGNS]
)
def test_each_yes_with_nothing_else_chosen_is_the_emergency_at_once(
    browser: Any, live_server: Any, sign: DangerSign, scripts: bool
) -> None:
    """No treatment ticked reads as not sure: the rule the sign relies on applies, after any
    treatment, in one request, with or without JavaScript."""
    context = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, java_script_enabled=scripts
    )
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/after-treatment")

        with page.expect_navigation() as navigation:
            page.get_by_role("button", name=f"Yes: {sign.question}").tap()

        assert navigation.value.status == 200
        assert navigation.value.request.redirected_from is None
        assert "/after-treatment/result?" in page.url
        banner = page.get_by_role("alert")
        assert banner.get_attribute("data-urgency") == "emergency"
        assert banner.get_by_role("link", name="Call 911").is_visible()
    finally:
        context.close()


@pytest.mark.parametrize("path", ["/", "/after-treatment"])
@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_the_emergency_number_is_a_44_pixel_tap_target(
    size: str, request: Any, live_server: Any, path: str
) -> None:
    page = request.getfixturevalue(size)
    page.goto(f"{live_server.url}{path}")

    call = page.get_by_role("link", name="Call 911")
    box = call.bounding_box()
    assert call.get_attribute("href") == "tel:911"
    assert box is not None
    assert box["height"] >= TAP_TARGET, box
    assert box["width"] >= TAP_TARGET, box


@pytest.mark.parametrize(("query", "urgency"), RESULTS)
def test_each_result_reads_at_grade_8_on_its_first_phone_screen(
    phone: Any, live_server: Any, query: str, urgency: str
) -> None:
    phone.goto(f"{live_server.url}/after-treatment/result?{query}")

    assert phone.locator("[data-urgency]").get_attribute("data-urgency") == urgency
    text = first_screen_text(phone)
    assert reading_grade(text) <= GRADE_8, text


@pytest.mark.parametrize(("query", "urgency"), RESULTS)
@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_each_result_passes_axe(
    size: str,
    request: Any,
    live_server: Any,
    axe_check: Callable[[Any], None],
    query: str,
    urgency: str,
) -> None:
    page = request.getfixturevalue(size)
    page.goto(f"{live_server.url}/after-treatment/result?{query}")

    assert page.locator("[data-urgency]").get_attribute("data-urgency") == urgency
    axe_check(page)


@pytest.mark.parametrize(
    "path",
    ["/", "/after-treatment", "/after-treatment/symptoms?treatments=ha-filler", "/no-such-page"],
)
@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_the_pages_pass_axe(
    size: str, request: Any, live_server: Any, axe_check: Callable[[Any], None], path: str
) -> None:
    page = request.getfixturevalue(size)
    page.goto(f"{live_server.url}{path}")

    axe_check(page)
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


@pytest.mark.parametrize("option", AFTERCARE)
@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_aftercare_pages_pass_axe_and_open_in_plain_words(
    size: str, request: Any, live_server: Any, axe_check: Callable[[Any], None], option: str
) -> None:
    page = request.getfixturevalue(size)
    page.goto(f"{live_server.url}/after-treatment/aftercare/{option}")

    axe_check(page)
    assert page.get_by_role("link", name="911").first.get_attribute("href") == "tel:911"
    text = first_screen_text(page)
    assert reading_grade(text) <= GRADE_8, text


def test_the_home_page_first_screen_reads_at_grade_8(phone: Any, live_server: Any) -> None:
    phone.goto(live_server.url)

    text = first_screen_text(phone)
    assert "I had a treatment and I feel unwell" in text
    assert reading_grade(text) <= GRADE_8, text


def test_the_print_button_appears_only_with_javascript(browser: Any, live_server: Any) -> None:
    query = "treatments=ha-filler&days_since=2&symptoms=bruising"
    url = f"{live_server.url}/after-treatment/result?{query}"
    for scripts in (False, True):
        context = browser.new_context(java_script_enabled=scripts)
        page = context.new_page()
        page.goto(url)
        assert page.get_by_role("button", name="Print this page").is_visible() is scripts
        context.close()


def test_a_chosen_country_changes_every_emergency_number(phone: Any, live_server: Any) -> None:
    phone.goto(f"{live_server.url}/after-treatment/aftercare/ha-filler")
    phone.get_by_label("Show the emergency number for").select_option("uk")
    phone.get_by_role("button", name="Use this number").tap()

    phone.wait_for_url("**/after-treatment/aftercare/ha-filler")
    assert phone.get_by_role("link", name="Call 999").get_attribute("href") == "tel:999"
    phone.goto(f"{live_server.url}/after-treatment/result?treatments=ha-filler&danger=stroke")
    assert phone.get_by_role("link", name="Call 999").is_visible()


def test_the_result_reads_at_200_percent_zoom(browser: Any, live_server: Any) -> None:
    # 200% zoom of a 1280-pixel window leaves 640 CSS pixels.
    page = browser.new_page(viewport={"width": 640, "height": 400}, device_scale_factor=2)
    page.goto(
        f"{live_server.url}/after-treatment/result?treatments=botulinum-toxin&days_since=7"
        "&symptoms=difficulty-swallowing"
    )

    banner = page.get_by_role("alert")
    box = banner.bounding_box()
    assert banner.get_attribute("data-urgency") == "emergency"
    assert box is not None
    assert box["y"] < 400
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    page.close()


def _in_viewport(page: Any, locator: Any) -> bool:
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height

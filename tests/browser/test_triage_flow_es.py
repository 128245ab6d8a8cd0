"""A Spanish-speaking person after a treatment, on a phone: from the home page to the emergency
answer in Spanish in three taps, "Llame al 911" on the first screen, and the same by the switch
for a browser set to English, remembered from page to page. Pictures in docs/screenshots/."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from tests.browser.conftest import PHONE, picture
from tests.readability import EASE_GRADE_8, first_screen_text, spanish_reading_ease

from toxfill.danger_signs import danger_signs_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

SIGNS = danger_signs_in("es")


@pytest.fixture
def spanish_phone(browser: Any) -> Iterator[Any]:
    """A 390x844 touch phone whose browser asks for Spanish (Accept-Language: es-MX)."""
    context = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2, locale="es-MX"
    )
    yield context.new_page()
    context.close()


def test_home_to_the_emergency_answer_in_spanish_in_three_taps(
    spanish_phone: Any, live_server: Any, axe_check: Callable[[Any], None]
) -> None:
    page = spanish_phone
    page.goto(live_server.url)
    assert page.locator("html").get_attribute("lang") == "es"
    door = page.get_by_role("link", name="Me pusieron un tratamiento y me siento mal")
    box = door.bounding_box()
    assert box is not None
    assert box["y"] + box["height"] <= PHONE["height"], "the way in is below the fold"
    picture(page, "home-es-phone.png")

    door.tap()  # 1
    page.get_by_role("checkbox", name="Juvéderm, Restylane (relleno AH)").tap()  # 2
    picture(page, "triage-danger-signs-es-phone.png")
    page.get_by_role("button", name="Sí: ¿Pierde parte o toda la vista?").tap()  # 3
    page.wait_for_url("**/after-treatment/result?*")

    banner = page.get_by_role("alert")
    assert banner.get_attribute("data-urgency") == "emergency"
    assert "Llame a los servicios de emergencia" in banner.inner_text()
    call = page.get_by_role("link", name="Llame al 911")
    assert call.get_attribute("href") == "tel:911"
    call_box = call.bounding_box()
    assert call_box is not None
    assert call_box["y"] + call_box["height"] <= PHONE["height"]
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    first = first_screen_text(page)
    assert "Emergencia" in first
    assert spanish_reading_ease(first) >= EASE_GRADE_8
    assert 'Diga: "Me pusieron un relleno' in page.locator("main").inner_text()
    picture(page, "triage-emergency-es-phone.png")
    picture(page, "triage-emergency-es-phone-full.png", full_page=True)
    axe_check(page)


def test_every_danger_question_is_on_the_first_phone_screen_in_spanish(
    spanish_phone: Any, live_server: Any
) -> None:
    spanish_phone.goto(f"{live_server.url}/after-treatment")

    for sign in SIGNS:
        box = spanish_phone.get_by_role("button", name=f"Sí: {sign.question}").bounding_box()
        looks = spanish_phone.locator(f"#looks-{sign.id}").bounding_box()
        assert box is not None
        assert looks is not None
        bottom = max(box["y"] + box["height"], looks["y"] + looks["height"])
        assert bottom <= PHONE["height"], f"{sign.id} is below the first screen"
        assert box["height"] >= 44, "too small to tap"
    # "No a todas" is the next thing down: within a short scroll (English keeps it on screen).
    no = spanish_phone.get_by_role("button", name="No a todas: siguiente").bounding_box()
    assert no is not None
    assert no["y"] + no["height"] <= PHONE["height"] + 60


def test_the_switch_turns_an_english_browser_to_spanish_and_remembers_it(
    phone: Any, live_server: Any
) -> None:
    phone.goto(live_server.url)
    assert phone.locator("html").get_attribute("lang") == "en"

    with phone.expect_navigation():
        phone.get_by_role("link", name="Español").tap()

    assert phone.locator("html").get_attribute("lang") == "es"
    phone.get_by_role("link", name="Me pusieron un tratamiento y me siento mal").tap()
    phone.wait_for_url("**/after-treatment")
    assert phone.locator("html").get_attribute("lang") == "es"
    phone.get_by_role("button", name="Sí: ¿Le cuesta respirar o tragar?").tap()
    phone.wait_for_url("**/after-treatment/result?*")
    assert phone.get_by_role("link", name="Llame al 911").is_visible()

    with phone.expect_navigation():
        phone.get_by_role("link", name="English").tap()
    assert phone.locator("html").get_attribute("lang") == "en"
    assert phone.get_by_role("link", name="Call 911").is_visible()

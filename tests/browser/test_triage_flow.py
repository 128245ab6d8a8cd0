"""A worried person reports what they feel after a treatment, on a phone, by keyboard, zoomed."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_an_emergency_is_unmistakable_on_a_phone(browser: Any, live_server: Any) -> None:
    page = browser.new_page(viewport={"width": 375, "height": 740}, is_mobile=True)
    page.goto(f"{live_server.url}/after-treatment")

    page.get_by_role("checkbox", name="Hyaluronic acid filler").check()
    page.get_by_label("How many days ago?").fill("0")
    page.get_by_role("checkbox", name="Bruising").check()
    page.get_by_role("checkbox", name="Skin turning pale or white").check()
    page.get_by_role("button", name="How soon should I get help?").click()

    banner = page.get_by_role("alert")
    box = banner.bounding_box()
    assert banner.get_attribute("data-urgency") == "emergency"
    assert "Call emergency services" in banner.inner_text()
    assert box is not None
    assert box["y"] < 200
    assert box["width"] >= 370
    assert page.get_by_role("link", name="Call 911").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    page.close()


def test_normal_bruising_is_self_care_by_keyboard_alone(browser: Any, live_server: Any) -> None:
    page = browser.new_page()
    page.goto(f"{live_server.url}/after-treatment")

    page.get_by_role("checkbox", name="Botulinum toxin").focus()
    page.keyboard.press("Space")
    page.get_by_label("Where on your body").focus()
    page.keyboard.press("Tab")
    page.keyboard.type("2")
    page.get_by_role("checkbox", name="Bruising").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Enter")

    page.wait_for_url("**/after-treatment/result?*")
    status = page.get_by_role("status")
    assert status.get_attribute("data-urgency") == "self-care"
    assert page.get_by_role("heading", name="Aftercare", exact=True).is_visible()
    page.close()


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

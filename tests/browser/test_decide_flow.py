"""A person fills in the decision aid, reads the result, prints it, on a desktop and a phone."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

RESULT = (
    "/decide/result?age=42&concerns=crows-feet&concerns=nasolabial-folds"
    "&health=anticoagulant-or-antiplatelet&pref-longevity=2&today=2026-11-23"
)


def focused_id(page: Any) -> str:
    return str(page.evaluate("document.activeElement.id"))


def tab_to(page: Any, element_id: str, limit: int = 150) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused_id(page) == element_id:
            return
    raise AssertionError(f"Tab never reached #{element_id}")


def test_a_person_answers_the_questions_and_reads_their_options(
    browser: Any, live_server: Any
) -> None:
    page = browser.new_page()
    page.goto(f"{live_server.url}/decide")

    page.get_by_label("Your age in years").fill("42")
    page.get_by_role("checkbox", name="Crow's feet").check()
    page.get_by_role("checkbox", name="Smile lines").check()
    page.get_by_role("checkbox", name="Do you take blood thinners").check()
    slider = page.get_by_role("slider", name="Can be undone")
    slider.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert slider.input_value() == "3"
    assert "3 of 3: matters a lot" in page.locator("output[for=id_pref-reversibility]").inner_text()
    page.get_by_role("button", name="Show my options").click()

    page.wait_for_url("**/decide/result?*")
    assert "pref-reversibility=3" in page.url
    folds = page.locator("#concern-nasolabial-folds")
    assert "Caution" in folds.locator('[data-option="ha-filler"] .badge').inner_text()
    assert folds.locator('[data-option="no-treatment"]').count() == 1
    crows_feet = page.locator("#concern-crows-feet")
    toxin = crows_feet.locator('[data-option="botulinum-toxin"]')
    assert toxin.get_attribute("data-status") == "caution"
    assert "Caution" in toxin.locator(".badge").inner_text()
    assert page.get_by_role("link", name="Download PDF").count() == 1
    assert page.get_by_role("button", name="Print summary").is_visible()
    page.close()


def test_the_printed_result_is_a_clean_summary(browser: Any, live_server: Any) -> None:
    page = browser.new_page()
    page.goto(f"{live_server.url}{RESULT}")

    page.emulate_media(media="print")

    assert not page.locator("header.site nav").is_visible()
    assert not page.get_by_role("link", name="Download PDF").is_visible()
    assert not page.get_by_role("button", name="Print summary").is_visible()
    assert page.get_by_role("heading", name="Your answers").is_visible()
    assert page.get_by_role("heading", name="Questions to ask your provider").is_visible()
    assert page.get_by_role("heading", name="Sources").is_visible()
    assert page.locator(".disclaimer-box").first.is_visible()
    assert page.locator("[data-ipdas=C3]").is_visible()
    page.close()


def test_a_keyboard_user_completes_the_questionnaire(browser: Any, live_server: Any) -> None:
    page = browser.new_page()
    page.goto(f"{live_server.url}/decide")

    tab_to(page, "id_age")
    page.keyboard.type("35")
    tab_to(page, "concern-glabellar-lines")
    page.keyboard.press("Space")
    tab_to(page, "id_pref-minimal-downtime")
    page.keyboard.press("End")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "BUTTON":
            break
    page.keyboard.press("Enter")

    page.wait_for_url("**/decide/result?*")
    assert outline != "none"
    assert "concerns=glabellar-lines" in page.url
    assert "pref-minimal-downtime=3" in page.url
    page.close()


def test_the_questionnaire_works_without_javascript(browser: Any, live_server: Any) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/decide")

    page.get_by_label("Your age in years").fill("50")
    page.get_by_role("checkbox", name="Flat or hollow cheeks").check()
    page.get_by_role("slider", name="Lasts a long time").fill("2")
    page.get_by_role("button", name="Show my options").click()

    page.wait_for_url("**/decide/result?*")
    assert "pref-longevity=2" in page.url
    assert page.locator("#concern-cheek-volume .row").count() >= 2
    assert page.get_by_text("use your browser's Print command").is_visible()
    context.close()


def test_the_questionnaire_and_result_fit_a_phone(browser: Any, live_server: Any) -> None:
    page = browser.new_page(viewport={"width": 375, "height": 740}, is_mobile=True)

    overflows = []
    for path in ("/decide", RESULT):
        page.goto(f"{live_server.url}{path}")
        overflows.append(page.evaluate("document.documentElement.scrollWidth - innerWidth"))

    assert overflows == [0, 0]
    page.close()

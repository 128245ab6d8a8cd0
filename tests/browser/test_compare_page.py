"""A person compares options on the real page, on a desktop and on a phone."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_a_person_picks_options_and_reads_the_comparison(browser: Any, live_server: Any) -> None:
    page = browser.new_page()
    page.goto(f"{live_server.url}/compare")

    page.get_by_role("checkbox", name="Botulinum toxin").uncheck()
    page.get_by_role("checkbox", name="Calcium hydroxylapatite").check()
    page.get_by_role("button", name="Compare").click()

    table = page.locator("table.tf-compare")
    assert page.url.endswith("?options=ha-filler&options=caha-filler")
    headers = table.locator("thead th").all_inner_texts()
    assert headers[1].startswith("Hyaluronic acid")
    assert headers[2].startswith("Calcium hydroxylapatite")
    duration = table.locator('tr[data-attribute="duration"]')
    assert "Different" in duration.inner_text()
    page.locator('tr[data-attribute="duration"] sup a').first.click()
    assert page.locator("ol.tf-sources li:target").count() == 1
    page.close()


def test_the_comparison_fits_a_phone_screen(browser: Any, live_server: Any) -> None:
    page = browser.new_page(viewport={"width": 375, "height": 740}, is_mobile=True)
    page.goto(f"{live_server.url}/compare?options=botulinum-toxin&options=ha-filler")

    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    label = page.locator('tr[data-attribute="duration"] td').first
    assert overflow <= 0
    assert "Botulinum toxin" in label.evaluate("e => getComputedStyle(e, '::before').content")
    page.close()


def test_a_keyboard_user_reaches_the_compare_button(browser: Any, live_server: Any) -> None:
    page = browser.new_page()
    page.goto(f"{live_server.url}/compare")

    for _ in range(12):
        page.keyboard.press("Tab")
        if (
            page.evaluate("document.activeElement.textContent.trim()") == "Compare"
            and page.evaluate("document.activeElement.tagName") == "BUTTON"
        ):
            break
    page.keyboard.press("Enter")

    page.wait_for_url("**/compare?options=*")
    assert page.locator("table.tf-compare").count() == 1
    page.close()

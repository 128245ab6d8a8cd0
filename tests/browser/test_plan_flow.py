"""A person plans their visits and downloads them to a calendar."""

from __future__ import annotations

from typing import Any

import pytest
from icalendar import Calendar

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_a_person_plans_visits_and_adds_them_to_a_calendar(browser: Any, live_server: Any) -> None:
    page = browser.new_page(accept_downloads=True)
    page.goto(f"{live_server.url}/plan")

    page.get_by_label("Treatment 1").select_option("botulinum-toxin:glabellar-lines")
    page.get_by_label("Treatment 2 (optional)").select_option("ha-filler:nasolabial-folds")
    page.get_by_label("First visit").fill("2026-12-01")
    page.get_by_label("Plan ahead for (months)").fill("12")
    page.get_by_role("button", name="Make my plan").click()

    assert page.get_by_role("heading", name="Your care plan").is_visible()
    assert page.locator("ol.tf-timeline > li").count() == 6
    assert page.locator(".tf-chart svg").count() == 1
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Add to calendar (.ics)").click()
    events = Calendar.from_ical(download_info.value.path().read_bytes()).walk("VEVENT")
    assert len(events) == 6
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    page.close()

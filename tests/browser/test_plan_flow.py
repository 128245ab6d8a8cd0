"""A person plans their visits on a phone and a desktop, reads the chart, downloads a calendar."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from tests.calendars import read_calendar
from tests.dates import next_december_first
from tests.readability import GRADE_8, first_screen_text, reading_grade

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

# The pages plan from the real date: a start within 5 years of it, whatever the year.
START = next_december_first().isoformat()
RESULT = (
    "/plan/result?treatment=botulinum-toxin%3Aglabellar-lines"
    f"&treatment=ha-filler%3Anasolabial-folds&start={START}&horizon_months=24"
)
# The smallest text in the visible chart, in CSS pixels as drawn (font size x the SVG's scale).
SMALLEST_TEXT = """() => {
  const svg = Array.from(document.querySelectorAll('.tf-chart svg'))
    .find(s => s.getClientRects().length > 0);
  const scale = svg.getScreenCTM().a;
  return Math.min(...Array.from(svg.querySelectorAll('text'))
    .map(t => parseFloat(getComputedStyle(t).fontSize) * scale));
}"""


def test_a_person_plans_visits_and_adds_them_to_a_calendar(browser: Any, live_server: Any) -> None:
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/plan")

    page.get_by_label("Treatment 1").select_option("botulinum-toxin:glabellar-lines")
    page.get_by_label("Treatment 2 (optional)").select_option("ha-filler:nasolabial-folds")
    page.get_by_label("First visit").fill(START)
    page.get_by_label("Plan ahead for (months)").fill("12")
    page.get_by_role("button", name="Make my plan").click()

    assert page.get_by_role("heading", name="Your care plan").is_visible()
    assert page.locator("ol.tf-timeline > li").count() == 6
    assert page.locator(".tf-chart-wide svg").is_visible()
    assert page.locator(".tf-chart-narrow svg").is_hidden()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Add to calendar (.ics)").click()
    events = read_calendar(download_info.value.path().read_bytes()).events
    assert len(events) == 6
    context.close()


def test_on_a_phone_the_chart_text_is_at_least_12_px(
    phone: Any, live_server: Any, axe_check: Callable[[Any], None]
) -> None:
    phone.goto(f"{live_server.url}{RESULT}")

    assert phone.locator(".tf-chart-narrow svg").is_visible()
    assert phone.evaluate(SMALLEST_TEXT) >= 12
    assert phone.evaluate("document.documentElement.scrollWidth - innerWidth") <= 0
    axe_check(phone)


def test_on_a_desktop_the_chart_text_is_at_least_12_px(
    desktop: Any, live_server: Any, axe_check: Callable[[Any], None]
) -> None:
    desktop.goto(f"{live_server.url}{RESULT}")

    assert desktop.evaluate(SMALLEST_TEXT) >= 12
    axe_check(desktop)


def test_each_curve_fades_and_a_line_under_the_chart_says_when(
    phone: Any, live_server: Any
) -> None:
    """TOX-DUR-1: toxin fades from month 3 to month 4; FIL-DUR-1: HA filler 6 to 12 months."""
    phone.goto(f"{live_server.url}{RESULT}")

    reading = phone.locator(".tf-chart-reading").inner_text()
    dashed = phone.locator('.tf-chart-narrow polyline[stroke-dasharray="6 4"]')

    assert "It fades between month 3 and month 4." in reading
    assert "It fades between month 6 and month 12." in reading
    assert dashed.count() == 2  # one treatment alone, fading, for each option


def test_the_first_screen_of_the_plan_reads_at_grade_8_or_below(
    phone: Any, live_server: Any
) -> None:
    phone.goto(f"{live_server.url}{RESULT}")

    assert reading_grade(first_screen_text(phone)) <= GRADE_8


def test_the_plan_form_passes_axe_on_a_phone(
    phone: Any, live_server: Any, axe_check: Callable[[Any], None]
) -> None:
    phone.goto(f"{live_server.url}/plan")

    assert "year-month-day" in phone.locator("#start-hint").inner_text()
    axe_check(phone)


def test_the_planners_today_is_the_visitors_date_and_the_page_says_so(
    browser: Any, live_server: Any
) -> None:
    """Issue 22 item 5: the server knows UTC; a visitor whose date is already another day
    (UTC+14 in the afternoon, UTC-12 in the morning) plans from their own today."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    zone = "Pacific/Kiritimati" if dt.datetime.now(dt.UTC).hour >= 12 else "Etc/GMT+12"
    context = browser.new_context(timezone_id=zone, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{live_server.url}/plan")
    theirs = dt.datetime.now(ZoneInfo(zone)).date()
    assert theirs != dt.datetime.now(dt.UTC).date()
    assert page.get_by_label("First visit").input_value() == theirs.isoformat()
    note = page.locator("#today-note").inner_text()
    assert f"Today is taken as {theirs.day} {theirs:%B %Y}: the date on your device" in note
    context.close()

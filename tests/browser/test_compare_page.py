"""A person compares options on the real page, on a phone (390x844) and a desktop (1280x900)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from tests.readability import GRADE_8, reading_grade

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

# Tab stops a person meets before the numbered source list (its links come last, once).
TABBABLE = """() => Array.from(document.querySelectorAll(
  'main a[href], main button, main input, main select, main summary, main [tabindex]'
)).filter(e => e.tabIndex >= 0 && e.checkVisibility()
  && !e.closest('[aria-labelledby=sources-heading]')).length"""


def test_on_a_phone_the_summary_fits_in_the_first_two_screens(
    phone: Any, live_server: Any, axe_check: Callable[[Any], None]
) -> None:
    phone.goto(f"{live_server.url}/compare")

    summary = phone.locator(".compare-summary").bounding_box()
    screen = phone.viewport_size["height"]
    assert summary["y"] < screen  # it starts on the first screen
    assert summary["y"] + summary["height"] <= 2 * screen
    assert phone.evaluate("document.documentElement.scrollWidth - innerWidth") <= 0
    axe_check(phone)


def test_the_summary_reads_at_grade_8_or_below(phone: Any, live_server: Any) -> None:
    phone.goto(
        f"{live_server.url}/compare?options=botulinum-toxin&options=ha-filler&options=caha-filler"
    )

    text = phone.locator(".compare-summary").inner_text()
    lead = phone.locator("p.lead").inner_text()

    assert reading_grade(lead + "\n" + text) <= GRADE_8


def test_the_details_are_folded_behind_a_short_tab_order(phone: Any, live_server: Any) -> None:
    """One source mark per cell: the page was 356 tab stops before the summary and folds."""
    phone.goto(f"{live_server.url}/compare")

    stops = phone.evaluate(TABBABLE)

    assert stops <= 30
    assert phone.locator("table.tf-compare").first.is_hidden()


def test_a_person_picks_options_and_opens_a_group_of_details(
    desktop: Any, live_server: Any, axe_check: Callable[[Any], None]
) -> None:
    desktop.goto(f"{live_server.url}/compare")

    desktop.get_by_text("Choose options to compare").click()
    desktop.get_by_role("checkbox", name="Botulinum toxin").uncheck()
    desktop.get_by_role("checkbox", name="Calcium hydroxylapatite").check()
    desktop.get_by_role("button", name="Compare").click()

    assert desktop.url.endswith("?options=ha-filler&options=caha-filler")
    cards = desktop.locator(".summary-card h3").all_inner_texts()
    assert cards[0].startswith("Hyaluronic acid")
    assert cards[1].startswith("Calcium")
    desktop.get_by_role("link", name="Results and repeat visits").click()
    desktop.locator("#group-results summary").click()
    duration = desktop.locator('tr[data-attribute="duration"]')
    assert "Different" in duration.inner_text()
    duration.locator("a.src").first.click()
    assert desktop.locator("ol.tf-sources li:target").count() == 1
    desktop.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    axe_check(desktop)


def test_a_keyboard_user_reaches_a_source_mark_in_one_stop_per_cell(
    desktop: Any, live_server: Any
) -> None:
    desktop.goto(f"{live_server.url}/compare")

    marks = []
    for _ in range(20):
        desktop.keyboard.press("Tab")
        if desktop.evaluate("document.activeElement.classList.contains('src')"):
            marks.append(
                desktop.evaluate(
                    "document.activeElement.closest('[data-attribute]').dataset.attribute"
                )
            )
    # The first card's six facts, each one stop, in reading order.
    assert marks[:6] == ["lasts", "downtime", "undo", "cost", "approved-for", "main-risk"]

"""The decision aid's budgets on a 390x844 phone, counted as a person acts (issue 22, item 1).

- A person with no health issues reaches the result in at most 15 interactions. Each tap,
  click or choice from a list counts one; typing into a field counts one more.
- The result's first part (one line per concern with its trade-off, the leaning and SURE
  questions, Plan visits) ends within two phone screens; everything else is folded.
- "None of these apply to me: next" is on the first screen of the health step.

Measured the same way before the change: 33 interactions (23 health questions answered one by
one), 17.6 phone screens moved through before the result, and a result 22.3 screens long; see
docs/decide-budget.md.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from tests.browser.conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

TAP_BUDGET = 15
FIRST_PART_SCREENS = 2


class Person:
    """Drives a page as a person would, and counts every interaction honestly."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.interactions = 0

    def tap(self, target: Any) -> None:
        target.scroll_into_view_if_needed()
        target.tap()
        self.interactions += 1

    def type_into(self, field: Any, text: str) -> None:
        self.tap(field)  # a phone needs a tap to put the cursor in the field
        self.page.keyboard.type(text)
        self.interactions += 1


def on_first_screen(page: Any, target: Any) -> bool:
    box = target.bounding_box()
    # A target scrolled to the top may sit a fraction of a pixel above it (sub-pixel layout).
    return box is not None and box["y"] > -1 and box["y"] + box["height"] <= PHONE["height"]


def reach_the_result(phone: Any, live_server: Any) -> Person:
    """Alice, 42, no health issues, crow's feet and smile lines; 'can be undone' matters a
    lot to her and 'lasts a long time' quite a bit; no earlier treatment."""
    person = Person(phone)
    phone.goto(f"{live_server.url}/decide")
    person.type_into(phone.get_by_label("Your age in years"), "42")
    person.tap(phone.get_by_role("checkbox", name="Crow's feet"))
    person.tap(phone.get_by_role("checkbox", name="Smile lines"))
    person.tap(phone.get_by_role("button", name="Continue"))
    phone.wait_for_url("**step=1**")

    person.tap(phone.get_by_role("button", name="None of these apply to me: next"))
    phone.wait_for_url("**go=none**")

    person.tap(phone.locator('input[name="pref-reversibility"][value="3"]'))
    person.tap(phone.locator('input[name="pref-longevity"][value="2"]'))
    person.tap(phone.get_by_role("button", name="Continue"))
    phone.wait_for_url("**step=3**")

    person.tap(phone.get_by_role("button", name="Show my options"))
    phone.wait_for_url("**/decide/result?*")
    return person


def test_a_person_with_no_health_issues_reaches_the_result_within_the_tap_budget(
    phone: Any, live_server: Any
) -> None:
    person = reach_the_result(phone, live_server)

    assert person.interactions <= TAP_BUDGET
    assert person.interactions == 10  # a change that adds a tap shows up here
    assert "h-pregnant=no" in phone.url  # "none apply" is an answer, carried to the summary
    assert "h-pregnant=unsure" not in phone.url


def test_the_first_part_of_the_result_fits_two_phone_screens(
    phone: Any, live_server: Any, axe_check: Callable[[Any], None]
) -> None:
    reach_the_result(phone, live_server)
    first = phone.locator("[data-first-screen]")

    box = first.bounding_box()
    assert box["y"] + box["height"] <= FIRST_PART_SCREENS * PHONE["height"]
    assert first.locator(".glance-list > li").count() == 2  # one line per concern
    trade_off = first.locator("[data-trade-off]")
    assert trade_off.count() == 1
    assert trade_off.inner_text().startswith(
        "Calcium hydroxylapatite filler lasts longer but cannot be dissolved, which you said "
        "matters."
    )
    assert first.get_by_role("link", name="Plan visits").is_visible()
    assert first.get_by_label("Which option are you leaning toward?").is_visible()
    assert first.get_by_role("group", name="Sure of myself").is_visible()
    assert "licensed provider" in first.inner_text()
    assert "No Fat grafting" not in phone.locator("main").inner_text()
    axe_check(phone)


def test_everything_after_the_first_part_is_folded_and_the_page_is_short(
    phone: Any, live_server: Any
) -> None:
    reach_the_result(phone, live_server)

    folds = phone.locator("main details.fold")
    assert folds.count() >= 10
    assert phone.locator("main details.fold[open]").count() == 0
    assert phone.evaluate("document.documentElement.scrollHeight") <= 4 * PHONE["height"]


def test_a_citation_in_the_first_part_opens_the_folded_source(phone: Any, live_server: Any) -> None:
    reach_the_result(phone, live_server)
    mark = phone.locator("[data-trade-off] .cite a").first
    target = mark.get_attribute("href")

    mark.tap()

    source = phone.locator(target)
    assert source.is_visible()
    assert on_first_screen(phone, source)


def test_why_opens_the_concern_and_its_choices(phone: Any, live_server: Any) -> None:
    reach_the_result(phone, live_server)

    phone.locator('.glance-list a[href="#concern-nasolabial-folds"]').tap()

    rows = phone.locator("#concern-nasolabial-folds li.row")
    assert rows.first.is_visible()
    assert rows.count() >= 2


def test_none_of_these_apply_is_on_the_first_screen_of_the_health_step(
    phone: Any, live_server: Any
) -> None:
    phone.goto(
        f"{live_server.url}/decide?step=1&go=next&age=42"
        "&concerns=crows-feet&concerns=nasolabial-folds"
    )

    none = phone.get_by_role("button", name="None of these apply to me: next")
    assert phone.locator(".progress-count").inner_text() == "Step 2 of 4"
    assert on_first_screen(phone, none)
    assert none.bounding_box()["height"] >= 44


def test_once_a_question_is_answered_the_one_tap_says_no_to_the_rest(
    phone: Any, live_server: Any
) -> None:
    phone.goto(f"{live_server.url}/decide?step=1&go=next&age=42&concerns=glabellar-lines")

    phone.locator('input[name="h-pregnant"][value="yes"]').check()
    phone.get_by_role("button", name="No to the rest: next").first.tap()
    phone.wait_for_url("**go=none**")

    assert phone.locator(".progress-count").inner_text() == "Step 3 of 4"
    assert phone.locator('input[name="h-pregnant"][value="yes"]').count() == 1  # kept
    assert phone.locator('input[name="h-breastfeeding"][value="no"]').count() == 1

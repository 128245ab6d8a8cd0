"""A Spanish-speaking person deciding, on a phone: from the home page through the decision
aid's steps to the result and on to "Plan visits", all in Spanish, the one-tap "no to all" on
the health step's first screen, no sideways scroll, and axe-core clean. Pictures in
docs/screenshots/."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from tests.browser.conftest import PHONE, picture
from tests.browser.test_compare_plan_es import (
    no_sideways_scroll,
    spanish_phone,
    words_broken,
)
from tests.readability import EASE_GRADE_8, first_screen_text, spanish_reading_ease

from toxfill.knowledge import bundled_knowledge

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

SPANISH = bundled_knowledge("es")
__all__ = ["spanish_phone"]  # the fixture, shared with the comparison's journey


def on_first_screen(target: Any) -> bool:
    box = target.bounding_box()
    return box is not None and box["y"] > -1 and box["y"] + box["height"] <= PHONE["height"]


def test_home_to_a_decision_and_its_plan_in_spanish(
    spanish_phone: Any, live_server: Any, axe_check: Callable[[Any], None]
) -> None:
    page = spanish_phone
    page.goto(live_server.url)
    assert "en inglés" not in page.locator("main").inner_text()
    page.get_by_role("link", name="Encuentre las opciones que le convienen").tap()
    page.wait_for_url("**/decide")

    assert page.locator("html").get_attribute("lang") == "es"
    assert page.get_by_role("heading", name="Sus problemas").is_visible()
    page.get_by_label("Su edad en años").fill("42")
    for concern in ("crows-feet", "nasolabial-folds"):
        page.get_by_role("checkbox", name=SPANISH.concerns[concern].label, exact=True).tap()
    assert no_sideways_scroll(page)
    axe_check(page)
    page.get_by_role("button", name="Seguir").tap()
    page.wait_for_url("**step=1**")

    assert page.locator(".progress-count").inner_text() == "Paso 2 de 4"
    none = page.get_by_role("button", name="No a todas: siguiente")
    assert on_first_screen(none)
    assert none.bounding_box()["height"] >= 44
    question = SPANISH.health_factors["anticoagulant-or-antiplatelet"].question
    assert page.get_by_role("group", name=question).is_visible()
    assert no_sideways_scroll(page)
    assert words_broken(page, ".progress li") == []  # the steps' names, whole words
    picture(page, "decide-health-es-phone.png")
    axe_check(page)
    none.tap()
    page.wait_for_url("**go=none**")

    assert page.get_by_role("heading", name="Lo que le importa").is_visible()
    page.locator('input[name="pref-reversibility"][value="3"]').tap()
    page.get_by_role("button", name="Seguir").tap()
    page.wait_for_url("**step=3**")
    assert page.get_by_role("heading", name="Tratamientos recientes").is_visible()
    axe_check(page)
    page.get_by_role("button", name="Ver mis opciones").tap()
    page.wait_for_url("**/decide/result?*")

    assert page.get_by_role("heading", name="Sus opciones", exact=True).is_visible()
    glance = page.locator(".glance-list").inner_text()
    assert "La que mejor le queda" in glance
    assert spanish_reading_ease(first_screen_text(page)) >= EASE_GRADE_8
    assert no_sideways_scroll(page)
    picture(page, "decide-result-es-phone.png")
    axe_check(page)

    page.get_by_role("link", name="Planear visitas").tap()
    page.wait_for_url("**/plan?*")
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.get_by_role("heading", name="Planee sus visitas").is_visible()
    page.get_by_role("button", name="Hacer mi plan").tap()
    page.wait_for_url("**/plan/result?*")
    assert page.get_by_role("heading", name="Su plan de cuidado").is_visible()
    assert no_sideways_scroll(page)
    axe_check(page)

"""A Spanish-speaking person choosing and planning, on a phone: from the home page to the
comparison and to a care plan with its calendar file, all in Spanish, no sideways scroll, the
device's date said in Spanish, and axe-core clean. Pictures in docs/screenshots/."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from tests.browser.conftest import PHONE, picture
from tests.calendars import raw_properties, read_calendar
from tests.readability import EASE_GRADE_8, first_screen_text, spanish_reading_ease

from toxfill.wording import long_date

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture
def spanish_phone(browser: Any) -> Iterator[Any]:
    """A 390x844 touch phone whose browser asks for Spanish (Accept-Language: es-MX)."""
    context = browser.new_context(
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
        locale="es-MX",
        accept_downloads=True,
    )
    yield context.new_page()
    context.close()


def no_sideways_scroll(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth - window.innerWidth <= 0"))


# Each word's pieces on screen: a word whose pieces sit on two lines was broken inside it.
_WORDS_BROKEN = """selector => {
  const broken = [];
  for (const element of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const word of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        const lines = new Set([...range.getClientRects()].filter(r => r.width > 0)
          .map(r => Math.round(r.top)));
        if (lines.size > 1) broken.push(word[0]);
      }
    }
  }
  return broken;
}"""


def words_broken(page: Any, selector: str) -> list[str]:
    """The words under `selector` that wrap inside themselves ("Tratamiento-s")."""
    return list(page.evaluate(_WORDS_BROKEN, selector))


def test_home_to_the_comparison_in_spanish(
    spanish_phone: Any, live_server: Any, axe_check: Callable[[Any], None]
) -> None:
    page = spanish_phone
    page.goto(live_server.url)
    page.get_by_role("link", name="Compare las opciones lado a lado").tap()
    page.wait_for_url("**/compare")

    assert page.locator("html").get_attribute("lang") == "es"
    assert page.get_by_role("heading", name="Comparar opciones").is_visible()
    assert page.get_by_role("heading", name="De un vistazo").is_visible()
    card = page.locator('article[data-option="ha-filler"]').inner_text()
    assert "Sí. Una enzima lo puede disolver." in card
    assert spanish_reading_ease(first_screen_text(page)) >= EASE_GRADE_8
    assert no_sideways_scroll(page)
    picture(page, "compare-es-phone.png")

    page.locator("#group-risks summary").tap()
    assert page.locator('#group-risks tr[data-attribute="serious-risks"]').is_visible()
    assert no_sideways_scroll(page)
    axe_check(page)


def test_home_to_a_care_plan_and_its_calendar_in_spanish(
    spanish_phone: Any, live_server: Any, axe_check: Callable[[Any], None]
) -> None:
    page = spanish_phone
    page.goto(live_server.url)
    page.get_by_role("link", name="Planee sus visitas").tap()
    page.wait_for_url("**/plan")

    assert page.locator("html").get_attribute("lang") == "es"
    today = dt.date.fromisoformat(page.get_by_label("Primera visita").input_value())
    note = page.locator("#today-note").inner_text()
    assert f"Se toma como hoy el {long_date(today, 'es')}: la fecha de su aparato" in note
    page.get_by_label("Tratamiento 1", exact=True).select_option("botulinum-toxin:forehead-lines")
    page.get_by_label("Planear por (meses)").fill("12")
    page.get_by_role("button", name="Hacer mi plan").tap()
    page.wait_for_url("**/plan/result?*")

    assert page.get_by_role("heading", name="Su plan de cuidado").is_visible()
    first = page.locator("ol.tf-timeline > li").first.inner_text()
    assert "primera vez" in first.lower()  # the purpose is set in capitals by the CSS
    assert page.locator(".tf-chart-narrow svg").is_visible()
    assert no_sideways_scroll(page)
    picture(page, "plan-es-phone.png")
    picture(page, "plan-es-phone-full.png", full_page=True)
    axe_check(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Agregar al calendario (.ics)").tap()
    content = download_info.value.path().read_bytes()
    events = read_calendar(content).events
    assert raw_properties(content, "X-WR-CALNAME") == ["Plan de cuidado de toxfill"]
    assert len(events) == page.locator("ol.tf-timeline > li").count()
    assert str(events[0].summary).startswith("toxfill: primera visita")

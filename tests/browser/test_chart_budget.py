"""Issue 22's charting budget in a real browser: a session of 3 zones, 5 points and two
products (Botox in the glabella and the forehead, a filler in the chin) in at most 12
interactions on a 900 px high laptop and on tablets, the map in the viewport after every one.

Each tap lands on the face drawing where the injector would inject; the point keeps that
place, takes the zone drawn nearest to it, and is drawn with its dose in its product's colour,
no label over another. The session page draws the same points in the same places.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest
from tests.browser.test_clinic_workspace import sign_in
from tests.web.clinic.conftest import (  # noqa: F401  (fixtures)
    botox_lot,
    front_desk,
    manager,
    patient,
    provider,
    voluma_lot,
)

from toxfill.web.clinic.actions.templates import TemplatePoint, save_template
from toxfill.web.clinic.models import InjectionPoint, Membership, Patient, ProductLot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUDGET = 12  # interactions: 3 zones, 5 points, two products, saved
SIZES = {
    "laptop-1280x900": {"width": 1280, "height": 900},
    "tablet-768x1024": {"width": 768, "height": 1024},
    "tablet-1024x768": {"width": 1024, "height": 768},
}
# Where each tap lands on the front face, on the knowledge base's 0-100 grid, and the zone
# that place lies in: two glabella points either side of the midline, two across the forehead.
TAPS = (
    ((46.0, 30.0), "glabella"),
    ((54.0, 31.0), "glabella"),
    ((40.0, 15.0), "forehead"),
    ((60.0, 15.0), "forehead"),
)
CHIN = ((50.0, 88.0), "chin")


class Charting:
    """The chart page, its interactions counted, the map's place checked after each one."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.count = 0

    def _after(self) -> None:
        self.count += 1
        box = self.page.locator("svg.map-face").bounding_box()
        viewport = self.page.viewport_size
        assert box is not None, "the face drawing is not shown"
        visible = (
            box["y"] < viewport["height"]
            and box["y"] + box["height"] > 0
            and box["x"] < viewport["width"]
            and box["x"] + box["width"] > 0
        )
        assert visible, f"the map left the viewport after interaction {self.count}: {box}"
        sideways = self.page.evaluate("() => document.scrollingElement.scrollWidth > innerWidth")
        assert not sideways, f"the page scrolls sideways after interaction {self.count}"

    def tap(self, x: float, y: float) -> None:
        """A tap on the face drawing at (x, y) of the grid (the drawing is stretched down)."""
        at = self.page.evaluate(
            """([x, y]) => {
                const svg = document.querySelector('svg.map-face');
                const stretch = parseFloat(svg.dataset.stretch);
                const p = new DOMPoint(x, y * stretch).matrixTransform(svg.getScreenCTM());
                return [p.x, p.y];
            }""",
            [x, y],
        )
        self.page.mouse.click(at[0], at[1])
        self._after()

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)
        self._after()

    def select(self, selector: str, value: str) -> None:
        self.page.select_option(selector, value)
        self._after()

    def submit(self) -> None:
        """Send the form: a new page, so the map's place is not asked after it."""
        self.count += 1
        with self.page.expect_navigation():
            self.page.click("#save-session")


@pytest.fixture(params=list(SIZES))
def screen(request: Any, browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=SIZES[request.param])
    yield context.new_page()
    context.close()


def overlapping_labels(page: Any, selector: str) -> list[str]:
    return list(
        page.evaluate(
            """(selector) => {
                const boxes = [...document.querySelectorAll(selector)].map(t => {
                    const b = t.getBoundingClientRect();
                    return [t.textContent, b.left, b.top, b.right, b.bottom];
                });
                const clash = [];
                boxes.forEach((a, i) => boxes.slice(i + 1).forEach(b => {
                    const across = a[1] < b[3] - 0.5 && b[1] < a[3] - 0.5;
                    if (across && a[2] < b[4] - 0.5 && b[2] < a[4] - 0.5) {
                        clash.push(a[0] + ' / ' + b[0]);
                    }
                }));
                return clash;
            }""",
            selector,
        )
    )


def test_a_session_of_two_products_fits_the_budget_with_the_map_in_view(
    screen: Any,
    live_server: Any,
    provider: Membership,  # noqa: F811
    patient: Patient,  # noqa: F811
    botox_lot: ProductLot,  # noqa: F811
    voluma_lot: ProductLot,  # noqa: F811
    axe_check: Callable[[Any], None],
) -> None:
    # given paula on Ana's chart page, the Botox lot picked (the first on the shelf)
    sign_in(screen, live_server.url, "paula")
    base = f"{live_server.url}/clinic/{provider.clinic.public_id}"
    screen.goto(f"{base}/patients/{patient.public_id}/chart/")
    axe_check(screen)
    page = Charting(screen)
    # when she taps four Botox points (the dose typed once, then carried over), picks the
    # filler lot and taps the chin, and saves
    (first, _), *others = TAPS
    page.tap(*first)
    page.type("4")
    for place, _ in others:
        page.tap(*place)
    page.select("#lot", str(voluma_lot.public_id))
    page.tap(*CHIN[0])
    page.type("1")
    # the five points are drawn, each with its dose, coloured by product, no label over another
    labels = screen.locator("svg.map-face .marks text").all_text_contents()
    assert labels == ["4 U", "4 U", "4 U", "4 U", "1 mL"]
    colours = screen.locator("svg.map-face .marks circle").evaluate_all(
        "cs => cs.map(c => c.getAttribute('fill'))"
    )
    assert len(set(colours[:4])) == 1
    assert colours[4] != colours[0]
    assert overlapping_labels(screen, "svg.map-face .marks text") == []
    zones = screen.locator("#rows select[name=zone]").evaluate_all("s => s.map(e => e.value)")
    assert zones == [zone for _, zone in (*TAPS, CHIN)]
    axe_check(screen)
    page.submit()
    # the rules ask a reason for each product-and-concern under the label dose (16 U of the
    # 20 U for frown lines, 8 U of the 20 U for the forehead): one reason answers both
    assert screen.locator("#findings textarea.reason").count() == 2
    axe_check(screen)
    page.count += 1
    screen.fill("#reason_all", "A lighter first treatment, as agreed with the patient")
    for box in screen.locator("#findings input[type=checkbox]").all():
        box.check()
        page.count += 1
    page.submit()
    # then the session is saved with its five points where they were placed, within budget
    screen.wait_for_url("**/sessions/**")
    assert page.count <= BUDGET, f"{page.count} interactions"
    saved = list(InjectionPoint.objects.order_by("id").values_list("zone", "view", "x", "y"))
    assert [(z, v, round(float(x)), round(float(y))) for z, v, x, y in saved] == [
        (zone, "face", round(x), round(y)) for (x, y), zone in (*TAPS, CHIN)
    ]
    # and the session page draws the same points, with their doses
    assert screen.locator(".session-map svg.map-face .mark").count() == 5
    assert overlapping_labels(screen, ".session-map svg.map-face text") == []
    axe_check(screen)


def test_the_list_adds_a_point_at_its_zones_place_and_a_tap_on_a_profile_finds_the_temple(
    desktop: Any,
    live_server: Any,
    provider: Membership,  # noqa: F811
    patient: Patient,  # noqa: F811
    botox_lot: ProductLot,  # noqa: F811
) -> None:
    sign_in(desktop, live_server.url, "paula")
    base = f"{live_server.url}/clinic/{provider.clinic.public_id}"
    desktop.goto(f"{base}/patients/{patient.public_id}/chart/")
    # the keyboard's way in: a point added from the list, its zone picked there
    desktop.click("#add-point")
    desktop.select_option("#rows tr:last-child select[name=zone]", "chin")
    place = desktop.locator("#rows tr:last-child input[name=point_view]").input_value()
    x = desktop.locator("#rows tr:last-child input[name=point_x]").input_value()
    assert (place, float(x)) == ("face", 50.0)
    # a tap on the right profile's temple
    desktop.click(".map-tabs button[data-show=face-right]")
    svg = desktop.locator("svg.map-face-right")
    box = svg.bounding_box()
    assert box is not None
    desktop.mouse.click(box["x"] + box["width"] * 0.58, box["y"] + box["height"] * 43.5 / 157)
    assert desktop.locator("#rows tr:last-child select[name=zone]").input_value() == (
        "temple-right"
    )


def test_a_template_adds_its_points_in_one_tap_and_the_mixing_shows_as_it_is_typed(
    desktop: Any,
    live_server: Any,
    provider: Membership,  # noqa: F811
    patient: Patient,  # noqa: F811
    botox_lot: ProductLot,  # noqa: F811
    axe_check: Callable[[Any], None],
) -> None:
    five = [
        TemplatePoint("glabella", "face", Decimal(x), Decimal(y), Decimal(4))
        for x, y in ((50, 30), (46, 29), (54, 29), (42, 27), (58, 27))
    ]
    save_template(provider, name="Glabella 5 x 4 U", product="botox", points=five)
    sign_in(desktop, live_server.url, "paula")
    base = f"{live_server.url}/clinic/{provider.clinic.public_id}"
    desktop.goto(f"{base}/patients/{patient.public_id}/chart/")
    # one tap adds the five points, drawn where the template puts them, no label over another
    desktop.click("text=Add Glabella 5 x 4 U")
    assert desktop.locator("#rows tr").count() == 5
    assert desktop.locator("svg.map-face .marks circle").count() == 5
    assert overlapping_labels(desktop, "svg.map-face .marks text") == []
    assert "20 U in 5 points" in desktop.locator("#totals").inner_text()
    # the vial and its diluent typed: units per 0.1 mL, before anything is sent
    desktop.fill("#vial_units", "100")
    desktop.fill("#diluent_ml", "2.5")
    desktop.locator("#mixing-result", has_text="4.0 U per 0.1 mL").wait_for()
    axe_check(desktop)

"""Before-and-after pictures of issue 22's charting budget for docs/before-after/ (see
docs/chart-budget.md): the chart page on a 1280x900 laptop and a 768x1024 tablet, as the
injector sees it after charting five points of Botox (glabella and forehead) and one of a
filler (chin), as tests/browser/test_chart_budget.py measures it.

Skipped in the normal run; redraw the "after" pictures with
    TOXFILL_SCREENSHOTS=1 .venv/bin/pytest -m screenshots tests/browser/test_screenshots_chart.py
The "before" pictures were drawn by this same file at commit 78c3623 (the zone circles, a
click per zone), with TOXFILL_SCREENSHOTS_WHEN=before.
"""

from __future__ import annotations

import os
from pathlib import Path
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

from toxfill.web.clinic.models import Membership, Patient, ProductLot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.screenshots,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("TOXFILL_SCREENSHOTS"), reason="set TOXFILL_SCREENSHOTS=1 to redraw"
    ),
]

PICTURES = Path(__file__).resolve().parents[2] / "docs" / "before-after"
WHEN = os.environ.get("TOXFILL_SCREENSHOTS_WHEN", "after")
SIZES = {"laptop": {"width": 1280, "height": 900}, "tablet": {"width": 768, "height": 1024}}
# The points, on the knowledge base's 0-100 grid, and their zones (the "before" page could
# only click a zone's circle).
BOTOX = (
    ((46, 30), "glabella"),
    ((54, 31), "glabella"),
    ((40, 15), "forehead"),
    ((60, 15), "forehead"),
)
CHIN = ((50, 88), "chin")


def _point(page: Any, place: tuple[int, int], zone: str) -> None:
    if WHEN == "before":
        page.click(f'.map-face [data-zone="{zone}"]')
        return
    at = page.evaluate(
        """([x, y]) => {
            const svg = document.querySelector('svg.map-face');
            const p = new DOMPoint(x, y * parseFloat(svg.dataset.stretch))
                .matrixTransform(svg.getScreenCTM());
            return [p.x, p.y];
        }""",
        list(place),
    )
    page.mouse.click(at[0], at[1])


@pytest.mark.parametrize("size", SIZES)
def test_it_draws_the_chart_page_after_five_points(
    browser: Any,
    live_server: Any,
    size: str,
    provider: Membership,  # noqa: F811
    patient: Patient,  # noqa: F811
    botox_lot: ProductLot,  # noqa: F811
    voluma_lot: ProductLot,  # noqa: F811
) -> None:
    context = browser.new_context(viewport=SIZES[size])
    page = context.new_page()
    sign_in(page, live_server.url, "paula")
    base = f"{live_server.url}/clinic/{provider.clinic.public_id}"
    page.goto(f"{base}/patients/{patient.public_id}/chart/")
    (first, zone), *others = BOTOX
    _point(page, first, zone)
    page.keyboard.type("4")
    for place, zone in others:
        _point(page, place, zone)
    page.select_option("#lot", str(voluma_lot.public_id))
    _point(page, *CHIN)
    page.keyboard.type("1")
    PICTURES.mkdir(parents=True, exist_ok=True)
    path = PICTURES / f"chart-{size}-{WHEN}.png"
    page.screenshot(path=str(path))  # the viewport: what the injector sees after the last tap
    context.close()
    assert path.stat().st_size > 1000

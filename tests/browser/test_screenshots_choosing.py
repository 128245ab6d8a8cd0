"""Phone and desktop pictures of the compare, decide and plan pages for docs/screenshots/ and
the README, drawn the same way as the after-treatment ones (tests/browser/test_screenshots.py).

Skipped in the normal run; rerun after a change to these pages with
    TOXFILL_SCREENSHOTS=1 .venv/bin/pytest -m screenshots tests/browser/test_screenshots_choosing.py
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlencode

import pytest
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_screenshots import SCREENSHOTS
from tests.dates import next_december_first

from toxfill.decide import health_questions
from toxfill.knowledge import bundled_knowledge

pytestmark = [
    pytest.mark.browser,
    pytest.mark.screenshots,
    pytest.mark.django_db,
    pytest.mark.skipif(
        not os.environ.get("TOXFILL_SCREENSHOTS"), reason="set TOXFILL_SCREENSHOTS=1 to redraw"
    ),
]

STEP_1 = "/decide?step=1&go=next&age=42&concerns=crows-feet&concerns=nasolabial-folds"
CONCERNS = ["crows-feet", "nasolabial-folds"]
RESULT = "/decide/result?" + urlencode(
    [
        ("age", "42"),
        *(("concerns", c) for c in CONCERNS),
        *(
            (f"h-{f}", "yes" if f == "anticoagulant-or-antiplatelet" else "no")
            for f in health_questions(bundled_knowledge(), CONCERNS)
        ),
        ("pref-longevity", "2"),
        ("pref-reversibility", "3"),
        ("t1-option", "botulinum-toxin"),
        ("t1-date", "2026-10-01"),
        ("today", "2026-11-23"),
    ]
)
# The planner takes a start only within 5 years of the real date.
PLAN = (
    "/plan/result?treatment=botulinum-toxin%3Aglabellar-lines"
    f"&treatment=ha-filler%3Anasolabial-folds&start={next_december_first()}&horizon_months=24"
)
# name: (address, the element to show, or None for the first screen)
PAGES: dict[str, tuple[str, str | None]] = {
    "compare": ("/compare", None),
    "compare-details": ("/compare", "#group-results"),
    "decide-step-1": ("/decide", None),
    "decide-step-2-health": (STEP_1, None),
    "decide-step-3-matters": (RESULT.replace("/decide/result?", "/decide?step=2&go=next&"), None),
    "decide-result": (RESULT, None),
    "decide-risk-pictures": (RESULT, '#concern-crows-feet [data-option="botulinum-toxin"]'),
    "decide-leaning": (RESULT, "#leaning"),
    "plan": ("/plan", None),
    "plan-result": (PLAN, None),
    "plan-chart": (PLAN, "section[aria-labelledby=chart-heading]"),
}


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize(("size", "viewport"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_it_draws_the_page(
    browser: Any, live_server: Any, name: str, size: str, viewport: dict[str, int]
) -> None:
    address, element = PAGES[name]
    context = browser.new_context(viewport=viewport, is_mobile=size == "phone")
    page = context.new_page()
    page.goto(f"{live_server.url}{address}")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}-{size}.png"

    if element is None:
        page.screenshot(path=str(path))
    else:
        page.evaluate("document.querySelectorAll('main details').forEach(d => d.open = true)")
        page.locator(element).first.screenshot(path=str(path))

    context.close()
    assert path.stat().st_size > 1000

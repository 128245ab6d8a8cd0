"""Before-and-after pictures of issue 22's phone budgets for docs/before-after/ (see
docs/decide-budget.md), at 390x844 as tests/browser/test_decide_budget.py measures them.

Skipped in the normal run; redraw the "after" pictures with
    TOXFILL_SCREENSHOTS=1 .venv/bin/pytest -m screenshots tests/browser/test_screenshots_budget.py
The "before" pictures were drawn by this same file at commit 83cbc60, with
TOXFILL_SCREENSHOTS_WHEN=before.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from tests.browser.conftest import PHONE

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

PICTURES = Path(__file__).resolve().parents[2] / "docs" / "before-after"
WHEN = os.environ.get("TOXFILL_SCREENSHOTS_WHEN", "after")
CONCERNS = ["crows-feet", "nasolabial-folds"]
STEP_2 = "/decide?step=1&go=next&age=42&" + urlencode([("concerns", c) for c in CONCERNS])
# Alice, 42, no health issues; 'can be undone' matters a lot to her, 'lasts long' quite a bit.
RESULT = "/decide/result?" + urlencode(
    [
        ("age", "42"),
        *(("concerns", c) for c in CONCERNS),
        *((f"h-{f}", "no") for f in health_questions(bundled_knowledge(), CONCERNS)),
        ("pref-longevity", "2"),
        ("pref-reversibility", "3"),
        ("today", "2026-11-23"),
    ]
)
# name: (address, how many phone screens from the top)
PAGES: dict[str, tuple[str, int]] = {
    "decide-health-step": (STEP_2, 1),
    "decide-result": (RESULT, 2),
    "triage-danger-signs": ("/after-treatment", 1),
}


@pytest.mark.parametrize("name", PAGES)
def test_it_draws_the_phone_screens(browser: Any, live_server: Any, name: str) -> None:
    address, screens = PAGES[name]
    context = browser.new_context(viewport=PHONE, is_mobile=True)
    page = context.new_page()
    page.goto(f"{live_server.url}{address}")
    PICTURES.mkdir(parents=True, exist_ok=True)
    path = PICTURES / f"{name}-{WHEN}.png"

    clip = {"x": 0, "y": 0, "width": PHONE["width"], "height": screens * PHONE["height"]}
    page.screenshot(path=str(path), clip=clip, full_page=True)

    context.close()
    assert path.stat().st_size > 1000

"""Phone and desktop pictures of the after-treatment pages for docs/screenshots/ and the README.

Skipped in the normal run; rerun after a change to these pages with
    TOXFILL_SCREENSHOTS=1 .venv/bin/pytest -m screenshots tests/browser/test_screenshots.py
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from tests.browser.conftest import DESKTOP, PHONE, SCREENSHOTS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.screenshots,
    pytest.mark.django_db,
    pytest.mark.skipif(
        not os.environ.get("TOXFILL_SCREENSHOTS"), reason="set TOXFILL_SCREENSHOTS=1 to redraw"
    ),
]

PAGES = {
    "home": "/",
    "triage-danger-signs": "/after-treatment",
    "triage-symptoms": "/after-treatment/symptoms?treatments=ha-filler",
    "triage-emergency": "/after-treatment/result?treatments=ha-filler&danger=sight-loss",
    "triage-urgent": "/after-treatment/result?treatments=botulinum-toxin&days_since=3"
    "&symptoms=double-vision",
    "triage-self-care": "/after-treatment/result?treatments=ha-filler&days_since=2"
    "&symptoms=bruising&symptoms=swelling",
    "triage-errors": "/after-treatment/result?treatments=ha-filler",
    "aftercare-ha-filler": "/after-treatment/aftercare/ha-filler",
    "not-found": "/no-such-page",
}


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize(("size", "viewport"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_it_draws_the_first_screen(
    browser: Any, live_server: Any, name: str, size: str, viewport: dict[str, int]
) -> None:
    context = browser.new_context(viewport=viewport, is_mobile=size == "phone")
    page = context.new_page()
    page.goto(f"{live_server.url}{PAGES[name]}")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    page.screenshot(path=str(SCREENSHOTS / f"{name}-{size}.png"))

    context.close()
    assert (SCREENSHOTS / f"{name}-{size}.png").stat().st_size > 1000

"""A phone set to dark mode gets toxfill's dark scheme: the page, its text and its forms turn
dark from one palette, while the emergency answer keeps its red banner and white call button,
the colours that say "now" in both. Every page's axe check runs in both schemes (axe_check)."""

from __future__ import annotations

import os
from typing import Any

import pytest
from tests.browser.conftest import SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

BACKGROUND = "getComputedStyle(document.body).backgroundColor"
EMERGENCY_BANNER = "getComputedStyle(document.querySelector('.tf-urgency--emergency'))"


def _scheme(page: Any, scheme: str) -> Any:
    page.emulate_media(color_scheme=scheme)
    return page


def test_the_page_follows_the_phones_scheme(phone: Any, live_server: Any) -> None:
    phone.goto(f"{live_server.url}/compare")
    assert _scheme(phone, "light").evaluate(BACKGROUND) == "rgb(255, 255, 255)"
    assert _scheme(phone, "dark").evaluate(BACKGROUND) == "rgb(18, 20, 23)"
    ink = phone.evaluate("getComputedStyle(document.body).color")
    assert ink == "rgb(232, 234, 237)"


def test_the_emergency_answer_looks_the_same_in_both(phone: Any, live_server: Any) -> None:
    """FIL-VO-1: signs of a stroke after filler are an emergency; its banner is never muted."""
    phone.goto(f"{live_server.url}/after-treatment/result?treatments=ha-filler&danger=stroke")
    looks = {}
    for scheme in ("light", "dark"):
        _scheme(phone, scheme)
        looks[scheme] = phone.evaluate(
            f"(() => {{ const s = {EMERGENCY_BANNER}; return [s.backgroundColor, s.color]; }})()"
        )
    assert looks["light"] == looks["dark"] == ["rgb(155, 0, 0)", "rgb(255, 255, 255)"]


@pytest.mark.screenshots
@pytest.mark.skipif(
    not os.environ.get("TOXFILL_SCREENSHOTS"), reason="set TOXFILL_SCREENSHOTS=1 to redraw"
)
@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("home", "/"),
        ("triage-emergency", "/after-treatment/result?treatments=ha-filler&danger=stroke"),
        ("compare", "/compare"),
    ],
)
def test_it_draws_the_dark_scheme(phone: Any, live_server: Any, name: str, path: str) -> None:
    _scheme(phone, "dark")
    phone.goto(f"{live_server.url}{path}")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(SCREENSHOTS / f"{name}-phone-dark.png"))
    assert (SCREENSHOTS / f"{name}-phone-dark.png").stat().st_size > 1000

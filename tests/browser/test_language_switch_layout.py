"""The language switch sits in the header's top right and never covers the brand or a link
of the header, on any width from a small phone to a desktop, in either language."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

WIDTHS = (320, 390, 600, 768, 1024, 1280)


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_switch_covers_nothing_in_the_header(
    browser: Any, live_server: Any, language: str
) -> None:
    for width in WIDTHS:
        page = browser.new_page(viewport={"width": width, "height": 800})
        page.set_extra_http_headers({"Accept-Language": language})
        page.goto(f"{live_server.url}/after-treatment")
        switch = page.locator(".tf-language a").bounding_box()
        header = page.locator("header.site a")
        for index in range(header.count()):
            box = header.nth(index).bounding_box()
            text = header.nth(index).inner_text()
            assert not _overlap(switch, box), f"{width}px, {language}: the switch covers {text!r}"
        page.close()

"""The content security policy holds in a real browser: no page (the API docs included) needs an
inline script or style, so Chromium reports no violation."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PAGES = [
    "/",
    "/compare?options=botulinum-toxin&options=ha-filler",
    "/decide",
    "/plan",
    "/after-treatment",
    "/after-treatment/aftercare/ha-filler",
    "/api/v1/docs",
]


@pytest.mark.parametrize("path", PAGES)
def test_no_page_breaks_its_content_security_policy(
    desktop: Any, live_server: Any, path: str
) -> None:
    violations: list[str] = []
    desktop.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )

    desktop.goto(f"{live_server.url}{path}")
    desktop.wait_for_load_state("networkidle")

    assert violations == []


def test_the_api_docs_render_the_operations_from_the_site(desktop: Any, live_server: Any) -> None:
    requested: list[str] = []
    desktop.on("request", lambda request: requested.append(request.url))

    desktop.goto(f"{live_server.url}/api/v1/docs")
    desktop.wait_for_selector('[data-path="/api/v1/triage"]')

    assert all(url.startswith(live_server.url) or url.startswith("data:") for url in requested)


def test_the_api_docs_page_has_no_accessibility_violations(
    desktop: Any, live_server: Any, axe_check: Any
) -> None:
    desktop.goto(f"{live_server.url}/api/v1/docs")
    desktop.wait_for_selector('[data-path="/api/v1/triage"]')

    axe_check(desktop)

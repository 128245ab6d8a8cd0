"""Browser tests drive the real pages in Debian's Chromium through Playwright.

Shared fixtures for every page's tests:

- `phone` and `desktop`: a fresh page at 390x844 (a common phone, touch) and 1280x900.
- `axe_check(page)`: runs axe-core (bundled in axe-playwright-python, nothing fetched) with the
  WCAG 2.2 AA tags, in the light and the dark colour scheme, and fails with a readable report
  on any violation.
- `first_screen_text(page)` (in tests/readability.py): the text a person sees without scrolling.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("TOXFILL_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # The photo page's camera: Chromium's test pattern instead of a device, without a prompt.
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# The README's pictures, redrawn only when asked: TOXFILL_SCREENSHOTS=1.
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def picture(page: Any, name: str, *, full_page: bool = False) -> None:
    """docs/screenshots/<name>, drawn only when TOXFILL_SCREENSHOTS is set: a test run leaves
    the working tree as it found it."""
    if os.environ.get("TOXFILL_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / name), full_page=full_page)


WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "experimental"]

# Playwright's sync API runs an event loop in the test thread; the live server runs elsewhere.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not os.path.exists(CHROMIUM):
        if os.environ.get("TOXFILL_REQUIRE_BROWSER"):
            pytest.fail(f"Chromium not found at {CHROMIUM}; .ci/run installs it")
        pytest.skip("Chromium is not installed (apt-get install chromium, or run .ci/run)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    """A page on a 390x844 touch phone, in its own context (no cookies shared)."""
    context = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    yield context.new_page()
    context.close()


@pytest.fixture
def desktop(browser: Any) -> Iterator[Any]:
    """A page in a 1280x900 desktop window, in its own context."""
    context = browser.new_context(viewport=DESKTOP)
    yield context.new_page()
    context.close()


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.2 A and AA violations on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": WCAG_22_AA}, "resultTypes": ["violations"]}
    results = Axe().run(page, options=options)
    violations: list[dict[str, Any]] = results.response["violations"]
    return violations


@pytest.fixture
def axe_check() -> Callable[[Any], None]:
    """`axe_check(page)`: fail listing each WCAG 2.2 AA violation, its rule and its elements,
    in either colour scheme (a phone set to dark mode gets the dark one); the page is left in
    the light scheme."""

    def check(page: Any) -> None:
        report = axe_report(page)
        assert not report, f"axe-core found on {page.url}:\n" + "\n".join(report)

    return check


def axe_report(page: Any) -> list[str]:
    """One line per WCAG 2.2 AA violation on the page, in the light and then the dark colour
    scheme, naming the rule and up to five of its elements; the page is left in the light
    scheme."""
    report = []
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        report += [
            f"{scheme}: {v['id']} ({v['impact']}): {v['help']} at "
            + ", ".join(str(node["target"]) for node in v["nodes"][:5])
            for v in axe_violations(page)
        ]
    page.emulate_media(color_scheme="light")
    return report

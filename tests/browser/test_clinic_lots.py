"""Receiving a lot in Chromium: a scanned GS1 label (typed by the scanner, ending in Enter)
fills in the lot, expiry and GTIN on screen before anything is sent (issue 22)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from tests.browser.test_clinic_workspace import sign_in
from tests.web.clinic.conftest import manager  # noqa: F401  (fixture)
from tests.web.clinic.test_lot_label_reading import EXPIRY, LABEL

from toxfill.web.clinic.models import Membership, ProductLot

pytestmark = pytest.mark.browser


def test_a_scanned_label_fills_the_form_on_screen(
    desktop: Any,
    live_server: Any,
    manager: Membership,  # noqa: F811
    axe_check: Callable[[Any], None],
) -> None:
    sign_in(desktop, live_server.url, "mia")
    desktop.goto(f"{live_server.url}/clinic/{manager.clinic.public_id}/lots/")

    desktop.fill("#barcode", LABEL)
    desktop.press("#barcode", "Enter")

    status = desktop.locator("#barcode-status")
    status.filter(has_text="Read: lot VOL77").wait_for()
    assert desktop.input_value("#lot_number") == "VOL77"
    assert desktop.input_value("#expires_on") == EXPIRY.isoformat()
    assert desktop.input_value("#gtin") == "00889999123453"
    assert "no product: pick one" in status.inner_text()
    assert not ProductLot.objects.exists()  # Enter read the label; it sent nothing
    axe_check(desktop)

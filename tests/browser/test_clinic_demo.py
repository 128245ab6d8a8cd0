"""The workspace over the demo clinic's year of records: axe-core on every page, no breach of
the Content-Security-Policy, and the
dashboard and charting screenshots for docs/screenshots/ and the README.

Redraw the screenshots with
    TOXFILL_SCREENSHOTS=1 .venv/bin/pytest -m screenshots tests/browser/test_clinic_demo.py
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import override_settings
from django.utils import timezone
from tests.browser.conftest import DESKTOP, SCREENSHOTS
from tests.browser.test_clinic_workspace import tap_zone

from toxfill.errors import InputError
from toxfill.web.clinic.actions.events import record_adverse_event
from toxfill.web.clinic.actions.sessions import PointInput, chart_session
from toxfill.web.clinic.demo import DEMO_PASSWORD, load_demo
from toxfill.web.clinic.errors import RulesRefused
from toxfill.web.clinic.models import Clinic, Membership, Patient, ProductLot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _signed_in(page: Any, base: str, username: str) -> str:
    page.goto(f"{base}/clinic/sign-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/clinic/*/")
    clinic = Clinic.objects.get(is_demo=True)
    return f"{base}/clinic/{clinic.public_id}"


@override_settings(DEMO=True)
def test_it_passes_axe_on_every_page_with_a_years_records(
    desktop: Any, live_server: Any, axe_check: Callable[[Any], None]
) -> None:
    load_demo(patients=6)
    violations: list[str] = []
    desktop.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    base = _signed_in(desktop, live_server.url, "demo-provider")
    patient = Patient.objects.filter(sessions__isnull=False).first()
    assert patient is not None
    for path in (
        "/",
        "/patients/",
        f"/patients/{patient.public_id}/",
        f"/patients/{patient.public_id}/chart/",
        f"/patients/{patient.public_id}/photos/",
        "/follow-ups/",
        "/events/?open=0",
        "/lots/",
        "/reports/",
        "/exports/",
        "/members/",
    ):
        response = desktop.goto(base + path)
        assert response.status == 200, path
        axe_check(desktop)
    assert violations == [], "the Content-Security-Policy was broken"


@override_settings(DEMO=True)
def test_it_passes_axe_on_the_members_page_a_manager_sees(
    desktop: Any, live_server: Any, axe_check: Callable[[Any], None]
) -> None:
    load_demo(patients=1)
    base = _signed_in(desktop, live_server.url, "demo-manager")
    desktop.goto(base + "/members/")
    desktop.fill("#username", "nina")
    desktop.fill("#password", "a long passphrase 42")
    desktop.get_by_role("button", name="Invite").click()
    desktop.wait_for_selector("text=pending")
    axe_check(desktop)


def _a_morning_at_the_clinic() -> None:
    """A session charted this morning and an emergency after it, so the dashboard shows both."""
    provider = Membership.objects.get(user__username="demo-provider")
    # the demo stocks more than one botox lot (one of them short-dated): the latest to expire
    lot = ProductLot.objects.filter(clinic_id=provider.clinic_id, product="botox").latest(
        "expires_on"
    )
    now = timezone.now()
    for patient in Patient.objects.filter(clinic_id=provider.clinic_id).order_by("id"):
        try:
            session = chart_session(
                provider,
                patient.public_id,
                performed_at=now - dt.timedelta(minutes=40),
                points=[
                    PointInput(
                        zone="glabella", product="botox", lot=lot.public_id, dose=Decimal(20)
                    )
                ],
                override_reasons={"retreatment-interval": "asked early; see notes"},
            )
        except (RulesRefused, InputError):
            continue
        record_adverse_event(
            provider,
            session.public_id,
            onset_at=now - dt.timedelta(minutes=5),
            symptoms=["vision-change", "eyelid-droop"],
        )
        return


@pytest.mark.screenshots
@pytest.mark.skipif(
    not os.environ.get("TOXFILL_SCREENSHOTS"), reason="set TOXFILL_SCREENSHOTS=1 to redraw"
)
@override_settings(DEMO=True)
def test_it_draws_the_dashboard_and_the_charting_page(browser: Any, live_server: Any) -> None:
    load_demo()
    _a_morning_at_the_clinic()
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    base = _signed_in(page, live_server.url, "demo-provider")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "clinic-dashboard-desktop.png"), full_page=True)
    patient = Patient.objects.filter(sessions__isnull=False).order_by("family_name").first()
    assert patient is not None
    page.goto(f"{base}/patients/{patient.public_id}/")
    page.screenshot(path=str(SCREENSHOTS / "clinic-patient-desktop.png"), full_page=True)
    page.goto(f"{base}/patients/{patient.public_id}/chart/")
    tap_zone(page, "glabella")
    page.keyboard.type("10")
    tap_zone(page, "glabella")
    tap_zone(page, "crows-feet-right")
    page.keyboard.type("12")
    page.screenshot(path=str(SCREENSHOTS / "clinic-charting-desktop.png"), full_page=True)
    context.close()
    for name in ("dashboard", "patient", "charting"):
        assert (SCREENSHOTS / f"clinic-{name}-desktop.png").stat().st_size > 1000


@override_settings(DEMO=True)
def test_it_fits_a_phone_without_sideways_scrolling(
    phone: Any, live_server: Any, axe_check: Callable[[Any], None]
) -> None:
    load_demo(patients=3)
    base = _signed_in(phone, live_server.url, "demo-provider")
    patient = Patient.objects.filter(sessions__isnull=False).first()
    assert patient is not None
    for path in ("/", f"/patients/{patient.public_id}/", f"/patients/{patient.public_id}/chart/"):
        phone.goto(base + path)
        axe_check(phone)
        wide = phone.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert wide <= 0, f"{path} scrolls sideways by {wide}px"

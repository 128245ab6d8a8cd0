"""Ana on her phone with her personal link: her treatments, the PDF, her plan, and a problem
reported to her clinic, each page axe-clean at 390 px; then Riverside checks the passport."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from tests.readability import GRADE_8, main_text, reading_grade
from tests.web.clinic.conftest import *  # noqa: F403 - the clinic personas and data
from tests.web.patient_link.conftest import *  # noqa: F403 - Ana's link
from tests.web.patient_link.conftest import _fresh_rate_limits  # noqa: F401 - autouse

from toxfill.knowledge import bundled_knowledge
from toxfill.web.clinic.actions.clinics import set_clinic_phone
from toxfill.web.clinic.models import Membership, TreatmentSession
from toxfill.web.patient_link.actions import IssuedLink
from toxfill.web.patient_link.models import PatientReport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_ana_reads_her_passport_and_reports_a_problem_on_her_phone(
    phone: Any, live_server: Any, issued: IssuedLink, axe_check: Callable[[Any], None]
) -> None:
    # when Ana scans the code on her aftercare sheet
    phone.goto(f"{live_server.url}/p/{issued.token}")
    # then her treatments open, and the token is gone from the address bar
    phone.wait_for_url("**/p/")
    assert issued.token not in phone.url
    assert phone.get_by_role("heading", name="My treatments").is_visible()
    assert phone.get_by_text("C1234A").first.is_visible()
    _fits(phone)
    axe_check(phone)
    assert reading_grade(main_text(phone.content())) <= GRADE_8

    with phone.expect_download() as download:
        phone.get_by_role("link", name="Download as PDF").click()
    assert download.value.suggested_filename == "treatment-passport.pdf"

    phone.get_by_role("link", name="My plan").tap()
    phone.wait_for_url("**/p/plan")
    assert phone.get_by_role("link", name="subscribe to my visits").is_visible()
    _fits(phone)
    axe_check(phone)

    phone.get_by_role("link", name="Report a problem").first.tap()
    phone.wait_for_url("**/p/report")
    # the public site's danger screen first, then the symptom list
    _fits(phone)
    axe_check(phone)
    phone.get_by_role("link", name="No to all of these: next").tap()
    phone.wait_for_url("**/p/report?step=symptoms*")
    days = phone.locator("#id_days_since")
    assert days.input_value() == "10"
    assert days.bounding_box()["height"] >= 44  # the day box is as big to tap as the rest
    assert days.evaluate("e => getComputedStyle(e).borderTopWidth") == "2px"
    _fits(phone)
    axe_check(phone)
    phone.get_by_role(
        "checkbox", name=bundled_knowledge().symptoms["eyelid-droop"].label, exact=True
    ).check()
    phone.get_by_role("checkbox", name="Yes, send my answers").check()
    phone.get_by_role("button", name="See what to do").last.tap()
    phone.wait_for_selector(".tf-ref")
    report = PatientReport.objects.get()
    assert phone.get_by_text(report.reference).is_visible()
    assert phone.locator("[data-urgency]").get_attribute("data-urgency") == report.urgency
    _fits(phone)
    axe_check(phone)


@pytest.mark.parametrize(
    ("answer", "urgency"),
    [("button[name=danger][value=breathing]", "emergency"), ("fever", "urgent")],
)
def test_the_clinics_call_button_is_on_the_first_screen_of_a_serious_answer(
    phone: Any,
    live_server: Any,
    issued: IssuedLink,
    manager: Membership,
    answer: str,
    urgency: str,
    axe_check: Callable[[Any], None],
) -> None:
    """Issue 22 item 4: at 390x844 the emergency number and then the clinic's number are
    both in view without scrolling; the reference sits under them once sent."""
    set_clinic_phone(manager, phone="+1 555 010 0199", out_of_hours="Closed after 6 pm.")
    phone.goto(f"{live_server.url}/p/{issued.token}")
    assert _in_first_screen(phone, "a[href='tel:+15550100199']")
    phone.get_by_role("link", name="Report a problem").first.tap()
    if urgency == "emergency":
        phone.locator(answer).tap()
    else:
        phone.get_by_role("link", name="No to all of these: next").tap()
        label = bundled_knowledge().symptoms[answer].label
        phone.get_by_role("checkbox", name=label, exact=True).check()
        phone.get_by_role("checkbox", name="Yes, send my answers").check()
        phone.get_by_role("button", name="See what to do").tap()
    phone.wait_for_selector(f"[data-urgency={urgency}]")
    assert phone.evaluate("window.scrollY") == 0
    if urgency == "emergency":
        assert _in_first_screen(phone, "a.tf-call[href='tel:911']")
    assert _in_first_screen(phone, "a.tf-clinic-call__button[href='tel:+15550100199']")
    if urgency == "urgent":
        assert _in_first_screen(phone, ".tf-ref")
    _fits(phone)
    axe_check(phone)


def _in_first_screen(page: Any, selector: str) -> bool:
    """Whether the element is wholly inside the first 390x844 screen, without scrolling."""
    box = page.locator(selector).first.bounding_box()
    return bool(box) and box["y"] >= 0 and box["y"] + box["height"] <= 844


def test_another_clinic_verifies_the_passport_in_the_workspace(
    desktop: Any,
    live_server: Any,
    issued: IssuedLink,
    manager: Membership,
    axe_check: Callable[[Any], None],
) -> None:
    # given Ana's signed card, downloaded through her link from this server
    fetch = desktop.context.request
    fetch.get(f"{live_server.url}/p/{issued.token}")
    card = fetch.get(f"{live_server.url}/p/passport.smart-health-card").text()
    # and mia signed in to the workspace
    staff = Client()
    staff.force_login(manager.user, backend="toxfill.web.clinic.auth.ClinicBackend")
    desktop.context.add_cookies(
        [{"name": "sessionid", "value": staff.cookies["sessionid"].value, "url": live_server.url}]
    )
    # when she pastes the card into the import page
    desktop.goto(f"{live_server.url}/clinic/{manager.clinic.public_id}/passports/import")
    axe_check(desktop)
    desktop.get_by_label("Or paste it").fill(card)
    desktop.get_by_role("button", name="Check the passport").click()
    # then what was verified shows
    desktop.get_by_role("heading", name="Verified: signed by its issuer and unchanged").wait_for()
    assert desktop.get_by_text("Ana Silva").first.is_visible()
    axe_check(desktop)


def test_the_provider_sees_an_emergency_report_on_her_dashboard(
    phone: Any, desktop: Any, live_server: Any, issued: IssuedLink, provider: Membership
) -> None:
    # given Ana reports trouble breathing through her link, and sends it
    phone.goto(f"{live_server.url}/p/{issued.token}")
    phone.get_by_role("link", name="Report a problem").first.tap()
    phone.locator("button[name=danger][value=breathing]").tap()
    phone.get_by_role("checkbox", name="Yes, send my answers").check()
    phone.get_by_role("button", name="Send to my clinic").tap()
    phone.wait_for_selector(".tf-ref")
    assert phone.locator("[data-urgency]").get_attribute("data-urgency") == "emergency"
    # when Paula, who treated her, opens the workspace
    staff = Client()
    staff.force_login(provider.user, backend="toxfill.web.clinic.auth.ClinicBackend")
    desktop.context.add_cookies(
        [{"name": "sessionid", "value": staff.cookies["sessionid"].value, "url": live_server.url}]
    )
    desktop.goto(f"{live_server.url}/clinic/{provider.clinic.public_id}/")
    # then the emergency is at the top, in the alert
    alarm = desktop.get_by_role("alert")
    assert "1 emergency adverse event open" in alarm.inner_text()
    assert "Ana Silva" in alarm.inner_text()


def test_the_provider_prints_a_link_on_the_aftercare_sheet(
    desktop: Any,
    live_server: Any,
    provider: Membership,
    dilution: TreatmentSession,
    axe_check: Callable[[Any], None],
) -> None:
    staff = Client()
    staff.force_login(provider.user, backend="toxfill.web.clinic.auth.ClinicBackend")
    desktop.context.add_cookies(
        [{"name": "sessionid", "value": staff.cookies["sessionid"].value, "url": live_server.url}]
    )
    clinic, patient = provider.clinic.public_id, dilution.patient.public_id
    desktop.goto(f"{live_server.url}/clinic/{clinic}/patients/{patient}/links")
    axe_check(desktop)
    desktop.get_by_role("button", name="Issue a new link and print the aftercare sheet").click()
    desktop.get_by_role("heading", name="Your personal link").wait_for()
    assert desktop.locator(".tf-qr svg").is_visible()
    axe_check(desktop)
    address = desktop.locator(".tf-url code").inner_text()
    desktop.goto(address)
    assert desktop.get_by_role("heading", name="My treatments").is_visible()


def test_ana_makes_a_code_that_needs_her_passcode_on_her_phone(
    phone: Any, live_server: Any, issued: IssuedLink, axe_check: Callable[[Any], None]
) -> None:
    # given Ana on her passport page
    phone.goto(f"{live_server.url}/p/{issued.token}")
    phone.wait_for_url("**/p/")
    # when she chooses a passcode and makes a code with it
    phone.get_by_label("Passcode").fill("tulip-7391")
    phone.get_by_role("button", name="Make a code with a passcode").tap()
    phone.wait_for_url("**/p/share")
    # then she sees the code once, in plain words, within the screen
    assert phone.get_by_role("heading", name="Your code with a passcode").is_visible()
    assert phone.get_by_role("img", name="a link to your whole record").is_visible()
    _fits(phone)
    axe_check(phone)
    assert reading_grade(main_text(phone.content())) <= GRADE_8

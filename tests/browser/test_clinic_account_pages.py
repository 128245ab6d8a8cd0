"""The pages of one's own account and of the server's operator, in Chromium with axe-core in
both colour schemes: where you are signed in, your password, the password asked again, the
operator's clinics; and the team's emergency plan on an adverse event."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import override_settings
from tests.browser.test_clinic_demo import _signed_in

from toxfill.web.clinic.demo import load_demo
from toxfill.web.clinic.models import AdverseEvent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@override_settings(DEMO=True)
def test_the_account_pages_pass_axe(
    desktop: Any, live_server: Any, axe_check: Callable[[Any], None]
) -> None:
    load_demo(patients=2)
    clinic = _signed_in(desktop, live_server.url, "demo-provider")
    for path in ("/clinic/browsers/", "/clinic/password/", "/clinic/confirm-password/"):
        desktop.goto(live_server.url + path)
        axe_check(desktop)
    desktop.goto(live_server.url + "/clinic/browsers/")
    assert desktop.get_by_text("(this browser)").is_visible()
    event = AdverseEvent.objects.order_by("-onset_at").first()
    assert event is not None
    desktop.goto(f"{clinic}/events/{event.public_id}/")
    team = desktop.locator("section[aria-labelledby=team-h]")
    assert team.get_by_role("link", name="Senior injector on call").is_visible()
    axe_check(desktop)


@override_settings(DEMO=True)
def test_the_operator_page_passes_axe(
    desktop: Any, live_server: Any, axe_check: Callable[[Any], None]
) -> None:
    load_demo(patients=1)
    User.objects.filter(username="demo-manager").update(is_staff=True)
    _signed_in(desktop, live_server.url, "demo-manager")
    desktop.goto(live_server.url + "/clinic/operator/")
    desktop.wait_for_url("**/clinic/two-factor/**")  # a second factor first
    axe_check(desktop)


def test_the_forgotten_password_pages_pass_axe(
    desktop: Any, live_server: Any, axe_check: Callable[[Any], None]
) -> None:
    from django.core import mail
    from huey.contrib.djhuey import HUEY

    User.objects.create_user("nora", "nora@example.org", "an old password of some length")
    desktop.goto(live_server.url + "/clinic/sign-in/")
    desktop.get_by_role("link", name="Forgot your password?").click()
    axe_check(desktop)
    desktop.get_by_label("Email address").fill("nora@example.org")
    HUEY.immediate = True  # the worker's email, sent as it is queued
    try:
        desktop.get_by_role("button", name="Email me a link").click()
        desktop.wait_for_url("**/clinic/sign-in/forgot/sent/")
    finally:
        HUEY.immediate = False
    axe_check(desktop)
    link = next(line for line in mail.outbox[0].body.splitlines() if "/reset-password/" in line)
    desktop.goto(link)
    axe_check(desktop)
    desktop.get_by_label("New password", exact=True).fill("short")
    desktop.get_by_label("The same password again").fill("short")
    desktop.get_by_role("button", name="Set my new password").click()
    axe_check(desktop)  # the refusal, naming the rule
    desktop.get_by_label("New password", exact=True).fill("tide pools under a grey sky")
    desktop.get_by_label("The same password again").fill("tide pools under a grey sky")
    desktop.get_by_role("button", name="Set my new password").click()
    desktop.wait_for_url("**/clinic/reset-password/done/")
    axe_check(desktop)
    desktop.goto(link)
    assert desktop.get_by_role("heading", name="This link no longer works").is_visible()
    axe_check(desktop)

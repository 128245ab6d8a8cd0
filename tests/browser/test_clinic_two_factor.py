"""Two-factor sign-in in a real browser: a passkey made and used through Chromium's virtual
authenticator (the DevTools protocol's WebAuthn domain: a CTAP2 device with a resident key and
user verification, whose user is verified), and an authenticator app whose codes are computed
here with pyotp; a clinic that requires a second factor sending a member to set one up first.
axe-core on each page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from tests.web.clinic.conftest import manager, provider  # noqa: F401  (fixtures)
from tests.web.clinic.people import PASSWORD
from tests.web.clinic.two_factor_steps import code

from toxfill.web.clinic.models import Clinic, Membership, Passkey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/clinic/sign-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")


def sign_out(page: Any) -> None:
    page.click("form.signout button[type=submit]")
    page.wait_for_url("**/clinic/sign-in/")


def virtual_authenticator(page: Any) -> tuple[Any, str]:
    """A platform passkey device in this page's browser, as the WebAuthn spec's tests use."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    added = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return cdp, added["authenticatorId"]


def test_it_adds_a_passkey_and_signs_in_with_it(
    desktop: Any,
    live_server: Any,
    provider: Membership,  # noqa: F811
    axe_check: Callable[[Any], None],
) -> None:
    # given paula signed in with her password, and a passkey device in her browser
    base = live_server.url
    assert base.startswith("http://localhost:"), "passkeys need a host name, not an address"
    cdp, authenticator = virtual_authenticator(desktop)
    sign_in(desktop, base, "paula")
    desktop.wait_for_url(f"**/clinic/{provider.clinic.public_id}/")
    # when she adds a passkey on her Two-factor sign-in page
    desktop.get_by_role("link", name="Two-factor sign-in").click()
    axe_check(desktop)
    desktop.fill("#passkey-name", "Work laptop")
    desktop.get_by_role("button", name="Add a passkey").click()
    desktop.wait_for_selector("text=Two-factor sign-in is on")
    # then the browser made a resident key for this site, and the page lists it
    made = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})["credentials"]
    assert len(made) == 1
    assert made[0]["isResidentCredential"]
    assert made[0]["rpId"] == "localhost"
    assert "Work laptop" in desktop.locator("table.tf-table").inner_text()
    axe_check(desktop)
    # and her recovery codes are offered next, shown once
    desktop.get_by_role("button", name="Make recovery codes").click()
    assert desktop.locator("ul.codes li").count() == 10
    axe_check(desktop)
    # when she signs out and in again, her password asks for the passkey too
    sign_out(desktop)
    sign_in(desktop, base, "paula")
    desktop.wait_for_url("**/clinic/sign-in/second-step/")
    axe_check(desktop)
    desktop.get_by_role("button", name="Sign in with a passkey").click()
    # then the passkey signs her in
    desktop.wait_for_url(f"**/clinic/{provider.clinic.public_id}/")
    passkey = Passkey.objects.get(user=provider.user)
    assert passkey.last_used_at is not None
    assert passkey.sign_count == made[0]["signCount"] + 1


def test_it_refuses_a_passkey_this_account_does_not_have(
    desktop: Any,
    browser: Any,
    live_server: Any,
    provider: Membership,  # noqa: F811
) -> None:
    # given paula's passkey lives on one device, and another browser has a device of its own
    base = live_server.url
    virtual_authenticator(desktop)
    sign_in(desktop, base, "paula")
    desktop.goto(f"{base}/clinic/two-factor/")
    desktop.get_by_role("button", name="Add a passkey").click()
    desktop.wait_for_selector("text=Two-factor sign-in is on")
    context = browser.new_context()
    other = context.new_page()
    virtual_authenticator(other)
    # when someone with her password tries to sign in there
    sign_in(other, base, "paula")
    other.wait_for_url("**/clinic/sign-in/second-step/")
    other.get_by_role("button", name="Sign in with a passkey").click()
    # then the second step says it did not work, and nothing opens
    problem = other.locator(".passkey-problem")
    problem.wait_for()
    assert "did not work" in problem.inner_text() or "not used" in problem.inner_text()
    other.goto(f"{base}/clinic/{provider.clinic.public_id}/")
    assert "/clinic/sign-in/" in other.url
    context.close()


def test_it_sends_a_member_of_a_clinic_that_requires_it_to_set_up_an_app_first(
    desktop: Any,
    live_server: Any,
    provider: Membership,  # noqa: F811
    axe_check: Callable[[Any], None],
) -> None:
    # given Riverside requires two-factor sign-in, and paula has no second factor yet
    Clinic.objects.filter(pk=provider.clinic_id).update(requires_two_factor=True)
    base = live_server.url
    # when she gives her password, she is sent to set one up
    sign_in(desktop, base, "paula")
    desktop.wait_for_url("**/clinic/two-factor/")
    assert "requires two-factor sign-in" in desktop.locator("main").inner_text()
    axe_check(desktop)
    # and sets up an authenticator app from the key the page shows
    desktop.get_by_role("link", name="Set up an authenticator app").click()
    axe_check(desktop)
    secret = desktop.locator("#secret").inner_text().replace(" ", "")
    desktop.fill("#id_code", code(secret))
    desktop.click("main button[type=submit]")
    desktop.wait_for_selector("text=Two-factor sign-in is on")
    # then she is signed in and reaches her clinic
    desktop.goto(f"{base}/clinic/")
    desktop.wait_for_url(f"**/clinic/{provider.clinic.public_id}/")
    # and next time her password is followed by the app's code
    sign_out(desktop)
    sign_in(desktop, base, "paula")
    desktop.wait_for_url("**/clinic/sign-in/second-step/")
    desktop.fill("#id_code", code(secret, 1))
    desktop.click("main button[type=submit]")
    desktop.wait_for_url(f"**/clinic/{provider.clinic.public_id}/")
    axe_check(desktop)


def test_it_fits_the_two_factor_pages_on_a_phone(
    phone: Any,
    live_server: Any,
    provider: Membership,  # noqa: F811
    axe_check: Callable[[Any], None],
) -> None:
    # given paula signed in on her phone
    base = live_server.url
    sign_in(phone, base, "paula")
    phone.wait_for_url(f"**/clinic/{provider.clinic.public_id}/")
    # then her Two-factor sign-in pages fit its width, and pass axe-core
    for path in ("/clinic/two-factor/", "/clinic/two-factor/app/"):
        phone.goto(base + path)
        axe_check(phone)
        wide = phone.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert wide <= 0, f"{path} scrolls sideways by {wide}px"

"""Where a person is signed in (ASVS 5.0 V7.5.2), signing out the other browsers (V7.4.3:
also after any change of second factor), and a manager signing a member out everywhere
(V7.4.5). Ending a session deletes it on the server: the browser holding it is asked to sign
in at its next request."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from tests.web.clinic.people import https_client
from tests.web.clinic.two_factor_steps import set_up_app, sign_in

from toxfill.web.clinic.models import Membership, SignedInBrowser

PAGE = "/clinic/browsers/"


def _browser(member: Membership, agent: str) -> Client:
    client = https_client()
    client.defaults["HTTP_USER_AGENT"] = agent
    assert sign_in(client, member.user.username).status_code == 302
    return client


def _dashboard(member: Membership) -> str:
    return f"/clinic/{member.clinic.public_id}/"


def test_a_person_sees_their_browsers_and_signs_out_the_others(provider: Membership) -> None:
    desk = _browser(provider, "Firefox on the front desk")
    tablet = _browser(provider, "Safari on the treatment room tablet")

    page = desk.get(PAGE).content.decode()

    assert "Firefox on the front desk <strong>(this browser)</strong>" in page
    assert "Safari on the treatment room tablet" in page
    answer = desk.post(PAGE)
    assert "Signed out of 1 other browser." in desk.get(answer["Location"]).content.decode()
    assert tablet.get(_dashboard(provider)).status_code == 302  # asked to sign in
    assert desk.get(_dashboard(provider)).status_code == 200
    assert SignedInBrowser.objects.filter(user=provider.user).count() == 1


def test_signing_out_forgets_the_browser_and_a_lapsed_session_is_not_listed(
    provider: Membership,
) -> None:
    desk, tablet = _browser(provider, "desk"), _browser(provider, "tablet")
    tablet.post("/clinic/sign-out/")
    assert list(SignedInBrowser.objects.values_list("agent", flat=True)) == ["desk"]
    other = _browser(provider, "old laptop")
    key = other.cookies["sessionid"].value
    Session.objects.filter(session_key=key).delete()  # lapsed, as the session cleanup does
    assert "old laptop" not in desk.get(PAGE).content.decode()


def test_setting_up_a_second_factor_signs_out_every_other_browser(provider: Membership) -> None:
    here, elsewhere = _browser(provider, "here"), _browser(provider, "elsewhere")
    set_up_app(here)
    assert elsewhere.get(_dashboard(provider)).status_code == 302
    assert here.get(_dashboard(provider)).status_code == 200


def test_a_manager_signs_a_member_out_everywhere(
    manager: Membership,
    provider: Membership,
    front_desk: Membership,
    outsider: Membership,
    client_for: Callable[[Membership], Client],
) -> None:
    lost_phone, desk = _browser(provider, "lost phone"), _browser(provider, "desk")
    url = f"/clinic/{manager.clinic.public_id}/members/{provider.public_id}/sign-out"

    assert client_for(front_desk).post(url).status_code == 403
    page = client_for(manager).post(url)

    assert page.status_code == 200
    assert "Signed out of 2 browser(s)." in page.content.decode()
    for browser in (lost_phone, desk):
        assert browser.get(_dashboard(provider)).status_code == 302
    elsewhere = f"/clinic/{outsider.clinic.public_id}/members/{provider.public_id}/sign-out"
    assert client_for(outsider).post(elsewhere).status_code == 404  # not their member


@pytest.mark.parametrize("path", [PAGE])
def test_the_page_asks_a_visitor_to_sign_in(path: str) -> None:
    assert https_client().get(path)["Location"].startswith("/clinic/sign-in/")

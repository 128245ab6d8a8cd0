"""ASVS 5.0 V6.4.3: a forgotten password is replaced through a link emailed from the sign-in
page, which works once and within an hour, answers the same whether or not the address
belongs to anyone, is rate-limited as signing in is, signs nobody in (the second factor is
still asked), and signs the person out everywhere."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from huey.contrib.djhuey import HUEY
from tests.web.clinic.people import https_client
from tests.web.clinic.two_factor_steps import SECOND_STEP, dashboard, enrolled, sign_in

from toxfill.web.clinic import forgotten_password
from toxfill.web.clinic.first_password import sign_in_link
from toxfill.web.clinic.models import Membership

FORGOT = "/clinic/sign-in/forgot/"
SENT = "/clinic/sign-in/forgot/sent/"
NEW = "tide pools under a grey sky"


@pytest.fixture(autouse=True)
def worker_in_process() -> Iterator[None]:
    """The worker's task runs as it is queued, so its email is in mail.outbox."""
    HUEY.immediate = True
    yield
    HUEY.immediate = False


@pytest.fixture
def provider(provider: Membership) -> Membership:
    """paula, with the email address the clinic has for her."""
    User.objects.filter(pk=provider.user.pk).update(email="Paula@example.org")
    provider.user.refresh_from_db()
    return provider


def _ask(client: Client, email: str) -> Any:
    return client.post(FORGOT, {"email": email})


def _emailed_link() -> str:
    [message] = mail.outbox
    found = re.search(r"https?://testserver(/clinic/reset-password/[^/\s]+/[^/\s]+/)", message.body)
    assert found, message.body
    return found.group(1)


def _reset(client: Client, link: str, password: str = NEW) -> Any:
    """Open the link (Django swaps its token into the session) and set a new password."""
    form = client.get(link, follow=True)
    assert "Choose a new password" in form.content.decode()
    return client.post(
        form.redirect_chain[-1][0], {"new_password1": password, "new_password2": password}
    )


def test_the_sign_in_page_offers_it(db: Any) -> None:
    assert f'href="{FORGOT}"' in https_client().get("/clinic/sign-in/").content.decode()


def test_the_emailed_link_sets_a_new_password_once(provider: Membership) -> None:
    browser = https_client()

    answer = _ask(browser, "paula@EXAMPLE.org")  # in any case

    assert answer["Location"] == SENT
    assert mail.outbox[0].to == ["Paula@example.org"]
    link = _emailed_link()
    done = _reset(browser, link)
    assert done["Location"] == "/clinic/reset-password/done/"
    provider.user.refresh_from_db()
    assert provider.user.check_password(NEW)
    again = https_client().get(link, follow=True).content.decode()
    assert "This link no longer works" in again


def test_the_new_password_meets_the_same_rules(provider: Membership) -> None:
    _ask(https_client(), "paula@example.org")

    refused = _reset(https_client(), _emailed_link(), "short")

    assert refused.status_code == 200
    assert "at least 12 characters" in refused.content.decode()


def test_the_answer_is_the_same_whether_or_not_the_address_belongs_to_anyone(
    provider: Membership,
) -> None:
    gone = User.objects.create_user("gone", "gone@example.org", "a password of some length")
    gone.is_active = False
    gone.save()
    User.objects.create_user("unset", "unset@example.org")  # never chose a password

    emails = ("paula@example.org", "nobody@example.org", "gone@example.org", "unset@example.org")

    answers = [_ask(https_client(), email) for email in emails]

    assert {(a.status_code, a["Location"]) for a in answers} == {(302, SENT)}
    assert [message.to for message in mail.outbox] == [["Paula@example.org"]]


def test_the_request_queues_an_id_and_the_site_never_the_link(
    provider: Membership, monkeypatch: pytest.MonkeyPatch
) -> None:
    queued: list[tuple[Any, ...]] = []
    monkeypatch.setattr(
        "toxfill.web.clinic.tasks.email_password_reset_link", lambda *a: queued.append(a)
    )

    _ask(https_client(), "paula@example.org")

    [(user_id, site)] = queued
    assert user_id == provider.user.pk
    assert re.fullmatch(r"https?://testserver/", site)
    assert mail.outbox == []  # nothing sent, so nothing slowed, while the page answered


def test_the_link_lapses_after_an_hour(
    provider: Membership, monkeypatch: pytest.MonkeyPatch
) -> None:
    _ask(https_client(), "paula@example.org")
    link = _emailed_link()
    now = dt.datetime.now()
    for minutes, works in ((59, True), (61, False)):
        later = now + dt.timedelta(minutes=minutes)
        monkeypatch.setattr(forgotten_password.tokens, "_now", lambda at=later: at)

        page = https_client().get(link, follow=True).content.decode()

        assert ("Choose a new password" in page) is works, minutes


def test_a_first_password_link_is_not_a_reset_link(provider: Membership) -> None:
    """The two are kept apart: a first password's link lasts days, a reset link an hour."""
    first = sign_in_link("https://testserver", provider.user).split("testserver")[1]
    as_reset = first.replace("/set-password/", "/reset-password/")

    assert "This link no longer works" in https_client().get(as_reset, follow=True).content.decode()


def test_asking_for_one_address_is_paused_after_five_whether_or_not_it_exists(
    provider: Membership,
) -> None:
    for email in ("paula@example.org", "nobody@example.org"):
        answers = [_ask(https_client(), email) for _ in range(6)]

        assert [a.status_code for a in answers] == [302] * 5 + [429]
        assert answers[-1]["Retry-After"] == str(15 * 60)
        assert "Too many links asked for" in answers[-1].content.decode()
    assert len(mail.outbox) == 5


def test_asking_from_one_visitor_is_paused_after_twenty(db: Any) -> None:
    answers = [_ask(https_client(), f"person{n}@example.org") for n in range(21)]

    assert [a.status_code for a in answers] == [302] * 20 + [429]
    other_visitor = Client(REMOTE_ADDR="192.0.2.7", **{"wsgi.url_scheme": "https"})
    assert _ask(other_visitor, "person0@example.org").status_code == 302


def test_the_second_factor_is_still_asked_after_a_reset(provider: Membership) -> None:
    enrolled(provider.user.username)  # paula uses an authenticator app
    browser = https_client()
    _ask(browser, "paula@example.org")
    _reset(browser, _emailed_link())

    assert browser.get(dashboard(provider)).status_code == 302  # the link signed nobody in
    answer = sign_in(browser, provider.user.username, NEW)
    assert answer["Location"] == SECOND_STEP
    assert browser.get(dashboard(provider)).status_code == 302


def test_a_reset_signs_the_person_out_everywhere(
    provider: Membership, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="toxfill.sign_in")
    elsewhere = https_client()
    sign_in(elsewhere, provider.user.username)
    assert elsewhere.get(dashboard(provider)).status_code == 200

    _ask(https_client(), "paula@example.org")
    link = _emailed_link()
    _reset(https_client(), link)

    assert elsewhere.get(dashboard(provider)).status_code == 302
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "password reset by emailed link: paula from 127.0.0.1" in logged
    assert "signed out elsewhere: paula, 1 session(s)" in logged
    assert "example.org" not in logged
    assert link.split("/")[-2] not in logged  # the token

"""axe-core on every page, in the light and the dark colour scheme: the public side, the
clinic workspace over the demo clinic's year of records (as its manager, provider and auditor,
each in one browser) and the patient link, found by following links from where each person
starts (page_crawl.py), and the pages only a form opens, opened by the form.

The crawl must reach every page Django's resolver names (less the downloads, JSON and writes
page_crawl.NOT_PAGES lists): a page added without a way to it fails here until it has one."""

from __future__ import annotations

import datetime as dt
from contextlib import ExitStack, closing
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import override_settings
from django.utils import timezone
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.page_crawl import (
    PATIENT_LINK,
    PUBLIC,
    PUBLIC_IN_SPANISH,
    Crawl,
    clinic_area,
    expected_pages,
    in_language,
)
from tests.dates import next_december_first
from tests.web.clinic.two_factor_steps import code

from toxfill.web.clinic.actions.clinics import open_clinic
from toxfill.web.clinic.actions.patients import record_consent, register_patient
from toxfill.web.clinic.actions.sessions import PointInput, chart_session
from toxfill.web.clinic.demo import DEMO_PASSWORD, load_demo
from toxfill.web.clinic.first_password import sign_in_link
from toxfill.web.clinic.forgotten_password import reset_link
from toxfill.web.clinic.models import Clinic, Membership, Patient, ProductLot
from toxfill.web.patient_link.actions import issue_patient_link

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Pages only a form opens (method=get: its answer has an address), by their addresses.
PUBLIC_FORM_ANSWERS = (
    "/decide/result?age=42&concerns=crows-feet&concerns=nasolabial-folds&pref-reversibility=3",
    "/plan/result?treatment=botulinum-toxin%3Aglabellar-lines"
    f"&treatment=ha-filler%3Anasolabial-folds&start={next_december_first()}&horizon_months=24",
    "/after-treatment/symptoms?treatments=ha-filler",  # "No to all of these: next"
    "/after-treatment/result?treatments=ha-filler&days_since=0&symptoms=skin-blanching",
    "/after-treatment/result?treatments=botulinum-toxin&days_since=2&symptoms=bruising",
)


def _sign_in(page: Any, origin: str, username: str) -> None:
    page.goto(f"{origin}/clinic/sign-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("main button[type=submit]")


def _anyone(crawl: Crawl, page: Any, origin: str) -> None:
    """The public side from its home page and the form answers; the clinic's signed-out
    pages: sign in, and a new account's one-time link to choose a password."""
    crawl.crawl(page, [origin + "/"], PUBLIC)
    for number, address in enumerate(PUBLIC_FORM_ANSWERS):
        response = page.goto(origin + address)
        assert response.status == 200, f"{address} answered {response.status}"
        crawl.check(page, f"form answer {number + 1}")
    page.goto(f"{origin}/clinic/sign-in/")
    crawl.check(page)
    page.goto(sign_in_link(origin, User.objects.get(username="demo-nurse")))
    page.wait_for_selector("#id_new_password1")
    crawl.check(page)
    _forgotten_password(crawl, page, origin)


def _forgotten_password(crawl: Crawl, page: Any, origin: str) -> None:
    """Asking for a link from the sign-in page, and choosing a new password with it."""
    nora = User.objects.create_user("nora", "nora@example.org", "an old password of some length")
    page.goto(f"{origin}/clinic/sign-in/")
    page.get_by_role("link", name="Forgot your password?").click()
    crawl.check(page)
    page.get_by_label("Email address").fill(nora.email)
    page.get_by_role("button", name="Email me a link").click()
    page.wait_for_url("**/clinic/sign-in/forgot/sent/")
    crawl.check(page)
    page.goto(reset_link(origin, nora))  # the emailed link, made as the email makes it
    crawl.check(page)
    for label in ("New password", "The same password again"):
        page.get_by_label(label, exact=True).fill("tide pools under a grey sky")
    page.get_by_role("button", name="Set my new password").click()
    page.wait_for_url("**/clinic/reset-password/done/")
    crawl.check(page)


def _in_spanish(crawl: Crawl, page: Any, origin: str) -> None:
    """The pages translated into Spanish, once more in Spanish, for a browser that asks for it
    (the others read in English, as checked already)."""
    crawl.crawl(page, [origin + "/"], PUBLIC_IN_SPANISH)
    for number, address in enumerate(PUBLIC_FORM_ANSWERS):
        page.goto(origin + address)
        if in_language(page, "es"):
            crawl.check(page, f"es, form answer {number + 1}")


def _second_step(crawl: Crawl, page: Any, origin: str) -> None:
    """The sign-in's second step, for the manager once she has an authenticator app."""
    _sign_in(page, origin, "demo-manager")
    page.wait_for_url("**/clinic/sign-in/second-step/")
    crawl.check(page)


def _manager(crawl: Crawl, page: Any, origin: str, clinic: str) -> None:
    """Maya, the demo clinic's manager and the server's operator, at two clinics: she sets up
    an authenticator app (the operator's page needs a second factor), makes recovery codes,
    and goes everywhere from the clinic picker."""
    _sign_in(page, origin, "demo-manager")
    page.goto(f"{origin}/clinic/two-factor/app/")
    crawl.check(page)
    secret = page.locator("#secret").inner_text().replace(" ", "")
    page.fill("#id_code", code(secret))
    with page.expect_navigation():
        page.click("main button[type=submit]")
    page.get_by_role("button", name="Make recovery codes").click()
    page.wait_for_url("**/clinic/two-factor/recovery-codes")
    crawl.check(page)
    crawl.crawl(page, [f"{origin}/clinic/"], clinic_area(clinic))
    for path in ("/clinic/confirm-password/", "/clinic/password/changed/"):
        page.goto(origin + path)  # after a sensitive step, and after a new password
        crawl.check(page)


def _first_toxin_three_weeks_ago(provider: Membership) -> Patient:
    """Rosa, whose first toxin session was three weeks ago: her link asks how it went."""
    rosa = register_patient(
        provider, given_name="Rosa", family_name="Diaz", date_of_birth=dt.date(1988, 4, 2)
    )
    now = timezone.now()
    record_consent(
        provider,
        rosa.public_id,
        treatment="botulinum-toxin",
        text_version="2025-09",
        signed_at=now - dt.timedelta(days=22),
        signed_by=str(rosa),
    )
    lot = ProductLot.objects.filter(clinic_id=provider.clinic_id, product="botox").latest(
        "expires_on"
    )
    chart_session(
        provider,
        rosa.public_id,
        performed_at=now - dt.timedelta(days=21),
        points=[PointInput(zone="glabella", product="botox", lot=lot.public_id, dose=Decimal(20))],
    )
    return rosa


def _patients(crawl: Crawl, page: Any, origin: str, ana: str, rosa: str) -> None:
    """Patients with their links, on one phone: a year of treatments, the plan and a problem
    reported to the clinic; then Rosa's link, which asks how her first treatment went."""
    page.goto(f"{origin}/p/{ana}")  # the link signs her in, and sends her to /p/
    crawl.crawl(page, [page.url], PATIENT_LINK)
    page.goto(f"{origin}/p/report")
    page.get_by_role("link", name="No to all of these: next").click()
    page.locator("input[name=symptoms]").first.check()
    page.locator("input[name=consent]").check()
    page.get_by_role("button", name="See what to do").last.click()
    page.wait_for_selector(".tf-ref")
    crawl.check(page, "sent to the clinic")
    page.goto(f"{origin}/p/{rosa}")
    crawl.crawl(page, [page.url], PATIENT_LINK)


@override_settings(DEMO=True)
def test_every_page_passes_axe_in_both_colour_schemes(browser: Any, live_server: Any) -> None:
    load_demo(patients=6)
    clinic = Clinic.objects.get(is_demo=True)
    maya = User.objects.get(username="demo-manager")
    User.objects.filter(pk=maya.pk).update(is_staff=True)
    open_clinic(maya, name="Lakeside Skin", time_zone="Europe/London")  # so she has the picker
    provider = Membership.objects.get(user__username="demo-provider")
    patient = Patient.objects.filter(clinic=clinic, sessions__isnull=False).first()
    assert patient is not None
    ana = issue_patient_link(provider, patient.public_id).token
    rosa = issue_patient_link(provider, _first_toxin_three_weeks_ago(provider).public_id).token

    origin = live_server.url
    crawl = Crawl(origin)
    with ExitStack() as contexts:  # one browser per person, closed whatever happens
        phone = {"viewport": PHONE, "is_mobile": True, "has_touch": True}
        anyone = contexts.enter_context(closing(browser.new_context(**phone))).new_page()
        _anyone(crawl, anyone, origin)
        manager = contexts.enter_context(closing(browser.new_context(viewport=DESKTOP)))
        _manager(crawl, manager.new_page(), origin, str(clinic.public_id))
        for username in ("demo-provider", "demo-auditor"):  # the pages a manager may not open
            context = contexts.enter_context(closing(browser.new_context(viewport=DESKTOP)))
            page = context.new_page()
            _sign_in(page, origin, username)
            crawl.crawl(page, [page.url], clinic_area(str(clinic.public_id)))
        _second_step(crawl, anyone, origin)
        spanish = contexts.enter_context(closing(browser.new_context(locale="es-MX", **phone)))
        _in_spanish(crawl, spanish.new_page(), origin)
        patient_phone = contexts.enter_context(closing(browser.new_context(**phone)))
        _patients(crawl, patient_phone.new_page(), origin, ana, rosa)

    print(f"\naxe-core checked {len(crawl.checked)} pages:\n" + "\n".join(sorted(crawl.checked)))
    unreached = sorted(expected_pages() - crawl.view_names)
    problems = crawl.found + ([f"no way found to these pages: {unreached}"] if unreached else [])
    assert not problems, f"on the {len(crawl.checked)} pages checked:\n" + "\n".join(problems)

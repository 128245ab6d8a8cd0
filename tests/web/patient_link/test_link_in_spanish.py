"""A patient link in the language the clinic recorded for its patient: every page of Ana's link
in Spanish when she reads Spanish (all of it, at about an 8th grade level), English when she
reads English, the switch's choice over both and remembered, the same urgency for every
report in both languages, and responses that say what they vary on."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from django.test import Client
from django.utils import timezone
from tests.web.clinic.people import https_client
from tests.web.test_spanish_pages import all_spanish, harder_than_grade_8

from toxfill.danger_signs import DANGER_SIGNS
from toxfill.web.clinic.models import Patient, TreatmentSession
from toxfill.web.patient_link.actions import IssuedLink
from toxfill.web.patient_link.models import PatientLink

# The answers the link's report tests send (tests/web/patient_link/test_report*.py), and an
# emergency for each danger sign.
REPORTS: list[dict[str, str | list[str]]] = [
    {"symptoms": ["bruising"]},
    {"symptoms": ["eyelid-droop"]},
    {"symptoms": ["headache"]},
    {"symptoms": ["swelling", "bruising"]},
    *({"danger": [sign.id]} for sign in DANGER_SIGNS),
]


# The plan's "When to get help" groups are the core's aftercare wording (triage/aftercare.py
# help groups), in English still: the aftercare part of issue 24 gives them their Spanish.
HELP_GROUPS = re.compile(r'<p class="tf-help tf-help-.*?</ul>', re.S)


def _without_help_groups(html: str) -> str:
    return HELP_GROUPS.sub("", html)


def _reads(patient: Patient, language: str) -> None:
    Patient.objects.filter(pk=patient.pk).update(preferred_language=language)


@pytest.fixture
def gus(patient: Patient, issued: IssuedLink) -> Client:
    """The link's patient reads Spanish (as the demo's Gus Reyes does); his phone opened it."""
    _reads(patient, "es")
    browser = https_client()
    assert browser.get(f"/p/{issued.token}").status_code == 302
    return browser


def _answers(session: TreatmentSession, answers: dict[str, str | list[str]]) -> dict[str, object]:
    return {
        "session": str(session.public_id),
        "treatments": "botulinum-toxin",
        "days_since": "10",
        **answers,
    }


def _urgency(html: str) -> str:
    found = re.search(r'data-urgency="([a-z-]+)"', html)
    assert found, html
    return found[1]


def _pages(browser: Client, session: TreatmentSession) -> Iterator[tuple[str, str]]:
    """Every page of the link a patient reads, as (name, html)."""
    for path in ("/p/", "/p/plan", "/p/report", "/p/report?step=symptoms", "/p/review"):
        response = browser.get(path)
        assert response.status_code == 200, path
        yield path, response.content.decode()
    for answers in REPORTS:
        response = browser.post("/p/report", _answers(session, answers))
        assert response.status_code == 200, answers
        yield f"report {answers}", response.content.decode()
    sent = browser.post("/p/report", _answers(session, {**REPORTS[0], "consent": "send"}))
    yield "report sent", sent.content.decode()
    again = browser.post("/p/report", _answers(session, {**REPORTS[0], "consent": "send"}))
    yield "report sent again", again.content.decode()
    errors = browser.post("/p/report", _answers(session, {}))
    assert errors.status_code == 422
    yield "report with errors", errors.content.decode()
    shared = browser.post("/p/share", {"passcode": "a long passcode"})
    assert shared.status_code == 200
    yield "shared", shared.content.decode()
    refused = browser.post("/p/share", {"passcode": "abc"})
    assert refused.status_code == 422
    yield "shared refused", refused.content.decode()


def test_every_page_of_a_spanish_readers_link_is_all_spanish_and_easy_to_read(
    gus: Client, dilution: TreatmentSession
) -> None:
    pages = list(_pages(gus, dilution))

    for name, html in pages:
        all_spanish(_without_help_groups(html), name)
    assert not harder_than_grade_8(pages)


def test_the_plans_when_to_get_help_is_spanish_too(gus: Client) -> None:
    all_spanish(gus.get("/p/plan").content.decode(), "/p/plan")


def test_the_two_week_review_asks_in_spanish(gus: Client, dilution: TreatmentSession) -> None:
    TreatmentSession.objects.filter(pk=dilution.pk).update(
        performed_at=timezone.now() - dt.timedelta(days=15)
    )
    passport = gus.get("/p/").content.decode()
    form = gus.get("/p/review").content.decode()
    missing = gus.post("/p/review", {"satisfaction": "4"}).content.decode()

    assert "Ya pasaron dos semanas" in passport
    assert "¿Qué tan contento está con el resultado?" in form
    for name, html in (("passport", passport), ("review", form), ("review errors", missing)):
        all_spanish(html, name)
    assert not harder_than_grade_8([("review", form)])
    # the clinic's record keeps the same values, whatever the language
    assert gus.post("/p/review", {"satisfaction": "4", "symmetry": "even", "side_effects": "none"})[
        "Location"
    ].endswith("/p/review")


def test_an_emergency_says_llame_al_911_first(gus: Client, dilution: TreatmentSession) -> None:
    page = gus.post("/p/report", _answers(dilution, {"danger": ["breathing"]})).content.decode()

    assert _urgency(page) == "emergency"
    assert "Llame al 911" in page
    assert "No espere a que la clínica conteste" not in page  # nothing was sent


def test_a_closed_link_speaks_its_patients_language(
    patient: Patient, issued: IssuedLink, gus: Client
) -> None:
    PatientLink.objects.filter(pk=issued.link.pk).update(expires_at=timezone.now())

    from_the_session = gus.get("/p/")
    from_the_token = https_client().get(f"/p/{issued.token}")

    assert from_the_session.status_code == 403
    assert from_the_token.status_code == 410
    for name, response in (("session", from_the_session), ("token", from_the_token)):
        all_spanish(response.content.decode(), name)
        assert response["Content-Language"] == "es"
    # the switch's `next` never carries the token into another address
    assert issued.token not in from_the_token.content.decode()
    assert "/language/en/?next=/p/" in from_the_session.content.decode()


def test_a_link_closed_on_this_device_says_so_in_spanish(gus: Client) -> None:
    page = gus.post("/p/leave").content.decode()

    assert "Su historial está cerrado en este aparato" in page
    all_spanish(page, "left")


@pytest.mark.django_db
def test_an_unknown_link_speaks_the_browsers_language() -> None:
    spanish = https_client().get("/p/not-a-token", HTTP_ACCEPT_LANGUAGE="es")
    english = https_client().get("/p/not-a-token", HTTP_ACCEPT_LANGUAGE="en")

    all_spanish(spanish.content.decode(), "unknown link")
    assert '<html lang="en">' in english.content.decode()


def test_an_english_readers_link_stays_english_whatever_the_browser_asks(
    patient: Patient, issued: IssuedLink, dilution: TreatmentSession
) -> None:
    _reads(patient, "en")
    browser = Client(HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9", **{"wsgi.url_scheme": "https"})
    browser.get(f"/p/{issued.token}")

    for name, html in _pages(browser, dilution):
        assert '<html lang="en">' in html, name
        assert not re.search(r"[¿¡]|Llame|clínica", html), name


def test_the_switch_overrides_the_patients_language_and_is_remembered(
    gus: Client, dilution: TreatmentSession
) -> None:
    spanish = gus.get("/p/").content.decode()
    switch = re.search(r'href="(/language/en/\?next=[^"]+)"', spanish)
    assert switch, "the switch is on the link's pages"

    back = gus.get(switch[1].replace("&amp;", "&"))
    assert back["Location"] == "/p/"
    for path in ("/p/", "/p/plan", "/p/report"):
        html = gus.get(path).content.decode()
        assert '<html lang="en">' in html, path
        assert 'href="/language/es/' in html, path  # and back to Spanish from there

    gus.get("/language/es/?next=/p/")
    assert '<html lang="es">' in gus.get("/p/plan").content.decode()


@pytest.mark.parametrize("answers", REPORTS, ids=str)
def test_every_report_has_the_same_urgency_in_both_languages(
    patient: Patient,
    issued: IssuedLink,
    dilution: TreatmentSession,
    answers: dict[str, str | list[str]],
) -> None:
    urgencies = {}
    for language in ("en", "es"):
        _reads(patient, language)
        browser = https_client()
        browser.get(f"/p/{issued.token}")
        page = browser.post("/p/report", _answers(dilution, answers)).content.decode()
        assert f'<html lang="{language}">' in page
        urgencies[language] = _urgency(page)

    assert urgencies["en"] == urgencies["es"]


def test_each_page_and_download_says_its_language_and_varies_on_the_choice(
    gus: Client, dilution: TreatmentSession
) -> None:
    plan = gus.get("/p/plan").content.decode()
    calendar = plan[plan.index("/p/calendar/") :]
    calendar = calendar[: calendar.index('"')]

    for path in ("/p/", "/p/plan", "/p/report", "/p/passport.fhir.json", "/p/passport.pdf"):
        response = gus.get(path)
        assert response.status_code == 200, path
        assert response["Content-Language"] == "es", path
        vary = {v.strip().lower() for v in response["Vary"].split(",")}
        assert {"cookie", "accept-language"} <= vary, path
        assert response["Cache-Control"] == "no-store", path
    assert Client().get(calendar)["Content-Language"] == "es"  # a calendar app sends no choice

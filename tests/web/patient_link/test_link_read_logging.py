"""Every page and download a patient link opens is logged, found from the link's routes (so a
new one is covered the day it is added): in the link's own log when the patient opens it, and
in the clinic's access log, under the colleague's name, when a member opens it signed in."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core import signing
from django.test import Client
from django.urls import URLPattern

from toxfill.web.clinic.models import Membership, PatientAccess
from toxfill.web.patient_link import urls
from toxfill.web.patient_link.actions import IssuedLink
from toxfill.web.patient_link.models import LinkAccess
from toxfill.web.patient_link.views import CALENDAR_SALT

# The link's routes that show no patient data, and why. Any other must log its openings.
WITHOUT_PATIENT_DATA = {
    "p/<str:token>": "checks the token, keeps the link in the browser and redirects",
    "p/leave": "forgets the link in this browser (a POST)",
    "p/stop-sharing": "the patient revokes their own link (a POST)",
    "p/share": "makes a passcode link (a POST, in the link's log as 'share with passcode')",
    "clinics/<uuid:clinic_id>/.well-known/jwks.json": "the clinic's public keys",
    # Health links log each manifest and file, with who asked (test_health_links.py).
    "shl/file/<str:ticket>": "a health link's file, opened by ticket",
    "shl/<str:clinic>/<str:manifest_id>": "a health link's manifest, asked for by POST",
}


def _link_routes() -> list[str]:
    return sorted(
        str(p.pattern)
        for p in urls.urlpatterns
        if isinstance(p, URLPattern) and not str(p.pattern).startswith("clinic/")
    )  # the link's pages in the workspace are test_read_logging.py's


def _url(route: str, issued: IssuedLink) -> str:
    signed = signing.Signer(salt=CALENDAR_SALT).sign(str(issued.link.public_id))
    return "/" + route.replace("<str:signed>", signed.replace(":", "~"))


LOGGED = [r for r in _link_routes() if r not in WITHOUT_PATIENT_DATA]


def test_the_list_of_routes_without_patient_data_names_only_routes_that_exist() -> None:
    assert set(WITHOUT_PATIENT_DATA) <= set(_link_routes())


@pytest.mark.parametrize("route", LOGGED)
def test_each_page_the_patient_opens_is_in_the_links_log(
    route: str, ana: Client, issued: IssuedLink
) -> None:
    # when Ana opens the page through her link
    answer = ana.get(_url(route, issued))
    # then it is shown and the link's log has it, and nothing is in the staff's log
    assert answer.status_code == 200, (route, answer.status_code)
    assert LinkAccess.objects.filter(clinic_id=issued.link.clinic_id, link=issued.link).exists()
    assert not PatientAccess.objects.filter(what__startswith="patient link").exists()


@pytest.mark.parametrize("route", [r for r in LOGGED if "<" not in r])  # the calendar: no session
def test_each_page_a_colleague_opens_is_in_the_clinics_access_log_under_their_name(
    route: str,
    issued: IssuedLink,
    auditor: Membership,
    client_for: Callable[[Membership], Client],
) -> None:
    # given audrey, the auditor, signed in, opening Ana's link in her browser
    browser = client_for(auditor)
    assert browser.get(f"/p/{issued.token}").status_code == 302
    # when she opens the page
    answer = browser.get(_url(route, issued))
    # then the clinic's access log names her and Ana; the link's own log stays the patient's
    assert answer.status_code == 200, (route, answer.status_code)
    logged = PatientAccess.objects.filter(clinic_id=auditor.clinic_id, member=auditor)
    assert logged.filter(patient_id=issued.link.patient_id).exists()
    assert not LinkAccess.objects.filter(clinic_id=auditor.clinic_id).exists()

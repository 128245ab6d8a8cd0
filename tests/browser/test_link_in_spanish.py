"""Gus Reyes, the demo clinic's patient who reads Spanish, on his phone with his personal link:
his treatments in Spanish, then an emergency reported, answered "Llame al 911" first; his plan,
the calendar he subscribes to, the PDF he prints and a code with a passcode for another clinic,
in Spanish too; each page axe-clean at 390 px. Pictures in docs/screenshots/
(TOXFILL_SCREENSHOTS=1)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.cache import cache
from tests import tagged_pdfs
from tests.browser.conftest import PHONE, picture
from tests.calendars import read_calendar
from tests.readability import EASE_GRADE_8, spanish_reading_ease
from tests.web.test_spanish_pages import read

from toxfill.danger_signs import danger_signs_in
from toxfill.web.clinic.demo import load_demo
from toxfill.web.clinic.models import Membership, Patient
from toxfill.web.patient_link.actions import issue_patient_link

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BREATHING = next(sign for sign in danger_signs_in("es") if sign.id == "breathing")


@pytest.fixture
def gus_link() -> Iterator[str]:
    """The link the demo's provider printed on Gus Reyes's aftercare sheet (its path)."""
    cache.clear()  # the links' rate limits
    load_demo(patients=8)
    gus = Patient.objects.get(clinic__is_demo=True, preferred_language="es")
    assert (gus.given_name, gus.family_name) == ("Gus", "Reyes")
    doctor = Membership.objects.get(clinic_id=gus.clinic_id, user__username="demo-provider")
    yield f"/p/{issue_patient_link(doctor, gus.public_id).token}"
    cache.clear()


def _fits(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def _easy(page: Any) -> None:
    assert spanish_reading_ease(read(page.content())[1]) >= EASE_GRADE_8


def test_gus_reads_his_passport_and_reports_an_emergency_in_spanish(
    phone: Any, live_server: Any, gus_link: str, axe_check: Callable[[Any], None]
) -> None:
    # when Gus scans the code on his aftercare sheet (his phone asks for English: the clinic
    # knows he reads Spanish)
    phone.goto(f"{live_server.url}{gus_link}")
    phone.wait_for_url("**/p/")
    # then his treatments open in Spanish
    assert phone.locator("html").get_attribute("lang") == "es"
    assert phone.get_by_role("heading", name="Mis tratamientos", exact=True).is_visible()
    assert phone.get_by_role("link", name="English").is_visible()  # the switch
    _fits(phone)
    _easy(phone)
    picture(phone, "link-es-passport-phone.png")
    axe_check(phone)

    # when he feels very unwell and says yes to a danger sign
    phone.get_by_role("link", name="Avisar de un problema").first.tap()
    phone.wait_for_url("**/p/report")
    assert phone.locator("html").get_attribute("lang") == "es"
    _fits(phone)
    picture(phone, "link-es-report-phone.png")
    axe_check(phone)
    phone.get_by_role("button", name=f"Sí: {BREATHING.question}").tap()

    # then the answer says "Llame al 911" on the first screen
    phone.wait_for_selector("[data-urgency]")
    banner = phone.get_by_role("alert").first
    assert banner.get_attribute("data-urgency") == "emergency"
    call = phone.get_by_role("link", name="Llame al 911")
    assert call.get_attribute("href") == "tel:911"
    box = call.bounding_box()
    assert box is not None
    assert box["y"] + box["height"] <= PHONE["height"]
    assert phone.get_by_text("No se envió nada. Su clínica no ha visto esto.").is_visible()
    _fits(phone)
    picture(phone, "link-es-emergency-phone.png")
    axe_check(phone)


def test_gus_reads_his_plan_and_takes_his_pdf_and_calendar_in_spanish(
    phone: Any, live_server: Any, gus_link: str, axe_check: Callable[[Any], None]
) -> None:
    # given Gus on his link, when he opens his plan
    phone.goto(f"{live_server.url}{gus_link}")
    phone.wait_for_url("**/p/")
    pdf_href = phone.get_by_role("link", name="Descargar como PDF").get_attribute("href")
    phone.get_by_role("link", name="Mi plan").tap()
    phone.wait_for_url("**/p/plan")
    # then the plan is in Spanish, fits the phone, reads easily and passes axe
    assert phone.locator("html").get_attribute("lang") == "es"
    _fits(phone)
    _easy(phone)
    picture(phone, "link-es-plan-phone.png")
    axe_check(phone)
    # and the calendar he subscribes to names his visits in Spanish
    calendar_href = phone.get_by_role("link", name="suscribirme a mis visitas").get_attribute(
        "href"
    )
    assert calendar_href
    ics = phone.request.get(calendar_href.replace("webcal://", "https://"))
    events = read_calendar(ics.body()).events
    assert events
    assert all("visita" in (event.summary or "") for event in events)
    # and the PDF he prints is a Spanish document
    assert pdf_href
    pdf = phone.request.get(f"{live_server.url}{pdf_href}")
    assert pdf.headers["content-type"] == "application/pdf"
    assert str(tagged_pdfs.read(pdf.body()).pdf.Root.Lang) == "es"


def test_gus_makes_a_code_with_a_passcode_in_spanish(
    phone: Any, live_server: Any, gus_link: str, axe_check: Callable[[Any], None]
) -> None:
    # given Gus on his passport page, when he chooses a passcode and makes a code with it
    phone.goto(f"{live_server.url}{gus_link}")
    phone.wait_for_url("**/p/")
    phone.get_by_label("Clave").fill("tulipán-7391")
    phone.get_by_role("button", name="Hacer un código con clave").tap()
    phone.wait_for_url("**/p/share")
    # then the page he prints or shows the other clinic is in Spanish, on his screen, axe-clean
    assert phone.locator("html").get_attribute("lang") == "es"
    assert phone.get_by_role("heading", name="Su código con clave").is_visible()
    assert phone.get_by_role("img", name="Código QR: un enlace a todo su historial").is_visible()
    _fits(phone)
    _easy(phone)
    picture(phone, "link-es-share-phone.png")
    axe_check(phone)

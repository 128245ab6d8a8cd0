"""The clinic workspace in a real browser: signing in, charting a toxin session on the map
within the interaction budget, the follow-up on the due list, an adverse event, a recall and
every export; axe-core on each page."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from PIL import Image
from tests.web.clinic.conftest import (  # noqa: F401  (fixtures)
    botox_lot,
    front_desk,
    manager,
    patient,
    provider,
)
from tests.web.clinic.people import PASSWORD, join

from toxfill.web.clinic.actions.lots import receive_lot
from toxfill.web.clinic.actions.patients import record_consent
from toxfill.web.clinic.actions.sessions import PointInput, chart_session
from toxfill.web.clinic.models import Membership, Patient, ProductLot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUDGET = 15  # interactions to chart a typical toxin session: 3 zones, 5 points


class Counted:
    """A page whose clicks, key presses and fills are counted: the interaction budget."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.count = 0

    def click(self, selector: str) -> None:
        self.count += 1
        self.page.locator(selector).first.click()

    def fill(self, selector: str, value: str) -> None:
        self.count += 1
        self.page.locator(selector).first.fill(value)

    def tap(self, zone: str) -> None:
        self.count += 1
        tap_zone(self.page, zone)

    def type_focused(self, value: str) -> None:
        self.count += 1
        self.page.keyboard.type(value)


def tap_zone(page: Any, zone: str) -> None:
    """A tap on the front face drawing at the zone's place (where the knowledge base puts it)."""
    at = page.evaluate(
        """(zone) => {
            const data = JSON.parse(document.getElementById('map-zones').textContent);
            const [, x, y] = data.main[zone];
            const svg = document.querySelector('svg.map-face');
            const stretch = parseFloat(svg.dataset.stretch);
            const p = new DOMPoint(x, y * stretch).matrixTransform(svg.getScreenCTM());
            return [p.x, p.y];
        }""",
        zone,
    )
    page.mouse.click(at[0], at[1])


def jpeg() -> bytes:
    image = Image.new("RGB", (320, 240), (200, 150, 120))
    out = io.BytesIO()
    image.save(out, "JPEG")
    return out.getvalue()


@pytest.fixture
def photo_consent(front_desk: Membership, patient: Patient) -> None:  # noqa: F811
    record_consent(
        front_desk,
        patient.public_id,
        treatment="photo",
        text_version="2026-01",
        signed_at=timezone.now() - dt.timedelta(days=1),
        signed_by="Ana Silva",
    )


def sign_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/clinic/sign-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")


def test_it_charts_a_toxin_session_on_the_map_within_budget(
    desktop: Any,
    live_server: Any,
    provider: Membership,  # noqa: F811
    patient: Patient,  # noqa: F811
    botox_lot: ProductLot,  # noqa: F811
    photo_consent: None,
    axe_check: Callable[[Any], None],
) -> None:
    # given paula signed in, on Ana's chart page
    sign_in(desktop, live_server.url, "paula")
    base = f"{live_server.url}/clinic/{provider.clinic.public_id}"
    desktop.goto(f"{base}/patients/{patient.public_id}/chart/")
    axe_check(desktop)
    page = Counted(desktop)
    # when she charts 5 points in 3 zones at the label's doses from the map (each click adds
    # a point, its dose carried over from the last one and selected, so typing replaces it)
    page.tap("glabella")
    page.type_focused("10")
    page.tap("glabella")
    page.tap("crows-feet-right")
    page.type_focused("12")
    page.tap("crows-feet-left")
    page.type_focused("6")
    page.tap("crows-feet-left")
    assert "Total" in desktop.locator("#totals").inner_text()
    assert "44 U" in desktop.locator("#totals").inner_text()
    page.click("#save-session")
    if desktop.locator("#findings").count():
        axe_check(desktop)
        for box in desktop.locator("#findings input[type=checkbox]").all():
            page.count += 1
            box.check()
        page.click("#save-session")
    # then the session is saved with its 5 points, within the budget
    desktop.wait_for_url("**/sessions/**")
    assert desktop.locator("table.tf-table tbody tr").count() == 5
    assert desktop.locator(".session-map .mark").count() == 5
    assert page.count <= BUDGET, f"{page.count} interactions"
    axe_check(desktop)
    # and two photos of it, front and left oblique, side by side with nothing before them
    desktop.click("text=Photos")
    axe_check(desktop)
    for angle in ("front", "left-oblique"):
        desktop.select_option("#angle", angle)
        desktop.set_input_files(
            "#photo", files=[{"name": "face.jpg", "mimeType": "image/jpeg", "buffer": jpeg()}]
        )
        desktop.click("text=Save photo")
        desktop.wait_for_load_state()
    assert desktop.locator(".photo-grid img").count() == 2
    axe_check(desktop)


def test_it_charts_a_toxin_and_a_filler_for_a_colleague_in_one_session(
    desktop: Any,
    live_server: Any,
    manager: Membership,  # noqa: F811
    provider: Membership,  # noqa: F811
    patient: Patient,  # noqa: F811
    botox_lot: ProductLot,  # noqa: F811
) -> None:
    # given a physician colleague, and a filler lot beside the Botox
    doctor = join(
        manager,
        "dara",
        "provider",
        first_name="Dara",
        last_name="Okafor",
        licence={"licence_type": "MD", "licence_expires": dt.date(2099, 12, 31)},
    )
    filler = receive_lot(
        manager,
        product="juvederm-voluma",
        quantity=Decimal(2),
        lot_number="V1",
        expires_on=dt.date(2099, 1, 31),
    )
    sign_in(desktop, live_server.url, "paula")
    base = f"{live_server.url}/clinic/{provider.clinic.public_id}"
    desktop.goto(f"{base}/patients/{patient.public_id}/chart/")
    # when paula charts for Dara: Botox in the glabella, then the filler lot, in the chin
    desktop.select_option("#provider", str(doctor.public_id))
    desktop.select_option("#lot", str(botox_lot.public_id))
    tap_zone(desktop, "glabella")
    desktop.keyboard.type("20")
    desktop.select_option("#lot", str(filler.public_id))
    tap_zone(desktop, "chin")
    desktop.keyboard.type("1")
    # then each point keeps its own lot, and the totals are per product, each in its unit
    totals = desktop.locator("#totals").inner_text()
    assert "20 U" in totals
    assert "1 mL" in totals
    lots = desktop.locator("#rows select[name=point_lot]")
    assert [lots.nth(i).input_value() for i in range(2)] == [
        str(botox_lot.public_id),
        str(filler.public_id),
    ]
    desktop.click("#save-session")
    if desktop.locator("#findings").count():
        for box in desktop.locator("#findings input[type=checkbox]").all():
            box.check()
        desktop.click("#save-session")
    desktop.wait_for_url("**/sessions/**")
    assert "by Dara Okafor" in desktop.locator("main").inner_text()
    rows = desktop.locator("table.tf-table tbody tr").all_inner_texts()
    assert any("C1234A" in r and "20 U" in r for r in rows)
    assert any("V1" in r and "1 mL" in r for r in rows)


@pytest.fixture
def session_charted(provider: Membership, patient: Patient, botox_lot: ProductLot) -> Any:  # noqa: F811
    """Ana's glabella charted through the action: its follow-up is planned from it."""
    point = PointInput(zone="glabella", product="botox", lot=botox_lot.public_id, dose=Decimal(20))
    return chart_session(
        provider,
        patient.public_id,
        performed_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=1),
        points=[point],
    )


def test_it_walks_the_due_list_an_adverse_event_a_recall_and_the_exports(
    desktop: Any,
    live_server: Any,
    provider: Membership,  # noqa: F811
    botox_lot: ProductLot,  # noqa: F811
    session_charted: Any,
    axe_check: Callable[[Any], None],
) -> None:
    sign_in(desktop, live_server.url, "paula")
    base = f"{live_server.url}/clinic/{provider.clinic.public_id}"
    # the dashboard, then the follow-up planned from the session on the due list
    desktop.goto(f"{base}/")
    axe_check(desktop)
    desktop.goto(f"{base}/follow-ups/")
    assert "Ana Silva" in desktop.locator("main table").inner_text()
    axe_check(desktop)
    # booked in place (htmx swaps the row), the focus on its new status
    desktop.locator("main table button", has_text="Booked").first.click()
    desktop.locator("main table td.status", has_text="Booked").first.wait_for()
    desktop.wait_for_timeout(200)  # htmx settles, then the script moves the focus
    assert desktop.evaluate("() => document.activeElement.textContent") == "Booked"
    # an adverse event recorded from the session, triaged on entry
    desktop.goto(f"{base}/sessions/{session_charted.public_id}/")
    axe_check(desktop)
    desktop.click("text=Record an adverse event")
    axe_check(desktop)
    desktop.check("#s-vision-loss")
    desktop.click("text=Record and triage")
    desktop.wait_for_url("**/events/**")
    assert desktop.locator(".alarm").is_visible()
    axe_check(desktop)
    desktop.select_option("#severity", "severe")
    desktop.fill("#actions", "Referred to emergency eye care at 10:05")
    desktop.click("text=Save grading")
    assert desktop.locator("#severity").input_value() == "severe"
    with desktop.expect_download() as report:
        desktop.click("text=MedWatch report (text)")
    assert "lot C1234A" in Path(report.value.path()).read_text()
    # the emergency leads the dashboard
    desktop.goto(f"{base}/")
    assert desktop.locator(".alarm").is_visible()
    # a recall of the lot: the patient and her contact, and its CSV
    desktop.goto(f"{base}/lots/{botox_lot.public_id}/")
    assert "ana@example.org" in desktop.locator("main").inner_text()
    axe_check(desktop)
    with desktop.expect_download() as recall:
        desktop.click("text=Download all as CSV")
    assert "ana@example.org" in Path(recall.value.path()).read_text()
    # every export downloads
    desktop.goto(f"{base}/exports/")
    axe_check(desktop)
    for link, expected in [
        ("Sessions (CSV)", "performed_at"),
        ("Injection points (CSV)", "glabella"),
        ("Follow-ups (iCalendar)", "BEGIN:VCALENDAR"),
    ]:
        with desktop.expect_download() as download:
            desktop.click(f"text={link}")
        assert expected in Path(download.value.path()).read_text()
    desktop.goto(f"{base}/patients/{session_charted.patient.public_id}/")
    axe_check(desktop)
    with desktop.expect_download() as bundle:
        desktop.click("text=FHIR record")
    assert '"resourceType": "Bundle"' in Path(bundle.value.path()).read_text()
    for path in ("patients/", "events/", "lots/", "reports/"):
        desktop.goto(f"{base}/{path}")
        axe_check(desktop)

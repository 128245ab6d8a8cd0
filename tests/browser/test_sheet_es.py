"""The printed aftercare sheet of a patient who reads Spanish: the provider issues the link in
the (English) workspace and the sheet the patient takes home is in Spanish, axe-clean, its part
marked lang="es"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from tests.web.clinic.conftest import *  # noqa: F403 - the clinic personas and data
from tests.web.patient_link.conftest import *  # noqa: F403 - Ana's session
from tests.web.patient_link.conftest import _fresh_rate_limits  # noqa: F401 - autouse

from toxfill.web.clinic.actions.patients import update_patient
from toxfill.web.clinic.models import Membership, TreatmentSession

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_spanish_readers_sheet_prints_in_spanish(
    desktop: Any,
    live_server: Any,
    provider: Membership,
    front_desk: Membership,
    dilution: TreatmentSession,
    axe_check: Callable[[Any], None],
) -> None:
    patient = dilution.patient
    update_patient(
        front_desk, patient.public_id, version=patient.version, changes={"preferred_language": "es"}
    )
    staff = Client()
    staff.force_login(provider.user, backend="toxfill.web.clinic.auth.ClinicBackend")
    desktop.context.add_cookies(
        [{"name": "sessionid", "value": staff.cookies["sessionid"].value, "url": live_server.url}]
    )
    clinic = provider.clinic.public_id
    desktop.goto(f"{live_server.url}/clinic/{clinic}/patients/{patient.public_id}/links")
    desktop.get_by_role("button", name="Issue a new link and print the aftercare sheet").click()

    desktop.get_by_role("heading", name="Su enlace personal").wait_for()
    assert desktop.locator(".tf-sheet").get_attribute("lang") == "es"
    assert desktop.get_by_role("heading", name="Cuidados para Ana Silva").is_visible()
    assert desktop.get_by_role("img", name="Código QR de su enlace personal").is_visible()
    axe_check(desktop)

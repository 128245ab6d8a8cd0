"""Taking a photo with the camera (Chromium's fake camera): the last photo at the same angle
shows faintly over the preview to line up the shot, and the shot is saved like a chosen file,
its location data stripped on the way."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.storage import storages
from django.utils import timezone
from PIL import Image
from tests.browser.test_clinic_workspace import jpeg, photo_consent, sign_in  # noqa: F401
from tests.web.clinic.conftest import (  # noqa: F401  (fixtures)
    botox_lot,
    front_desk,
    manager,
    patient,
    provider,
)

from toxfill.web.clinic.actions.photos import add_photo
from toxfill.web.clinic.actions.sessions import PointInput, chart_session
from toxfill.web.clinic.models import Membership, Patient, Photo, ProductLot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_takes_a_photo_with_the_camera_over_the_last_one_at_that_angle(
    browser: Any,
    live_server: Any,
    provider: Membership,  # noqa: F811
    patient: Patient,  # noqa: F811
    botox_lot: ProductLot,  # noqa: F811
    photo_consent: None,  # noqa: F811
) -> None:
    # given Ana consented to photos, and a session of hers with a front photo from before
    point = PointInput(zone="glabella", product="botox", lot=botox_lot.public_id, dose=Decimal(20))
    session = chart_session(
        provider,
        patient.public_id,
        performed_at=timezone.now() - dt.timedelta(hours=1),
        points=[point],
    )
    before = jpeg()
    add_photo(
        provider, session.public_id, angle="front", upload=io.BytesIO(before), size=len(before)
    )
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    context.grant_permissions(["camera"], origin=live_server.url)
    page = context.new_page()
    try:
        sign_in(page, live_server.url, "paula")
        base = f"{live_server.url}/clinic/{provider.clinic.public_id}"
        page.goto(f"{base}/patients/{patient.public_id}/photos/")
        # when she starts the camera at the front angle
        page.select_option("#angle", "front")
        page.click("#start-camera")
        page.wait_for_function("() => document.getElementById('video').videoWidth > 0")
        # then the last front photo lies faintly over the preview, and no other angle's
        ghost = page.locator('#camera .ghost[data-angle="front"]')
        assert ghost.is_visible()
        assert float(ghost.evaluate("img => getComputedStyle(img).opacity")) < 0.5
        page.select_option("#angle", "left-oblique")
        assert not ghost.is_visible()
        page.select_option("#angle", "front")
        # and the shot goes into the form and is saved as the session's second front photo
        page.click("#take")
        page.wait_for_function("() => document.getElementById('photo').files.length === 1")
        page.click("text=Save photo")
        page.wait_for_load_state()
    finally:
        context.close()
    photos = Photo.objects.filter(session=session, angle="front")
    assert photos.count() == 2
    taken = photos.order_by("-id").first()
    assert taken is not None
    with storages["photos"].open(taken.image) as stored, Image.open(stored) as image:
        assert image.width > 0
        assert not image.getexif()

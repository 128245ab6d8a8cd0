"""The camera is the one powerful browser feature the site uses, and only the clinic's photo
page may ask for it: every other page keeps it off (toxfill.web.headers)."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client

from toxfill.web.clinic.models import Membership, Patient


def test_only_the_photo_page_may_ask_for_the_camera(
    provider: Membership, patient: Patient, client_for: Callable[[Membership], Client]
) -> None:
    client = client_for(provider)
    base = f"/clinic/{provider.clinic.public_id}/patients/{patient.public_id}"
    photos = client.get(f"{base}/photos/")
    chart = client.get(f"{base}/chart/")
    assert photos.status_code == chart.status_code == 200
    allowed = photos["Permissions-Policy"]
    assert "camera=(self)" in allowed
    assert "geolocation=()" in allowed
    assert "microphone=()" in allowed
    assert "camera=()" in chart["Permissions-Policy"]

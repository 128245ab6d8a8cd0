"""Before and after photos: only with a signed photo consent, location data stripped, served
only to roles that may see them and never cached."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from PIL import Image

from toxfill.web.clinic.actions.patients import record_consent
from toxfill.web.clinic.models import Membership, Patient, PatientAccess, Photo, TreatmentSession

GPS_IFD = 0x8825


def jpeg_with_gps() -> bytes:
    """A small JPEG whose EXIF names a camera and a place."""
    image = Image.new("RGB", (64, 48), (200, 150, 120))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[GPS_IFD] = {1: "N", 2: (40.0, 42.0, 46.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


@pytest.fixture
def photo_consent(front_desk: Membership, patient: Patient) -> None:
    record_consent(
        front_desk,
        patient.public_id,
        treatment="photo",
        text_version="2026-01",
        signed_at=timezone.now() - dt.timedelta(days=1),
        signed_by="Ana Silva",
    )


def _upload(client: Client, member: Membership, session: TreatmentSession, data: bytes) -> Any:
    file = io.BytesIO(data)
    file.name = "face.jpg"
    return client.post(
        f"/clinic/{member.clinic.public_id}/patients/{session.patient.public_id}/photos/",
        {"session": str(session.public_id), "angle": "front", "photo": file},
    )


def test_it_strips_location_data_on_upload(
    provider: Membership,
    charted: TreatmentSession,
    photo_consent: None,
    client_for: Callable[[Membership], Client],
) -> None:
    # given a phone photo carrying GPS
    # when the provider uploads it
    response = _upload(client_for(provider), provider, charted, jpeg_with_gps())
    # then it is stored, re-encoded without EXIF, with a thumbnail
    assert response.status_code == 302
    photo = Photo.objects.get()
    served = client_for(provider).get(
        f"/clinic/{provider.clinic.public_id}/photos/{photo.public_id}/full.jpg"
    )
    body = b"".join(served.streaming_content)  # type: ignore[attr-defined]
    assert not Image.open(io.BytesIO(body)).getexif()
    assert "no-store" in served["Cache-Control"]
    assert PatientAccess.objects.filter(what="photo").exists()


def test_it_refuses_a_photo_without_a_photo_consent(
    provider: Membership, charted: TreatmentSession, client_for: Callable[[Membership], Client]
) -> None:
    response = _upload(client_for(provider), provider, charted, jpeg_with_gps())
    assert response.status_code == 422
    assert not Photo.objects.exists()


def test_it_refuses_what_is_not_an_image(
    provider: Membership,
    charted: TreatmentSession,
    photo_consent: None,
    client_for: Callable[[Membership], Client],
) -> None:
    response = _upload(client_for(provider), provider, charted, b"%PDF-1.4 not a photo")
    assert response.status_code == 422


@pytest.mark.parametrize(("role", "status"), [("front_desk", 403), ("outsider", 404)])
def test_it_serves_photos_only_to_clinical_roles_of_the_clinic(
    role: str,
    status: int,
    provider: Membership,
    personas: dict[str, Membership],
    charted: TreatmentSession,
    photo_consent: None,
    client_for: Callable[[Membership], Client],
) -> None:
    _upload(client_for(provider), provider, charted, jpeg_with_gps())
    photo = Photo.objects.get()
    response = client_for(personas[role]).get(
        f"/clinic/{provider.clinic.public_id}/photos/{photo.public_id}/thumb.jpg"
    )
    assert response.status_code == status

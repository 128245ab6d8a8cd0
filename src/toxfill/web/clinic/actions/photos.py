"""Before and after photos: taken only with a signed photo consent, checked and re-encoded
with Pillow (so EXIF and GPS never reach storage), with a thumbnail, stored in the "photos"
storage under random names."""

from __future__ import annotations

import io
import uuid
from typing import IO

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageOps, UnidentifiedImageError

from toxfill import records
from toxfill.errors import InputError
from toxfill.web.clinic.actions.changes import save_new
from toxfill.web.clinic.models import Angle, Consent, Membership, Photo, TreatmentSession
from toxfill.web.clinic.roles import Permission, require

MAX_BYTES = 15 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 40-megapixel camera; beyond that, refuse rather than decode
FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
THUMBNAIL = (360, 360)


def _encoded(source: IO[bytes]) -> tuple[bytes, bytes, int, int]:
    """The image re-encoded as JPEG without metadata, and its thumbnail."""
    try:
        with Image.open(source) as probe:
            if probe.format not in FORMATS:
                raise InputError("photo", "must be a JPEG, PNG or WebP image")
            if probe.width * probe.height > MAX_PIXELS:
                raise InputError("photo", "is too large: at most 40 megapixels")
            probe.verify()
        source.seek(0)
        with Image.open(source) as opened:
            upright = ImageOps.exif_transpose(opened)  # keep the orientation, drop the rest
            pixels = upright.convert("RGB")
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise InputError("photo", "is not an image this site can read") from None
    full = io.BytesIO()
    pixels.save(full, "JPEG", quality=90, optimize=True)  # no exif= argument: none is written
    thumb = pixels.copy()
    thumb.thumbnail(THUMBNAIL)
    small = io.BytesIO()
    thumb.save(small, "JPEG", quality=80)
    return full.getvalue(), small.getvalue(), pixels.width, pixels.height


def has_photo_consent(member: Membership, session: TreatmentSession) -> bool:
    return Consent.objects.filter(
        clinic_id=member.clinic_id,
        patient_id=session.patient_id,
        treatment=records.PHOTO_CONSENT,
        voided_at__isnull=True,
        withdrawn_at__isnull=True,
        signed_at__lte=timezone.now(),
    ).exists()


def add_photo(
    member: Membership, session_id: uuid.UUID, *, angle: str, upload: IO[bytes], size: int
) -> Photo:
    """Add a photo to a session at a standard angle; refused without a signed photo consent."""
    require(member, Permission.CHART)
    if angle not in Angle.values:
        raise InputError("angle", f"must be one of {', '.join(Angle.values)}")
    if size > MAX_BYTES:
        raise InputError("photo", "is too large: at most 15 MB")
    session = TreatmentSession.objects.filter(
        clinic_id=member.clinic_id, public_id=session_id, voided_at__isnull=True
    ).first()
    if session is None:
        raise InputError("session", "no such session")
    if not has_photo_consent(member, session):
        raise InputError("photo", "the patient has not signed a photo consent")
    full, small, width, height = _encoded(upload)
    storage = storages["photos"]
    name = f"{member.clinic.public_id}/{uuid.uuid4()}"
    image = storage.save(f"{name}.jpg", ContentFile(full))
    thumbnail = storage.save(f"{name}-thumb.jpg", ContentFile(small))
    with transaction.atomic():
        photo = Photo(
            clinic_id=member.clinic_id,
            session=session,
            patient_id=session.patient_id,
            angle=angle,
            image=image,
            thumbnail=thumbnail,
            width=width,
            height=height,
            taken_by=member,
        )
        save_new(photo, member)
    return photo

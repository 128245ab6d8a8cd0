"""Before and after photos: taken only with a signed photo consent, checked and re-encoded
with Pillow (so EXIF and GPS never reach storage), reduced to MAX_SIDE, with a thumbnail,
stored in the "photos" storage under random names."""

from __future__ import annotations

import io
import struct
import threading
import uuid
from typing import IO

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageOps, UnidentifiedImageError

from toxfill import records
from toxfill.errors import InputError
from toxfill.web.clinic.actions.changes import save_new
from toxfill.web.clinic.errors import Busy
from toxfill.web.clinic.models import Angle, Consent, Membership, Photo, TreatmentSession
from toxfill.web.clinic.roles import Permission, require

MAX_PIXELS = 25_000_000  # a 24-megapixel camera (6000 x 4000, 5712 x 4284); read from the header
MAX_SIDE = 3000  # the stored photo's longer side: enough to compare skin, a tenth of the memory
FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
THUMBNAIL = (360, 360)
ENCODERS = 2
"""Photos decoded at once in one process: each may briefly hold a 25-megapixel image."""
WAIT_SECONDS = 5.0
"""How long an upload waits for an encoder before the page says the server is busy."""
RETRY_AFTER_SECONDS = 10

_encoders = threading.BoundedSemaphore(ENCODERS)


def max_megabytes() -> int:
    return int(settings.PHOTO_MAX_BYTES // (1024 * 1024))


def _encoded(source: IO[bytes]) -> tuple[bytes, bytes, int, int]:
    """The image re-encoded as JPEG without metadata, and its thumbnail; at most ENCODERS at
    once in this process, the others refused as busy after WAIT_SECONDS."""
    if not _encoders.acquire(timeout=WAIT_SECONDS):
        raise Busy("photos", RETRY_AFTER_SECONDS)
    try:
        return _reencoded(source)
    finally:
        _encoders.release()


def _reencoded(source: IO[bytes]) -> tuple[bytes, bytes, int, int]:
    try:
        with Image.open(source) as probe:  # reads the header only: the size before decoding
            if probe.format not in FORMATS:
                raise InputError("photo", "must be a JPEG, PNG or WebP image")
            if probe.width * probe.height > MAX_PIXELS:
                raise InputError(
                    "photo", f"is too large: at most {MAX_PIXELS // 1_000_000} megapixels"
                )
            probe.verify()
        source.seek(0)
        with Image.open(source) as opened:
            # A JPEG decodes at 1/2, 1/4 or 1/8 scale straight away (never below MAX_SIDE);
            # every format is then reduced before the copies that orientation and RGB make.
            scale = MAX_SIDE / max(opened.size)
            if scale < 1:
                opened.draft("RGB", (int(opened.width * scale), int(opened.height * scale)))
            image: Image.Image = opened
            if image.mode in ("1", "P"):  # resized by nearest neighbour otherwise
                image = image.convert("RGBA" if "transparency" in image.info else "RGB")
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            upright = ImageOps.exif_transpose(image)  # keep the orientation, drop the rest
            pixels = upright.convert("RGB")
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        Image.DecompressionBombError,
        # What Pillow's decoders raise on some broken files (a PNG without pixels, a cut one).
        EOFError,
        IndexError,
        ValueError,
        struct.error,
    ):
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
    if size > settings.PHOTO_MAX_BYTES:
        raise InputError("photo", f"is too large: at most {max_megabytes()} MB")
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

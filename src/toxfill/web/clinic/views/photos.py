"""Before and after photos of a patient: taken per session at standard angles (camera or
file), compared side by side at one angle, served only here, never cached, every view logged."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.files.storage import storages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from toxfill import records
from toxfill.errors import InputError
from toxfill.web.clinic import scoping
from toxfill.web.clinic.actions.access import record_patient_view
from toxfill.web.clinic.actions.photos import add_photo, max_megabytes
from toxfill.web.clinic.errors import Busy
from toxfill.web.clinic.models import Angle, Membership, Photo
from toxfill.web.clinic.roles import Permission, require
from toxfill.web.clinic.views.workspace import page, workspace
from toxfill.web.headers import allows_camera


@allows_camera
@workspace
def photos(request: HttpRequest, member: Membership, patient_id: uuid.UUID) -> HttpResponse:
    # The role decides before the lookup and the upload's checks: the same 403 for any ID.
    require(member, Permission.CHART if request.method == "POST" else Permission.VIEW_CLINICAL)
    patient = scoping.patient(member, patient_id)
    record_patient_view(member, patient, "photos")
    sessions = list(scoping.sessions(member).filter(patient=patient).order_by("-performed_at")[:50])
    status, retry_after = 200, 0
    context: dict[str, Any] = {}
    if request.method == "POST":
        upload = request.FILES.get("photo")
        try:
            if upload is None:
                raise InputError("photo", "choose a photo or take one")
            add_photo(
                member,
                uuid.UUID(request.POST.get("session", "")),
                angle=request.POST.get("angle", ""),
                upload=upload,
                size=upload.size or 0,
            )
            url = reverse("clinic:photos", args=[member.clinic.public_id, patient.public_id])
            return redirect(f"{url}?angle={request.POST.get('angle', '')}")
        except (InputError, ValueError) as exc:
            context["error"] = (
                exc if isinstance(exc, InputError) else InputError("session", "pick the session")
            )
            status = 422
        except Busy as exc:
            context["error"] = InputError("photo", str(exc))
            status, retry_after = 503, exc.retry_after
    rows = list(scoping.photos(member, patient))
    angle = request.GET.get("angle", Angle.FRONT)
    first, second = request.GET.get("a", ""), request.GET.get("b", "")
    at_angle = [p for p in rows if p.angle == angle]
    context.update(
        {
            "patient": patient,
            "sessions": sessions,
            "chosen_session": request.GET.get("session", ""),
            "angles": Angle.choices,
            "angle": angle,
            "by_session": _by_session(rows),
            "consented": scoping.consents(member, patient)
            .filter(
                treatment=records.PHOTO_CONSENT, voided_at__isnull=True, withdrawn_at__isnull=True
            )
            .exists(),
            "last_by_angle": {p.angle: p for p in rows},
            "compare": [
                next((p for p in at_angle if str(p.session.public_id) == s), None)
                for s in (first, second)
            ]
            if first and second
            else [],
            "a": first,
            "b": second,
            "max_megabytes": max_megabytes(),
        }
    )
    response = page(request, member, "clinic/photos.html", context, status=status)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


def _by_session(rows: list[Photo]) -> list[tuple[Any, list[Photo]]]:
    grouped: dict[uuid.UUID, tuple[Any, list[Photo]]] = {}
    for row in rows:
        grouped.setdefault(row.session.public_id, (row.session, []))[1].append(row)
    return list(grouped.values())


@workspace
def photo_file(
    request: HttpRequest, member: Membership, photo_id: uuid.UUID, size: str
) -> FileResponse:
    """A photo's file, to a role that may see it; never cached; each view logged."""
    row = scoping.photo(member, photo_id)
    record_patient_view(member, row.patient, "photo")
    name = row.thumbnail if size == "thumb" else row.image
    response = FileResponse(storages["photos"].open(name, "rb"), content_type="image/jpeg")
    response["Cache-Control"] = "no-store, private"
    return response

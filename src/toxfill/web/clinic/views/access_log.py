"""The access log for auditors: who opened which patient's record, what of it and when,
newest first, a page at a time (a keyset page: the log only grows), for the whole clinic or
one patient."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db.models import Q
from django.http import HttpRequest, HttpResponse

from toxfill.errors import InputError
from toxfill.web.clinic import scoping
from toxfill.web.clinic.models import Membership, Patient
from toxfill.web.clinic.roles import Permission, require
from toxfill.web.clinic.views.workspace import page, workspace

PER_PAGE = 100


@workspace
def access_log(request: HttpRequest, member: Membership) -> HttpResponse:
    require(member, Permission.AUDIT)
    rows = scoping.access_log(member).order_by("-viewed_at", "-id")
    context: dict[str, Any] = {}
    status = 200
    try:
        patient = _patient(member, request.GET.get("patient", ""))
        if patient is not None:
            rows = rows.filter(patient=patient)
            context["patient"] = patient
        before = _cursor(request.GET.get("before", ""))
        if before is not None:
            at, row_id = before
            rows = rows.filter(Q(viewed_at__lt=at) | Q(viewed_at=at, id__lt=row_id))
            context["paged"] = True
    except InputError as exc:
        context["error"], status = exc, 422
        rows = rows.none()
    shown = list(rows[: PER_PAGE + 1])
    context["rows"] = shown[:PER_PAGE]
    if len(shown) > PER_PAGE:
        last = shown[PER_PAGE - 1]
        context["older"] = f"{last.viewed_at.isoformat()}~{last.id}"
    return page(request, member, "clinic/access_log.html", context, status=status)


def _patient(member: Membership, raw: str) -> Patient | None:
    if not raw:
        return None
    try:
        return scoping.patient(member, uuid.UUID(raw[:40]))
    except ValueError:
        raise InputError("patient", "must be a patient's ID from their record's address") from None


def _cursor(raw: str) -> tuple[dt.datetime, int] | None:
    """Where the previous page stopped: its last row's time and ID, as the page's link says."""
    if not raw:
        return None
    at, _, row_id = raw[:80].partition("~")
    try:
        return dt.datetime.fromisoformat(at), int(row_id)
    except ValueError:
        raise InputError(
            "before", "is not a place in the log: start again from the first page"
        ) from None

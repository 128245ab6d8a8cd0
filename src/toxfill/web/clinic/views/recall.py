"""A lot's recall on its page: a row per patient who received it (not a row per injection
point), a page at a time, each with a "reached" tick the clinic keeps."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from toxfill.errors import InputError
from toxfill.web.clinic import scoping
from toxfill.web.clinic.actions.access import record_patients_seen
from toxfill.web.clinic.actions.recall import mark_recall_contact
from toxfill.web.clinic.models import Membership, Patient, ProductLot, RecallContact
from toxfill.web.clinic.roles import Permission, may
from toxfill.web.clinic.views.paging import requested_page
from toxfill.web.clinic.views.workspace import workspace


@dataclass(frozen=True)
class RecallRow:
    patient: Patient
    uses: dict[str, Any]  # points, sessions, first, last, dose
    contact: RecallContact | None

    @property
    def reached(self) -> bool:
        return self.contact is not None and self.contact.contacted_at is not None


def recall_context(request: HttpRequest, member: Membership, lot: ProductLot) -> dict[str, Any]:
    """What the lot page shows of its recall: the patients on this page, the totals, and
    whether this member may tick them."""
    grouped = scoping.recall_by_patient(member, lot)
    counts = scoping.recall(member, lot).aggregate(
        points=Count("id"), patients=Count("session__patient_id", distinct=True)
    )
    shown, error = requested_page(request, grouped, total=counts["patients"])
    ids = [row["session__patient_id"] for row in shown.rows]
    patients = {p.id: p for p in scoping.patients_by_id(member, ids)}
    contacts = {
        c.patient_id: c for c in scoping.recall_contacts(member, lot).filter(patient_id__in=ids)
    }
    rows = [
        RecallRow(patients[i], row, contacts.get(i)) for i, row in zip(ids, shown.rows, strict=True)
    ]
    record_patients_seen(member, ids, "recall")
    reached = scoping.recall_contacts(member, lot).filter(contacted_at__isnull=False).count()
    return {
        "shown": shown,
        "rows": rows,
        "error": error,
        "points": counts["points"],
        "patients": counts["patients"],
        "reached": reached,
        "may_tick": may(member, Permission.CHART) or may(member, Permission.MANAGE_LOTS),
    }


@workspace
def mark_contacted(
    request: HttpRequest, member: Membership, lot_id: uuid.UUID, patient_id: uuid.UUID
) -> HttpResponse:
    if request.method != "POST":
        return redirect("clinic:lot", clinic=member.clinic.public_id, lot_id=lot_id)
    contacted = request.POST.get("contacted") == "yes"
    try:
        mark_recall_contact(member, lot_id, patient_id, contacted=contacted)
    except InputError as exc:
        return HttpResponse(str(exc), status=422, content_type="text/plain; charset=utf-8")
    page = request.POST.get("page", "1")
    target = redirect("clinic:lot", clinic=member.clinic.public_id, lot_id=lot_id)
    suffix = f"?page={page}" if page.isdigit() and page != "1" else ""
    target["Location"] += f"{suffix}#recall-{patient_id}"
    return target

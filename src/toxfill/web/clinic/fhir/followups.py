"""Follow-ups in the export: each is a ServiceRequest (the visit the plan asks for, due on a
day); one that was booked, kept or missed is an Appointment too, based on that request."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any
from zoneinfo import ZoneInfo

from toxfill.web.clinic.fhir.codes import Export, coding, meta, narrative, ref
from toxfill.web.clinic.models import FollowUp

REQUEST_STATUS = {
    "due": "active",
    "booked": "active",
    "done": "completed",
    "missed": "active",  # the visit is still wanted; the missed Appointment says what happened
    "cancelled": "revoked",
}
APPOINTMENT_STATUS = {"booked": "booked", "done": "fulfilled", "missed": "noshow"}


def request_id(followup: FollowUp) -> str:
    return str(followup.public_id)


def service_request(export: Export, followup: FollowUp, session_ref: str | None) -> dict[str, Any]:
    what = followup.note or f"Follow-up visit ({followup.purpose})"
    resource: dict[str, Any] = {
        "resourceType": "ServiceRequest",
        "id": request_id(followup),
        "meta": meta("ServiceRequest"),
        "text": narrative(
            f"{what}: due {followup.due_on.isoformat()} ({followup.status}).",
        ),
        "status": REQUEST_STATUS.get(followup.status, "active"),
        "intent": "plan",
        "code": {
            "coding": [coding("follow-up", followup.purpose, followup.purpose.capitalize())],
            "text": what,
        },
        "subject": export.patient_ref,
        "occurrenceDateTime": followup.due_on.isoformat(),
    }
    if session_ref:
        resource["supportingInfo"] = [{"reference": session_ref}]
    return resource


def appointment(export: Export, followup: FollowUp) -> dict[str, Any] | None:
    """The booked, kept or missed visit, or None for one only due or cancelled. The clinic
    books a day, not a time, so the appointment spans that day on the clinic's calendar (as its
    calendar feed shows it, all day): the day it was kept when it was kept."""
    status = APPOINTMENT_STATUS.get(followup.status)
    if status is None:
        return None
    kept = status == "fulfilled" and followup.completed_on is not None
    day = followup.completed_on if kept and followup.completed_on else followup.due_on
    zone = ZoneInfo(export.clinic.time_zone)
    start = dt.datetime.combine(day, dt.time(), tzinfo=zone)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    what = followup.note or f"Follow-up visit ({followup.purpose})"
    return {
        "resourceType": "Appointment",
        # its own stable ID, derived from the follow-up's: the request already has that one
        "id": str(uuid.uuid5(followup.public_id, "appointment")),
        "meta": meta("Appointment"),
        "text": narrative(f"{what} on {day.isoformat()} ({status})."),
        "status": status,
        "basedOn": [{"reference": ref(request_id(followup))}],
        "description": what,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "participant": [{"actor": export.patient_ref, "status": "accepted"}],
    }

"""Editing a patient's details in the workspace, with the version check the API has: a form
opened before someone else saved says so and keeps what was typed."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from toxfill.errors import InputError
from toxfill.knowledge import bundled_knowledge
from toxfill.knowledge.translation import LANGUAGES
from toxfill.web.clinic import scoping
from toxfill.web.clinic.actions.access import record_patient_view
from toxfill.web.clinic.actions.patients import update_patient
from toxfill.web.clinic.errors import StaleWrite
from toxfill.web.clinic.models import Membership, Patient
from toxfill.web.clinic.roles import Permission, require
from toxfill.web.clinic.views.workspace import page, workspace

TEXT_FIELDS = {"given_name": 100, "family_name": 100, "email": 254, "phone": 40, "allergies": 4000}
LABELS = {
    "version": "The page",
    "given_name": "Given name",
    "family_name": "Family name",
    "date_of_birth": "Date of birth",
    "email": "Email",
    "phone": "Phone",
    "allergies": "Allergies",
    "health_factors": "Health factors",
    "preferred_language": "Reads in",
}


@workspace
def edit_patient(request: HttpRequest, member: Membership, patient_id: uuid.UUID) -> HttpResponse:
    require(member, Permission.EDIT_PATIENTS)  # before the lookup: the same 403 for any ID
    row = scoping.patient(member, patient_id)
    if row.voided_at is not None:
        return redirect("clinic:patient", clinic=member.clinic.public_id, patient_id=row.public_id)
    form = _shown(row)
    context: dict[str, Any] = {"patient": row, "version": row.version}
    status = 200
    if request.method == "POST":
        form = _typed(request)
        context["version"] = request.POST.get("version", "")
        try:
            version = _version(request.POST.get("version", ""))
            update_patient(member, row.public_id, version=version, changes=_changes(form))
            return redirect(
                "clinic:patient", clinic=member.clinic.public_id, patient_id=row.public_id
            )
        except InputError as exc:
            context["error"], status = exc, 422
            field = exc.field.split("[", 1)[0]  # health_factors[2]: the list's fieldset
            context["error_anchor"], context["error_label"] = field, LABELS.get(field, field)
        except StaleWrite:
            row.refresh_from_db()
            context["stale"], status = True, 409
            context["version"] = row.version
    record_patient_view(member, row, "edit")
    kb = bundled_knowledge()
    context["form"] = form
    context["factors"] = [(h.id, h.label) for h in kb.health_factors.values()]
    context["languages"] = list(LANGUAGES.items())
    return page(request, member, "clinic/patient_edit.html", context, status=status)


def _shown(row: Patient) -> dict[str, Any]:
    shown: dict[str, Any] = {name: getattr(row, name) for name in TEXT_FIELDS}
    shown["date_of_birth"] = row.date_of_birth.isoformat()
    shown["health_factors"] = list(row.health_factors)
    shown["preferred_language"] = row.reads_in
    return shown


def _typed(request: HttpRequest) -> dict[str, Any]:
    typed: dict[str, Any] = {
        name: request.POST.get(name, "")[:limit] for name, limit in TEXT_FIELDS.items()
    }
    typed["date_of_birth"] = request.POST.get("date_of_birth", "").strip()[:10]
    typed["health_factors"] = request.POST.getlist("health_factors")[:40]
    typed["preferred_language"] = request.POST.get("preferred_language", "")[:8]
    return typed


def _version(raw: str) -> int:
    if not raw.isdigit():
        raise InputError("version", "is not a version of this record: open the page again")
    return int(raw)


def _changes(form: dict[str, Any]) -> dict[str, Any]:
    changes = {name: form[name].strip() for name in TEXT_FIELDS}  # names: the action checks
    try:
        changes["date_of_birth"] = dt.date.fromisoformat(form["date_of_birth"])
    except ValueError:
        raise InputError("date_of_birth", "give a real date, e.g. 1985-04-30") from None
    changes["health_factors"] = form["health_factors"]
    changes["preferred_language"] = form["preferred_language"]
    return changes

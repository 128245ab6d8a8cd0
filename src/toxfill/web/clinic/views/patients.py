"""Patients: the list, and one patient's record (identity, health cautions, consents, a
timeline and the expected effect of their real sessions). Every view of a record is logged."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from toxfill import records
from toxfill.errors import InputError
from toxfill.knowledge import bundled_knowledge
from toxfill.web.clinic import scoping
from toxfill.web.clinic.actions.access import record_patient_view, record_patients_seen
from toxfill.web.clinic.actions.patients import record_consent
from toxfill.web.clinic.history import patient_record_changes
from toxfill.web.clinic.models import Membership, Patient
from toxfill.web.clinic.roles import Permission, may, require
from toxfill.web.clinic.views.effect import effect_svg
from toxfill.web.clinic.views.workspace import page, today, workspace

PAGE_SIZE = 100


@workspace
def patients(request: HttpRequest, member: Membership) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    shown = _first_patients(member, query)
    record_patients_seen(member, [p.id for p in shown], "patient list")
    return page(
        request,
        member,
        "clinic/patients.html",
        {"patients": shown, "q": query, "page_size": PAGE_SIZE},
    )


def _first_patients(member: Membership, query: str) -> list[Patient]:
    """The first page of the clinic's patients by name, or of those whose family or given name
    starts with the query: one ranged read of each name's index, each stopped at a page, since
    a single query with OR is read in name order over every patient of the clinic."""
    by_name = scoping.patients(member).order_by("family_name", "given_name")
    if not query:
        return list(by_name[:PAGE_SIZE])
    found = {
        row.pk: row
        for name in ("family_name", "given_name")
        for row in by_name.filter(**{f"{name}__istartswith": query})[:PAGE_SIZE]
    }
    ordered = sorted(found.values(), key=lambda row: (row.family_name, row.given_name, row.pk))
    return ordered[:PAGE_SIZE]


@dataclass(frozen=True)
class HealthCaution:
    factor: str
    option: str
    products: str
    level: str
    text: str
    discuss: str


def cautions(row: Patient) -> list[HealthCaution]:
    """The knowledge base's cautions that name one of the patient's health factors."""
    kb = bundled_knowledge()
    found = []
    for option in kb.options.values():
        for caution in option.cautions:
            if caution.health not in row.health_factors:
                continue
            products = ", ".join(kb.products[p].label for p in caution.products if p in kb.products)
            found.append(
                HealthCaution(
                    factor=kb.health_factors[caution.health].label,
                    option=option.label,
                    products=products or f"every {option.label.lower()} product",
                    level=caution.level.value,
                    text=caution.text,
                    discuss=caution.discuss,
                )
            )
    return found


@dataclass(frozen=True)
class Moment:
    """One line of the patient's timeline."""

    when: Any
    kind: str
    record: Any


@workspace
def patient(request: HttpRequest, member: Membership, patient_id: uuid.UUID) -> HttpResponse:
    if request.method == "POST":
        require(member, Permission.EDIT_PATIENTS)  # before the lookup: the same 403 for any ID
    row = scoping.patient(member, patient_id)
    kb = bundled_knowledge()
    error = None
    if request.method == "POST":
        try:
            record_consent(
                member,
                row.public_id,
                treatment=request.POST.get("treatment", ""),
                text_version=request.POST.get("text_version", "").strip()[:40],
                signed_at=timezone.now(),
                signed_by=request.POST.get("signed_by", "").strip()[:200] or str(row),
            )
            return redirect(
                "clinic:patient", clinic=member.clinic.public_id, patient_id=row.public_id
            )
        except InputError as exc:
            error = exc
    record_patient_view(member, row, "record")
    context: dict[str, Any] = {
        "error": error,
        "consent_kinds": [
            (k, kb.options[k].label if k in kb.options else "Clinical photographs")
            for k in records.consent_kinds(kb)
        ],
        "patient": row,
        "today": today(member),
        "health": [
            kb.health_factors[h].label for h in row.health_factors if h in kb.health_factors
        ],
        "cautions": cautions(row),
        "consents": list(scoping.consents(member, row).order_by("-signed_at")),
    }
    moments: list[Moment] = []
    if may(member, Permission.VIEW_CLINICAL):
        sessions = list(scoping.sessions(member, voided=None).filter(patient=row))
        moments += [Moment(s.performed_at.date(), "session", s) for s in sessions]
        moments += [
            Moment(e.onset_at.date(), "event", e)
            for e in scoping.events(member).filter(patient=row)
        ]
        context["effect"] = effect_svg(kb, [s for s in sessions if s.voided_at is None], member)
        context["sessions"] = sessions
    if may(member, Permission.VIEW_SCHEDULE):
        moments += [
            Moment(f.due_on, "followup", f) for f in scoping.followups(member).filter(patient=row)
        ]
    context["timeline"] = sorted(moments, key=lambda m: m.when, reverse=True)
    return page(request, member, "clinic/patient.html", context, status=422 if error else 200)


@workspace
def patient_history(
    request: HttpRequest, member: Membership, patient_id: uuid.UUID
) -> HttpResponse:
    """For auditors: who changed the patient's record, and which fields from what to what."""
    require(member, Permission.AUDIT)  # the role first: another clinic's ID is a 403 too
    row = scoping.patient(member, patient_id)
    changes = patient_record_changes(member, row)
    record_patient_view(member, row, "history")
    return page(request, member, "clinic/history.html", {"patient": row, "changes": changes})

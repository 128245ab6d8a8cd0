"""Adverse events: recorded from a session (triaged on entry, an emergency flagged at once),
graded with actions and outcome, and exported as a MedWatch report (FDA Form 3500), as
text or PDF."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal, InvalidOperation
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from toxfill.errors import InputError
from toxfill.knowledge import bundled_knowledge
from toxfill.records.medwatch import MedWatchReport
from toxfill.render.medwatch_pdf import medwatch_pdf as medwatch_pdf_bytes
from toxfill.render.medwatch_text import medwatch_text
from toxfill.triage.staff import danger_first, staff_actions
from toxfill.web.clinic import scoping
from toxfill.web.clinic.actions.access import record_patient_view, record_patients_seen
from toxfill.web.clinic.actions.events import record_adverse_event, update_adverse_event
from toxfill.web.clinic.errors import StaleWrite
from toxfill.web.clinic.medwatch import event_report
from toxfill.web.clinic.models import Membership, Outcome, Severity
from toxfill.web.clinic.roles import Permission, require
from toxfill.web.clinic.views.dashboard import URGENCY_ORDER
from toxfill.web.clinic.views.workspace import entered_time, local, page, workspace
from toxfill.web.downloads import attach


@workspace
def events(request: HttpRequest, member: Membership) -> HttpResponse:
    rows = scoping.events(member).order_by(URGENCY_ORDER, "-onset_at")
    if request.GET.get("open") != "0":
        rows = rows.filter(outcome=Outcome.ONGOING)
    shown = list(rows[:200])
    record_patients_seen(member, [e.patient_id for e in shown], "adverse events")
    return page(
        request,
        member,
        "clinic/events.html",
        {"events": shown, "only_open": request.GET.get("open") != "0"},
    )


@workspace
def new_event(request: HttpRequest, member: Membership, session_id: uuid.UUID) -> HttpResponse:
    require(member, Permission.CHART)
    session = scoping.session(member, session_id)
    record_patient_view(member, session.patient, "new adverse event")
    kb = bundled_knowledge()
    context: dict[str, Any] = {
        "session": session,
        "symptoms": list(kb.symptoms.values()),
        "chosen": [],
        "onset_at": local(member, dt.datetime.now(dt.UTC)).strftime("%Y-%m-%dT%H:%M"),
    }
    status = 200
    if request.method == "POST":
        context["chosen"] = request.POST.getlist("symptom")[:40]
        context["onset_at"] = request.POST.get("onset_at", "")
        try:
            event = record_adverse_event(
                member,
                session.public_id,
                onset_at=entered_time(member, context["onset_at"], "onset_at"),
                symptoms=context["chosen"],
            )
            return redirect(
                "clinic:event", clinic=member.clinic.public_id, event_id=event.public_id
            )
        except InputError as exc:
            context["error"], status = exc, 422
    return page(request, member, "clinic/event_new.html", context, status=status)


def _grading(data: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "severity": data.get("severity", ""),
        "outcome": data.get("outcome", Outcome.ONGOING),
        "actions": data.get("actions", "")[:4000],
        "reported_to_regulator": data.get("reported_to_regulator") == "on",
    }
    units = data.get("hyaluronidase_units", "").strip()
    try:
        values["hyaluronidase_units"] = Decimal(units) if units else None
    except InvalidOperation:
        raise InputError("hyaluronidase_units", "must be a number of units") from None
    reported = data.get("reported_on", "").strip()
    try:
        values["reported_on"] = dt.date.fromisoformat(reported) if reported else None
    except ValueError:
        raise InputError("reported_on", "give a date, e.g. 2026-05-01") from None
    return values


@workspace
def event(request: HttpRequest, member: Membership, event_id: uuid.UUID) -> HttpResponse:
    if request.method == "POST":
        require(member, Permission.CHART)  # before the lookup: the same 403 whatever the ID
    row = scoping.event(member, event_id)
    record_patient_view(member, row.patient, "adverse event")
    triage = row.triage[0] if row.triage else None
    products = scoping.points(member, voided=None).filter(session_id=row.session_id)
    kb = bundled_knowledge()
    options = {
        kb.products[p].option
        for p in products.values_list("product", flat=True)
        if p in kb.products
    }
    context: dict[str, Any] = {
        "event": row,
        "triage": triage,
        "team": [
            (step, [kb.sources[source] for source in step.sources])
            for step in (staff_actions(kb, triage.get("reasons", ()), options) if triage else ())
        ],
        "symptoms": danger_first(triage.get("symptoms", ())) if triage else (),
        "severities": Severity.choices,
        "outcomes": Outcome.choices,
    }
    status = 200
    if request.method == "POST":
        try:
            version = int(request.POST.get("version", "0"))
            update_adverse_event(
                member, row.public_id, version=version, changes=_grading(request.POST)
            )
            return redirect("clinic:event", clinic=member.clinic.public_id, event_id=row.public_id)
        except (InputError, ValueError) as exc:
            context["error"], status = exc, 422
        except StaleWrite as exc:
            context["stale"], status = str(exc), 409
    return page(request, member, "clinic/event.html", context, status=status)


@workspace
def medwatch(request: HttpRequest, member: Membership, event_id: uuid.UUID) -> HttpResponse:
    return medwatch_file(member, event_id)


@workspace
def medwatch_pdf(request: HttpRequest, member: Membership, event_id: uuid.UUID) -> HttpResponse:
    return medwatch_pdf_file(member, event_id)


def _medwatch(member: Membership, event_id: uuid.UUID) -> MedWatchReport:
    row = scoping.event(member, event_id)
    record_patient_view(member, row.patient, "adverse event report")
    session = scoping.session(member, row.session.public_id)
    return event_report(bundled_knowledge(), member, row, session)


def medwatch_file(member: Membership, event_id: uuid.UUID) -> HttpResponse:
    """The event as the FDA's MedWatch form 3500 (sections A to G, what toxfill does not hold
    marked TO ADD), in plain text; the page and the API send it."""
    report = _medwatch(member, event_id)
    response = HttpResponse(medwatch_text(report), content_type="text/plain; charset=utf-8")
    return attach(response, f"medwatch-{report.reference}.txt")


def medwatch_pdf_file(member: Membership, event_id: uuid.UUID) -> HttpResponse:
    """The same report as a PDF; the page and the API send it."""
    report = _medwatch(member, event_id)
    response = HttpResponse(medwatch_pdf_bytes(report), content_type="application/pdf")
    return attach(response, f"medwatch-{report.reference}.pdf")

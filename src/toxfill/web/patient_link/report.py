"""Report a problem through the link: the public triage, opened with the treatment and the
days since filled in from the record, and sent to the clinic only with the patient's consent.

As on the public site, step 1 is the danger screen (one tap on a yes is the whole report),
then step 2 the other symptoms. The questions are the public page's form (`TriageForm`), the
urgency is the core's `triage()`, and the answer is the public result template: the rules
live in one place.
"""

from __future__ import annotations

import uuid
from zoneinfo import ZoneInfo

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone

from toxfill.knowledge import KnowledgeBase
from toxfill.triage import triage
from toxfill.web.clinic.models import TreatmentSession
from toxfill.web.guide.forms.triage import TriageForm
from toxfill.web.guide.views.triage import result_context
from toxfill.web.language import page_knowledge
from toxfill.web.patient_link import reads
from toxfill.web.patient_link.actions import file_patient_report
from toxfill.web.patient_link.models import PatientLink
from toxfill.web.patient_link.views import link_page

CONSENT = "send"
SYMPTOMS_STEP = "symptoms"
STEP_TEMPLATES = {
    "danger": "patient_link/report.html",
    SYMPTOMS_STEP: "patient_link/report_symptoms.html",
}


def _session(link: PatientLink, wanted: str | None) -> TreatmentSession | None:
    rows = reads.sessions(link)
    if wanted:
        try:
            return rows.filter(public_id=uuid.UUID(wanted)).first()
        except ValueError:
            return None
    return rows.first()


def _days_since(link: PatientLink, session: TreatmentSession) -> int:
    zone = ZoneInfo(link.clinic.time_zone)
    return (timezone.localdate(timezone=zone) - session.performed_at.astimezone(zone).date()).days


def _treatments(kb: KnowledgeBase, session: TreatmentSession) -> list[str]:
    return list(
        dict.fromkeys(
            kb.products[p.product].option for p in session.points.all() if p.product in kb.products
        )
    )


def _place(kb: KnowledgeBase, session: TreatmentSession) -> str | None:
    """Where the session injected, as the record charts it: its one zone, else its one area;
    none when it spans several areas (the safer reading: every zone's rules apply)."""
    zones = {p.zone for p in session.points.all() if p.zone in kb.zones}
    if len(zones) == 1:
        return zones.pop()
    areas = {kb.zones[z].area for z in zones}
    return areas.pop() if len(areas) == 1 else None


@link_page("report a problem")
def report_page(request: HttpRequest, link: PatientLink) -> HttpResponse:
    kb = page_knowledge()  # the link's language: link_page set it
    if request.method == "POST":
        return _answer(request, link, kb)
    session = _session(link, request.GET.get("session"))
    if session is None:
        return render(request, "patient_link/report.html", {"link": link, "session": None})
    data = QueryDict(mutable=True)
    data.setlist("treatments", _treatments(kb, session))
    data["days_since"] = str(_days_since(link, session))
    place = _place(kb, session)
    if place:
        data["zone"] = place
    step = SYMPTOMS_STEP if request.GET.get("step") == SYMPTOMS_STEP else "danger"
    return _form(request, link, kb, session, TriageForm(kb, data), status=200, step=step)


def _form(
    request: HttpRequest,
    link: PatientLink,
    kb: KnowledgeBase,
    session: TreatmentSession,
    form: TriageForm,
    status: int,
    show_errors: bool = False,
    step: str = SYMPTOMS_STEP,
) -> HttpResponse:
    entry = reads.passport_entries(kb, reads.sessions(link).filter(pk=session.pk))[0]
    context = {
        "link": link,
        "session": session,
        "entry": entry,
        "form": form,
        "show_errors": show_errors,
        "others": reads.passport_entries(kb, reads.sessions(link)[:6]),
        "meta": kb.meta,
    }
    return render(request, STEP_TEMPLATES[step], context, status=status)


def _answer(request: HttpRequest, link: PatientLink, kb: KnowledgeBase) -> HttpResponse:
    session = _session(link, request.POST.get("session"))
    if session is None:
        return render(
            request, "patient_link/report.html", {"link": link, "session": None}, status=400
        )
    form = TriageForm(kb, request.POST)
    report = form.report()
    if report is None:
        return _form(request, link, kb, session, form, status=422, show_errors=True)
    result = triage(kb, report)
    sent = None
    if request.POST.get("consent") == CONSENT:
        sent = file_patient_report(
            link,
            session,
            symptoms=list(report.symptoms),
            days_since=report.days_since,
            urgency=result.urgency.value,
            knowledge_version=kb.version,
        )
    context = {
        **result_context(kb, report, result, _public_query(form), form.assumed_treatments()),
        "link": link,
        "session": session,
        # the answer above is the same either way; only this part says what was sent
        "filed": sent.report if sent and not sent.again else None,
        "already": sent.report if sent and sent.again else None,
        "answers": [
            (k, v)
            for k in request.POST
            for v in request.POST.getlist(k)
            if k != "csrfmiddlewaretoken" and k != "consent"
        ],
    }
    return render(request, "patient_link/report_result.html", context)


def _public_query(form: TriageForm) -> str:
    """The answers as the public page's query: its "Change your answers" link opens them."""
    query = QueryDict(mutable=True)
    for name in ("treatments", "days_since", "symptoms", "danger"):
        query.setlist(name, sorted(form.chosen(name)))
    return query.urlencode()

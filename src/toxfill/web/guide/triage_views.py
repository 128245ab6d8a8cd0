"""The after-treatment pages: the form, then a result whose urgency is plain at a glance."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from toxfill.errors import InputError
from toxfill.knowledge import bundled_knowledge
from toxfill.knowledge.models import UrgencyLevel
from toxfill.render.citations import Citations
from toxfill.triage import aftercare_for, triage
from toxfill.web.guide.triage_forms import TriageForm

EMERGENCY_NUMBER = "911"


def triage_page(request: HttpRequest) -> HttpResponse:
    kb = bundled_knowledge()
    form = TriageForm(kb, request.GET or None)
    return _form(request, form, status=200)


def triage_result(request: HttpRequest) -> HttpResponse:
    kb = bundled_knowledge()
    form = TriageForm(kb, request.GET)
    report = form.report()
    if report is None:
        return _form(request, form, status=400)
    result = triage(kb, report)
    cited = Citations(result.sources).cite

    context = {
        "result": result,
        "treatments": [kb.options[o].label for o in (report.treatment, *report.other_treatments)],
        "reasons": [cited(r.text, r.sources) for r in result.reasons],
        "watch": [cited(n.text, n.sources) for n in result.watch_for],
        "aftercare": [
            cited(n.text, n.sources) for n in (*result.aftercare_normal, *result.aftercare_avoid)
        ],
        "once_seen": [cited(n.text, n.sources) for n in result.aftercare_once_seen],
        "serious": result.urgency.rank >= UrgencyLevel.URGENT.rank,
        "emergency_number": EMERGENCY_NUMBER,
        "query": request.GET.urlencode(),
        "meta": kb.meta,
    }
    return render(request, "guide/triage_result.html", context)


def aftercare_page(request: HttpRequest, option_id: str) -> HttpResponse:
    kb = bundled_knowledge()
    try:
        guide = aftercare_for(kb, option_id)
    except InputError as exc:
        raise Http404(exc.problem) from None
    cited = Citations(guide.sources).cite
    context = {
        "guide": guide,
        "normal": [cited(n.text, n.sources) for n in guide.normal],
        "avoid": [cited(n.text, n.sources) for n in guide.avoid],
        "watch": [cited(n.text, n.sources) for n in guide.watch_for],
        "before": [cited(n.text, n.sources) for n in guide.before_next],
        "emergency_number": EMERGENCY_NUMBER,
        "meta": kb.meta,
    }
    return render(request, "guide/aftercare.html", context)


def _form(request: HttpRequest, form: TriageForm, status: int) -> HttpResponse:
    kb = bundled_knowledge()
    context = {
        "form": form,
        "meta": kb.meta,
        "emergency_number": EMERGENCY_NUMBER,
        "guides": [o for o in kb.options.values() if o.id in kb.aftercare],
    }
    return render(request, "guide/triage.html", context, status=status)

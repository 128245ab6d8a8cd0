"""The after-treatment pages: danger signs first, then the other symptoms, then a result whose
urgency (decided by the core) is plain at a glance."""

from __future__ import annotations

import re
from collections.abc import Collection

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from toxfill.errors import InputError
from toxfill.knowledge import KnowledgeBase
from toxfill.knowledge.models import UrgencyLevel
from toxfill.render.citations import Citations
from toxfill.triage import Report, TriageResult, aftercare_for, triage
from toxfill.web.guide.emergency import COOKIE, NUMBERS
from toxfill.web.guide.forms.triage import TriageForm
from toxfill.web.language import page_knowledge

ONE_YEAR = 365 * 24 * 3600
# Said instead of a treatment the person did not name (the core's "what to tell them" names one).
NOT_NAMED = gettext_noop("Your treatment (its name, if you know it)")  # translated when said
# The result's fields that hold the aftercare of the first treatment reported, and only its.
FIRST_TREATMENT_AFTERCARE = (
    "aftercare_steps",
    "aftercare_normal",
    "aftercare_avoid",
    "aftercare_once_seen",
)


def triage_page(request: HttpRequest) -> HttpResponse:
    """Step 1: which treatment, and the danger signs."""
    form = TriageForm(page_knowledge(), request.GET or None)
    return _step(request, form, "guide/triage.html", status=200)


def triage_symptoms(request: HttpRequest) -> HttpResponse:
    """Step 2: when, where, and the other symptoms by body area."""
    form = TriageForm(page_knowledge(), request.GET or None)
    return _step(request, form, "guide/triage_symptoms.html", status=200)


def triage_result(request: HttpRequest) -> HttpResponse:
    kb = page_knowledge()
    form = TriageForm(kb, request.GET)
    report = form.report()
    if report is None:
        page = "guide/triage.html" if form.from_danger_step else "guide/triage_symptoms.html"
        return _step(request, form, page, status=422, show_errors=True)
    result = triage(kb, report)
    assumed = form.assumed_treatments()
    context = result_context(kb, report, result, request.GET.urlencode(), assumed=assumed)
    return render(request, "guide/triage_result.html", context)


def result_context(
    kb: KnowledgeBase,
    report: Report,
    result: TriageResult,
    query: str,
    assumed: Collection[str] = (),
) -> dict[str, object]:
    """What the result page shows: also the patient link's answer to a reported problem.

    `assumed`: the treatments reported only because the person was not sure what they had;
    the page never names them as what the person had.
    """
    told = [
        kb.options[o].label
        for o in (report.treatment, *report.other_treatments)
        if o not in assumed
    ]
    if assumed:
        told.append(_("not sure which treatment"))
        result = _unnamed(kb, result, assumed, report.treatment in assumed)
    cited = Citations(result.sources).cite
    return {
        "result": result,
        "treatments": told,
        "reasons": [cited(r.text, r.sources) for r in result.reasons],
        "watch": [cited(n.text, n.sources) for n in result.watch_for],
        "steps": [cited(n.text, n.sources) for n in result.aftercare_steps],
        # The headline already says the first thing to do: not twice in a row.
        "advice": [a for a in result.advice if a != result.headline],
        "aftercare": [
            cited(n.text, n.sources) for n in (*result.aftercare_normal, *result.aftercare_avoid)
        ],
        "once_seen": [cited(n.text, n.sources) for n in result.aftercare_once_seen],
        "serious": result.urgency.rank >= UrgencyLevel.URGENT.rank,
        "query": query,
        "meta": kb.meta,
    }


def _unnamed(
    kb: KnowledgeBase, result: TriageResult, assumed: Collection[str], first_assumed: bool
) -> TriageResult:
    """The result without words that put a treatment the person did not name in their mouth:
    "what to tell them" says NOT_NAMED, and the aftercare of a guessed first treatment (the
    core's aftercare is the first treatment's) is left out."""
    labels = re.compile("|".join(re.escape(kb.options[o].label) for o in assumed))
    unnamed = _(NOT_NAMED)
    update: dict[str, object] = {
        "tell": tuple(dict.fromkeys(labels.sub(unnamed, line) for line in result.tell))
    }
    if first_assumed:
        update |= dict.fromkeys(FIRST_TREATMENT_AFTERCARE, ())
    return result.model_copy(update=update)


def aftercare_page(request: HttpRequest, option_id: str) -> HttpResponse:
    """Aftercare for one treatment, or a whole visit's (`?and=ha-filler`, repeatable): one
    sheet where each sign has one urgency. In the page's language."""
    kb = page_knowledge()
    others = request.GET.getlist("and")[: len(kb.options)]
    try:
        guide = aftercare_for(kb, [option_id, *others])
    except InputError as exc:
        raise Http404(exc.problem) from None
    cited = Citations(guide.sources).cite
    context = {
        "guide": guide,
        "steps": [cited(n.text, n.sources) for n in guide.steps],
        "normal": [cited(n.text, n.sources) for n in guide.normal],
        "avoid": [cited(n.text, n.sources) for n in guide.avoid],
        "watch": [cited(n.text, n.sources) for n in guide.watch_for],
        "before": [cited(n.text, n.sources) for n in guide.before_next],
        "meta": kb.meta,
    }
    return render(request, "guide/aftercare.html", context)


@require_POST
def choose_country(request: HttpRequest) -> HttpResponse:
    """Remember whose emergency number to show; then back to the page the person was on."""
    country = request.POST.get("country", "")
    back = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure())
    response = HttpResponseRedirect(back if safe and back else reverse("triage"))
    if country in NUMBERS:
        response.set_cookie(COOKIE, country, max_age=ONE_YEAR, samesite="Lax", httponly=True)
    return response


def _step(
    request: HttpRequest, form: TriageForm, template: str, status: int, show_errors: bool = False
) -> HttpResponse:
    kb = form.kb
    context = {
        "form": form,
        "show_errors": show_errors,
        "meta": kb.meta,
        "guides": [o for o in kb.options.values() if o.id in kb.aftercare],
    }
    return render(request, template, context, status=status)

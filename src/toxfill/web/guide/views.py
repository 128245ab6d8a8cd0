"""Public page views: parse the request, make one core call, render."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from toxfill.compare import compare
from toxfill.decide import decide, plan_treatments
from toxfill.errors import InputError, ToxfillError
from toxfill.knowledge import bundled_knowledge
from toxfill.render.consultation import consultation_summary
from toxfill.render.html import comparison_table_html
from toxfill.render.pdf import decision_pdf
from toxfill.web.guide.forms import WEIGHTS, DecideForm

DEFAULT_COMPARISON = ("botulinum-toxin", "ha-filler")


def home(request: HttpRequest) -> HttpResponse:
    kb = bundled_knowledge()
    return render(request, "guide/home.html", {"options": kb.options.values(), "meta": kb.meta})


def compare_page(request: HttpRequest) -> HttpResponse:
    kb = bundled_knowledge()
    chosen = _chosen_options(request)
    context: dict[str, object] = {"options": kb.options.values(), "chosen": chosen, "meta": kb.meta}
    status = 200
    try:
        comparison = compare(kb, chosen)
    except ToxfillError as exc:
        context["error"] = exc.problem if isinstance(exc, InputError) else str(exc)
        status = 400
    else:
        context["comparison"] = comparison
        context["title"] = " vs ".join(option.label for option in comparison.options)
        # The core escapes every text it renders; this is the same table the CLI writes.
        context["table"] = mark_safe(comparison_table_html(comparison))
    return render(request, "guide/compare.html", context, status=status)


def _chosen_options(request: HttpRequest) -> list[str]:
    if "options" not in request.GET:
        return list(DEFAULT_COMPARISON)
    chosen: list[str] = []
    for value in request.GET.getlist("options"):
        chosen += [part.strip() for part in value.split(",") if part.strip()]
    return chosen


def decide_page(request: HttpRequest) -> HttpResponse:
    """The questionnaire; a query string (from "Change your answers") fills it in."""
    kb = bundled_knowledge()
    form = DecideForm(kb, request.GET or None)
    return _questionnaire(request, form, status=200)


def decide_result(request: HttpRequest) -> HttpResponse:
    kb = bundled_knowledge()
    form = DecideForm(kb, request.GET)
    intake = form.intake()
    if intake is None:
        return _questionnaire(request, form, status=400)
    decision = decide(kb, intake)
    context = {
        "summary": consultation_summary(decision, kb),
        "query": request.GET.urlencode(),
        "plan_query": urlencode({"treatment": plan_treatments(decision)}, doseq=True),
        "meta": kb.meta,
    }
    return render(request, "guide/decide_result.html", context)


def decide_summary_pdf(request: HttpRequest) -> HttpResponse:
    kb = bundled_knowledge()
    form = DecideForm(kb, request.GET)
    intake = form.intake()
    if intake is None:
        return _questionnaire(request, form, status=400)
    response = HttpResponse(decision_pdf(decide(kb, intake), kb), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="toxfill-consultation-summary.pdf"'
    return response


def _questionnaire(request: HttpRequest, form: DecideForm, status: int) -> HttpResponse:
    context = {
        "form": form,
        "show_errors": status == 400,
        "weights": WEIGHTS,
        "meta": form.kb.meta,
    }
    return render(request, "guide/decide.html", context, status=status)

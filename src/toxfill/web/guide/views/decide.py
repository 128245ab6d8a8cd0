"""The decision aid's pages: the steps, the result, and its PDF summary."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse

from toxfill.decide import decide, plan_treatments
from toxfill.render.consultation import consultation_summary
from toxfill.render.pdf import decision_pdf
from toxfill.web.guide.forms.decide import (
    DATE_HINT,
    HEALTH_STEP,
    LAST_STEP,
    STEPS,
    SURE,
    WEIGHTS,
    DecideForm,
    answers,
)
from toxfill.web.language import page_knowledge


def decide_page(request: HttpRequest) -> HttpResponse:
    """One step of the decision aid. "Continue" checks this step and shows the next (the last
    goes to the result); "None of these apply" answers the health questions left blank "no"
    and goes on; "Back" shows the one before; the answers ride along in the query."""
    kb = page_knowledge()
    data: QueryDict = request.GET
    step = _step(data.get("step"))
    go = data.get("go")
    if go == "back":
        return _step_page(request, data, DecideForm(kb, data, upto=0), max(1, step - 1))
    if go == "none" and step == HEALTH_STEP:
        data, go = DecideForm(kb, data, upto=0).with_the_rest_no(), "next"
    if go != "next":
        return _step_page(request, data, DecideForm(kb, data or None, upto=0), step)
    form = DecideForm(kb, data, upto=step)
    if form.intake() is None:
        return _step_page(request, data, form, form.first_error_step(), status=422)
    if step == LAST_STEP:
        return redirect(f"{reverse('decide-result')}?{urlencode(answers(data))}")
    return _step_page(request, data, form, step + 1)


def decide_result(request: HttpRequest) -> HttpResponse:
    kb = page_knowledge()
    form = DecideForm(kb, request.GET)
    intake = form.intake()
    if intake is None:
        return _step_page(request, request.GET, form, form.first_error_step(), status=422)
    decision = decide(kb, intake)
    given = answers(request.GET)
    context = {
        "summary": consultation_summary(decision, kb, *_reflection(request)),
        "query": urlencode(given),
        "intake_hidden": [(k, v) for k, v in given if not k.startswith(("sure-", "leaning"))],
        "plan_query": urlencode({"treatment": plan_treatments(decision)}, doseq=True),
        "sure": SURE,
        "meta": kb.meta,
    }
    return render(request, "guide/decide_result.html", context)


def decide_summary_pdf(request: HttpRequest) -> HttpResponse:
    """The consultation summary as a PDF, in the page's language (its /Lang says which)."""
    kb = page_knowledge()
    form = DecideForm(kb, request.GET)
    intake = form.intake()
    if intake is None:
        return _step_page(request, request.GET, form, form.first_error_step(), status=422)
    pdf = decision_pdf(decide(kb, intake), kb, *_reflection(request))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="toxfill-consultation-summary.pdf"'
    return response


def _reflection(request: HttpRequest) -> tuple[str, dict[str, str]]:
    """Which way the person is leaning and their SURE answers, as they sent them."""
    sure = {key: request.GET.get(f"sure-{key}", "") for key, _, _ in SURE}
    return request.GET.get("leaning", ""), sure


def _step(value: str | None) -> int:
    return int(value) if value in {str(s.number) for s in STEPS} else 1


def _step_page(
    request: HttpRequest, data: QueryDict, form: DecideForm, step: int, status: int = 200
) -> HttpResponse:
    current = STEPS[step - 1]
    carried = answers(data, leave_out=form.step_fields(step)) if form.is_bound else []
    so_far = urlencode(answers(data)) if form.is_bound else ""
    context = {
        "form": form,
        "step": current,
        "steps": STEPS,
        "last_step": LAST_STEP,
        "hidden": carried,
        "so_far": so_far,
        "show_errors": status == 422,
        "weights": WEIGHTS,
        "date_hint": DATE_HINT,
        "meta": form.kb.meta,
    }
    return render(request, f"guide/decide_step_{current.slug}.html", context, status=status)

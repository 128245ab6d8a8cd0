"""The care planner: visits over time, the effect chart, yearly cost, calendar download."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from toxfill.knowledge import bundled_knowledge
from toxfill.plan import make_plan
from toxfill.render.citations import Citations
from toxfill.render.ics import plan_ics
from toxfill.render.svg import plan_svg, plan_svg_narrow
from toxfill.web.guide.forms.plan import PlanForm
from toxfill.wording import number, usd


def plan_page(request: HttpRequest) -> HttpResponse:
    if "start" in request.GET:
        return plan_result(request)
    kb = bundled_knowledge()
    form = PlanForm(kb)
    prefilled = request.GET.getlist("treatment")
    return render(
        request,
        "guide/plan.html",
        {"form": form, "rows": (prefilled + [""] * 4)[:4], "meta": kb.meta},
    )


def plan_result(request: HttpRequest) -> HttpResponse:
    kb = bundled_knowledge()
    form = PlanForm(kb, request.GET)
    plan_request = form.request()
    if plan_request is None:
        context = {"form": form, "rows": form.rows(), "meta": kb.meta}
        return render(request, "guide/plan.html", context, status=422)
    care_plan = make_plan(kb, plan_request)
    cited = Citations(care_plan.sources).cite
    notes = [
        {
            "heading": f"{kb.options[t.option].label}: {kb.concerns[t.concern].label}"
            + (" (off-label)" if t.off_label else ""),
            "off_label": t.off_label,
            "notes": [cited(n.text, n.sources) for n in t.notes],
        }
        for t in care_plan.treatments
    ]
    visits = [
        {
            "date": v.date,
            "purpose": v.purpose,
            "treatments": [
                f"{kb.options[t.option].label} for {kb.concerns[t.concern].label.lower()}"
                + (f" ({t.purpose})" if t.purpose != v.purpose else "")
                + (" (off-label)" if t.off_label else "")
                for t in v.treatments
            ],
        }
        for v in care_plan.visits
    ]
    context = {
        "plan": care_plan,
        "off_label": [group for group in notes if group["off_label"]],
        "visits": visits,
        "notes": notes,
        "plan_notes": [cited(n.text, n.sources) for n in care_plan.notes],
        # The core escapes every text it writes into the SVG.
        "chart": mark_safe(plan_svg(care_plan, kb)),
        "chart_narrow": mark_safe(plan_svg_narrow(care_plan, kb)),
        "readings": [
            {
                "heading": f"{kb.options[t.option].label} for {kb.concerns[t.concern].label}",
                "text": t.reading,
            }
            for t in care_plan.treatments
        ],
        "query": request.GET.urlencode(),
        "visits_a_year": number(care_plan.per_year.visits),
        "cost_a_year": usd(care_plan.per_year.cost_usd.low, care_plan.per_year.cost_usd.high),
        "meta": kb.meta,
    }
    return render(request, "guide/plan_result.html", context)


def plan_calendar(request: HttpRequest) -> HttpResponse:
    kb = bundled_knowledge()
    form = PlanForm(kb, request.GET)
    plan_request = form.request()
    if plan_request is None:
        return HttpResponse(
            form.treatment_error or "Check the plan's answers.",
            status=422,
            content_type="text/plain",
        )
    response = HttpResponse(
        plan_ics(make_plan(kb, plan_request), kb), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="toxfill-care-plan.ics"'
    return response

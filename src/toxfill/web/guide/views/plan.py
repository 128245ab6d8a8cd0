"""The care planner: visits over time, the effect chart, yearly cost, calendar download."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from toxfill.plan import make_plan
from toxfill.plan.words import say
from toxfill.render.citations import Citations
from toxfill.render.ics import CalendarIdentity, plan_ics
from toxfill.render.svg import plan_svg, plan_svg_narrow
from toxfill.web.guide.forms.plan import CalendarIdentityForm, PlanForm
from toxfill.web.language import page_knowledge
from toxfill.wording import number, usd

CALENDAR_FIELDS = tuple(CalendarIdentityForm.base_fields)


def plan_page(request: HttpRequest) -> HttpResponse:
    """The form; "Change the plan" (`edit`) brings it back with the plan's answers in it."""
    if "start" in request.GET and "edit" not in request.GET:
        return plan_result(request)
    kb = page_knowledge()
    form = PlanForm(kb)
    for name in ("start", "horizon_months"):
        if request.GET.get(name):
            form.initial[name] = request.GET[name]
    prefilled = request.GET.getlist("treatment")
    context = {
        "form": form,
        # The server's date (UTC) until the visitor's device says its own: plan.js puts the
        # device's date in the field and the sentence that says which date is taken as today.
        "server_today": None if request.GET.get("start") else timezone.localdate(),
        "rows": (prefilled + [""] * 4)[:4],
        "calendar": _calendar_fields(request.GET),
        "meta": kb.meta,
    }
    return render(request, "guide/plan.html", context)


def _calendar_fields(query: QueryDict) -> dict[str, str]:
    """The plan's calendar identity from "Change the plan", kept in the form as it came when
    it is well formed (and dropped when not: a new plan starts a new identity)."""
    form = CalendarIdentityForm({name: query.get(name, "") for name in CALENDAR_FIELDS})
    form.is_valid()
    return {
        name: query.get(name, "")
        for name in CALENDAR_FIELDS
        if query.get(name) and name not in form.errors
    }


def _with_identity(query: QueryDict, identity: CalendarIdentity, digest: str) -> str:
    """The answers' query, carrying the calendar identity of this revision of the plan."""
    carried = query.copy()
    carried.setlist("plan", [str(identity.plan_id)])
    carried.setlist("rev", [str(identity.revision)])
    carried.setlist("was", [digest])
    return carried.urlencode()


def plan_result(request: HttpRequest) -> HttpResponse:
    kb = page_knowledge()
    language = kb.language
    query = request.GET.copy()
    kept = _calendar_fields(query)
    for name in CALENDAR_FIELDS:
        query.setlist(name, [kept[name]] if name in kept else [])
    form = PlanForm(kb, query)
    plan_request = form.request()
    if plan_request is None:
        context = {"form": form, "rows": form.rows(), "calendar": kept, "meta": kb.meta}
        return render(request, "guide/plan.html", context, status=422)
    care_plan = make_plan(kb, plan_request)
    identity, digest = form.calendar_identity(plan_request)
    cited = Citations(care_plan.sources).cite
    notes = [
        {
            "heading": f"{kb.options[t.option].label}: {kb.concerns[t.concern].label}"
            + (say(language, " (off-label)") if t.off_label else ""),
            "off_label": t.off_label,
            "notes": [cited(n.text, n.sources) for n in t.notes],
        }
        for t in care_plan.treatments
    ]
    visits = [
        {
            "date": v.date,
            "purpose": v.purpose,
            "purpose_said": say(language, v.purpose),
            "treatments": [
                say(
                    language,
                    "{option} for {concern}",
                    option=kb.options[t.option].label,
                    concern=kb.concerns[t.concern].label.lower(),
                )
                + (f" ({say(language, t.purpose)})" if t.purpose != v.purpose else "")
                + (say(language, " (off-label)") if t.off_label else "")
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
                "heading": say(
                    language,
                    "{option} for {concern}",
                    option=kb.options[t.option].label,
                    concern=kb.concerns[t.concern].label,
                ),
                "text": t.reading,
            }
            for t in care_plan.treatments
        ],
        "query": _with_identity(query, identity, digest),
        "visits_a_year": number(care_plan.per_year.visits),
        "cost_a_year": usd(care_plan.per_year.cost_usd.low, care_plan.per_year.cost_usd.high),
        "meta": kb.meta,
    }
    return render(request, "guide/plan_result.html", context)


def plan_calendar(request: HttpRequest) -> HttpResponse:
    kb = page_knowledge()
    form = PlanForm(kb, request.GET)
    plan_request = form.request()
    if plan_request is None:
        problems = [form.treatment_error] if form.treatment_error else []
        problems += [
            f"{name}: {' '.join(str(e) for e in errors)}" for name, errors in form.errors.items()
        ]
        return HttpResponse(
            "\n".join(problems) or _("Check the plan's answers."),
            status=422,
            content_type="text/plain",
        )
    identity, _digest = form.calendar_identity(plan_request)
    response = HttpResponse(
        plan_ics(make_plan(kb, plan_request), kb, identity),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="toxfill-care-plan.ics"'
    return response

"""The public pages, by journey: compare, decide, plan, after treatment."""

from django.urls import path

from toxfill.web.guide.views import compare, decide, plan, triage

urlpatterns = [
    path("", compare.home, name="home"),
    path("compare", compare.compare_page, name="compare"),
    path("decide", decide.decide_page, name="decide"),
    path("decide/result", decide.decide_result, name="decide-result"),
    path("decide/summary.pdf", decide.decide_summary_pdf, name="decide-summary-pdf"),
    path("plan", plan.plan_page, name="plan"),
    path("plan/result", plan.plan_result, name="plan-result"),
    path("plan/calendar.ics", plan.plan_calendar, name="plan-calendar"),
    path("after-treatment", triage.triage_page, name="triage"),
    path("after-treatment/symptoms", triage.triage_symptoms, name="triage-symptoms"),
    path("after-treatment/result", triage.triage_result, name="triage-result"),
    path("after-treatment/aftercare/<slug:option_id>", triage.aftercare_page, name="aftercare"),
    path("emergency-number", triage.choose_country, name="emergency-number"),
]

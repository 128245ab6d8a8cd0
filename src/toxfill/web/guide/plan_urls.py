from django.urls import path

from toxfill.web.guide import plan_views

urlpatterns = [
    path("plan", plan_views.plan_page, name="plan"),
    path("plan/result", plan_views.plan_result, name="plan-result"),
    path("plan/calendar.ics", plan_views.plan_calendar, name="plan-calendar"),
]

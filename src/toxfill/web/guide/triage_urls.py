from django.urls import path

from toxfill.web.guide import triage_views

urlpatterns = [
    path("after-treatment", triage_views.triage_page, name="triage"),
    path("after-treatment/symptoms", triage_views.triage_symptoms, name="triage-symptoms"),
    path("after-treatment/result", triage_views.triage_result, name="triage-result"),
    path(
        "after-treatment/aftercare/<slug:option_id>",
        triage_views.aftercare_page,
        name="aftercare",
    ),
    path("emergency-number", triage_views.choose_country, name="emergency-number"),
]

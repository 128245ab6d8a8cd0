from django.urls import path

from toxfill.web.patient_link import report, review, shlink_views, views, workspace

urlpatterns = [
    path("p/", views.passport_page, name="patient-link-passport"),
    path("p/passport.pdf", views.passport_pdf, name="patient-link-pdf"),
    path("p/passport.fhir.json", views.passport_fhir, name="patient-link-fhir"),
    path("p/passport.smart-health-card", views.passport_card, name="patient-link-card"),
    path("p/plan", views.plan_page, name="patient-link-plan"),
    path("p/report", report.report_page, name="patient-link-report"),
    path("p/review", review.review_page, name="patient-link-review"),
    path("p/leave", views.leave, name="patient-link-leave"),
    path("p/calendar/<str:signed>.ics", views.calendar, name="patient-link-calendar"),
    path("p/stop-sharing", views.stop_sharing, name="patient-link-stop-sharing"),
    path("p/share", views.share_with_passcode, name="patient-link-share"),
    path("p/<str:token>", views.open_token, name="patient-link-open"),
    path("shl/file/<str:ticket>", shlink_views.file, name="health-link-file"),
    path("shl/<str:clinic>/<str:manifest_id>", shlink_views.manifest, name="health-link-manifest"),
    path(
        "clinics/<uuid:clinic_id>/.well-known/jwks.json",
        workspace.jwks,
        name="patient-link-jwks",
    ),
    path(
        "clinic/<uuid:clinic>/patients/<uuid:patient_id>/links",
        workspace.patient_links,
        name="patient-links",
    ),
    path(
        "clinic/<uuid:clinic>/passports/import",
        workspace.import_passport,
        name="passport-import",
    ),
]

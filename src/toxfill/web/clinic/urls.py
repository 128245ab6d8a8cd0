"""The clinic workspace's pages, under /clinic/ (the JSON API is under /api/v1/clinic/)."""

from __future__ import annotations

from django.urls import path

from toxfill.web.clinic.views import (
    charting,
    dashboard,
    events,
    exports,
    followups,
    lots,
    patients,
    photos,
    reports,
    sessions,
    signin,
)

app_name = "clinic"

C = "<uuid:clinic>/"

urlpatterns = [
    path("", signin.home, name="home"),
    path("sign-in/", signin.SignIn.as_view(), name="login"),
    path("sign-out/", signin.SignOut.as_view(), name="logout"),
    path(C, dashboard.dashboard, name="dashboard"),
    path(C + "patients/", patients.patients, name="patients"),
    path(C + "patients/<uuid:patient_id>/", patients.patient, name="patient"),
    path(C + "patients/<uuid:patient_id>/chart/", charting.chart, name="chart"),
    path(
        C + "patients/<uuid:patient_id>/history/", patients.patient_history, name="patient-history"
    ),
    path(C + "patients/<uuid:patient_id>/fhir.json", exports.patient_fhir, name="patient-fhir"),
    path(C + "patients/<uuid:patient_id>/photos/", photos.photos, name="photos"),
    path(C + "photos/<uuid:photo_id>/<str:size>.jpg", photos.photo_file, name="photo-file"),
    path(C + "lots/scan", charting.scan, name="scan"),
    path(C + "sessions/<uuid:session_id>/", sessions.session, name="session"),
    path(C + "sessions/<uuid:session_id>/events/new/", events.new_event, name="event-new"),
    path(C + "events/", events.events, name="events"),
    path(C + "events/<uuid:event_id>/", events.event, name="event"),
    path(C + "events/<uuid:event_id>/medwatch.txt", events.medwatch, name="medwatch"),
    path(C + "lots/", lots.lots, name="lots"),
    path(C + "lots/<uuid:lot_id>/", lots.lot, name="lot"),
    path(C + "lots/<uuid:lot_id>/recall.csv", lots.recall_csv, name="recall-csv"),
    path(C + "follow-ups/", followups.followups, name="followups"),
    path(C + "follow-ups/<uuid:followup_id>/status", followups.set_status, name="followup-status"),
    path(C + "follow-ups.ics", followups.calendar, name="followups-ics"),
    path(C + "follow-ups/feed.ics", followups.calendar_feed, name="followups-feed"),
    path(C + "reports/", reports.reports, name="reports"),
    path(C + "exports/", exports.exports, name="exports"),
    path(C + "exports/sessions.csv", exports.sessions_csv, name="sessions-csv"),
    path(C + "exports/points.csv", exports.points_csv, name="points-csv"),
]

"""The clinic workspace's pages, under /clinic/ (the JSON API is under /api/v1/clinic/)."""

from __future__ import annotations

from django.urls import path

from toxfill.web.clinic.views import (
    access_log,
    calendar,
    charting,
    dashboard,
    events,
    exports,
    followups,
    invitations,
    lots,
    members,
    patient_edit,
    patients,
    photos,
    recall,
    reports,
    second_step,
    sessions,
    signin,
    two_factor,
)

app_name = "clinic"

C = "<uuid:clinic>/"

urlpatterns = [
    path("", signin.home, name="home"),
    path("sign-in/", signin.SignIn.as_view(), name="login"),
    path("sign-out/", signin.SignOut.as_view(), name="logout"),
    path("set-password/<uidb64>/<token>/", signin.SetPassword.as_view(), name="set-password"),
    path("sign-in/second-step/", second_step.second_step, name="second-step"),
    path("sign-in/passkey/options", second_step.passkey_options, name="signin-passkey-options"),
    path("sign-in/passkey", second_step.passkey_answer, name="signin-passkey"),
    path("two-factor/", two_factor.two_factor, name="two-factor"),
    path("two-factor/app/", two_factor.authenticator_app, name="two-factor-app"),
    path("two-factor/app/remove", two_factor.remove_app, name="two-factor-app-remove"),
    path("two-factor/passkeys/options", two_factor.passkey_options, name="passkey-options"),
    path("two-factor/passkeys/add", two_factor.add_passkey, name="passkey-add"),
    path("two-factor/passkeys/remove", two_factor.remove_passkey, name="passkey-remove"),
    path("two-factor/recovery-codes", two_factor.recovery_codes, name="recovery-codes"),
    path("invitations/<uuid:invitation_id>/accept", invitations.accept, name="accept"),
    path("invitations/<uuid:invitation_id>/decline", invitations.decline, name="decline"),
    path(C, dashboard.dashboard, name="dashboard"),
    path(C + "patients/", patients.patients, name="patients"),
    path(C + "patients/<uuid:patient_id>/", patients.patient, name="patient"),
    path(C + "patients/<uuid:patient_id>/edit/", patient_edit.edit_patient, name="patient-edit"),
    path(C + "patients/<uuid:patient_id>/chart/", charting.chart, name="chart"),
    path(
        C + "patients/<uuid:patient_id>/history/", patients.patient_history, name="patient-history"
    ),
    path(C + "patients/<uuid:patient_id>/fhir.json", exports.patient_fhir, name="patient-fhir"),
    path(C + "patients/<uuid:patient_id>/photos/", photos.photos, name="photos"),
    path(C + "photos/<uuid:photo_id>/<str:size>.jpg", photos.photo_file, name="photo-file"),
    path(C + "lots/scan", charting.scan, name="scan"),
    path(C + "lots/read-label", lots.read_label_json, name="read-label"),
    path(C + "sessions/<uuid:session_id>/", sessions.session, name="session"),
    path(C + "sessions/<uuid:session_id>/events/new/", events.new_event, name="event-new"),
    path(C + "events/", events.events, name="events"),
    path(C + "events/<uuid:event_id>/", events.event, name="event"),
    path(C + "events/<uuid:event_id>/medwatch.txt", events.medwatch, name="medwatch"),
    path(C + "events/<uuid:event_id>/medwatch.pdf", events.medwatch_pdf, name="medwatch-pdf"),
    path(C + "lots/", lots.lots, name="lots"),
    path(C + "lots/<uuid:lot_id>/", lots.lot, name="lot"),
    path(C + "lots/<uuid:lot_id>/recall.csv", lots.recall_csv, name="recall-csv"),
    path(
        C + "lots/<uuid:lot_id>/recall/<uuid:patient_id>/reached",
        recall.mark_contacted,
        name="recall-reached",
    ),
    path(C + "follow-ups/", followups.followups, name="followups"),
    path(C + "follow-ups/<uuid:followup_id>/status", followups.set_status, name="followup-status"),
    path(C + "follow-ups.ics", calendar.calendar, name="followups-ics"),
    path(C + "follow-ups/feed.ics", calendar.calendar_feed, name="followups-feed"),
    path(C + "follow-ups/feed/new", calendar.make_feed, name="feed-new"),
    path(C + "follow-ups/feed/stop", calendar.stop_feed, name="feed-stop"),
    path(C + "follow-ups/calendar-names", calendar.calendar_names, name="calendar-names"),
    path(C + "members/", members.members, name="members"),
    path(C + "members/invite", members.invite, name="invite"),
    path(C + "members/two-factor", members.require_two_factor, name="require-two-factor"),
    path(C + "members/phone", members.clinic_phone, name="clinic-phone"),
    path(C + "invitations/<uuid:invitation_id>/withdraw", members.withdraw, name="withdraw"),
    path(C + "reports/", reports.reports, name="reports"),
    path(C + "access-log/", access_log.access_log, name="access-log"),
    path(C + "exports/", exports.exports, name="exports"),
    path(C + "exports/sessions.csv", exports.sessions_csv, name="sessions-csv"),
    path(C + "exports/points.csv", exports.points_csv, name="points-csv"),
]

"""Follow-up adherence: a follow-up done records the day it was kept, a later session of the
same treatment keeps the patient's open follow-ups, and the reports count those kept on time
(no later than a week after the due date), kept late and not kept."""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from toxfill.errors import InputError
from toxfill.web.clinic.actions.followups import (
    KEEP_EARLY_DAYS,
    REVIEW_LATE_DAYS,
    keep_followups_for_session,
    set_followup_status,
    void_followup,
)
from toxfill.web.clinic.actions.patients import register_patient
from toxfill.web.clinic.actions.sessions import PointInput, chart_session
from toxfill.web.clinic.demo import load_demo
from toxfill.web.clinic.models import (
    FollowUp,
    FollowUpStatus,
    Membership,
    Patient,
    ProductLot,
    TreatmentSession,
)
from toxfill.web.clinic.models.followups import ON_TIME_GRACE_DAYS, kept_on_time

ZONE = ZoneInfo("America/New_York")  # Riverside's
TODAY = timezone.now().astimezone(ZONE).date()
DAY = dt.timedelta(days=1)
TOXIN = "botulinum-toxin"


def _url(member: Membership, path: str) -> str:
    return f"/clinic/{member.clinic.public_id}/{path}"


def _followup(
    patient: Patient,
    due_on: dt.date,
    *,
    status: str = FollowUpStatus.DUE,
    completed_on: dt.date | None = None,
    option: str = TOXIN,
    made_days_ago: int = 120,
    purpose: str = "maintenance",
) -> FollowUp:
    """A follow-up written directly, made `made_days_ago` (by hand, with no session)."""
    return FollowUp.objects.create(
        clinic_id=patient.clinic_id,
        patient=patient,
        due_on=due_on,
        option=option,
        purpose=purpose,
        status=status,
        completed_on=completed_on,
        created_at=timezone.now() - dt.timedelta(days=made_days_ago),
    )


# -- on time: the rule -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kept_after_due", "on_time"),
    [
        pytest.param(-21, True, id="kept_three_weeks_early"),
        pytest.param(0, True, id="kept_on_the_due_date"),
        pytest.param(ON_TIME_GRACE_DAYS, True, id="kept_on_the_last_day_of_grace"),
        pytest.param(ON_TIME_GRACE_DAYS + 1, False, id="kept_a_day_after_the_grace"),
    ],
)
def test_it_counts_a_follow_up_on_time_until_the_grace_is_over(
    kept_after_due: int, on_time: bool
) -> None:
    due = dt.date(2026, 3, 2)
    assert kept_on_time(due, due + kept_after_due * DAY) is on_time


# -- the reports -------------------------------------------------------------------------

SETTLED = TODAY - 30 * DAY  # due a month ago: its grace is over


@pytest.mark.parametrize(
    ("due_on", "status", "kept_after_due", "bucket"),
    [
        pytest.param(SETTLED, "done", 0, "on_time", id="kept_on_the_due_date"),
        pytest.param(SETTLED, "done", -5, "on_time", id="kept_early"),
        pytest.param(SETTLED, "done", ON_TIME_GRACE_DAYS, "on_time", id="kept_last_grace_day"),
        pytest.param(SETTLED, "done", ON_TIME_GRACE_DAYS + 1, "late", id="kept_day_after_grace"),
        pytest.param(SETTLED, "done", None, "undated", id="done_before_dates_were_kept"),
        pytest.param(SETTLED, "missed", None, "not_kept", id="missed"),
        pytest.param(SETTLED, "due", None, "not_kept", id="still_open_after_its_grace"),
        pytest.param(SETTLED, "booked", None, "not_kept", id="booked_never_closed"),
        pytest.param(
            TODAY - (ON_TIME_GRACE_DAYS + 1) * DAY, "due", None, "not_kept", id="grace_just_over"
        ),
        pytest.param(
            TODAY - ON_TIME_GRACE_DAYS * DAY, "due", None, "within_grace", id="last_grace_day"
        ),
        pytest.param(TODAY - DAY, "done", 0, "within_grace", id="kept_yesterday_on_time"),
    ],
)
def test_it_reports_each_follow_up_in_one_bucket(
    due_on: dt.date,
    status: str,
    kept_after_due: int | None,
    bucket: str,
    manager: Membership,
    patient: Patient,
    client_for: Callable[[Membership], Client],
) -> None:
    # given one follow-up
    kept = None if kept_after_due is None else due_on + kept_after_due * DAY
    _followup(patient, due_on, status=status, completed_on=kept)
    # when the manager opens the reports
    adherence = client_for(manager).get(_url(manager, "reports/")).context["adherence"]
    # then it is counted once, where it belongs
    buckets = ("on_time", "late", "undated", "not_kept", "within_grace")
    assert {b: adherence[b] for b in buckets} == {b: int(b == bucket) for b in buckets}
    assert adherence["due"] == (0 if bucket == "within_grace" else 1)


def test_it_leaves_cancelled_and_voided_follow_ups_out_of_adherence(
    manager: Membership,
    front_desk: Membership,
    patient: Patient,
    client_for: Callable[[Membership], Client],
) -> None:
    _followup(patient, SETTLED, status=FollowUpStatus.CANCELLED)
    voided = _followup(patient, SETTLED)
    void_followup(front_desk, voided.public_id, version=voided.version, reason="entered twice")
    _followup(patient, SETTLED, status=FollowUpStatus.DONE, completed_on=SETTLED)

    adherence = client_for(manager).get(_url(manager, "reports/")).context["adherence"]

    assert (adherence["due"], adherence["on_time"], adherence["share"]) == (1, 1, 100)


def test_it_shows_the_split_and_the_share_kept_on_time(
    manager: Membership, patient: Patient, client_for: Callable[[Membership], Client]
) -> None:
    # given two kept on time, one kept late and one missed
    for kept_after_due in (0, 2, 20):
        kept = SETTLED - 20 * DAY + kept_after_due * DAY
        _followup(patient, SETTLED - 20 * DAY, status="done", completed_on=kept)
    _followup(patient, SETTLED, status=FollowUpStatus.MISSED)

    html = client_for(manager).get(_url(manager, "reports/")).content.decode()

    assert "<strong>50%</strong> of the 4 follow-ups due were kept on time" in html
    assert "Kept on time: 2" in html
    assert "Kept late: 1" in html
    assert "Not kept: 1" in html


def test_it_counts_adherence_in_the_same_queries_for_1_or_30_follow_ups(
    manager: Membership, patient: Patient, client_for: Callable[[Membership], Client]
) -> None:
    client = client_for(manager)
    _followup(patient, SETTLED, status="done", completed_on=SETTLED)
    client.get(_url(manager, "reports/"))  # warm: the session, the knowledge base
    with CaptureQueriesContext(connection) as one:
        client.get(_url(manager, "reports/"))
    for n in range(29):
        _followup(patient, SETTLED - n * DAY, status="done", completed_on=SETTLED)

    with CaptureQueriesContext(connection) as thirty:
        adherence = client.get(_url(manager, "reports/")).context["adherence"]

    assert adherence["due"] == 30
    assert len(thirty) == len(one)


# -- marking done with the day it was kept -----------------------------------------------


def test_it_records_today_as_the_day_kept_unless_told(
    front_desk: Membership, patient: Patient
) -> None:
    followup = _followup(patient, TODAY - 3 * DAY)

    done = set_followup_status(
        front_desk, followup.public_id, version=followup.version, status="done"
    )

    assert done.completed_on == TODAY


def test_it_records_the_day_kept_it_is_given(front_desk: Membership, patient: Patient) -> None:
    followup = _followup(patient, TODAY - 30 * DAY)

    done = set_followup_status(
        front_desk,
        followup.public_id,
        version=followup.version,
        status="done",
        completed_on=TODAY - 25 * DAY,
    )

    done.refresh_from_db()
    assert done.completed_on == TODAY - 25 * DAY
    assert done.history.first().completed_on == TODAY - 25 * DAY


def test_it_clears_the_day_kept_when_reopened(front_desk: Membership, patient: Patient) -> None:
    followup = _followup(patient, TODAY, status="done", completed_on=TODAY)

    reopened = set_followup_status(
        front_desk, followup.public_id, version=followup.version, status="booked"
    )

    reopened.refresh_from_db()
    assert reopened.completed_on is None


@pytest.mark.parametrize(
    ("status", "completed_on", "says"),
    [
        pytest.param("done", TODAY + DAY, "cannot be in the future", id="tomorrow"),
        pytest.param("done", TODAY - 200 * DAY, "before the follow-up was made", id="too_soon"),
        pytest.param("booked", TODAY, "only when marking the follow-up done", id="not_done"),
    ],
)
def test_it_refuses_a_day_kept_naming_the_field_and_what_would_do(
    status: str, completed_on: dt.date, says: str, front_desk: Membership, patient: Patient
) -> None:
    followup = _followup(patient, TODAY - 30 * DAY, made_days_ago=120)

    with pytest.raises(InputError) as refused:
        set_followup_status(
            front_desk,
            followup.public_id,
            version=followup.version,
            status=status,
            completed_on=completed_on,
        )

    assert refused.value.field == "completed_on"
    assert says in refused.value.problem
    followup.refresh_from_db()
    assert (followup.status, followup.completed_on) == ("due", None)


def test_it_says_which_days_would_do(front_desk: Membership, patient: Patient) -> None:
    followup = _followup(patient, TODAY - 30 * DAY, made_days_ago=120)
    made = (timezone.now() - dt.timedelta(days=120)).astimezone(ZONE).date()

    with pytest.raises(InputError) as refused:
        set_followup_status(
            front_desk,
            followup.public_id,
            version=followup.version,
            status="done",
            completed_on=made - DAY,
        )

    assert f"from {made.day} {made:%b %Y} to {TODAY.day} {TODAY:%b %Y}" in refused.value.problem


def test_it_dates_a_session_follow_up_from_the_session_day(
    front_desk: Membership, charted: TreatmentSession
) -> None:
    # given the follow-up of a session 10 days ago, written into the system today
    followup = charted.followups.get()
    session_day = charted.performed_at.astimezone(ZONE).date()
    # then the session day is a valid day kept, the day before is not
    with pytest.raises(InputError):
        set_followup_status(
            front_desk,
            followup.public_id,
            version=followup.version,
            status="done",
            completed_on=session_day - DAY,
        )
    done = set_followup_status(
        front_desk,
        followup.public_id,
        version=followup.version,
        status="done",
        completed_on=session_day,
    )
    assert done.completed_on == session_day


# -- a later session keeps the open follow-ups -------------------------------------------


def _chart_today(provider: Membership, patient: Patient, lot: ProductLot) -> TreatmentSession:
    return chart_session(
        provider,
        patient.public_id,
        performed_at=timezone.now() - dt.timedelta(minutes=5),
        points=[PointInput(zone="glabella", product="botox", lot=lot.public_id, dose=Decimal(20))],
    )


@pytest.mark.parametrize(
    ("due_in_days", "changes", "kept"),
    [
        pytest.param(0, {}, True, id="due_today"),
        pytest.param(21, {}, True, id="due_three_weeks_on"),
        pytest.param(KEEP_EARLY_DAYS, {}, True, id="due_at_the_window_edge"),
        # an early retreatment replaces the recall it came before (issue 22)
        pytest.param(KEEP_EARLY_DAYS + 1, {}, True, id="recall_past_the_window_replaced"),
        pytest.param(90, {}, True, id="recall_three_months_on_replaced"),
        pytest.param(90, {"purpose": "review"}, False, id="check_up_months_on_left"),
        pytest.param(90, {"made_days_ago": 0}, False, id="recall_made_today_left"),
        pytest.param(-60, {}, True, id="maintenance_two_months_late"),
        pytest.param(-60, {"purpose": "course"}, True, id="course_session_two_months_late"),
        pytest.param(-REVIEW_LATE_DAYS, {"purpose": "review"}, True, id="check_up_4_weeks_late"),
        pytest.param(
            -REVIEW_LATE_DAYS - 1, {"purpose": "review"}, False, id="check_up_past_its_window"
        ),
        pytest.param(5, {"status": "booked"}, True, id="booked"),
        pytest.param(5, {"status": "missed"}, False, id="already_missed"),
        pytest.param(5, {"status": "cancelled"}, False, id="cancelled"),
        pytest.param(5, {"option": "ha-filler"}, False, id="another_treatment"),
        pytest.param(5, {"option": ""}, False, id="made_by_hand_with_no_treatment"),
        pytest.param(5, {"made_days_ago": 0}, False, id="made_today"),
    ],
)
def test_a_session_keeps_the_patients_open_follow_ups_of_its_treatment(
    due_in_days: int,
    changes: dict[str, Any],
    kept: bool,
    provider: Membership,
    patient: Patient,
    botox_lot: ProductLot,
) -> None:
    # given one open follow-up of Ana's
    followup = _followup(patient, TODAY + due_in_days * DAY, **changes)
    status = followup.status
    # when a toxin session is charted today and its follow-ups are kept
    session = _chart_today(provider, patient, botox_lot)
    keep_followups_for_session(provider, session)
    # then it is done, kept today, or left as it was
    followup.refresh_from_db()
    if kept:
        assert (followup.status, followup.completed_on) == ("done", TODAY)
        assert str(session.public_id) in followup.history.first().history_change_reason
    else:
        assert (followup.status, followup.completed_on) == (status, None)


def test_an_early_retreatment_replaces_only_the_next_recall(
    provider: Membership, patient: Patient, botox_lot: ProductLot
) -> None:
    # given two toxin recalls, both due well after today
    first = _followup(patient, TODAY + 60 * DAY)
    later = _followup(patient, TODAY + 150 * DAY)
    # when Ana comes back early and a toxin session is charted
    session = _chart_today(provider, patient, botox_lot)
    # then the next recall is closed as kept early, and the one after is left
    first.refresh_from_db()
    later.refresh_from_db()
    assert (first.status, first.completed_on) == ("done", TODAY)
    assert "came before it was due" in first.history.first().history_change_reason
    assert str(session.public_id) in first.history.first().history_change_reason
    assert later.status == "due"


def test_a_retreatment_in_the_window_replaces_no_further_recall(
    provider: Membership, patient: Patient, botox_lot: ProductLot
) -> None:
    in_window = _followup(patient, TODAY + 7 * DAY)
    further = _followup(patient, TODAY + 100 * DAY)

    _chart_today(provider, patient, botox_lot)

    in_window.refresh_from_db()
    further.refresh_from_db()
    assert in_window.status == "done"
    assert further.status == "due"


def test_a_session_leaves_another_patients_follow_ups(
    provider: Membership, front_desk: Membership, patient: Patient, botox_lot: ProductLot
) -> None:
    ben = register_patient(
        front_desk, given_name="Ben", family_name="Okafor", date_of_birth=dt.date(1980, 5, 1)
    )
    bens = _followup(ben, TODAY)

    keep_followups_for_session(provider, _chart_today(provider, patient, botox_lot))

    bens.refresh_from_db()
    assert bens.status == "due"


def test_a_session_leaves_voided_follow_ups(
    provider: Membership, front_desk: Membership, patient: Patient, botox_lot: ProductLot
) -> None:
    voided = _followup(patient, TODAY)
    void_followup(front_desk, voided.public_id, version=voided.version, reason="entered twice")

    keep_followups_for_session(provider, _chart_today(provider, patient, botox_lot))

    voided.refresh_from_db()
    assert voided.status == "due"


def test_a_session_does_not_keep_its_own_new_follow_ups(
    provider: Membership, patient: Patient, botox_lot: ProductLot
) -> None:
    # given a first toxin session: the planner gives a check-up in two weeks (in the window)
    session = _chart_today(provider, patient, botox_lot)
    own = list(session.followups.values_list("status", flat=True))
    assert own
    # when its follow-ups are kept
    kept = keep_followups_for_session(provider, session)
    # then its own are still due
    assert kept == []
    assert set(session.followups.values_list("status", flat=True)) == {"due"}


def test_charting_keeps_them_and_keeping_again_changes_nothing(
    provider: Membership, patient: Patient, botox_lot: ProductLot
) -> None:
    followup = _followup(patient, TODAY)
    session = _chart_today(provider, patient, botox_lot)

    # charting the session kept it (actions.sessions.chart_session calls the keeper)
    followup.refresh_from_db()
    assert followup.status == FollowUpStatus.DONE
    assert followup.completed_on == TODAY
    assert keep_followups_for_session(provider, session) == []


# -- the API -----------------------------------------------------------------------------


def test_the_api_marks_done_with_the_day_kept_and_lists_it(
    front_desk: Membership,
    charted: TreatmentSession,
    client_for: Callable[[Membership], Client],
    at: Callable[[Membership, str], str],
) -> None:
    client = client_for(front_desk)
    followup = charted.followups.get()
    kept = TODAY - 2 * DAY

    response = client.patch(
        at(front_desk, f"/followups/{followup.public_id}"),
        {"version": followup.version, "status": "done", "completed_on": kept.isoformat()},
        content_type="application/json",
    )

    assert response.status_code == 200, response.content
    assert response.json()["completed_on"] == kept.isoformat()
    listed = client.get(at(front_desk, "/followups?status=done")).json()["results"]
    assert [f["completed_on"] for f in listed] == [kept.isoformat()]


def test_the_api_gives_no_day_kept_for_an_open_follow_up(
    front_desk: Membership,
    charted: TreatmentSession,
    client_for: Callable[[Membership], Client],
    at: Callable[[Membership, str], str],
) -> None:
    listed = client_for(front_desk).get(at(front_desk, "/followups")).json()["results"]

    assert listed[0]["completed_on"] is None


def test_the_api_refuses_a_day_kept_in_the_future_naming_the_field(
    front_desk: Membership,
    charted: TreatmentSession,
    client_for: Callable[[Membership], Client],
    at: Callable[[Membership, str], str],
) -> None:
    followup = charted.followups.get()

    response = client_for(front_desk).patch(
        at(front_desk, f"/followups/{followup.public_id}"),
        {"version": followup.version, "status": "done", "completed_on": "2099-01-01"},
        content_type="application/json",
    )

    assert response.status_code == 422
    error = response.json()["detail"][0]
    assert error["loc"][-1] == "completed_on"
    assert "future" in error["msg"]


# -- the follow-ups page -----------------------------------------------------------------


def test_the_page_offers_today_as_the_day_kept(
    front_desk: Membership, charted: TreatmentSession, client_for: Callable[[Membership], Client]
) -> None:
    html = client_for(front_desk).get(_url(front_desk, "follow-ups/")).content.decode()

    assert f'name="completed_on" value="{TODAY.isoformat()}"' in html


def test_the_page_marks_done_on_the_day_given_and_shows_it(
    front_desk: Membership, charted: TreatmentSession, client_for: Callable[[Membership], Client]
) -> None:
    followup = charted.followups.get()
    kept = TODAY - DAY

    response = client_for(front_desk).post(
        _url(front_desk, f"follow-ups/{followup.public_id}/status"),
        {"version": followup.version, "status": "done", "completed_on": kept.isoformat()},
        HTTP_HX_REQUEST="true",
    )

    followup.refresh_from_db()
    assert (followup.status, followup.completed_on) == ("done", kept)
    assert f"Done, kept {kept.day} {kept:%b %Y}" in response.content.decode()


def test_the_page_ignores_the_day_for_another_status(
    front_desk: Membership, charted: TreatmentSession, client_for: Callable[[Membership], Client]
) -> None:
    followup = charted.followups.get()

    client_for(front_desk).post(
        _url(front_desk, f"follow-ups/{followup.public_id}/status"),
        {"version": followup.version, "status": "booked", "completed_on": TODAY.isoformat()},
    )

    followup.refresh_from_db()
    assert (followup.status, followup.completed_on) == ("booked", None)


def test_the_page_refuses_a_day_in_the_future_and_says_why(
    front_desk: Membership, charted: TreatmentSession, client_for: Callable[[Membership], Client]
) -> None:
    followup = charted.followups.get()
    url = _url(front_desk, f"follow-ups/{followup.public_id}/status")
    body = {"version": followup.version, "status": "done", "completed_on": "2099-01-01"}
    client = client_for(front_desk)

    in_place = client.post(url, body, HTTP_HX_REQUEST="true").content.decode()
    whole_page = client.post(url, body)

    assert "Not saved: the date kept cannot be in the future" in in_place
    assert whole_page.status_code == 422
    assert "Not saved: the date kept cannot be in the future" in whole_page.content.decode()
    followup.refresh_from_db()
    assert followup.status == "due"


def test_the_page_says_a_day_kept_that_is_not_a_date_is_not_one(
    front_desk: Membership, charted: TreatmentSession, client_for: Callable[[Membership], Client]
) -> None:
    followup = charted.followups.get()

    response = client_for(front_desk).post(
        _url(front_desk, f"follow-ups/{followup.public_id}/status"),
        {"version": followup.version, "status": "done", "completed_on": "last tuesday"},
        HTTP_HX_REQUEST="true",
    )

    assert "Not saved: the date kept must be a date" in response.content.decode()


def test_the_row_says_a_follow_up_was_kept_late(
    front_desk: Membership, patient: Patient, client_for: Callable[[Membership], Client]
) -> None:
    followup = _followup(patient, SETTLED)

    response = client_for(front_desk).post(
        _url(front_desk, f"follow-ups/{followup.public_id}/status"),
        {"version": followup.version, "status": "done", "completed_on": TODAY.isoformat()},
        HTTP_HX_REQUEST="true",
    )

    assert "<strong>(late)</strong>" in response.content.decode()


# -- follow-ups done before the day kept was recorded ------------------------------------


def test_the_migration_dates_done_follow_ups_from_their_history(
    front_desk: Membership, patient: Patient
) -> None:
    # given a follow-up marked done through the actions, whose day kept is then lost
    followup = _followup(patient, TODAY - 3 * DAY)
    set_followup_status(front_desk, followup.public_id, version=followup.version, status="done")
    FollowUp.objects.filter(pk=followup.pk).update(completed_on=None)
    # when the migration fills the day in
    migration = importlib.import_module("toxfill.web.clinic.migrations.0003_followup_completed_on")
    migration.date_kept_from_history(apps, None)
    # then it is the day it was marked done, in the clinic's time zone
    followup.refresh_from_db()
    assert followup.completed_on == TODAY


# -- the demo clinic ---------------------------------------------------------------------


@pytest.mark.django_db
def test_the_demo_clinic_shows_a_real_split() -> None:
    load_demo(patients=12)

    done = FollowUp.objects.filter(status="done")
    kept = [kept_on_time(f.due_on, f.completed_on) for f in done if f.completed_on]
    assert len(kept) == done.count()
    assert kept.count(True) > kept.count(False) > 0
    assert FollowUp.objects.filter(status="missed").exists()

"""Follow-up reminders: emailed once, a set number of days before due, without health
details in the email or the log; the scheduled Huey task sends them."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import pytest
from tests.web.clinic.people import join

from toxfill.web.clinic.actions.reminders import REMINDED, remind_followups
from toxfill.web.clinic.history import ActorKind, patient_record_changes
from toxfill.web.clinic.models import FollowUp, Membership, TreatmentSession
from toxfill.web.clinic.tasks import send_followup_reminders


def _due_in(charted: TreatmentSession, days: int) -> FollowUp:
    followup = charted.followups.get()
    followup.due_on = dt.date.today() + dt.timedelta(days=days)
    followup.save(update_fields=["due_on"])
    return followup


def test_it_emails_the_patient_days_before_due(charted: TreatmentSession, mailoutbox: Any) -> None:
    # given a follow-up due in 3 days
    _due_in(charted, 3)
    # when the reminders run with a 3-day lead
    sent = remind_followups(on=dt.date.today(), days_before=3)
    # then Ana gets one email naming the clinic and the day, but no treatment
    assert sent == 1
    assert mailoutbox[0].to == ["ana@example.org"]
    assert "Riverside" in mailoutbox[0].subject
    assert "botulinum" not in mailoutbox[0].body.lower()


def test_it_reminds_each_follow_up_once(charted: TreatmentSession, mailoutbox: Any) -> None:
    _due_in(charted, 2)
    remind_followups(on=dt.date.today(), days_before=3)
    assert remind_followups(on=dt.date.today(), days_before=3) == 0
    assert len(mailoutbox) == 1


def test_it_waits_until_the_lead_time(charted: TreatmentSession, mailoutbox: Any) -> None:
    _due_in(charted, 10)
    assert remind_followups(on=dt.date.today(), days_before=3) == 0
    assert mailoutbox == []


def test_it_logs_without_health_details(
    charted: TreatmentSession, mailoutbox: Any, caplog: pytest.LogCaptureFixture
) -> None:
    followup = _due_in(charted, 1)
    with caplog.at_level(logging.INFO, logger="toxfill.reminders"):
        remind_followups(on=dt.date.today(), days_before=3)
    assert str(followup.public_id) in caplog.text
    assert "ana" not in caplog.text.lower()
    assert "botulinum" not in caplog.text.lower()


def test_it_sends_them_from_the_scheduled_task(charted: TreatmentSession, mailoutbox: Any) -> None:
    _due_in(charted, 3)
    assert send_followup_reminders.call_local() == 1


def test_a_reminder_sent_is_in_the_follow_ups_history_by_toxfill(
    charted: TreatmentSession, mailoutbox: Any, manager: Membership
) -> None:
    # given a follow-up due in 2 days; when the scheduler reminds the patient
    followup = _due_in(charted, 2)
    remind_followups(on=dt.date.today(), days_before=3)
    # then the follow-up's history has the change, made by toxfill itself, with why
    changes = patient_record_changes(join(manager, "audrey", "auditor"), charted.patient)
    (reminded,) = [c for c in changes if any(f.field == "reminded_at" for f in c.fields)]
    assert reminded.record.id == followup.public_id
    assert reminded.actor.kind == ActorKind.SYSTEM
    assert reminded.reason == REMINDED

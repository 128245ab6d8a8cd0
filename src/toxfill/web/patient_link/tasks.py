"""Scheduled work of the patient link, run by Huey's consumer beside clinic/tasks.py (its
`run_huey` finds every app's tasks module)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from toxfill.web.patient_link.actions import email_all_waiting_reports


@db_periodic_task(crontab(minute="*/5"))  # type: ignore[untyped-decorator]
def send_waiting_report_emails() -> int:
    """Every five minutes: a provider's reports held back by the email interval go out once
    it has passed, counted in one email, even when no later report comes to send it."""
    return email_all_waiting_reports()

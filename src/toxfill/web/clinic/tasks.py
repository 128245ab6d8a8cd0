"""Scheduled work, run by Huey's consumer: `toxfill serve` starts it beside gunicorn
(gunicorn_conf.py), or, with TOXFILL_WORKER=0, `toxfill-manage run_huey` as its own service.
Its queue is in SQLite by default (no extra service), in Redis with TOXFILL_REDIS_URL."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from toxfill.web.clinic.actions.idempotency import forget_old_idempotency_keys
from toxfill.web.clinic.actions.reminders import remind_followups
from toxfill.web.clinic.audit_verify import log_chain_heads
from toxfill.web.clinic.forgotten_password import email_reset_link


@db_periodic_task(crontab(minute="0", hour="*"))  # type: ignore[untyped-decorator]
def send_followup_reminders() -> int:
    """Hourly: each follow-up is reminded once, so a missed hour only delays it."""
    days: int = settings.TOXFILL_REMINDER_DAYS
    return remind_followups(on=timezone.now().date(), days_before=days)


@db_periodic_task(crontab(minute="30", hour="*"))  # type: ignore[untyped-decorator]
def forget_idempotency_keys() -> int:
    """Hourly: stored answers (which may name patients) are kept a day, not for ever."""
    return forget_old_idempotency_keys()


@db_periodic_task(crontab(minute="45", hour="*"))  # type: ignore[untyped-decorator]
def log_audit_chain_heads() -> int:
    """Hourly: each clinic's chain head in the log, for a separate system to keep."""
    return log_chain_heads()


@db_task()  # type: ignore[untyped-decorator]
def email_password_reset_link(user_id: int, site: str) -> bool:
    """A forgotten-password link, sent here and not in the request, so the page answers as
    fast whether or not the address belongs to anyone (clinic/forgotten_password.py)."""
    return email_reset_link(user_id, site)

"""A care plan as an iCalendar file: one all-day event per visit, reminded a week before."""

from __future__ import annotations

import datetime as dt
import hashlib

from icalendar import Alarm, Calendar, Event

from toxfill.knowledge.base import KnowledgeBase
from toxfill.plan import CarePlan, Visit

PRODID = "-//toxfill//care plan//EN"
REMINDER = dt.timedelta(days=-7)


def plan_ics(plan: CarePlan, kb: KnowledgeBase) -> bytes:
    """The visits of `plan` as iCalendar, in words."""
    labels = {**{o.id: o.label for o in kb.options.values()}}
    labels |= {c.id: c.label.lower() for c in kb.concerns.values()}
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "toxfill care plan")
    for visit in plan.visits:
        calendar.add_component(_event(visit, labels, plan))
    return bytes(calendar.to_ical())


def _event(visit: Visit, labels: dict[str, str], plan: CarePlan) -> Event:
    what = _summary(visit, labels)
    event = Event()
    event.add("uid", _uid(visit))
    event.add("dtstamp", dt.datetime.combine(plan.start, dt.time(), tzinfo=dt.UTC))
    event.add("dtstart", visit.date)
    event.add("dtend", visit.date + dt.timedelta(days=1))
    event.add("summary", f"toxfill: {visit.purpose} visit ({what})")
    lines = [
        f"- {labels.get(t.option, t.option)} for {labels.get(t.concern, t.concern)}: {t.purpose}"
        + (" (off-label: not an approved use; see the plan's notes)" if t.off_label else "")
        for t in visit.treatments
    ]
    event.add("description", "\n".join([*lines, "", plan.disclaimer]))
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"In a week: {visit.purpose} visit ({what})")
    alarm.add("trigger", REMINDER)
    event.add_component(alarm)
    return event


def _summary(visit: Visit, labels: dict[str, str]) -> str:
    options = dict.fromkeys(labels.get(t.option, t.option) for t in visit.treatments)
    return ", ".join(options)


def _uid(visit: Visit) -> str:
    key = (
        visit.date.isoformat() + "|" + "|".join(f"{t.option}:{t.concern}" for t in visit.treatments)
    )
    return hashlib.sha256(key.encode()).hexdigest()[:32] + "@toxfill"

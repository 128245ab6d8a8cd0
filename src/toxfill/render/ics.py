"""A care plan as an iCalendar file: one all-day event per visit, reminded a week before, or
the day before when a week before has passed when the file is made; a visit today or
tomorrow gets no reminder (one that fired in the past would pop up at once, or never).

Each event's UID is the plan's own random ID and the visit's place in it, so the same plan
downloaded again, even changed, updates its events in a calendar app instead of adding a
second copy, and two people's plans never share a UID. SEQUENCE is the plan's revision:
an app keeps the event with the higher one (RFC 5545, 3.8.7.4)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from icalendar import Alarm, Calendar, Event

from toxfill.knowledge.base import KnowledgeBase
from toxfill.plan import CarePlan, Visit
from toxfill.plan.words import say

PRODID = "-//toxfill//care plan//EN"
# The reminders a visit may get, earliest first: how long before it, and what it says.
REMINDERS = ((dt.timedelta(days=7), "In a week"), (dt.timedelta(days=1), "Tomorrow"))
NAME = "toxfill care plan"
MAX_REVISION = 100_000


@dataclass(frozen=True)
class CalendarIdentity:
    """Which plan the events belong to, and how many times it has changed."""

    plan_id: uuid.UUID = field(default_factory=uuid.uuid4)
    revision: int = 0

    def uid(self, visit_number: int) -> str:
        return f"{self.plan_id}-visit-{visit_number}@toxfill"


def plan_ics(
    plan: CarePlan,
    kb: KnowledgeBase,
    identity: CalendarIdentity | None = None,
    stamp: dt.datetime | None = None,
) -> bytes:
    """The visits of `plan` as iCalendar, in words. Without `identity` the plan gets a new
    one: its events are new to any calendar. `stamp` is when the file is made (now)."""
    identity = identity or CalendarIdentity()
    stamp = stamp or dt.datetime.now(dt.UTC)
    labels = {**{o.id: o.label for o in kb.options.values()}}
    labels |= {c.id: c.label.lower() for c in kb.concerns.values()}
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    name = say(plan.language, NAME)
    calendar.add("name", name)  # RFC 7986
    calendar.add("x-wr-calname", name)  # the same, for apps that predate it
    for number, visit in enumerate(plan.visits, start=1):
        event = _event(visit, labels, plan, stamp.date())
        event.add("uid", identity.uid(number))
        event.add("sequence", identity.revision)
        event.add("dtstamp", stamp)
        calendar.add_component(event)
    return bytes(calendar.to_ical())


def _event(visit: Visit, labels: dict[str, str], plan: CarePlan, made_on: dt.date) -> Event:
    language = plan.language
    what = _summary(visit, labels)
    name = say(language, f"{visit.purpose} visit")
    event = Event()
    event.add("dtstart", visit.date)
    event.add("dtend", visit.date + dt.timedelta(days=1))
    # A visit "due around" a day: the day stays free for anything else.
    event.add("transp", "TRANSPARENT")
    event.add("summary", say(language, "toxfill: {visit} ({what})", visit=name, what=what))
    off_label = say(language, " (off-label: not an approved use; see the plan's notes)")
    lines = [
        say(
            language,
            "- {option} for {concern}: {purpose}",
            option=labels.get(t.option, t.option),
            concern=labels.get(t.concern, t.concern),
            purpose=say(language, t.purpose),
        )
        + (off_label if t.off_label else "")
        for t in visit.treatments
    ]
    event.add("description", "\n".join([*lines, "", plan.disclaimer]))
    for before, when in REMINDERS:
        if visit.date - before > made_on:  # still ahead: it will be seen when it fires
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            when_said = say(language, when)
            alarm.add(
                "description",
                say(language, "{when}: {visit} ({what})", when=when_said, visit=name, what=what),
            )
            alarm.add("trigger", -before)
            event.add_component(alarm)
            break
    return event


def _summary(visit: Visit, labels: dict[str, str]) -> str:
    options = dict.fromkeys(labels.get(t.option, t.option) for t in visit.treatments)
    return ", ".join(options)

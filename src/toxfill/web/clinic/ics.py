"""Follow-ups as an iCalendar file of all-day events: the clinic's feed and download, and the
patient's own visits on the patient link."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping

from django.utils import timezone
from icalendar import Calendar, Event

from toxfill.web.clinic.models import FollowUp

# How often a subscribed calendar app should read the feed again (RFC 7986, and Outlook's own).
REFRESH = dt.timedelta(hours=1)


def follow_up_calendar(
    name: str,
    product: str,
    rows: Iterable[FollowUp],
    summary: Callable[[FollowUp], str],
    more: Callable[[FollowUp], Mapping[str, str]] = lambda row: {},
) -> bytes:
    """One all-day event per follow-up on its due day, titled by `summary`, with the other
    properties `more` gives it; `name` is the calendar's name in the app. An event's UID is
    its follow-up's and its SEQUENCE the follow-up's version, so a moved follow-up moves in
    the app rather than appearing twice."""
    calendar = Calendar()
    calendar.add("prodid", f"-//toxfill//{product}//EN")
    calendar.add("version", "2.0")
    calendar.add("name", name)  # RFC 7986
    calendar.add("x-wr-calname", name)  # the same, for apps that predate it
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", REFRESH)
    stamp = timezone.now()
    for row in rows:
        event = Event()
        event.add("uid", f"{row.public_id}@toxfill")
        event.add("sequence", row.version - 1)  # a new follow-up is at version 1: sequence 0
        event.add("dtstamp", stamp)
        event.add("dtstart", row.due_on)
        event.add("dtend", row.due_on + dt.timedelta(days=1))
        event.add("transp", "TRANSPARENT")  # due around that day: the day stays free
        event.add("summary", summary(row))
        for key, value in more(row).items():
            event.add(key, value)
        calendar.add_component(event)
    return bytes(calendar.to_ical())

"""A care plan's calendar file as calendar apps read it (render/ics.py): a changed plan
updates its events instead of adding copies, two people's plans never share an event, and the
file is stamped when it is made. Read back with `ical`, which toxfill does not write with."""

from __future__ import annotations

import datetime as dt
import uuid

from tests.calendars import raw_properties, read_calendar

from toxfill.knowledge import KnowledgeBase
from toxfill.plan import CarePlan, make_plan, parse_plan_request
from toxfill.render.ics import CalendarIdentity, plan_ics

START = dt.date(2027, 3, 1)
NOW = dt.datetime(2026, 12, 6, 21, 30, tzinfo=dt.UTC)


def _plan(kb: KnowledgeBase, start: dt.date = START, months: int = 12) -> CarePlan:
    return make_plan(
        kb,
        parse_plan_request(
            kb,
            {
                "start": start.isoformat(),
                "horizon_months": months,
                "treatments": [{"option": "botulinum-toxin", "concern": "glabellar-lines"}],
            },
            today=NOW.date(),
        ),
    )


def _ics(
    kb: KnowledgeBase, identity: CalendarIdentity, start: dt.date = START, months: int = 12
) -> bytes:
    return plan_ics(_plan(kb, start, months), kb, identity, stamp=NOW)


def test_two_people_with_the_same_plan_share_no_event(kb: KnowledgeBase) -> None:
    mine = read_calendar(_ics(kb, CalendarIdentity()))
    theirs = read_calendar(_ics(kb, CalendarIdentity()))
    assert [e.dtstart for e in mine.events] == [e.dtstart for e in theirs.events]
    assert not {e.uid for e in mine.events} & {e.uid for e in theirs.events}


def test_a_changed_plan_updates_its_events_with_a_higher_sequence(kb: KnowledgeBase) -> None:
    plan_id = uuid.uuid4()
    first = read_calendar(_ics(kb, CalendarIdentity(plan_id, 0)))
    later = START + dt.timedelta(days=14)
    changed = read_calendar(_ics(kb, CalendarIdentity(plan_id, 1), start=later))
    assert [e.uid for e in changed.events] == [e.uid for e in first.events]
    assert {e.sequence for e in first.events} == {0}
    assert {e.sequence for e in changed.events} == {1}
    assert changed.events[0].dtstart == later
    assert all(str(plan_id) in e.uid for e in changed.events)


def test_a_longer_plan_keeps_the_first_visits_uids_and_adds_new_ones(kb: KnowledgeBase) -> None:
    identity = CalendarIdentity(uuid.uuid4(), 2)
    short = [e.uid for e in read_calendar(_ics(kb, identity, months=6)).events]
    long = [e.uid for e in read_calendar(_ics(kb, identity, months=24)).events]
    assert long[: len(short)] == short
    assert len(set(long)) == len(long) > len(short)


def test_each_event_is_stamped_now_and_leaves_the_day_free(kb: KnowledgeBase) -> None:
    content = _ics(kb, CalendarIdentity())
    calendar = read_calendar(content)
    assert {e.dtstamp for e in calendar.events} == {NOW}
    assert set(raw_properties(content, "TRANSP")) == {"TRANSPARENT"}
    assert raw_properties(content, "NAME") == ["toxfill care plan"]  # RFC 7986
    assert raw_properties(content, "X-WR-CALNAME") == ["toxfill care plan"]


def test_without_an_identity_a_file_is_new_to_every_calendar(kb: KnowledgeBase) -> None:
    plan = _plan(kb)
    one = read_calendar(plan_ics(plan, kb))
    two = read_calendar(plan_ics(plan, kb))
    assert not {e.uid for e in one.events} & {e.uid for e in two.events}
    stamp = one.events[0].dtstamp
    assert abs(dt.datetime.now(dt.UTC) - stamp) < dt.timedelta(minutes=5)


def _reminders(content: bytes) -> list[tuple[dt.date, list[dt.timedelta]]]:
    """Each visit's day and its reminders' triggers, as a receiver reads them."""
    return [
        (event.dtstart, [alarm.trigger for alarm in event.alarm])  # type: ignore[misc]
        for event in read_calendar(content).events
    ]


def test_a_reminder_is_never_set_to_fire_before_the_file_is_made(kb: KnowledgeBase) -> None:
    """Issue 22: a visit dated today got a reminder a week in the past."""
    for days_ahead in range(0, 10):
        start = NOW.date() + dt.timedelta(days=days_ahead)
        content = plan_ics(_plan(kb, start, months=3), kb, CalendarIdentity(), stamp=NOW)
        day, triggers = _reminders(content)[0]
        assert day == start
        for trigger in triggers:
            assert day + trigger > NOW.date(), (days_ahead, trigger)
        expected = (
            [dt.timedelta(days=-7)]
            if days_ahead > 7
            else [dt.timedelta(days=-1)]
            if days_ahead > 1
            else []
        )
        assert triggers == expected, days_ahead

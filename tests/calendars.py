"""Calendars as a receiver reads them: `ical`, a strict RFC 5545 parser toxfill does not
build with (toxfill writes with `icalendar`)."""

from __future__ import annotations

from ical.calendar import Calendar
from ical.calendar_stream import IcsCalendarStream


def read_calendar(content: bytes) -> Calendar:
    """Every line ends CRLF, and the file must parse whole."""
    assert content.startswith(b"BEGIN:VCALENDAR\r\n")
    assert all(line.endswith(b"\r") for line in content.split(b"\n")[:-1])
    return IcsCalendarStream.calendar_from_ics(content.decode("utf-8"))


def raw_properties(content: bytes, name: str) -> list[str]:
    """The values of every `name` property line, unfolded, as the file has them."""
    unfolded = content.decode("utf-8").replace("\r\n ", "")
    prefix = name.upper()
    return [
        line.partition(":")[2]
        for line in unfolded.split("\r\n")
        if line.partition(":")[0].partition(";")[0] == prefix
    ]

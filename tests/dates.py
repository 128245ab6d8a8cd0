"""Dates for tests that cannot hand the planner a `today` of their own (the command line, the web
pages and API, the browser): the planner takes a plan start only within MAX_START_YEARS of the
real date, so these are worked out from the real date and the tests hold in any year."""

from __future__ import annotations

import datetime as dt


def next_december_first(today: dt.date | None = None) -> dt.date:
    """The first 1 December after `today` (default: the date today): from a day to a year ahead,
    so always inside the planner's window. The tests' plans used to start on 2026-12-01; starting
    on another 1 December keeps their visits on the same days of the plan (the planner counts the
    gaps in days) and inside the same horizon (24 months from 1 December is 730 or 731 days)."""
    today = today or dt.date.today()
    this_year = dt.date(today.year, 12, 1)
    return this_year if this_year > today else this_year.replace(year=today.year + 1)

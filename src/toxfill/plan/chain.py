"""The planner's limits and one option's chain of treatments over time."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from toxfill.knowledge.models import MinimumInterval, MonthsRange, Option, Permanence
from toxfill.plan.uses import Note

if TYPE_CHECKING:
    from toxfill.plan.request import PlannedTreatment

SCHEMA = "toxfill.plan/1"
MAX_HORIZON_MONTHS = 120
MAX_TREATMENTS = 16
MAX_START_YEARS = 5  # a plan starts at most this many years before or after today
MAX_PRICE_USD = 1_000_000
MERGE_WINDOW_DAYS = 14
DAYS_PER_MONTH = 365.25 / 12
CURVE_STEP_DAYS = 7
# A single duration figure ("about 18 months") is drawn fading over its last sixth, so the
# chart shows a fade, not a cliff, without going past the figure the source gives.
SINGLE_FIGURE_FADE_SHARE = 1 / 6

Purpose = Literal["initial", "course", "maintenance", "review"]
PURPOSE_ORDER: tuple[Purpose, ...] = ("initial", "course", "maintenance", "review")


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _days(months: float) -> int:
    return round(months * DAYS_PER_MONTH)


@dataclass
class _Chain:
    """One option's treatments over time, for every concern it treats in this plan."""

    option: Option
    entries: list[PlannedTreatment]
    duration: MonthsRange | None
    minimum: MinimumInterval | None
    scale: float = 1.0  # a cited combination lengthening the effect
    off_label: dict[str, Note] = field(default_factory=dict)  # concern -> why it is off-label
    notes: list[Note] = field(default_factory=list)
    given: list[dt.date] = field(default_factory=list)
    due: dt.date | None = None
    earliest: dt.date | None = None
    purpose: Purpose = "initial"
    review_due: dt.date | None = None

    @property
    def interval_days(self) -> int | None:
        if self.duration is None or self.option.reversibility.permanence is Permanence.PERMANENT:
            return None
        wears_off = _days(self.duration.low * self.scale)
        return max(wears_off, self.minimum.days if self.minimum else 0)

    def schedule_next(self) -> None:
        """After a treatment on given[-1]: the next course session or maintenance, if any."""
        last = self.given[-1]
        course = self.option.course
        if course and len(self.given) < course.sessions:
            self.due = self.earliest = last + dt.timedelta(weeks=course.weeks_apart)
            self.purpose = "course"
            return
        interval = self.interval_days
        if interval is None:
            self.due = self.earliest = None
            return
        self.due = last + dt.timedelta(days=interval)
        self.earliest = last + dt.timedelta(days=self.minimum.days if self.minimum else 0)
        self.purpose = "maintenance"

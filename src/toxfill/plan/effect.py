"""What one treatment does over time: its shape, the plan's curve and the chart in one line."""

from __future__ import annotations

import bisect
import datetime as dt
import functools

from pydantic import TypeAdapter

from toxfill.knowledge.models import Permanence
from toxfill.plan.chain import (
    CURVE_STEP_DAYS,
    DAYS_PER_MONTH,
    SINGLE_FIGURE_FADE_SHARE,
    _Chain,
    _days,
    add_months,
)
from toxfill.plan.models import EffectPoint, EffectShape
from toxfill.plan.words import say
from toxfill.wording import span


def _shape(chain: _Chain) -> EffectShape | None:
    """Rises over the onset, holds, then fades over the duration range (TOX-DUR-1: 3-4 months
    fades from month 3 to month 4); permanent options hold; no figure, no shape."""
    option, duration = chain.option, chain.duration
    rise = option.onset.high if option.onset else 0
    if option.reversibility.permanence is Permanence.PERMANENT:
        return EffectShape(full_by_days=rise, fades_from_days=None, gone_by_days=None)
    if duration is None:
        return None
    gone = _days(duration.high * chain.scale)
    fades_from = _days(duration.low * chain.scale)
    if fades_from >= gone:
        fades_from = _days(duration.high * chain.scale * (1 - SINGLE_FIGURE_FADE_SHARE))
    return EffectShape(
        full_by_days=rise, fades_from_days=max(fades_from, rise), gone_by_days=max(gone, rise + 1)
    )


def _curve(chain: _Chain, start: dt.date, end: dt.date) -> list[EffectPoint]:
    """Expected effect after each treatment: rises over the onset, holds, then fades.

    Sampled weekly over the first year and monthly after it (what a chart can show), plus
    every day where the line bends (a treatment, full effect, fading starts, gone) and weekly
    through each rise, so a dip at a repeat is never skipped. Each day looks only at the
    treatments still working then, so a 10-year plan costs about as much as a 1-year one.
    """
    shape = _shape(chain)
    if shape is None:
        return []
    # Days as ordinals (whole numbers): the same days and ages as dates, without a date and a
    # timedelta object per step (measured: about half the cost of a 10-year plan).
    given = sorted(day.toordinal() for day in chain.given)
    first, last = start.toordinal(), end.toordinal()
    full_by, lasts = shape.full_by_days, shape.gone_by_days
    first_year = min(end, add_months(start, 12)).toordinal()
    days = set(range(first, first_year + 1, CURVE_STEP_DAYS))
    days.update(range(first, last + 1, CURVE_STEP_DAYS * 4))
    bends = [d for d in (full_by, shape.fades_from_days, lasts) if d is not None]
    for treated in given:
        days.update(range(treated, treated + full_by + 1, 7))
        days.update(treated + d for d in bends)
    days.add(last)
    at = shape.at
    points = []
    for day in sorted(d for d in days if first <= d <= last):
        newest = bisect.bisect_right(given, day)
        oldest = 0 if lasts is None else bisect.bisect_left(given, day - lasts)
        effect = 0.0  # the strongest of the treatments working that day (none: 0)
        for treated in given[oldest:newest]:
            effect = max(effect, at(day - treated))
        points.append({"date": dt.date.fromordinal(day), "effect": round(effect, 3)})
    # Hundreds of points: built in one validation pass, several times faster than one by one.
    return list(_effect_points().validate_python(points))


@functools.cache
def _effect_points() -> TypeAdapter[tuple[EffectPoint, ...]]:
    return TypeAdapter(tuple[EffectPoint, ...])


def _reading(language: str, chain: _Chain) -> str:
    """The chart in one plain line, e.g. 'Full effect in about 2 weeks. It fades between
    month 3 and month 4. This plan repeats it about every 3 months.'"""
    shape = _shape(chain)
    if shape is None:
        text = "No one knows how long it lasts, so no curve is drawn. Ask your provider."
        return say(language, text)
    rise = shape.full_by_days
    if rise == 0:
        full = say(language, "Full effect right away.")
    else:
        full = say(language, "Full effect in about {time}.", time=_spell(rise, language))
    if shape.fades_from_days is None or shape.gone_by_days is None:
        return say(language, "{full} It does not wear off.", full=full)
    first, last = _month(shape.fades_from_days), _month(shape.gone_by_days)
    fades = (
        say(language, "It fades around month {month}.", month=last)
        if first == last or chain.duration is None or chain.duration.low == chain.duration.high
        else say(
            language, "It fades between month {first} and month {last}.", first=first, last=last
        )
    )
    interval = chain.interval_days
    repeat = (
        say(language, " This plan repeats it about every {time}.", time=_spell(interval, language))
        if interval
        else ""
    )
    return f"{full} {fades}{repeat}"


def _month(days: int) -> int:
    return max(1, round(days / DAYS_PER_MONTH))


def _spell(days: int, language: str = "en") -> str:
    """14 -> '2 weeks', 91 -> '3 months', 5 -> '5 days' ('2 semanas' in Spanish)."""
    if days < 14:
        return span(days, days, "day", language)
    if days < 60:
        weeks = round(days / 7)
        return span(weeks, weeks, "week", language)
    months = _month(days)
    return span(months, months, "month", language)

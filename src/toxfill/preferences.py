"""Values clarification: how well each option matches what a person cares about (0 to 1).

Each preference scores an option from its cited figures (duration, reversibility, cost,
downtime). A preference with no figure for an option scores it neither up nor down.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from toxfill.knowledge.base import KnowledgeBase
from toxfill.knowledge.models import Cited, DowntimeLevel, Option, Permanence, Reversal

NEUTRAL = 0.5
# Scales that turn money and months into 0..1; wide enough that every option lands inside.
LONG_LASTING_MONTHS = 24.0
COSTLY_YEAR_USD = 3000.0
COSTLY_VISIT_USD = 1500.0
MANY_VISITS_A_YEAR = 4.0


@dataclass(frozen=True)
class Score:
    value: float  # 0 (worst match) to 1 (best match)
    because: str  # the figure it rests on, in English words, its {placeholders} in `values`
    sources: tuple[str, ...] = ()
    # The figures of `because`, kept apart so the decision aid can say it in another language.
    values: Mapping[str, str] = field(default_factory=dict)

    @property
    def said(self) -> str:
        """`because` in English, its figures filled in."""
        return self.because.format(**self.values)


Scorer = Callable[[KnowledgeBase, Option], Score | None]


def _mid_duration(option: Option) -> float | None:
    if option.duration is None:
        return None
    return (option.duration.low + option.duration.high) / 2


def _longevity(kb: KnowledgeBase, option: Option) -> Score | None:
    if option.reversibility.permanence is Permanence.PERMANENT:
        return Score(1.0, "permanent", option.reversibility.sources)
    months = _mid_duration(option)
    if option.duration is None or months is None:
        return None
    return Score(
        min(months / LONG_LASTING_MONTHS, 1.0),
        "lasts about {months} months",
        option.duration.sources,
        {"months": f"{months:g}"},
    )


def _visits_a_year(option: Option) -> float | None:
    if option.reversibility.permanence is not Permanence.TEMPORARY:
        return 0.0
    months = _mid_duration(option)
    return None if months is None else 12 / months


def _fewer_visits(kb: KnowledgeBase, option: Option) -> Score | None:
    visits = _visits_a_year(option)
    if visits is None:
        return None
    claim: Cited = option.duration or option.reversibility
    return Score(
        1 - min(visits / MANY_VISITS_A_YEAR, 1.0),
        "about {visits} maintenance visits a year",
        claim.sources,
        {"visits": f"{visits:.1f}"},
    )


_REVERSAL_SCORE = {
    Reversal.ENZYME: (1.0, "can be dissolved"),
    Reversal.WEARS_OFF: (0.5, "cannot be dissolved but wears off"),
    Reversal.HARD_TO_REMOVE: (0.0, "hard or impossible to remove"),
}


def _reversibility(kb: KnowledgeBase, option: Option) -> Score | None:
    if option.reversibility.reversal not in _REVERSAL_SCORE:
        return None
    value, because = _REVERSAL_SCORE[option.reversibility.reversal]
    return Score(value, because, option.reversibility.sources)


def _price(kb: KnowledgeBase, option: Option) -> tuple[float, tuple[str, ...]] | None:
    cost = kb.costs.get(option.id)
    if cost is None:
        return None
    return (cost.low_usd + cost.high_usd) / 2, cost.sources


def _low_yearly_cost(kb: KnowledgeBase, option: Option) -> Score | None:
    price, visits = _price(kb, option), _visits_a_year(option)
    if price is None or visits is None:
        return None
    yearly = price[0] * max(visits, 1.0) if price[0] else 0.0
    return Score(
        1 - min(yearly / COSTLY_YEAR_USD, 1.0),
        "about {amount} in the first year",
        price[1],
        {"amount": f"${yearly:,.0f}"},
    )


def _low_upfront_cost(kb: KnowledgeBase, option: Option) -> Score | None:
    price = _price(kb, option)
    if price is None:
        return None
    return Score(
        1 - min(price[0] / COSTLY_VISIT_USD, 1.0),
        "about {amount} a visit",
        price[1],
        {"amount": f"${price[0]:,.0f}"},
    )


_DOWNTIME_SCORE = {
    DowntimeLevel.MINIMAL: (1.0, "back to everyday activities right away"),
    DowntimeLevel.DAYS: (0.5, "a few days before everyday activities"),
    DowntimeLevel.WEEKS: (0.0, "swelling that can last weeks"),
}


def _minimal_downtime(kb: KnowledgeBase, option: Option) -> Score | None:
    if option.downtime is None:
        return None if option.administration.injected else Score(1.0, "no treatment, no downtime")
    value, because = _DOWNTIME_SCORE[option.downtime.level]
    return Score(value, because, option.downtime.sources)


SCORERS: Mapping[str, Scorer] = {
    "longevity": _longevity,
    "fewer-visits": _fewer_visits,
    "reversibility": _reversibility,
    "low-yearly-cost": _low_yearly_cost,
    "low-upfront-cost": _low_upfront_cost,
    "minimal-downtime": _minimal_downtime,
}


def score(kb: KnowledgeBase, preference: str, option: Option) -> Score | None:
    """How well `option` meets one preference, or None when no figure is known."""
    return SCORERS[preference](kb, option)


def fit(kb: KnowledgeBase, option: Option, weights: Mapping[str, int]) -> float:
    """The weighted match of an option to all preferences; 0.5 when nothing is weighted."""
    values = {p: _value(score(kb, p, option)) for p, w in weights.items() if w > 0}
    return weighted_fit(values, weights)


def score_table(kb: KnowledgeBase, preferences: Iterable[str]) -> dict[str, dict[str, float]]:
    """Every option's value for each preference, scored once: option ID -> preference -> 0..1."""
    wanted = list(preferences)
    return {
        option.id: {p: _value(score(kb, p, option)) for p in wanted}
        for option in kb.options.values()
    }


def weighted_fit(values: Mapping[str, float], weights: Mapping[str, int]) -> float:
    """`fit` from values already scored (see score_table)."""
    total = weighted = 0.0
    for preference, weight in weights.items():
        if weight <= 0:
            continue
        total += weight
        weighted += weight * values[preference]
    return round(weighted / total, 2) if total else NEUTRAL


def _value(result: Score | None) -> float:
    return result.value if result else NEUTRAL

"""Where a stated preference lost: one sentence per concern, as an Option Grid puts it.

The best fit for a concern leads; when another open option does better on something the
person said matters, the sentence names what that option would give and why it is not first:
"Calcium hydroxylapatite filler lasts longer but cannot be dissolved, which you said matters."
"""

from __future__ import annotations

from collections.abc import Mapping

from toxfill.decide.models import STATUS_ORDER, ConcernStatus, TradeOff
from toxfill.decide.words import say
from toxfill.intake import Intake
from toxfill.knowledge.base import KnowledgeBase
from toxfill.knowledge.models import Permanence, Reversal
from toxfill.preferences import Score, score
from toxfill.scales import Status
from toxfill.wording import short_label

# Options a person could choose now for a concern: only these are weighed against each other.
_OPEN = frozenset({Status.RECOMMENDED, Status.SUITABLE, Status.CAUTION})
SAFETY = "safety"
FIRST_CHOICE = "first-choice"

_BETTER = {
    "longevity": "lasts longer",
    "fewer-visits": "needs fewer visits",
    "reversibility": "is easier to undo",
    "low-yearly-cost": "costs less over a year",
    "low-upfront-cost": "costs less each visit",
    "minimal-downtime": "needs less time off",
}
_WORSE = {
    "longevity": "does not last as long",
    "fewer-visits": "needs more visits",
    "reversibility": "is harder to undo",
    "low-yearly-cost": "costs more over a year",
    "low-upfront-cost": "costs more each visit",
    "minimal-downtime": "needs more time off",
}
_CANNOT_UNDO = {
    Reversal.WEARS_OFF: "cannot be dissolved",
    Reversal.HARD_TO_REMOVE: "is hard or impossible to remove",
}


def trade_offs(
    kb: KnowledgeBase, intake: Intake, per_concern: Mapping[str, tuple[ConcernStatus, ...]]
) -> list[TradeOff]:
    """For each concern whose best fit gives up something the person weighted, the one
    trade-off that weighs most, with why the other option is not first."""
    weights = {p: w for p, w in intake.preferences.items() if w > 0}
    found = []
    for concern, rows in per_concern.items():
        if not weights or not rows or rows[0].status not in _OPEN:
            continue
        best = rows[0]
        gains = [
            (weight * (theirs.value - ours.value), index, preference, row, theirs, ours)
            for index, row in enumerate(rows[1:])
            if row.status in _OPEN
            for preference, weight in weights.items()
            for theirs, ours in [_scores(kb, preference, row.option, best.option)]
            if theirs is not None and ours is not None and theirs.value > ours.value
        ]
        if not gains:
            continue
        # An option as safe as the best fit shows the person's own weighing; then the largest.
        _, _, gained, other, theirs, ours = min(
            gains, key=lambda g: (g[3].status != best.status, -g[0], g[1])
        )
        trade = _why_not_first(kb, weights, best, other)
        if trade is None:
            continue
        given_up, because, sources = trade
        label = short_label(kb.options[other.option].label)
        text = say(
            kb.language,
            "{label} {better} but {because}.",
            label=label,
            better=say(kb.language, _BETTER[gained]),
            because=because,
        )
        found.append(
            TradeOff(
                concern=concern,
                option=best.option,
                alternative=other.option,
                gains=gained,
                costs=given_up,
                text=text,
                sources=tuple(dict.fromkeys([*theirs.sources, *ours.sources, *sources])),
            )
        )
    return found


def _scores(
    kb: KnowledgeBase, preference: str, theirs: str, ours: str
) -> tuple[Score | None, Score | None]:
    return score(kb, preference, kb.options[theirs]), score(kb, preference, kb.options[ours])


def _why_not_first(
    kb: KnowledgeBase, weights: Mapping[str, int], best: ConcernStatus, other: ConcernStatus
) -> tuple[str, str, tuple[str, ...]] | None:
    """What keeps `other` below `best`: its status first (a health answer, or not a first
    choice), else the weighted preference on which `best` does better by the most; None when
    only the list order parts them."""
    if other.status is Status.CAUTION and best.status is not Status.CAUTION:
        why = say(kb.language, "your health answers mean it needs a talk with your provider first")
        return SAFETY, why, ()
    if STATUS_ORDER.index(other.status) > STATUS_ORDER.index(best.status):
        option = kb.options[other.option]
        permanent = option.reversibility.permanence is Permanence.PERMANENT
        if permanent:
            return (
                FIRST_CHOICE,
                say(kb.language, "it is permanent, so it is not a first choice"),
                (option.reversibility.sources),
            )
        return (
            FIRST_CHOICE,
            say(kb.language, "it is not a first choice for this kind of concern"),
            (option.mechanism.sources),
        )
    losses = []
    for preference, weight in weights.items():
        theirs, ours = _scores(kb, preference, other.option, best.option)
        if theirs is not None and ours is not None and ours.value > theirs.value:
            losses.append((weight * (ours.value - theirs.value), preference, theirs, ours))
    if not losses:
        return None
    _, preference, theirs, ours = max(losses, key=lambda loss: loss[0])
    worse = _WORSE[preference]
    if preference == "reversibility":
        worse = _CANNOT_UNDO.get(kb.options[other.option].reversibility.reversal, worse)
    sources = (*theirs.sources, *ours.sources)
    worse = say(kb.language, worse)
    return preference, say(kb.language, "{worse}, which you said matters", worse=worse), sources


__all__ = ["FIRST_CHOICE", "SAFETY", "trade_offs"]

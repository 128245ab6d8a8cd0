"""An option's summary card: the six things most people ask first, short, plain and cited."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from toxfill.compare.attributes import _labelled_uses, _ordered_unique
from toxfill.compare.models import OptionSummary, SummaryItem
from toxfill.knowledge.base import KnowledgeBase
from toxfill.knowledge.models import ConcernKind, DowntimeLevel, Option, Permanence, Reversal
from toxfill.wording import span, usd

SUMMARY_LABELS: Mapping[str, str] = {
    "lasts": "How long it lasts",
    "downtime": "Time off after",
    "undo": "Can it be undone?",
    "cost": "Typical cost",
    "approved-for": "Approved for",
    "main-risk": "Main serious risk",
}
_SHORT_DOWNTIME = {
    DowntimeLevel.MINIMAL: "Little or none",
    DowntimeLevel.DAYS: "A few days",
    DowntimeLevel.WEEKS: "A few weeks",
}
_SHORT_UNDO = {
    Reversal.WEARS_OFF: "No. It wears off with time.",
    Reversal.ENZYME: "Yes. An enzyme can dissolve it.",
    Reversal.HARD_TO_REMOVE: "No. It is hard or impossible to remove.",
}


def summarise(kb: KnowledgeBase, option: Option) -> OptionSummary:
    """An option's summary card, each answer short, plain and cited."""
    items = [
        _summary_lasts(option),
        _summary_downtime(option),
        _summary_undo(option),
        _summary_cost(kb, option),
        _summary_uses(kb, option),
        _summary_risk(option),
    ]
    return OptionSummary(option=option.id, label=option.label, items=tuple(items))


def _item(attribute: str, text: str, sources: Iterable[str] = ()) -> SummaryItem:
    return SummaryItem(
        attribute=attribute,
        label=SUMMARY_LABELS[attribute],
        text=text,
        sources=_ordered_unique(sources),
    )


def _summary_lasts(option: Option) -> SummaryItem:
    r = option.reversibility
    if r.permanence is Permanence.NOT_APPLICABLE:
        return _item("lasts", "Nothing to wear off.")
    if r.permanence is Permanence.PERMANENT:
        return _item("lasts", "For good. It does not wear off.", r.sources)
    if option.duration is None:
        note = option.duration_note
        return _item("lasts", "Not known. Sources do not agree.", note.sources if note else ())
    d = option.duration
    return _item("lasts", f"About {span(d.low, d.high, 'month')}.", d.sources)


def _summary_downtime(option: Option) -> SummaryItem:
    if option.downtime is None:
        return _item("downtime", "None." if not option.administration.injected else "Not known.")
    return _item("downtime", f"{_SHORT_DOWNTIME[option.downtime.level]}.", option.downtime.sources)


def _summary_undo(option: Option) -> SummaryItem:
    r = option.reversibility
    if r.reversal is Reversal.NOT_APPLICABLE:
        return _item("undo", "Nothing to undo.")
    return _item("undo", _SHORT_UNDO[r.reversal], r.sources)


def _summary_cost(kb: KnowledgeBase, option: Option) -> SummaryItem:
    cost = kb.costs.get(option.id)
    if cost is None:
        return _item("cost", "Not known. Ask the clinic.")
    if cost.high_usd == 0:
        return _item("cost", "Nothing.", cost.sources)
    return _item(
        "cost",
        f"About {usd(cost.low_usd, cost.high_usd)} each time (US average, {cost.year}).",
        cost.sources,
    )


def _summary_uses(kb: KnowledgeBase, option: Option) -> SummaryItem:
    if option.kind == "none":
        return _item("approved-for", "Not needed. It is always a choice.")
    concerns: dict[ConcernKind, list[str]] = {kind: [] for kind in ConcernKind}
    sources: list[str] = []
    for use, _ in _labelled_uses(kb, option):
        concern = kb.concerns[use.concern]
        if concern.id not in concerns[concern.kind]:
            concerns[concern.kind].append(concern.id)
        sources += use.sources
    cosmetic = [c for c in kb.concerns if c in concerns[ConcernKind.COSMETIC]]
    medical = concerns[ConcernKind.MEDICAL]
    if not cosmetic and not medical:
        return _item(
            "approved-for", "Nothing. It is not an approved product.", option.regulatory.sources
        )
    parts = []
    if cosmetic:
        first = kb.concerns[cosmetic[0]].label.split(" (")[0]
        more = len(cosmetic) - 1
        parts.append(f"{first}{f' and {more} other uses' if more else ''}.")
    if medical:
        parts.append(f"Also {len(medical)} medical use{'s' if len(medical) > 1 else ''}.")
    return _item("approved-for", " ".join(parts), sources)


def _summary_risk(option: Option) -> SummaryItem:
    serious = [r for r in option.risks if r.serious]
    if not serious:
        return _item("main-risk", "None from treatment.")
    risk = serious[0]
    frequency = risk.frequency
    if frequency is None:
        return _item("main-risk", f"{risk.label}. How often is not known.", risk.sources)
    # The sources' own word for it: 'Rare' only where they say so.
    how_often = "Rare." if frequency.text.startswith("Rare") else "How often is not known."
    return _item("main-risk", f"{risk.label}. {how_often}", (*risk.sources, *frequency.sources))

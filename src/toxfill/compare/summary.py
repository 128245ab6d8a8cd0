"""An option's summary card: the six things most people ask first, short, plain and cited."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from toxfill.compare.attributes import _labelled_uses, _ordered_unique
from toxfill.compare.models import OptionSummary, SummaryItem
from toxfill.compare.words import say
from toxfill.knowledge.base import KnowledgeBase
from toxfill.knowledge.compare_catalogue import said_rare
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
        _summary_lasts(kb.language, option),
        _summary_downtime(kb.language, option),
        _summary_undo(kb.language, option),
        _summary_cost(kb, option),
        _summary_uses(kb, option),
        _summary_risk(kb.language, option),
    ]
    return OptionSummary(option=option.id, label=option.label, items=tuple(items))


def _item(
    language: str,
    attribute: str,
    text: str,
    sources: Iterable[str] = (),
    *,
    said: bool = False,
    **values: object,
) -> SummaryItem:
    """A card's answer: `text` is English to say in `language`, or already `said` in it."""
    return SummaryItem(
        attribute=attribute,
        label=say(language, SUMMARY_LABELS[attribute]),
        text=text if said else say(language, text, **values),
        sources=_ordered_unique(sources),
    )


def _summary_lasts(language: str, option: Option) -> SummaryItem:
    r = option.reversibility
    if r.permanence is Permanence.NOT_APPLICABLE:
        return _item(language, "lasts", "Nothing to wear off.")
    if r.permanence is Permanence.PERMANENT:
        return _item(language, "lasts", "For good. It does not wear off.", r.sources)
    if option.duration is None:
        note = option.duration_note
        sources = note.sources if note else ()
        return _item(language, "lasts", "Not known. Sources do not agree.", sources)
    d = option.duration
    months = span(d.low, d.high, "month", language)
    return _item(language, "lasts", "About {months}.", d.sources, months=months)


def _summary_downtime(language: str, option: Option) -> SummaryItem:
    if option.downtime is None:
        text = "None." if not option.administration.injected else "Not known."
        return _item(language, "downtime", text)
    text = f"{_SHORT_DOWNTIME[option.downtime.level]}."
    return _item(language, "downtime", text, option.downtime.sources)


def _summary_undo(language: str, option: Option) -> SummaryItem:
    r = option.reversibility
    if r.reversal is Reversal.NOT_APPLICABLE:
        return _item(language, "undo", "Nothing to undo.")
    return _item(language, "undo", _SHORT_UNDO[r.reversal], r.sources)


def _summary_cost(kb: KnowledgeBase, option: Option) -> SummaryItem:
    language = kb.language
    cost = kb.costs.get(option.id)
    if cost is None:
        return _item(language, "cost", "Not known. Ask the clinic.")
    if cost.high_usd == 0:
        return _item(language, "cost", "Nothing.", cost.sources)
    return _item(
        language,
        "cost",
        "About {amount} each time (US average, {year}).",
        cost.sources,
        amount=usd(cost.low_usd, cost.high_usd),
        year=cost.year,
    )


def _summary_uses(kb: KnowledgeBase, option: Option) -> SummaryItem:
    language = kb.language
    if option.kind == "none":
        return _item(language, "approved-for", "Not needed. It is always a choice.")
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
        text = "Nothing. It is not an approved product."
        return _item(language, "approved-for", text, option.regulatory.sources)
    parts = []
    if cosmetic:
        first = kb.concerns[cosmetic[0]].label.split(" (")[0]
        more = len(cosmetic) - 1
        if more == 1:
            parts.append(say(language, "{first} and 1 other use.", first=first))
        elif more:
            parts.append(say(language, "{first} and {more} other uses.", first=first, more=more))
        else:
            parts.append(f"{first}.")
    if medical:
        count = len(medical)
        one = "Also {count} medical use." if count == 1 else "Also {count} medical uses."
        parts.append(say(language, one, count=count))
    return _item(language, "approved-for", " ".join(parts), sources, said=True)


def _summary_risk(language: str, option: Option) -> SummaryItem:
    serious = [r for r in option.risks if r.serious]
    if not serious:
        return _item(language, "main-risk", "None from treatment.")
    risk = serious[0]
    frequency = risk.frequency
    if frequency is None:
        text = "{risk}. How often is not known."
        return _item(language, "main-risk", text, risk.sources, risk=risk.label)
    # The sources' own word for it: 'Rare' only where they say so (in every language alike:
    # the catalogue refuses a translation that opens otherwise than its English twin).
    if said_rare(language, frequency.text):
        text = "{risk}. Rare."
    else:
        text = "{risk}. How often is not known."
    sources = (*risk.sources, *frequency.sources)
    return _item(language, "main-risk", text, sources, risk=risk.label)

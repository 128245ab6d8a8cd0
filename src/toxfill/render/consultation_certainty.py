"""How sure the consultation summary's figures are (IPDAS C5): what they rest on, and where the
knowledge base has no reliable figure at all. In the knowledge base's language."""

from __future__ import annotations

from toxfill.compare import ATTRIBUTES
from toxfill.compare.words import say as compare_say
from toxfill.knowledge.base import KnowledgeBase
from toxfill.render.consultation_parts import Line, Numbers
from toxfill.render.consultation_words import say
from toxfill.wording import in_words

# The facts whose figure may be unknown for an option.
_UNKNOWN_FIGURES = {"onset", "duration", "visits-per-year", "cost", "downtime"}


def how_sure(kb: KnowledgeBase, numbers: Numbers) -> tuple[Line, ...]:
    """What the figures rest on and how far they hold for one person, each cited."""
    paid = [c for c in kb.costs.values() if c.high_usd > 0]
    years = sorted({str(c.year) for c in paid})
    durations = [o.duration for o in kb.options.values() if o.duration]
    side_effects = [o.side_effects for o in kb.options.values() if o.side_effects]
    language = kb.language
    return (
        Line(
            say(
                language,
                "Results differ from person to person. The figures here describe what happened"
                " to most people in studies and on product labels. Your own result may be"
                " shorter, longer or different.",
            )
        ),
        numbers.line(
            say(
                language,
                "How soon an effect shows and how long it lasts are ranges or averages taken"
                " from product labels and studies, not promises.",
            ),
            dict.fromkeys(s for d in durations for s in d.sources),
        ),
        numbers.line(
            say(
                language,
                "Costs are national average fees from {years}. They are not price quotes: your"
                " clinic may charge more or less, and other fees may be added.",
                years=in_words(years, language, "and"),
            ),
            dict.fromkeys(s for c in paid for s in c.sources),
        ),
        numbers.line(
            say(
                language,
                "Side effects and serious risks come from product labels, health agencies and"
                " published reports. Where a source gives a figure for how often a serious risk"
                " happens, it is shown; many give none, and no figure tells you your own"
                " chance.",
            ),
            dict.fromkeys(s for e in side_effects for s in e.sources),
        ),
        Line(
            say(
                language,
                "What matters to you changes only the order of options that are equally safe"
                " for you. It never makes an option safer.",
            )
        ),
    )


def unknown_figures(kb: KnowledgeBase) -> tuple[str, ...]:
    """Where the knowledge base has no reliable figure, e.g. 'Fat grafting: typical cost'."""
    everyone = list(kb.options.values())
    found = []
    for option in everyone:
        for attribute in ATTRIBUTES:
            if attribute.id in _UNKNOWN_FIGURES and attribute.value(kb, option, everyone).key == (
                "unknown"
            ):
                named = compare_say(kb.language, attribute.label).lower()
                found.append(
                    say(kb.language, "{option}: {attribute}", option=option.label, attribute=named)
                )
    return tuple(found)


__all__ = ["how_sure", "unknown_figures"]

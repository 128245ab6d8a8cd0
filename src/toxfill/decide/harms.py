"""What an option does and what can go wrong with it, told in equal detail (IPDAS)."""

from __future__ import annotations

import re

from toxfill.decide.models import Harm, Rate, Reason
from toxfill.decide.words import say
from toxfill.knowledge.base import KnowledgeBase
from toxfill.knowledge.models import Option, Risk


def benefits(option: Option) -> list[Reason]:
    """What the option does, how soon and for how long: told as fully as its harms."""
    told = [Reason(text=option.mechanism.text, sources=option.mechanism.sources, kind="works")]
    if option.onset is not None:
        told.append(Reason(text=option.onset.text, sources=option.onset.sources, kind="onset"))
    lasts = option.duration or option.duration_note
    if lasts is not None:
        told.append(Reason(text=lasts.text, sources=lasts.sources, kind="duration"))
    return told


def harms(kb: KnowledgeBase, option: Option) -> list[Harm]:
    """The common side effects, then every serious risk with how rare it is (IPDAS)."""
    found = []
    effects = option.side_effects
    if effects is not None:
        symptoms = ", ".join(kb.symptoms[s].label.lower() for s in effects.symptoms)
        found.append(
            Harm(
                risk="common-side-effects",
                label=say(kb.language, "Common side effects"),
                serious=False,
                text=effects.text,
                how_rare=say(kb.language, "Common: {symptoms}.", symptoms=symptoms),
                sources=effects.sources,
            )
        )
        rate = stated_rate(effects.text, kb.language)
        found[-1] = found[-1].model_copy(update={"rate": rate})
    found += [_harm(risk, kb.language) for risk in option.risks if risk.serious]
    # A less serious risk with a stated figure is drawn too: the figure is what people ask.
    found += [
        _harm(risk, kb.language)
        for risk in option.risks
        if not risk.serious and risk.frequency and stated_rate(risk.frequency.text, kb.language)
    ]
    return found


def _harm(risk: Risk, language: str) -> Harm:
    frequency = risk.frequency
    how_rare = (
        frequency.text
        if frequency
        else say(language, "No figure for how often it happens was found.")
    )
    return Harm(
        risk=risk.id,
        label=risk.label,
        serious=risk.serious,
        text=risk.text,
        how_rare=how_rare,
        sources=tuple(dict.fromkeys((*risk.sources, *(frequency.sources if frequency else ())))),
        rate=stated_rate(frequency.text, language) if frequency else None,
    )


# A statement that calls the rate unknown is never drawn, whatever estimate it quotes.
_UNKNOWN_RATE = {
    "en": re.compile(r"\b(?:not known|no rate|unknown)\b", re.IGNORECASE),
    "es": re.compile(r"\b(?:no se sabe|no se conoce|se desconoce)\b", re.IGNORECASE),
}
# "about 2 in 100", "0.9%"; in Spanish "cerca de 2 de cada 100", "1 en 100,000", "0.9 %".
_FIGURE = {
    "en": re.compile(
        r"(?:about )?(?P<count>\d+(?:\.\d+)?) in (?P<out_of>\d{1,3}(?:,\d{3})*)\b"
        r"|(?P<percent>\d+(?:\.\d+)?)%"
    ),
    "es": re.compile(
        r"(?:cerca de |unos |unas )?(?P<count>\d+(?:\.\d+)?) (?:de cada|en)"
        r" (?P<out_of>\d{1,3}(?:,\d{3})*)\b"
        r"|(?P<percent>\d+(?:\.\d+)?) ?%"
    ),
}
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z¿¡ÁÉÍÓÚ])")
_LEADING = {"en": "about ", "es": "cerca de "}


def stated_rate(text: str, language: str = "en") -> Rate | None:
    """The first figure a cited statement gives, as people in 100 (or 10,000 when fewer than
    1 in 100); None when it gives none, calls the rate unknown, or is under 1 in 10,000.
    The same statement in another language gives the same figure (tests/core/
    test_decide_languages.py)."""
    if _UNKNOWN_RATE[language].search(text):
        return None
    found = _FIGURE[language].search(text)
    if found is None:
        return None
    if found["percent"]:
        per_hundred = float(found["percent"])
    else:
        per_hundred = 100 * float(found["count"]) / int(found["out_of"].replace(",", ""))
    statement = next(s for s in _SENTENCE_END.split(text) if found[0] in s)
    for out_of in (100, 10000):
        count = per_hundred * out_of / 100
        if count >= 1 and (round(count) == round(count, 6) or out_of == 10000):
            return Rate(
                count=round(count),
                out_of=out_of,
                figure=_bare(found[0]),
                language=language,
                statement=statement,
            )
    return None


def _bare(figure: str) -> str:
    """The figure without its 'about': '2 in 100', '2 de cada 100'."""
    for leading in ("about ", "cerca de ", "unos ", "unas "):
        figure = figure.removeprefix(leading)
    return figure


__all__ = ["benefits", "harms", "stated_rate"]

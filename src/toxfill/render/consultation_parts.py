"""The shapes of a consultation summary: lines with numbered sources, rows, cards, answers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from toxfill.decide import Rate
from toxfill.knowledge.models import Source


@dataclass(frozen=True)
class Line:
    """A sentence and the numbers of the sources it rests on."""

    text: str
    marks: tuple[int, ...] = ()
    rate: Rate | None = None  # a stated figure, drawn as people out of 100 or 10,000
    no_rate: str = ""  # said in words where a harm has no figure to draw


@dataclass(frozen=True)
class Glance:
    """The first part: one line per concern, the best option, its status and trade-off."""

    concern: str
    label: str
    option: str
    option_label: str
    badge: Badge | None
    text: str
    trade_off: Line | None = None  # where a stated preference lost, in one sentence


@dataclass(frozen=True)
class SureAnswer:
    id: str
    question: str
    answer: str  # "yes", "no" or "" (not answered)


@dataclass(frozen=True)
class Reflection:
    """Where the person is leaning and their SURE test, to take to the provider."""

    leaning: str  # an option ID, "unsure", or "" (not answered)
    leaning_label: str
    sure: tuple[SureAnswer, ...]
    score: int | None  # yeses out of 4, when all four are answered
    advice: str

    @property
    def answered(self) -> bool:
        return bool(self.leaning or any(a.answer for a in self.sure))


@dataclass(frozen=True)
class Fact:
    """One row of an option card: a short value and, where useful, the cited statement."""

    attribute: str
    label: str
    text: str
    detail: str
    marks: tuple[int, ...]


@dataclass(frozen=True)
class Answer:
    label: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Badge:
    status: str
    label: str
    meaning: str


@dataclass(frozen=True)
class OptionRow:
    """One option for one concern: its status there and why."""

    option: str
    label: str
    badge: Badge
    reasons: tuple[Line, ...]
    off_label: tuple[Line, ...]
    products: tuple[str, ...]
    excluded: tuple[Line, ...]
    available_from: dt.date | None
    discuss: tuple[Line, ...]
    benefits: tuple[Line, ...] = ()  # what it can do, beside ...
    harms: tuple[Line, ...] = ()  # ... what can go wrong, with how rare (IPDAS C1)
    cautions: tuple[str, ...] = ()  # health answers to talk over first, in words


@dataclass(frozen=True)
class ConcernSection:
    concern: str
    label: str
    description: str
    kind: str
    specialist: str
    rows: tuple[OptionRow, ...]


@dataclass(frozen=True)
class OptionCard:
    """Every option described with the same rows (IPDAS Q3-Q6, C1)."""

    option: str
    label: str
    summary: str
    badge: Badge
    benefits: tuple[Fact, ...]
    harms: tuple[Fact, ...]
    living: tuple[Fact, ...]


@dataclass(frozen=True)
class ConsultationSummary:
    today: dt.date
    knowledge_version: str
    published: dt.date
    update_policy: str
    funding: str
    disclaimer: str
    answers: tuple[Answer, ...]
    decision: str
    at_a_glance: tuple[Glance, ...]
    leaning_choices: tuple[tuple[str, str], ...]
    reflection: Reflection
    concerns: tuple[ConcernSection, ...]
    no_treatment: OptionRow
    unapproved: tuple[OptionRow, ...]
    cards: tuple[OptionCard, ...]
    preference_effects: tuple[Line, ...]
    combinations: tuple[Line, ...]
    questions: tuple[Line, ...]
    uncertainty: tuple[Line, ...]
    unknown_figures: tuple[str, ...]
    sources: tuple[Source, ...]


class Numbers:
    """Numbers sources in the order they are first cited."""

    def __init__(self) -> None:
        self.order: dict[str, int] = {}

    def marks(self, source_ids: Iterable[str]) -> tuple[int, ...]:
        ids = tuple(source_ids)
        for source_id in ids:
            self.order.setdefault(source_id, len(self.order) + 1)
        return tuple(sorted({self.order[s] for s in ids}))

    def line(self, text: str, source_ids: Iterable[str]) -> Line:
        return Line(text=text, marks=self.marks(source_ids))


__all__ = [
    "Answer",
    "Badge",
    "ConcernSection",
    "ConsultationSummary",
    "Fact",
    "Glance",
    "Line",
    "Numbers",
    "OptionCard",
    "OptionRow",
    "Reflection",
    "SureAnswer",
]

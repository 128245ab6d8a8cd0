"""The decision aid's questions, asked one by one, building an intake document.

Framework-free: the caller supplies `ask` (show a prompt, return the answer) and `tell`
(show text), so the terminal, a test or any other front end can drive it. The questions are
asked in the knowledge base's language: its labels, and the words of words.py around them;
the answers (IDs, numbers, dates, read in answers.py) are the same in every language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from toxfill.knowledge.base import KnowledgeBase
from toxfill.knowledge.models import ConcernKind
from toxfill.questionnaire import answers as read
from toxfill.questionnaire.answers import Retry
from toxfill.questionnaire.words import Replies, replies, reply, say

Ask = Callable[[str], str]
Tell = Callable[[str], None]
Parsed = TypeVar("Parsed")
MAX_TRIES = 5


class TooManyTries(Exception):
    """The same question got an unusable answer too many times."""


@dataclass(frozen=True)
class _Conversation:
    """Asking and telling in one language."""

    ask: Ask
    tell: Tell
    language: str

    def say(self, english: str, /, **values: object) -> str:
        return say(self.language, english, **values)

    def until_valid(self, prompt: str, parse: Callable[[str], Parsed]) -> Parsed:
        """Ask `prompt` (already in the person's language) until `parse` takes the answer."""
        for _ in range(MAX_TRIES):
            try:
                return parse(self.ask(prompt).strip())
            except Retry as why:
                self.tell(f"  {self.say(why.english, **why.values)}")
        raise TooManyTries(self.say("no usable answer to: {prompt}", prompt=prompt))

    def pick(
        self,
        heading: str,
        items: list[str],
        prompt: str,
        at_least_one: bool = False,
        only_one: bool = False,
        not_sure: frozenset[str] = frozenset(),
    ) -> list[int]:
        """Show a numbered list and return the chosen positions (0-based); an answer in
        `not_sure` chooses none."""
        self.tell(heading)
        for number, item in enumerate(items, start=1):
            self.tell(f"  {number:>3}. {item}")

        def parse(answer: str) -> list[int]:
            if reply(answer) in not_sure:
                return []
            numbers = read.numbers(answer, len(items), at_least_one)
            if only_one and len(numbers) > 1:
                raise Retry("Please type just one number.")
            return numbers

        return self.until_valid(prompt, parse)


def _conversation(kb: KnowledgeBase, ask: Ask, tell: Tell) -> tuple[_Conversation, Replies]:
    """The conversation in the knowledge base's language: a LookupError before the first
    question when the questionnaire does not speak it."""
    return _Conversation(ask, tell, kb.language), replies(kb.language)


def run_questionnaire(kb: KnowledgeBase, ask: Ask, tell: Tell, today: dt.date) -> dict[str, Any]:
    """Ask every question and return the intake as a JSON-ready dict."""
    talk, _ = _conversation(kb, ask, tell)
    talk.tell(
        talk.say(
            "A few questions about you. Your answers stay on this computer. This informs a "
            "conversation with a licensed provider; it does not replace one.\n"
        )
    )
    age = talk.until_valid(talk.say("How old are you?"), read.age)

    concerns = list(kb.concerns.values())
    talk.tell(talk.say("\nWhat would you like to treat?"))
    for kind in (ConcernKind.COSMETIC, ConcernKind.MEDICAL):
        talk.tell(f"  {talk.say(kind.value.capitalize())}:")
        for number, concern in enumerate(concerns, start=1):
            if concern.kind is kind:
                talk.tell(f"  {number:>3}. {concern.label}")
    chosen = talk.until_valid(
        talk.say("Type the numbers, separated by commas (for example 3,5)"),
        lambda answer: read.numbers(answer, len(concerns), at_least_one=True),
    )

    factors = list(kb.health_factors.values())
    health = talk.pick(
        talk.say("\nDo any of these apply to you?"),
        [f.question for f in factors],
        talk.say("Type the numbers that apply, or press Enter if none do"),
    )
    # As on the web form: not sure is a caution, never a silent "no" (uncertain is not safe).
    unsure = talk.until_valid(
        talk.say(
            "Are you not sure about any of them? Type their numbers, or press Enter if you are "
            "sure about all of them"
        ),
        lambda answer: read.not_also(read.numbers(answer, len(factors), False), health),
    )

    talk.tell(talk.say("\nHow much does each of these matter to you? 0 = not at all, 3 = a lot."))
    preferences = {}
    for preference in kb.preferences.values():
        weight = talk.until_valid(talk.say("{label} [0-3]", label=preference.label), read.weight)
        if weight:
            preferences[preference.id] = weight

    options = [o for o in kb.options.values() if o.administration.injected]
    earlier = talk.pick(
        talk.say("\nHave you had one of these treatments in the last 6 months?"),
        [o.label for o in options],
        talk.say("Type its number, or press Enter for none"),
        only_one=True,
    )
    recent = []
    for index in earlier:
        when = talk.until_valid(
            talk.say("When was it? (YYYY-MM-DD)"), lambda answer: read.date(answer, today)
        )
        recent.append({"option": options[index].id, "date": when.isoformat()})

    return {
        "age": age,
        "concerns": [concerns[i].id for i in chosen],
        "health": [factors[i].id for i in health],
        "health_unsure": [factors[i].id for i in unsure],
        "preferences": preferences,
        "recent_treatments": recent,
        "today": today.isoformat(),
    }


def run_triage_questions(kb: KnowledgeBase, ask: Ask, tell: Tell) -> dict[str, Any]:
    """Ask what treatment, how long ago, and what the person feels; return the report."""
    talk, words = _conversation(kb, ask, tell)
    talk.tell(
        talk.say(
            "If you have trouble breathing or swallowing, changes in your vision, or signs of a "
            "stroke, stop and call emergency services now.\n"
        )
    )
    options = [o for o in kb.options.values() if o.administration.injected]
    chosen = talk.pick(
        talk.say("Which treatments did you have at that visit?"),
        [o.label for o in options],
        talk.say("Type the numbers, separated by commas"),
        at_least_one=True,
    )
    kinds = {options[i].kind for i in chosen}
    areas = [a.id for a in kb.areas.values() if kinds & set(a.treated_with)]
    where = talk.pick(
        talk.say("\nWhere on your body was it injected?"),
        [kb.areas[a].label for a in areas],
        talk.say("Type its number, or press Enter if you are not sure"),
        only_one=True,
        not_sure=words.not_sure,
    )
    zone = areas[where[0]] if where else None
    days = talk.until_valid(talk.say("How many days ago was it? (0 = today)"), read.days_since)
    symptoms = list(kb.symptoms.values())
    picked = talk.pick(
        talk.say("\nWhat do you notice? Choose all that apply."),
        [f"{s.label}: {s.description}" for s in symptoms],
        talk.say("Type the numbers, separated by commas"),
        at_least_one=True,
    )
    age = talk.until_valid(
        talk.say("\nHow old is the person treated? (Enter to skip)"), read.optional_age
    )
    pregnant = talk.until_valid(
        talk.say("Pregnant now? (y/n, Enter to skip)"),
        lambda answer: read.optional_yes_no(answer, words),
    )
    report: dict[str, Any] = {
        "treatment": options[chosen[0]].id,
        "other_treatments": [options[i].id for i in chosen[1:]],
        "days_since": days,
        "symptoms": [symptoms[i].id for i in picked],
    }
    if zone:
        report["zone"] = zone
    if age is not None:
        report["age"] = age
    if pregnant is not None:
        report["pregnant"] = pregnant
    return report

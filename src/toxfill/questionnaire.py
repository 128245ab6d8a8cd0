"""The decision aid's questions, asked one by one, building an intake document.

Framework-free: the caller supplies `ask` (show a prompt, return the answer) and `tell`
(show text), so the terminal, a test or any other front end can drive it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from toxfill.knowledge.base import KnowledgeBase
from toxfill.knowledge.models import ConcernKind

Ask = Callable[[str], str]
Tell = Callable[[str], None]
MAX_TRIES = 5


class TooManyTries(Exception):
    """The same question got an unusable answer too many times."""


def run_questionnaire(kb: KnowledgeBase, ask: Ask, tell: Tell, today: dt.date) -> dict[str, Any]:
    """Ask every question and return the intake as a JSON-ready dict."""
    tell(
        "A few questions about you. Your answers stay on this computer. This informs a "
        "conversation with a licensed provider; it does not replace one.\n"
    )
    age = _until_valid(ask, tell, "How old are you?", _age)

    concerns = list(kb.concerns.values())
    tell("\nWhat would you like to treat?")
    for kind in (ConcernKind.COSMETIC, ConcernKind.MEDICAL):
        tell(f"  {kind.value.capitalize()}:")
        for number, concern in enumerate(concerns, start=1):
            if concern.kind is kind:
                tell(f"  {number:>3}. {concern.label}")
    chosen = _until_valid(
        ask,
        tell,
        "Type the numbers, separated by commas (for example 3,5)",
        lambda answer: _numbers(answer, len(concerns), at_least_one=True),
    )

    factors = list(kb.health_factors.values())
    health = _pick(
        ask,
        tell,
        "\nDo any of these apply to you?",
        [f.question for f in factors],
        "Type the numbers that apply, or press Enter if none do",
    )

    tell("\nHow much does each of these matter to you? 0 = not at all, 3 = a lot.")
    preferences = {}
    for preference in kb.preferences.values():
        weight = _until_valid(ask, tell, f"{preference.label} [0-3]", _weight)
        if weight:
            preferences[preference.id] = weight

    options = [o for o in kb.options.values() if o.administration.injected]
    earlier = _pick(
        ask,
        tell,
        "\nHave you had one of these treatments in the last 6 months?",
        [o.label for o in options],
        "Type its number, or press Enter for none",
        only_one=True,
    )
    recent = []
    for index in earlier:
        when = _until_valid(
            ask, tell, "When was it? (YYYY-MM-DD)", lambda answer: _date(answer, today)
        )
        recent.append({"option": options[index].id, "date": when.isoformat()})

    return {
        "age": age,
        "concerns": [concerns[i].id for i in chosen],
        "health": [factors[i].id for i in health],
        "preferences": preferences,
        "recent_treatments": recent,
        "today": today.isoformat(),
    }


def _pick(
    ask: Ask,
    tell: Tell,
    heading: str,
    items: list[str],
    prompt: str,
    at_least_one: bool = False,
    only_one: bool = False,
) -> list[int]:
    """Show a numbered list and return the chosen positions (0-based)."""
    tell(heading)
    for number, item in enumerate(items, start=1):
        tell(f"  {number:>3}. {item}")

    def parse(answer: str) -> list[int]:
        numbers = _numbers(answer, len(items), at_least_one)
        if only_one and len(numbers) > 1:
            raise ValueError("Please type just one number.")
        return numbers

    chosen: list[int] = _until_valid(ask, tell, prompt, parse)
    return chosen


def _until_valid(ask: Ask, tell: Tell, prompt: str, parse: Callable[[str], Any]) -> Any:
    for _ in range(MAX_TRIES):
        try:
            return parse(ask(prompt).strip())
        except ValueError as exc:
            tell(f"  {exc}")
    raise TooManyTries(f"no usable answer to: {prompt}")


def _age(answer: str) -> int:
    if not answer.isdigit() or not 0 <= int(answer) <= 120:
        raise ValueError("Please type your age as a whole number from 0 to 120.")
    return int(answer)


def _weight(answer: str) -> int:
    if answer == "":
        return 0
    if answer not in {"0", "1", "2", "3"}:
        raise ValueError("Please type 0, 1, 2 or 3.")
    return int(answer)


def _numbers(answer: str, count: int, at_least_one: bool) -> list[int]:
    parts = [p.strip() for p in answer.replace(" ", ",").split(",") if p.strip()]
    if not parts and at_least_one:
        raise ValueError("Please choose at least one number from the list.")
    bad = [p for p in parts if not p.isdigit() or not 1 <= int(p) <= count]
    if bad:
        raise ValueError(f"Please use numbers from 1 to {count} (not {', '.join(bad)}).")
    return list(dict.fromkeys(int(p) - 1 for p in parts))


def _date(answer: str, today: dt.date) -> dt.date:
    try:
        when = dt.date.fromisoformat(answer)
    except ValueError:
        raise ValueError("Please type the date as YYYY-MM-DD, for example 2026-10-01.") from None
    if when > today:
        raise ValueError("That date is in the future; please type the date it was given.")
    return when


def run_triage_questions(kb: KnowledgeBase, ask: Ask, tell: Tell) -> dict[str, Any]:
    """Ask what treatment, how long ago, and what the person feels; return the report."""
    tell(
        "If you have trouble breathing or swallowing, changes in your vision, or signs of a "
        "stroke, stop and call emergency services now.\n"
    )
    options = [o for o in kb.options.values() if o.administration.injected]
    chosen = _pick(
        ask,
        tell,
        "Which treatments did you have at that visit?",
        [o.label for o in options],
        "Type the numbers, separated by commas",
        at_least_one=True,
    )
    kinds = {options[i].kind for i in chosen}
    areas = [a.id for a in kb.areas.values() if kinds & set(a.treated_with)]
    where = _pick(
        ask,
        tell,
        "\nWhere on your body was it injected?",
        [kb.areas[a].label for a in areas],
        "Type its number, or press Enter if you are not sure",
        only_one=True,
    )
    zone = areas[where[0]] if where else None
    days = _until_valid(ask, tell, "How many days ago was it? (0 = today)", _days_since)
    symptoms = list(kb.symptoms.values())
    picked = _pick(
        ask,
        tell,
        "\nWhat do you notice? Choose all that apply.",
        [f"{s.label}: {s.description}" for s in symptoms],
        "Type the numbers, separated by commas",
        at_least_one=True,
    )
    age = _until_valid(ask, tell, "\nHow old is the person treated? (Enter to skip)", _optional_age)
    pregnant = _until_valid(ask, tell, "Pregnant now? (y/n, Enter to skip)", _optional_yes_no)
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


def _optional_age(answer: str) -> int | None:
    return _age(answer) if answer else None


def _optional_yes_no(answer: str) -> bool | None:
    if not answer:
        return None
    if answer.lower() in ("y", "yes", "n", "no"):
        return answer.lower().startswith("y")
    raise ValueError("Please type y or n, or press Enter to skip.")


def _days_since(answer: str) -> int:
    if not answer.isdigit() or int(answer) > 3650:
        raise ValueError("Please type a whole number of days, 0 or more.")
    return int(answer)

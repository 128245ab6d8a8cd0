"""The questionnaires' answers read: each reader returns the value, or raises Retry saying what
to type, in English words that the questionnaire says in the person's language."""

from __future__ import annotations

import datetime as dt

from toxfill.questionnaire.words import Replies, reply


class Retry(ValueError):
    """An answer a question cannot use: why, as English words and their values, said in the
    person's language before the question is asked again."""

    def __init__(self, english: str, /, **values: object) -> None:
        super().__init__(english.format(**values) if values else english)
        self.english, self.values = english, values


def age(answer: str) -> int:
    if not answer.isdecimal() or not 0 <= int(answer) <= 120:
        raise Retry("Please type your age as a whole number from 0 to 120.")
    return int(answer)


def optional_age(answer: str) -> int | None:
    return age(answer) if answer else None


def weight(answer: str) -> int:
    if answer == "":
        return 0
    if answer not in {"0", "1", "2", "3"}:
        raise Retry("Please type 0, 1, 2 or 3.")
    return int(answer)


def numbers(answer: str, count: int, at_least_one: bool) -> list[int]:
    parts = [p.strip() for p in answer.replace(" ", ",").split(",") if p.strip()]
    if not parts and at_least_one:
        raise Retry("Please choose at least one number from the list.")
    bad = [p for p in parts if not p.isdecimal() or not 1 <= int(p) <= count]
    if bad:
        raise Retry(
            "Please use numbers from 1 to {count} (not {bad}).", count=count, bad=", ".join(bad)
        )
    return list(dict.fromkeys(int(p) - 1 for p in parts))


def not_also(chosen: list[int], answered: list[int]) -> list[int]:
    """`chosen` (0-based), none of which was `answered` already (a yes is not also unsure)."""
    if again := [str(n + 1) for n in chosen if n in answered]:
        raise Retry("You said yes to {numbers} already.", numbers=", ".join(again))
    return chosen


def date(answer: str, today: dt.date) -> dt.date:
    try:
        when = dt.date.fromisoformat(answer)
    except ValueError:
        raise Retry("Please type the date as YYYY-MM-DD, for example 2026-10-01.") from None
    if when > today:
        raise Retry("That date is in the future; please type the date it was given.")
    return when


def optional_yes_no(answer: str, words: Replies) -> bool | None:
    """Yes, no, or None for no answer (Enter, or "not sure")."""
    said = reply(answer)
    if not answer or said in words.not_sure:
        return None
    if said in words.yes | words.no:
        return said in words.yes
    raise Retry("Please type y or n, or press Enter to skip.")


def days_since(answer: str) -> int:
    if not answer.isdecimal() or int(answer) > 3650:
        raise Retry("Please type a whole number of days, 0 or more.")
    return int(answer)

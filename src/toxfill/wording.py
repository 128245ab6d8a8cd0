"""Numbers and lists in the words people read: '3–4 months', '$435', 'A, B and C'."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence


def number(value: float) -> str:
    """3.0 -> '3', 3.5 -> '3.5'."""
    return f"{value:g}" if value == int(value) else f"{value:.1f}".rstrip("0").rstrip(".")


# A unit's name, one and many, in the languages other than English.
UNITS: dict[str, dict[str, tuple[str, str]]] = {
    "es": {
        "day": ("día", "días"),
        "week": ("semana", "semanas"),
        "month": ("mes", "meses"),
        "visit": ("visita", "visitas"),
    }
}


def span(low: float, high: float, unit: str, language: str = "en") -> str:
    """(3, 4, 'month') -> '3–4 months'; (1, 1, 'visit') -> '1 visit'; in Spanish '3–4 meses'."""
    low_text, high_text = number(round(low, 1)), number(round(high, 1))
    one, many = (unit, f"{unit}s") if language == "en" else UNITS[language][unit]
    name = one if high_text == "1" else many
    if low_text == high_text:
        return f"{low_text} {name}"
    return f"{low_text}–{high_text} {name}"


def usd(low: int, high: int) -> str:
    """(435, 435) -> '$435'; (300, 600) -> '$300–$600'."""
    return f"${low:,}" if low == high else f"${low:,}–${high:,}"


def in_words(items: Sequence[str], language: str = "en", joiner: str = "and") -> str:
    """'A', 'A and B', 'A, B and C' ('A, B y C' in Spanish); `joiner` "or" gives 'A, B or C'.
    Spanish writes "e" for "y" before the sound i ('A e Injerto') and "u" for "o" before the
    sound o ('A u Otro'); an empty list is empty."""
    if len(items) <= 1:
        return items[0] if items else ""
    last = items[-1]
    word = {"en": {"and": "and", "or": "or"}, "es": {"and": "y", "or": "o"}}[language][joiner]
    if language == "es" and word == "y" and re.match(r"h?i(?![aeiouáéíóú])", last, re.I):
        word = "e"
    elif language == "es" and word == "o" and re.match(r"h?o", last, re.I):
        word = "u"
    return f"{', '.join(items[:-1])} {word} {last}"


SPANISH_MONTHS = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
]


def long_date(day: dt.date, language: str = "en") -> str:
    """2026-10-01 -> '1 October 2026' ('1 de octubre de 2026' in Spanish): no one misreads it
    as January 10. Month names from a table, not the process's locale."""
    if language == "es":
        return f"{day.day} de {SPANISH_MONTHS[day.month - 1]} de {day.year}"
    return f"{day.day} {day.strftime('%B %Y')}"


def short_label(label: str) -> str:
    """A label without its bracketed gloss, for a sentence that names it again:
    'Fat grafting (your own fat as a filler)' -> 'Fat grafting'."""
    head, _, _ = label.partition(" (")
    return head or label


def lower_first(label: str) -> str:
    """Lowercase a label's first letter to use it mid-sentence, unless it starts an acronym
    (PMMA)."""
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]

"""The words an aftercare sheet writes itself (around the knowledge base's own), in each
language it speaks, keyed by the English. The knowledge base's language picks them, so a sheet
never mixes two languages; an English phrase with no twin here is a LookupError, never English
in silence. Only words live here: every urgency and grouping is worked out in aftercare.py.
"""

from __future__ import annotations

from collections.abc import Mapping

from toxfill.phrasebook import Phrasebook

SPANISH: Mapping[str, str] = {
    # When a group of signs holds (aftercare._condition).
    "a child aged {age} or younger": "un niño o una niña de {age} años o menos",
    "after injection in: {zones}": "si se inyectó en: {zones}",
    "from day {day}": "desde el día {day}",
    # Signs that count together (aftercare._pattern).
    "{signs} together with {others}{where}": "{signs} junto con {others}{where}",
    "{count} or more of these together: {signs}{where}": (
        "{count} o más de estas a la vez: {signs}{where}"
    ),
    # A group in one sentence (help_line): "Call ... if you get any of these: ...".
    "you get {pattern}": "tiene {pattern}",
    # The sheet's headings, as the command line prints it (render/terminal.print_aftercare).
    "Aftercare: {label}": "Cuidados después del tratamiento: {label}",
    "At home, step by step": "En casa, paso a paso",
    "What is normal": "Qué es normal",
    "What to avoid": "Qué evitar",
    "Watch for": "Esté atento a",
    "Before your next treatment": "Antes de su próximo tratamiento",
    "When to get help": "Cuándo pedir ayuda",
    "{action}{when} if you get any of these:": "{action}{when} si tiene alguna de estas señales:",
    "Sources": "Fuentes",
}

say = Phrasebook("toxfill/triage/aftercare_words.py", {"es": SPANISH}).say

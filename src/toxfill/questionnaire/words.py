"""The words the questionnaires (questionnaire/__init__.py) write themselves, around the
knowledge base's labels, in each language they speak, keyed by the English; and the short
replies they understand (yes, no, not sure). The knowledge base's language picks them, so a
questionnaire never asks in two languages; an English phrase or a language with no twin here
is a LookupError, never English in silence. Only words live here: every question and its
order are in questionnaire/__init__.py, the reading of answers in questionnaire/answers.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from toxfill.phrasebook import Phrasebook

HOME = "toxfill/questionnaire/words.py"

SPANISH: Mapping[str, str] = {
    # The decision aid's questions (run_questionnaire).
    "A few questions about you. Your answers stay on this computer. This informs a "
    "conversation with a licensed provider; it does not replace one.\n": (
        "Unas preguntas sobre usted. Sus respuestas se quedan en esta computadora. Esto le"
        " prepara para hablar con un proveedor de salud con licencia. No reemplaza esa"
        " conversación.\n"
    ),
    "How old are you?": "¿Cuántos años tiene?",
    "\nWhat would you like to treat?": "\n¿Qué le gustaría tratar?",
    "Cosmetic": "Estéticos",
    "Medical": "Médicos (los trata un médico especialista)",
    "Type the numbers, separated by commas (for example 3,5)": (
        "Escriba los números, separados por comas (por ejemplo 3,5)"
    ),
    "\nDo any of these apply to you?": "\n¿Le pasa alguna de estas cosas?",
    "Type the numbers that apply, or press Enter if none do": (
        "Escriba los números de las que le pasan, u oprima Enter si no le pasa ninguna"
    ),
    "Are you not sure about any of them? Type their numbers, or press Enter if you are "
    "sure about all of them": (
        "¿No está seguro de alguna? Escriba sus números, u oprima Enter si está seguro de todas"
    ),
    "\nHow much does each of these matter to you? 0 = not at all, 3 = a lot.": (
        "\n¿Cuánto le importa cada una de estas cosas? 0 = nada, 3 = mucho."
    ),
    "{label} [0-3]": "{label} [0-3]",
    "\nHave you had one of these treatments in the last 6 months?": (
        "\n¿Le pusieron alguno de estos tratamientos en los últimos 6 meses?"
    ),
    "Type its number, or press Enter for none": (
        "Escriba su número, u oprima Enter si no le pusieron ninguno"
    ),
    "When was it? (YYYY-MM-DD)": "¿Cuándo fue? (AAAA-MM-DD)",
    # The after-treatment questions (run_triage_questions).
    "If you have trouble breathing or swallowing, changes in your vision, or signs of a "
    "stroke, stop and call emergency services now.\n": (
        "Si le cuesta respirar o tragar, si nota cambios en la vista o señales de un accidente"
        " cerebrovascular, deje esto y llame ahora a los servicios de emergencia.\n"
    ),
    "Which treatments did you have at that visit?": "¿Qué tratamientos le pusieron en esa visita?",
    "Type the numbers, separated by commas": "Escriba los números, separados por comas",
    "\nWhere on your body was it injected?": "\n¿En qué parte del cuerpo se lo inyectaron?",
    "Type its number, or press Enter if you are not sure": (
        "Escriba su número, u oprima Enter si no está seguro"
    ),
    "How many days ago was it? (0 = today)": "¿Hace cuántos días fue? (0 = hoy)",
    "\nWhat do you notice? Choose all that apply.": "\n¿Qué nota? Elija todo lo que tenga.",
    "\nHow old is the person treated? (Enter to skip)": (
        "\n¿Cuántos años tiene la persona tratada? (Enter para no contestar)"
    ),
    "Pregnant now? (y/n, Enter to skip)": (
        "¿Está embarazada ahora? (s = sí, n = no, Enter para no contestar)"
    ),
    # An answer it cannot use, said before the question is asked again.
    "Please type your age as a whole number from 0 to 120.": (
        "Escriba la edad en años enteros, de 0 a 120."
    ),
    "Please type 0, 1, 2 or 3.": "Escriba 0, 1, 2 o 3.",
    "Please choose at least one number from the list.": "Elija al menos un número de la lista.",
    "Please use numbers from 1 to {count} (not {bad}).": "Use números del 1 al {count} (no {bad}).",
    "Please type just one number.": "Escriba un solo número.",
    "You said yes to {numbers} already.": "Ya dijo que sí a: {numbers}.",
    "Please type the date as YYYY-MM-DD, for example 2026-10-01.": (
        "Escriba la fecha como AAAA-MM-DD, por ejemplo 2026-10-01."
    ),
    "That date is in the future; please type the date it was given.": (
        "Esa fecha todavía no llega. Escriba la fecha en que se lo pusieron."
    ),
    "Please type y or n, or press Enter to skip.": (
        "Escriba s (sí) o n (no), u oprima Enter para no contestar."
    ),
    "Please type a whole number of days, 0 or more.": (
        "Escriba un número entero de días, 0 o más."
    ),
    # Why the questions stopped (TooManyTries, and the command line's end of input).
    "no usable answer to: {prompt}": "ninguna respuesta sirvió para: {prompt}",
    "the questionnaire ended before every question was answered": (
        "las preguntas terminaron antes de que contestara todas"
    ),
}

say = Phrasebook(HOME, {"es": SPANISH}).say


@dataclass(frozen=True)
class Replies:
    """The short answers a questionnaire understands in one language, lower case."""

    yes: frozenset[str]
    no: frozenset[str]
    not_sure: frozenset[str]  # the same as pressing Enter where "not sure" is accepted


REPLIES: Mapping[str, Replies] = {
    "en": Replies(
        yes=frozenset({"y", "yes"}),
        no=frozenset({"n", "no"}),
        not_sure=frozenset({"not sure", "unsure", "don't know", "i don't know"}),
    ),
    "es": Replies(
        yes=frozenset({"sí", "si", "s"}),
        no=frozenset({"no", "n"}),
        not_sure=frozenset(
            {"no sé", "no se", "no lo sé", "no lo se", "no estoy seguro", "no estoy segura"}
        ),
    ),
}


def replies(language: str) -> Replies:
    """The replies understood in `language`: a LookupError naming this module if none."""
    try:
        return REPLIES[language]
    except KeyError:
        raise LookupError(f"no {language} replies in {HOME}") from None


def reply(answer: str) -> str:
    """An answer as the replies are kept: lower case, without the marks around a word."""
    return " ".join(answer.lower().strip(" .!¡?¿").split())

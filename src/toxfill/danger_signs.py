"""The danger signs asked first after a treatment, as yes/no questions in plain words.

A sign answered yes is reported to triage as the symptoms it names, so the triage rules, not the
page that asks, decide what a yes means. Each sign names only symptoms that the rules hold as an
emergency after the treatments in `after` (empty: after any treatment); a test checks it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from toxfill.errors import UnknownIdError

FILLERS = ("ha-filler", "caha-filler", "plla-filler", "pmma-filler", "fat-grafting")


class DangerSign(NamedTuple):
    id: str
    question: str
    looks_like: str  # what it looks like, in a few words
    symptoms: tuple[str, ...]
    after: tuple[str, ...] = ()  # the treatments it is asked about; empty: any
    pattern: bool = False  # an emergency only together (each symptom alone may be less)


DANGER_SIGNS: tuple[DangerSign, ...] = (
    DangerSign(
        id="breathing",
        question="Trouble breathing or swallowing?",
        looks_like="Short of breath, wheezing or choking.",
        symptoms=("difficulty-breathing", "difficulty-swallowing"),
    ),
    DangerSign(
        id="swelling",
        question="Swelling of the face, lips, tongue or throat?",
        looks_like="It comes on fast, or your throat is tight.",
        symptoms=("face-or-throat-swelling",),
    ),
    DangerSign(
        id="sight-loss",
        question="Losing part or all of your sight?",
        looks_like="Part of what you see is dark or gone.",
        symptoms=("vision-loss",),
    ),
    DangerSign(
        id="eyes-after-filler",
        question="After filler: a change in your eyes?",
        looks_like="Blurry or double vision, eye pain, a droopy eyelid.",
        symptoms=("vision-change", "double-vision", "eye-pain", "eyelid-droop"),
        after=FILLERS,
    ),
    DangerSign(
        id="skin",
        question="After filler: pale, dark or blotchy skin, or bad pain?",
        looks_like="Skin looks white, grey-blue or lacy.",
        symptoms=("skin-blanching", "skin-dusky-or-mottled", "severe-pain"),
        after=FILLERS,
    ),
    DangerSign(
        id="stroke",
        question="Signs of a stroke?",
        looks_like="Face droops, arm weak, or speech slurs.",
        symptoms=("stroke-symptoms",),
    ),
    DangerSign(
        id="faint",
        question="Feeling faint, with hives or itching?",
        looks_like="Dizzy or fainted, plus itchy welts.",
        symptoms=("feeling-faint", "hives"),
        pattern=True,
    ),
)


# The same questions in Spanish, by sign ID: (question, what it looks like). Every sign has its
# words in every language (danger_signs_in refuses a gap), so no language asks fewer questions.
SPANISH: dict[str, tuple[str, str]] = {
    "breathing": ("¿Le cuesta respirar o tragar?", "Le falta el aire, tiene silbidos o se ahoga."),
    "swelling": (
        "¿Hinchazón de la cara, labios, lengua o garganta?",
        "Rápida, o con la garganta apretada.",
    ),
    "sight-loss": (
        "¿Pierde parte o toda la vista?",
        "Parte de lo que ve está oscuro o no está.",
    ),
    "eyes-after-filler": (
        "¿Cambio en los ojos tras un relleno?",
        "Visión borrosa o doble, dolor de ojo, párpado caído.",
    ),
    "skin": (
        "Tras un relleno: ¿piel pálida u oscura, o dolor fuerte?",
        "Piel blanca, gris azulada o como encaje.",
    ),
    "stroke": (
        "¿Señales de un accidente cerebrovascular?",
        "Cara o brazo caído, habla arrastrada.",
    ),
    "faint": (
        "¿Mareo o desmayo, con urticaria o picazón?",
        "Mareo o desmayo, y ronchas que pican.",
    ),
}
WORDS: dict[str, dict[str, tuple[str, str]]] = {"es": SPANISH}


def danger_signs_in(language: str) -> tuple[DangerSign, ...]:
    """The danger signs with their questions in `language` (en, es); the symptoms stay."""
    if language == "en":
        return DANGER_SIGNS
    words = WORDS[language]
    missing = [sign.id for sign in DANGER_SIGNS if sign.id not in words]
    if missing or set(words) - {sign.id for sign in DANGER_SIGNS}:
        raise KeyError(f"danger signs without their {language} words: {missing}")
    return tuple(
        sign._replace(question=words[sign.id][0], looks_like=words[sign.id][1])
        for sign in DANGER_SIGNS
    )


def danger_symptoms(sign_ids: Iterable[str]) -> tuple[str, ...]:
    """The symptoms to report for the signs answered yes; an unknown sign is an error."""
    known = {sign.id: sign for sign in DANGER_SIGNS}
    symptoms: list[str] = []
    for index, sign_id in enumerate(sign_ids):
        if sign_id not in known:
            raise UnknownIdError(f"danger[{index}]", "danger sign", sign_id, known)
        symptoms += known[sign_id].symptoms
    return tuple(dict.fromkeys(symptoms))


__all__ = ["DANGER_SIGNS", "DangerSign", "danger_signs_in", "danger_symptoms"]

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


DANGER_SIGNS: tuple[DangerSign, ...] = (
    DangerSign(
        id="breathing",
        question="Trouble breathing or swallowing?",
        looks_like="Short of breath, wheezing, or you cannot swallow food, drink or spit.",
        symptoms=("difficulty-breathing", "difficulty-swallowing"),
    ),
    DangerSign(
        id="swelling",
        question="Swelling of the face, lips, tongue or throat?",
        looks_like="It comes on fast, or your throat feels tight.",
        symptoms=("face-or-throat-swelling",),
    ),
    DangerSign(
        id="sight-loss",
        question="Losing part or all of your sight?",
        looks_like="Part of what you see is dark, grey or gone, like a curtain.",
        symptoms=("vision-loss",),
    ),
    DangerSign(
        id="eyes-after-filler",
        question="After filler: blurred or double vision, eye pain or a drooping eyelid?",
        looks_like="Any change in your eyes or sight since the filler.",
        symptoms=("vision-change", "double-vision", "eye-pain", "eyelid-droop"),
        after=FILLERS,
    ),
    DangerSign(
        id="skin",
        question="After filler: pale, white, dark or blotchy skin, or bad pain?",
        looks_like="Skin near the filler looks white, blue-grey or lacy, or hurts far more "
        "than expected.",
        symptoms=("skin-blanching", "skin-dusky-or-mottled", "severe-pain"),
        after=FILLERS,
    ),
    DangerSign(
        id="stroke",
        question="Signs of a stroke?",
        looks_like="One side of the face droops, an arm is weak, or speech is slurred.",
        symptoms=("stroke-symptoms",),
    ),
    DangerSign(
        id="faint",
        question="Feeling faint, with hives or itching?",
        looks_like="Dizzy or light-headed, or you fainted, and itchy welts on the skin.",
        symptoms=("feeling-faint", "hives"),
    ),
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


__all__ = ["DANGER_SIGNS", "DangerSign", "danger_symptoms"]

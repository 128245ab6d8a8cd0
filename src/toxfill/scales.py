"""The fixed scales of toxfill's answers: decision statuses (C3) and triage urgencies (C5)."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from toxfill.knowledge.models import Term, UrgencyLevel


class Status(StrEnum):
    RECOMMENDED = "recommended"
    SUITABLE = "suitable"
    CAUTION = "caution"
    NOT_SUITABLE = "not-suitable"
    REFER = "refer"


STATUS_TERMS: tuple[Term, ...] = (
    Term(
        id=Status.RECOMMENDED,
        label="Recommended",
        description="A first choice for this concern, with nothing in your answers against it.",
    ),
    Term(
        id=Status.SUITABLE, label="Suitable", description="Approved for this concern and fits you."
    ),
    Term(
        id=Status.CAUTION,
        label="Caution",
        description="Something in your health needs talking over with your provider first.",
    ),
    Term(
        id=Status.NOT_SUITABLE,
        label="Not suitable",
        description="Not for you now: not approved for this, not at your age, not safe with "
        "your health, or too soon since your last treatment.",
    ),
    Term(
        id=Status.REFER,
        label="See a specialist",
        description="A medical use: a specialist doctor decides and gives this treatment.",
    ),
)

# What each urgency asks a person to do, action first: the triage headline and the vocabulary.
URGENCY_ACTIONS: Mapping[UrgencyLevel, str] = {
    UrgencyLevel.SELF_CARE: "This is usually part of normal healing: look after it at home and "
    "follow the aftercare advice.",
    UrgencyLevel.ROUTINE: "Contact your provider within the next few days.",
    UrgencyLevel.URGENT: "Contact your provider today. If you cannot reach them, go to urgent "
    "care or an emergency department.",
    # No number here: the pages show the person's own (911, 999, 112, 000) as a tap-to-call link.
    UrgencyLevel.EMERGENCY: "Call emergency services or go to the nearest emergency department "
    "now.",
}
URGENCY_LABELS: Mapping[UrgencyLevel, str] = {
    UrgencyLevel.SELF_CARE: "Self-care",
    UrgencyLevel.ROUTINE: "Routine",
    UrgencyLevel.URGENT: "Urgent",
    UrgencyLevel.EMERGENCY: "Emergency",
}
URGENCY_TERMS: tuple[Term, ...] = tuple(
    Term(id=level, label=URGENCY_LABELS[level], description=URGENCY_ACTIONS[level])
    for level in UrgencyLevel
)

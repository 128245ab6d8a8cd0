"""The fixed scales of toxfill's answers: decision statuses (C3) and triage urgencies (C5)."""

from __future__ import annotations

from enum import StrEnum

from toxfill.knowledge.models import Term, UrgencyLevel


class Status(StrEnum):
    RECOMMENDED = "recommended"
    SUITABLE = "suitable"
    CAUTION = "caution"
    NOT_SUITABLE = "not-suitable"
    REFER = "refer"


Urgency = UrgencyLevel


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

URGENCY_TERMS: tuple[Term, ...] = (
    Term(id=Urgency.SELF_CARE, label="Self-care", description="Look after it at home."),
    Term(
        id=Urgency.ROUTINE,
        label="Routine",
        description="Contact your provider within a few days.",
    ),
    Term(id=Urgency.URGENT, label="Urgent", description="Contact your provider today."),
    Term(
        id=Urgency.EMERGENCY,
        label="Emergency",
        description="Call emergency services or go to an emergency department now.",
    ),
)

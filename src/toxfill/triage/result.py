"""The triage answer: an urgency, the reasons and advice behind it, and cited aftercare."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from toxfill.knowledge.models import Source, UrgencyLevel
from toxfill.results import Result
from toxfill.triage.phrases import phrases_for
from toxfill.triage.report import Report


class TriageReason(Result):
    text: str
    sources: tuple[str, ...] = Field(min_length=1)
    symptoms: tuple[str, ...]
    urgency: UrgencyLevel
    rule: str = Field(description="The rule ID, or expected-reaction / not-expected.")


class SymptomUrgency(Result):
    symptom: str
    label: str
    urgency: UrgencyLevel


class AftercareNote(Result):
    text: str
    sources: tuple[str, ...]


class TriageResult(Result):
    schema_: Literal["toxfill.triage/1"] = Field(default="toxfill.triage/1", alias="schema")
    knowledge_version: str
    language: str = Field(
        default="en", description="The language its words are in: en (English), es (Spanish)."
    )
    report: Report
    treated_when: str | None = Field(
        default=None, description="When the treatment was, in words; null when not known."
    )
    urgency: UrgencyLevel
    headline: str = Field(description="What to do, first.")
    reasons: tuple[TriageReason, ...]
    advice: tuple[str, ...]
    tell: tuple[str, ...] = Field(description="What to tell the emergency team or provider.")
    worse_if: tuple[str, ...] = Field(
        description="What would make it more urgent: one line per urgency, most urgent first."
    )
    symptoms: tuple[SymptomUrgency, ...]
    watch_for: tuple[AftercareNote, ...] = Field(
        description="Signs to watch for after these treatments, whatever the urgency now."
    )
    aftercare_steps: tuple[AftercareNote, ...] = Field(
        description="What to do at home, step by step: empty when urgent or an emergency."
    )
    aftercare_normal: tuple[AftercareNote, ...] = Field(
        description="What is normal: empty when the result is urgent or an emergency."
    )
    aftercare_avoid: tuple[AftercareNote, ...] = Field(
        description="What to avoid: empty when the result is urgent or an emergency."
    )
    aftercare_once_seen: tuple[AftercareNote, ...] = Field(
        description="Urgent and emergency results: what to avoid once you have been seen."
    )
    sources: tuple[Source, ...]
    disclaimer: str

    def note_sections(self) -> tuple[tuple[str, tuple[AftercareNote, ...]], ...]:
        """The cited notes after the reasons, under their headings, in reading order; every
        renderer shows the same ones (empty sections left out)."""
        steps, watch, aftercare, once_seen = phrases_for(self.language).headings
        sections = (
            (steps, self.aftercare_steps),
            (watch, self.watch_for),
            (aftercare, (*self.aftercare_normal, *self.aftercare_avoid)),
            (once_seen, self.aftercare_once_seen),
        )
        return tuple((heading, notes) for heading, notes in sections if notes)

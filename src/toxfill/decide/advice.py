"""What to take to the provider: combinations studied together and questions to ask."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from toxfill.decide.assessment import labelled
from toxfill.decide.models import ConcernStatus, OptionDecision, Part, Question, Suggestion
from toxfill.decide.words import say
from toxfill.intake import Intake
from toxfill.knowledge.base import KnowledgeBase
from toxfill.scales import Status
from toxfill.wording import in_words


def combinations(
    kb: KnowledgeBase, intake: Intake, per_concern: Mapping[str, tuple[ConcernStatus, ...]]
) -> list[Suggestion]:
    """A combination study, shown only to a person with a concern it treated (SHR-COMB-1, -2).

    Its approved parts must fit the person; its off-label parts are named, never suggested.
    """
    good = {Status.RECOMMENDED, Status.SUITABLE}
    language = kb.language
    suggestions = []
    for combination in kb.combinations.values():
        studied = [c for c in combination.concerns if c in intake.concerns]
        parts = [Part(option=o, concern=c) for c in studied for o in combination.options]
        approved = [p for p in parts if labelled(kb, kb.options[p.option], p.concern)]
        statuses = {(row.option, c): row.status for c in studied for row in per_concern[c]}
        if not approved or any(statuses.get((p.option, p.concern)) not in good for p in approved):
            continue
        off_label = [p for p in parts if p not in approved]
        concerns = in_words([kb.concerns[c].label.lower() for c in studied], language)
        text = say(
            language,
            "Studied together for {concerns}: {options}.",
            concerns=concerns,
            options=say(language, " and ").join(kb.options[o].label for o in combination.options),
        )
        if off_label:
            named = [
                say(
                    language,
                    "{option} for {concern}",
                    option=kb.options[p.option].label,
                    concern=kb.concerns[p.concern].label.lower(),
                )
                for p in off_label
            ]
            text += say(
                language,
                " Not approved, so toxfill does not suggest it: {parts} (off-label).",
                parts=in_words(named, language),
            )
        suggestions.append(
            Suggestion(
                options=combination.options,
                concerns=tuple(studied),
                text=f"{text} {combination.text}",
                sources=combination.sources,
                off_label=tuple(off_label),
            )
        )
    return suggestions


# The serious risks whose warning signs every person should know (FIL-VO-1, TOX-BOX-1).
WARNING_SIGN_RISKS = frozenset({"vascular-occlusion", "distant-spread"})


def questions(
    kb: KnowledgeBase, intake: Intake, options: Sequence[OptionDecision]
) -> list[Question]:
    """Questions to take to the provider: always the safety basics, then the person's own."""
    toxin, filler = kb.options["botulinum-toxin"], kb.options["ha-filler"]
    language = kb.language
    asked = [
        Question(
            text=say(
                language, "Are you a licensed provider, and how often do you give this treatment?"
            ),
            sources=filler.provider.sources,
        ),
        Question(
            text=say(
                language,
                "Which product will you use? Is it FDA-approved for my concern and my age?",
            ),
            sources=filler.regulatory.sources,
        ),
        Question(
            text=say(
                language,
                "What side effects should I expect, and what should I do if I notice warning"
                " signs after treatment?",
            ),
            sources=tuple(
                dict.fromkeys(
                    s
                    for risk in (*filler.risks, *toxin.risks)
                    if risk.id in WARNING_SIGN_RISKS
                    for s in risk.sources
                )
            ),
        ),
    ]
    if (
        any(t.option == "botulinum-toxin" for t in intake.recent_treatments)
        and toxin.retreatment_min
    ):
        asked.append(
            Question(
                text=say(language, "I had botulinum toxin recently: when can I safely have more?"),
                sources=toxin.retreatment_min.sources,
            )
        )
    seen: set[str] = set()
    for decision in options:
        if decision.status in {Status.CAUTION, Status.REFER}:
            for item in decision.discuss:
                if item.text not in seen:
                    seen.add(item.text)
                    asked.append(
                        Question(text=f"{decision.label}: {item.text}", sources=item.sources)
                    )
    return asked


__all__ = ["WARNING_SIGN_RISKS", "combinations", "questions"]

"""The first part of a consultation summary, as an Option Grid puts it: one line per concern
with its best fit, status and the trade-off where a stated preference lost; then which way the
person is leaning and their SURE test."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from toxfill.knowledge.base import KnowledgeBase
from toxfill.render.consultation_parts import ConcernSection, Glance, Line, Reflection, SureAnswer
from toxfill.render.consultation_words import say
from toxfill.scales import Status
from toxfill.wording import long_date, lower_first, short_label

NO_TREATMENT = "no-treatment"
UNSURE = "unsure"
NOT_SURE = "not sure: "
# The SURE test (Legare et al., Can Fam Physician 2010): four yes/no questions; a "no" to any
# of them suggests the person does not yet feel ready to decide.
SURE_QUESTIONS = (
    ("sure", "Sure of myself", "Do you feel sure about the best choice for you?"),
    ("understand", "Understand information", "Do you know the benefits and risks of each option?"),
    (
        "ratio",
        "Risk-benefit ratio",
        "Are you clear about which benefits and risks matter most to you?",
    ),
    (
        "encouragement",
        "Encouragement",
        "Do you have enough support and advice to make a choice?",
    ),
)


def open_options(concerns: Sequence[ConcernSection]) -> set[str]:
    """Options open to the person for some concern, now or from a stated date."""
    return {
        row.option
        for section in concerns
        for row in section.rows
        if row.badge.status != Status.NOT_SUITABLE or row.available_from
    }


def glance(section: ConcernSection, trade_off: Line | None = None, language: str = "en") -> Glance:
    """'Frown lines: Botulinum toxin, Recommended' - the best option for the concern, and the
    trade-off where a stated preference lost."""
    label = short_label(section.label)
    best = section.rows[0] if section.rows else None
    if best is None:
        return Glance(
            concern=section.concern,
            label=label,
            option="",
            option_label="",
            badge=None,
            text=say(language, "No approved shot treats this. Ask a provider about other care."),
        )
    if best.badge.status == Status.NOT_SUITABLE:
        text = say(language, "Nothing approved fits you now.")
        if best.available_from:
            text += say(
                language,
                " {option} is possible again from {date}.",
                option=best.label,
                date=long_date(best.available_from, language),
            )
        held = next((row for row in section.rows if row.cautions), None)
        if held is not None:
            # Held back by a "not sure": say what to find out, not only "nothing fits".
            not_sure = say(language, NOT_SURE)
            doubts = "; ".join(c.removeprefix(not_sure) for c in held.cautions)
            text += say(
                language,
                " {option} may fit once you find out about this: {doubts}.",
                option=short_label(held.label),
                doubts=doubts,
            )
    elif best.badge.status == Status.REFER:
        text = say(
            language,
            "A {specialist} decides. Ask them about {option}.",
            specialist=section.specialist,
            option=lower_first(best.label),
        )
        if best.cautions:
            # A referral still carries its cautions: the specialist must hear them first.
            text += say(
                language,
                " Talk over with them first: {cautions}.",
                cautions="; ".join(best.cautions),
            )
    elif best.badge.status == Status.CAUTION:
        text = say(
            language,
            "Best fit: {option}. Talk it over with your provider first.",
            option=best.label,
        )
    else:
        text = say(language, "Best fit: {option}.", option=best.label)
    return Glance(
        section.concern, label, best.option, best.label, best.badge, text, trade_off=trade_off
    )


def leaning_choices(
    kb: KnowledgeBase, concerns: Sequence[ConcernSection]
) -> tuple[tuple[str, str], ...]:
    chosen = open_options(concerns)
    choices = [(o, kb.options[o].label) for o in kb.options if o in chosen]
    choices.append((NO_TREATMENT, kb.options[NO_TREATMENT].label))
    choices.append((UNSURE, say(kb.language, "I don't know yet")))
    return tuple(choices)


def reflect(
    choices: Sequence[tuple[str, str]],
    leaning: str,
    sure: Mapping[str, str],
    language: str = "en",
) -> Reflection:
    """The leaning and SURE answers in words; unknown values are treated as not answered."""
    labels = dict(choices)
    leaning = leaning if leaning in labels else ""
    answers = tuple(
        SureAnswer(
            id=key,
            question=say(
                language,
                "{name}: {question}",
                name=say(language, name),
                question=say(language, question),
            ),
            answer=value,
        )
        for key, name, question in SURE_QUESTIONS
        for value in [sure.get(key, "") if sure.get(key) in {"yes", "no"} else ""]
    )
    score = sum(a.answer == "yes" for a in answers) if all(a.answer for a in answers) else None
    if score == len(SURE_QUESTIONS):
        advice = "You said yes to all four questions. Share your choice with your provider."
    elif score is None:
        advice = "Answer all four questions to see what they suggest."
    else:
        advice = (
            "You said no to at least one question. Many people feel this way. Do not rush."
            " Talk it over with your provider before you choose."
        )
    advice = say(language, advice)
    return Reflection(
        leaning=leaning,
        leaning_label=labels.get(leaning, ""),
        sure=answers,
        score=score,
        advice=advice,
    )


__all__ = [
    "NO_TREATMENT",
    "SURE_QUESTIONS",
    "UNSURE",
    "glance",
    "leaning_choices",
    "open_options",
    "reflect",
]

"""A decision as a consultation summary: answers in words, options alike, sources numbered.

The web page and the PDF both render this one summary, so they say the same things in the same
order and cite the same source by the same number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from toxfill.compare import ATTRIBUTES, Attribute, approved_as
from toxfill.compare.words import say as compare_say
from toxfill.decide import Decision, Harm, OptionDecision, Reason
from toxfill.knowledge.base import KnowledgeBase
from toxfill.knowledge.models import Option, OptionKind
from toxfill.render.consultation_certainty import how_sure, unknown_figures
from toxfill.render.consultation_first import (
    NO_TREATMENT,
    NOT_SURE,
    SURE_QUESTIONS,
    glance,
    leaning_choices,
    open_options,
    reflect,
)
from toxfill.render.consultation_parts import (
    Answer,
    Badge,
    ConcernSection,
    ConsultationSummary,
    Fact,
    Glance,
    Line,
    Numbers,
    OptionCard,
    OptionRow,
    Reflection,
)
from toxfill.render.consultation_words import say
from toxfill.scales import STATUS_TERMS, Status
from toxfill.wording import in_words, long_date, lower_first

NO_RATE = "No one knows how often this happens, so there is no picture."
WEIGHT_WORDS = ("Doesn't matter", "Matters a little", "Matters quite a bit", "Matters a lot")

# Rows every option card has, in this order, so benefits and harms get equal detail (IPDAS C1).
BENEFIT_ROWS = ("mechanism", "your-concerns", "onset", "duration")
HARM_ROWS = ("common-side-effects", "serious-risks", "contraindications", "cautions")
LIVING_ROWS = (
    "visits-per-year",
    "retreatment-interval",
    "downtime",
    "reversibility",
    "provider",
    "setting",
    "cost",
)
_LABELS = {
    "mechanism": "What it does",
    "your-concerns": "Approved for your concerns",
    "downtime": "Time off afterwards (downtime)",
    "contraindications": "Who should not have it",
    "cautions": "Talk it over first if",
}
_WITH_DETAIL = {"onset", "duration", "common-side-effects", "serious-risks", "downtime", "cost"}


def consultation_summary(
    decision: Decision,
    kb: KnowledgeBase,
    leaning: str = "",
    sure: Mapping[str, str] | None = None,
) -> ConsultationSummary:
    """Everything a person takes to the consultation, in the order it is read; `leaning` and
    `sure` are what they answered to "which way are you leaning?" and the SURE test."""
    numbers = Numbers()
    language = kb.language
    # Numbered first, as the first part of the page cites them first.
    trade_offs = {t.concern: numbers.line(t.text, t.sources) for t in decision.trade_offs}
    by_option = {o.option: o for o in decision.options}
    concerns = tuple(
        _concern_section(kb, decision, by_option, concern, numbers)
        for concern in decision.intake.concerns
    )
    no_treatment = _row(kb, by_option[NO_TREATMENT], None, by_option[NO_TREATMENT].status, numbers)
    considered = {row.option for section in concerns for row in section.rows}
    unapproved = tuple(
        _row(kb, o, None, Status.NOT_SUITABLE, numbers)
        for o in decision.options
        if o.option not in considered and o.option != NO_TREATMENT
    )
    cards = tuple(_card(kb, by_option[o], kb.options[o], numbers) for o in kb.options)
    effects = tuple(
        numbers.line(
            say(
                language,
                "{label} ({weight}): {text}",
                label=e.label,
                weight=say(language, WEIGHT_WORDS[e.weight]).lower(),
                text=e.text,
            ),
            e.sources,
        )
        for e in decision.preference_effects
    )
    combinations = tuple(numbers.line(s.text, s.sources) for s in decision.combinations)
    questions = tuple(numbers.line(q.text, q.sources) for q in decision.questions)
    uncertainty = how_sure(kb, numbers)
    meta = kb.meta
    choices = leaning_choices(kb, concerns)
    return ConsultationSummary(
        today=decision.intake.today,
        knowledge_version=decision.knowledge_version,
        published=meta.published,
        update_policy=meta.update_policy,
        funding=meta.funding,
        disclaimer=decision.disclaimer,
        answers=_answers(kb, decision),
        decision=_decision_statement(kb, decision, open_options(concerns)),
        at_a_glance=tuple(
            glance(section, trade_offs.get(section.concern), language) for section in concerns
        ),
        leaning_choices=choices,
        reflection=reflect(choices, leaning, sure or {}, language),
        concerns=concerns,
        no_treatment=no_treatment,
        unapproved=unapproved,
        cards=cards,
        preference_effects=effects,
        combinations=combinations,
        questions=questions,
        uncertainty=uncertainty,
        unknown_figures=unknown_figures(kb),
        sources=kb.sources_for(numbers.order),
    )


def badge(status: Status, language: str = "en") -> Badge:
    term = next(t for t in STATUS_TERMS if t.id == status)
    return Badge(
        status=status.value,
        label=say(language, term.label),
        meaning=say(language, term.description),
    )


def date_words(day: dt.date, language: str = "en") -> str:
    """2026-11-23 -> '23 November 2026', the site's one date format."""
    return long_date(day, language)


# --- the person's answers and the decision ----------------------------------------------------


def _answers(kb: KnowledgeBase, decision: Decision) -> tuple[Answer, ...]:
    intake, language = decision.intake, kb.language
    health = tuple(kb.health_factors[h].label for h in intake.health)
    health += tuple(
        say(language, "Not sure: {label}", label=kb.health_factors[h].label)
        for h in intake.health_unsure
    )
    weights = tuple(
        say(
            language,
            "{label}: {weight} ({value} of 3)",
            label=p.label,
            weight=say(language, WEIGHT_WORDS[intake.preferences[p.id]]).lower(),
            value=intake.preferences[p.id],
        )
        if p.id in intake.preferences
        else say(language, "{label}: not answered", label=p.label)
        for p in kb.preferences.values()
    )
    treatments = tuple(
        say(
            language,
            "{option} ({product}) on {date}",
            option=kb.options[t.option].label,
            product=kb.products[t.product].label,
            date=date_words(t.date, language),
        )
        if t.product
        else say(
            language,
            "{option} on {date}",
            option=kb.options[t.option].label,
            date=date_words(t.date, language),
        )
        for t in intake.recent_treatments
    )
    none_applied = say(language, "None of the health questions applied")
    return (
        Answer(say(language, "Age"), (f"{intake.age}",)),
        Answer(
            say(language, "Your concerns"), tuple(kb.concerns[c].label for c in intake.concerns)
        ),
        Answer(say(language, "Your health"), health or (none_applied,)),
        Answer(say(language, "What matters to you"), weights),
        Answer(say(language, "Earlier treatments"), treatments or (say(language, "None given"),)),
        Answer(say(language, "Date of this summary"), (date_words(intake.today, language),)),
    )


def _decision_statement(kb: KnowledgeBase, decision: Decision, open_options: set[str]) -> str:
    language = kb.language
    concerns = in_words(
        [lower_first(kb.concerns[c].label) for c in decision.intake.concerns], language, "and"
    )
    options = [lower_first(kb.options[o].label) for o in kb.options if o in open_options]
    if not options:
        return say(
            language,
            "You are deciding what to do about {concerns}. None of the treatments in toxfill's"
            " list fits your answers now, so the choice is between no treatment and asking a"
            " licensed provider about other care.",
            concerns=concerns,
        )
    comma = "," if len(options) > 1 and language == "en" else ""
    return say(
        language,
        "You are deciding whether to have {options}{comma} or no treatment, for {concerns}.",
        options=in_words(options, language, "or"),
        comma=comma,
        concerns=concerns,
    )


# --- per concern ------------------------------------------------------------------------------


def _concern_section(
    kb: KnowledgeBase,
    decision: Decision,
    by_option: dict[str, OptionDecision],
    concern_id: str,
    numbers: Numbers,
) -> ConcernSection:
    concern = kb.concerns[concern_id]
    rows = tuple(
        _row(
            kb,
            by_option[cs.option],
            concern_id,
            cs.status,
            numbers,
            cs.products,
            _caution_words(kb, decision, cs.cautions),
        )
        for cs in decision.per_concern.get(concern_id, ())
    )
    return ConcernSection(
        concern=concern.id,
        label=concern.label,
        description=concern.description,
        kind=concern.kind.value,
        specialist=concern.specialist,
        rows=rows,
    )


def _row(
    kb: KnowledgeBase,
    decided: OptionDecision,
    concern: str | None,
    status: Status,
    numbers: Numbers,
    products: Sequence[str] = (),
    cautions: Sequence[str] = (),
) -> OptionRow:
    reasons: Sequence[Reason] = decided.reasons
    if concern is not None:
        reasons = [r for r in reasons if r.concern == concern]
    return OptionRow(
        option=decided.option,
        label=decided.label,
        badge=badge(status, kb.language),
        reasons=tuple(numbers.line(r.text, r.sources) for r in reasons if r.kind != "off-label"),
        off_label=tuple(numbers.line(r.text, r.sources) for r in reasons if r.kind == "off-label"),
        products=tuple(kb.products[p].label for p in products),
        excluded=tuple(
            numbers.line(
                say(
                    kb.language,
                    "{product}: {because}",
                    product=kb.products[e.product].label,
                    because=e.because,
                ),
                e.sources,
            )
            for e in decided.excluded_products
        ),
        available_from=decided.available_from,
        discuss=tuple(numbers.line(q.text, q.sources) for q in decided.discuss),
        # Beside each option considered for a concern, not beside those ruled out for all.
        benefits=tuple(numbers.line(b.text, b.sources) for b in decided.benefits if concern),
        harms=tuple(_harm_line(h, numbers, kb.language) for h in decided.harms if concern),
        cautions=tuple(cautions),
    )


def _caution_words(kb: KnowledgeBase, decision: Decision, health: Sequence[str]) -> list[str]:
    """'pregnant or could be pregnant', 'not sure: breathing or swallowing problems'."""
    unsure = set(decision.intake.health_unsure)
    not_sure = say(kb.language, NOT_SURE)
    return [
        (not_sure if h in unsure else "") + lower_first(kb.health_factors[h].label) for h in health
    ]


def _harm_line(harm: Harm, numbers: Numbers, language: str) -> Line:
    marks = numbers.marks(harm.sources)
    said = {"label": harm.label, "text": harm.text, "how_rare": harm.how_rare}
    if harm.risk == "common-side-effects":
        return Line(say(language, "{label}: {text}", **said), marks, rate=harm.rate)
    if not harm.serious:
        text = say(language, "{label}. {text} How often: {how_rare}", **said)
        return Line(text, marks, rate=harm.rate)
    return Line(
        say(language, "Serious risk: {label}. {text} How rare: {how_rare}", **said),
        marks,
        rate=harm.rate,
        no_rate="" if harm.rate else say(language, NO_RATE),
    )


# --- every option, described alike -------------------------------------------------------------

_ATTRIBUTES: dict[str, Attribute] = {a.id: a for a in ATTRIBUTES}


def _card(
    kb: KnowledgeBase, decided: OptionDecision, option: Option, numbers: Numbers
) -> OptionCard:
    def facts(attributes: Sequence[str]) -> tuple[Fact, ...]:
        return tuple(_fact(kb, decided, option, a, numbers) for a in attributes)

    return OptionCard(
        option=option.id,
        label=option.label,
        summary=option.summary,
        badge=badge(decided.status, kb.language),
        benefits=facts(BENEFIT_ROWS),
        harms=facts(HARM_ROWS),
        living=facts(LIVING_ROWS),
    )


def _fact(
    kb: KnowledgeBase, decided: OptionDecision, option: Option, attribute: str, numbers: Numbers
) -> Fact:
    if attribute in _LABELS:
        label = say(kb.language, _LABELS[attribute])
    else:
        label = compare_say(kb.language, _ATTRIBUTES[attribute].label)
    text, detail, sources = _value(kb, decided, option, attribute)
    if attribute not in _WITH_DETAIL or detail == text:
        detail = ""
    return Fact(attribute, label, text, detail, numbers.marks(sources))


def _value(
    kb: KnowledgeBase, decided: OptionDecision, option: Option, attribute: str
) -> tuple[str, str, tuple[str, ...]]:
    language = kb.language
    if attribute == "your-concerns":
        if option.kind is OptionKind.NONE:
            origin = option.origin.text[:1].lower() + option.origin.text[1:]
            return (
                say(language, "Always open to you: {origin}", origin=origin),
                "",
                option.origin.sources,
            )
        approved = [approved_as(kb.concerns[c], language) for c in decided.concerns]
        reasons = [r for r in decided.reasons if r.kind in {"approved", "not-approved"}]
        sources = tuple(dict.fromkeys(s for r in reasons for s in r.sources))
        if not approved:
            return (say(language, "None of your concerns"), "", sources)
        return (in_words(approved, language, "and"), "", sources)
    if attribute == "serious-risks" and decided.harms:
        serious = [h for h in decided.harms if h.serious]
        return (
            in_words([h.label for h in serious], language, "and"),
            " ".join(
                say(
                    language,
                    "{label}: {text} How rare: {how_rare}",
                    label=h.label,
                    text=h.text,
                    how_rare=h.how_rare,
                )
                for h in serious
            ),
            tuple(dict.fromkeys(s for h in serious for s in h.sources)),
        )
    value = _ATTRIBUTES[attribute].value(kb, option, list(kb.options.values()))
    return (value.text, value.detail, value.sources)


__all__ = [
    "SURE_QUESTIONS",
    "WEIGHT_WORDS",
    "Answer",
    "Badge",
    "ConcernSection",
    "ConsultationSummary",
    "Fact",
    "Glance",
    "Line",
    "OptionCard",
    "OptionRow",
    "Reflection",
    "consultation_summary",
    "reflect",
]

"""C3: from a person's intake to a cited status for every option, per concern, best first.

The status of an option for one concern is the first rule that applies:

1. no labelled use for the concern          -> not-suitable (off-label uses are named)
2. the person's age is outside every label  -> not-suitable
3. every approved product is excluded       -> not-suitable (excluded products are named)
4. an absolute contraindication of the class -> not-suitable; "not sure" about one (or about
   what would rule out every product) is not-suitable too, until it is settled: an answer of
   "not sure" is never better than a "yes"
5. too soon since the last treatment         -> not-suitable until a stated date
6. a medical concern                         -> refer (to the specialist, naming products)
7. a relative contraindication or warning    -> caution (with what to discuss)
8. otherwise recommended when the option's mechanism suits the concern and it is not
   permanent, else suitable.

A "not sure" about anything else is a caution. Preferences change the order within a
status, never the status; where one lost, `trade_offs` says so in a sentence.
"""

from __future__ import annotations

from toxfill.decide.advice import combinations, questions
from toxfill.decide.assessment import assess
from toxfill.decide.harms import stated_rate
from toxfill.decide.models import (
    SCHEMA,
    STATUS_ORDER,
    Decision,
    Harm,
    OptionDecision,
    Rate,
    Reason,
)
from toxfill.decide.ranking import (
    no_treatment,
    option_decision,
    plan_treatments,
    preference_effects,
    rank,
)
from toxfill.decide.relevance import health_questions
from toxfill.decide.trade_offs import trade_offs
from toxfill.intake import Intake
from toxfill.knowledge.base import KnowledgeBase
from toxfill.knowledge.models import OptionKind
from toxfill.preferences import fit


def decide(kb: KnowledgeBase, intake: Intake) -> Decision:
    """Every option's status for this person, each reason cited; `intake` is already checked."""
    weights = {p: w for p, w in intake.preferences.items() if w > 0}
    fits = {o.id: fit(kb, o, weights) for o in kb.options.values()}
    assessments = {
        option.id: [assess(kb, intake, option, kb.concerns[c]) for c in intake.concerns]
        for option in kb.options.values()
        if option.kind is not OptionKind.NONE
    }
    per_concern = {
        concern: rank(
            kb, [a for rows in assessments.values() for a in rows if a.concern == concern], fits
        )
        for concern in intake.concerns
    }
    options = [
        option_decision(kb, option, assessments[option.id], fits[option.id])
        if option.id in assessments
        else no_treatment(kb, option, fits[option.id])
        for option in kb.options.values()
    ]
    effects = preference_effects(kb, intake, assessments, weights)
    suggestions = combinations(kb, intake, per_concern)
    trades = trade_offs(kb, intake, per_concern)
    asked = questions(kb, intake, options)
    cited = [
        *(s for o in options for r in o.reasons for s in r.sources),
        *(s for o in options for r in o.benefits for s in r.sources),
        *(s for o in options for h in o.harms for s in h.sources),
        *(s for o in options for e in o.excluded_products for s in e.sources),
        *(s for o in options for q in o.discuss for s in q.sources),
        *(s for effect in effects for s in effect.sources),
        *(s for suggestion in suggestions for s in suggestion.sources),
        *(s for question in asked for s in question.sources),
        *(s for trade in trades for s in trade.sources),
    ]
    return Decision(
        knowledge_version=kb.version,
        intake=intake,
        options=tuple(options),
        per_concern=per_concern,
        preference_effects=tuple(effects),
        combinations=tuple(suggestions),
        questions=tuple(asked),
        trade_offs=tuple(trades),
        sources=kb.sources_for(cited),
        disclaimer=kb.meta.disclaimer,
        language=kb.language,
    )


__all__ = [
    "SCHEMA",
    "STATUS_ORDER",
    "Decision",
    "Harm",
    "OptionDecision",
    "Rate",
    "Reason",
    "decide",
    "health_questions",
    "plan_treatments",
    "stated_rate",
]

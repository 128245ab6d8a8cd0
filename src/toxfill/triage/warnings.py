"""What would make an answer more urgent, computed by the same rules that made it.

Each sign the person has not reported is tried beside what they did report, with the same
treatment, zone, day and age: the ones that would raise the answer are listed, one line per
urgency, so the list can neither contradict the triage nor say one thing twice. Signs outside
the vocabulary ("you cannot pass any urine for several hours") come from the rules that decided.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from toxfill.knowledge.base import KnowledgeBase
from toxfill.knowledge.models import TriageRule, UrgencyLevel
from toxfill.triage.phrases import ENGLISH, phrases_for
from toxfill.triage.rules import Context, applies

SOMETHING_ELSE = "something-else"
ACT_NOW = ENGLISH.act_now

Assess = Callable[[Context, str], UrgencyLevel]


def more_urgent_signs(
    context: Context, urgency: UrgencyLevel, rules: Sequence[TriageRule], assess: Assess
) -> tuple[str, ...]:
    """One line per urgency above `urgency` (urgent and emergency), most urgent first."""
    kb = context.kb
    given = tuple(option.id for option in context.given)
    place = (context.area, context.days, context.age, context.pregnant, context.reported)
    key = ("more-urgent", assess, given, *place, urgency)
    raised = kb.remember(key, lambda: _raising(context, urgency, assess))
    say = phrases_for(kb.language)
    lines = []
    for level, action in say.act_now.items():
        if level.rank <= urgency.rank:
            continue
        signs = raised.get(level, ())
        parts = [say.any_of_these.format(signs=labels(kb, signs))] if signs else []
        parts += _patterns(context, level, set(signs))
        parts += dict.fromkeys(w.when for r in rules for w in r.worse_if if w.urgency is level)
        if parts:
            lines.append(action + say.if_ + say.or_if.join(parts) + ".")
    return tuple(lines)


def _raising(
    context: Context, urgency: UrgencyLevel, assess: Assess
) -> Mapping[UrgencyLevel, tuple[str, ...]]:
    """The unreported signs that would raise `urgency`, by the level each would reach."""
    kb = context.kb
    in_patterns = kb.pattern_symptoms  # adding one may raise what was already reported
    raised: dict[UrgencyLevel, list[str]] = {}
    for symptom in kb.symptoms:
        if symptom in context.reported or symptom == SOMETHING_ELSE:
            continue
        widened = context._replace(reported=context.reported | {symptom})
        levels = [assess(widened, symptom)]
        if symptom in in_patterns:  # it may complete a pattern with what was reported
            levels += [assess(widened, s) for s in context.reported]
        level = max(levels, key=lambda u: u.rank)
        if level in ACT_NOW and level.rank > urgency.rank:
            raised.setdefault(level, []).append(symptom)
    return {level: tuple(signs) for level, signs in raised.items()}


def _patterns(context: Context, level: UrgencyLevel, listed: set[str]) -> list[str]:
    """The patterns of signs that together reach `level` here, unless each is listed alone."""
    found = []
    for rule in context.kb.triage_rules:
        if not rule.pattern or rule.urgency is not level:
            continue
        signs = set(rule.symptoms) | set(rule.with_any)
        if signs <= listed | context.reported:
            continue
        together = context._replace(reported=frozenset(signs))
        if not applies(rule, together, rule.symptoms[0]):
            continue
        say = phrases_for(context.kb.language)
        signs_named = labels(context.kb, rule.symptoms)
        if rule.with_any:
            others = labels(context.kb, rule.with_any)
            found.append(say.together_with.format(signs=signs_named, others=others))
        else:
            found.append(say.at_least_together.format(count=rule.at_least, signs=signs_named))
    return found


def labels(kb: KnowledgeBase, symptoms: Sequence[str]) -> str:
    """Symptom labels in a sentence: "a, b or c"."""
    names = [kb.symptoms[s].label.lower() for s in symptoms]
    last = phrases_for(kb.language).or_ + names[-1]
    return ", ".join(names[:-1]) + last if len(names) > 1 else names[0]

"""C5: what a person feels after a treatment, to a cited urgency and plain advice.

Each symptom gets the highest urgency of the rules that apply to it, and never less than its
floor (every symptom has one: knowledge/floors.py). A symptom whose rules ask only self-care is
judged against what the treatment makes expected: self-care while within its usual time,
routine after it or when not expected at all. The result is the highest urgency of all
symptoms, so one red flag sets it whatever else is reported, and adding a symptom can never
lower it. Every rule of that urgency explains, the most fitting first, and their advice is
merged into one list. An urgent or emergency result carries nothing that reassures: no
"expected reaction" reasons, no advice from milder rules, and aftercare only for once the person
has been seen.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from toxfill.knowledge.base import KnowledgeBase
from toxfill.knowledge.models import Cited, Option, TriageRule, UrgencyLevel
from toxfill.knowledge.translation import advice_opening
from toxfill.triage.aftercare import notes
from toxfill.triage.phrases import Phrases, phrases_for
from toxfill.triage.places import place_label, report_area
from toxfill.triage.report import Report
from toxfill.triage.result import SymptomUrgency, TriageReason, TriageResult
from toxfill.triage.rules import Context, applies, lead_order, matching
from toxfill.triage.warnings import more_urgent_signs

URGENT = UrgencyLevel.URGENT.rank


class Finding(NamedTuple):
    urgency: UrgencyLevel
    reasons: tuple[TriageReason, ...]  # every explanation at this urgency, the leading first
    rules: tuple[TriageRule, ...]  # every rule that applies, in lead order


def context_of(kb: KnowledgeBase, report: Report) -> Context:
    return Context(
        kb=kb,
        given=tuple(kb.options[o] for o in report.treatments),
        area=report_area(kb, report.concern, report.zone),
        days=report.days_since,
        age=report.age,
        pregnant=report.pregnant,
        reported=frozenset(report.symptoms),
    )


def triage(kb: KnowledgeBase, report: Report) -> TriageResult:
    """The urgency of `report` (already checked), with reasons, advice and aftercare."""
    context = context_of(kb, report)
    say = phrases_for(kb.language)
    findings = [assess(context, s) for s in report.symptoms]
    urgency = max((f.urgency for f in findings), key=lambda u: u.rank)
    serious = urgency.rank >= URGENT
    # Nothing milder than the result speaks inside an urgent one: no reassurance beside a red flag.
    shown = [f for f in findings if not serious or f.urgency.rank >= URGENT]
    reasons = _merge_reasons(kb, [r for f in shown for r in f.reasons])
    rules = lead_order(kb, [r for f in findings for r in f.rules])
    # A self-care answer is the expectation's (its rules are floors that ask for no more).
    deciding = [r for r in rules if r.urgency is urgency and urgency is not UrgencyLevel.SELF_CARE]
    care = [kb.aftercare[o.id] for o in context.given if o.id in kb.aftercare]
    normal, avoid = notes(c.normal for c in care[:1]), notes(c.avoid for c in care[:1])
    steps = notes(c.steps for c in care[:1])
    watch = notes(c.watch for c in care)
    once_seen = avoid if serious else ()
    if serious:
        steps, normal, avoid = (), (), ()
    cited = [s for r in reasons for s in r.sources]
    cited += [s for note in (*steps, *watch, *normal, *avoid, *once_seen) for s in note.sources]
    return TriageResult(
        knowledge_version=kb.version,
        report=report,
        urgency=urgency,
        language=kb.language,
        treated_when=treated_when(say, report.days_since),
        headline=say.headline[urgency],
        reasons=tuple(reasons),
        advice=tuple(_advice(kb, say, urgency, deciding, rules, context.given)),
        tell=tuple(dict.fromkeys(line for r in rules for line in _tell(kb, report, r))),
        worse_if=more_urgent_signs(
            context, urgency, deciding if serious else rules, assess_urgency
        ),
        symptoms=tuple(
            SymptomUrgency(symptom=s, label=kb.symptoms[s].label, urgency=f.urgency)
            for s, f in zip(report.symptoms, findings, strict=True)
        ),
        watch_for=watch,
        aftercare_steps=steps,
        aftercare_normal=normal,
        aftercare_avoid=avoid,
        aftercare_once_seen=once_seen,
        sources=kb.sources_for(cited),
        disclaimer=kb.meta.disclaimer,
    )


def assess(context: Context, symptom: str) -> Finding:
    """One symptom's urgency in this report, and why."""
    rules = matching(context, symptom)
    top = rules[0] if rules else None
    if top is not None and top.urgency is not UrgencyLevel.SELF_CARE:
        reasons = tuple(
            TriageReason(
                text=rule.text,
                sources=rule.sources,
                symptoms=(symptom,),
                urgency=rule.urgency,
                rule=rule.id,
            )
            for rule in rules
            if rule.urgency is top.urgency
        )
        return Finding(top.urgency, reasons, tuple(rules))
    # Only self-care asked: expected after any of the treatments, judged by the one that
    # expects it for longest; else not expected, for a provider to check.
    expecting = [(o, e) for o in context.given if (e := _expectation(context.kb, o, symptom))]
    if expecting:
        option, (claim, usual) = max(expecting, key=lambda pair: pair[1][1] or 0)
        reason = _expected(context.kb, option, claim, usual, context.days, symptom)
    else:
        reason = _not_expected(context.kb, context.given[0], symptom)
    return Finding(reason.urgency, (reason,), tuple(rules))


def assess_urgency(context: Context, symptom: str) -> UrgencyLevel:
    """`assess(context, symptom).urgency`, without writing the reasons: asked for every sign
    of the vocabulary when working out what would make an answer more urgent."""
    ranks = [r.urgency.rank for r in context.kb.rules_for[symptom] if applies(r, context, symptom)]
    top = max(ranks, default=0)
    if top > UrgencyLevel.SELF_CARE.rank:
        return list(UrgencyLevel)[top]
    days = context.days
    for option in context.given:
        expected = _expectation(context.kb, option, symptom)
        if expected and days is not None and expected[1] is not None and days <= expected[1]:
            return UrgencyLevel.SELF_CARE
    return UrgencyLevel.ROUTINE


def _expectation(
    kb: KnowledgeBase, option: Option, symptom: str
) -> tuple[Cited, int | None] | None:
    """Where the knowledge base expects `symptom` after `option`, and for how many days: the
    aftercare's own word on what is normal first, so the two never disagree."""
    care = kb.aftercare.get(option.id)
    found: list[tuple[Cited, int | None]] = [
        (note, note.usually_resolves_days)
        for note in (care.normal if care else ())
        if symptom in note.symptoms
    ]
    found += [
        (reaction, reaction.usually_resolves_days)
        for reaction in kb.expected_reactions
        if reaction.option == option.id and symptom in reaction.symptoms
    ]
    effects = option.side_effects
    if effects and symptom in effects.symptoms:
        found.append((effects, effects.usually_resolves_days))
    return max(found, key=lambda pair: pair[1] or 0) if found else None


def _expected(
    kb: KnowledgeBase,
    option: Option,
    claim: Cited,
    usual: int | None,
    days: int | None,
    symptom: str,
) -> TriageReason:
    say = phrases_for(kb.language)
    words = {"label": kb.symptoms[symptom].label, "option": option.label}
    if days is None:
        # Not known to be within the usual time, so not known to be normal healing.
        text = say.expected_unknown_day.format(**words)
        return _reason(UrgencyLevel.ROUTINE, text, claim, symptom, "lasting-longer")
    if usual is not None and days <= usual:
        text = say.expected_within.format(**words, usual=usual, claim=claim.text)
        return _reason(UrgencyLevel.SELF_CARE, text, claim, symptom, "expected-reaction")
    text = (
        say.expected_past.format(**words, usual=usual, days=days)
        if usual is not None
        else say.expected_no_figure.format(**words)
    )
    return _reason(UrgencyLevel.ROUTINE, text, claim, symptom, "lasting-longer")


def _not_expected(kb: KnowledgeBase, option: Option, symptom: str) -> TriageReason:
    say = phrases_for(kb.language)
    effects = option.side_effects
    usual_list = (
        ", ".join(kb.symptoms[s].label.lower() for s in effects.symptoms) if effects else ""
    )
    text = say.not_expected.format(
        label=kb.symptoms[symptom].label,
        option=option.label,
        usual_list=usual_list or say.none_listed,
    )
    claim = effects or option.regulatory
    return _reason(UrgencyLevel.ROUTINE, text, claim, symptom, "not-expected")


def _reason(
    urgency: UrgencyLevel, text: str, claim: Cited, symptom: str, rule: str
) -> TriageReason:
    return TriageReason(
        text=text, sources=claim.sources, symptoms=(symptom,), urgency=urgency, rule=rule
    )


def _advice(
    kb: KnowledgeBase,
    say: Phrases,
    urgency: UrgencyLevel,
    deciding: Sequence[TriageRule],
    rules: Sequence[TriageRule],
    given: Sequence[Option],
) -> list[str]:
    """One list however many rules decided: the leading rule's action first, then each
    deciding rule's further steps, each said once (one "do not drive", one "contact today")."""
    ids = {option.id for option in given}
    if deciding:
        lines = [deciding[0].advice[0]]
        for rule in deciding:
            extra = [a for part in rule.advice_for if ids & set(part.options) for a in part.advice]
            lines += [*extra, *rule.advice[1:]]
    else:
        lines = [say.headline[urgency]]
    if urgency.rank < URGENT:
        # Milder rules may add steps to a mild answer; self-care rules leave it to aftercare.
        lines += [
            a
            for rule in rules
            if rule.urgency is not urgency and rule.urgency is not UrgencyLevel.SELF_CARE
            for a in rule.advice
        ]
    return _once_each(kb, lines)


def _once_each(kb: KnowledgeBase, lines: Sequence[str]) -> list[str]:
    """Each line once, and each kind of step once: two lines opening with the same words
    ("Do not drive ...", "Contact your provider ...") say the same thing twice. A translated
    line's kind is its English twin's, so every language keeps the same lines."""
    kept: list[str] = []
    openings: set[str] = set()
    for line in lines:
        opening = kb.advice_kinds.get(line) or advice_opening(line)
        if opening not in openings:
            openings.add(opening)
            kept.append(line)
    return kept


def _tell(kb: KnowledgeBase, report: Report, rule: TriageRule) -> list[str]:
    """The rule's `tell` lines with the report's details filled in."""
    say = phrases_for(kb.language)
    given = [kb.options[o] for o in report.treatments]
    treated = next((o for o in given if o.id in rule.options), given[0])
    product = kb.products.get(report.product or "")
    details = {
        "treatment": treated.label,
        "product": f", {product.label}" if product and product.option == treated.id else "",
        "where": _where(kb, say, report),
        "when": treated_when(say, report.days_since) or say.say_when,
    }
    return [line.format_map(details) for line in rule.tell]


def treated_when(say: Phrases, days: int | None) -> str | None:
    """When the treatment was, in words ("today", "yesterday", "3 days ago"); None when not
    known. The result page and the what-to-tell lines say it the same way."""
    if days is None:
        return None
    return {0: say.today, 1: say.yesterday}.get(days, say.days_ago.format(days=days))


def _where(kb: KnowledgeBase, say: Phrases, report: Report) -> str:
    if report.concern:
        return say.for_concern.format(concern=kb.concerns[report.concern].label.lower())
    if report.zone:
        return say.in_place.format(place=place_label(kb, report.zone))
    return say.say_where


def _merge_reasons(kb: KnowledgeBase, reasons: Sequence[TriageReason]) -> list[TriageReason]:
    """One reason per distinct statement (a rule's text is the same for all its symptoms),
    naming every symptom it covers, in lead order: whatever order the symptoms came in."""
    merged: dict[str, TriageReason] = {}
    for reason in reasons:
        previous = merged.get(reason.text)
        if previous is None:
            merged[reason.text] = reason
        elif reason.symptoms[0] not in previous.symptoms:
            merged[reason.text] = previous.model_copy(
                update={"symptoms": (*previous.symptoms, *reason.symptoms)}
            )
    rules = kb.rules_by_id

    def lead(reason: TriageReason) -> tuple[int, int, int, str]:
        rule = rules.get(reason.rule)  # None: an expectation, which explains last
        place = (-rule.specificity, kb.rule_order[rule.id]) if rule else (1, len(rules))
        return (-reason.urgency.rank, *place, reason.symptoms[0])

    return sorted(merged.values(), key=lead)

"""C5: what a person feels after a treatment, to a cited urgency and plain advice.

Each symptom gets the highest urgency of the rules that apply to it; a rule may need another
symptom reported with it (a pattern such as hives with feeling faint), a treatment, a zone, an
age or a pregnancy. A symptom no rule names is an expected reaction (self-care while within its
usual time, routine after) or, if not expected, routine. The result is the highest urgency of
all symptoms, so one red flag sets it whatever else is reported, and adding a symptom can never
lower it. An urgent or emergency result carries nothing that reassures: no "expected reaction"
reasons, no advice from milder rules, and aftercare only for once the person has been seen.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import BeforeValidator, Field

from toxfill.documents import MAX_ITEMS, Document, Id, validate, vocabulary, whole_number
from toxfill.errors import InputError, UnknownIdError
from toxfill.knowledge.base import KnowledgeBase
from toxfill.knowledge.models import (
    Cited,
    Option,
    OptionKind,
    Source,
    TriageRule,
    UrgencyLevel,
)
from toxfill.results import Result
from toxfill.scales import URGENCY_ACTIONS

SCHEMA = "toxfill.triage/1"
MAX_DAYS = 3650
MAX_AGE = 120


class Report(Document):
    """What a person reports after a treatment."""

    treatment: Id = Field(
        description="The option ID, e.g. ha-filler or botulinum-toxin.",
        json_schema_extra=vocabulary("options"),
    )
    other_treatments: tuple[Id, ...] = Field(
        default=(),
        max_length=MAX_ITEMS,
        description="Other treatments at the same visit, e.g. a filler with a toxin.",
        json_schema_extra=vocabulary("options"),
    )
    product: Id | None = Field(
        default=None,
        description="The product ID, if known.",
        json_schema_extra=vocabulary("products"),
    )
    concern: Id | None = Field(
        default=None,
        description="What was treated, e.g. lip-volume.",
        json_schema_extra=vocabulary("concerns"),
    )
    zone: Id | None = Field(
        default=None,
        description="The treated area, e.g. bladder.",
        json_schema_extra=vocabulary("areas"),
    )
    # Required, but may be null: the danger-sign step asks no date, and a red flag must not wait.
    days_since: (
        Annotated[int, Field(ge=0, le=MAX_DAYS, strict=True), BeforeValidator(whole_number)] | None
    ) = Field(
        description="Days since treatment; null when not known (treated as possibly long ago).",
    )
    symptoms: tuple[Id, ...] = Field(
        min_length=1,
        max_length=MAX_ITEMS,
        description="Symptom IDs, at least one.",
        json_schema_extra=vocabulary("symptoms"),
    )
    age: (
        Annotated[int, Field(ge=0, le=MAX_AGE, strict=True), BeforeValidator(whole_number)] | None
    ) = Field(default=None, description="Age in years, if known.")
    pregnant: bool | None = Field(
        default=None, strict=True, description="Pregnant now, if known (true or false)."
    )

    @property
    def treated_when(self) -> str | None:
        """When the treatment was, in words ("today", "yesterday", "3 days ago"); None when
        not known. The result page and the what-to-tell lines say it the same way."""
        if self.days_since is None:
            return None
        return {0: "today", 1: "yesterday"}.get(self.days_since, f"{self.days_since} days ago")


REPORT_HINTS: Mapping[str, str] = {
    "_fields": "treatment other_treatments product concern zone days_since symptoms age pregnant",
    "days_since": f"must be a whole number of days from 0 to {MAX_DAYS}, or null if not known",
    "age": f"must be a whole number of years from 0 to {MAX_AGE}",
    "symptoms": "name at least one symptom (see `toxfill vocab symptoms`)",
}


def parse_report(kb: KnowledgeBase, raw: Any) -> Report:
    """Validate a report; raise InputError naming the first bad field. Never guesses."""
    return check_report(kb, validate(Report, raw, REPORT_HINTS, "report"))


def check_report(kb: KnowledgeBase, report: Report) -> Report:
    option = kb.option(report.treatment, "treatment")
    if option.kind is OptionKind.NONE:
        raise InputError("treatment", "name the treatment you had, e.g. ha-filler")
    for index, other in enumerate(report.other_treatments):
        if kb.option(other, f"other_treatments[{index}]").kind is OptionKind.NONE:
            raise InputError(f"other_treatments[{index}]", "name a treatment, e.g. ha-filler")
    if report.product is not None:
        product = kb.product(report.product)
        if product.option != option.id:
            raise InputError("product", f"'{product.id}' is a {product.option} product")
    if report.concern is not None:
        kb.concern(report.concern)
    areas = sorted({c.area for c in kb.concerns.values()})
    if report.zone is not None and report.zone not in areas:
        raise UnknownIdError("zone", "area", report.zone, areas)
    for index, symptom in enumerate(report.symptoms):
        if symptom not in kb.symptoms:
            raise UnknownIdError(f"symptoms[{index}]", "symptom", symptom, kb.symptoms.keys())
    return report.model_copy(update={"symptoms": tuple(dict.fromkeys(report.symptoms))})


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
    report: Report
    urgency: UrgencyLevel
    headline: str = Field(description="What to do, first.")
    reasons: tuple[TriageReason, ...]
    advice: tuple[str, ...]
    tell: tuple[str, ...] = Field(description="What to tell the emergency team or provider.")
    worse_if: tuple[str, ...] = Field(description="What would make it more urgent.")
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
        sections = (
            ("At home, step by step", self.aftercare_steps),
            ("Watch for", self.watch_for),
            ("Aftercare", (*self.aftercare_normal, *self.aftercare_avoid)),
            ("Aftercare, once you have been seen", self.aftercare_once_seen),
        )
        return tuple((heading, notes) for heading, notes in sections if notes)


class _Finding(NamedTuple):
    urgency: UrgencyLevel
    reason: TriageReason
    rules: tuple[TriageRule, ...]  # every rule that applies, the deciding one first


def triage(kb: KnowledgeBase, report: Report) -> TriageResult:
    """The urgency of `report` (already checked), with reasons, advice and aftercare."""
    option = kb.options[report.treatment]
    given = [option, *(kb.options[o] for o in report.other_treatments if o != option.id)]
    zone = report.zone or (kb.concerns[report.concern].area if report.concern else None)
    reported = frozenset(report.symptoms)
    findings = [_assess(kb, report, given, zone, reported, s) for s in report.symptoms]
    urgency = max((f.urgency for f in findings), key=lambda u: u.rank)
    serious = urgency.rank >= UrgencyLevel.URGENT.rank
    # Nothing milder than the result speaks inside an urgent one: no reassurance beside a red flag.
    shown = [f for f in findings if not serious or f.urgency.rank >= UrgencyLevel.URGENT.rank]
    reasons = _merge_reasons([f.reason for f in shown])
    reasons.sort(key=lambda r: -r.urgency.rank)
    rules = sorted(
        dict.fromkeys(r for f in findings for r in f.rules), key=lambda r: -r.urgency.rank
    )
    top = [rule for rule in rules if rule.urgency is urgency]
    advice = list(dict.fromkeys(a for rule in top for a in _advice(rule, given)))
    if not top:
        advice.insert(0, URGENCY_ACTIONS[urgency])
    if not serious:
        advice += [
            a for r in rules if r.urgency is not urgency for a in r.advice if a not in advice
        ]
    worse: list[str] = []
    if urgency is not UrgencyLevel.EMERGENCY:
        worse = list(dict.fromkeys(w for r in (top if serious else rules) for w in r.worse_if))
        worse.append(_emergency_signs(kb, given))
    care = [kb.aftercare[o.id] for o in given if o.id in kb.aftercare]
    normal, avoid = _notes(c.normal for c in care[:1]), _notes(c.avoid for c in care[:1])
    steps = _notes(c.steps for c in care[:1])
    watch = _notes(c.watch for c in care)
    once_seen = avoid if serious else ()
    if serious:
        steps, normal, avoid = (), (), ()
    cited = [s for r in reasons for s in r.sources]
    cited += [s for note in (*steps, *watch, *normal, *avoid, *once_seen) for s in note.sources]
    return TriageResult(
        knowledge_version=kb.version,
        report=report,
        urgency=urgency,
        headline=URGENCY_ACTIONS[urgency],
        reasons=tuple(reasons),
        advice=tuple(advice),
        tell=tuple(
            dict.fromkeys(line for r in rules for line in _tell(kb, report, given, zone, r))
        ),
        worse_if=tuple(worse),
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


def _applies(
    rule: TriageRule,
    report: Report,
    given: Sequence[Option],
    zone: str | None,
    reported: frozenset[str],
    symptom: str,
) -> bool:
    if rule.with_any:
        # A pattern: both halves reported; it then speaks for every symptom in it.
        if not (reported & set(rule.symptoms) and reported & set(rule.with_any)):
            return False
        if symptom not in rule.symptoms and symptom not in rule.with_any:
            return False
    elif not rule.any_symptom and symptom not in rule.symptoms:
        return False
    # An unknown day does not rule a rule out: rules only ever raise urgency.
    if report.days_since is not None and report.days_since < rule.from_day:
        return False
    if rule.options and not any(option.id in rule.options for option in given):
        return False
    if rule.max_age is not None and (report.age is None or report.age > rule.max_age):
        return False
    if rule.pregnant and report.pregnant is not True:
        return False
    # An unknown zone does not rule a zone-specific rule out: rules only ever raise urgency.
    return not rule.zones or zone is None or zone in rule.zones


def _assess(
    kb: KnowledgeBase,
    report: Report,
    given: Sequence[Option],
    zone: str | None,
    reported: frozenset[str],
    symptom: str,
) -> _Finding:
    matching = [r for r in kb.triage_rules if _applies(r, report, given, zone, reported, symptom)]
    if matching:
        matching.sort(key=lambda r: -r.urgency.rank)
        rule = matching[0]
        reason = TriageReason(
            text=rule.text,
            sources=rule.sources,
            symptoms=(symptom,),
            urgency=rule.urgency,
            rule=rule.id,
        )
        return _Finding(rule.urgency, reason, tuple(matching))
    # Expected after any of the treatments: judged by the one that expects it for longest.
    expecting = [(o, e) for o in given if (e := _expectation(kb, o, symptom)) is not None]
    if expecting:
        option, (claim, usual) = max(expecting, key=lambda pair: pair[1][1] or 0)
        return _expected(kb, option, claim, usual, report.days_since, symptom)
    return _not_expected(kb, given[0], symptom)


def _expectation(
    kb: KnowledgeBase, option: Option, symptom: str
) -> tuple[Cited, int | None] | None:
    """Where the knowledge base expects `symptom` after `option`, and for how many days."""
    for reaction in kb.expected_reactions:
        if reaction.option == option.id and symptom in reaction.symptoms:
            return reaction, reaction.usually_resolves_days
    effects = option.side_effects
    if effects and symptom in effects.symptoms:
        return effects, effects.usually_resolves_days
    return None


def _expected(
    kb: KnowledgeBase,
    option: Option,
    claim: Cited,
    usual: int | None,
    days: int | None,
    symptom: str,
) -> _Finding:
    label = kb.symptoms[symptom].label
    if days is None:
        # Not known to be within the usual time, so not known to be normal healing.
        text = (
            f"{label} is expected at first after {option.label}, but without knowing how many "
            "days ago you were treated, toxfill cannot tell whether it is lasting too long, so "
            "your provider should check it."
        )
        return _reason(UrgencyLevel.ROUTINE, text, claim, symptom, "lasting-longer")
    if usual is not None and days <= usual:
        text = (
            f"{label} is a common, expected reaction after {option.label}, and usually clears "
            f"within {usual} days. {claim.text}"
        )
        return _reason(UrgencyLevel.SELF_CARE, text, claim, symptom, "expected-reaction")
    text = f"{label} is expected at first after {option.label}, " + (
        f"but usually clears within {usual} days; at {days} days your provider should check it."
        if usual is not None
        else "but no reliable figure for how long it lasts was found, so your provider "
        "should check it."
    )
    return _reason(UrgencyLevel.ROUTINE, text, claim, symptom, "lasting-longer")


def _not_expected(kb: KnowledgeBase, option: Option, symptom: str) -> _Finding:
    effects = option.side_effects
    usual_list = (
        ", ".join(kb.symptoms[s].label.lower() for s in effects.symptoms) if effects else ""
    )
    text = (
        f"{kb.symptoms[symptom].label} is not one of the usual reactions after {option.label}, "
        f"so a provider should check it. The usual ones are: {usual_list or 'none listed'}."
    )
    claim = effects or option.regulatory
    return _reason(UrgencyLevel.ROUTINE, text, claim, symptom, "not-expected")


def _reason(urgency: UrgencyLevel, text: str, claim: Cited, symptom: str, rule: str) -> _Finding:
    reason = TriageReason(
        text=text, sources=claim.sources, symptoms=(symptom,), urgency=urgency, rule=rule
    )
    return _Finding(urgency, reason, ())


def _advice(rule: TriageRule, given: Sequence[Option]) -> list[str]:
    """The rule's advice, then what it says for the treatments given (e.g. hyaluronidase)."""
    ids = {option.id for option in given}
    extra = [a for part in rule.advice_for if ids & set(part.options) for a in part.advice]
    return [*rule.advice[:1], *extra, *rule.advice[1:]]


def _tell(
    kb: KnowledgeBase, report: Report, given: Sequence[Option], zone: str | None, rule: TriageRule
) -> list[str]:
    """The rule's `tell` lines with the report's details filled in."""
    treated = next((o for o in given if o.id in rule.options), given[0])
    product = kb.products.get(report.product or "")
    details = {
        "treatment": treated.label,
        "product": f", {product.label}" if product and product.option == treated.id else "",
        "where": _where(kb, report, zone),
        "when": report.treated_when or "(say when you had it)",
    }
    return [line.format_map(details) for line in rule.tell]


def _where(kb: KnowledgeBase, report: Report, zone: str | None) -> str:
    if report.concern:
        return f"for {kb.concerns[report.concern].label.lower()}"
    if zone:
        return f"in the {zone.replace('-', ' ')}"
    return "(say where on your body)"


def _merge_reasons(reasons: Sequence[TriageReason]) -> list[TriageReason]:
    """One reason per distinct statement (a rule's text is the same for all its symptoms),
    naming every symptom it covers."""
    merged: dict[str, TriageReason] = {}
    for reason in reasons:
        key = reason.text
        if key in merged:
            previous = merged[key]
            merged[key] = previous.model_copy(
                update={"symptoms": (*previous.symptoms, *reason.symptoms)}
            )
        else:
            merged[key] = reason
    return list(merged.values())


def _emergency_signs(kb: KnowledgeBase, given: Sequence[Option]) -> str:
    """The emergencies to watch for after these treatments, from the emergency rules: single
    signs, then the patterns of signs that together mean an emergency."""
    ids = {option.id for option in given}
    emergencies = [
        rule
        for rule in kb.triage_rules
        if rule.urgency is UrgencyLevel.EMERGENCY and (not rule.options or ids & set(rule.options))
    ]

    def labels(symptoms: Sequence[str]) -> str:
        names = [kb.symptoms[s].label.lower() for s in symptoms]
        return ", ".join(names[:-1]) + f" or {names[-1]}" if len(names) > 1 else names[0]

    singles = dict.fromkeys(
        kb.symptoms[s].label.lower() for r in emergencies if not r.conditional for s in r.symptoms
    )
    patterns = [
        f"{labels(r.symptoms)} together with {labels(r.with_any)}"
        for r in emergencies
        if r.with_any
    ]
    return (
        "Call emergency services now if you get any of these: "
        + "; ".join([", ".join(singles), *patterns])
        + "."
    )


def _notes(groups: Iterable[Iterable[Cited]]) -> tuple[AftercareNote, ...]:
    notes = (AftercareNote(text=c.text, sources=c.sources) for group in groups for c in group)
    return tuple(dict.fromkeys(notes))


class AftercareGuide(Result):
    schema_: Literal["toxfill.aftercare/1"] = Field(default="toxfill.aftercare/1", alias="schema")
    knowledge_version: str
    option: str
    label: str
    steps: tuple[AftercareNote, ...] = Field(description="What to do at home, step by step.")
    normal: tuple[AftercareNote, ...]
    avoid: tuple[AftercareNote, ...]
    watch_for: tuple[AftercareNote, ...] = Field(description="Signs to watch for, and when.")
    before_next: tuple[AftercareNote, ...] = Field(description="Before your next treatment.")
    get_help: tuple[str, ...] = Field(description="When to get help, most urgent first.")
    sources: tuple[Source, ...]
    disclaimer: str


def aftercare_for(kb: KnowledgeBase, option_id: str) -> AftercareGuide:
    """Aftercare on its own: what is normal, what to avoid, and when to get help."""
    option = kb.option(option_id)
    care = kb.aftercare.get(option.id)
    if care is None:
        raise InputError("option", f"no aftercare for {option.id}: it is not a treatment")
    steps, normal, avoid = _notes([care.steps]), _notes([care.normal]), _notes([care.avoid])
    watch, before = _notes([care.watch]), _notes([care.before])
    help_lines = [_emergency_signs(kb, [option])]
    # Rules that need a pattern, an age or a pregnancy are covered by the emergency line above.
    applying = [
        r
        for r in kb.triage_rules
        if (not r.options or option.id in r.options)
        and not (r.with_any or r.any_symptom or r.pregnant or r.max_age is not None)
    ]
    for urgency in (UrgencyLevel.URGENT, UrgencyLevel.ROUTINE):
        when = URGENCY_ACTIONS[urgency].split(".")[0]
        for zones in dict.fromkeys(r.zones for r in applying if r.urgency is urgency):
            symptoms = dict.fromkeys(
                kb.symptoms[symptom].label.lower()
                for rule in applying
                if rule.urgency is urgency and rule.zones == zones
                for symptom in rule.symptoms
            )
            where = f" (after injection in: {', '.join(z.replace('-', ' ') for z in zones)})"
            help_lines.append(
                f"{when}{where if zones else ''} if you get any of these: {', '.join(symptoms)}."
            )
    cited = [s for note in (*steps, *normal, *avoid, *watch, *before) for s in note.sources]
    return AftercareGuide(
        knowledge_version=kb.version,
        option=option.id,
        label=option.label,
        steps=steps,
        normal=normal,
        avoid=avoid,
        watch_for=watch,
        before_next=before,
        get_help=tuple(dict.fromkeys(help_lines)),
        sources=kb.sources_for(cited),
        disclaimer=kb.meta.disclaimer,
    )


__all__ = [
    "SCHEMA",
    "AftercareGuide",
    "Report",
    "TriageResult",
    "aftercare_for",
    "parse_report",
    "triage",
]

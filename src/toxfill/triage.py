"""C5: what a person feels after a treatment, to a cited urgency and plain advice.

Each symptom gets the highest urgency of the rules that name it for this treatment; a symptom
no rule names is an expected reaction (self-care while within its usual time, routine after)
or, if not expected, routine. The result is the highest urgency of all symptoms, so one red
flag sets it whatever else is reported, and adding a symptom can never lower it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from toxfill.documents import Document, validate
from toxfill.errors import InputError, UnknownIdError
from toxfill.knowledge.base import KnowledgeBase
from toxfill.knowledge.models import (
    Aftercare,
    Option,
    OptionKind,
    Source,
    TriageRule,
    UrgencyLevel,
)
from toxfill.scales import URGENCY_ACTIONS

SCHEMA = "toxfill.triage/1"
MAX_DAYS = 3650


class Report(Document):
    """What a person reports after a treatment."""

    treatment: str = Field(description="The option ID, e.g. ha-filler or botulinum-toxin.")
    other_treatments: tuple[str, ...] = Field(
        default=(), description="Other treatments at the same visit, e.g. a filler with a toxin."
    )
    product: str | None = Field(default=None, description="The product ID, if known.")
    concern: str | None = Field(default=None, description="What was treated, e.g. lip-volume.")
    zone: str | None = Field(default=None, description="The treated area, e.g. bladder.")
    days_since: int = Field(ge=0, le=MAX_DAYS, strict=True, description="Days since treatment.")
    symptoms: tuple[str, ...] = Field(min_length=1, description="Symptom IDs, at least one.")


REPORT_HINTS: Mapping[str, str] = {
    "_fields": "treatment other_treatments product concern zone days_since symptoms",
    "days_since": f"must be a whole number of days from 0 to {MAX_DAYS}",
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


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, populate_by_name=True)


class TriageReason(_Out):
    text: str
    sources: tuple[str, ...] = Field(min_length=1)
    symptoms: tuple[str, ...]
    urgency: UrgencyLevel
    rule: str = Field(description="The rule ID, or expected-reaction / not-expected.")


class SymptomUrgency(_Out):
    symptom: str
    label: str
    urgency: UrgencyLevel


class AftercareNote(_Out):
    text: str
    sources: tuple[str, ...]


class TriageResult(_Out):
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
    aftercare_normal: tuple[AftercareNote, ...]
    aftercare_avoid: tuple[AftercareNote, ...]
    sources: tuple[Source, ...]
    disclaimer: str

    def to_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True)


def triage(kb: KnowledgeBase, report: Report) -> TriageResult:
    """The urgency of `report` (already checked), with reasons, advice and aftercare."""
    option = kb.options[report.treatment]
    given = [option, *(kb.options[o] for o in report.other_treatments if o != option.id)]
    zone = report.zone or (kb.concerns[report.concern].area if report.concern else None)
    findings = [_assess(kb, given, zone, report.days_since, s) for s in report.symptoms]
    urgency = max((f[0] for f in findings), key=lambda u: u.rank)
    reasons = _merge_reasons([r for _, r, _ in findings])
    reasons.sort(key=lambda r: -r.urgency.rank)
    rules = [rule for _, _, rule in findings if rule is not None]
    rules.sort(key=lambda r: -r.urgency.rank)
    advice = list(dict.fromkeys(a for r in rules if r.urgency is urgency for a in r.advice))
    advice += [a for r in rules if r.urgency is not urgency for a in r.advice if a not in advice]
    if not any(r.urgency is urgency for r in rules):
        advice.insert(0, URGENCY_ACTIONS[urgency])
    care = kb.aftercare.get(option.id)
    worse = list(dict.fromkeys(w for r in rules for w in r.worse_if))
    if urgency.rank < UrgencyLevel.EMERGENCY.rank:
        worse.append(_universal_red_flags(kb, given))
    normal, avoid = _aftercare(care)
    cited = [s for r in reasons for s in r.sources]
    cited += [s for note in (*normal, *avoid) for s in note.sources]
    return TriageResult(
        knowledge_version=kb.version,
        report=report,
        urgency=urgency,
        headline=URGENCY_ACTIONS[urgency],
        reasons=tuple(reasons),
        advice=tuple(advice),
        tell=tuple(dict.fromkeys(t for r in rules for t in r.tell)),
        worse_if=tuple(worse),
        symptoms=tuple(
            SymptomUrgency(symptom=s, label=kb.symptoms[s].label, urgency=u)
            for s, (u, _, _) in zip(report.symptoms, findings, strict=True)
        ),
        aftercare_normal=normal,
        aftercare_avoid=avoid,
        sources=kb.sources_for(cited),
        disclaimer=kb.meta.disclaimer,
    )


def _applies(
    rule: TriageRule, given: Sequence[Option], zone: str | None, days: int, symptom: str
) -> bool:
    if symptom not in rule.symptoms or days < rule.from_day:
        return False
    if rule.options and not any(option.id in rule.options for option in given):
        return False
    # An unknown zone does not rule a zone-specific rule out: rules only ever raise urgency.
    return not rule.zones or zone is None or zone in rule.zones


def _assess(
    kb: KnowledgeBase, given: Sequence[Option], zone: str | None, days: int, symptom: str
) -> tuple[UrgencyLevel, TriageReason, TriageRule | None]:
    matching = [r for r in kb.triage_rules if _applies(r, given, zone, days, symptom)]
    if matching:
        rule = max(matching, key=lambda r: r.urgency.rank)
        reason = TriageReason(
            text=rule.text,
            sources=rule.sources,
            symptoms=(symptom,),
            urgency=rule.urgency,
            rule=rule.id,
        )
        return rule.urgency, reason, rule
    # Expected after any of the treatments: judged by the one that expects it for longest.
    expecting = [o for o in given if o.side_effects and symptom in o.side_effects.symptoms]
    option = max(
        expecting or given[:1],
        key=lambda o: (o.side_effects.usually_resolves_days or 0) if o.side_effects else 0,
    )
    return _expected_or_not(kb, option, days, symptom)


def _expected_or_not(
    kb: KnowledgeBase, option: Option, days: int, symptom: str
) -> tuple[UrgencyLevel, TriageReason, None]:
    effects = option.side_effects
    claim = effects or option.regulatory
    if effects and symptom in effects.symptoms:
        usual = effects.usually_resolves_days
        if usual is not None and days <= usual:
            text = (
                f"{kb.symptoms[symptom].label} is a common, expected reaction after "
                f"{option.label}, and usually clears within {usual} days. {effects.text}"
            )
            return _reason(UrgencyLevel.SELF_CARE, text, claim, symptom, "expected-reaction")
        text = f"{kb.symptoms[symptom].label} is expected at first after {option.label}, " + (
            f"but usually clears within {usual} days; at {days} days your provider should check it."
            if usual is not None
            else "but no reliable figure for how long it lasts was found, so your provider "
            "should check it."
        )
        return _reason(UrgencyLevel.ROUTINE, text, claim, symptom, "lasting-longer")
    usual_list = (
        ", ".join(kb.symptoms[s].label.lower() for s in effects.symptoms) if effects else ""
    )
    text = (
        f"{kb.symptoms[symptom].label} is not one of the usual reactions after {option.label}, "
        f"so a provider should check it. The usual ones are: {usual_list or 'none listed'}."
    )
    return _reason(UrgencyLevel.ROUTINE, text, claim, symptom, "not-expected")


def _reason(
    urgency: UrgencyLevel, text: str, claim: Any, symptom: str, rule: str
) -> tuple[UrgencyLevel, TriageReason, None]:
    reason = TriageReason(
        text=text, sources=claim.sources, symptoms=(symptom,), urgency=urgency, rule=rule
    )
    return urgency, reason, None


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


def _universal_red_flags(kb: KnowledgeBase, given: Sequence[Option]) -> str:
    """The emergencies to watch for after these treatments, from the emergency rules."""
    ids = {option.id for option in given}
    symptoms = dict.fromkeys(
        kb.symptoms[s].label.lower()
        for rule in kb.triage_rules
        if rule.urgency is UrgencyLevel.EMERGENCY and (not rule.options or ids & set(rule.options))
        for s in rule.symptoms
    )
    return "Call emergency services now if you get any of these: " + ", ".join(symptoms) + "."


def _aftercare(
    care: Aftercare | None,
) -> tuple[tuple[AftercareNote, ...], tuple[AftercareNote, ...]]:
    if care is None:
        return (), ()
    return (
        tuple(AftercareNote(text=c.text, sources=c.sources) for c in care.normal),
        tuple(AftercareNote(text=c.text, sources=c.sources) for c in care.avoid),
    )


class AftercareGuide(_Out):
    schema_: Literal["toxfill.aftercare/1"] = Field(default="toxfill.aftercare/1", alias="schema")
    knowledge_version: str
    option: str
    label: str
    normal: tuple[AftercareNote, ...]
    avoid: tuple[AftercareNote, ...]
    get_help: tuple[str, ...] = Field(description="When to get help, most urgent first.")
    sources: tuple[Source, ...]
    disclaimer: str

    def to_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True)


def aftercare_for(kb: KnowledgeBase, option_id: str) -> AftercareGuide:
    """Aftercare on its own: what is normal, what to avoid, and when to get help."""
    option = kb.option(option_id)
    care = kb.aftercare.get(option.id)
    if care is None:
        raise InputError("option", f"no aftercare for {option.id}: it is not a treatment")
    normal, avoid = _aftercare(care)
    help_lines = [_universal_red_flags(kb, [option])]
    applying = [r for r in kb.triage_rules if not r.options or option.id in r.options]
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
    cited = [s for note in (*normal, *avoid) for s in note.sources]
    return AftercareGuide(
        knowledge_version=kb.version,
        option=option.id,
        label=option.label,
        normal=normal,
        avoid=avoid,
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

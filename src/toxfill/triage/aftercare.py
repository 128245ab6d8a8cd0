"""Aftercare for one treatment or a whole visit: what is normal, what to avoid, what to watch
for, and when to get help, with each symptom said once, at its highest urgency.

The "when to get help" lists come from the triage rules themselves, so a sheet can never call
a sign "contact your provider today" in one place and "call emergency services" in another, and
the triage of that sign agrees with the sheet.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal

from pydantic import Field

from toxfill.errors import InputError
from toxfill.knowledge.base import KnowledgeBase
from toxfill.knowledge.models import Cited, Option, Source, TriageRule, UrgencyLevel
from toxfill.results import Result
from toxfill.triage.aftercare_words import say
from toxfill.triage.phrases import phrases_for
from toxfill.triage.result import AftercareNote
from toxfill.triage.warnings import SOMETHING_ELSE, labels
from toxfill.wording import in_words

GET_HELP = (UrgencyLevel.EMERGENCY, UrgencyLevel.URGENT, UrgencyLevel.ROUTINE)


class HelpGroup(Result):
    """Signs that need one urgency, under one condition (anywhere, or a zone or an age)."""

    urgency: UrgencyLevel
    action: str = Field(description='What to do, e.g. "Contact your provider today".')
    condition: str = Field(
        description='When it holds, e.g. "after toxin in the bladder"; "" always.'
    )
    symptoms: tuple[str, ...] = Field(description="Symptom IDs, each at its highest urgency.")
    signs: tuple[str, ...] = Field(description="The same symptoms in words, one bullet each.")
    patterns: tuple[str, ...] = Field(description="Signs that count together, in words.")


def help_line(group: HelpGroup, language: str) -> str:
    """The group in one sentence, in the language of its words: "Call ... if you get ..."."""
    phrases = phrases_for(language)
    when = f" ({group.condition})" if group.condition else ""
    parts = [phrases.any_of_these.format(signs=", ".join(group.signs))] if group.signs else []
    parts += [say(language, "you get {pattern}", pattern=p) for p in group.patterns]
    return group.action + when + phrases.if_ + phrases.or_if.join(parts) + "."


class AftercareGuide(Result):
    schema_: Literal["toxfill.aftercare/1"] = Field(default="toxfill.aftercare/1", alias="schema")
    knowledge_version: str
    language: str = Field(
        default="en", description="The language its words are in: en (English), es (Spanish)."
    )
    option: str = Field(description="The main treatment.")
    options: tuple[str, ...] = Field(description="Every treatment the sheet covers.")
    label: str
    steps: tuple[AftercareNote, ...] = Field(description="What to do at home, step by step.")
    normal: tuple[AftercareNote, ...]
    avoid: tuple[AftercareNote, ...]
    watch_for: tuple[AftercareNote, ...] = Field(description="Signs to watch for, and when.")
    before_next: tuple[AftercareNote, ...] = Field(description="Before your next treatment.")
    get_help: tuple[str, ...] = Field(description="When to get help, most urgent first.")
    help: tuple[HelpGroup, ...] = Field(description="The same, as groups of signs.")
    sources: tuple[Source, ...]
    disclaimer: str


def notes(groups: Iterable[Iterable[Cited]]) -> tuple[AftercareNote, ...]:
    """Cited notes as result notes, each once, in order."""
    found = (AftercareNote(text=c.text, sources=c.sources) for group in groups for c in group)
    return tuple(dict.fromkeys(found))


def aftercare_for(kb: KnowledgeBase, option_ids: str | Sequence[str]) -> AftercareGuide:
    """Aftercare for one treatment, or for several given at one visit, merged."""
    wanted = [option_ids] if isinstance(option_ids, str) else list(option_ids)
    if not wanted:
        raise InputError("option", "name at least one treatment, e.g. ha-filler")
    given: list[Option] = []
    for index, option_id in enumerate(dict.fromkeys(wanted)):
        option = kb.option(option_id, "option" if index == 0 else f"option[{index}]")
        if option.id not in kb.aftercare:
            raise InputError("option", f"no aftercare for {option.id}: it is not a treatment")
        given.append(option)
    care = [kb.aftercare[o.id] for o in given]
    steps, normal = notes(c.steps for c in care), notes(c.normal for c in care)
    avoid, watch = notes(c.avoid for c in care), notes(c.watch for c in care)
    before = notes(c.before for c in care)
    groups = help_groups(kb, [o.id for o in given])
    cited = [s for note in (*steps, *normal, *avoid, *watch, *before) for s in note.sources]
    return AftercareGuide(
        knowledge_version=kb.version,
        language=kb.language,
        option=given[0].id,
        options=tuple(o.id for o in given),
        label=in_words([o.label for o in given], kb.language),
        steps=steps,
        normal=normal,
        avoid=avoid,
        watch_for=watch,
        before_next=before,
        get_help=tuple(help_line(group, kb.language) for group in groups),
        help=groups,
        sources=kb.sources_for(cited),
        disclaimer=kb.meta.disclaimer,
    )


def sheet_urgencies(kb: KnowledgeBase, option_ids: Sequence[str]) -> dict[str, UrgencyLevel]:
    """Each symptom's urgency after these treatments wherever they were given: the highest
    of the rules that need nothing but the treatment (the floor among them)."""
    wanted = set(option_ids)
    found: dict[str, UrgencyLevel] = {}
    for rule in kb.triage_rules:
        if _anywhere(rule) and (not rule.options or wanted & set(rule.options)):
            for symptom in rule.symptoms:
                if symptom not in found or rule.urgency.rank > found[symptom].rank:
                    found[symptom] = rule.urgency
    return found


def help_groups(kb: KnowledgeBase, option_ids: Sequence[str]) -> tuple[HelpGroup, ...]:
    """When to get help after these treatments: each urgency's signs, each sign once at its
    highest urgency; then the signs that need more only in some zones or at some ages, and the
    patterns of signs that together need more."""
    wanted = set(option_ids)
    general = sheet_urgencies(kb, option_ids)
    relevant = [r for r in kb.triage_rules if not r.options or wanted & set(r.options)]
    groups: list[HelpGroup] = []
    for urgency in GET_HELP:
        anywhere = [s for s, u in general.items() if u is urgency and s != SOMETHING_ELSE]
        patterns = [_pattern(kb, r) for r in relevant if r.pattern and r.urgency is urgency]
        if anywhere or patterns:
            groups.append(_group(kb, urgency, "", anywhere, patterns))
        conditions: dict[str, list[str]] = {}
        for rule in relevant:
            if rule.pattern or _anywhere(rule) or rule.any_symptom or rule.urgency is not urgency:
                continue
            raised = [s for s in rule.symptoms if general[s].rank < urgency.rank]
            if raised:
                conditions.setdefault(_condition(kb, rule), []).extend(raised)
        for condition, symptoms in conditions.items():
            groups.append(_group(kb, urgency, condition, list(dict.fromkeys(symptoms)), []))
    return tuple(groups)


def _anywhere(rule: TriageRule) -> bool:
    """Needs nothing but a symptom and (maybe) a treatment."""
    return not (
        rule.pattern
        or rule.any_symptom
        or rule.zones
        or rule.max_age is not None
        or rule.pregnant
        or rule.from_day
    )


def _group(
    kb: KnowledgeBase,
    urgency: UrgencyLevel,
    condition: str,
    symptoms: Sequence[str],
    patterns: Sequence[str],
) -> HelpGroup:
    phrases = phrases_for(kb.language)
    return HelpGroup(
        urgency=urgency,
        action=phrases.act_now.get(urgency) or phrases.headline[urgency].split(".")[0],
        condition=condition,
        symptoms=tuple(symptoms),
        signs=tuple(kb.symptoms[s].label.lower() for s in symptoms),
        patterns=tuple(patterns),
    )


def _condition(kb: KnowledgeBase, rule: TriageRule) -> str:
    language, parts = kb.language, []
    if rule.max_age is not None:
        parts.append(say(language, "a child aged {age} or younger", age=rule.max_age))
    if rule.zones:
        zones = ", ".join(kb.areas[z].label.lower() for z in rule.zones)
        parts.append(say(language, "after injection in: {zones}", zones=zones))
    if rule.from_day:
        parts.append(say(language, "from day {day}", day=rule.from_day))
    return "; ".join(parts)


def _pattern(kb: KnowledgeBase, rule: TriageRule) -> str:
    where = f" ({_condition(kb, rule)})" if _condition(kb, rule) else ""
    signs = labels(kb, rule.symptoms)
    if rule.with_any:
        others = labels(kb, rule.with_any)
        return say(
            kb.language,
            "{signs} together with {others}{where}",
            signs=signs,
            others=others,
            where=where,
        )
    return say(
        kb.language,
        "{count} or more of these together: {signs}{where}",
        count=rule.at_least,
        signs=signs,
        where=where,
    )

"""The loaded knowledge base: read-only lookups by ID that fail with the nearest valid IDs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TypeVar

from toxfill.errors import InputError, UnknownIdError
from toxfill.knowledge.codes import CodedKind, CodeMapping, CodeSystem
from toxfill.knowledge.models import (
    Aftercare,
    Area,
    Cited,
    Combination,
    Concern,
    Cost,
    CumulativeDoseLimit,
    DoseReference,
    ExpectedReaction,
    HealthFactor,
    Model,
    Option,
    Preference,
    Product,
    Reconstitution,
    Source,
    StaffActions,
    Symptom,
    Term,
    Text,
    TriageRule,
    Zone,
)

T = TypeVar("T")
MEMO_LIMIT = 4096  # answers kept per knowledge base; a few kB each


class Meta(Model):
    """Who publishes this knowledge base, which version it is, and how it is kept current."""

    version: Text
    published: dt.date
    update_policy: Text
    funding: Text
    disclaimer: Text
    option_order: tuple[str, ...]  # how options are listed everywhere; must name every option


@dataclass(frozen=True)
class KnowledgeBase:
    meta: Meta
    sources: Mapping[str, Source]
    concerns: Mapping[str, Concern]
    health_factors: Mapping[str, HealthFactor]
    preferences: Mapping[str, Preference]
    symptoms: Mapping[str, Symptom]
    options: Mapping[str, Option]
    products: Mapping[str, Product]
    costs: Mapping[str, Cost]
    combinations: Mapping[str, Combination]
    reconstitutions: tuple[Reconstitution, ...]
    doses: tuple[DoseReference, ...]
    cumulative_limits: tuple[CumulativeDoseLimit, ...]  # label ceilings on total units
    units_warning: Cited  # TOX-UNIT-1, shown wherever toxin units are
    triage_rules: tuple[TriageRule, ...]
    aftercare: Mapping[str, Aftercare]
    expected_reactions: tuple[ExpectedReaction, ...]  # short-lived reactions beyond side effects
    zones: Mapping[str, Zone] = field(default_factory=dict)  # the face and body map (C6)
    areas: Mapping[str, Area] = field(default_factory=dict)  # where concerns and zones lie
    codes: tuple[CodeMapping, ...] = ()  # standard codes beside toxfill's IDs (codes.yaml)
    staff_actions: tuple[StaffActions, ...] = ()  # the team's steps by mechanism (triage.yaml)
    # The language its patient-facing words are in (translation.py puts another's in place),
    # and, for a translated base, each advice line's kind of step as its English twin says it:
    # triage says each kind once, and two languages must not differ in which lines that keeps.
    language: str = "en"
    advice_kinds: Mapping[str, str] = field(default_factory=dict)

    @cached_property
    def _codes_by_thing(self) -> Mapping[tuple[CodedKind, str], tuple[CodeMapping, ...]]:
        found: dict[tuple[CodedKind, str], list[CodeMapping]] = {}
        for mapping in self.codes:
            found.setdefault((mapping.kind, mapping.of), []).append(mapping)
        return {key: tuple(value) for key, value in found.items()}

    def codes_for(
        self, kind: CodedKind, of: str, system: CodeSystem | None = None
    ) -> tuple[CodeMapping, ...]:
        """The standard codes that stand for one toxfill thing, in file order (none: none was
        confirmed in a source)."""
        found = self._codes_by_thing.get((kind, of), ())
        return found if system is None else tuple(m for m in found if m.system is system)

    @cached_property
    def floors(self) -> Mapping[str, TriageRule]:
        """Each symptom's floor: the rule with no condition that names it, the least urgency
        it has after any treatment (the loader checks there is exactly one)."""
        return {s: r for r in self.triage_rules if not r.conditional for s in r.symptoms}

    @cached_property
    def rules_for(self) -> Mapping[str, tuple[TriageRule, ...]]:
        """The triage rules that may speak for each symptom, in file order: those naming it
        (alone or in a pattern) and those for any symptom. Triage asks only these."""
        return {
            symptom: tuple(
                r
                for r in self.triage_rules
                if r.any_symptom or symptom in r.symptoms or symptom in r.with_any
            )
            for symptom in self.symptoms
        }

    @cached_property
    def pattern_symptoms(self) -> frozenset[str]:
        """The symptoms that some triage rule counts together with others."""
        rules = self.triage_rules
        return frozenset(s for r in rules if r.pattern for s in (*r.symptoms, *r.with_any))

    @cached_property
    def _memo(self) -> dict[Hashable, object]:
        return {}

    def remember(self, key: Hashable, compute: Callable[[], T]) -> T:
        """`compute()`, kept for the process under `key`: the base never changes once loaded,
        so neither does an answer computed from it. Bounded: emptied when it grows too large."""
        memo = self._memo
        if key not in memo:
            if len(memo) >= MEMO_LIMIT:
                memo.clear()
            memo[key] = compute()
        return memo[key]  # type: ignore[return-value]

    @cached_property
    def rules_by_id(self) -> Mapping[str, TriageRule]:
        """The triage rules by ID: a stored answer names its rules so."""
        return {rule.id: rule for rule in self.triage_rules}

    @cached_property
    def rule_order(self) -> Mapping[str, int]:
        """Each triage rule's place in the file: the last tie-break of which explains first."""
        return {rule.id: index for index, rule in enumerate(self.triage_rules)}

    def area_of(self, place: str, field: str = "zone") -> Area:
        """The area a place names: an area ID itself, or a charting zone's area."""
        zone = self.zones.get(place)
        if zone is not None:
            return self.areas[zone.area]
        if place in self.areas:
            return self.areas[place]
        raise UnknownIdError(field, "zone or area", place, [*self.areas, *self.zones])

    @property
    def version(self) -> str:
        return self.meta.version

    def option(self, option_id: str, field: str = "option") -> Option:
        product = self.products.get(option_id)
        if product is not None:
            raise InputError(
                field,
                f"'{option_id}' is a product, not an option; its option is '{product.option}'",
            )
        return _lookup(self.options, option_id, field, "option")

    def product(self, product_id: str, field: str = "product") -> Product:
        return _lookup(self.products, product_id, field, "product")

    def concern(self, concern_id: str, field: str = "concern") -> Concern:
        return _lookup(self.concerns, concern_id, field, "concern")

    def zone(self, zone_id: str, field: str = "zone") -> Zone:  # a charting zone
        return _lookup(self.zones, zone_id, field, "zone")

    def source(self, source_id: str) -> Source:
        return _lookup(self.sources, source_id, "source", "source")

    def sources_for(self, source_ids: Iterable[str]) -> tuple[Source, ...]:
        """The sources named by `source_ids`, once each, in the order given."""
        return tuple(self.source(s) for s in dict.fromkeys(source_ids))

    def sources_document(self) -> dict[str, object]:
        """Every source, as the `toxfill.sources/1` JSON document."""
        return {
            "schema": "toxfill.sources/1",
            "knowledge_version": self.version,
            "sources": [s.model_dump(mode="json") for s in self.sources.values()],
        }

    def products_of(self, option_id: str) -> list[Product]:
        return [p for p in self.products.values() if p.option == option_id]

    def vocabulary(self) -> dict[str, list[Term]]:
        """Every ID toxfill understands, by kind, in a stable order."""
        return {
            "options": [_term(o.id, o.label, o.summary) for o in self.options.values()],
            "products": [
                _term(p.id, p.label, p.generic_name or p.family or p.label)
                for p in self.products.values()
            ],
            "concerns": list(self.concerns.values()),
            "health": list(self.health_factors.values()),
            "preferences": list(self.preferences.values()),
            "symptoms": list(self.symptoms.values()),
            "areas": [_term(a.id, a.label, a.description) for a in self.areas.values()],
            "zones": [_term(z.id, z.label, _zone_description(z)) for z in self.zones.values()],
        }


def _term(term_id: str, label: str, description: str) -> Term:
    return Term(id=term_id, label=label, description=description)


def _zone_description(zone: Zone) -> str:
    risk = "; high risk of vessel blockage with filler" if zone.vessel_risk else ""
    return f"{zone.area} ({zone.at.map.value} map){risk}"


def _lookup(table: Mapping[str, T], key: str, field: str, kind: str) -> T:
    try:
        return table[key]
    except KeyError:
        raise UnknownIdError(field, kind, key, table.keys()) from None

"""What a synthetic chain's sessions inject, and what the core says follows: treatments built
from the knowledge base's label doses and zones, the planner's follow-ups and the triage of an
adverse event, each asked once per shape and reused, since a million sessions have few shapes.

No Django: pure functions of the knowledge base (toxfill.web.clinic.synth uses them).
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from toxfill import records
from toxfill.knowledge.base import KnowledgeBase
from toxfill.records.doses import dose_unit

MIN_POINTS, MAX_POINTS = 3, 8
TOXIN_DILUTION_ML = Decimal("2.50")  # saline added to a 100 U vial, as most clinics chart
# The planner counts days from the session ("91 days on"), so an answer found on one day
# holds, shifted, on any other.
REFERENCE_DAY = dt.date(2024, 1, 15)
FILLER_DEPTHS = {
    "lip-volume": "submucosal",
    "perioral-lines": "intradermal",
    "cheek-volume": "supraperiosteal",
    "chin-profile": "supraperiosteal",
    "jawline-definition": "supraperiosteal",
    "temple-hollows": "supraperiosteal",
    "under-eye-hollows": "supraperiosteal",
}
FILLER_VARIANTS = 4  # dose patterns per filler treatment, so fillers are not all alike


@dataclass(frozen=True)
class PlannedPoint:
    zone: str
    concern: str
    dose: Decimal
    depth: str
    technique: str


@dataclass(frozen=True)
class Treatment:
    """One session's injections of one product: 3 to 8 points in its unit."""

    product: str
    option: str
    unit: str
    concerns: tuple[str, ...]
    points: tuple[PlannedPoint, ...]
    dilution_ml: Decimal | None


@dataclass(frozen=True)
class PlannedFollowUp:
    days_after: int
    purpose: str
    option: str
    product: str
    note: str


def _zones_by_concern(kb: KnowledgeBase) -> dict[str, list[str]]:
    zones: dict[str, list[str]] = defaultdict(list)
    for zone in kb.zones.values():
        for concern in zone.concerns:
            zones[concern].append(zone.id)
    return zones


def _planned(kb: KnowledgeBase, product: str, concern: str, zone: str, dose: Decimal) -> bool:
    """Whether the planner plans for this use: a cosmetic one, not a medical one."""
    point = records.InjectionPoint(
        zone=zone,
        product=product,
        dose=dose,
        unit=dose_unit(kb, product),
        concern=concern,
    )
    return bool(records.plan_follow_ups(kb, records.TreatedSession(REFERENCE_DAY, (point,))))


def _split(total: Decimal, parts: int) -> list[Decimal]:
    """`total` in `parts` doses to the hundredth that add up to it exactly."""
    each = (total / parts).quantize(Decimal("0.01"))
    return [each] * (parts - 1) + [total - each * (parts - 1)]


def toxin_treatments(kb: KnowledgeBase) -> dict[str, list[Treatment]]:
    """Per toxin, each set of its cosmetic label uses that fits 3 to 8 injection sites, at the
    label dose spread over the label's sites (fewer when combined, the total unchanged)."""
    zones = _zones_by_concern(kb)
    uses: dict[str, list[tuple[str, Decimal, int]]] = defaultdict(list)
    for ref in kb.doses:
        total = Decimal(str(ref.units_low))
        if ref.concern in zones and _planned(
            kb, ref.product, ref.concern, zones[ref.concern][0], total
        ):
            sites = ref.injection_sites or 2 * len(zones[ref.concern])
            uses[ref.product].append((ref.concern, total, sites))
    found: dict[str, list[Treatment]] = {}
    for product, product_uses in sorted(uses.items()):
        found[product] = []
        for size in (1, 2, 3):
            for combo in itertools.combinations(sorted(product_uses), size):
                points = _toxin_points(combo, zones)
                if MIN_POINTS <= len(points) <= MAX_POINTS:
                    found[product].append(
                        Treatment(
                            product,
                            kb.product(product).option,
                            dose_unit(kb, product).value,
                            tuple(c for c, _, _ in combo),
                            tuple(points),
                            TOXIN_DILUTION_ML,
                        )
                    )
    return {product: treatments for product, treatments in found.items() if treatments}


def _toxin_points(
    combo: tuple[tuple[str, Decimal, int], ...], zones: dict[str, list[str]]
) -> list[PlannedPoint]:
    share = max(1, MAX_POINTS // len(combo))
    points = []
    for concern, total, sites in combo:
        places = zones[concern]
        count = max(len(places), min(sites, share))
        for index, dose in enumerate(_split(total, count)):
            zone = places[index % len(places)]
            points.append(PlannedPoint(zone, concern, dose, "intramuscular", "needle"))
    return points


def filler_treatments(kb: KnowledgeBase, products: list[str]) -> dict[str, list[Treatment]]:
    """Per filler, one or two of its labelled cosmetic uses, 0.1 to 0.5 mL a point."""
    zones = _zones_by_concern(kb)
    rng = random.Random("toxfill synth fillers")  # the same patterns on every run
    found: dict[str, list[Treatment]] = {}
    for product in products:
        concerns = sorted(
            {
                use.concern
                for use in kb.product(product).uses
                if use.labelled
                and use.concern in zones
                and _planned(kb, product, use.concern, zones[use.concern][0], Decimal("1"))
            }
        )
        treatments = []
        for size in (1, 2):
            for combo in itertools.combinations(concerns, size):
                for _ in range(FILLER_VARIANTS):
                    treatments.append(_filler(kb, product, combo, zones, rng))
        if treatments:
            found[product] = treatments
    return found


def _filler(
    kb: KnowledgeBase,
    product: str,
    combo: tuple[str, ...],
    zones: dict[str, list[str]],
    rng: random.Random,
) -> Treatment:
    points = []
    wanted = rng.randint(MIN_POINTS, MAX_POINTS)
    places = [(concern, zone) for concern in combo for zone in zones[concern]]
    for index in range(max(wanted, len(places))):
        concern, zone = places[index % len(places)]
        dose = Decimal(rng.randint(1, 5)) / 10
        depth = FILLER_DEPTHS.get(concern, "subdermal")
        technique = "cannula" if depth == "supraperiosteal" and rng.random() < 0.5 else "needle"
        points.append(PlannedPoint(zone, concern, dose, depth, technique))
    option = kb.product(product).option
    return Treatment(
        product, option, dose_unit(kb, product).value, combo, tuple(points[:MAX_POINTS]), None
    )


def _treated(kb: KnowledgeBase, treatment: Treatment, day: dt.date) -> records.TreatedSession:
    unit = dose_unit(kb, treatment.product)
    points = tuple(
        records.InjectionPoint(
            zone=p.zone, product=treatment.product, dose=p.dose, unit=unit, concern=p.concern
        )
        for p in treatment.points
    )
    return records.TreatedSession(day, points)


class CoreAnswers:
    """The planner's follow-ups and triage's verdicts, asked once per shape."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._plans: dict[tuple[str, tuple[str, ...], int], tuple[PlannedFollowUp, ...]] = {}
        self._triage: dict[tuple[Treatment, tuple[str, ...], int], tuple[str, list[Any]]] = {}

    def follow_ups(self, treatment: Treatment, earlier: int) -> tuple[PlannedFollowUp, ...]:
        """What the planner plans after `treatment`, given `earlier` sessions of its option
        (counted up to 3: a course is at most three sessions)."""
        # The planner reads the product, the concerns and the history, not the doses.
        key = (treatment.product, treatment.concerns, min(earlier, 3))
        if key not in self._plans:
            session = _treated(self.kb, treatment, REFERENCE_DAY)
            history = [
                _treated(self.kb, treatment, REFERENCE_DAY - dt.timedelta(days=120 * (n + 1)))
                for n in range(key[2])
            ]
            self._plans[key] = tuple(
                PlannedFollowUp(
                    (due.due_on - REFERENCE_DAY).days,
                    due.purpose,
                    due.option,
                    due.product or "",
                    due.text,
                )
                for due in records.plan_follow_ups(self.kb, session, history)
            )
        return self._plans[key]

    def triage(
        self, treatment: Treatment, symptoms: tuple[str, ...], days_after: int
    ) -> tuple[str, list[Any]]:
        """The urgency and the triage results of an adverse event `days_after` a session."""
        key = (treatment, symptoms, days_after)
        if key not in self._triage:
            onset = REFERENCE_DAY + dt.timedelta(days=days_after)
            result = records.triage_event(
                self.kb,
                _treated(self.kb, treatment, REFERENCE_DAY),
                records.PatientFacts(birth_date=dt.date(1980, 6, 1)),
                onset,
                list(symptoms),
            )
            found = [r.model_dump(mode="json", by_alias=True) for r in result.results]
            self._triage[key] = (result.urgency.value, found)
        return self._triage[key]

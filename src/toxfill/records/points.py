"""What an injection point means in the knowledge base: its product, option, zone and concern."""

from __future__ import annotations

from dataclasses import dataclass

from toxfill.knowledge.base import KnowledgeBase
from toxfill.knowledge.models import Concern, Option, OptionKind, Product, Zone
from toxfill.records.inputs import DoseUnit, InjectionPoint


@dataclass(frozen=True)
class ReadPoint:
    """An injection point with its IDs looked up; `concern` None: not named, and the zone has
    more or fewer than one usual concern."""

    point: InjectionPoint
    field: str
    product: Product
    option: Option
    zone: Zone
    concern: Concern | None

    @property
    def is_toxin(self) -> bool:
        return self.option.kind is OptionKind.TOXIN

    @property
    def is_filler(self) -> bool:
        return self.option.kind is OptionKind.FILLER

    @property
    def counts(self) -> bool:
        """A dose that can be added up: positive and in the product's own unit."""
        return self.point.dose > 0 and self.point.unit is dose_unit(self.option)


def read_points(
    kb: KnowledgeBase, points: tuple[InjectionPoint, ...], where: str = "points"
) -> list[ReadPoint]:
    """Every point with its IDs looked up; an unknown ID raises UnknownIdError naming it."""
    return [read_point(kb, point, f"{where}[{index}]") for index, point in enumerate(points)]


def read_point(kb: KnowledgeBase, point: InjectionPoint, field: str) -> ReadPoint:
    product = kb.product(point.product, f"{field}.product")
    zone = kb.zone(point.zone, f"{field}.zone")
    if point.concern is not None:
        concern: Concern | None = kb.concern(point.concern, f"{field}.concern")
    elif len(zone.concerns) == 1:
        concern = kb.concerns[zone.concerns[0]]
    else:
        concern = None
    return ReadPoint(point, field, product, kb.options[product.option], zone, concern)


def dose_unit(option: Option) -> DoseUnit:
    """Units for toxins, mL for everything injected by volume."""
    return DoseUnit.UNITS if option.kind is OptionKind.TOXIN else DoseUnit.ML

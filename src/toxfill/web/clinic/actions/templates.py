"""Treatment templates: a clinic names a set of points (e.g. "Glabella, 5 points x 4 U") once
and adds them to any session in one tap. Saved and voided like every clinical record: by a
member who may chart, in one transaction, with the change in the clinic's audited history."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from toxfill.errors import InputError
from toxfill.knowledge import bundled_knowledge
from toxfill.knowledge.body_map import zone_of_position
from toxfill.web.clinic.actions.changes import locked, save_new, void
from toxfill.web.clinic.models import Membership, TreatmentTemplate
from toxfill.web.clinic.roles import Permission, require

MAX_TEMPLATE_POINTS = 60
MAX_NAME = 80


@dataclass(frozen=True)
class TemplatePoint:
    """One point of a template: its zone, where it is drawn (view, x, y on the 0-100 grid) and
    its dose in the product's unit."""

    zone: str
    view: str
    x: Decimal
    y: Decimal
    dose: Decimal

    def as_json(self) -> dict[str, str]:
        return {
            "zone": self.zone,
            "view": self.view,
            "x": str(self.x),
            "y": str(self.y),
            "dose": str(self.dose),
        }


def save_template(
    member: Membership, *, name: str, product: str, points: Sequence[TemplatePoint]
) -> TreatmentTemplate:
    """A new template of the member's clinic; its name must not be one already in use there."""
    require(member, Permission.CHART)
    kb = bundled_knowledge()
    name = " ".join(name.split())
    if not name:
        raise InputError("template_name", "give the template a name, e.g. Glabella 5 x 4 U")
    if len(name) > MAX_NAME:
        raise InputError("template_name", f"keep the name to {MAX_NAME} characters")
    kb.product(product, "template_product")  # an unknown one is refused, naming the nearest
    if not points:
        raise InputError("template_points", "a template needs at least one point")
    if len(points) > MAX_TEMPLATE_POINTS:
        raise InputError("template_points", f"at most {MAX_TEMPLATE_POINTS} points")
    for index, point in enumerate(points):
        field = f"template_points[{index}]"
        if point.zone not in kb.zones:
            raise InputError(f"{field}.zone", f"unknown zone {point.zone!r}")
        placed = zone_of_position(
            kb.zones.values(), point.view, float(point.x), float(point.y), field
        )
        if placed.id != point.zone:
            raise InputError(f"{field}.zone", f"its place lies in {placed.id}, not {point.zone}")
        if not point.dose > 0:
            raise InputError(f"{field}.dose", "must be more than 0")
    with transaction.atomic():
        taken = TreatmentTemplate.objects.filter(
            clinic_id=member.clinic_id, voided_at__isnull=True, name__iexact=name
        )
        if taken.exists():
            raise InputError("template_name", f"a template named {name!r} exists: pick another")
        template = TreatmentTemplate(
            clinic_id=member.clinic_id,
            name=name,
            product=product,
            points=[p.as_json() for p in points],
        )
        save_new(template, member, "saved a treatment template")
    return template


def void_template(member: Membership, template_id: uuid.UUID, reason: str) -> None:
    """Retire a template: it stays in the history, and is offered no more."""
    require(member, Permission.CHART)
    with transaction.atomic():
        scoped = TreatmentTemplate.objects.filter(clinic_id=member.clinic_id)
        template = locked(scoped, template_id, "template", None)
        void(template, member, reason)


def template_points(template: TreatmentTemplate) -> list[TemplatePoint]:
    return [
        TemplatePoint(
            zone=p["zone"],
            view=p["view"],
            x=Decimal(p["x"]),
            y=Decimal(p["y"]),
            dose=Decimal(p["dose"]),
        )
        for p in template.points
    ]
